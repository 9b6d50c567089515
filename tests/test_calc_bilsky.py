"""Tests for course.calculators.bilsky (Bilsky ESCC scale; quantitative_models section 4.6)."""

from __future__ import annotations

import pytest

from course.calculators.bilsky import (
    BILSKY_DESCRIPTIONS,
    BILSKY_GRADES,
    BILSKY_HIGH_GRADES,
    BILSKY_LABELS,
    BILSKY_LOW_GRADES,
    REFERENCE,
    bilsky_grade_description,
    bilsky_is_high_grade,
    bilsky_management,
)

# Grade -> words the description must contain, and whether the grade is high grade.
EXPECTED = [
    ("0", ["bone-only"], False),
    ("1a", ["thecal sac", "without deforming"], False),
    ("1b", ["deforming the thecal sac", "without touching the spinal cord"], False),
    ("1c", ["deforming the thecal sac", "touching the cord", "without compressing"], False),
    ("2", ["cord compression", "still visible"], True),
    ("3", ["cord compression", "no cerebrospinal fluid visible"], True),
]


def test_grades_in_order():
    assert BILSKY_GRADES == ("0", "1a", "1b", "1c", "2", "3")
    assert BILSKY_HIGH_GRADES == ("2", "3")
    assert BILSKY_LOW_GRADES == ("0", "1a", "1b")
    assert set(BILSKY_DESCRIPTIONS) == set(BILSKY_GRADES)


@pytest.mark.parametrize(("grade", "words", "high"), EXPECTED)
def test_description_and_group(grade, words, high):
    text = bilsky_grade_description(grade)
    for word in words:
        assert word.lower() in text.lower()
    assert bilsky_is_high_grade(grade) is high
    assert BILSKY_LABELS[grade].endswith("(high grade)") is high


def test_management_by_group():
    assert "radiation is the first" in bilsky_management("1b")
    assert "debated" in bilsky_management("1c")
    assert "surgery before radiation" in bilsky_management("3")
    assert "radiosensitive" in bilsky_management("2")


@pytest.mark.parametrize(("given", "grade"), [("1A", "1a"), (" 1c ", "1c"), (2, "2"), (0, "0")])
def test_grade_is_normalized(given, grade):
    assert bilsky_grade_description(given) == BILSKY_DESCRIPTIONS[grade]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (1, "split into '1a', '1b' and '1c'"),
        ("1", "split into"),
        ("4", "must be one of"),
        ("1d", "must be one of"),
        ("", "must be one of"),
        (True, "must be one of"),
        (None, "must be one of"),
        (2.0, "must be one of"),
    ],
)
def test_bad_grade_raises(bad, message):
    with pytest.raises(ValueError, match=message):
        bilsky_grade_description(bad)
    with pytest.raises(ValueError, match=message):
        bilsky_is_high_grade(bad)


def test_reference():
    assert "Bilsky MH" in REFERENCE
    assert "10.3171/2010.3.SPINE09459" in REFERENCE
