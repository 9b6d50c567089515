"""Prognostic scores for patients with bone metastases: revised Tokuhashi and new Katagiri.

Primary publications:

- Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J. A revised scoring system for preoperative
  evaluation of metastatic spine tumor prognosis. Spine 2005;30(19):2186-2191.
  Point table and bands as reproduced in the NICE CG75 appendix (verified in the course's
  evidence sheet, medical_facts section 11.2 and quantitative_models section 4.3).
- Katagiri H, Okada R, Takagi T, et al. New prognostic factors and scoring system for patients
  with skeletal metastasis. Cancer Med 2014;3(5):1359-1367. doi:10.1002/cam4.292; PMID 25044999.
  The six factors and four band survival figures are verified against the abstract; the point
  table is confirmed only through independent calculator code (see ``UNVERIFIED``).

Scores help choose between surgery, radiotherapy and supportive care; they are not exact
predictions. No score reaches more than 90% agreement between predicted and actual survival
(Tokuhashi 2014 review, World J Orthop 5:262), and survival with modern systemic therapy is often
longer than older scores predict.

Pure functions, standard library only, no side effects on import.
For education only, not for clinical decisions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, NamedTuple

__all__ = [
    "REFERENCE",
    "TOKUHASHI_REFERENCE",
    "KATAGIRI_REFERENCE",
    "UNVERIFIED",
    "TOKUHASHI_POINTS",
    "TOKUHASHI_BANDS",
    "KATAGIRI_POINTS",
    "KATAGIRI_BANDS",
    "KATAGIRI_PRIMARY_GROUPS",
    "KATAGIRI_LAB_DEFINITIONS",
    "KATAGIRI_VERIFIED_SURVIVAL_PERCENT",
    "PrimaryGroupEntry",
    "TokuhashiResult",
    "KatagiriResult",
    "tokuhashi_revised_score",
    "katagiri_score",
    "katagiri_primary_group",
]

# ---------------------------------------------------------------------------------------------
# References
# ---------------------------------------------------------------------------------------------

#: The evidence sheet gives no DOI or PMID for Tokuhashi 2005 (see ``UNVERIFIED``).
TOKUHASHI_REFERENCE: str = (
    "Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J. A revised scoring system for preoperative "
    "evaluation of metastatic spine tumor prognosis. Spine 2005;30(19):2186-2191."
)
KATAGIRI_REFERENCE: str = (
    "Katagiri H, Okada R, Takagi T, et al. New prognostic factors and scoring system for patients "
    "with skeletal metastasis. Cancer Med 2014;3(5):1359-1367. doi:10.1002/cam4.292; "
    "PMID 25044999."
)
REFERENCE: str = f"{TOKUHASHI_REFERENCE} {KATAGIRI_REFERENCE}"

_CAVEAT = (
    "Scores guide the choice of treatment; they are not exact predictions, and survival with "
    "modern systemic therapy is often longer than older scores predict."
)
_NOT_VERIFIED = "published survival figure not verified for this course"

# ---------------------------------------------------------------------------------------------
# What remains unverified (shown by the widget)
# ---------------------------------------------------------------------------------------------

UNVERIFIED: Mapping[str, str] = MappingProxyType(
    {
        "tokuhashi.reference_doi": (
            "The evidence sheet gives no DOI or PMID for Tokuhashi 2005; the citation is given "
            "without one."
        ),
        "tokuhashi.agreement_rates": (
            "Agreement rates between predicted and actual survival for the three Tokuhashi bands "
            "are unverified and are not used by this calculator."
        ),
        "katagiri.point_table": (
            "The Katagiri 2014 point values (primary lesion 0/2/3; visceral or cerebral "
            "metastases 1/2; laboratory data 1/2; ECOG PS 3-4, previous chemotherapy and multiple "
            "skeletal metastases 1 each) were confirmed only through independent calculator code "
            "that transcribes the paper, not against the paper's own table."
        ),
        "katagiri.primary_group_members": (
            "The evidence sheet says some members of the slow/moderate/rapid growth groups remain "
            "unverified without naming them; every membership in KATAGIRI_PRIMARY_GROUPS is "
            "therefore flagged unverified until checked against the paper."
        ),
        "katagiri.lab_thresholds": (
            "The laboratory cut-offs for 'abnormal' and 'critical' are part of the unverified "
            "point table; the evidence sheet transcribes the calcium cut-off once as serum "
            "calcium and once as corrected calcium."
        ),
        "katagiri.survival.low.6_months": _NOT_VERIFIED + " (6-month survival, score 0-3).",
        "katagiri.survival.intermediate": _NOT_VERIFIED + " (all time points, score 4-6).",
        "katagiri.survival.high.2_years": _NOT_VERIFIED + " (2-year survival, score 7-10).",
    }
)

# ---------------------------------------------------------------------------------------------
# Revised Tokuhashi score (Spine 2005), table as reproduced in NICE CG75 appendix [verified]
# ---------------------------------------------------------------------------------------------

GeneralCondition = Literal["poor", "moderate", "good"]
ExtraspinalBoneMetastases = Literal["3_or_more", "1_to_2", "0"]
VertebralBodyMetastases = Literal["3_or_more", "2", "1"]
MajorOrganMetastases = Literal["unremovable", "removable", "none"]
TokuhashiPrimarySite = Literal[
    "lung",
    "osteosarcoma",
    "stomach",
    "bladder",
    "esophagus",
    "pancreas",
    "liver",
    "gallbladder",
    "unidentified",
    "others",
    "kidney",
    "uterus",
    "rectum",
    "thyroid",
    "breast",
    "prostate",
    "carcinoid",
]
Palsy = Literal["complete", "incomplete", "none"]
TokuhashiBand = Literal["under_6_months", "6_months_or_more", "1_year_or_more"]

#: Points per item and category (Tokuhashi 2005; NICE CG75 appendix).
#: general_condition: Karnofsky performance status poor 10-40%, moderate 50-70%, good 80-100%.
#: extraspinal_bone_metastases: number of extraspinal bone metastatic foci.
#: vertebral_body_metastases: number of metastases in the vertebral body.
#: palsy: complete = Frankel A or B; incomplete = Frankel C or D; none = Frankel E.
TOKUHASHI_POINTS: Mapping[str, Mapping[str, int]] = MappingProxyType(
    {
        "general_condition": MappingProxyType({"poor": 0, "moderate": 1, "good": 2}),
        "extraspinal_bone_metastases": MappingProxyType({"3_or_more": 0, "1_to_2": 1, "0": 2}),
        "vertebral_body_metastases": MappingProxyType({"3_or_more": 0, "2": 1, "1": 2}),
        "major_organ_metastases": MappingProxyType({"unremovable": 0, "removable": 1, "none": 2}),
        "primary_site": MappingProxyType(
            {
                "lung": 0,
                "osteosarcoma": 0,
                "stomach": 0,
                "bladder": 0,
                "esophagus": 0,
                "pancreas": 0,
                "liver": 1,
                "gallbladder": 1,
                "unidentified": 1,
                "others": 2,
                "kidney": 3,
                "uterus": 3,
                "rectum": 4,
                "thyroid": 5,
                "breast": 5,
                "prostate": 5,
                "carcinoid": 5,
            }
        ),
        "palsy": MappingProxyType({"complete": 0, "incomplete": 1, "none": 2}),
    }
)

#: (lowest total, highest total, band, interpretation) for each band (Tokuhashi 2005).
TOKUHASHI_BANDS: tuple[tuple[int, int, TokuhashiBand, str], ...] = (
    (
        0,
        8,
        "under_6_months",
        "Predicted survival under 6 months. Tokuhashi et al. linked this band to conservative "
        "(non-operative) or palliative treatment.",
    ),
    (
        9,
        11,
        "6_months_or_more",
        "Predicted survival of 6 months or more. Tokuhashi et al. linked this band to palliative "
        "surgery; excisional surgery may be chosen for a single spinal lesion without metastases "
        "to major internal organs.",
    ),
    (
        12,
        15,
        "1_year_or_more",
        "Predicted survival of 1 year or more. Tokuhashi et al. linked this band to excisional "
        "surgery.",
    ),
)


@dataclass(frozen=True)
class TokuhashiResult:
    """Result of the revised Tokuhashi score.

    Attributes:
        total: sum of the six items, 0-15.
        band: ``"under_6_months"`` (0-8), ``"6_months_or_more"`` (9-11) or
            ``"1_year_or_more"`` (12-15).
        components: points per item, keyed by the argument names.
        interpretation: predicted survival and the treatment strategy the paper linked to it.
        reference: full citation of Tokuhashi 2005.
    """

    total: int
    band: TokuhashiBand
    components: Mapping[str, int]
    interpretation: str
    reference: str


def tokuhashi_revised_score(
    *,
    general_condition: GeneralCondition,
    extraspinal_bone_metastases: ExtraspinalBoneMetastases,
    vertebral_body_metastases: VertebralBodyMetastases,
    major_organ_metastases: MajorOrganMetastases,
    primary_site: TokuhashiPrimarySite,
    palsy: Palsy,
) -> TokuhashiResult:
    """Revised Tokuhashi score for metastatic spine tumors (Tokuhashi et al., Spine 2005).

    Args:
        general_condition: Karnofsky performance status ``"poor"`` (10-40%, 0 points),
            ``"moderate"`` (50-70%, 1) or ``"good"`` (80-100%, 2).
        extraspinal_bone_metastases: number of extraspinal bone metastatic foci
            ``"3_or_more"`` (0), ``"1_to_2"`` (1) or ``"0"`` (2).
        vertebral_body_metastases: number of metastases in the vertebral body
            ``"3_or_more"`` (0), ``"2"`` (1) or ``"1"`` (2).
        major_organ_metastases: metastases to major internal organs ``"unremovable"`` (0),
            ``"removable"`` (1) or ``"none"`` (2).
        primary_site: lung, osteosarcoma, stomach, bladder, esophagus, pancreas (0); liver,
            gallbladder, unidentified (1); others (2); kidney, uterus (3); rectum (4); thyroid,
            breast, prostate, carcinoid (5).
        palsy: ``"complete"`` (Frankel A or B, 0), ``"incomplete"`` (Frankel C or D, 1) or
            ``"none"`` (Frankel E, 2).

    Returns:
        A :class:`TokuhashiResult` with total 0-15 and its survival band.

    Raises:
        ValueError: if any input is not one of the allowed text labels.
    """
    given = {
        "general_condition": general_condition,
        "extraspinal_bone_metastases": extraspinal_bone_metastases,
        "vertebral_body_metastases": vertebral_body_metastases,
        "major_organ_metastases": major_organ_metastases,
        "primary_site": primary_site,
        "palsy": palsy,
    }
    components = {
        name: _category_points(name, value, TOKUHASHI_POINTS[name]) for name, value in given.items()
    }
    total = sum(components.values())
    for low, high, band, text in TOKUHASHI_BANDS:
        if low <= total <= high:
            return TokuhashiResult(
                total=total,
                band=band,
                components=MappingProxyType(components),
                interpretation=f"Revised Tokuhashi score {total}/15. {text} {_CAVEAT}",
                reference=TOKUHASHI_REFERENCE,
            )
    raise AssertionError(f"unreachable: Tokuhashi total {total} outside 0-15")  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# New Katagiri score (Cancer Med 2014); point table [confirmed via calculator code only]
# ---------------------------------------------------------------------------------------------

KatagiriPrimaryGroup = Literal["slow", "moderate", "rapid"]
VisceralMetastases = Literal["none", "nodular", "disseminated"]
LabData = Literal["normal", "abnormal", "critical"]
KatagiriBand = Literal["low", "intermediate", "high"]

#: Points per categorical factor (Katagiri 2014; see UNVERIFIED["katagiri.point_table"]).
#: ECOG PS 3-4, previous chemotherapy and multiple skeletal metastases score 1 point each.
KATAGIRI_POINTS: Mapping[str, Mapping[str, int]] = MappingProxyType(
    {
        "primary_group": MappingProxyType({"slow": 0, "moderate": 2, "rapid": 3}),
        "visceral_metastases": MappingProxyType({"none": 0, "nodular": 1, "disseminated": 2}),
        "lab_data": MappingProxyType({"normal": 0, "abnormal": 1, "critical": 2}),
        "ecog_ps": MappingProxyType({"0_to_2": 0, "3_or_4": 1}),
        "previous_chemotherapy": MappingProxyType({"no": 0, "yes": 1}),
        "multiple_skeletal_metastases": MappingProxyType({"no": 0, "yes": 1}),
    }
)

#: What the laboratory categories mean (Katagiri 2014 as transcribed in the evidence sheet;
#: see UNVERIFIED["katagiri.lab_thresholds"]). If any "critical" value is present the category
#: is "critical", even when "abnormal" values are present too.
KATAGIRI_LAB_DEFINITIONS: Mapping[str, str] = MappingProxyType(
    {
        "normal": "None of the abnormal or critical values below (0 points).",
        "abnormal": (
            "At least one of: C-reactive protein (CRP) >= 0.4 mg/dL, lactate dehydrogenase "
            "(LDH) >= 250 IU/L, or serum albumin < 3.7 g/dL (1 point)."
        ),
        "critical": (
            "At least one of: platelets < 100,000/uL, serum calcium >= 10.3 mg/dL (corrected "
            "calcium in one transcription), or total bilirubin >= 1.4 mg/dL (2 points)."
        ),
    }
)

#: Band survival figures confirmed in the Katagiri 2014 abstract (percent alive). Time points
#: not listed here are not verified for this course and are never shown as numbers.
KATAGIRI_VERIFIED_SURVIVAL_PERCENT: Mapping[str, Mapping[str, int]] = MappingProxyType(
    {
        "low": MappingProxyType({"1_year": 91, "2_years": 78}),
        "intermediate": MappingProxyType({}),
        "high": MappingProxyType({"6_months": 27, "1_year": 6}),
    }
)

#: (lowest total, highest total, band, interpretation) for each band (Katagiri 2014).
KATAGIRI_BANDS: tuple[tuple[int, int, KatagiriBand, str], ...] = (
    (
        0,
        3,
        "low",
        "Low-risk group (score 0-3): 1-year survival 91% and 2-year survival 78% in the "
        "derivation cohort (Katagiri et al., Cancer Med 2014, abstract); 6-month figure: "
        f"{_NOT_VERIFIED}.",
    ),
    (
        4,
        6,
        "intermediate",
        f"Intermediate-risk group (score 4-6): {_NOT_VERIFIED}.",
    ),
    (
        7,
        10,
        "high",
        "High-risk group (score 7-10): 6-month survival 27% and 1-year survival 6% in the "
        "derivation cohort (Katagiri et al., Cancer Med 2014, abstract); 2-year figure: "
        f"{_NOT_VERIFIED}.",
    ),
)


class PrimaryGroupEntry(NamedTuple):
    """Growth group of one primary cancer in the Katagiri score, with its verification status."""

    group: KatagiriPrimaryGroup
    verified: bool


_SLOW = PrimaryGroupEntry("slow", False)
_MODERATE = PrimaryGroupEntry("moderate", False)
_RAPID = PrimaryGroupEntry("rapid", False)

#: Primary cancer -> growth group (Katagiri 2014 as transcribed in the evidence sheet).
#: Every entry is flagged ``verified=False``: see UNVERIFIED["katagiri.primary_group_members"].
KATAGIRI_PRIMARY_GROUPS: Mapping[str, PrimaryGroupEntry] = MappingProxyType(
    {
        # Slow growth (0 points)
        "breast (hormone-dependent)": _SLOW,
        "prostate (hormone-dependent)": _SLOW,
        "thyroid": _SLOW,
        "multiple myeloma": _SLOW,
        "malignant lymphoma": _SLOW,
        # Moderate growth (2 points)
        "lung (with molecularly targeted therapy)": _MODERATE,
        "breast (hormone-independent)": _MODERATE,
        "prostate (hormone-independent)": _MODERATE,
        "kidney (renal cell carcinoma)": _MODERATE,
        "endometrium": _MODERATE,
        "ovary": _MODERATE,
        "sarcoma": _MODERATE,
        "other": _MODERATE,
        # Rapid growth (3 points)
        "lung (without molecularly targeted therapy)": _RAPID,
        "colorectal": _RAPID,
        "stomach": _RAPID,
        "pancreas": _RAPID,
        "head and neck": _RAPID,
        "esophagus": _RAPID,
        "other urological": _RAPID,
        "melanoma": _RAPID,
        "liver (hepatocellular carcinoma)": _RAPID,
        "gallbladder": _RAPID,
        "uterine cervix": _RAPID,
        "unknown primary": _RAPID,
    }
)


def katagiri_primary_group(primary: str) -> KatagiriPrimaryGroup:
    """Growth group (``"slow"``, ``"moderate"`` or ``"rapid"``) of a primary cancer.

    The lookup ignores letter case and repeated spaces, e.g.
    ``katagiri_primary_group("Prostate (hormone-dependent)") == "slow"``. Group memberships are
    not individually verified for this course (see ``UNVERIFIED``).

    Raises:
        ValueError: if ``primary`` is not text or not one of the keys of
            ``KATAGIRI_PRIMARY_GROUPS``.
    """
    if not isinstance(primary, str):
        raise ValueError(
            f"primary must be the name of a primary cancer as text, e.g. "
            f"'prostate (hormone-dependent)'; got {primary!r} ({type(primary).__name__})."
        )
    key = re.sub(r"\s+", " ", primary.strip().lower())
    if key not in KATAGIRI_PRIMARY_GROUPS:
        allowed = ", ".join(repr(name) for name in KATAGIRI_PRIMARY_GROUPS)
        raise ValueError(
            f"primary {primary!r} is not in the Katagiri primary-tumor list. Allowed: {allowed}."
        )
    return KATAGIRI_PRIMARY_GROUPS[key].group


@dataclass(frozen=True)
class KatagiriResult:
    """Result of the new Katagiri score.

    Attributes:
        total: sum of the six factors, 0-10.
        band: ``"low"`` (0-3), ``"intermediate"`` (4-6) or ``"high"`` (7-10) risk.
        components: points per factor, keyed by the argument names.
        interpretation: risk group with survival figures only where verified, with citation.
        reference: full citation of Katagiri 2014.
    """

    total: int
    band: KatagiriBand
    components: Mapping[str, int]
    interpretation: str
    reference: str


def katagiri_score(
    *,
    primary_group: KatagiriPrimaryGroup,
    visceral_metastases: VisceralMetastases,
    lab_data: LabData,
    ecog_ps: int,
    previous_chemotherapy: bool,
    multiple_skeletal_metastases: bool,
) -> KatagiriResult:
    """New Katagiri score for patients with skeletal metastasis (Katagiri et al., 2014).

    Args:
        primary_group: growth group of the primary lesion ``"slow"`` (0 points),
            ``"moderate"`` (2) or ``"rapid"`` (3); see :func:`katagiri_primary_group`.
        visceral_metastases: visceral or cerebral metastases ``"none"`` (0), ``"nodular"`` (1)
            or ``"disseminated"`` (pleural, peritoneal or leptomeningeal dissemination, 2).
        lab_data: ``"normal"`` (0), ``"abnormal"`` (1) or ``"critical"`` (2); see
            ``KATAGIRI_LAB_DEFINITIONS``.
        ecog_ps: ECOG performance status as a whole number 0-4; 3 or 4 scores 1 point.
        previous_chemotherapy: True if the patient has had chemotherapy before (1 point).
        multiple_skeletal_metastases: True if there is more than one skeletal metastasis
            (1 point).

    Returns:
        A :class:`KatagiriResult` with total 0-10 and its risk band.

    Raises:
        ValueError: for an unknown category, a non-integer or out-of-range ECOG grade, or a
            yes/no factor that is not ``True`` or ``False``.
    """
    components = {
        "primary_group": _category_points(
            "primary_group", primary_group, KATAGIRI_POINTS["primary_group"]
        ),
        "visceral_metastases": _category_points(
            "visceral_metastases", visceral_metastases, KATAGIRI_POINTS["visceral_metastases"]
        ),
        "lab_data": _category_points("lab_data", lab_data, KATAGIRI_POINTS["lab_data"]),
        "ecog_ps": 1 if _ecog_grade(ecog_ps) >= 3 else 0,
        "previous_chemotherapy": int(_yes_no("previous_chemotherapy", previous_chemotherapy)),
        "multiple_skeletal_metastases": int(
            _yes_no("multiple_skeletal_metastases", multiple_skeletal_metastases)
        ),
    }
    total = sum(components.values())
    for low, high, band, text in KATAGIRI_BANDS:
        if low <= total <= high:
            return KatagiriResult(
                total=total,
                band=band,
                components=MappingProxyType(components),
                interpretation=f"New Katagiri score {total}/10. {text} {_CAVEAT}",
                reference=KATAGIRI_REFERENCE,
            )
    raise AssertionError(f"unreachable: Katagiri total {total} outside 0-10")  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------------------------


def _category_points(name: str, value: object, table: Mapping[str, int]) -> int:
    allowed = ", ".join(repr(option) for option in table)
    if not isinstance(value, str):
        raise ValueError(
            f"{name} must be one of the text labels {allowed}; got {value!r} "
            f"({type(value).__name__})."
        )
    if value not in table:
        raise ValueError(f"{name} must be one of {allowed}; got {value!r}.")
    return table[value]


def _ecog_grade(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            f"ecog_ps must be the ECOG performance status as a whole number from 0 to 4; "
            f"got {value!r} ({type(value).__name__})."
        )
    if not 0 <= value <= 4:
        raise ValueError(
            f"ecog_ps must be the ECOG performance status as a whole number from 0 to 4 "
            f"(5 means death); got {value}."
        )
    return value


def _yes_no(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False; got {value!r} ({type(value).__name__}).")
    return value
