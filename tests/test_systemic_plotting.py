"""Module 4 plotting: trial reconstructions, decay and range drawings, systemic diagrams.

Reconstruction values are checked against the published medians and hazard ratios of the course
evidence sheet (medical facts 7.4 and 8, Verification update; quantitative models section 6):
each curve built from a published median crosses 0.5 at that median, and each curve built from
the control median and the HR crosses 0.5 at control median / HR.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from course.models.decay import remaining_fraction
from course.models.survival import TRIALS, exponential_survival
from course.plotting import evidence, radiopharm, systemic
from course.plotting.evidence import draw_trial, reconstruct, update_trial
from course.plotting.radiopharm import RangeScene, draw_decay, draw_ranges, update_ranges
from course.plotting.systemic import (
    load_products,
    plot_agent_effect_on_bone,
    plot_annual_exposure,
    plot_treatment_goals,
)

TRIAL_NAMES = [t.name for t in TRIALS]
SCENE = RangeScene(
    particle_range_um={"Ra-223": 100.0, "Sr-89": 6720.0, "Sm-153": 3140.0, "Lu-177": 1630.0},
    unverified=frozenset({"Ra-223", "cell"}),
)


def test_collections_are_not_empty():
    assert len(TRIAL_NAMES) == 5
    assert radiopharm.ISOTOPES == ("Ra-223", "Sr-89", "Sm-153", "Lu-177")


def _crossing(months: np.ndarray, curve: np.ndarray) -> float:
    """Month at which a decreasing curve crosses 0.5 (linear interpolation on the grid)."""
    k = int(np.argmax(curve < 0.5))
    t0, t1, s0, s1 = months[k - 1], months[k], curve[k - 1], curve[k]
    return float(t0 + (s0 - 0.5) * (t1 - t0) / (s0 - s1))


# ---------------------------------------------------------------------------------------------
# Evidence reconstructions
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRIAL_NAMES)
def test_curves_cross_half_at_the_published_medians(name):
    curves = reconstruct(name, points=4001)
    t = curves.trial
    assert _crossing(curves.months, curves.control) == pytest.approx(
        t.median_control_months, abs=0.02
    )
    if t.median_experimental_months is not None:
        assert _crossing(curves.months, curves.experimental) == pytest.approx(
            t.median_experimental_months, abs=0.02
        )
    assert _crossing(curves.months, curves.comparator) == pytest.approx(
        t.median_control_months / t.hazard_ratio, abs=0.02
    )
    assert curves.comparator_median_months == pytest.approx(
        t.median_control_months / t.hazard_ratio
    )
    assert curves.horizon_months % 6 == 0
    assert curves.horizon_months > 2 * curves.comparator_median_months


@pytest.mark.parametrize(
    "name, median_ratio, comparator_median",
    [
        # quantitative models section 6: median-ratio "HR" and C/HR
        ("ALSYMPCA", 0.7584, 16.14),
        ("VISION", 0.7386, 18.23),
        ("Fizazi 2011", 0.8261, 20.85),
        ("Henry 2011", 16.3 / 20.5, 16.3 / 0.84),
    ],
)
def test_median_ratio_and_hr_comparator(name, median_ratio, comparator_median):
    curves = reconstruct(name)
    assert curves.median_ratio == pytest.approx(median_ratio, abs=1e-4)
    assert curves.comparator_median_months == pytest.approx(comparator_median, abs=0.01)


def test_stopeck_has_no_experimental_curve_and_implied_median_32_2():
    curves = reconstruct("Stopeck 2010")
    assert curves.experimental is None and curves.median_ratio is None
    assert curves.comparator_median_months == pytest.approx(32.20, abs=0.01)
    control, experimental, comparator = curves.at(12)
    assert experimental is None
    assert control == pytest.approx(exponential_survival(26.4, 12))
    assert comparator > control


def test_values_at_12_and_24_months_match_the_sheet():
    # quantitative models 6: ALSYMPCA S_E, S_C at 12 mo 0.5722, 0.4790; at 24 mo 0.3274, 0.2294
    curves = reconstruct("ALSYMPCA")
    c12, e12, _ = curves.at(12)
    c24, e24, _ = curves.at(24)
    assert (e12, c12) == pytest.approx((0.5722, 0.4790), abs=1e-4)
    assert (e24, c24) == pytest.approx((0.3274, 0.2294), abs=1e-4)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"entry": "Nonexistent 2099"}, "Unknown trial"),
        ({"entry": 42}, "Give a trial"),
        ({"entry": "VISION", "points": 1}, "points must be"),
        ({"entry": "VISION", "points": True}, "points must be"),
        ({"entry": "VISION", "horizon_months": -3}, "horizon_months must be a positive"),
        ({"entry": "VISION", "horizon_months": float("nan")}, "horizon_months must be a positive"),
        ({"entry": "VISION", "horizon_months": "long"}, "horizon_months must be a number"),
    ],
)
def test_reconstruct_rejects_bad_input(kwargs, message):
    entry = kwargs.pop("entry")
    with pytest.raises(ValueError, match=message):
        reconstruct(entry, **kwargs)


def test_endpoint_labels():
    assert evidence.endpoint_label(reconstruct("Fizazi 2011").trial).startswith(
        "Proportion without a skeletal"
    )
    assert evidence.endpoint_label(reconstruct("VISION").trial) == "Proportion alive"


def test_draw_trial_labels_curves_and_marks_the_reconstruction():
    artists = draw_trial(reconstruct("Fizazi 2011"), month=12)
    assert isinstance(artists.fig, Figure)
    ax = artists.ax
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("Zoledronic acid: from its median (17.1 mo)")
    assert labels[1].startswith("Denosumab: from its median (20.7 mo)")
    assert "HR 0.82" in labels[2] and "20.9 mo" in labels[2]
    assert "reconstruction" in artists.note.get_text().lower()
    assert "Kaplan-Meier" in artists.note.get_text()
    assert ax.get_xlabel() == "Months since randomization"
    assert ax.get_title(loc="left").startswith("Fizazi 2011")
    assert "Month 12" in artists.readout.get_text()
    assert list(artists.control_median.get_xdata()) == [17.1]


def test_update_trial_hides_the_missing_median_and_the_comparator():
    artists = draw_trial(reconstruct("VISION"), month=6)
    update_trial(artists, reconstruct("Stopeck 2010"), month=None, show_comparator=False)
    assert not artists.experimental.get_visible()
    assert not artists.comparator.get_visible()
    assert "not reached" in artists.note.get_text()
    assert not artists.readout.get_visible()
    assert artists.ax.get_xlim() == (0.0, 72.0)
    labels = [t.get_text() for t in artists.ax.get_legend().get_texts()]
    assert len(labels) == 1 and labels[0].startswith("Zoledronic acid")


def test_plot_trial_returns_a_figure():
    fig = evidence.plot_trial("ALSYMPCA", month=12)
    assert isinstance(fig, Figure)
    assert fig.axes[0].get_ylabel() == "Proportion alive"


# ---------------------------------------------------------------------------------------------
# Decay and ranges
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("isotope", ["Ra-223", "Sr-89", "Sm-153", "Lu-177"])
def test_decay_figure_highlights_and_reads_the_selected_curve(isotope):
    artists = draw_decay(isotope, 28, activity_mbq=100.0)
    fraction = remaining_fraction(isotope, 28)
    assert artists.point.get_ydata()[0] == pytest.approx(100 * fraction)
    assert artists.lines[isotope].get_linewidth() == 3.0
    others = [line for iso, line in artists.lines.items() if iso != isotope]
    assert others and all(line.get_alpha() < 1 for line in others)
    assert f"{fraction:.1%} of the activity left" in artists.readout.get_text()
    assert "Injected 100 MBq" in artists.readout.get_text()
    # Each half-life marker sits at 50% on its own half-life.
    for iso, mark in artists.half_marks.items():
        assert mark.get_ydata()[0] == 50.0
        assert remaining_fraction(iso, mark.get_xdata()[0]) == pytest.approx(0.5)


def test_decay_cursor_is_clamped_to_the_axis():
    artists = draw_decay("Sr-89", 500)
    assert artists.cursor.get_xdata()[0] == 112.0
    assert radiopharm.update_decay(artists, "Sm-153", 7) == pytest.approx(
        remaining_fraction("Sm-153", 7)
    )
    with pytest.raises(ValueError, match="Unknown isotope"):
        radiopharm.update_decay(artists, "I-131", 7)


def test_range_figure_draws_lengths_to_scale_and_marks_unverified():
    artists = draw_ranges(SCENE, "Ra-223")
    for iso, bar in artists.bars.items():
        assert bar.get_xdata()[1] == pytest.approx(SCENE.particle_range_um[iso] / 1000)
    assert "*" in artists.bar_labels["Ra-223"].get_text()
    assert "*" not in artists.bar_labels["Lu-177"].get_text()
    assert "< 100 µm*" in artists.alpha_label.get_text()
    assert "≈ 7 cells" in artists.alpha_label.get_text()
    assert artists.cell_ax.get_aspect() == 1.0
    footnote = artists.fig.get_supxlabel()
    assert "not verified" in footnote
    update_ranges(artists, "Sr-89")
    assert artists.bars["Sr-89"].get_linewidth() > artists.bars["Lu-177"].get_linewidth()
    assert "Sr-89 β: up to 6.7 mm" in artists.beta_label.get_text()
    assert artists.bar_labels["Sr-89"].get_fontweight() == "bold"


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"particle_range_um": {"Ra-223": 100.0}}, "A particle range is needed"),
        (
            {"particle_range_um": {"Ra-223": 100, "Sr-89": 1, "Sm-153": 1, "Lu-177": -1}},
            "positive numbers",
        ),
        (
            {
                "particle_range_um": {"Ra-223": 100, "Sr-89": 1, "Sm-153": 1, "Lu-177": 1},
                "cell_diameter_um": True,
            },
            "positive numbers",
        ),
    ],
)
def test_range_scene_rejects_bad_lengths(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RangeScene(**kwargs)


def test_scene_from_rows_requires_every_structure():
    rows = [
        {
            "item": f"{iso} x",
            "kind": "particle",
            "isotope": iso,
            "length_um": "10",
            "verified": "yes",
        }
        for iso in radiopharm.ISOTOPES
    ]
    with pytest.raises(ValueError, match="no row for 'cell'"):
        radiopharm.scene_from_rows(rows)


# ---------------------------------------------------------------------------------------------
# Systemic diagrams
# ---------------------------------------------------------------------------------------------


def _texts(fig: Figure) -> str:
    return " ".join(t.get_text() for ax in fig.axes for t in ax.texts) + " ".join(
        t.get_text() for t in fig.texts
    )


def test_treatment_goals_diagram_names_both_groups_and_every_goal():
    fig = plot_treatment_goals()
    text = _texts(fig)
    assert "Can prolong life" in text and "no survival benefit shown" in text
    assert "radium-223" in text and "Bone-modifying agents" in text
    for goal in systemic.GOALS:
        assert goal in text.replace("\n", " ")


def test_agent_effect_plot_has_two_panels_and_one_line_per_run():
    t = np.linspace(0, 100, 11)
    runs = [("a", t, 100 - t / 2, t), ("b", t, 100 - t / 4, t)]
    fig = plot_agent_effect_on_bone(runs, treatment_start_day=50, model_note="note")
    bone_ax, tumor_ax = fig.axes
    assert len(bone_ax.get_lines()) == 3  # two runs + the treatment line
    assert bone_ax.get_ylabel().startswith("Bone mass")
    assert tumor_ax.get_xlabel() == "Days"
    assert [t.get_text() for t in bone_ax.get_legend().get_texts()] == ["a", "b"]
    assert bone_ax.get_lines()[0].get_linestyle() != bone_ax.get_lines()[1].get_linestyle()
    with pytest.raises(ValueError, match="at least one run"):
        plot_agent_effect_on_bone([])


def test_annual_exposure_bars_show_the_label_arithmetic():
    rows = load_products()
    fig = plot_annual_exposure(rows)
    den_ax, zol_ax = fig.axes
    den = sorted(p.get_width() for p in den_ax.patches)
    zol = sorted(p.get_width() for p in zol_ax.patches)
    assert den == [120.0, 1560.0]
    assert zol == pytest.approx([5.0, 17.3, 52.0])
    assert den[1] / den[0] == 13
    hatches = {p.get_hatch() for p in den_ax.patches}
    assert len(hatches) == 2  # purpose shown by hatch as well as color
    text = _texts(fig)
    assert "120 mg every 4 weeks" in text and "60 mg every 6 months" in text
    assert "5 mg once a year" in text
    with pytest.raises(ValueError, match="both denosumab and zoledronic acid"):
        plot_annual_exposure([r for r in rows if r["drug"] == "denosumab"])


def test_load_products_skips_pamidronate_unless_asked():
    assert all(r["drug"] != "pamidronate" for r in load_products())
    assert any(r["drug"] == "pamidronate" for r in load_products(include_pamidronate=True))
    assert not math.isnan(float(load_products()[0]["annual_mg"]))
