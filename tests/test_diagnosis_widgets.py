"""Module 3 views, driven headless: flare, Bayes explorer and work-up pathway.

The fast-redraw pane they share is tested in test_blit.py.
"""

from __future__ import annotations

import time

import pytest

from course.calculators.accuracy import post_test_probability
from course.widgets.bayes import PRETEST_SCENARIOS, BayesExplorer, explore
from course.widgets.blit import BlitPane
from course.widgets.flare import FLARE_WINDOW_WEEKS, FlareView, flare_state
from course.widgets.workup import WorkupView

# One view of each kind for the whole module (building one takes a few hundred milliseconds);
# every test first sets the controls it relies on.


@pytest.fixture(scope="module")
def flare_view():
    return FlareView(course="flare", week=0)


@pytest.fixture(scope="module")
def bayes_view():
    return BayesExplorer()


@pytest.fixture(scope="module")
def workup_view():
    return WorkupView()


def _reset_bayes(view):
    view.controls["modality"].value = 0
    view.controls["scenario"].value = "back_pain"


# ---------------------------------------------------------------------------------------------
# Flare
# ---------------------------------------------------------------------------------------------


def test_flare_state_reading_depends_on_the_window():
    early = flare_state(6, course="progression")
    assert "cannot tell" in early.scan_reading and early.uptake_ratio > 1
    late = flare_state(30, course="progression")
    assert "progression" in late.scan_reading
    healing = flare_state(30, course="flare")
    assert healing.uptake_ratio < 1 and "healing" in healing.scan_reading
    assert flare_state(0, course="flare").scan_reading.startswith("Baseline")
    assert FLARE_WINDOW_WEEKS == (2.0, 13.0)


@pytest.mark.parametrize("bad", [-1, 37, 2.5, True])
def test_flare_state_rejects_bad_weeks(bad):
    with pytest.raises(ValueError, match="week"):
        flare_state(bad, course="flare")


def test_flare_view_updates_result_picture_and_text(flare_view):
    view = flare_view
    view.controls["course"].value = "flare"
    view.controls["week"].value = 0
    assert view.result.week == 0 and view.result.uptake_ratio == pytest.approx(1.0)
    before = view.pane.image.value
    view.controls["week"].value = 6
    assert view.result.week == 6 and view.result.uptake_ratio > 1.5
    assert view.pane.image.value != before
    assert "week 6" in view.pane.description.value
    assert "flare window" in view.reading.value
    view.controls["course"].value = "progression"
    assert view.result.course == "progression"
    assert "cancer is growing" in view.reading.value


def test_flare_view_darkens_known_spots_with_uptake(flare_view):
    view = flare_view
    view.controls["course"].value = "flare"
    view.controls["week"].value = 0
    gray0 = view.scan.hot_spots["T7"][0].get_facecolor()[0]
    view.controls["week"].value = 6
    assert view.scan.hot_spots["T7"][0].get_facecolor()[0] < gray0
    assert view.scan.hot_spots["left rib 8"][0].get_visible()


# ---------------------------------------------------------------------------------------------
# Bayes explorer
# ---------------------------------------------------------------------------------------------


def test_scenarios_are_not_empty_and_have_sources():
    assert len(PRETEST_SCENARIOS) >= 3
    for _label, p, source in PRETEST_SCENARIOS.values():
        assert source
        assert p is None or 0 < p < 1


def test_explore_matches_the_calculator(bayes_view):
    row = bayes_view.rows[0]
    result = explore(0.3, row)
    assert result.post_positive == pytest.approx(post_test_probability(0.3, 0.860, 0.814))
    assert result.frequencies.n == 1000 and result.frequencies.diseased == 300


def test_bayes_explorer_starts_on_the_worked_example_scenario(bayes_view):
    view = bayes_view
    _reset_bayes(view)
    assert view.controls["scenario"].value == "back_pain"
    assert view.controls["pretest"].value == pytest.approx(0.30)
    assert view.result.row.modality == "bone scintigraphy"
    assert view.result.post_positive == pytest.approx(0.6646, abs=1e-4)  # Yang exact values
    assert "66%" in view.summary.value and "6.9%" in view.summary.value
    assert "Yang HL" in view.summary.value


def test_changing_the_scenario_moves_the_slider_and_the_picture(bayes_view):
    view = bayes_view
    _reset_bayes(view)
    before = view.pane.image.value
    view.controls["scenario"].value = "population"
    assert view.controls["pretest"].value == pytest.approx(0.05)
    assert view.result.post_positive == pytest.approx(0.1957, abs=1e-4)
    assert view.pane.image.value != before
    assert "Ryan 2022" in view.summary.value


def test_moving_the_slider_switches_to_your_own_estimate(bayes_view):
    view = bayes_view
    _reset_bayes(view)
    view.controls["pretest"].value = 0.42
    assert view.controls["scenario"].value == "custom"
    assert view.result.pretest == pytest.approx(0.42)
    assert "your estimate" in view.summary.value


def test_psma_row_shows_an_infinite_ratio_and_a_conclusive_positive(bayes_view):
    view = bayes_view
    _reset_bayes(view)
    psma = next(k for k, r in enumerate(view.rows) if r.modality == "PSMA-PET/CT")
    view.controls["modality"].value = psma
    assert view.result.post_positive == 1.0
    assert "infinite" in view.summary.value
    assert view.result.frequencies.false_positive == 0
    assert view.status.value == ""


def test_every_modality_renders_without_an_error(bayes_view):
    view = bayes_view
    assert len(view.rows) >= 10
    for k in range(len(view.rows)):
        view.controls["modality"].value = k
        assert view.status.value == "" and view.result.row is view.rows[k]


def test_unknown_scenario_is_rejected():
    with pytest.raises(ValueError, match="Unknown scenario"):
        BayesExplorer(scenario="nonsense")


# ---------------------------------------------------------------------------------------------
# Work-up pathway
# ---------------------------------------------------------------------------------------------


def test_workup_view_follows_the_findings(workup_view):
    view = workup_view
    view.controls["myeloma_screen"].value = "normal"
    view.controls["appearance"].value = "lytic"
    view.controls["lesions"].value = "multiple"
    view.controls["imaging"].value = "ct"
    assert view.result.outcome == "primary"
    before = view.pane.image.value
    view.controls["imaging"].value = "none"
    view.controls["lesions"].value = "solitary"
    assert view.result.outcome == "solitary"
    assert view.pane.image.value != before
    assert "sarcoma" in view.notes.value
    assert "Highlighted" in view.pane.description.value
    view.controls["myeloma_screen"].value = "abnormal"
    assert view.result.outcome == "myeloma"
    view.controls["appearance"].value = "blastic"
    assert view.result.outcome == "solitary"


def test_workup_view_shows_errors_inside_the_widget():
    view = WorkupView()  # its own view: the test changes the options of a control
    view.controls["lesions"].options = [("invalid", "three"), ("several", "multiple")]
    view.controls["lesions"].value = "three"
    assert "Check the input" in view.status.value
    view.controls["lesions"].value = "multiple"
    assert view.status.value == ""


# ---------------------------------------------------------------------------------------------
# Latency budget (a generous bound here; the benchmark in the report gives median and p95)
# ---------------------------------------------------------------------------------------------


def test_interactions_redraw_only_what_moves(flare_view, bayes_view, workup_view):
    moves = [
        (flare_view, "week", [3, 9, 15]),
        (bayes_view, "pretest", [0.2, 0.5, 0.8]),
        (workup_view, "lesions", ["solitary", "multiple", "solitary"]),
    ]
    for view, name, values in moves:
        assert isinstance(view.pane, BlitPane)
        draws = view.pane.full_draws
        for value in values:
            if view.controls[name].value == value:
                continue  # the fixtures are shared: a control may already hold this value
            before = view.pane.image.value
            view.controls[name].value = value
            assert view.pane.image.value != before
        assert view.pane.full_draws == draws, f"{type(view).__name__} redrew its whole figure"


def test_interactions_stay_fast(flare_view, bayes_view, workup_view):
    views = [
        (flare_view, "week", [3, 9, 15, 21, 27]),
        (bayes_view, "pretest", [0.1, 0.2, 0.5, 0.8, 0.9]),
        (workup_view, "lesions", ["solitary", "multiple", "solitary", "multiple"]),
    ]
    for view, name, values in views:
        times = []
        for value in values:
            start = time.perf_counter()
            view.controls[name].value = value
            times.append(time.perf_counter() - start)
        assert sorted(times)[len(times) // 2] < 0.3, f"{type(view).__name__} is too slow"
