"""Tests for course.calculators.sins (Spinal Instability Neoplastic Score, Fisher 2010).

Expected values come from the evidence sheet (quantitative_models section 4.2; medical_facts
section 4.4 and section 13), written out here by hand.
"""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from course.calculators.sins import (
    REFERENCE,
    SINS_ALIGNMENTS,
    SINS_BANDS,
    SINS_BONE_LESIONS,
    SINS_COLLAPSES,
    SINS_ITEM_LABELS,
    SINS_ITEMS,
    SINS_LABELS,
    SINS_LEVEL_LOCATIONS,
    SINS_LOCATIONS,
    SINS_PAINS,
    SINS_POINTS,
    SINS_POSTEROLATERALS,
    SINS_TOTAL_RANGE,
    SPINE_LEVELS,
    SinsResult,
    sins_band,
    sins_location,
    sins_score,
)

# Point table, cell by cell (Fisher 2010 via the evidence sheet). Pain is 3/1/0, not 3/2/1.
EXPECTED_POINTS = {
    "location": {"junctional": 3, "mobile": 2, "semi_rigid": 1, "rigid": 0},
    "pain": {"mechanical": 3, "occasional": 1, "none": 0},
    "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
    "alignment": {"subluxation": 4, "de_novo_deformity": 2, "normal": 0},
    "collapse": {"over_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0},
    "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
}
ZERO = {
    "location": "rigid",
    "pain": "none",
    "bone_lesion": "blastic",
    "alignment": "normal",
    "collapse": "none",
    "posterolateral": "none",
}
MAX = {
    "location": "junctional",
    "pain": "mechanical",
    "bone_lesion": "lytic",
    "alignment": "subluxation",
    "collapse": "over_50",
    "posterolateral": "bilateral",
}
CELLS = [
    (item, choice, pts) for item, row in EXPECTED_POINTS.items() for choice, pts in row.items()
]

# Location by level, from the evidence sheet's ranges: junctional occiput-C2, C7-T2, T11-L1,
# L5-S1; mobile C3-C6, L2-L4; semi-rigid T3-T10; rigid S2-S5.
JUNCTIONAL = ["C1", "C2", "C7", "T1", "T2", "T11", "T12", "L1", "L5", "S1"]
MOBILE = ["C3", "C4", "C5", "C6", "L2", "L3", "L4"]
SEMI_RIGID = ["T3", "T4", "T5", "T6", "T7", "T8", "T9", "T10"]
RIGID = ["S2", "S3", "S4", "S5"]
LEVEL_CASES = (
    [(lv, "junctional") for lv in JUNCTIONAL]
    + [(lv, "mobile") for lv in MOBILE]
    + [(lv, "semi_rigid") for lv in SEMI_RIGID]
    + [(lv, "rigid") for lv in RIGID]
)


def score(**overrides: str) -> SinsResult:
    return sins_score(**{**ZERO, **overrides})


def test_cells_list_is_complete():
    assert len(CELLS) == 4 + 3 + 3 + 3 + 4 + 3


@pytest.mark.parametrize(("item", "choice", "points"), CELLS)
def test_point_table_cell(item, choice, points):
    result = score(**{item: choice})
    assert result.components[item] == points
    # Every other item stays at 0 points.
    assert result.total == points


def test_pain_points_are_3_1_0():
    assert [score(pain=p).total for p in ("mechanical", "occasional", "none")] == [3, 1, 0]


def test_public_tables_match_the_source():
    assert SINS_POINTS == EXPECTED_POINTS
    assert SINS_ITEMS == tuple(EXPECTED_POINTS)
    assert SINS_LOCATIONS == ("junctional", "mobile", "semi_rigid", "rigid")
    assert SINS_PAINS == ("mechanical", "occasional", "none")
    assert SINS_BONE_LESIONS == ("lytic", "mixed", "blastic")
    assert SINS_ALIGNMENTS == ("subluxation", "de_novo_deformity", "normal")
    assert SINS_COLLAPSES == ("over_50", "under_50", "none_over_50_involved", "none")
    assert SINS_POSTEROLATERALS == ("bilateral", "unilateral", "none")
    assert SINS_BANDS == ("stable", "potentially_unstable", "unstable")
    assert SINS_TOTAL_RANGE == (0, 18)


def test_labels_show_points_for_every_choice():
    assert SINS_LABELS["location"]["semi_rigid"] == "Semi-rigid: T3-T10 (1 point)"
    for item, choice, points in CELLS:
        assert SINS_LABELS[item][choice].endswith(f"({points} point{'s' if points != 1 else ''})")
    assert set(SINS_ITEM_LABELS) == set(SINS_ITEMS)


def test_worked_example_t12_scores_11_potentially_unstable():
    # medical_facts section 13, example 3.
    result = sins_score(
        location=sins_location("T12"),
        pain="mechanical",
        bone_lesion="lytic",
        alignment="normal",
        collapse="under_50",
        posterolateral="unilateral",
    )
    assert result.total == 11
    assert result.band == "potentially_unstable"
    assert result.surgical_consultation is True
    assert result.components == {
        "location": 3,
        "pain": 3,
        "bone_lesion": 2,
        "alignment": 0,
        "collapse": 2,
        "posterolateral": 1,
    }


def test_minimum_and_maximum_totals():
    assert score().total == 0
    assert score().band == "stable"
    top = sins_score(**MAX)
    assert top.total == 18
    assert top.band == "unstable"


@pytest.mark.parametrize(
    ("overrides", "total", "band", "consult"),
    [
        ({"pain": "mechanical", "alignment": "de_novo_deformity", "posterolateral": "unilateral"},
         6, "stable", False),
        ({"pain": "mechanical", "alignment": "subluxation"}, 7, "potentially_unstable", True),
        ({"location": "junctional", "pain": "mechanical", "alignment": "subluxation",
          "collapse": "under_50"}, 12, "potentially_unstable", True),
        ({"location": "junctional", "pain": "mechanical", "alignment": "subluxation",
          "collapse": "over_50"}, 13, "unstable", True),
    ],
)  # fmt: skip
def test_band_edges_through_the_score(overrides, total, band, consult):
    result = score(**overrides)
    assert result.total == total
    assert result.band == band
    assert result.surgical_consultation is consult


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "stable"),
        (6, "stable"),
        (7, "potentially_unstable"),
        (12, "potentially_unstable"),
        (13, "unstable"),
        (18, "unstable"),
    ],
)
def test_sins_band_edges(total, band):
    assert sins_band(total) == band


def test_every_combination_is_consistent():
    totals = set()
    for combo in itertools.product(*(EXPECTED_POINTS[item] for item in SINS_ITEMS)):
        kwargs = dict(zip(SINS_ITEMS, combo, strict=True))
        result = sins_score(**kwargs)
        expected_total = sum(EXPECTED_POINTS[i][c] for i, c in kwargs.items())
        assert result.total == expected_total
        band = "stable" if expected_total <= 6 else "unstable" if expected_total >= 13 else None
        assert result.band == (band or "potentially_unstable")
        assert result.surgical_consultation is (expected_total >= 7)
        totals.add(result.total)
    assert totals == set(range(19))


def test_interpretation_differs_by_band_and_cites_the_source():
    stable = score().interpretation
    potentially_unstable = score(pain="mechanical", alignment="subluxation").interpretation
    unstable = sins_score(**MAX).interpretation
    texts = {stable, potentially_unstable, unstable}
    assert len(texts) == 3
    for text in texts:
        assert "Fisher 2010" in text


def test_result_is_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        score().band = "unstable"  # type: ignore[misc]


def test_reference():
    assert "Fisher CG" in REFERENCE
    assert "E1221" in REFERENCE
    assert "10.1097/BRS.0b013e3181e16ae2" in REFERENCE


# ---- level map -------------------------------------------------------------------------------


def test_spine_levels_in_order():
    expected = (
        [f"C{i}" for i in range(1, 8)]
        + [f"T{i}" for i in range(1, 13)]
        + [f"L{i}" for i in range(1, 6)]
        + [f"S{i}" for i in range(1, 6)]
    )
    assert list(SPINE_LEVELS) == expected
    assert len(SPINE_LEVELS) == 29


def test_level_lists_cover_every_level_once():
    assert len(LEVEL_CASES) == 29
    assert sorted(lv for lv, _ in LEVEL_CASES) == sorted(SPINE_LEVELS)


@pytest.mark.parametrize(("level", "location"), LEVEL_CASES)
def test_level_location(level, location):
    assert sins_location(level) == location
    assert SINS_LEVEL_LOCATIONS[level] == location


def test_level_location_points_at_the_boundaries():
    # The transitions of the ranges, read through the score's location points.
    pairs = [
        ("C2", 3), ("C3", 2), ("C6", 2), ("C7", 3), ("T2", 3), ("T3", 1), ("T10", 1),
        ("T11", 3), ("L1", 3), ("L2", 2), ("L4", 2), ("L5", 3), ("S1", 3), ("S2", 0),
    ]  # fmt: skip
    for level, points in pairs:
        assert score(location=sins_location(level)).components["location"] == points


@pytest.mark.parametrize(
    ("text", "location"),
    [("t12", "junctional"), (" T12 ", "junctional"), ("l3", "mobile"), ("\ts3\n", "rigid")],
)
def test_level_accepts_whitespace_and_lowercase(text, location):
    assert sins_location(text) == location


@pytest.mark.parametrize(
    "bad", ["T13", "L6", "C0", "C8", "S6", "X1", "", "   ", "T 12", "T012", "occiput", "Co1"]
)
def test_unknown_level_raises(bad):
    with pytest.raises(ValueError, match="Unknown spinal level"):
        sins_location(bad)


@pytest.mark.parametrize("bad", [None, 12, 12.0, True, ["T12"]])
def test_level_of_wrong_type_raises(bad):
    with pytest.raises(ValueError, match="must be a string"):
        sins_location(bad)


# ---- bad inputs to the score -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("location", "thoracic", "location must be one of"),
        ("location", "semi-rigid", "location must be one of"),
        ("pain", "yes", "pain must be one of"),
        ("bone_lesion", "Lytic", "bone_lesion must be one of"),
        ("alignment", "kyphosis", "alignment must be one of"),
        ("collapse", ">50", "collapse must be one of"),
        ("posterolateral", "both", "posterolateral must be one of"),
        ("location", None, "location must be a string"),
        ("pain", 3, "pain must be a string"),
        ("collapse", False, "collapse must be a string"),
        ("posterolateral", float("nan"), "posterolateral must be a string"),
    ],
)
def test_bad_choice_raises(item, value, message):
    with pytest.raises(ValueError, match=message):
        score(**{item: value})


def test_level_given_as_location_hints_at_sins_location():
    with pytest.raises(ValueError, match="sins_location"):
        score(location="T12")


def test_arguments_are_keyword_only():
    with pytest.raises(TypeError):
        sins_score("rigid", "none", "blastic", "normal", "none", "none")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("total", "message"),
    [(-1, "runs from 0 to 18"), (19, "runs from 0 to 18"), (7.0, "whole number"),
     (True, "whole number"), ("7", "whole number")],
)  # fmt: skip
def test_sins_band_rejects_bad_totals(total, message):
    with pytest.raises(ValueError, match=message):
        sins_band(total)
