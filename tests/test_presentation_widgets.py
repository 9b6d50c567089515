"""Module 2 calculator views, driven headless: Mirels, SINS and corrected calcium / CTCAE."""

from __future__ import annotations

import math

import pytest

from course import EDUCATION_ONLY
from course.calculators import calcium as calcium_calc
from course.calculators import mirels as mirels_calc
from course.calculators import sins as sins_calc
from course.widgets.presentation import (
    MIRELS_BAND_NAMES,
    SINS_BAND_NAMES,
    CalciumCalculator,
    MirelsCalculator,
    SinsCalculator,
    assess_calcium,
    report_calcium,
)


def footer_html(view) -> str:
    return view.widget.children[-1].value


def test_collections_are_not_empty():
    assert MIRELS_BAND_NAMES and SINS_BAND_NAMES and MIRELS_CASES and SINS_CASES


# ------------------------------------------------------------------------------------------
# Mirels
# ------------------------------------------------------------------------------------------

MIRELS_CASES = [
    # totals on both sides of each band edge: 7 | 8 | 9
    (dict(site="lower_limb", pain="moderate", lesion="blastic", size="1/3-2/3"), 7, "low"),
    (dict(site="upper_limb", pain="functional", lesion="mixed", size="1/3-2/3"), 8, "borderline"),
    (dict(site="peritrochanteric", pain="mild", lesion="lytic", size="1/3-2/3"), 9, "high"),
    (dict(site="peritrochanteric", pain="functional", lesion="lytic", size="1/3-2/3"), 11, "high"),
]


@pytest.mark.parametrize(("choices", "total", "band"), MIRELS_CASES)
def test_mirels_view_shows_total_band_meaning_reference(choices, total, band):
    view = MirelsCalculator(**choices)
    assert view.result == mirels_calc.mirels_score(**choices)
    assert (view.result.total, view.result.band) == (total, band)
    summary = view.summary.value
    assert f"Mirels total: {total}</b>" in summary
    assert MIRELS_BAND_NAMES[band] in summary
    assert view.result.interpretation[:40].replace("'", "&#x27;") in summary
    assert view.status.value == ""
    foot = footer_html(view)
    assert "Mirels H." in foot and "PMID 2684463" in foot and EDUCATION_ONLY in foot
    assert f"total of {total}" in view.pane.description.value


def test_mirels_dropdowns_use_the_calculator_labels():
    view = MirelsCalculator()
    for item in mirels_calc.MIRELS_ITEMS:
        options = dict(view.controls[item].options)
        assert options == {v: k for k, v in mirels_calc.MIRELS_LABELS[item].items()}
    assert dict(view.controls["site"].options)["Peritrochanteric (3 points)"] == "peritrochanteric"


def test_mirels_view_updates_result_and_picture():
    view = MirelsCalculator(site="lower_limb", pain="moderate", lesion="blastic", size="1/3-2/3")
    png = view.pane.image.value
    view.controls["lesion"].value = "lytic"
    assert view.result.total == 9 and view.result.band == "high"
    assert "Mirels total: 9</b>" in view.summary.value
    assert view.pane.image.value != png


def test_mirels_incomplete_or_bad_input_shows_error_not_score():
    view = MirelsCalculator()
    view.controls["pain"].value = None
    assert view.result is None
    assert "role='alert'" in view.status.value and "Pain" in view.status.value
    assert view.summary.value == "" and view.pane.widget.layout.display == "none"
    view.controls["pain"].value = "functional"
    assert view.result is not None and view.status.value == ""
    assert view.pane.widget.layout.display is None

    bad = MirelsCalculator(site="arm")  # never raises into the notebook
    assert bad.result is None
    assert "Mirels site must be one of" in bad.status.value and "arm" in bad.status.value
    bad.controls["site"].value = "upper_limb"
    assert bad.result is not None and bad.status.value == ""


# ------------------------------------------------------------------------------------------
# SINS
# ------------------------------------------------------------------------------------------

RUTH = dict(
    pain="mechanical",
    bone_lesion="lytic",
    alignment="normal",
    collapse="under_50",
    posterolateral="unilateral",
)
# level -> expected total with Ruth's other items (8 from the other five items)
SINS_CASES = [("T12", 11), ("L5", 11), ("L3", 10), ("T7", 9), ("S3", 8), (" c1 ", 11)]


@pytest.mark.parametrize(("level", "total"), SINS_CASES)
def test_sins_view_maps_level_to_location(level, total):
    view = SinsCalculator(level=level, **RUTH)
    location = sins_calc.sins_location(level)
    assert view.result == sins_calc.sins_score(location=location, **RUTH)
    assert view.result.total == total
    assert level.strip().upper() in view.location.value
    assert sins_calc.SINS_LABELS["location"][location] in view.location.value
    assert view.spine.selected == level.strip().upper()
    assert f"SINS total: {total}</b>" in view.summary.value
    assert SINS_BAND_NAMES[view.result.band] in view.summary.value


def test_sins_band_edges_and_consultation():
    view = SinsCalculator(level="T7", **RUTH)  # 9
    view.controls["collapse"].value = "none"  # 7: potentially unstable
    assert view.result.total == 7 and view.result.band == "potentially_unstable"
    assert "Yes: a total of 7 or more" in view.summary.value
    view.controls["posterolateral"].value = "none"  # 6: stable
    assert view.result.total == 6 and view.result.band == "stable"
    assert "Not on the score alone" in view.summary.value
    view.controls["level"].value = "T12"
    view.controls["alignment"].value = "subluxation"
    view.controls["collapse"].value = "over_50"  # 3+3+2+4+3+0 = 15
    assert view.result.total == 15 and view.result.band == "unstable"


def test_sins_unknown_level_shows_error_and_no_score():
    view = SinsCalculator(level="T12", **RUTH)
    png = view.pane.image.value
    view.controls["level"].value = "T13"
    assert view.result is None
    assert "Unknown spinal level" in view.status.value and "T13" in view.status.value
    assert view.summary.value == "" and view.location.value == ""
    view.controls["level"].value = "L4"
    assert view.result.total == 10 and view.status.value == ""
    assert view.pane.image.value != png
    assert "L4" in view.pane.description.value
    assert "Fisher CG" in footer_html(view) and EDUCATION_ONLY in footer_html(view)


def test_sins_dropdowns_use_the_calculator_labels():
    view = SinsCalculator()
    for item in sins_calc.SINS_ITEMS[1:]:
        assert dict(view.controls[item].options) == {
            v: k for k, v in sins_calc.SINS_LABELS[item].items()
        }
    assert list(view.controls["level"].options) == list(sins_calc.SPINE_LEVELS)


# ------------------------------------------------------------------------------------------
# Corrected calcium and CTCAE
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "units", "reported"),
    [
        (11.64, "mg/dL", 11.6),
        (11.65, "mg/dL", 11.7),  # half up, as labs round
        (11.5, "mg/dL", 11.5),
        (2.904, "mmol/L", 2.9),
        (2.905, "mmol/L", 2.91),  # float 2.905 is 2.90499...: still rounds half up
        (3.395, "mmol/L", 3.4),
    ],
)
def test_report_calcium_rounds_to_lab_precision_half_up(value, units, reported):
    assert report_calcium(value, units=units) == reported


@pytest.mark.parametrize("bad", [True, float("nan"), math.inf, "11.5", None])
def test_report_calcium_rejects_non_numbers(bad):
    with pytest.raises(ValueError, match="number"):
        report_calcium(bad)


def test_report_calcium_rejects_unknown_units():
    with pytest.raises(ValueError, match="units"):
        report_calcium(11.0, units="mmol")


@pytest.mark.parametrize(
    ("calcium", "albumin", "units", "corrected", "reported", "grade"),
    [
        # quantitative_models 4.7 worked values and medical_facts 13, example 4
        (10.5, 2.5, "mg/dL", 11.7, 11.7, 2),
        (9.9, 2.0, "mg/dL", 11.5, 11.5, 1),  # equal to a cut-off: lower grade
        (12.0, 2.0, "mg/dL", 13.6, 13.6, 4),
        (11.0, 4.5, "mg/dL", 10.6, 10.6, 1),
        (11.0, 2.0, "mg/dL", 12.6, 12.6, 3),
        (2.60, 25, "mmol/L", 2.9, 2.9, 1),
        (2.80, 30, "mmol/L", 3.0, 3.0, 2),
        (3.30, 30, "mmol/L", 3.5, 3.5, 4),
        # rounding decides the grade: 10.74 + 0.8 = 11.54 is reported 11.5 (grade 1)
        (10.74, 3.0, "mg/dL", 11.54, 11.5, 1),
    ],
)
def test_assess_calcium(calcium, albumin, units, corrected, reported, grade):
    a = assess_calcium(calcium, albumin, units=units)
    assert a.corrected == pytest.approx(corrected)
    assert a.reported == reported
    assert a.grade == grade
    assert a.description == calcium_calc.HYPERCALCEMIA_GRADE_DESCRIPTIONS[grade]


def test_assess_calcium_unrounded_grade_and_severity_edges():
    a = assess_calcium(10.74, 3.0)
    assert (a.grade, a.unrounded_grade) == (1, 2)
    # BMJ Best Practice shorthand: mild < 12, moderate 12-14, severe > 14 mg/dL.
    cases = [
        (10.5, "none"),
        (11.9, "mild"),
        (12.0, "moderate"),
        (14.0, "moderate"),
        (14.1, "severe"),
    ]
    for corrected, severity in cases:
        assert assess_calcium(corrected, 4.0).severity == severity, corrected
    cases_si = [
        (2.6, "none"),
        (2.99, "mild"),
        (3.0, "moderate"),
        (3.5, "moderate"),
        (3.51, "severe"),
    ]
    for corrected, severity in cases_si:
        assert assess_calcium(corrected, 40, units="mmol/L").severity == severity, corrected


def test_calcium_view_shows_calculated_and_reported_value_grade_and_footer():
    view = CalciumCalculator(calcium=10.74, albumin=3.0)
    a = view.result
    assert (a.corrected, a.reported, a.grade) == (11.54, 11.5, 1)
    summary = view.summary.value
    assert "11.54 mg/dL (calculated)" in summary and "reported 11.5 mg/dL" in summary
    assert "grade 2" in summary and "is grade 1" in summary  # the rounding note
    assert "): 1</b>" in summary
    foot = footer_html(view)
    assert "Payne RB" in foot and "CTCAE" in foot and EDUCATION_ONLY in foot
    png = view.pane.image.value
    view.controls["calcium"].value = 12.4
    view.controls["albumin"].value = 2.5
    assert (view.result.reported, view.result.grade) == (13.6, 4)
    assert "zoledronic acid" in view.summary.value
    assert view.pane.image.value != png
    assert "corrected 13.6" in view.pane.description.value


def test_calcium_view_converts_on_unit_switch_and_grades_in_each_system():
    view = CalciumCalculator(calcium=12.4, albumin=2.5)
    assert view.result.grade == 4
    view.controls["units"].value = "mmol/L"
    assert view.controls["calcium"].value == 3.09
    assert view.controls["albumin"].value == 25.0
    assert view.controls["uln"].value == 2.6
    a = view.result
    assert (a.units, a.reported, a.grade) == ("mmol/L", 3.39, 3)
    assert "mmol/L" in view.summary.value and view.status.value == ""
    view.controls["units"].value = "mg/dL"
    assert view.controls["calcium"].value == 12.4 and view.controls["albumin"].value == 2.5
    assert view.result.grade == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("albumin", 35.0, "looks like albumin in g/L"),
        ("calcium", -1.0, "outside the range"),
        ("calcium", 2.6, "looks like a value in mmol/L"),
        ("uln", 12.0, "upper limit of normal"),
    ],
)
def test_calcium_view_bad_input_shows_error_not_score(field, value, message):
    view = CalciumCalculator(calcium=10.4, albumin=2.5)
    view.controls[field].value = value
    assert view.result is None
    assert message in view.status.value.replace("&#x27;", "'")
    assert view.summary.value == "" and view.pane.widget.layout.display == "none"


def test_calcium_view_bad_initial_units_shows_error():
    view = CalciumCalculator(units="mg/L")
    assert view.result is None and "mg/L" in view.status.value
    view.controls["units"].value = "mmol/L"
    view.controls["units"].value = "mg/dL"
    assert view.result is not None
