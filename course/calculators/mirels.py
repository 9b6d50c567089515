"""Mirels score: the risk that a metastasis in a long bone will fracture.

Primary publication: Mirels H. Metastatic disease in long bones: a proposed scoring system for
diagnosing impending pathologic fractures. Clin Orthop Relat Res 1989;(249):256-264.

Four items (site, pain, lesion type, size) each score 1 to 3 points, so the total runs from
4 to 12 (not 3 to 12). The point table and the three bands below follow the reproductions of
Mirels' table in later reviews and calculators (Roentgen Ray Reader summary, Orthobullets,
Ramsey et al., JAAOS Glob Res Rev 2020;4:e20.00141).

Bands (three-tier convention of later reviews, used by this course):

- total 4-7: ``"low"``: fracture risk about 4 %; radiotherapy or observation.
- total 8: ``"borderline"``: fracture risk about 15 %; clinical judgment.
- total 9-12: ``"high"``: fracture risk about 33 % at 9 and higher above it; prophylactic
  fixation before radiotherapy.

Mirels' own 1989 abstract put a single threshold at 8 (scores of 7 or lower can be irradiated
safely; 8 or higher need fixation first); the "borderline" band at 8 is the convention of later
reviews. The per-score risks for totals 10-12 are not used here (unverified in our sources).
A cut-off of 9 or more is sensitive (about 91 %) but poorly specific (about 35 %), so the score
over-calls fracture risk (Damron 2003, as quoted by Ramsey 2020).

For education only, not for clinical decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "MIRELS_BANDS",
    "MIRELS_ITEMS",
    "MIRELS_ITEM_LABELS",
    "MIRELS_LABELS",
    "MIRELS_LESIONS",
    "MIRELS_PAINS",
    "MIRELS_POINTS",
    "MIRELS_SITES",
    "MIRELS_SIZES",
    "MIRELS_TOTAL_RANGE",
    "REFERENCE",
    "MirelsBand",
    "MirelsResult",
    "mirels_band",
    "mirels_score",
]

# PMID 2684463 is not given in the evidence sheet; it is the PubMed record for this citation
# as we know it, not confirmed against PubMed while writing this module.
REFERENCE: str = (
    "Mirels H. Metastatic disease in long bones: a proposed scoring system for diagnosing "
    "impending pathologic fractures. Clin Orthop Relat Res 1989;(249):256-264. PMID 2684463."
)

MirelsSite = Literal["upper_limb", "lower_limb", "peritrochanteric"]
MirelsPain = Literal["mild", "moderate", "functional"]
MirelsLesion = Literal["blastic", "mixed", "lytic"]
MirelsSize = Literal["<1/3", "1/3-2/3", ">2/3"]
MirelsBand = Literal["low", "borderline", "high"]

#: Choices of each item, in increasing points (1, 2, 3).
MIRELS_SITES: tuple[str, ...] = get_args(MirelsSite)
MIRELS_PAINS: tuple[str, ...] = get_args(MirelsPain)
MIRELS_LESIONS: tuple[str, ...] = get_args(MirelsLesion)
MIRELS_SIZES: tuple[str, ...] = get_args(MirelsSize)
MIRELS_BANDS: tuple[str, ...] = get_args(MirelsBand)

#: The four items, in the order of the published table.
MIRELS_ITEMS: tuple[str, ...] = ("site", "pain", "lesion", "size")

#: Smallest and largest possible total.
MIRELS_TOTAL_RANGE: tuple[int, int] = (4, 12)

# Point table (Mirels 1989, via the reproductions named in the module docstring).
_POINTS: dict[str, dict[str, int]] = {
    "site": {"upper_limb": 1, "lower_limb": 2, "peritrochanteric": 3},
    "pain": {"mild": 1, "moderate": 2, "functional": 3},
    "lesion": {"blastic": 1, "mixed": 2, "lytic": 3},
    "size": {"<1/3": 1, "1/3-2/3": 2, ">2/3": 3},
}

_CHOICE_NAMES: dict[str, dict[str, str]] = {
    "site": {
        "upper_limb": "Upper limb",
        "lower_limb": "Lower limb",
        "peritrochanteric": "Peritrochanteric",
    },
    "pain": {
        "mild": "Mild",
        "moderate": "Moderate",
        "functional": "Functional (made worse by using the limb)",
    },
    "lesion": {"blastic": "Blastic", "mixed": "Mixed", "lytic": "Lytic"},
    "size": {
        "<1/3": "Less than 1/3 of the bone diameter",
        "1/3-2/3": "1/3 to 2/3 of the bone diameter",
        ">2/3": "More than 2/3 of the bone diameter",
    },
}

#: Item name -> display name, for widget captions.
MIRELS_ITEM_LABELS: dict[str, str] = {
    "site": "Site",
    "pain": "Pain",
    "lesion": "Lesion type",
    "size": "Size (fraction of the bone diameter)",
}

#: Item -> choice -> points (a copy: changing it does not change the scoring).
MIRELS_POINTS: dict[str, dict[str, int]] = {item: dict(t) for item, t in _POINTS.items()}


def _points_text(points: int) -> str:
    return f"{points} point" if points == 1 else f"{points} points"


#: Item -> choice -> label for a dropdown, e.g. "Peritrochanteric (3 points)".
MIRELS_LABELS: dict[str, dict[str, str]] = {
    item: {
        choice: f"{name} ({_points_text(_POINTS[item][choice])})"
        for choice, name in _CHOICE_NAMES[item].items()
    }
    for item in MIRELS_ITEMS
}

_INTERPRETATION: dict[str, str] = {
    "low": (
        "Total 4-7: low risk of pathological fracture (about 4 % in Mirels' series). "
        "Radiotherapy or observation is usually appropriate; prophylactic fixation is not "
        "indicated by the score. (Mirels 1989; three-tier convention of later reviews)"
    ),
    "borderline": (
        "Total 8: borderline (about 15 % fracture risk). Decide with clinical judgment: "
        "Mirels' own paper put the threshold for fixation at 8, later reviews treat 8 as a "
        "gray zone. Give extra weight to functional pain, the strongest single predictor. "
        "(Mirels 1989; Ramsey 2020)"
    ),
    "high": (
        "Total 9-12: high risk of pathological fracture (about 33 % at 9, higher above it). "
        "Consider prophylactic fixation before radiotherapy. The score is sensitive but not "
        "specific, so some lesions fixed on this basis would not have broken. "
        "(Mirels 1989; Ramsey 2020)"
    ),
}


@dataclass(frozen=True)
class MirelsResult:
    """Result of :func:`mirels_score`.

    Attributes:
        total: sum of the four items, 4-12.
        band: ``"low"`` (4-7), ``"borderline"`` (8) or ``"high"`` (9-12).
        components: item -> points, in the order site, pain, lesion, size.
        interpretation: what the band means clinically, with its source.
    """

    total: int
    band: MirelsBand
    components: dict[str, int]
    interpretation: str


def _check_choice(item: str, value: object, choices: tuple[str, ...]) -> str:
    allowed = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise ValueError(
            f"Mirels {item} must be a string, one of {allowed}; "
            f"got {value!r} ({type(value).__name__})."
        )
    if value not in choices:
        raise ValueError(f"Mirels {item} must be one of {allowed}; got {value!r}.")
    return value


def mirels_band(total: int) -> MirelsBand:
    """Band of a Mirels total: ``"low"`` (4-7), ``"borderline"`` (8) or ``"high"`` (9-12).

    Raises:
        ValueError: if ``total`` is not a whole number from 4 to 12 (bools are rejected).
    """
    lo, hi = MIRELS_TOTAL_RANGE
    if isinstance(total, bool) or not isinstance(total, int):
        raise ValueError(
            f"A Mirels total must be a whole number from {lo} to {hi}; "
            f"got {total!r} ({type(total).__name__})."
        )
    if not lo <= total <= hi:
        raise ValueError(
            f"A Mirels total runs from {lo} to {hi} (each of the four items scores 1-3); "
            f"got {total}."
        )
    if total <= 7:
        return "low"
    if total == 8:
        return "borderline"
    return "high"


def mirels_score(
    *, site: MirelsSite, pain: MirelsPain, lesion: MirelsLesion, size: MirelsSize
) -> MirelsResult:
    """Mirels score of a metastasis in a long bone.

    Args:
        site: ``"upper_limb"`` (1), ``"lower_limb"`` (2) or ``"peritrochanteric"`` (3).
        pain: ``"mild"`` (1), ``"moderate"`` (2) or ``"functional"`` (3; made worse by using
            the limb).
        lesion: radiographic type, ``"blastic"`` (1), ``"mixed"`` (2) or ``"lytic"`` (3).
        size: fraction of the bone diameter involved, ``"<1/3"`` (1), ``"1/3-2/3"`` (2) or
            ``">2/3"`` (3).

    Returns:
        A :class:`MirelsResult` with the total (4-12), the band, the points of each item and
        an interpretation.

    Raises:
        ValueError: if a value is not one of the allowed strings.

    Example (medical_facts section 13, example 2):
        >>> r = mirels_score(
        ...     site="peritrochanteric", pain="functional", lesion="lytic", size=">2/3"
        ... )
        >>> r.total, r.band
        (12, 'high')
    """
    chosen = {"site": site, "pain": pain, "lesion": lesion, "size": size}
    components: dict[str, int] = {}
    for item in MIRELS_ITEMS:
        table = _POINTS[item]
        value = _check_choice(item, chosen[item], tuple(table))
        components[item] = table[value]
    total = sum(components.values())
    band = mirels_band(total)
    return MirelsResult(
        total=total, band=band, components=components, interpretation=_INTERPRETATION[band]
    )
