"""One or more widgets of every module, used in Chromium as a learner uses them.

Each case opens a notebook in JupyterLab, runs all cells, then changes a control the way a person
does (picks from a dropdown, presses arrow keys on a focused slider handle, clicks a toggle
button or a checkbox, types a number and presses Enter) and asserts that what the kernel sent
back changed in the page: the figure's PNG bytes (hashed in the page, not only its blob URL),
the widget's text, a number in that text, a slider's readout. A widget whose observer stops
updating fails here.

The table is data: add a case when a module gains a widget. Cases whose notebook does not exist
yet are skipped; :func:`test_every_module_with_notebooks_has_a_case` makes sure each module
folder that exists is covered.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pytest

from .conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(120)]

Kind = Literal["dropdown", "slider", "toggle", "checkbox", "text", "radio"]
Change = Literal["image", "text", "readout"]


@dataclass(frozen=True)
class Interaction:
    """Find a control by its visible label, use it, and say what must change."""

    name: str  # for the screenshot: widget_<name>.png
    kind: Kind
    label: str  # the control's description as shown (exact text)
    choose: str | None = None  # dropdown option / toggle button / radio label / text typed
    keys: tuple[str, ...] = ("ArrowRight", "ArrowRight", "ArrowRight")  # slider key presses
    changes: tuple[Change, ...] = ("image", "text")
    expect: str | None = None  # a regex the widget's text must match afterwards
    number: str | None = None  # a regex with one group: a number in the text that must change


@dataclass(frozen=True)
class NotebookCase:
    notebook: str  # relative to the repository root
    interactions: tuple[Interaction, ...]

    @property
    def module(self) -> str:
        return Path(self.notebook).parts[1]


CASES: tuple[NotebookCase, ...] = (
    NotebookCase(
        "notebooks/01_biology/01_what_is_bone_metastasis.ipynb",
        (
            Interaction(
                "1.1_skeleton_map",
                "dropdown",
                "Primary cancer:",
                choose="Prostate cancer",
                expect=r"Prostate",
            ),
        ),
    ),
    NotebookCase(
        "notebooks/01_biology/03_the_vicious_cycle.ipynb",
        (
            Interaction(
                "1.3_remodeling_model_g11",
                "slider",
                "g11 (osteoclast autocrine)",
                changes=("image", "text", "readout"),
                number=r"osteoblasts peak at ([\d.]+) cells",
            ),
        ),
    ),
    NotebookCase(
        "notebooks/02_presentation/02_pathological_fracture.ipynb",
        (
            Interaction(
                "2.2_mirels_calculator",
                "dropdown",
                "Pain:",
                choose="Mild (1 point)",
                number=r"Mirels total:\s*(\d+)",
                expect=r"Mirels total:\s*9\b",
            ),
        ),
    ),
    NotebookCase(
        "notebooks/03_diagnosis/01_imaging.ipynb",
        (
            Interaction(
                "3.1_flare_scan",
                "slider",
                "Week:",
                changes=("image", "text", "readout"),
                number=r"Week (\d+):",
                expect=r"Week 9:",
            ),
        ),
    ),
    NotebookCase(
        "notebooks/04_systemic/03_radiopharmaceuticals.ipynb",
        (
            Interaction(
                "4.3_decay_radionuclide",
                "toggle",
                "Radionuclide:",
                choose="Sr-89",
                expect=r"strontium-89",
            ),
            Interaction(
                "4.3_decay_day",
                "slider",
                "Day after injection:",
                keys=("ArrowRight",) * 2,
                changes=("image", "text", "readout"),
                number=r"Day (\d+):",
                expect=r"Day 30:",
            ),
        ),
    ),
    NotebookCase(
        "notebooks/05_local/01_radiotherapy.ipynb",
        (
            Interaction(
                "5.1_fractionation_alpha_beta",
                "slider",
                "alpha/beta tumor (Gy)",
                changes=("image", "text", "readout"),
            ),
        ),
    ),
    NotebookCase(
        "notebooks/06_supportive/01_pain.ipynb",
        (
            Interaction(
                "6.1_pain_diary_radiotherapy",
                "checkbox",
                "Radiotherapy 8 Gy x 1 to the painful vertebra (day 5)",
                number=r"Mean pain score, week 2 \(0-10\)\s*(\d+\.\d)",
            ),
            Interaction(
                "6.1_pain_diary_by_the_clock",
                "radio",
                "Regular painkiller taken:",
                choose="By the clock",
                number=r"Mean pain score, week 2 \(0-10\)\s*(\d+\.\d)",
            ),
        ),
    ),
    NotebookCase(
        "notebooks/07_capstone/01_one_patient_start_to_finish.ipynb",
        (
            Interaction(
                "7.1_capstone_mirels",
                "dropdown",
                "Pain:",
                choose="Mild (1 point)",
                number=r"Mirels total:\s*(\d+)",
                expect=r"Mirels total:\s*9\b",
            ),
        ),
    ),
)

#: Folders under notebooks/ that are not course modules, and why they have no case here.
NOT_MODULES: dict[str, str] = {
    "99_practice": "practice mode for self-learners, not a module; tested by its own tests",
}

# JS that fingerprints the widget's output area: the
# bytes of every image (FNV-1a over the PNG), the text of every HTML widget, slider readouts.
SNAPSHOT_JS = """async (area) => {
    const fingerprint = async (img) => {
        if (!img.src) return '';
        const buf = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        let h = 2166136261 >>> 0;
        for (let i = 0; i < buf.length; i++) { h ^= buf[i]; h = Math.imul(h, 16777619) >>> 0; }
        return buf.length + ':' + h.toString(16);
    };
    const imgs = [...area.querySelectorAll('img')];
    const texts = (css) => [...area.querySelectorAll(css)].map((e) => e.textContent);
    return {
        image: (await Promise.all(imgs.map(fingerprint))).join(' '),
        text: texts('.widget-html-content').join('\\n'),
        readout: texts('.widget-readout').join(' '),
        loaded: imgs.every((i) => i.complete),
    };
}"""

CONTAINER = {
    "dropdown": ".widget-dropdown",
    "slider": ".widget-hslider",
    "toggle": ".widget-toggle-buttons",
    "checkbox": ".widget-checkbox",
    "text": ".widget-text",
    "radio": ".widget-radio",
}


def _exists(case: NotebookCase) -> bool:
    return (ROOT / case.notebook).is_file()


def _find(lab, kind: Kind, label: str):
    """The output area and the first control of this kind whose description is ``label``."""
    label_css = ".widget-label-basic" if kind == "checkbox" else ".widget-label"
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")

    def control_in(scope):
        return scope.locator(CONTAINER[kind]).filter(
            has=lab.page.locator(label_css, has_text=exact)
        )

    area = lab.panel.locator(".jp-Cell-outputArea").filter(has=control_in(lab.page)).first
    return area, control_in(area).first


def _snapshot(area) -> dict:
    return area.evaluate(SNAPSHOT_JS)


def _settled(area, *, timeout_s: float = 10.0) -> dict:
    """A snapshot taken once images are loaded and two reads 300 ms apart agree."""
    deadline = time.monotonic() + timeout_s
    last = _snapshot(area)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = _snapshot(area)
        if now == last and now["loaded"]:
            return now
        last = now
    return last


def _act(lab, control, step: Interaction) -> None:
    if step.kind == "dropdown":
        control.locator("select").select_option(label=step.choose)
    elif step.kind == "slider":
        handle = control.locator(".noUi-handle").first
        handle.focus()
        for key in step.keys:
            handle.press(key)
    elif step.kind == "toggle":
        control.get_by_role("button", name=step.choose, exact=True).click()
    elif step.kind == "checkbox":
        control.locator("input[type=checkbox]").click()
    elif step.kind == "text":
        field = control.locator("input, textarea").first
        field.fill(step.choose)
        field.press("Enter")
    elif step.kind == "radio":
        control.locator("label", has_text=step.choose).first.click()
    else:  # pragma: no cover - the dataclass's Literal lists the kinds
        raise AssertionError(f"unknown control kind {step.kind!r}")


def _number(pattern: str, text: str) -> float | None:
    match = re.search(pattern, text)
    return float(match.group(1)) if match else None


def _check_interaction(lab, step: Interaction, *, change_timeout_s: float = 15) -> None:
    area, control = _find(lab, step.kind, step.label)
    control.wait_for(state="visible")
    control.scroll_into_view_if_needed()
    before = _settled(area)
    if step.number:
        assert _number(step.number, before["text"]) is not None, (
            f"{step.name}: {step.number!r} not found before the interaction:\n{before['text']}"
        )

    _act(lab, control, step)

    # Wait until everything that must change has changed (text and figure arrive separately).
    deadline = time.monotonic() + change_timeout_s
    after = _snapshot(area)
    while time.monotonic() < deadline:
        done = all(after[c] != before[c] for c in step.changes)
        if done and (not step.expect or re.search(step.expect, after["text"])):
            break
        time.sleep(0.15)
        after = _snapshot(area)
    after = _settled(area)
    lab.screenshot(f"widget_{step.name}", element=area)

    for part in step.changes:
        assert after[part] != before[part], (
            f"{step.name}: the widget's {part} did not change after using {step.label!r}"
        )
    if step.expect:
        assert re.search(step.expect, after["text"]), (
            f"{step.name}: {step.expect!r} not shown after the interaction:\n{after['text']}"
        )
    if step.number:
        old, new = _number(step.number, before["text"]), _number(step.number, after["text"])
        assert new is not None and new != old, f"{step.name}: the number stayed {old} ({new})"
    alerts = [t.strip() for t in area.locator("[role=alert]").all_text_contents() if t.strip()]
    assert alerts == [], f"{step.name}: the widget shows an error message"


def _case_id(case: NotebookCase) -> str:
    return "+".join(step.name for step in case.interactions)


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_widget_responds_in_the_browser(lab, case):
    if not _exists(case):
        pytest.skip(f"{case.notebook} does not exist yet")
    # The served root is a copy made at session start: take the notebook as it is now.
    served = lab.server.root_dir / case.notebook
    served.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / case.notebook, served)
    lab.open(case.notebook)
    lab.run_all()
    assert lab.error_outputs() == [], f"{case.notebook}: a cell shows an error after Run All"
    for step in case.interactions:
        _check_interaction(lab, step)
    assert lab.error_outputs() == [], f"{case.notebook}: an interaction printed an error"


def test_the_table_has_cases_for_existing_notebooks():
    existing = [c for c in CASES if _exists(c)]
    assert existing, "no widget case has an existing notebook: the browser would test nothing"
    assert all(c.interactions for c in CASES)


def test_every_module_with_notebooks_has_a_case():
    """Each module folder under notebooks/ that holds a notebook has at least one case."""
    folders = {
        p.relative_to(ROOT / "notebooks").parts[0]
        for p in (ROOT / "notebooks").glob("*/*.ipynb")
        if ".ipynb_checkpoints" not in p.parts
    }
    modules = folders - set(NOT_MODULES)
    covered = {c.module for c in CASES if _exists(c)}
    assert modules <= covered, f"modules without a browser widget case: {sorted(modules - covered)}"
