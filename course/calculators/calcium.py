"""Albumin-corrected calcium and the CTCAE v5.0 grade of hypercalcemia.

Primary publications:

- Payne RB, Little AJ, Williams RB, Milner JR. Interpretation of serum calcium in patients with
  abnormal serum proteins. Br Med J 1973;4(5893):643-646. doi:10.1136/bmj.4.5893.643.
- National Cancer Institute. Common Terminology Criteria for Adverse Events (CTCAE) v5.0, 2017
  (hypercalcemia grades as reproduced by BMJ Best Practice and Wikidoc).

Corrected calcium (the conventional albumin adjustment, usually called the Payne formula)::

    mg/dL  (albumin in g/dL):  Ca + 0.8  * (4.0 - albumin)
    mmol/L (albumin in g/L):   Ca + 0.02 * (40  - albumin)

The two forms are equivalent (0.8 mg/dL is about 0.2 mmol/L per 10 g/L of albumin). Payne's
1973 abstract itself states ``adjusted Ca = Ca - albumin + 4.0`` (mg/100 mL and g/100 mL, a
factor of 1.0); the 0.8 / 0.02 factors are the simplification used by most calculators and
teaching texts, and the one this course teaches. One website writes 0.2 instead of 0.02 for
the SI form: that is an error.

CTCAE v5.0 hypercalcemia by corrected serum calcium (a value equal to a cut-off belongs to the
lower grade):

===== ======================= =====================
grade mg/dL                   mmol/L
===== ======================= =====================
1     > ULN - 11.5            > ULN - 2.9
2     > 11.5 - 12.5           > 2.9 - 3.1
3     > 12.5 - 13.5           > 3.1 - 3.4
4     > 13.5                  > 3.4
===== ======================= =====================

CTCAE adds clinical descriptors (grade 2 symptomatic, grade 3 hospitalization indicated, grade 4
life-threatening consequences, grade 5 death); :func:`hypercalcemia_grade` grades the laboratory
value alone. The two unit systems are not exactly equivalent (11.5 mg/dL = 2.87 mmol/L), so a
value is always graded with the cut-offs of its own unit system and never converted.

Floating-point noise is removed before grading: values are rounded to 4 decimal places, so
2.70 + 0.02 * (40 - 30) grades as 2.9 mmol/L (grade 1), not as the raw floating-point result
2.9000000000000004 (which would be grade 2).

For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Literal, get_args

__all__ = [
    "ALBUMIN_RANGE",
    "ALBUMIN_UNITS",
    "CALCIUM_RANGE",
    "CALCIUM_UNITS",
    "CORRECTED_CALCIUM_RANGE",
    "CTCAE_CUTOFFS",
    "CTCAE_REFERENCE",
    "DEFAULT_ULN",
    "HYPERCALCEMIA_GRADE_DESCRIPTIONS",
    "PAYNE_REFERENCE",
    "REFERENCE",
    "CalciumUnits",
    "corrected_calcium",
    "hypercalcemia_grade",
]

PAYNE_REFERENCE: str = (
    "Payne RB, Little AJ, Williams RB, Milner JR. Interpretation of serum calcium in patients "
    "with abnormal serum proteins. Br Med J 1973;4(5893):643-646. doi:10.1136/bmj.4.5893.643. "
    "PMID 4758544."
)
CTCAE_REFERENCE: str = (
    "National Cancer Institute. Common Terminology Criteria for Adverse Events (CTCAE), "
    "version 5.0. US Department of Health and Human Services; 2017. "
    "https://ctep.cancer.gov/protocolDevelopment/electronic_applications/ctc.htm"
)
REFERENCE: str = f"{PAYNE_REFERENCE} {CTCAE_REFERENCE}"

CalciumUnits = Literal["mg/dL", "mmol/L"]

#: Units of calcium this module accepts; the albumin unit follows (see ALBUMIN_UNITS).
CALCIUM_UNITS: tuple[str, ...] = get_args(CalciumUnits)

#: Calcium unit -> the albumin unit that goes with it.
ALBUMIN_UNITS: dict[str, str] = {"mg/dL": "g/dL", "mmol/L": "g/L"}

# The albumin adjustment: Ca + factor * (reference albumin - albumin).
_FACTOR = {"mg/dL": 0.8, "mmol/L": 0.02}
_REFERENCE_ALBUMIN = {"mg/dL": 4.0, "mmol/L": 40.0}

#: Default upper limit of normal for total calcium (labs differ; pass your lab's value as uln).
DEFAULT_ULN: dict[str, float] = {"mg/dL": 10.5, "mmol/L": 2.6}

#: CTCAE v5.0 upper cut-offs of grades 1, 2 and 3 (grade 4 is above the last one).
CTCAE_CUTOFFS: dict[str, tuple[float, float, float]] = {
    "mg/dL": (11.5, 12.5, 13.5),
    "mmol/L": (2.9, 3.1, 3.4),
}

# Plausibility ranges. They are this course's choice, wide enough for any real patient and
# narrow enough to catch a value typed in the other unit system (e.g. albumin 35 g/L given as
# g/dL, or calcium 2.6 mmol/L given as mg/dL). 4.0 mg/dL is 1.0 mmol/L; 25 mg/dL is 6.25 mmol/L.
#: Accepted measured total calcium, per unit (inclusive).
CALCIUM_RANGE: dict[str, tuple[float, float]] = {"mg/dL": (4.0, 25.0), "mmol/L": (1.0, 6.25)}
#: Accepted albumin, keyed by the calcium unit (g/dL with mg/dL, g/L with mmol/L; inclusive).
ALBUMIN_RANGE: dict[str, tuple[float, float]] = {"mg/dL": (0.5, 7.0), "mmol/L": (5.0, 70.0)}
#: Accepted corrected calcium, per unit (inclusive); also what hypercalcemia_grade accepts.
CORRECTED_CALCIUM_RANGE: dict[str, tuple[float, float]] = {
    "mg/dL": (4.0, 30.0),
    "mmol/L": (1.0, 7.5),
}
# Lowest upper limit of normal we accept (normal total calcium is about 8.5-10.5 mg/dL).
_ULN_MIN = {"mg/dL": 8.0, "mmol/L": 2.0}

#: CTCAE v5.0 grade -> what it means (laboratory range and the CTCAE clinical descriptor).
HYPERCALCEMIA_GRADE_DESCRIPTIONS: dict[int, str] = {
    0: "No hypercalcemia by CTCAE: corrected calcium at or below the upper limit of normal.",
    1: "Grade 1: above the upper limit of normal, up to 11.5 mg/dL (2.9 mmol/L).",
    2: (
        "Grade 2: above 11.5 up to 12.5 mg/dL (above 2.9 up to 3.1 mmol/L); CTCAE adds "
        "'symptomatic'."
    ),
    3: (
        "Grade 3: above 12.5 up to 13.5 mg/dL (above 3.1 up to 3.4 mmol/L); CTCAE adds "
        "'hospitalization indicated'."
    ),
    4: ("Grade 4: above 13.5 mg/dL (3.4 mmol/L); CTCAE adds 'life-threatening consequences'."),
}

_OTHER_UNITS = {"mg/dL": "mmol/L", "mmol/L": "mg/dL"}
_DECIMALS = 4  # rounding that removes floating-point noise, far finer than any lab reports


def _check_units(units: object) -> str:
    allowed = " or ".join(repr(u) for u in CALCIUM_UNITS)
    if not isinstance(units, str):
        raise ValueError(f"units must be {allowed}; got {units!r} ({type(units).__name__}).")
    if units in CALCIUM_UNITS:
        return units
    hint = ""
    for u in CALCIUM_UNITS:
        if units.strip().lower() == u.lower():
            hint = f" Did you mean {u!r}?"
    if units.strip() in ("g/dL", "g/dl", "g/L", "g/l"):
        hint = " units names the calcium unit; albumin is then in g/dL (mg/dL) or g/L (mmol/L)."
    raise ValueError(f"units must be {allowed}; got {units!r}.{hint}")


def _check_number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number; got {value!r} ({type(value).__name__}).")
    x = float(value)
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"{name} must be a finite number; got {value!r}.")
    return x


def _fmt(x: float) -> str:
    return f"{x:g}"


def _check_calcium(name: str, x: float, units: str, ranges: dict[str, tuple[float, float]]) -> None:
    lo, hi = ranges[units]
    if lo <= x <= hi:
        return
    other = _OTHER_UNITS[units]
    olo, ohi = ranges[other]
    hint = ""
    if olo <= x <= ohi:
        hint = (
            f" It looks like a value in {other}: pass units={other!r} "
            f"(albumin then in {ALBUMIN_UNITS[other]})."
        )
    raise ValueError(
        f"{name} of {_fmt(x)} {units} is outside the range this calculator accepts "
        f"({_fmt(lo)}-{_fmt(hi)} {units}).{hint}"
    )


def _check_albumin(x: float, units: str) -> None:
    lo, hi = ALBUMIN_RANGE[units]
    if lo <= x <= hi:
        return
    unit = ALBUMIN_UNITS[units]
    other = _OTHER_UNITS[units]
    other_unit = ALBUMIN_UNITS[other]
    olo, ohi = ALBUMIN_RANGE[other]
    hint = ""
    if olo <= x <= ohi:
        converted = x / 10 if unit == "g/dL" else x * 10
        hint = (
            f" It looks like albumin in {other_unit}: with units={units!r} albumin must be "
            f"in {unit} ({_fmt(x)} {other_unit} = {_fmt(converted)} {unit})."
        )
    raise ValueError(
        f"Albumin of {_fmt(x)} {unit} is outside the range this calculator accepts "
        f"({_fmt(lo)}-{_fmt(hi)} {unit}).{hint}"
    )


def corrected_calcium(calcium: float, albumin: float, *, units: CalciumUnits = "mg/dL") -> float:
    """Albumin-corrected total calcium.

    Args:
        calcium: measured total serum calcium, in ``units``.
        albumin: serum albumin, in g/dL when ``units="mg/dL"`` and in g/L when
            ``units="mmol/L"``.
        units: ``"mg/dL"`` (default) or ``"mmol/L"``.

    Returns:
        The corrected calcium in the same units, rounded to 4 decimal places (to remove
        floating-point noise; format it for display yourself).

    Raises:
        ValueError: for unknown units, a non-number (bools too), NaN or infinity, or a value
            outside the accepted ranges (:data:`CALCIUM_RANGE`, :data:`ALBUMIN_RANGE`,
            :data:`CORRECTED_CALCIUM_RANGE`); the message says when a value looks like it is
            in the other unit system (e.g. albumin 35 with ``units="mg/dL"``).

    Example (medical_facts section 13, example 4):
        >>> corrected_calcium(11.0, 2.0)
        12.6
        >>> corrected_calcium(2.60, 25, units="mmol/L")
        2.9
    """
    u = _check_units(units)
    ca = _check_number("calcium", calcium)
    alb = _check_number("albumin", albumin)
    _check_calcium("A total calcium", ca, u, CALCIUM_RANGE)
    _check_albumin(alb, u)
    value = round(ca + _FACTOR[u] * (_REFERENCE_ALBUMIN[u] - alb), _DECIMALS)
    lo, hi = CORRECTED_CALCIUM_RANGE[u]
    if not lo <= value <= hi:
        raise ValueError(
            f"Calcium {_fmt(ca)} {u} with albumin {_fmt(alb)} {ALBUMIN_UNITS[u]} gives a "
            f"corrected calcium of {_fmt(value)} {u}, outside the plausible range "
            f"({_fmt(lo)}-{_fmt(hi)} {u}); check the values and their units."
        )
    return value


def hypercalcemia_grade(
    corrected_calcium: float, *, units: CalciumUnits = "mg/dL", uln: float | None = None
) -> int:
    """CTCAE v5.0 grade (0-4) of hypercalcemia from the corrected serum calcium.

    Args:
        corrected_calcium: albumin-corrected calcium (see :func:`corrected_calcium`), in
            ``units``.
        units: ``"mg/dL"`` (default) or ``"mmol/L"``; the value is graded with the cut-offs
            of this unit system (:data:`CTCAE_CUTOFFS`), never converted.
        uln: your laboratory's upper limit of normal, in ``units``; defaults to 10.5 mg/dL or
            2.6 mmol/L (:data:`DEFAULT_ULN`). It must lie between 8.0 mg/dL (2.0 mmol/L) and
            the grade-1 upper cut-off, 11.5 mg/dL (2.9 mmol/L).

    Returns:
        0 (at or below the ULN) to 4. A value equal to a cut-off belongs to the lower grade:
        11.5 mg/dL is grade 1, 11.51 mg/dL grade 2. Values are rounded to 4 decimal places
        before grading. The grade rests on the laboratory value alone; CTCAE's clinical
        descriptors (see :data:`HYPERCALCEMIA_GRADE_DESCRIPTIONS`) are not taken into account.

    Raises:
        ValueError: for unknown units, a non-number (bools too), NaN or infinity, a value
            outside :data:`CORRECTED_CALCIUM_RANGE`, or an implausible ``uln``.

    Example (medical_facts section 13, example 4):
        >>> hypercalcemia_grade(12.6)
        3
        >>> hypercalcemia_grade(2.9, units="mmol/L")
        1
    """
    u = _check_units(units)
    value = _check_number("corrected_calcium", corrected_calcium)
    _check_calcium("A corrected calcium", value, u, CORRECTED_CALCIUM_RANGE)
    cut1, cut2, cut3 = CTCAE_CUTOFFS[u]
    if uln is None:
        limit = DEFAULT_ULN[u]
    else:
        limit = _check_number("uln", uln)
        if limit <= 0:
            raise ValueError(f"uln (upper limit of normal) must be positive; got {_fmt(limit)}.")
        other = _OTHER_UNITS[u]
        looks_other = _ULN_MIN[other] <= limit <= CTCAE_CUTOFFS[other][0]
        hint = f" It looks like a value in {other}: pass units={other!r}." if looks_other else ""
        if limit < _ULN_MIN[u]:
            raise ValueError(
                f"uln of {_fmt(limit)} {u} is too low for the upper limit of normal of total "
                f"calcium (accepted {_fmt(_ULN_MIN[u])}-{_fmt(cut1)} {u}).{hint}"
            )
        if limit > cut1:
            raise ValueError(
                f"uln of {_fmt(limit)} {u} is above the CTCAE grade-1 upper cut-off "
                f"({_fmt(cut1)} {u}); an upper limit of normal cannot lie there "
                f"(accepted {_fmt(_ULN_MIN[u])}-{_fmt(cut1)} {u}).{hint}"
            )
    value = round(value, _DECIMALS)
    if value <= limit:
        return 0
    if value <= cut1:
        return 1
    if value <= cut2:
        return 2
    if value <= cut3:
        return 3
    return 4
