"""SINS: the Spinal Instability Neoplastic Score.

Primary publication: Fisher CG, DiPaola CP, Ryken TC, et al. A novel classification system for
spinal instability in neoplastic disease: an evidence-based approach and expert consensus from
the Spine Oncology Study Group. Spine 2010;35(22):E1221-E1229. doi:10.1097/BRS.0b013e3181e16ae2.
Reliability and validity: Fourney DR, Frangou EM, Ryken TC, et al. J Clin Oncol
2011;29:3072-3077.

Six items, total 0-18 (point table as reproduced on pacs.de, cancercalc.com and calcmd; the
pain points are 3/1/0, not the 3/2/1 found on one website):

========================== =====================================================
location                   junctional 3, mobile 2, semi-rigid 1, rigid 0
pain                       mechanical 3, occasional (not mechanical) 1, none 0
bone lesion                lytic 2, mixed 1, blastic 0
radiographic alignment     subluxation/translation 4, de novo deformity 2, normal 0
vertebral body collapse    >50 % 3, <50 % 2, none but >50 % of the body involved 1,
                           none 0
posterolateral involvement bilateral 3, unilateral 1, none 0
========================== =====================================================

Bands: 0-6 ``"stable"``; 7-12 ``"potentially_unstable"`` (indeterminate); 13-18
``"unstable"``. A total of 7 or more warrants a surgical consultation.

Location by level (:func:`sins_location`): junctional = occiput-C2, C7-T2, T11-L1, L5-S1;
mobile = C3-C6, L2-L4; semi-rigid = T3-T10; rigid = S2-S5.

For education only, not for clinical decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

__all__ = [
    "REFERENCE",
    "SINS_ALIGNMENTS",
    "SINS_BANDS",
    "SINS_BONE_LESIONS",
    "SINS_COLLAPSES",
    "SINS_ITEMS",
    "SINS_ITEM_LABELS",
    "SINS_LABELS",
    "SINS_LEVEL_LOCATIONS",
    "SINS_LOCATIONS",
    "SINS_PAINS",
    "SINS_POINTS",
    "SINS_POSTEROLATERALS",
    "SINS_TOTAL_RANGE",
    "SPINE_LEVELS",
    "SinsBand",
    "SinsResult",
    "sins_band",
    "sins_location",
    "sins_score",
]

REFERENCE: str = (
    "Fisher CG, DiPaola CP, Ryken TC, et al. A novel classification system for spinal "
    "instability in neoplastic disease: an evidence-based approach and expert consensus from "
    "the Spine Oncology Study Group. Spine 2010;35(22):E1221-E1229. "
    "doi:10.1097/BRS.0b013e3181e16ae2."
)

SinsLocation = Literal["junctional", "mobile", "semi_rigid", "rigid"]
SinsPain = Literal["mechanical", "occasional", "none"]
SinsBoneLesion = Literal["lytic", "mixed", "blastic"]
SinsAlignment = Literal["subluxation", "de_novo_deformity", "normal"]
SinsCollapse = Literal["over_50", "under_50", "none_over_50_involved", "none"]
SinsPosterolateral = Literal["bilateral", "unilateral", "none"]
SinsBand = Literal["stable", "potentially_unstable", "unstable"]

#: Choices of each item, in decreasing points.
SINS_LOCATIONS: tuple[str, ...] = get_args(SinsLocation)
SINS_PAINS: tuple[str, ...] = get_args(SinsPain)
SINS_BONE_LESIONS: tuple[str, ...] = get_args(SinsBoneLesion)
SINS_ALIGNMENTS: tuple[str, ...] = get_args(SinsAlignment)
SINS_COLLAPSES: tuple[str, ...] = get_args(SinsCollapse)
SINS_POSTEROLATERALS: tuple[str, ...] = get_args(SinsPosterolateral)
SINS_BANDS: tuple[str, ...] = get_args(SinsBand)

#: The six items, in the order of the published table (also the keyword names of sins_score).
SINS_ITEMS: tuple[str, ...] = (
    "location",
    "pain",
    "bone_lesion",
    "alignment",
    "collapse",
    "posterolateral",
)

#: Smallest and largest possible total.
SINS_TOTAL_RANGE: tuple[int, int] = (0, 18)

# Point table (Fisher 2010, via the reproductions named in the module docstring).
_POINTS: dict[str, dict[str, int]] = {
    "location": {"junctional": 3, "mobile": 2, "semi_rigid": 1, "rigid": 0},
    "pain": {"mechanical": 3, "occasional": 1, "none": 0},
    "bone_lesion": {"lytic": 2, "mixed": 1, "blastic": 0},
    "alignment": {"subluxation": 4, "de_novo_deformity": 2, "normal": 0},
    "collapse": {"over_50": 3, "under_50": 2, "none_over_50_involved": 1, "none": 0},
    "posterolateral": {"bilateral": 3, "unilateral": 1, "none": 0},
}

_CHOICE_NAMES: dict[str, dict[str, str]] = {
    "location": {
        "junctional": "Junctional: occiput-C2, C7-T2, T11-L1, L5-S1",
        "mobile": "Mobile spine: C3-C6, L2-L4",
        "semi_rigid": "Semi-rigid: T3-T10",
        "rigid": "Rigid: S2-S5",
    },
    "pain": {
        "mechanical": "Mechanical (eased lying down, or pain on movement or loading)",
        "occasional": "Occasional pain, not mechanical",
        "none": "Pain-free lesion",
    },
    "bone_lesion": {"lytic": "Lytic", "mixed": "Mixed lytic/blastic", "blastic": "Blastic"},
    "alignment": {
        "subluxation": "Subluxation or translation",
        "de_novo_deformity": "De novo deformity (kyphosis or scoliosis)",
        "normal": "Normal alignment",
    },
    "collapse": {
        "over_50": "More than 50 % collapse",
        "under_50": "Less than 50 % collapse",
        "none_over_50_involved": "No collapse, but more than 50 % of the body involved",
        "none": "None of the above",
    },
    "posterolateral": {
        "bilateral": "Bilateral",
        "unilateral": "Unilateral",
        "none": "None",
    },
}

#: Item name -> display name, for widget captions.
SINS_ITEM_LABELS: dict[str, str] = {
    "location": "Location",
    "pain": "Pain",
    "bone_lesion": "Bone lesion",
    "alignment": "Radiographic spinal alignment",
    "collapse": "Vertebral body collapse",
    "posterolateral": "Posterolateral involvement (facet, pedicle or costovertebral joint)",
}

#: Item -> choice -> points (a copy: changing it does not change the scoring).
SINS_POINTS: dict[str, dict[str, int]] = {item: dict(t) for item, t in _POINTS.items()}


def _points_text(points: int) -> str:
    return f"{points} point" if points == 1 else f"{points} points"


#: Item -> choice -> label for a dropdown, e.g. "Semi-rigid: T3-T10 (1 point)".
SINS_LABELS: dict[str, dict[str, str]] = {
    item: {
        choice: f"{name} ({_points_text(_POINTS[item][choice])})"
        for choice, name in _CHOICE_NAMES[item].items()
    }
    for item in SINS_ITEMS
}

#: Every spinal level this calculator knows, from C1 to S5 (for a dropdown).
SPINE_LEVELS: tuple[str, ...] = (
    tuple(f"C{i}" for i in range(1, 8))
    + tuple(f"T{i}" for i in range(1, 13))
    + tuple(f"L{i}" for i in range(1, 6))
    + tuple(f"S{i}" for i in range(1, 6))
)

# Location category of each level (Fisher 2010): junctional = occiput-C2, C7-T2, T11-L1,
# L5-S1; mobile = C3-C6, L2-L4; semi-rigid = T3-T10; rigid = S2-S5.
_JUNCTIONAL = ("C1", "C2", "C7", "T1", "T2", "T11", "T12", "L1", "L5", "S1")
_MOBILE = ("C3", "C4", "C5", "C6", "L2", "L3", "L4")
_SEMI_RIGID = tuple(f"T{i}" for i in range(3, 11))
_RIGID = ("S2", "S3", "S4", "S5")

_LEVEL_LOCATION: dict[str, str] = {
    **{level: "junctional" for level in _JUNCTIONAL},
    **{level: "mobile" for level in _MOBILE},
    **{level: "semi_rigid" for level in _SEMI_RIGID},
    **{level: "rigid" for level in _RIGID},
}

#: Level -> location category, in the order of SPINE_LEVELS (a copy).
SINS_LEVEL_LOCATIONS: dict[str, str] = {level: _LEVEL_LOCATION[level] for level in SPINE_LEVELS}

_INTERPRETATION: dict[str, str] = {
    "stable": (
        "Total 0-6: stable. The lesion is not expected to make the spine give way under "
        "normal loads, and the score alone does not call for a surgical opinion on stability. "
        "(Fisher 2010; Fourney 2011)"
    ),
    "potentially_unstable": (
        "Total 7-12: potentially unstable (indeterminate). A score of 7 or more warrants a "
        "spine surgeon's opinion; whether to stabilize depends on the whole clinical picture. "
        "(Fisher 2010; Fourney 2011)"
    ),
    "unstable": (
        "Total 13-18: unstable. The spine may collapse or deform under normal loads; a "
        "surgical consultation about stabilization is warranted. (Fisher 2010; Fourney 2011)"
    ),
}


@dataclass(frozen=True)
class SinsResult:
    """Result of :func:`sins_score`.

    Attributes:
        total: sum of the six items, 0-18.
        band: ``"stable"`` (0-6), ``"potentially_unstable"`` (7-12) or ``"unstable"`` (13-18).
        components: item -> points, in the order of :data:`SINS_ITEMS`.
        interpretation: what the band means clinically, with its source.
        surgical_consultation: True when the total is 7 or more.
    """

    total: int
    band: SinsBand
    components: dict[str, int]
    interpretation: str
    surgical_consultation: bool


def _check_choice(item: str, value: object, choices: tuple[str, ...]) -> str:
    allowed = ", ".join(repr(c) for c in choices)
    if not isinstance(value, str):
        raise ValueError(
            f"SINS {item} must be a string, one of {allowed}; "
            f"got {value!r} ({type(value).__name__})."
        )
    if value not in choices:
        hint = ""
        if item == "location" and value.strip().upper() in _LEVEL_LOCATION:
            hint = f" To score a level such as {value!r}, pass sins_location({value!r})."
        raise ValueError(f"SINS {item} must be one of {allowed}; got {value!r}.{hint}")
    return value


def sins_location(level: str) -> SinsLocation:
    """Location category of a spinal level, for the SINS location item.

    Args:
        level: a level from ``"C1"`` to ``"S5"`` (see :data:`SPINE_LEVELS`); surrounding
            spaces and lowercase are accepted (``" t12 "``).

    Returns:
        ``"junctional"`` (C1-C2, C7-T2, T11-L1, L5-S1), ``"mobile"`` (C3-C6, L2-L4),
        ``"semi_rigid"`` (T3-T10) or ``"rigid"`` (S2-S5).

    Raises:
        ValueError: for anything that is not one of the 29 levels (e.g. ``"T13"``, ``"L6"``,
            ``"C0"``, ``""``, ``None``).

    Example:
        >>> sins_location("T12")
        'junctional'
    """
    if not isinstance(level, str):
        raise ValueError(
            f"A spinal level must be a string such as 'T12' or 'L3'; "
            f"got {level!r} ({type(level).__name__})."
        )
    key = level.strip().upper()
    if key not in _LEVEL_LOCATION:
        raise ValueError(
            f"Unknown spinal level {level!r}: use C1-C7, T1-T12, L1-L5 or S1-S5 "
            "(for example 'T12' or 'L3')."
        )
    return _LEVEL_LOCATION[key]  # type: ignore[return-value]


def sins_band(total: int) -> SinsBand:
    """Band of a SINS total: ``"stable"`` (0-6), ``"potentially_unstable"`` (7-12) or
    ``"unstable"`` (13-18).

    Raises:
        ValueError: if ``total`` is not a whole number from 0 to 18 (bools are rejected).
    """
    lo, hi = SINS_TOTAL_RANGE
    if isinstance(total, bool) or not isinstance(total, int):
        raise ValueError(
            f"A SINS total must be a whole number from {lo} to {hi}; "
            f"got {total!r} ({type(total).__name__})."
        )
    if not lo <= total <= hi:
        raise ValueError(f"A SINS total runs from {lo} to {hi}; got {total}.")
    if total <= 6:
        return "stable"
    if total <= 12:
        return "potentially_unstable"
    return "unstable"


def sins_score(
    *,
    location: SinsLocation,
    pain: SinsPain,
    bone_lesion: SinsBoneLesion,
    alignment: SinsAlignment,
    collapse: SinsCollapse,
    posterolateral: SinsPosterolateral,
) -> SinsResult:
    """Spinal Instability Neoplastic Score (SINS).

    Args:
        location: ``"junctional"`` (3), ``"mobile"`` (2), ``"semi_rigid"`` (1) or
            ``"rigid"`` (0); use :func:`sins_location` to get it from a level such as "T12".
        pain: ``"mechanical"`` (3), ``"occasional"`` (1; not mechanical) or ``"none"`` (0).
        bone_lesion: ``"lytic"`` (2), ``"mixed"`` (1) or ``"blastic"`` (0).
        alignment: ``"subluxation"`` (4; subluxation or translation), ``"de_novo_deformity"``
            (2; kyphosis or scoliosis) or ``"normal"`` (0).
        collapse: ``"over_50"`` (3), ``"under_50"`` (2), ``"none_over_50_involved"`` (1; no
            collapse but more than half of the body involved) or ``"none"`` (0).
        posterolateral: involvement of facet, pedicle or costovertebral joint:
            ``"bilateral"`` (3), ``"unilateral"`` (1) or ``"none"`` (0).

    Returns:
        A :class:`SinsResult` with the total (0-18), the band, the points of each item, an
        interpretation and whether a surgical consultation is warranted (total 7 or more).

    Raises:
        ValueError: if a value is not one of the allowed strings.

    Example (medical_facts section 13, example 3):
        >>> r = sins_score(location=sins_location("T12"), pain="mechanical", bone_lesion="lytic",
        ...                alignment="normal", collapse="under_50", posterolateral="unilateral")
        >>> r.total, r.band
        (11, 'potentially_unstable')
    """
    chosen = {
        "location": location,
        "pain": pain,
        "bone_lesion": bone_lesion,
        "alignment": alignment,
        "collapse": collapse,
        "posterolateral": posterolateral,
    }
    components: dict[str, int] = {}
    for item in SINS_ITEMS:
        table = _POINTS[item]
        value = _check_choice(item, chosen[item], tuple(table))
        components[item] = table[value]
    total = sum(components.values())
    band = sins_band(total)
    return SinsResult(
        total=total,
        band=band,
        components=components,
        interpretation=_INTERPRETATION[band],
        surgical_consultation=total >= 7,
    )
