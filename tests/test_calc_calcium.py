"""Tests for course.calculators.calcium (albumin-corrected calcium; CTCAE v5.0 hypercalcemia).

Expected values come from the evidence sheet (quantitative_models section 4.7; medical_facts
section 4.6 and section 13, example 4), written out here by hand.
"""

from __future__ import annotations

import math

import pytest

from course.calculators.calcium import (
    ALBUMIN_UNITS,
    CALCIUM_UNITS,
    CTCAE_CUTOFFS,
    DEFAULT_ULN,
    HYPERCALCEMIA_GRADE_DESCRIPTIONS,
    REFERENCE,
    corrected_calcium,
    hypercalcemia_grade,
)

# ---- corrected calcium -----------------------------------------------------------------------


def test_worked_example_section_13():
    # measured 11.0 mg/dL, albumin 2.0 g/dL -> 12.6 mg/dL -> CTCAE grade 3;
    # the uncorrected value would have been graded 1.
    value = corrected_calcium(11.0, 2.0)
    assert value == pytest.approx(12.6, abs=1e-9)
    assert hypercalcemia_grade(value) == 3
    assert hypercalcemia_grade(11.0) == 1


@pytest.mark.parametrize(
    ("calcium", "albumin", "units", "corrected", "grade"),
    [
        # quantitative_models section 4.7, worked values [derived from verified formulas]
        (10.5, 2.5, "mg/dL", 11.7, 2),
        (9.9, 2.0, "mg/dL", 11.5, 1),
        (12.0, 2.0, "mg/dL", 13.6, 4),
        (11.0, 4.5, "mg/dL", 10.6, 1),  # albumin above 4 corrects downwards
        (2.60, 25, "mmol/L", 2.90, 1),
        (2.80, 30, "mmol/L", 3.00, 2),
        (3.30, 30, "mmol/L", 3.50, 4),
        # medical_facts section 4.6
        (10.4, 2.5, "mg/dL", 11.6, 2),
    ],
)
def test_worked_values(calcium, albumin, units, corrected, grade):
    value = corrected_calcium(calcium, albumin, units=units)
    assert value == pytest.approx(corrected, abs=1e-9)
    assert hypercalcemia_grade(value, units=units) == grade


def test_formula_coefficients():
    # 0.8 mg/dL per g/dL below 4.0; 0.02 mmol/L per g/L below 40 (not 0.2, a known web error).
    assert corrected_calcium(9.0, 3.0) == pytest.approx(9.8)
    assert corrected_calcium(9.0, 1.0) == pytest.approx(11.4)
    assert corrected_calcium(2.40, 30, units="mmol/L") == pytest.approx(2.60)
    assert corrected_calcium(2.40, 30, units="mmol/L") != pytest.approx(2.40 + 0.2 * 10)


def test_normal_albumin_leaves_calcium_unchanged():
    assert corrected_calcium(9.5, 4.0) == 9.5
    assert corrected_calcium(2.35, 40, units="mmol/L") == 2.35


def test_the_two_unit_systems_agree():
    # 1 mg/dL of calcium = 0.2495 mmol/L; 1 g/dL of albumin = 10 g/L.
    mg = corrected_calcium(11.0, 2.0)
    mmol = corrected_calcium(11.0 * 0.2495, 20, units="mmol/L")
    assert mmol == pytest.approx(mg * 0.2495, abs=0.005)


def test_result_is_a_float_without_floating_point_noise():
    value = corrected_calcium(9.9, 2.0)
    assert isinstance(value, float)
    assert value == 11.5
    assert corrected_calcium(2.60, 25, units="mmol/L") == 2.9
    assert corrected_calcium(10.4, 2.5) == 11.6  # 11.600000000000001 in raw floating point
    assert corrected_calcium(2.62, 26, units="mmol/L") == 2.9  # raw: 2.9000000000000004
    assert corrected_calcium(11, 2) == pytest.approx(12.6)  # ints are accepted


def test_units_tables():
    assert CALCIUM_UNITS == ("mg/dL", "mmol/L")
    assert ALBUMIN_UNITS == {"mg/dL": "g/dL", "mmol/L": "g/L"}


@pytest.mark.parametrize(
    ("calcium", "albumin", "units", "message"),
    [
        (11.0, 35, "mg/dL", r"looks like albumin in g/L.*35 g/L = 3\.5 g/dL"),
        (2.6, 3.5, "mmol/L", r"looks like albumin in g/dL.*3\.5 g/dL = 35 g/L"),
        (2.6, 25, "mg/dL", r"looks like a value in mmol/L"),
        (10.4, 25, "mmol/L", r"looks like a value in mg/dL"),
        (-9.0, 3.0, "mg/dL", "outside the range"),
        (0, 3.0, "mg/dL", "outside the range"),
        (0, 30, "mmol/L", "outside the range"),
        (40.0, 3.0, "mg/dL", "outside the range"),
        (9.0, 0, "mg/dL", "Albumin of 0 g/dL is outside"),
        (9.0, -1.0, "mg/dL", "Albumin of -1 g/dL is outside"),
        (2.4, 100, "mmol/L", "Albumin of 100 g/L is outside"),
        (2.4, 0.2, "mmol/L", "Albumin of 0.2 g/L is outside"),
        (4.0, 7.0, "mg/dL", "gives a corrected calcium of 1.6"),
    ],
)
def test_implausible_labs_raise(calcium, albumin, units, message):
    with pytest.raises(ValueError, match=message):
        corrected_calcium(calcium, albumin, units=units)


def test_albumin_mix_up_without_hint_when_value_is_absurd_in_both_units():
    with pytest.raises(ValueError, match="outside the range") as info:
        corrected_calcium(9.0, 500)
    assert "looks like" not in str(info.value)


@pytest.mark.parametrize(
    ("name", "calcium", "albumin"),
    [
        ("calcium", float("nan"), 3.0),
        ("albumin", 9.0, float("nan")),
        ("calcium", math.inf, 3.0),
        ("albumin", 9.0, -math.inf),
    ],
)
def test_nan_and_infinity_raise(name, calcium, albumin):
    with pytest.raises(ValueError, match=f"{name} must be a finite number"):
        corrected_calcium(calcium, albumin)


@pytest.mark.parametrize(
    ("name", "calcium", "albumin"),
    [
        ("calcium", True, 3.0),
        ("albumin", 9.0, False),
        ("calcium", "9.0", 3.0),
        ("albumin", 9.0, None),
        ("calcium", [9.0], 3.0),
    ],
)
def test_wrong_types_raise(name, calcium, albumin):
    with pytest.raises(ValueError, match=f"{name} must be a number"):
        corrected_calcium(calcium, albumin)


@pytest.mark.parametrize(
    ("units", "message"),
    [
        ("mg/dl", "Did you mean 'mg/dL'"),
        ("MMOL/L", "Did you mean 'mmol/L'"),
        ("g/L", "albumin is then in"),
        ("mol/L", "units must be 'mg/dL' or 'mmol/L'"),
        ("", "units must be"),
        (None, "units must be"),
        (1, "units must be"),
    ],
)
def test_unknown_units_raise(units, message):
    with pytest.raises(ValueError, match=message):
        corrected_calcium(9.0, 3.0, units=units)
    with pytest.raises(ValueError, match=message):
        hypercalcemia_grade(11.0, units=units)


def test_units_is_keyword_only():
    with pytest.raises(TypeError):
        corrected_calcium(9.0, 3.0, "mg/dL")  # type: ignore[misc]
    with pytest.raises(TypeError):
        hypercalcemia_grade(11.0, "mg/dL")  # type: ignore[misc]


# ---- CTCAE v5.0 grade ------------------------------------------------------------------------


def test_cutoffs_and_defaults_match_ctcae_v5():
    assert CTCAE_CUTOFFS == {"mg/dL": (11.5, 12.5, 13.5), "mmol/L": (2.9, 3.1, 3.4)}
    assert DEFAULT_ULN == {"mg/dL": 10.5, "mmol/L": 2.6}


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (9.0, 0),
        (10.5, 0),  # exactly the default ULN
        (10.51, 1),
        (11.5, 1),  # a value equal to a cut-off belongs to the lower grade
        (11.51, 2),
        (12.5, 2),
        (12.51, 3),
        (13.5, 3),
        (13.51, 4),
        (18.0, 4),
    ],
)
def test_grade_edges_mg_dl(value, grade):
    result = hypercalcemia_grade(value, units="mg/dL")
    assert result == grade
    assert type(result) is int


@pytest.mark.parametrize(
    ("value", "grade"),
    [
        (2.3, 0),
        (2.6, 0),  # exactly the default ULN
        (2.61, 1),
        (2.9, 1),
        (2.91, 2),
        (3.1, 2),
        (3.11, 3),
        (3.4, 3),
        (3.41, 4),
        (4.5, 4),
    ],
)
def test_grade_edges_mmol_l(value, grade):
    assert hypercalcemia_grade(value, units="mmol/L") == grade


def test_default_units_are_mg_dl():
    assert hypercalcemia_grade(11.51) == 2


def test_grading_rounds_away_floating_point_noise():
    raw = 2.70 + 0.02 * (40 - 30)
    assert raw > 2.9  # 2.9000000000000004 in raw floating point: just above the cut-off
    assert hypercalcemia_grade(raw, units="mmol/L") == 1
    assert corrected_calcium(2.70, 30, units="mmol/L") == 2.9
    assert hypercalcemia_grade(9.9 + 0.8 * 2.0) == 1


def test_each_unit_system_uses_its_own_cutoffs():
    # 11.6 mg/dL is 2.894 mmol/L: grade 2 in mg/dL, grade 1 in mmol/L. Never converted.
    assert hypercalcemia_grade(11.6, units="mg/dL") == 2
    assert hypercalcemia_grade(round(11.6 * 0.2495, 3), units="mmol/L") == 1


@pytest.mark.parametrize(
    ("value", "units", "uln", "grade"),
    [
        (10.2, "mg/dL", 10.2, 0),
        (10.21, "mg/dL", 10.2, 1),
        (10.6, "mg/dL", 10.8, 0),
        (10.81, "mg/dL", 10.8, 1),
        (11.5, "mg/dL", 11.5, 0),  # a ULN equal to the grade-1 cut-off leaves grade 1 empty
        (11.51, "mg/dL", 11.5, 2),
        (2.55, "mmol/L", 2.55, 0),
        (2.56, "mmol/L", 2.55, 1),
        (2.9, "mmol/L", 2.9, 0),
        (2.91, "mmol/L", 2.9, 2),
        (12.6, "mg/dL", 10, 3),  # an int ULN is accepted
    ],
)
def test_custom_uln(value, units, uln, grade):
    assert hypercalcemia_grade(value, units=units, uln=uln) == grade


@pytest.mark.parametrize(
    ("uln", "units", "message"),
    [
        (0, "mg/dL", "must be positive"),
        (-10.5, "mg/dL", "must be positive"),
        (0.0, "mmol/L", "must be positive"),
        (11.6, "mg/dL", "above the CTCAE grade-1 upper cut-off"),
        (3.0, "mmol/L", "above the CTCAE grade-1 upper cut-off"),
        (10.5, "mmol/L", r"above the CTCAE grade-1 .*looks like a value in mg/dL"),
        (2.6, "mg/dL", r"too low.*looks like a value in mmol/L"),
        (5.0, "mg/dL", "too low"),
        (float("nan"), "mg/dL", "uln must be a finite number"),
        (math.inf, "mg/dL", "uln must be a finite number"),
        (True, "mg/dL", "uln must be a number"),
        ("10.5", "mg/dL", "uln must be a number"),
    ],
)
def test_bad_uln_raises(uln, units, message):
    value = 11.0 if units == "mg/dL" else 2.8
    with pytest.raises(ValueError, match=message):
        hypercalcemia_grade(value, units=units, uln=uln)


@pytest.mark.parametrize(
    ("value", "units", "message"),
    [
        (2.9, "mg/dL", "looks like a value in mmol/L"),
        (12.6, "mmol/L", "looks like a value in mg/dL"),
        (-1.0, "mg/dL", "outside the range"),
        (0, "mmol/L", "outside the range"),
        (45.0, "mg/dL", "outside the range"),
        (float("nan"), "mg/dL", "finite number"),
        (math.inf, "mmol/L", "finite number"),
        (True, "mg/dL", "must be a number"),
        ("12.6", "mg/dL", "must be a number"),
        (None, "mg/dL", "must be a number"),
    ],
)
def test_bad_corrected_value_raises(value, units, message):
    with pytest.raises(ValueError, match=message):
        hypercalcemia_grade(value, units=units)


def test_every_corrected_result_can_be_graded():
    # Whatever corrected_calcium returns lies in the range hypercalcemia_grade accepts.
    for calcium in (4.0, 6.0, 9.0, 12.0, 18.0, 25.0):
        for albumin in (0.5, 2.0, 4.0, 6.0, 7.0):
            try:
                value = corrected_calcium(calcium, albumin)
            except ValueError:
                continue
            assert 0 <= hypercalcemia_grade(value) <= 4


def test_grade_descriptions():
    assert set(HYPERCALCEMIA_GRADE_DESCRIPTIONS) == {0, 1, 2, 3, 4}
    assert "symptomatic" in HYPERCALCEMIA_GRADE_DESCRIPTIONS[2]
    assert "hospitalization" in HYPERCALCEMIA_GRADE_DESCRIPTIONS[3]
    assert "life-threatening" in HYPERCALCEMIA_GRADE_DESCRIPTIONS[4]


def test_reference():
    assert "Payne RB" in REFERENCE
    assert "10.1136/bmj.4.5893.643" in REFERENCE
    assert "CTCAE" in REFERENCE
    assert "5.0" in REFERENCE
