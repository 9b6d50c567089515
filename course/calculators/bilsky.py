"""Bilsky epidural spinal cord compression (ESCC) scale.

Primary publication: Bilsky MH, Laufer I, Fourney DR, et al. Reliability analysis of the
epidural spinal cord compression scale. J Neurosurg Spine 2010;13(3):324-328.
doi:10.3171/2010.3.SPINE09459. PMID 20809724.

The grade is read on axial T2-weighted MRI at the level of worst compression. Six grades:
0, 1a, 1b, 1c, 2 and 3 (grade 1 is split into three). Descriptions and the management notes
follow Radiopaedia's ESCC article and an UpToDate graphic caption, in our own words:

- grades 0, 1a and 1b are low grade: without mechanical instability, radiation comes first;
- grade 1c is in between, and its management is debated;
- grades 2 and 3 are high grade: decompression or separation surgery before radiation, unless
  the tumor is highly radiosensitive (NOMS framework).

For education only, not for clinical decisions.
"""

from __future__ import annotations

from typing import Literal, get_args

__all__ = [
    "BILSKY_DESCRIPTIONS",
    "BILSKY_GRADES",
    "BILSKY_HIGH_GRADES",
    "BILSKY_LABELS",
    "BILSKY_LOW_GRADES",
    "REFERENCE",
    "BilskyGrade",
    "bilsky_grade_description",
    "bilsky_is_high_grade",
    "bilsky_management",
]

REFERENCE: str = (
    "Bilsky MH, Laufer I, Fourney DR, et al. Reliability analysis of the epidural spinal cord "
    "compression scale. J Neurosurg Spine 2010;13(3):324-328. doi:10.3171/2010.3.SPINE09459. "
    "PMID 20809724."
)

BilskyGrade = Literal["0", "1a", "1b", "1c", "2", "3"]

#: The six grades, from no epidural disease to complete cord compression.
BILSKY_GRADES: tuple[str, ...] = get_args(BilskyGrade)
#: Grades 2 and 3: high-grade compression.
BILSKY_HIGH_GRADES: tuple[str, ...] = ("2", "3")
#: Grades 0, 1a and 1b: low-grade compression (1c is in neither group).
BILSKY_LOW_GRADES: tuple[str, ...] = ("0", "1a", "1b")

#: Grade -> what the MRI shows.
BILSKY_DESCRIPTIONS: dict[str, str] = {
    "0": "Bone-only disease: no tumor in the epidural space.",
    "1a": "Epidural tumor impinging on the thecal sac without deforming it.",
    "1b": "Epidural tumor deforming the thecal sac, without touching the spinal cord.",
    "1c": "Epidural tumor deforming the thecal sac and touching the cord, without compressing it.",
    "2": "Spinal cord compression, with cerebrospinal fluid still visible around the cord.",
    "3": "Spinal cord compression, with no cerebrospinal fluid visible around the cord.",
}


def _group(grade: str) -> str:
    if grade in BILSKY_HIGH_GRADES:
        return "high grade"
    if grade in BILSKY_LOW_GRADES:
        return "low grade"
    return "between low and high grade"


#: Grade -> label for a dropdown, e.g. "Grade 2 (high grade)".
BILSKY_LABELS: dict[str, str] = {
    grade: f"Grade {grade} ({_group(grade)})" for grade in BILSKY_GRADES
}

_MANAGEMENT: dict[str, str] = {
    "low": (
        "Low-grade compression: if the spine is mechanically stable, radiation is the first "
        "treatment. (Bilsky 2010; NOMS framework)"
    ),
    "1c": (
        "Grade 1c sits between low and high grade; whether surgery or high-dose radiation "
        "should come first is debated. (Bilsky 2010; NOMS framework)"
    ),
    "high": (
        "High-grade compression: decompression or separation surgery before radiation, unless "
        "the tumor is highly radiosensitive. (Bilsky 2010; NOMS framework)"
    ),
}


def _normalize(grade: object) -> str:
    allowed = ", ".join(repr(g) for g in BILSKY_GRADES)
    if isinstance(grade, bool) or not isinstance(grade, str | int):
        raise ValueError(
            f"A Bilsky grade must be one of {allowed}; got {grade!r} ({type(grade).__name__})."
        )
    key = str(grade).strip().lower()
    if key == "1":
        raise ValueError(
            f"Bilsky grade 1 is split into '1a', '1b' and '1c'; say which one (allowed: {allowed})."
        )
    if key not in BILSKY_GRADES:
        raise ValueError(f"A Bilsky grade must be one of {allowed}; got {grade!r}.")
    return key


def bilsky_grade_description(grade: BilskyGrade | int) -> str:
    """What a Bilsky ESCC grade means on MRI.

    Args:
        grade: ``"0"``, ``"1a"``, ``"1b"``, ``"1c"``, ``"2"`` or ``"3"`` (case and surrounding
            spaces are ignored; the integers 0, 2 and 3 are accepted too).

    Raises:
        ValueError: for anything else, including a bare ``1`` (say 1a, 1b or 1c) and bools.

    Example:
        >>> bilsky_grade_description("2")
        'Spinal cord compression, with cerebrospinal fluid still visible around the cord.'
    """
    return BILSKY_DESCRIPTIONS[_normalize(grade)]


def bilsky_is_high_grade(grade: BilskyGrade | int) -> bool:
    """True for grades 2 and 3 (high-grade compression), False for 0, 1a, 1b and 1c."""
    return _normalize(grade) in BILSKY_HIGH_GRADES


def bilsky_management(grade: BilskyGrade | int) -> str:
    """Management note for a grade: what usually comes first (NOMS framework, stable spine)."""
    key = _normalize(grade)
    if key in BILSKY_HIGH_GRADES:
        return _MANAGEMENT["high"]
    if key == "1c":
        return _MANAGEMENT["1c"]
    return _MANAGEMENT["low"]
