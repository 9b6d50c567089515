"""Tests for course.calculators.prognosis (revised Tokuhashi 2005 and new Katagiri 2014).

Expected values are typed in from the evidence sheet (medical_facts 11.2 and 13;
quantitative_models 4.3 and 4.5), not read from the module's own tables.

- Tokuhashi point table and bands: verified (NICE CG75 appendix reproduction).
- Katagiri point table: confirmed only through independent calculator code (Verification update
  in medical_facts). Katagiri bands 0-3 / 4-6 / 7-10 and the survival figures 91% and 78% (low) and
  27% and 6% (high) are verified from the abstract; the other band survival figures are
  [unverified] and are NOT asserted here.
"""

from __future__ import annotations

import itertools
from dataclasses import FrozenInstanceError

import pytest

from course.calculators.prognosis import (
    KATAGIRI_LAB_DEFINITIONS,
    KATAGIRI_PRIMARY_GROUPS,
    KATAGIRI_REFERENCE,
    KATAGIRI_VERIFIED_SURVIVAL_PERCENT,
    REFERENCE,
    TOKUHASHI_POINTS,
    TOKUHASHI_REFERENCE,
    UNVERIFIED,
    KatagiriResult,
    TokuhashiResult,
    katagiri_primary_group,
    katagiri_score,
    tokuhashi_revised_score,
)

# ---------------------------------------------------------------------------------------------
# Revised Tokuhashi
# ---------------------------------------------------------------------------------------------

# The lowest-scoring choice for every item (total 0).
TOKU_MIN = {
    "general_condition": "poor",
    "extraspinal_bone_metastases": "3_or_more",
    "vertebral_body_metastases": "3_or_more",
    "major_organ_metastases": "unremovable",
    "primary_site": "lung",
    "palsy": "complete",
}
# The highest-scoring choice for every item (total 15).
TOKU_MAX = {
    "general_condition": "good",
    "extraspinal_bone_metastases": "0",
    "vertebral_body_metastases": "1",
    "major_organ_metastases": "none",
    "primary_site": "breast",
    "palsy": "none",
}

# Every cell of the published table (Tokuhashi 2005 via NICE CG75 appendix).
TOKUHASHI_CELLS = [
    ("general_condition", "poor", 0),  # KPS 10-40%
    ("general_condition", "moderate", 1),  # KPS 50-70%
    ("general_condition", "good", 2),  # KPS 80-100%
    ("extraspinal_bone_metastases", "3_or_more", 0),
    ("extraspinal_bone_metastases", "1_to_2", 1),
    ("extraspinal_bone_metastases", "0", 2),
    ("vertebral_body_metastases", "3_or_more", 0),
    ("vertebral_body_metastases", "2", 1),
    ("vertebral_body_metastases", "1", 2),
    ("major_organ_metastases", "unremovable", 0),
    ("major_organ_metastases", "removable", 1),
    ("major_organ_metastases", "none", 2),
    ("primary_site", "lung", 0),
    ("primary_site", "osteosarcoma", 0),
    ("primary_site", "stomach", 0),
    ("primary_site", "bladder", 0),
    ("primary_site", "esophagus", 0),
    ("primary_site", "pancreas", 0),
    ("primary_site", "liver", 1),
    ("primary_site", "gallbladder", 1),
    ("primary_site", "unidentified", 1),
    ("primary_site", "others", 2),
    ("primary_site", "kidney", 3),
    ("primary_site", "uterus", 3),
    ("primary_site", "rectum", 4),
    ("primary_site", "thyroid", 5),
    ("primary_site", "breast", 5),
    ("primary_site", "prostate", 5),
    ("primary_site", "carcinoid", 5),
    ("palsy", "complete", 0),  # Frankel A, B
    ("palsy", "incomplete", 1),  # Frankel C, D
    ("palsy", "none", 2),  # Frankel E
]


@pytest.mark.parametrize(("item", "option", "points"), TOKUHASHI_CELLS)
def test_tokuhashi_point_table_cell_by_cell(item: str, option: str, points: int) -> None:
    result = tokuhashi_revised_score(**{**TOKU_MIN, item: option})
    assert result.components[item] == points
    assert result.total == points  # every other item scores 0


def test_tokuhashi_table_covers_every_published_option() -> None:
    tested = {(item, option) for item, option, _ in TOKUHASHI_CELLS}
    offered = {(item, option) for item, table in TOKUHASHI_POINTS.items() for option in table}
    assert tested == offered


def test_tokuhashi_minimum_and_maximum_totals() -> None:
    low = tokuhashi_revised_score(**TOKU_MIN)
    high = tokuhashi_revised_score(**TOKU_MAX)
    assert (low.total, low.band) == (0, "under_6_months")
    assert (high.total, high.band) == (15, "1_year_or_more")
    assert dict(high.components) == {
        "general_condition": 2,
        "extraspinal_bone_metastases": 2,
        "vertebral_body_metastases": 2,
        "major_organ_metastases": 2,
        "primary_site": 5,
        "palsy": 2,
    }


def _tokuhashi_with_total(total: int) -> TokuhashiResult:
    """Find an input combination with the requested total (search over the published options)."""
    for combo in itertools.product(*(tuple(table) for table in TOKUHASHI_POINTS.values())):
        kwargs = dict(zip(TOKUHASHI_POINTS, combo, strict=True))
        result = tokuhashi_revised_score(**kwargs)
        if result.total == total:
            return result
    raise AssertionError(f"no combination gives {total}")


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (8, "under_6_months"),
        (9, "6_months_or_more"),
        (11, "6_months_or_more"),
        (12, "1_year_or_more"),
    ],
)
def test_tokuhashi_band_edges_both_sides(total: int, band: str) -> None:
    result = _tokuhashi_with_total(total)
    assert result.total == total
    assert result.band == band


def test_tokuhashi_band_edges_with_explicit_inputs() -> None:
    common = {
        "extraspinal_bone_metastases": "1_to_2",  # 1
        "vertebral_body_metastases": "2",  # 1
        "major_organ_metastases": "removable",  # 1
        "palsy": "none",  # 2
    }
    # 1 + 1 + 1 + 1 + 2 (others) + 2 = 8
    eight = tokuhashi_revised_score(general_condition="moderate", primary_site="others", **common)
    assert (eight.total, eight.band) == (8, "under_6_months")
    # 1 + 1 + 1 + 1 + 3 (kidney) + 2 = 9
    nine = tokuhashi_revised_score(general_condition="moderate", primary_site="kidney", **common)
    assert (nine.total, nine.band) == (9, "6_months_or_more")
    # 2 + 1 + 1 + 1 + 4 (rectum) + 2 = 11
    eleven = tokuhashi_revised_score(general_condition="good", primary_site="rectum", **common)
    assert (eleven.total, eleven.band) == (11, "6_months_or_more")
    # 2 + 1 + 1 + 1 + 5 (prostate) + 2 = 12
    twelve = tokuhashi_revised_score(general_condition="good", primary_site="prostate", **common)
    assert (twelve.total, twelve.band) == (12, "1_year_or_more")


def test_tokuhashi_every_total_maps_to_the_published_band() -> None:
    for total in range(16):
        expected = (
            "under_6_months"
            if total <= 8
            else "6_months_or_more"
            if total <= 11
            else "1_year_or_more"
        )
        assert _tokuhashi_with_total(total).band == expected


def test_tokuhashi_worked_example_score_13_predicts_one_year() -> None:
    # medical_facts section 13 item 14: revised Tokuhashi 13 -> survival >= 1 year
    # (excisional surgery considered).
    result = tokuhashi_revised_score(
        general_condition="good",  # 2
        extraspinal_bone_metastases="1_to_2",  # 1
        vertebral_body_metastases="1",  # 2
        major_organ_metastases="none",  # 2
        primary_site="breast",  # 5
        palsy="incomplete",  # 1
    )
    assert result.total == 13
    assert result.band == "1_year_or_more"
    assert "1 year or more" in result.interpretation
    assert "excisional surgery" in result.interpretation


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        (TOKU_MIN, ("under 6 months", "conservative", "palliative")),
        (
            {**TOKU_MIN, "primary_site": "breast", "palsy": "none", "general_condition": "good"},
            ("6 months or more", "palliative surgery", "single spinal lesion"),
        ),
        (TOKU_MAX, ("1 year or more", "excisional surgery")),
    ],
)
def test_tokuhashi_interpretation_names_survival_and_strategy(kwargs, words) -> None:
    result = tokuhashi_revised_score(**kwargs)
    for word in words:
        assert word in result.interpretation
    assert result.reference == TOKUHASHI_REFERENCE
    assert "Spine 2005;30(19):2186-2191" in result.reference


def test_tokuhashi_result_is_frozen() -> None:
    result = tokuhashi_revised_score(**TOKU_MAX)
    with pytest.raises(FrozenInstanceError):
        result.total = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.components["palsy"] = 0  # type: ignore[index]


@pytest.mark.parametrize(
    ("item", "bad", "pattern"),
    [
        ("general_condition", "fair", r"general_condition must be one of .*'poor'.*got 'fair'"),
        (
            "general_condition",
            80,
            r"general_condition must be one of the text labels.*got 80 \(int\)",
        ),
        ("general_condition", True, r"got True \(bool\)"),
        ("general_condition", None, r"got None \(NoneType\)"),
        ("extraspinal_bone_metastases", 0, r"extraspinal_bone_metastases.*got 0 \(int\)"),
        ("extraspinal_bone_metastases", "4", r"extraspinal_bone_metastases must be one of"),
        ("vertebral_body_metastases", "0", r"vertebral_body_metastases must be one of"),
        ("vertebral_body_metastases", 1, r"got 1 \(int\)"),
        ("major_organ_metastases", "yes", r"major_organ_metastases must be one of"),
        ("primary_site", "Breast", r"primary_site must be one of .*got 'Breast'"),
        ("primary_site", "colon", r"primary_site must be one of .*'carcinoid'"),
        ("primary_site", None, r"primary_site.*got None"),
        ("palsy", "Frankel E", r"palsy must be one of"),
        ("palsy", False, r"palsy.*got False \(bool\)"),
    ],
)
def test_tokuhashi_rejects_bad_input(item: str, bad: object, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        tokuhashi_revised_score(**{**TOKU_MAX, item: bad})


def test_tokuhashi_requires_keywords() -> None:
    with pytest.raises(TypeError):
        tokuhashi_revised_score("good", "0", "1", "none", "breast", "none")  # type: ignore[misc]


# ---------------------------------------------------------------------------------------------
# New Katagiri
# ---------------------------------------------------------------------------------------------

KATA_MIN = {
    "primary_group": "slow",
    "visceral_metastases": "none",
    "lab_data": "normal",
    "ecog_ps": 0,
    "previous_chemotherapy": False,
    "multiple_skeletal_metastases": False,
}
KATA_MAX = {
    "primary_group": "rapid",
    "visceral_metastases": "disseminated",
    "lab_data": "critical",
    "ecog_ps": 4,
    "previous_chemotherapy": True,
    "multiple_skeletal_metastases": True,
}

# Point table as confirmed through independent calculator code (Verification update); not checked
# against the paper's own table.
KATAGIRI_CELLS = [
    ("primary_group", "slow", 0),
    ("primary_group", "moderate", 2),
    ("primary_group", "rapid", 3),
    ("visceral_metastases", "none", 0),
    ("visceral_metastases", "nodular", 1),
    ("visceral_metastases", "disseminated", 2),
    ("lab_data", "normal", 0),
    ("lab_data", "abnormal", 1),
    ("lab_data", "critical", 2),
    ("ecog_ps", 0, 0),
    ("ecog_ps", 1, 0),
    ("ecog_ps", 2, 0),
    ("ecog_ps", 3, 1),
    ("ecog_ps", 4, 1),
    ("previous_chemotherapy", False, 0),
    ("previous_chemotherapy", True, 1),
    ("multiple_skeletal_metastases", False, 0),
    ("multiple_skeletal_metastases", True, 1),
]


@pytest.mark.parametrize(("item", "option", "points"), KATAGIRI_CELLS)
def test_katagiri_point_table_cell_by_cell(item: str, option: object, points: int) -> None:
    result = katagiri_score(**{**KATA_MIN, item: option})
    assert result.components[item] == points
    assert result.total == points


def test_katagiri_minimum_and_maximum_totals() -> None:
    low = katagiri_score(**KATA_MIN)
    high = katagiri_score(**KATA_MAX)
    assert (low.total, low.band) == (0, "low")
    assert (high.total, high.band) == (10, "high")
    assert dict(high.components) == {
        "primary_group": 3,
        "visceral_metastases": 2,
        "lab_data": 2,
        "ecog_ps": 1,
        "previous_chemotherapy": 1,
        "multiple_skeletal_metastases": 1,
    }


@pytest.mark.parametrize(
    ("kwargs", "total", "band"),
    [
        # 3: rapid primary alone
        ({**KATA_MIN, "primary_group": "rapid"}, 3, "low"),
        # 4: rapid + nodular visceral
        (
            {**KATA_MIN, "primary_group": "rapid", "visceral_metastases": "nodular"},
            4,
            "intermediate",
        ),
        # 6: moderate + disseminated + abnormal lab + previous chemotherapy
        (
            {
                **KATA_MIN,
                "primary_group": "moderate",
                "visceral_metastases": "disseminated",
                "lab_data": "abnormal",
                "previous_chemotherapy": True,
            },
            6,
            "intermediate",
        ),
        # 7: the 6 above + multiple skeletal metastases
        (
            {
                **KATA_MIN,
                "primary_group": "moderate",
                "visceral_metastases": "disseminated",
                "lab_data": "abnormal",
                "previous_chemotherapy": True,
                "multiple_skeletal_metastases": True,
            },
            7,
            "high",
        ),
    ],
)
def test_katagiri_band_edges_both_sides(kwargs: dict, total: int, band: str) -> None:
    result = katagiri_score(**kwargs)
    assert result.total == total
    assert result.band == band


def test_katagiri_every_total_maps_to_the_published_band() -> None:
    seen: dict[int, str] = {}
    choices = [
        ("slow", "moderate", "rapid"),
        ("none", "nodular", "disseminated"),
        ("normal", "abnormal", "critical"),
        (0, 3),
        (False, True),
        (False, True),
    ]
    names = list(KATA_MIN)
    for combo in itertools.product(*choices):
        result = katagiri_score(**dict(zip(names, combo, strict=True)))
        seen[result.total] = result.band
    assert seen == {t: "low" if t <= 3 else "intermediate" if t <= 6 else "high" for t in range(11)}


def test_katagiri_worked_example_score_7_is_high_risk() -> None:
    # medical_facts section 13 item 15: new Katagiri >= 7 -> high risk; 1-year survival ~6%
    # (6% is confirmed in the Katagiri 2014 abstract).
    result = katagiri_score(
        primary_group=katagiri_primary_group("lung (without molecularly targeted therapy)"),  # 3
        visceral_metastases="disseminated",  # 2
        lab_data="abnormal",  # 1
        ecog_ps=3,  # 1
        previous_chemotherapy=False,
        multiple_skeletal_metastases=False,
    )
    assert result.total == 7
    assert result.band == "high"
    assert "1-year survival 6%" in result.interpretation
    assert "6-month survival 27%" in result.interpretation


def test_katagiri_interpretation_shows_only_verified_survival() -> None:
    low = katagiri_score(**KATA_MIN).interpretation
    mid = katagiri_score(**{**KATA_MIN, "primary_group": "rapid", "lab_data": "abnormal"})
    high = katagiri_score(**KATA_MAX).interpretation
    # Verified in the abstract.
    assert "1-year survival 91%" in low and "2-year survival 78%" in low
    # Intermediate figures are [unverified]: no number, an explicit statement instead.
    assert mid.band == "intermediate"
    assert "published survival figure not verified for this course" in mid.interpretation
    assert "%" not in mid.interpretation
    # Unverified time points are flagged in the low and high bands too.
    assert "6-month figure: published survival figure not verified" in low
    assert "2-year figure: published survival figure not verified" in high
    for text in (low, mid.interpretation, high):
        assert "Cancer Med 2014" in text or "not verified" in text
    assert dict(KATAGIRI_VERIFIED_SURVIVAL_PERCENT["low"]) == {"1_year": 91, "2_years": 78}
    assert dict(KATAGIRI_VERIFIED_SURVIVAL_PERCENT["high"]) == {"6_months": 27, "1_year": 6}
    assert dict(KATAGIRI_VERIFIED_SURVIVAL_PERCENT["intermediate"]) == {}


def test_katagiri_result_fields_and_reference() -> None:
    result = katagiri_score(**KATA_MIN)
    assert isinstance(result, KatagiriResult)
    assert result.reference == KATAGIRI_REFERENCE
    assert "doi:10.1002/cam4.292" in result.reference
    assert "PMID 25044999" in result.reference
    with pytest.raises(FrozenInstanceError):
        result.band = "high"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("item", "bad", "pattern"),
    [
        ("primary_group", "fast", r"primary_group must be one of .*'rapid'.*got 'fast'"),
        ("primary_group", "prostate (hormone-dependent)", r"primary_group must be one of"),
        ("primary_group", 3, r"primary_group must be one of the text labels.*got 3 \(int\)"),
        ("primary_group", None, r"primary_group.*got None"),
        ("visceral_metastases", "brain", r"visceral_metastases must be one of"),
        ("visceral_metastases", True, r"visceral_metastases.*got True \(bool\)"),
        ("lab_data", "high", r"lab_data must be one of .*'critical'"),
        ("lab_data", 2, r"lab_data.*got 2 \(int\)"),
        ("ecog_ps", 5, r"ecog_ps .*0 to 4 \(5 means death\); got 5"),
        ("ecog_ps", -1, r"ecog_ps .*got -1"),
        ("ecog_ps", 3.0, r"ecog_ps .*whole number.*got 3\.0 \(float\)"),
        ("ecog_ps", "3", r"ecog_ps .*got '3' \(str\)"),
        ("ecog_ps", True, r"ecog_ps .*got True \(bool\)"),
        ("ecog_ps", None, r"ecog_ps .*got None"),
        ("ecog_ps", float("nan"), r"ecog_ps .*got nan \(float\)"),
        ("previous_chemotherapy", 1, r"previous_chemotherapy must be True or False; got 1 \(int\)"),
        ("previous_chemotherapy", "yes", r"previous_chemotherapy must be True or False"),
        ("previous_chemotherapy", None, r"previous_chemotherapy .*got None"),
        ("multiple_skeletal_metastases", 0, r"multiple_skeletal_metastases must be True or False"),
    ],
)
def test_katagiri_rejects_bad_input(item: str, bad: object, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        katagiri_score(**{**KATA_MIN, item: bad})


# ---------------------------------------------------------------------------------------------
# Katagiri primary-tumor groups and laboratory definitions
# ---------------------------------------------------------------------------------------------

# Group members as transcribed in the evidence sheet (some members [unverified]; the sheet does
# not say which).
PRIMARY_CASES = [
    ("breast (hormone-dependent)", "slow"),
    ("prostate (hormone-dependent)", "slow"),
    ("thyroid", "slow"),
    ("multiple myeloma", "slow"),
    ("malignant lymphoma", "slow"),
    ("lung (with molecularly targeted therapy)", "moderate"),
    ("breast (hormone-independent)", "moderate"),
    ("prostate (hormone-independent)", "moderate"),
    ("kidney (renal cell carcinoma)", "moderate"),
    ("endometrium", "moderate"),
    ("ovary", "moderate"),
    ("sarcoma", "moderate"),
    ("other", "moderate"),
    ("lung (without molecularly targeted therapy)", "rapid"),
    ("colorectal", "rapid"),
    ("stomach", "rapid"),
    ("pancreas", "rapid"),
    ("head and neck", "rapid"),
    ("esophagus", "rapid"),
    ("other urological", "rapid"),
    ("melanoma", "rapid"),
    ("liver (hepatocellular carcinoma)", "rapid"),
    ("gallbladder", "rapid"),
    ("uterine cervix", "rapid"),
    ("unknown primary", "rapid"),
]


@pytest.mark.parametrize(("primary", "group"), PRIMARY_CASES)
def test_katagiri_primary_group_members(primary: str, group: str) -> None:
    assert katagiri_primary_group(primary) == group
    assert KATAGIRI_PRIMARY_GROUPS[primary].group == group


def test_katagiri_primary_groups_cover_the_list_and_are_flagged_unverified() -> None:
    assert set(KATAGIRI_PRIMARY_GROUPS) == {primary for primary, _ in PRIMARY_CASES}
    assert all(entry.verified is False for entry in KATAGIRI_PRIMARY_GROUPS.values())
    assert "katagiri.primary_group_members" in UNVERIFIED


def test_katagiri_primary_group_is_tolerant_of_case_and_spaces() -> None:
    assert katagiri_primary_group("  Prostate   (Hormone-Dependent) ") == "slow"
    assert katagiri_primary_group("HEAD AND NECK") == "rapid"


@pytest.mark.parametrize(
    ("bad", "pattern"),
    [
        ("prostate", r"primary 'prostate' is not in the Katagiri primary-tumor list"),
        ("lung", r"not in the Katagiri primary-tumor list.*'lung \(with molecularly"),
        ("", r"primary '' is not in the Katagiri"),
        (None, r"primary must be the name of a primary cancer as text.*got None"),
        (True, r"got True \(bool\)"),
        (3, r"got 3 \(int\)"),
    ],
)
def test_katagiri_primary_group_rejects_bad_input(bad: object, pattern: str) -> None:
    with pytest.raises(ValueError, match=pattern):
        katagiri_primary_group(bad)  # type: ignore[arg-type]


def test_katagiri_lab_definitions_name_the_markers_and_cutoffs() -> None:
    abnormal = KATAGIRI_LAB_DEFINITIONS["abnormal"]
    critical = KATAGIRI_LAB_DEFINITIONS["critical"]
    for marker in ("CRP", ">= 0.4 mg/dL", "LDH", ">= 250 IU/L", "albumin < 3.7 g/dL"):
        assert marker in abnormal
    for marker in ("platelets < 100,000/uL", "calcium >= 10.3 mg/dL", "bilirubin >= 1.4 mg/dL"):
        assert marker in critical
    assert set(KATAGIRI_LAB_DEFINITIONS) == {"normal", "abnormal", "critical"}


# ---------------------------------------------------------------------------------------------
# Module-level metadata
# ---------------------------------------------------------------------------------------------


def test_module_reference_cites_both_papers() -> None:
    assert TOKUHASHI_REFERENCE in REFERENCE
    assert KATAGIRI_REFERENCE in REFERENCE


def test_unverified_lists_the_open_items_without_unverified_numbers() -> None:
    expected_keys = {
        "katagiri.point_table",
        "katagiri.primary_group_members",
        "katagiri.lab_thresholds",
        "katagiri.survival.low.6_months",
        "katagiri.survival.intermediate",
        "katagiri.survival.high.2_years",
    }
    assert expected_keys <= set(UNVERIFIED)
    text = " ".join(UNVERIFIED.values())
    # The unverified band survival percentages from the sheet must not leak into the course.
    for number in ("98.1", "74.0", "49.3", "28.1", "77.8", "2.1 %", "26.9"):
        assert number not in text
