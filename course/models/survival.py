"""Exponential survival curves and the headline trials of bone-targeted therapy (Module 4).

The simplest survival model has a constant hazard ``lambda`` (events per month)::

    S(t)   = exp(-lambda t)          lambda = ln 2 / median
    median = ln 2 / lambda

Under proportional hazards the experimental arm's hazard is ``HR x lambda_control``, so its
curve is ``S_control(t) ** HR`` and, only if both arms are exponential, its median is
``median_control / HR``.

Ratio of medians versus Cox hazard ratio
----------------------------------------
A trial reports a hazard ratio (HR) from a Cox proportional-hazards model: the average ratio of
the instantaneous event rates over the whole follow-up. The ratio of the two medians compares
the curves at one point only, where each arm crosses 50 %. The two coincide
(``HR = median_control / median_experimental``) only when both arms have constant (exponential),
proportional hazards. Real curves are not exponential, so the numbers differ: ALSYMPCA reported
HR 0.70 while its medians (14.9 vs 11.3 months) give 11.3 / 14.9 = 0.76; VISION reported 0.62
while 11.3 / 15.3 = 0.74. An exponential comparator seeded with the control median and the
reported HR therefore predicts experimental medians of 16.1 and 18.2 months instead of the
observed 14.9 and 15.3. This module's :func:`comparator_curve` uses that convention: control
median plus the reported HR, with the median of the comparator at ``control / HR``.

Trial figures (:data:`TRIALS`) are from the course evidence sheet (medical facts 7.4 and 8,
its Verification update, and quantitative models section 6); each entry names its source.

numpy only. For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "REFERENCE",
    "TRIALS",
    "Trial",
    "comparator_curve",
    "exponential_survival",
    "hazard_from_median",
    "hazard_ratio_from_medians",
    "median_from_hazard_ratio",
    "trial",
]

_PARKER = (
    "Parker C, Nilsson S, Heinrich D, et al. Alpha emitter radium-223 and survival in "
    "metastatic prostate cancer. N Engl J Med 2013;369:213-223. doi:10.1056/NEJMoa1213755 "
    "[DOI unverified]"
)
_SARTOR = (
    "Sartor O, de Bono J, Chi KN, et al. Lutetium-177-PSMA-617 for metastatic "
    "castration-resistant prostate cancer. N Engl J Med 2021;385:1091-1103. PMC8446332"
)
_STOPECK = (
    "Stopeck AT, Lipton A, Body JJ, et al. Denosumab compared with zoledronic acid for the "
    "treatment of bone metastases in patients with advanced breast cancer. J Clin Oncol "
    "2010;28:5132-5139. doi:10.1200/JCO.2010.29.7101 [citation details unverified]"
)
_FIZAZI = (
    "Fizazi K, Carducci M, Smith M, et al. Denosumab versus zoledronic acid for treatment of "
    "bone metastases in men with castration-resistant prostate cancer: a randomised, "
    "double-blind study. Lancet 2011;377:813-822. doi:10.1016/S0140-6736(10)62344-6"
)
_HENRY = (
    "Henry DH, Costa L, Goldwasser F, et al. Randomized, double-blind study of denosumab "
    "versus zoledronic acid in the treatment of bone metastases in patients with advanced "
    "cancer (excluding breast and prostate cancer) or multiple myeloma. J Clin Oncol "
    "2011;29:1125-1132. doi:10.1200/JCO.2010.31.3304 [citation details unverified]"
)

REFERENCE: str = "Exponential survival with proportional hazards (standard). Trials: " + "; ".join(
    (_PARKER, _SARTOR, _STOPECK, _FIZAZI, _HENRY)
)


@dataclass(frozen=True)
class Trial:
    """Headline result of one randomized trial, as worded in the course evidence sheet.

    A median of ``None`` means "not reached". ``hazard_ratio`` is experimental vs control.
    """

    name: str
    population: str
    experimental: str
    control: str
    endpoint: str
    median_experimental_months: float | None
    median_control_months: float | None
    hazard_ratio: float
    hazard_ratio_ci95: tuple[float, float] | None
    status: str
    source: str

    @property
    def median_ratio(self) -> float | None:
        """Experimental median / control median, or None when a median was not reached."""
        if self.median_experimental_months is None or self.median_control_months is None:
            return None
        return self.median_experimental_months / self.median_control_months


_DMAB = "denosumab 120 mg SC every 4 weeks"
_ZA = "zoledronic acid 4 mg IV every 4 weeks"
_SRE = "time to first on-study SRE"

#: Headline numbers of the five trials taught in Module 4.
TRIALS: tuple[Trial, ...] = (
    Trial(
        name="Stopeck 2010",
        population="advanced breast cancer, IV-bisphosphonate-naive (n = 2,046)",
        experimental=_DMAB,
        control=_ZA,
        endpoint=_SRE,
        median_experimental_months=None,  # not reached
        median_control_months=26.4,
        hazard_ratio=0.82,
        hazard_ratio_ci95=(0.71, 0.95),
        status=(
            "HR and CI verified (SABCS abstract); medians 'not reached vs 26.4 months' "
            "confirmed in the Verification update (Xgeva label)"
        ),
        source=_STOPECK,
    ),
    Trial(
        name="Fizazi 2011",
        population="castration-resistant prostate cancer (n = 1,904)",
        experimental=_DMAB,
        control=_ZA,
        endpoint=_SRE,
        median_experimental_months=20.7,
        median_control_months=17.1,
        hazard_ratio=0.82,
        hazard_ratio_ci95=(0.71, 0.95),
        status=(
            "medians and HR confirmed in the Verification update (Xgeva label); CI as in "
            "medical facts 7.4"
        ),
        source=_FIZAZI,
    ),
    Trial(
        name="Henry 2011",
        population=(
            "other solid tumors (excluding breast and prostate) or multiple myeloma (n = 1,776)"
        ),
        experimental=_DMAB,
        control=_ZA,
        endpoint=_SRE,
        median_experimental_months=20.5,
        median_control_months=16.3,
        hazard_ratio=0.84,
        hazard_ratio_ci95=(0.71, 0.98),
        status=(
            "medians 20.5 vs 16.3 months and HR 0.84 (0.71-0.98) from the Verification update "
            "(Xgeva label); non-inferior, superiority not established"
        ),
        source=_HENRY,
    ),
    Trial(
        name="ALSYMPCA (Parker 2013)",
        population=(
            "symptomatic castration-resistant prostate cancer, 2 or more bone metastases, no "
            "known visceral metastases (n = 921)"
        ),
        experimental="radium-223 every 4 weeks x 6 plus best standard of care",
        control="placebo plus best standard of care",
        endpoint="overall survival",
        median_experimental_months=14.9,
        median_control_months=11.3,
        hazard_ratio=0.70,
        hazard_ratio_ci95=(0.58, 0.83),
        status="medians, HR and CI verified",
        source=_PARKER,
    ),
    Trial(
        name="VISION (Sartor 2021)",
        population=(
            "PSMA-positive metastatic castration-resistant prostate cancer after an androgen-"
            "receptor-pathway inhibitor and 1-2 taxane regimens (n = 831)"
        ),
        experimental="Lu-177-PSMA-617 7.4 GBq every 6 weeks x 4-6 plus standard care",
        control="standard care alone",
        endpoint="overall survival",
        median_experimental_months=15.3,
        median_control_months=11.3,
        hazard_ratio=0.62,
        hazard_ratio_ci95=(0.52, 0.74),
        status="medians, HR and CI verified",
        source=_SARTOR,
    ),
)


def trial(name: str) -> Trial:
    """Return a trial of :data:`TRIALS` by name, or by its first word ("ALSYMPCA", "VISION")."""
    for entry in TRIALS:
        if name in (entry.name, entry.name.split()[0]):
            return entry
    allowed = ", ".join(repr(entry.name) for entry in TRIALS)
    raise ValueError(f"Unknown trial {name!r}; choose one of {allowed}.")


def _positive(value: object, name: str, example: str) -> float:
    if isinstance(value, bool | np.bool_) or not isinstance(value, Real):
        raise ValueError(
            f"The {name} must be a positive number (for example {example}); got {value!r}."
        )
    number = float(value)
    if not math.isfinite(number) or number <= 0.0:
        raise ValueError(
            f"The {name} must be a positive number (for example {example}); got {value!r}."
        )
    return number


def _months(value: ArrayLike) -> tuple[NDArray[np.float64], bool]:
    """Validate non-negative finite times in months; return a float array and a scalar flag."""
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"The time in months must be a number of 0 or more, not {value!r}.")
    if isinstance(value, Real):
        array = np.asarray(float(value))
    else:
        raw = np.asarray(value)
        if raw.dtype.kind not in "iuf":
            raise ValueError(
                "The time in months must be a number or an array of numbers of 0 or more; "
                f"got {value!r}."
            )
        array = raw.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(
            f"The time in months must be finite numbers (no NaN or infinity); got {value!r}."
        )
    if np.any(array < 0.0):
        raise ValueError(
            f"The time in months must be 0 or more (time since randomization); got {value!r}."
        )
    return array, array.ndim == 0


def hazard_from_median(median_months: float) -> float:
    """Constant hazard per month of an exponential curve with this median: ``ln 2 / median``.

    >>> round(hazard_from_median(11.3), 6)
    0.06134
    """
    return math.log(2.0) / _positive(median_months, "median in months", "11.3")


def median_from_hazard_ratio(control_median_months: float, hazard_ratio: float) -> float:
    """Experimental median implied by an HR under exponential proportional hazards: ``C / HR``.

    >>> round(median_from_hazard_ratio(11.3, 0.70), 2)
    16.14
    """
    control = _positive(control_median_months, "control median in months", "11.3")
    return control / _positive(hazard_ratio, "hazard ratio", "0.70")


def hazard_ratio_from_medians(
    experimental_median_months: float, control_median_months: float
) -> float:
    """The "median-ratio HR" ``control median / experimental median``.

    Equal to the Cox hazard ratio only under exponential proportional hazards (see the module
    docstring).

    >>> round(hazard_ratio_from_medians(14.9, 11.3), 4)
    0.7584
    """
    experimental = _positive(experimental_median_months, "experimental median in months", "14.9")
    return _positive(control_median_months, "control median in months", "11.3") / experimental


def exponential_survival(median_months: float, months: ArrayLike) -> float | NDArray[np.float64]:
    """Exponential survival ``S(t) = exp(-ln 2 t / median)``; 0.5 at ``t = median``.

    ``months`` is a number (a float is returned) or an array of numbers (an array of the same
    shape is returned).

    >>> round(exponential_survival(11.3, 12), 4)
    0.479
    """
    hazard = hazard_from_median(median_months)
    times, scalar = _months(months)
    survival = np.exp(-hazard * times)
    return float(survival) if scalar else survival


def comparator_curve(
    control_median_months: float, hazard_ratio: float, months: ArrayLike
) -> float | NDArray[np.float64]:
    """Exponential curve of the experimental arm built from the control median and an HR.

    ``S(t) = exp(-HR ln 2 t / control median) = S_control(t) ** HR``; it crosses 0.5 at
    ``control median / HR``.

    >>> round(comparator_curve(11.3, 0.70, 12), 4)
    0.5973
    """
    median = median_from_hazard_ratio(control_median_months, hazard_ratio)
    return exponential_survival(median, months)
