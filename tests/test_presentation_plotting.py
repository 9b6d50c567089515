"""Module 2 figures (course.plotting.presentation): score panels, spine levels, Bilsky diagrams,
the calcium scale and course, and the pain schematic."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.path import Path

from course.calculators.bilsky import BILSKY_DESCRIPTIONS, BILSKY_GRADES
from course.calculators.calcium import CTCAE_CUTOFFS, DEFAULT_ULN
from course.calculators.mirels import MIRELS_ITEMS, mirels_score
from course.calculators.sins import SINS_ITEMS, SINS_LEVEL_LOCATIONS, SPINE_LEVELS, sins_score
from course.plotting.presentation import (
    LOCATION_STYLES,
    calcium_figure,
    draw_bilsky_axial,
    draw_spine_levels,
    plot_bilsky_grades,
    plot_calcium_course,
    plot_pain_patterns,
    score_figure,
    sins_figure,
)
from course.plotting.style import figure_to_png, new_figure

MIRELS_BANDS = ((4, 7, "Low"), (8, 8, "Borderline"), (9, 12, "High"))
SINS_BANDS = ((0, 6, "Stable"), (7, 12, "Potentially unstable"), (13, 18, "Unstable"))


def mirels_panel():
    return score_figure(
        items=MIRELS_ITEMS,
        item_labels={k: k.title() for k in MIRELS_ITEMS},
        bands=MIRELS_BANDS,
        total_range=(4, 12),
        title="Mirels",
    )


def test_band_lists_are_not_empty():
    assert MIRELS_BANDS and SINS_BANDS and BILSKY_GRADES and SPINE_LEVELS


# Totals on both sides of every Mirels band edge (7|8, 8|9) and the ends of the scale.
MIRELS_CASES = [
    (dict(site="upper_limb", pain="mild", lesion="blastic", size="<1/3"), 4, "Low"),
    (dict(site="lower_limb", pain="moderate", lesion="blastic", size="1/3-2/3"), 7, "Low"),
    (dict(site="upper_limb", pain="functional", lesion="mixed", size="1/3-2/3"), 8, "Borderline"),
    (dict(site="upper_limb", pain="functional", lesion="lytic", size="1/3-2/3"), 9, "High"),
    (dict(site="peritrochanteric", pain="functional", lesion="lytic", size=">2/3"), 12, "High"),
]


@pytest.mark.parametrize(("choices", "total", "band"), MIRELS_CASES)
def test_score_panel_shows_points_total_and_band(choices, total, band):
    fig, panel = mirels_panel()
    r = mirels_score(**choices)
    assert r.total == total
    panel.update(r.components, r.total)
    left = 0
    for item in MIRELS_ITEMS:
        seg = panel.segments[item]
        assert seg.get_x() == left and seg.get_width() == r.components[item]
        assert panel.segment_texts[item].get_text() == str(r.components[item])
        left += r.components[item]
    assert left == total
    lo, hi, _ = next(b for b in MIRELS_BANDS if b[2] == band)
    assert panel.highlight.get_x() == lo - 0.5
    assert panel.highlight.get_width() == hi - lo + 1
    assert panel.total_text.get_text() == f"Total {total}: {band}"
    assert list(panel.total_line.get_xdata()) == [total, total]


def test_score_panel_rejects_missing_items_and_totals_outside_bands():
    _fig, panel = mirels_panel()
    with pytest.raises(ValueError, match="missing"):
        panel.update({"site": 1}, 1)
    with pytest.raises(ValueError, match="none of the bands"):
        panel.update(dict.fromkeys(MIRELS_ITEMS, 0), 0)


def test_frozen_background_keeps_only_dynamic_artists_and_redraws():
    fig, panel = mirels_panel()
    dynamic = {id(a) for a in panel.dynamic}
    for child in panel.ax.get_children():
        if id(child) not in dynamic:
            assert not child.get_visible(), child
    assert len(fig.axes) == 2 and len(fig.axes[1].images) == 1
    low = mirels_score(site="upper_limb", pain="mild", lesion="blastic", size="<1/3")
    high = mirels_score(site="peritrochanteric", pain="functional", lesion="lytic", size=">2/3")
    panel.update(low.components, low.total)
    png_low = figure_to_png(fig)
    panel.update(high.components, high.total)
    png_high = figure_to_png(fig)
    assert png_low != png_high
    assert png_low.startswith(b"\x89PNG")


def test_sins_figure_marks_level_and_score():
    fig, spine, panel = sins_figure(
        items=SINS_ITEMS,
        item_labels={k: k for k in SINS_ITEMS},
        bands=SINS_BANDS,
        total_range=(0, 18),
    )
    assert isinstance(fig, Figure)
    assert list(spine.boxes) == list(SPINE_LEVELS) and len(spine.boxes) == 29
    spine.select("T12")
    assert spine.selected == "T12"
    assert spine.pointer.get_text() == "T12: junctional\n(3 points)"
    box = spine.boxes["T12"]
    assert (
        spine.outline.get_x()
        < box.get_x()
        < box.get_x() + box.get_width()
        < (spine.outline.get_x() + spine.outline.get_width())
    )
    spine.select("T7")
    assert spine.pointer.get_text() == "T7: semi-rigid\n(1 point)"
    spine.select(None)
    assert not spine.outline.get_visible() and not spine.pointer.get_visible()
    with pytest.raises(ValueError, match="Unknown spinal level"):
        spine.select("T13")
    r = sins_score(
        location="junctional",
        pain="mechanical",
        bone_lesion="lytic",
        alignment="normal",
        collapse="under_50",
        posterolateral="unilateral",
    )
    panel.update(r.components, r.total)
    assert panel.total_text.get_text() == "Total 11: Potentially unstable"
    assert panel.highlight.get_x() == 6.5 and panel.highlight.get_width() == 6


def test_spine_level_patterns_follow_the_sins_location_of_each_level():
    fig = new_figure()
    spine = draw_spine_levels(fig.add_subplot(), selected="L5")
    assert spine.pointer.get_text() == "L5: junctional\n(3 points)"
    for level, box in spine.boxes.items():
        _color, hatch, _label = LOCATION_STYLES[SINS_LEVEL_LOCATIONS[level]]
        assert (box.get_hatch() or "") == hatch, level
    # Each category has its own hatch, so the pattern alone tells them apart.
    assert len({h for _c, h, _l in LOCATION_STYLES.values()}) == 4


def _top(points: np.ndarray) -> float:
    return float(points[:, 1].max())


def _area(points: np.ndarray) -> float:
    x, y = points[:, 0], points[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


def _bilsky(grade: str) -> dict:
    fig = new_figure()
    parts = draw_bilsky_axial(fig.add_subplot(), grade)
    polygons = ("sac", "cord", "epidural_tumor")
    return {k: np.asarray(p.get_xy()) for k, p in parts.items() if k in polygons}


def _lowest_tumor(parts) -> float:
    return float(parts["epidural_tumor"][:, 1].min())


@pytest.mark.parametrize("grade", BILSKY_GRADES)
def test_each_bilsky_grade_has_its_title_and_description(grade):
    fig = new_figure()
    ax = fig.add_subplot()
    draw_bilsky_axial(ax, grade)
    assert ax.get_title().startswith(f"Grade {grade} (")
    text = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert BILSKY_DESCRIPTIONS[grade] in text


def test_bilsky_geometry_matches_the_grade_definitions():
    g = {grade: _bilsky(grade) for grade in BILSKY_GRADES}
    sac_r = 0.62
    # 0: bone-only disease, no epidural tumor.
    assert "epidural_tumor" not in g["0"]
    # 1a: tumor reaches the sac without deforming it (the sac keeps its top).
    assert _top(g["1a"]["sac"]) == pytest.approx(sac_r, abs=0.01)
    assert _lowest_tumor(g["1a"]) == pytest.approx(sac_r, abs=0.01)
    # 1b: the sac is indented, the tumor stays clear of the cord.
    cord_top = _top(g["0"]["cord"])
    assert _lowest_tumor(g["1b"]) < sac_r - 0.1
    assert _lowest_tumor(g["1b"]) > cord_top + 0.05
    # 1c: the tumor touches the cord, which keeps its shape.
    assert _lowest_tumor(g["1c"]) == pytest.approx(cord_top, abs=0.01)
    assert _top(g["1c"]["cord"]) == pytest.approx(cord_top)
    # 2: the cord is flattened below the tumor, with CSF (sac area) clearly left around it.
    assert _top(g["2"]["cord"]) < cord_top - 0.1
    tumor = Path(g["2"]["epidural_tumor"])
    assert not tumor.contains_points(g["2"]["cord"], radius=-1e-6).any()
    assert not Path(g["1c"]["epidural_tumor"]).contains_points(g["1c"]["sac"], radius=-1e-6).any()
    assert _area(g["2"]["cord"]) < 0.6 * _area(g["2"]["sac"])
    # 3: the compressed cord fills the sac: no CSF visible.
    assert _area(g["3"]["cord"]) > 0.8 * _area(g["3"]["sac"])
    # The sac is pushed further with each grade.
    tops = [_top(g[k]["sac"]) for k in ("1a", "1b", "1c", "2", "3")]
    assert tops == sorted(tops, reverse=True)


def test_bilsky_rejects_unknown_grades_and_draws_all_six():
    with pytest.raises(ValueError, match="Bilsky grade"):
        draw_bilsky_axial(new_figure().add_subplot(), "1")
    fig = plot_bilsky_grades()
    titles = [ax.get_title() for ax in fig.axes]
    assert [t.split(" (")[0] for t in titles] == [f"Grade {g}" for g in BILSKY_GRADES]
    assert fig.legends and len(fig.legends[0].get_texts()) == 4


@pytest.mark.parametrize("units", ["mg/dL", "mmol/L"])
def test_calcium_scale_places_ctcae_bands_and_values(units):
    fig, scale = calcium_figure(units=units)
    uln = DEFAULT_ULN[units]
    cut1, cut2, cut3 = CTCAE_CUTOFFS[units]
    measured, corrected = (10.4, 11.6) if units == "mg/dL" else (2.60, 2.90)
    scale.update(measured=measured, corrected=corrected, reported=corrected, units=units, uln=uln)
    edges = {g: (r.get_x(), r.get_x() + r.get_width()) for g, r in scale.bands.items()}
    assert edges[0][1] == pytest.approx(uln)
    assert edges[1] == pytest.approx((uln, cut1))
    assert edges[2] == pytest.approx((cut1, cut2))
    assert edges[3] == pytest.approx((cut2, cut3))
    assert edges[4][0] == pytest.approx(cut3)
    assert list(scale.measured.get_xdata()) == [measured]
    assert list(scale.corrected.get_xdata()) == [corrected]
    assert units in scale.ax.get_xlabel()
    before = figure_to_png(fig)
    # A value beyond the usual axis widens it rather than falling off the figure.
    high = 18.0 if units == "mg/dL" else 4.5
    scale.update(measured=high - 1, corrected=high, reported=high, units=units, uln=uln)
    assert scale.ax.get_xlim()[1] > high
    assert figure_to_png(fig) != before


def test_calcium_scale_rejects_unknown_units():
    with pytest.raises(ValueError, match="units"):
        calcium_figure(units="mg/L")


def test_calcium_course_plot():
    days = [0, 1, 3, 7]
    fig = plot_calcium_course(
        days,
        [13.6, 13.0, 11.6, 9.9],
        measured=[12.4, 11.7, 10.4, 8.9],
        events=[(0, "saline"), (1, "zoledronic acid")],
        creatinine_mg_dl=[1.9, 1.3, 1.0, 0.9],
        title="Course",
    )
    ax, ax2 = fig.axes
    assert ax.get_title() == "Course"
    assert "mg/dL" in ax.get_ylabel() and "Creatinine" in ax2.get_ylabel()
    assert ax2.get_xlabel() == "Day since admission"
    labels = [line.get_label() for line in ax.get_lines()]
    assert "Corrected calcium" in labels and "Measured total calcium" in labels
    texts = {t.get_text() for t in ax.texts}
    assert {"grade 0", "grade 1", "grade 2", "grade 3", "grade 4"} <= texts
    assert {"saline", "zoledronic acid"} <= texts
    one = plot_calcium_course(days, [2.9, 2.8, 2.7, 2.6], units="mmol/L")
    assert len(one.axes) == 1 and "mmol/L" in one.axes[0].get_ylabel()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(day=[0, 1], corrected=[13.0]), "one value per day"),
        (dict(day=[0, 0], corrected=[13.0, 12.0]), "increasing"),
        (dict(day=[0, 1], corrected=[13.0, 12.0], units="mM"), "units"),
        (dict(day=[0, 1], corrected=[13.0, 12.0], creatinine_mg_dl=[1.0]), "one value per day"),
    ],
)
def test_calcium_course_rejects_bad_series(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plot_calcium_course(**kwargs)


def test_pain_schematic_is_labelled_and_deterministic():
    fig = plot_pain_patterns()
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert [t.split(":")[0] for t in titles] == [
        "Background (inflammatory) pain",
        "Incident (mechanical) pain",
        "Neuropathic pain",
    ]
    assert "schematic, not patient data" in fig.get_suptitle()
    assert fig.axes[2].get_xlabel() == "Time of day (hours)"
    assert all(ax.get_ylabel() == "Pain (0-10)" for ax in fig.axes)
    # Different line styles as well as colors.
    styles = {ax.get_lines()[0].get_linestyle() for ax in fig.axes}
    assert len(styles) == 3
    assert figure_to_png(fig) == figure_to_png(plot_pain_patterns())


def test_paths_of_patches_are_closed_polygons():
    # Sanity: the Bilsky parts are real polygons (not empty paths).
    parts = draw_bilsky_axial(new_figure().add_subplot(), "2")
    for name in ("sac", "cord", "epidural_tumor"):
        path = parts[name].get_path()
        assert isinstance(path, Path) and len(path.vertices) > 20, name


def test_widget_figures_share_one_rendered_background():
    from course.plotting import presentation

    fig1, _ = mirels_panel()
    cached = len(presentation._BACKGROUNDS)
    fig2, _ = mirels_panel()
    assert len(presentation._BACKGROUNDS) == cached  # reused, not rendered again
    bg1 = np.asarray(fig1.axes[-1].images[0].get_array())
    bg2 = np.asarray(fig2.axes[-1].images[0].get_array())
    assert bg1.shape == (300, 720, 4)  # 7.2 x 3.0 inches at 100 dpi: pixel for pixel
    assert np.array_equal(bg1, bg2)
