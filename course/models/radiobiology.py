"""Linear-quadratic radiobiology: BED and EQD2 of palliative radiotherapy schedules (Module 5).

Why can 8 Gy in one fraction relieve bone pain about as well as 30 Gy in ten? The
linear-quadratic (LQ) model converts a schedule of ``n`` fractions of ``d`` Gy (total dose
``D = n d``) into a biologically effective dose (BED) and the equivalent dose in 2-Gy fractions
(EQD2)::

    BED  = D (1 + d / (alpha/beta))
    EQD2 = BED / (1 + 2 / (alpha/beta)) = D (d + alpha/beta) / (2 + alpha/beta)

Conventional alpha/beta values: 10 Gy for tumor and early-responding tissue, 3 Gy for
late-responding tissue and 2 Gy for the spinal cord (:data:`ALPHA_BETA_GY`).

Limits to teach with the numbers: extrapolating the LQ model above about 8-10 Gy per fraction
is debated, so BED/EQD2 of stereotactic schedules (24 Gy in 2, 16 Gy in 1) are rough guides;
spinal cord limits for SBRT come from published point/volume constraints, not from EQD2
conversions. The model ignores overall treatment time and repopulation.

Formulas and worked values: course evidence sheet, quantitative models section 2 ("standard;
derived numbers"). The BED concept: Fowler JF, Br J Radiol 1989;62:679-694 (this citation is
not in the course evidence sheet; the sheet gives the formulas as standard).

numpy/scipy-free pure Python. For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from types import MappingProxyType
from typing import Literal

__all__ = [
    "ALPHA_BETA_GY",
    "ALPHA_BETA_SOURCE",
    "REFERENCE",
    "SCHEDULES",
    "Schedule",
    "Tissue",
    "alpha_beta_for",
    "bed",
    "eqd2",
]

REFERENCE: str = (
    "Fowler JF. The linear-quadratic formula and progress in fractionated radiotherapy. "
    "Br J Radiol 1989;62(740):679-694. doi:10.1259/0007-1285-62-740-679 "
    "[not in the course evidence sheet, which gives the LQ formulas as standard; journal, "
    "volume and pages checked against the article's first page, DOI unverified]"
)

#: Tissues with a conventional alpha/beta value.
Tissue = Literal["tumor", "late-responding tissue", "spinal cord"]

#: Conventional alpha/beta ratios in Gy (read-only mapping).
ALPHA_BETA_GY: Mapping[str, float] = MappingProxyType(
    {"tumor": 10.0, "late-responding tissue": 3.0, "spinal cord": 2.0}
)

ALPHA_BETA_SOURCE: str = (
    "Conventional teaching values of the linear-quadratic model: alpha/beta = 10 Gy for tumor "
    "and early effects, 3 Gy for late effects, 2 Gy for spinal cord (course evidence sheet, "
    "quantitative models section 2, marked 'standard')."
)

# Sources of the schedules (as given in the course evidence sheet).
_COMMON = (
    "Common palliative schedules for painful bone metastases: 8 Gy x 1, 20 Gy/5, 24 Gy/6, "
    "30 Gy/10 (course evidence sheet, medical facts section 9.1)"
)
_ESMO = (
    "ESMO 2020 recommends a single 8 Gy for painful uncomplicated bone metastases [I, A] "
    "(Coleman R et al., Ann Oncol 2020;31(12):1650-1663, doi:10.1016/j.annonc.2020.07.019)"
)
_SCORAD = (
    "SCORAD III compared 8 Gy x 1 with 20 Gy/5 for spinal canal compression (Hoskin PJ et al., "
    "JAMA 2019;322(21):2084-2094, doi:10.1001/jama.2019.17913)"
)
_SC24 = (
    "SC.24 compared SBRT 24 Gy/2 with 20 Gy/5 for painful spinal metastases (Sahgal A et al., "
    "Lancet Oncol 2021; volume/pages/DOI unverified)"
)
_RTOG0631 = (
    "NRG/RTOG 0631 compared single-fraction radiosurgery 16 or 18 Gy with 8 Gy x 1 (Ryu S et "
    "al., JAMA Oncol 2023;9(6):800-807, doi:10.1001/jamaoncol.2023.0356)"
)


def _positive(value: object, name: str, example: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(
            f"The {name} must be a positive number (for example {example}); got {value!r}."
        )
    number = float(value)
    if not math.isfinite(number) or number <= 0.0:
        raise ValueError(
            f"The {name} must be a positive number (for example {example}); got {value!r}."
        )
    return number


def _fractions(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral) or value < 1:
        raise ValueError(
            f"The number of fractions must be a whole number of 1 or more (for example 5); "
            f"got {value!r}."
        )
    return int(value)


def bed(total_dose_gy: float, fractions: int, alpha_beta_gy: float) -> float:
    """Biologically effective dose in Gy: ``BED = D (1 + d / (alpha/beta))`` with ``d = D / n``.

    >>> bed(8, 1, 10)
    14.4
    >>> round(bed(30, 10, 10), 6)
    39.0
    """
    total = _positive(total_dose_gy, "total dose in Gy", "20")
    n = _fractions(fractions)
    alpha_beta = _positive(alpha_beta_gy, "alpha/beta ratio in Gy", "10 for tumor")
    dose_per_fraction = total / n
    return total * (1.0 + dose_per_fraction / alpha_beta)


def eqd2(total_dose_gy: float, fractions: int, alpha_beta_gy: float) -> float:
    """Equivalent dose in 2-Gy fractions in Gy: ``EQD2 = BED / (1 + 2 / (alpha/beta))``.

    >>> round(eqd2(8, 1, 10), 6)
    12.0
    >>> round(eqd2(20, 5, 3), 6)
    28.0
    """
    biologically_effective = bed(total_dose_gy, fractions, alpha_beta_gy)
    return biologically_effective / (1.0 + 2.0 / float(alpha_beta_gy))


def alpha_beta_for(tissue: Tissue) -> float:
    """Return the conventional alpha/beta ratio in Gy of a tissue (see :data:`ALPHA_BETA_GY`)."""
    if not isinstance(tissue, str) or tissue not in ALPHA_BETA_GY:
        allowed = ", ".join(repr(name) for name in ALPHA_BETA_GY)
        raise ValueError(f"Unknown tissue {tissue!r}; choose one of {allowed}.")
    return ALPHA_BETA_GY[tissue]


@dataclass(frozen=True)
class Schedule:
    """A radiotherapy schedule: total dose in Gy given in a whole number of fractions."""

    label: str
    total_dose_gy: float
    fractions: int
    technique: Literal["conventional", "stereotactic"]
    source: str

    @property
    def dose_per_fraction_gy(self) -> float:
        """Dose per fraction in Gy."""
        return self.total_dose_gy / self.fractions

    def bed(self, alpha_beta_gy: float) -> float:
        """BED of this schedule in Gy for the given alpha/beta ratio."""
        return bed(self.total_dose_gy, self.fractions, alpha_beta_gy)

    def eqd2(self, alpha_beta_gy: float) -> float:
        """EQD2 of this schedule in Gy for the given alpha/beta ratio."""
        return eqd2(self.total_dose_gy, self.fractions, alpha_beta_gy)


#: Palliative schedules for bone metastases taught in Module 5, each with its source.
SCHEDULES: tuple[Schedule, ...] = (
    Schedule("8 Gy x 1", 8.0, 1, "conventional", f"{_COMMON}; {_ESMO}; {_SCORAD}"),
    Schedule("20 Gy / 5", 20.0, 5, "conventional", f"{_COMMON}; {_SCORAD}; {_SC24}"),
    Schedule("24 Gy / 6", 24.0, 6, "conventional", _COMMON),
    Schedule("30 Gy / 10", 30.0, 10, "conventional", _COMMON),
    Schedule("24 Gy / 2 (SBRT)", 24.0, 2, "stereotactic", _SC24),
    Schedule("16 Gy x 1 (SRS)", 16.0, 1, "stereotactic", _RTOG0631),
    Schedule("18 Gy x 1 (SRS)", 18.0, 1, "stereotactic", _RTOG0631),
)
