"""The landing notebook in JupyterLab: it runs clean, the environment check passes, and the
self-check answers a click with feedback, as a learner sees it in Chromium."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(120)]

LANDING = "notebooks/00_start_here.ipynb"
VERDICT = re.compile(r"Correct\.|Not quite: the best answer is [A-E]\.")


def test_landing_notebook_runs_clean_and_its_self_check_answers(lab):
    lab.open(LANDING)
    lab.run_all()

    prompts = lab.code_prompts()
    assert prompts, "the landing notebook shows no code cell"
    not_run = [p for p in prompts if not re.fullmatch(r"\[\d+\]:", p)]
    assert not not_run, f"cells left unexecuted after Run All (an error stops the run): {prompts}"
    assert lab.error_outputs() == [], "a cell shows an error or stderr output"

    env_check = lab.output_containing("Everything is in place.")
    env_check.wait_for(state="visible")
    assert "FIX" not in env_check.inner_text()
    lab.screenshot("landing_01_environment_check", element=env_check)

    # The self-check: a vignette, its options as radio buttons, and a Check button.
    check = lab.output_containing("Self-check")
    radios = check.locator(".widget-radio-box input[type=radio]")
    assert radios.count() >= 2, "the self-check shows no options"
    feedback = check.locator(".widget-html-content").last
    assert feedback.inner_text().strip() == "", "feedback is shown before the learner answers"

    first_option = check.locator(".widget-radio-box label").first
    first_option.click()
    assert radios.first.is_checked()
    check.get_by_role("button", name="Check").click()

    feedback.get_by_text(VERDICT).wait_for(state="visible")
    text = feedback.inner_text()
    assert VERDICT.search(text), text
    assert "(your choice)" in text, "the feedback does not mark the learner's choice"
    # Every option is explained, not only the chosen one.
    assert text.count("✔ correct") == 1, text
    assert text.count("✘") == radios.count() - 1, text
    lab.screenshot("landing_02_self_check_feedback", element=check)
    assert lab.error_outputs() == []
