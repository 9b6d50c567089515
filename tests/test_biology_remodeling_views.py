"""Notebook 1.3: blitting helpers, model figures, the Komarova and Ayati views, and diagrams."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from course.models.remodeling import (
    AYATI_TREATMENT,
    critical_g11,
    jacobian_summary,
    simulate,
    simulate_with_tumor,
)
from course.plotting.blit import nice_step, sticky_limits
from course.plotting.bone_biology import (
    lesion_types_diagram,
    rankl_diagram,
    remodeling_cycle_diagram,
    vicious_cycle_diagram,
)
from course.plotting.remodeling import KomarovaFigure, TumorFigure, feature_index
from course.widgets.remodeling import (
    KOMAROVA_PRESETS,
    TUMOR_SCENARIOS,
    RemodelingView,
    TumorTreatmentView,
    compare_runs,
    regime_explanation,
    summarize_run,
)


def all_text(fig: Figure) -> str:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    if fig._suptitle is not None:
        found.append(fig._suptitle.get_text())
    return "\n".join(found)


# ----------------------------------------------------------------------------- blit helpers


@pytest.mark.parametrize(
    ("span", "step"), [(10.0, 2.0), (1.0, 0.2), (96.0, 20.0), (3000.0, 1000.0), (0.0, 1.0)]
)
def test_nice_step(span, step):
    assert nice_step(span) == pytest.approx(step)


def test_sticky_limits_keep_grow_and_refit():
    first = sticky_limits(89.8, 100.0, None)
    assert first[0] <= 89.8 and first[1] >= 100.0
    assert sticky_limits(90.5, 99.0, first) == first  # fits and fills: unchanged
    grown = sticky_limits(60.0, 100.0, first)  # overflows below: grows by at least one span
    assert grown[0] <= first[0] - (first[1] - first[0]) and grown[1] >= 100.0
    refit = sticky_limits(99.0, 100.0, (0.0, 150.0))  # tiny data in huge limits: refit
    assert refit[0] >= 90.0
    assert sticky_limits(0.7, 11.1, None, include_zero=True)[0] == 0.0
    assert sticky_limits(0.7, 11.1, (-0.05, 0.05), include_zero=True)[0] == 0.0
    assert sticky_limits(float("nan"), 1.0, None) == sticky_limits(0.0, 1.0, None)


def test_feature_index_rejects_bad_input():
    assert feature_index([3.0, 1.0, 2.0], "min") == 1
    assert feature_index([3.0, 1.0, 2.0], "max") == 0
    with pytest.raises(ValueError, match="empty"):
        feature_index([], "min")
    with pytest.raises(ValueError, match="kind must be"):
        feature_index([1.0], "peak")


# ----------------------------------------------------------------------------- summaries


def test_standard_run_features_are_the_ones_to_teach():
    run = simulate(300)
    summary = summarize_run(run, jacobian_summary(), critical_g11())
    # The osteoclast maximum is the day-0 stimulus (steady state 1.0607 + 10), not a peak.
    assert summary.osteoclast_start == pytest.approx(11.0607, abs=1e-4)
    assert summary.osteoclast_low == pytest.approx(0.728, abs=5e-4)
    assert summary.osteoclast_low_day == pytest.approx(42.2, abs=0.15)
    assert summary.osteoblast_peak == pytest.approx(396.9, abs=0.05)
    assert summary.osteoblast_peak_day == pytest.approx(14.1, abs=0.15)
    assert summary.bone_min == pytest.approx(89.79, abs=0.005)
    assert summary.bone_min_day == pytest.approx(12.3, abs=0.15)
    assert summary.bone_end == pytest.approx(100.0, abs=0.05)
    assert summary.behavior == "damped" and not summary.saddle
    assert summary.critical_g11 == pytest.approx(1.1)
    assert summary.message == ""


@pytest.mark.parametrize(
    ("params", "behavior", "words"),
    [
        ({"g11": 0.5}, "damped", "Damped"),
        ({"g11": 1.1}, "neutral", "not a limit cycle"),
        ({"g11": 1.15}, "growing", "no limit cycle"),
        ({"g11": 0.5, "g12": 2.0, "g21": 0.5}, "growing", "saddle"),
    ],
)
def test_regime_explanations(params, behavior, words):
    run = simulate(50, **params)
    summary = summarize_run(run, jacobian_summary(**params), critical_g11(**params))
    assert summary.behavior == behavior
    assert words in regime_explanation(summary)


def test_compare_runs_reproduces_the_published_drug_run():
    untreated = simulate_with_tumor(1200)
    treated = simulate_with_tumor(1200, **AYATI_TREATMENT)
    cmp_ = compare_runs(treated, untreated)
    assert cmp_.bone_end_treated == pytest.approx(57.2, abs=0.1)
    assert cmp_.bone_end_untreated == pytest.approx(3.1, abs=0.1)
    assert cmp_.tumor_end_treated == pytest.approx(25.0, abs=0.1)
    assert cmp_.tumor_end_untreated == pytest.approx(98.9, abs=0.1)
    assert cmp_.bone_end_treated > cmp_.bone_end_untreated


# ----------------------------------------------------------------------------- figures


def test_komarova_figure_updates_lines_markers_and_limits():
    run = simulate(300)
    fig = KomarovaFigure(run, t_end_days=300)
    first = fig.png()
    x, y = fig.lines["bone"].get_data()
    assert np.allclose(y, run.bone_mass)
    assert fig.axes["osteoclasts"].get_xlim() == (0.0, 300.0)
    assert fig.markers["bone"].get_ydata()[0] == pytest.approx(89.785, abs=1e-3)
    low, high = fig.axes["bone"].get_ylim()
    assert low <= 89.78 and high >= 100.0
    crit = simulate(800, g11=1.1)
    fig.update(crit, t_end_days=800)
    assert fig.png() != first
    assert fig.axes["bone"].get_ylim()[0] <= crit.bone_mass.min()
    assert fig.axes["phase"].get_ylim() == fig.axes["osteoblasts"].get_ylim()
    words = all_text(fig.fig)
    for label in ("time (days)", "osteoclasts (cells)", "bone mass", "steady state", "Phase plane"):
        assert label in words


def test_blitted_komarova_figure_matches_a_full_redraw():
    fig = KomarovaFigure(simulate(300), t_end_days=300)
    fig.update(simulate(800, g11=1.1), t_end_days=800)
    fig.png()
    fast = np.asarray(fig.renderer.canvas.buffer_rgba()).copy()
    for artist in fig.renderer.dynamic:
        artist.set_animated(False)
    fig.renderer.canvas.draw()
    full = np.asarray(fig.renderer.canvas.buffer_rgba())
    # Only the drawing order at the spines differs (lines are drawn last when blitting).
    assert np.any(fast != full, axis=-1).mean() < 0.01


def test_tumor_figure_shades_treatment_and_hides_it_without():
    untreated = simulate_with_tumor(1200)
    treated = simulate_with_tumor(1200, **AYATI_TREATMENT)
    fig = TumorFigure(treated, untreated, treatment_start_day=600)
    assert fig.shades["bone"].get_visible() and fig.shades["bone"].get_x() == 600.0
    assert fig.start_label.get_text() == "treatment from day 600"
    first = fig.png()
    fig.update(untreated, treatment_start_day=None)
    assert not fig.shades["tumor"].get_visible() and not fig.start_label.get_visible()
    assert fig.png() != first
    words = all_text(fig.fig)
    assert "untreated" in words and "treatment on" in words and "time (days)" in words


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (remodeling_cycle_diagram, ("Resorption", "Formation", "coupling", "osteoid")),
        (rankl_diagram, ("RANKL", "RANK (empty)", "OPG", "denosumab", "Boyce & Xing 2008")),
        (vicious_cycle_diagram, ("PTHrP", "RANKL \u2191, OPG \u2193", "TGF-\u03b2", "no cure")),
        (lesion_types_diagram, ("lytic", "blastic", "myeloma", "prostate", "Roodman 2004")),
    ],
)
def test_biology_diagrams_are_labelled(make, words):
    fig = make()
    assert isinstance(fig, Figure)
    text = all_text(fig)
    for word in words:
        assert word in text


# ----------------------------------------------------------------------------- views


def test_collections_are_not_empty():
    assert len(KOMAROVA_PRESETS) >= 4 and len(TUMOR_SCENARIOS) >= 5


def test_remodeling_view_default_shows_the_standard_cycle():
    view = RemodelingView()
    assert view.result.bone_mass.min() == pytest.approx(89.785, abs=1e-3)
    assert "89.79 % on day 12.3" in view.readout.value
    assert "396.9 cells on day 14.1" in view.readout.value
    assert "Damped" in view.readout.value
    assert "bone mass falls to 89.79 % on day 12.3" in view.pane.description.value
    assert view.status.value == ""


def test_remodeling_view_reaches_the_neutral_regime_and_the_bone_message():
    view = RemodelingView()
    image = view.pane.image.value
    view.controls["g11"].value = 1.1
    assert view.summary.behavior == "neutral"
    assert view.controls["preset"].value == "custom"
    assert "Neutral" in view.readout.value and "not a limit cycle" in view.readout.value
    assert view.pane.image.value != image
    view.controls["days"].value = 2500
    assert "Model message" in view.readout.value
    assert "day 1931" in view.readout.value


def test_remodeling_view_bigger_stimulus_bigger_orbit_at_the_critical_g11():
    view = RemodelingView(preset="critical")
    small = view.result.osteoblasts.max()
    view.controls["extra"].value = 15.0
    assert view.result.osteoblasts.max() > small
    assert view.summary.behavior == "neutral"


def test_remodeling_view_presets_set_all_controls():
    view = RemodelingView()
    view.controls["preset"].value = "unstable"
    assert view.controls["g11"].value == pytest.approx(1.15)
    assert view.controls["extra"].value == pytest.approx(1.0)
    assert view.summary.behavior == "growing"
    assert view.controls["preset"].value == "unstable"  # setting a preset is not "custom"


def test_remodeling_view_shows_errors_inside_the_widget():
    view = RemodelingView()
    view.controls["g21"].value = 0.0
    view.controls["g11"].value = 1.0  # Gamma = g12*g21 - (1-g11)(1-g22) = 0
    assert "Check the input" in view.status.value and "Gamma" in view.status.value
    view.controls["g11"].value = 0.9
    assert view.status.value == ""


def test_remodeling_view_rejects_unknown_preset():
    with pytest.raises(ValueError, match="preset must be one of"):
        RemodelingView(preset="paget")


def test_tumor_view_default_is_the_published_drug_run():
    view = TumorTreatmentView()
    assert view.comparison.bone_end_treated == pytest.approx(57.2, abs=0.1)
    assert view.comparison.bone_end_untreated == pytest.approx(3.1, abs=0.1)
    assert "57.2" in view.readout.value and "3.1" in view.readout.value
    assert "treatment from day 600" in view.pane.description.value


def test_tumor_view_single_effects():
    view = TumorTreatmentView()
    image = view.pane.image.value
    view.controls["scenario"].value = "antitumor"
    antitumor_only = view.comparison.bone_end_treated
    assert antitumor_only == pytest.approx(62.4, abs=0.1)
    assert view.pane.image.value != image
    view.controls["scenario"].value = "anabolic"
    assert view.comparison.bone_end_treated < view.comparison.bone_end_untreated
    assert "below 0 %" in view.readout.value
    view.controls["scenario"].value = "antiresorptive"
    assert view.comparison.tumor_end_treated == pytest.approx(view.comparison.tumor_end_untreated)
    assert view.comparison.bone_end_treated > view.comparison.bone_end_untreated


def test_tumor_view_treatment_switch_and_start_day():
    view = TumorTreatmentView()
    view.controls["on"].value = False
    assert view.result is view.untreated
    assert view.controls["scenario"].value == "custom"
    assert "no treatment" in view.pane.description.value
    view.controls["on"].value = True
    late = view.comparison.bone_end_treated
    view.controls["start"].value = 300
    assert view.comparison.bone_end_treated > late  # earlier treatment, more bone kept
    assert view.figure.shades["bone"].get_x() == 300.0
    assert view.status.value == ""


def test_tumor_view_rejects_unknown_scenario():
    with pytest.raises(ValueError, match="scenario must be one of"):
        TumorTreatmentView(scenario="cure")
