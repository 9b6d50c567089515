"""Physical decay of the bone-seeking and tumor-targeted radiopharmaceuticals (Module 4).

Each radionuclide loses half of its activity every half-life ``T``::

    decay constant  lambda = ln 2 / T
    A(t) / A0       = 0.5 ** (t / T) = exp(-lambda t)

Half-lives are the ICRP Publication 107 values, as checked in the course evidence sheet with
the ``radioactivedecay`` 0.6.1 package (quantitative models section 3): Ra-223 11.43 d,
Sr-89 50.53 d, Sm-153 46.50 h and Lu-177 6.647 d. Other compilations differ by less than
0.5 % (Sm-153 46.284 h on the product label, Lu-177 6.6443 d in ENSDF; both unverified in the
sheet). Emission energies in :data:`RADIONUCLIDES` are marked unverified in the sheet; the
sheet gives no numeric particle ranges in tissue, so :attr:`Radionuclide.tissue_range` is a
description.

Primary source: ICRP Publication 107 (Eckerman K, Endo A, 2008), doi:10.1016/j.icrp.2008.10.004.

numpy only. For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real
from types import MappingProxyType
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "RADIONUCLIDES",
    "REFERENCE",
    "Isotope",
    "Radionuclide",
    "decay_constant_per_day",
    "half_life_days",
    "radionuclide",
    "remaining_fraction",
]

REFERENCE: str = (
    "ICRP. Nuclear decay data for dosimetric calculations. ICRP Publication 107 (Eckerman K, "
    "Endo A). Ann ICRP 2008;38(3). doi:10.1016/j.icrp.2008.10.004"
)

#: The radionuclides taught in Module 4.
Isotope = Literal["Ra-223", "Sr-89", "Sm-153", "Lu-177"]

_ICRP107 = "ICRP-107 via radioactivedecay 0.6.1 (course evidence sheet, quantitative models 3)"


@dataclass(frozen=True)
class Radionuclide:
    """Physical data of one therapeutic radionuclide, with its source."""

    name: str
    half_life_days: float
    emission: Literal["alpha", "beta"]
    #: Maximum energy of the main particle in MeV, or None where the sheet gives none.
    max_particle_energy_mev: float | None
    #: Whether the evidence sheet marks the energy as verified.
    energy_verified: bool
    #: Range in tissue as the evidence sheet describes it (no numeric value is given there).
    tissue_range: str
    notes: str
    source: str


#: One entry per radionuclide, in the order the course teaches them.
RADIONUCLIDES: tuple[Radionuclide, ...] = (
    Radionuclide(
        name="Ra-223",
        half_life_days=11.43,
        emission="alpha",
        max_particle_energy_mev=None,
        energy_verified=False,
        tissue_range=(
            "a few cell diameters (medical facts 8.1: World J Radiol 2014 review; DDDT 2017 review)"
        ),
        notes=(
            "Calcium mimetic. The decay chain (ICRP-107) emits 4 alpha and 2 beta particles "
            "per decay; about 95 % of the decay energy is alpha [unverified]."
        ),
        source=f"half-life {_ICRP107}",
    ),
    Radionuclide(
        name="Sr-89",
        half_life_days=50.53,
        emission="beta",
        max_particle_energy_mev=1.49,
        energy_verified=False,
        tissue_range="not given in the course evidence sheet",
        notes="Pure beta emitter; calcium analog. Emax about 1.49 MeV [unverified].",
        source=f"half-life {_ICRP107}",
    ),
    Radionuclide(
        name="Sm-153",
        half_life_days=46.50 / 24.0,
        emission="beta",
        max_particle_energy_mev=0.81,
        energy_verified=False,
        tissue_range="not given in the course evidence sheet",
        notes=(
            "Half-life 46.50 h (ICRP-107); ENSDF and the product label give 46.284 h "
            "[unverified]. Beta Emax about 0.81 MeV plus a 103 keV gamma (about 29 %) that "
            "allows imaging [unverified]. Given as Sm-153-EDTMP (lexidronam)."
        ),
        source=f"half-life {_ICRP107}",
    ),
    Radionuclide(
        name="Lu-177",
        half_life_days=6.647,
        emission="beta",
        max_particle_energy_mev=0.498,
        energy_verified=False,
        tissue_range="not given in the course evidence sheet",
        notes=(
            "Beta Emax 0.498 MeV plus gammas of 113 keV (6.2 %) and 208 keV (10.4 %) "
            "[unverified]; ENSDF gives a half-life of 6.6443 d [unverified]. Given as "
            "Lu-177-PSMA-617, which targets tumor cells rather than bone."
        ),
        source=f"half-life {_ICRP107}",
    ),
)

_BY_NAME: Mapping[str, Radionuclide] = MappingProxyType({r.name: r for r in RADIONUCLIDES})


def radionuclide(isotope: Isotope) -> Radionuclide:
    """Return the data of one radionuclide ("Ra-223", "Sr-89", "Sm-153" or "Lu-177")."""
    if not isinstance(isotope, str) or isotope not in _BY_NAME:
        allowed = ", ".join(repr(name) for name in _BY_NAME)
        raise ValueError(f"Unknown isotope {isotope!r}; choose one of {allowed}.")
    return _BY_NAME[isotope]


def half_life_days(isotope: Isotope) -> float:
    """Physical half-life in days (ICRP-107).

    >>> half_life_days("Ra-223")
    11.43
    """
    return radionuclide(isotope).half_life_days


def decay_constant_per_day(isotope: Isotope) -> float:
    """Decay constant ``lambda = ln 2 / half-life`` per day."""
    return math.log(2.0) / half_life_days(isotope)


def _times(value: ArrayLike, name: str) -> tuple[NDArray[np.float64], bool]:
    """Validate non-negative finite times; return them as a float array and a scalar flag."""
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"The {name} must be a number of 0 or more, not {value!r}.")
    if isinstance(value, Real):
        array = np.asarray(float(value))
    else:
        raw = np.asarray(value)
        if raw.dtype.kind not in "iuf":
            raise ValueError(
                f"The {name} must be a number or an array of numbers of 0 or more; got {value!r}."
            )
        array = raw.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"The {name} must be finite numbers (no NaN or infinity); got {value!r}.")
    if np.any(array < 0.0):
        raise ValueError(
            f"The {name} must be 0 or more (time runs forward from the injection); got {value!r}."
        )
    return array, array.ndim == 0


def remaining_fraction(isotope: Isotope, days: ArrayLike) -> float | NDArray[np.float64]:
    """Fraction of the initial activity left after ``days``: ``0.5 ** (days / half-life)``.

    ``days`` is a number (a float is returned) or an array of numbers (an array of the same
    shape is returned). Negative, NaN or infinite times raise ``ValueError``.

    >>> round(remaining_fraction("Ra-223", 11.43), 12)
    0.5
    >>> remaining_fraction("Lu-177", [0.0, 6.647, 13.294]).round(12).tolist()
    [1.0, 0.5, 0.25]
    """
    half_life = half_life_days(isotope)
    times, scalar = _times(days, "time in days")
    fraction = np.power(0.5, times / half_life)
    return float(fraction) if scalar else fraction
