"""Tests for course.calculators.mirels (Mirels 1989 score for impending long-bone fracture).

Expected values come from the evidence sheet (quantitative_models section 4.1; medical_facts
section 4.3, the verification update and section 13), written out here by hand.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from course.calculators.mirels import (
    MIRELS_BANDS,
    MIRELS_ITEM_LABELS,
    MIRELS_ITEMS,
    MIRELS_LABELS,
    MIRELS_LESIONS,
    MIRELS_PAINS,
    MIRELS_POINTS,
    MIRELS_SITES,
    MIRELS_SIZES,
    MIRELS_TOTAL_RANGE,
    REFERENCE,
    MirelsResult,
    mirels_band,
    mirels_score,
)

# Point table, cell by cell (Mirels 1989 via the evidence sheet): 1 / 2 / 3 points.
EXPECTED_POINTS = {
    "site": {"upper_limb": 1, "lower_limb": 2, "peritrochanteric": 3},
    "pain": {"mild": 1, "moderate": 2, "functional": 3},
    "lesion": {"blastic": 1, "mixed": 2, "lytic": 3},
    "size": {"<1/3": 1, "1/3-2/3": 2, ">2/3": 3},
}
LOWEST = {"site": "upper_limb", "pain": "mild", "lesion": "blastic", "size": "<1/3"}
CELLS = [
    (item, choice, pts) for item, row in EXPECTED_POINTS.items() for choice, pts in row.items()
]


def score(**overrides: str) -> MirelsResult:
    return mirels_score(**{**LOWEST, **overrides})


def test_cells_list_is_complete():
    assert len(CELLS) == 12


@pytest.mark.parametrize(("item", "choice", "points"), CELLS)
def test_point_table_cell(item, choice, points):
    result = score(**{item: choice})
    assert result.components[item] == points
    # The other three items stay at 1 point each.
    assert result.total == 3 + points


def test_public_tables_match_the_source():
    assert MIRELS_POINTS == EXPECTED_POINTS
    assert MIRELS_ITEMS == ("site", "pain", "lesion", "size")
    assert MIRELS_SITES == ("upper_limb", "lower_limb", "peritrochanteric")
    assert MIRELS_PAINS == ("mild", "moderate", "functional")
    assert MIRELS_LESIONS == ("blastic", "mixed", "lytic")
    assert MIRELS_SIZES == ("<1/3", "1/3-2/3", ">2/3")
    assert MIRELS_BANDS == ("low", "borderline", "high")
    assert MIRELS_TOTAL_RANGE == (4, 12)


def test_public_points_table_is_a_copy():
    MIRELS_POINTS["site"]["upper_limb"] = 99
    try:
        assert score().total == 4
    finally:
        MIRELS_POINTS["site"]["upper_limb"] = 1


def test_labels_show_points_for_every_choice():
    assert MIRELS_LABELS["site"]["peritrochanteric"] == "Peritrochanteric (3 points)"
    assert MIRELS_LABELS["site"]["upper_limb"] == "Upper limb (1 point)"
    for item, choice, points in CELLS:
        label = MIRELS_LABELS[item][choice]
        assert label.endswith(f"({points} point{'s' if points != 1 else ''})")
    assert set(MIRELS_ITEM_LABELS) == set(MIRELS_ITEMS)


def test_worked_example_blastic_femoral_shaft_scores_7_low():
    # medical_facts section 13, example 1.
    result = mirels_score(site="lower_limb", pain="moderate", lesion="blastic", size="1/3-2/3")
    assert result.total == 7
    assert result.band == "low"
    assert result.components == {"site": 2, "pain": 2, "lesion": 1, "size": 2}


def test_worked_example_lytic_peritrochanteric_scores_12_high():
    # medical_facts section 13, example 2.
    result = mirels_score(site="peritrochanteric", pain="functional", lesion="lytic", size=">2/3")
    assert result.total == 12
    assert result.band == "high"
    assert list(result.components) == ["site", "pain", "lesion", "size"]


def test_minimum_and_maximum_totals():
    assert score().total == 4
    assert score().band == "low"
    totals = [
        mirels_score(site=a, pain=b, lesion=c, size=d).total
        for a, b, c, d in itertools.product(
            MIRELS_SITES, MIRELS_PAINS, MIRELS_LESIONS, MIRELS_SIZES
        )
    ]
    assert len(totals) == 81
    assert min(totals) == 4
    assert max(totals) == 12


@pytest.mark.parametrize(
    ("overrides", "total", "band"),
    [
        ({"site": "peritrochanteric", "pain": "functional"}, 8, "borderline"),
        ({"site": "peritrochanteric", "pain": "moderate", "lesion": "mixed"}, 8, "borderline"),
        ({"site": "peritrochanteric", "pain": "functional", "lesion": "mixed"}, 9, "high"),
        ({"site": "lower_limb", "pain": "moderate", "size": "1/3-2/3"}, 7, "low"),
        ({"site": "lower_limb", "pain": "moderate", "size": ">2/3"}, 8, "borderline"),
        ({"site": "lower_limb", "pain": "functional", "size": ">2/3"}, 9, "high"),
    ],
)
def test_band_edges_through_the_score(overrides, total, band):
    result = score(**overrides)
    assert result.total == total
    assert result.band == band


@pytest.mark.parametrize(
    ("total", "band"),
    [(4, "low"), (7, "low"), (8, "borderline"), (9, "high"), (12, "high")],
)
def test_mirels_band_edges(total, band):
    assert mirels_band(total) == band


def test_band_is_consistent_for_every_combination():
    for combo in itertools.product(MIRELS_SITES, MIRELS_PAINS, MIRELS_LESIONS, MIRELS_SIZES):
        result = mirels_score(site=combo[0], pain=combo[1], lesion=combo[2], size=combo[3])
        assert result.total == sum(result.components.values())
        expected = "low" if result.total <= 7 else "borderline" if result.total == 8 else "high"
        assert result.band == expected


def test_interpretation_differs_by_band_and_cites_the_source():
    low = score().interpretation
    borderline = score(site="peritrochanteric", pain="functional").interpretation
    high = score(site="peritrochanteric", pain="functional", lesion="lytic").interpretation
    assert len({low, borderline, high}) == 3
    for text in (low, borderline, high):
        assert "Mirels 1989" in text
    assert "4 %" in low
    assert "15 %" in borderline
    assert "33 %" in high
    assert "fixation" in high


def test_result_is_frozen_and_typed():
    result = score()
    assert isinstance(result.total, int)
    assert isinstance(result.components, dict)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.total = 5  # type: ignore[misc]


def test_reference():
    assert "Mirels H" in REFERENCE
    assert "1989" in REFERENCE
    assert "256" in REFERENCE


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("site", "femur", "site must be one of"),
        ("site", "Upper limb", "site must be one of"),
        ("pain", "severe", "pain must be one of"),
        ("lesion", "Lytic", "lesion must be one of"),
        ("size", "1/3 - 2/3", "size must be one of"),
        ("size", 0.5, "size must be a string"),
        ("site", None, "site must be a string"),
        ("pain", 3, "pain must be a string"),
        ("lesion", True, "lesion must be a string"),
        ("size", float("nan"), "size must be a string"),
    ],
)
def test_bad_choice_raises(item, value, message):
    with pytest.raises(ValueError, match=message):
        score(**{item: value})


def test_error_lists_allowed_values():
    with pytest.raises(ValueError, match="'upper_limb', 'lower_limb', 'peritrochanteric'"):
        score(site="spine")


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        mirels_score("upper_limb", "mild", "blastic", "<1/3")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("total", "message"),
    [
        (3, "runs from 4 to 12"),
        (13, "runs from 4 to 12"),
        (-1, "runs from 4 to 12"),
        (8.0, "whole number"),
        (True, "whole number"),
        ("8", "whole number"),
        (None, "whole number"),
    ],
)
def test_mirels_band_rejects_bad_totals(total, message):
    with pytest.raises(ValueError, match=message):
        mirels_band(total)
