"""Bone remodeling as coupled osteoclast-osteoblast dynamics, with and without a tumor.

Two published models, solved with :func:`scipy.integrate.solve_ivp`:

1. **Komarova 2003** (normal remodeling). Osteoclasts ``x1`` and osteoblasts ``x2`` (cells) control
   each other through power laws; bone mass ``z`` (% of initial) falls while osteoclasts are above
   their steady state and rises while osteoblasts are above theirs::

       dx1/dt = alpha1 * x1**g11 * x2**g21 - beta1 * x1
       dx2/dt = alpha2 * x1**g12 * x2**g22 - beta2 * x2
       dz/dt  = -k1 * max(0, x1 - xbar1) + k2 * max(0, x2 - xbar2)

   The bone equation is linear in the cell excess over steady state (the square-root form belongs
   to the later Camacho and Jerez variant, not to this model). The steady state is analytic; the
   paper's equation (A2) has a typo, and we use the corrected form of the BioModels curators
   (BIOMD0000000148, BIOMD0000000401) and the Physiome CellML model: exponent ``(1 - g11)/Gamma``.

   The autocrine exponent ``g11`` decides the behavior (Jacobian trace, see
   :func:`jacobian_summary`): below ``critical_g11() = 1 + (beta2/beta1)(1 - g22)`` (1.1 with the
   standard parameters) a perturbation gives damped oscillations, which at the standard
   ``g11 = 0.5`` look like a single remodeling cycle; at exactly the critical value the orbits are
   closed and keep the amplitude of the initial perturbation (a nonlinear center, *not* a limit
   cycle); above it oscillations grow and then collapse towards ``x1 -> 0`` (a Paget-like unstable
   regime). The Dulac function ``x1**-g11 * x2**-g22`` turns the divergence into ``trace * B``,
   so this model has no limit cycle for any parameters.

2. **Ayati 2010** (myeloma bone disease). A Gompertz tumor ``T`` (carrying capacity ``LT``) changes
   the exponents through ``r11, r12, r21, r22``; treatment from a given day lowers the osteoblast
   removal rate by ``V1`` and the tumor growth rate by ``V2``. Equations, parameters, initial values
   and the treatment switch (``V1 = 0.001``, ``V2 = 0.008`` per day from day 600) are those of the
   curated BioModels files BIOMD0000000402/403, including the curators' corrections of the
   paper's equations (4), (13) and (14). As in BioModels, the bone-equation thresholds
   ``Cbar, Bbar`` are evaluated with ``T = LT``. (The paper's own parameter table was not
   checked; the values are the curated SBML values.)

   Teaching extension (not in Ayati 2010): ``simulate_with_tumor(antiresorptive=...)`` scales the
   resorption per excess osteoclast ``k1`` down while treatment is on, so learners can compare an
   anti-resorptive effect with tumor control. With ``antiresorptive=0`` (the default) the
   published model is unchanged.

Numerical notes (course implementation, not part of the papers):

- The cell equations are integrated for ``ln x1`` and ``ln x2``
  (``d ln x1/dt = alpha1 x1**(g11-1) x2**g21 - beta1``, and likewise for ``x2``). This is the same
  model, but cell numbers can never become zero or negative, so power laws with negative exponents
  never see ``0**-0.5`` and an unstable run, where osteoclasts fall to 1e-100 cells, stays finite.
  Exponent arguments are capped at 700 inside the right-hand side so a trial step cannot overflow.
- Bone mass does not feed back on the cells, so it is the integral of the bone equation along the
  solved cell curves (Simpson's rule on every 0.1-day interval, midpoints from the solver's dense
  output). Keeping the kinks of ``max(0, .)`` out of the solver's error control halves the number
  of steps; the result matches a reference solve with ``z`` as an ODE state to about 1e-4 %.
- Solver: ``solve_ivp`` with DOP853, ``rtol=1e-8``, ``atol=1e-10``; LSODA when the linearization
  has a rate faster than 0.75/day (stiff, for example ``beta1 = 5``). A standard 1000-day run
  takes under 10 ms, a 1200-day tumor run about 20 ms.
- If a population grows past ``CELL_COUNT_CEILING`` cells (possible for extreme ``g11``), the
  integration stops there; the result is then shorter than requested, ``stopped_early`` is
  ``True`` and ``message`` says why. Every returned array is finite. The model has no lower limit
  for bone mass; if it goes below 0 %, ``message`` says so.
- The tumor equation does not depend on the bone cells, so ``T(t)`` is used in its exact closed
  form ``T = LT * exp(ln(T0/LT) * exp(-(gammaT - V2) t))`` (piecewise around the treatment start).
- Output grid: ``t`` has a step of at most ``GRID_STEP_DAYS`` (0.1 day) and ends at ``t_end_days``.

For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Real
from types import MappingProxyType
from typing import Literal

import numpy as np
from scipy.integrate import solve_ivp

__all__ = [
    "AYATI_INITIAL_TREATMENT",
    "AYATI_INITIAL_UNTREATED",
    "AYATI_REFERENCE",
    "AYATI_TREATMENT",
    "CELL_COUNT_CEILING",
    "DEFAULT_PARAMETERS",
    "GRID_STEP_DAYS",
    "JacobianSummary",
    "KOMAROVA_REFERENCE",
    "MAX_T_END_DAYS",
    "REFERENCE",
    "RemodelingResult",
    "TUMOR_DEFAULT_PARAMETERS",
    "TumorRemodelingResult",
    "critical_g11",
    "jacobian_summary",
    "simulate",
    "simulate_with_tumor",
    "steady_state",
    "tumor_steady_state",
]

KOMAROVA_REFERENCE = (
    "Komarova SV, Smith RJ, Dixon SJ, Sims SM, Wahl LM. Mathematical model predicts a critical "
    "role for osteoclast autocrine regulation in the control of bone remodeling. "
    "Bone. 2003;33(2):206-215. PMID: 14499354."
)
AYATI_REFERENCE = (
    "Ayati BP, Edwards CM, Webb GF, Wikswo JP. A mathematical model of bone remodeling dynamics "
    "for normal bone cell populations and myeloma bone disease. Biol Direct. 2010;5:28. "
    "PMID: 20406449."
)
REFERENCE: str = f"{KOMAROVA_REFERENCE} Tumor extension: {AYATI_REFERENCE}"

# Komarova 2003, Fig. 2 standard set [verified in BIOMD0000000148 and BIOMD0000000401].
# alpha: production (power-law units), beta: removal (1/day), g: autocrine/paracrine exponents,
# k1, k2: % of bone resorbed/formed per excess cell per day.
DEFAULT_PARAMETERS: Mapping[str, float] = MappingProxyType(
    {
        "alpha1": 3.0,
        "alpha2": 4.0,
        "beta1": 0.2,
        "beta2": 0.02,
        "g11": 0.5,
        "g12": 1.0,
        "g21": -0.5,
        "g22": 0.0,
        "k1": 0.24,
        "k2": 0.0017,
    }
)

# Ayati 2010 as curated in BIOMD0000000402/403: g11 = 1.1 and smaller k1, k2 than Komarova;
# Gompertz growth rate gammaT (1/day), carrying capacity LT (tumor units; 100 means T is in %),
# tumor effects r11, r12, r21, r22 (dimensionless).
TUMOR_DEFAULT_PARAMETERS: Mapping[str, float] = MappingProxyType(
    {
        "alpha1": 3.0,
        "alpha2": 4.0,
        "beta1": 0.2,
        "beta2": 0.02,
        "g11": 1.1,
        "g12": 1.0,
        "g21": -0.5,
        "g22": 0.0,
        "k1": 0.0748,
        "k2": 0.0006395,
        "gammaT": 0.005,
        "LT": 100.0,
        "r11": 0.005,
        "r12": 0.0,
        "r21": 0.0,
        "r22": 0.2,
    }
)

# BIOMD0000000403 treatment: V1 = v1 = 0.001/day (less osteoblast removal) and V2 = v2 = 0.008/day
# (slower tumor growth; gammaT - V2 = -0.003/day, so the tumor regresses), both from day 600.
# Use as ``simulate_with_tumor(1200, **AYATI_TREATMENT)``.
AYATI_TREATMENT: Mapping[str, float] = MappingProxyType(
    {"treatment_start_day": 600.0, "anabolic": 0.001, "antitumor": 0.008}
)
# Initial (osteoclasts, osteoblasts, bone mass %, tumor T): BIOMD0000000402 (tumor, no drug) and
# BIOMD0000000403 (tumor and drug). simulate_with_tumor uses the BIOMD403 values by default so
# that treated and untreated runs start from the same state.
AYATI_INITIAL_UNTREATED: tuple[float, float, float, float] = (15.0, 316.0, 100.0, 1.0)
AYATI_INITIAL_TREATMENT: tuple[float, float, float, float] = (13.0, 300.0, 100.0, 1.0)

GRID_STEP_DAYS = 0.1
MAX_T_END_DAYS = 36_500.0
CELL_COUNT_CEILING = 1e8

# Solver settings, chosen by benchmark: DOP853 (explicit, 8th order) at these tolerances
# reproduces peaks, their days and the bone-mass minimum of a 1e-13 reference solve to six
# significant figures, and a standard 1000-day run takes under 10 ms. When the linearization has
# a rate faster than _STIFF_RATE_PER_DAY (for example beta1 = 5/day), the problem is stiff for an
# explicit method and LSODA (automatic stiff switching) is used instead.
_METHOD = "DOP853"
_STIFF_METHOD = "LSODA"
_STIFF_RATE_PER_DAY = 0.75
_RTOL = 1e-8
_ATOL = 1e-10
_EXP_CAP = 700.0  # math.exp overflows above ~709.78
_LOG_CEILING = math.log(CELL_COUNT_CEILING)
_GAMMA_ZERO = 1e-12

Behavior = Literal["damped", "neutral", "growing"]


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class RemodelingResult:
    """One Komarova 2003 run.

    ``t`` is in days; ``osteoclasts`` and ``osteoblasts`` are cell numbers; ``bone_mass`` is % of
    the initial bone mass. ``steady_state`` is ``(xbar1, xbar2)`` used in the bone equation.
    ``stopped_early`` is ``True`` only if a population passed ``CELL_COUNT_CEILING`` (then the
    arrays end at that day). ``message`` holds notes for the learner (an early stop, bone mass
    below 0 %) and is empty when there are none.
    """

    t: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bone_mass: np.ndarray
    steady_state: tuple[float, float]
    parameters: Mapping[str, float]
    initial: tuple[float, float, float]
    stopped_early: bool
    message: str


@dataclass(frozen=True, eq=False)
class TumorRemodelingResult:
    """One Ayati 2010 run (tumor, optional treatment).

    ``t`` in days; ``osteoclasts`` and ``osteoblasts`` in cells; ``bone_mass`` in % of initial;
    ``tumor`` in % of the carrying capacity ``LT``. ``steady_state`` is ``(Cbar_T, Bbar_T)``, the
    thresholds of the bone equation. The treatment fields repeat the arguments of
    :func:`simulate_with_tumor`; ``stopped_early`` and ``message`` as in :class:`RemodelingResult`.
    """

    t: np.ndarray
    osteoclasts: np.ndarray
    osteoblasts: np.ndarray
    bone_mass: np.ndarray
    tumor: np.ndarray
    steady_state: tuple[float, float]
    parameters: Mapping[str, float]
    initial: tuple[float, float, float, float]
    treatment_start_day: float | None
    antitumor: float
    anabolic: float
    antiresorptive: float
    stopped_early: bool
    message: str


@dataclass(frozen=True)
class JacobianSummary:
    """Linear stability of the Komarova steady state.

    ``gamma`` is ``Gamma = g12*g21 - (1-g11)*(1-g22)`` (the determinant is ``-beta1*beta2*Gamma``).

    ``behavior`` follows the sign of the trace (which, by the Dulac argument, also decides the
    nonlinear behavior): ``"damped"`` (trace < 0), ``"neutral"`` (trace = 0: closed orbits) or
    ``"growing"`` (trace > 0, or a saddle when the determinant is negative). ``period_days`` is
    the linear period ``2*pi/|Im(lambda)|`` when the eigenvalues are complex, else ``None``.
    """

    gamma: float
    trace: float
    determinant: float
    eigenvalues: tuple[complex, complex]
    behavior: Behavior
    oscillatory: bool
    period_days: float | None
    steady_state: tuple[float, float]


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _number(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number, but {value!r} was given.")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, but {value!r} was given.")
    return number


def _resolve(given: Mapping[str, object], defaults: Mapping[str, float], model: str) -> dict:
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        allowed = ", ".join(defaults)
        raise ValueError(
            f"Unknown parameter(s) {', '.join(unknown)} for the {model} model; "
            f"allowed parameters are: {allowed}."
        )
    params = dict(defaults)
    for name, value in given.items():
        params[name] = _number(name, value)
    for name in ("alpha1", "alpha2", "beta1", "beta2", "LT"):
        if name in params and params[name] <= 0:
            raise ValueError(f"{name} must be positive, but {params[name]!r} was given.")
    for name in ("k1", "k2", "gammaT", "r11", "r12", "r21", "r22"):
        if name in params and params[name] < 0:
            raise ValueError(f"{name} must be zero or positive, but {params[name]!r} was given.")
    return params


def _t_end(t_end_days: object) -> float:
    t_end = _number("t_end_days", t_end_days)
    if not 0 < t_end <= MAX_T_END_DAYS:
        raise ValueError(
            f"t_end_days must be greater than 0 and at most {MAX_T_END_DAYS:g} days, "
            f"but {t_end_days!r} was given."
        )
    return t_end


def _initial(initial: object, labels: tuple[str, ...]) -> tuple[float, ...]:
    if isinstance(initial, str | bytes) or not hasattr(initial, "__len__"):
        raise ValueError(
            f"initial must be a sequence ({', '.join(labels)}), but {initial!r} was given."
        )
    values = list(initial)  # type: ignore[call-overload]
    if len(values) != len(labels):
        raise ValueError(
            f"initial must have {len(labels)} values ({', '.join(labels)}), "
            f"but {len(values)} were given."
        )
    numbers = tuple(_number(f"initial {label}", v) for label, v in zip(labels, values, strict=True))
    for label, value in zip(labels[:2], numbers[:2], strict=True):
        if value <= 0:
            raise ValueError(f"initial {label} must be positive, but {value!r} was given.")
    if numbers[2] < 0:
        raise ValueError(
            f"initial bone mass must be zero or positive, but {numbers[2]!r} was given."
        )
    return numbers


def _gamma(params: Mapping[str, float]) -> float:
    p = params
    gamma = p["g12"] * p["g21"] - (1.0 - p["g11"]) * (1.0 - p["g22"])
    if abs(gamma) < _GAMMA_ZERO:
        raise ValueError(
            "Gamma = g12*g21 - (1 - g11)*(1 - g22) is 0 for these exponents, so the model has no "
            "single steady state; change g11, g12, g21 or g22."
        )
    return gamma


def _steady(params: Mapping[str, float]) -> tuple[float, float]:
    p = params
    gamma = _gamma(p)
    r1 = p["beta1"] / p["alpha1"]
    r2 = p["beta2"] / p["alpha2"]
    # Corrected (A2): exponent (1 - g11)/Gamma, not 1 - g11/Gamma.
    xbar1 = r1 ** ((1.0 - p["g22"]) / gamma) * r2 ** (p["g21"] / gamma)
    xbar2 = r1 ** (p["g12"] / gamma) * r2 ** ((1.0 - p["g11"]) / gamma)
    if not (math.isfinite(xbar1) and math.isfinite(xbar2)) or xbar1 <= 0 or xbar2 <= 0:
        raise ValueError("These parameters give a steady state that cannot be represented.")
    return xbar1, xbar2


# --------------------------------------------------------------------------------------------
# Komarova 2003: steady state and linear stability
# --------------------------------------------------------------------------------------------


def steady_state(
    *,
    alpha1: float = 3,
    alpha2: float = 4,
    beta1: float = 0.2,
    beta2: float = 0.02,
    g11: float = 0.5,
    g12: float = 1,
    g21: float = -0.5,
    g22: float = 0,
) -> tuple[float, float]:
    """Analytic steady state ``(xbar1, xbar2)`` of the Komarova model (cells).

    ``Gamma = g12*g21 - (1-g11)*(1-g22)``;
    ``xbar1 = (beta1/alpha1)**((1-g22)/Gamma) * (beta2/alpha2)**(g21/Gamma)``;
    ``xbar2 = (beta1/alpha1)**(g12/Gamma) * (beta2/alpha2)**((1-g11)/Gamma)`` (corrected A2).
    Standard parameters: ``(15*sqrt(0.005), 15/sqrt(0.005)) = (1.060660, 212.132034)``.

    Raises ``ValueError`` if ``Gamma == 0`` or a production/removal rate is not positive.
    """
    given = dict(
        alpha1=alpha1, alpha2=alpha2, beta1=beta1, beta2=beta2, g11=g11, g12=g12, g21=g21, g22=g22
    )
    return _steady(_resolve(given, DEFAULT_PARAMETERS, "Komarova"))


def critical_g11(**params: float) -> float:
    """Osteoclast autocrine exponent at which the trace of the Jacobian is 0 (Hopf value).

    ``1 + (beta2/beta1)*(1 - g22)``; 1.1 with the standard parameters. Below it perturbations are
    damped, at it orbits are closed, above it they grow. Accepts any Komarova parameter (``g11``
    itself is ignored).
    """
    p = _resolve(params, DEFAULT_PARAMETERS, "Komarova")
    return 1.0 + (p["beta2"] / p["beta1"]) * (1.0 - p["g22"])


def jacobian_summary(**params: float) -> JacobianSummary:
    """Trace, determinant, eigenvalues and behavior label at the Komarova steady state.

    ``J = [[beta1(g11-1), beta1 g21 xbar1/xbar2], [beta2 g12 xbar2/xbar1, beta2(g22-1)]]``,
    so ``trace = beta1(g11-1) + beta2(g22-1)`` and ``det = -beta1 beta2 Gamma``. Standard values:
    trace -0.12, det 0.004, eigenvalues -0.06 +/- 0.02i, behavior "damped".
    """
    p = _resolve(params, DEFAULT_PARAMETERS, "Komarova")
    gamma = _gamma(p)
    xbar = _steady(p)
    a = p["beta1"] * (p["g11"] - 1.0)
    d = p["beta2"] * (p["g22"] - 1.0)
    trace = a + d
    det = -p["beta1"] * p["beta2"] * gamma
    disc = complex(trace * trace - 4.0 * det)
    root = disc**0.5
    lam1 = (trace + root) / 2.0
    lam2 = (trace - root) / 2.0
    oscillatory = trace * trace - 4.0 * det < 0
    if det < 0:
        behavior: Behavior = "growing"  # saddle: perturbations grow along one direction
    elif abs(trace) <= 1e-9 * (abs(a) + abs(d)):
        behavior = "neutral"
        trace = 0.0
    elif trace < 0:
        behavior = "damped"
    else:
        behavior = "growing"
    period = 2.0 * math.pi / abs(lam1.imag) if oscillatory else None
    if oscillatory:
        lam1, lam2 = complex(trace / 2.0, abs(lam1.imag)), complex(trace / 2.0, -abs(lam1.imag))
    return JacobianSummary(
        gamma=gamma,
        trace=trace,
        determinant=det,
        eigenvalues=(lam1, lam2),
        behavior=behavior,
        oscillatory=oscillatory,
        period_days=period,
        steady_state=xbar,
    )


# --------------------------------------------------------------------------------------------
# Integration machinery
# --------------------------------------------------------------------------------------------


def _grid(t_end: float) -> np.ndarray:
    n = math.ceil(t_end / GRID_STEP_DAYS - 1e-9)
    return np.linspace(0.0, t_end, max(n, 1) + 1)


def _escape_event(t: float, y: np.ndarray) -> float:
    return max(y[0], y[1]) - _LOG_CEILING


_escape_event.terminal = True  # type: ignore[attr-defined]
_escape_event.direction = 1.0  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _CellSolution:
    """ln(cells) on the output grid ``t`` and at the midpoints of its intervals."""

    t: np.ndarray
    logs: np.ndarray  # shape (2, n)
    mid_logs: np.ndarray  # shape (2, n - 1)
    segment_of_interval: np.ndarray  # index of the segment each interval belongs to
    stopped_early: bool
    message: str


def _method_for(p: Mapping[str, float]) -> str:
    """DOP853 unless the fastest linear rate at the steady state makes the problem stiff."""
    trace = p["beta1"] * (p["g11"] - 1.0) + p["beta2"] * (p["g22"] - 1.0)
    det = -p["beta1"] * p["beta2"] * (p["g12"] * p["g21"] - (1.0 - p["g11"]) * (1.0 - p["g22"]))
    root = complex(trace * trace - 4.0 * det) ** 0.5
    fastest = max(abs(trace + root), abs(trace - root)) / 2.0
    return _STIFF_METHOD if fastest > _STIFF_RATE_PER_DAY else _METHOD


def _solve_cells(
    segments: list[tuple[float, float, Callable]],
    y0: list[float],
    grid: np.ndarray,
    method: str,
) -> _CellSolution:
    """Integrate ln(osteoclasts), ln(osteoblasts) over consecutive segments.

    Each segment ``(t0, t1, rhs)`` has its own right-hand side (treatment switches between
    segments); every segment boundary is a grid point. Values on the grid and at interval
    midpoints come from the solver's dense output (7th order for DOP853).
    """
    t_parts: list[np.ndarray] = []
    log_parts: list[np.ndarray] = []
    mid_parts: list[np.ndarray] = []
    seg_parts: list[np.ndarray] = []
    y = np.asarray(y0, dtype=float)
    stopped, message = False, ""
    for index, (t0, t1, rhs) in enumerate(segments):
        nodes = grid[(grid >= t0) & (grid <= t1)]
        fine = np.empty(2 * nodes.size - 1)
        fine[0::2] = nodes
        fine[1::2] = 0.5 * (nodes[:-1] + nodes[1:])
        sol = solve_ivp(
            rhs,
            (t0, t1),
            y,
            method=method,
            t_eval=fine,
            rtol=_RTOL,
            atol=_ATOL,
            events=_escape_event,
        )
        n_nodes = (sol.t.size + 1) // 2  # after an early stop, keep whole intervals only
        nodes = fine[0 : 2 * n_nodes - 1 : 2]
        node_values = sol.y[:, 0 : 2 * n_nodes - 1 : 2]
        mid_values = sol.y[:, 1 : 2 * n_nodes - 2 : 2]
        mids = fine[1 : 2 * n_nodes - 2 : 2]
        if index == 0:
            t_parts.append(nodes)
            log_parts.append(node_values)
        else:
            t_parts.append(nodes[1:])  # the first node closes the previous segment
            log_parts.append(node_values[:, 1:])
        mid_parts.append(mid_values)
        seg_parts.append(np.full(mids.size, index))
        if sol.status != 0:
            stopped = True
            if sol.status == 1:
                day = float(sol.t_events[0][0])
                message = (
                    f"Stopped at day {day:.2f}: a cell population passed "
                    f"{CELL_COUNT_CEILING:.0e} cells (unbounded growth; the model has left its "
                    "range of validity)."
                )
            else:
                message = f"The solver stopped early at day {sol.t[-1]:.1f}: {sol.message}"
            break
        y = sol.y[:, -1].copy()
    return _CellSolution(
        t=np.concatenate(t_parts),
        logs=np.concatenate(log_parts, axis=1),
        mid_logs=np.concatenate(mid_parts, axis=1),
        segment_of_interval=np.concatenate(seg_parts),
        stopped_early=stopped,
        message=message,
    )


def _bone_mass(
    cells: _CellSolution,
    *,
    z0: float,
    thresholds: tuple[float, float],
    k1_by_segment: np.ndarray,
    k2: float,
) -> np.ndarray:
    """Bone mass from ``dz/dt = k2 max(0, x2 - xbar2) - k1 max(0, x1 - xbar1)``.

    ``z`` does not feed back on the cells, so it is an integral of the solved cell curves; each
    grid interval is integrated with Simpson's rule (ends and midpoint from the dense output). This
    keeps the kinks of ``max(0, .)`` out of the solver's step-size control, which would otherwise
    need about twice as many steps, and reproduces a 1e-12 reference solve to about 1e-4 %.
    """
    xbar1, xbar2 = thresholds
    cap = _EXP_CAP
    excess1 = np.maximum(np.exp(np.minimum(cells.logs[0], cap)) - xbar1, 0.0)
    excess2 = np.maximum(np.exp(np.minimum(cells.logs[1], cap)) - xbar2, 0.0)
    mid1 = np.maximum(np.exp(np.minimum(cells.mid_logs[0], cap)) - xbar1, 0.0)
    mid2 = np.maximum(np.exp(np.minimum(cells.mid_logs[1], cap)) - xbar2, 0.0)
    h = np.diff(cells.t) / 6.0
    resorbed = h * (excess1[:-1] + 4.0 * mid1 + excess1[1:])
    formed = h * (excess2[:-1] + 4.0 * mid2 + excess2[1:])
    change = k2 * formed - k1_by_segment[cells.segment_of_interval] * resorbed
    return np.concatenate(([z0], z0 + np.cumsum(change)))


def _message(cells: _CellSolution, bone: np.ndarray) -> str:
    """The solver's note, plus a note when bone mass goes below 0 % (the model does not stop)."""
    notes = [cells.message] if cells.message else []
    below = np.flatnonzero(bone < 0.0)
    if below.size:
        notes.append(
            f"Bone mass fell below 0 % at day {cells.t[below[0]]:.1f}: the site would be fully "
            "resorbed; the model has no lower limit, so values below 0 are outside its range."
        )
    return " ".join(notes)


def _frozen(array: np.ndarray) -> np.ndarray:
    array = np.ascontiguousarray(array, dtype=float)
    array.flags.writeable = False
    return array


def _cells(log_values: np.ndarray) -> np.ndarray:
    return _frozen(np.exp(np.minimum(log_values, _EXP_CAP)))


# --------------------------------------------------------------------------------------------
# Komarova 2003 simulation
# --------------------------------------------------------------------------------------------


def _komarova_rhs(p: Mapping[str, float]) -> Callable:
    """d/dt of (ln x1, ln x2): alpha1 x1**(g11-1) x2**g21 - beta1 and the osteoblast analogue."""
    alpha1, alpha2, beta1, beta2 = p["alpha1"], p["alpha2"], p["beta1"], p["beta2"]
    e11, g21, g12, e22 = p["g11"] - 1.0, p["g21"], p["g12"], p["g22"] - 1.0
    exp = math.exp
    cap = _EXP_CAP

    def rhs(t: float, y: np.ndarray) -> list[float]:
        u, v = y.tolist()  # u = ln x1, v = ln x2
        a = e11 * u + g21 * v
        b = g12 * u + e22 * v
        return [
            alpha1 * exp(a if a < cap else cap) - beta1,
            alpha2 * exp(b if b < cap else cap) - beta2,
        ]

    return rhs


def simulate(
    t_end_days: float,
    *,
    initial: tuple[float, float, float] | None = None,
    **params: float,
) -> RemodelingResult:
    """Simulate the Komarova 2003 model from day 0 to ``t_end_days``.

    ``initial`` is ``(osteoclasts, osteoblasts, bone mass %)``; by default the steady state with
    10 extra osteoclasts and bone mass 100 (as BIOMD0000000401: 11.06, 212.13, 100). Keyword
    parameters (defaults in ``DEFAULT_PARAMETERS``): ``alpha1, alpha2, beta1, beta2, g11, g12,
    g21, g22, k1, k2``. With the standard set the run shows one remodeling cycle: bone mass falls
    to about 89.8 % at day 12.3 and returns to about 100 %.

    Raises ``ValueError`` for a non-positive or too long ``t_end_days``, an unknown parameter,
    a non-positive rate, ``Gamma == 0`` or a malformed ``initial``.
    """
    t_end = _t_end(t_end_days)
    p = _resolve(params, DEFAULT_PARAMETERS, "Komarova")
    xbar1, xbar2 = _steady(p)
    if initial is None:
        start = (xbar1 + 10.0, xbar2, 100.0)
    else:
        start = _initial(initial, ("osteoclasts", "osteoblasts", "bone mass"))
    y0 = [math.log(start[0]), math.log(start[1])]
    cells = _solve_cells([(0.0, t_end, _komarova_rhs(p))], y0, _grid(t_end), _method_for(p))
    bone = _bone_mass(
        cells, z0=start[2], thresholds=(xbar1, xbar2), k1_by_segment=np.array([p["k1"]]), k2=p["k2"]
    )
    return RemodelingResult(
        t=_frozen(cells.t),
        osteoclasts=_cells(cells.logs[0]),
        osteoblasts=_cells(cells.logs[1]),
        bone_mass=_frozen(bone),
        steady_state=(xbar1, xbar2),
        parameters=MappingProxyType(p),
        initial=start,  # type: ignore[arg-type]
        stopped_early=cells.stopped_early,
        message=_message(cells, bone),
    )


# --------------------------------------------------------------------------------------------
# Ayati 2010 tumor model
# --------------------------------------------------------------------------------------------


def tumor_steady_state(**params: float) -> tuple[float, float]:
    """Bone-equation thresholds ``(Cbar_T, Bbar_T)`` of the Ayati model, evaluated at ``T = LT``.

    With the curators' corrections (BIOMD0000000402/403)::

        Gamma_T = g12/(1+r12) * g21(1+r21) - (1 - g11(1+r11)) (1 - g22 + r22)
        Cbar_T  = (beta1/alpha1)**((1-g22+r22)/Gamma_T) * (beta2/alpha2)**(g21(1+r21)/Gamma_T)
        Bbar_T  = (beta1/alpha1)**((g12/(1+r12))/Gamma_T)
                  * (beta2/alpha2)**((1-g11(1+r11))/Gamma_T)

    Default parameters: Gamma_T = -0.3734, (4.993810, 315.9015). Accepts the keys of
    ``TUMOR_DEFAULT_PARAMETERS``.
    """
    p = _resolve(params, TUMOR_DEFAULT_PARAMETERS, "Ayati tumor")
    return _tumor_steady(p)


def _effective_exponents(p: Mapping[str, float]) -> dict[str, float]:
    """Komarova-form parameters with the tumor exponents at T = LT (as BioModels evaluates them)."""
    return {
        "alpha1": p["alpha1"],
        "alpha2": p["alpha2"],
        "beta1": p["beta1"],
        "beta2": p["beta2"],
        "g11": p["g11"] * (1.0 + p["r11"]),
        "g12": p["g12"] / (1.0 + p["r12"]),
        "g21": p["g21"] * (1.0 + p["r21"]),
        "g22": p["g22"] - p["r22"],
    }


def _tumor_steady(p: Mapping[str, float]) -> tuple[float, float]:
    # Same formula as Komarova with the exponents at T = LT; (1 - g22 + r22) is the corrected (13).
    return _steady(_effective_exponents(p))


def _tumor_log_fraction(
    t: np.ndarray | float, *, w0: float, gamma_t: float, ts: float | None, v2: float
) -> np.ndarray:
    """ln(T/LT) in closed form; piecewise at the treatment start ``ts``."""
    t = np.asarray(t, dtype=float)
    before = w0 * np.exp(-gamma_t * np.minimum(t, ts if ts is not None else np.inf))
    if ts is None:
        return before
    w_start = w0 * math.exp(-gamma_t * ts)
    exponent = np.minimum(-(gamma_t - v2) * np.maximum(t - ts, 0.0), _EXP_CAP)
    after = w_start * np.exp(exponent)
    return np.where(t < ts, before, after)


def _tumor_rhs(
    p: Mapping[str, float], *, w_ref: float, t_ref: float, rate: float, v1: float
) -> Callable:
    """d/dt of (ln C, ln B) for one treatment segment; ln(T/LT) = w_ref exp(-rate (t - t_ref))."""
    alpha1, alpha2, beta1 = p["alpha1"], p["alpha2"], p["beta1"]
    removal2 = p["beta2"] - v1
    g11, g12, g21, g22 = p["g11"], p["g12"], p["g21"], p["g22"]
    r11, r12, r21, r22 = p["r11"], p["r12"], p["r21"], p["r22"]
    exp = math.exp
    cap = _EXP_CAP

    def rhs(t: float, y: np.ndarray) -> list[float]:
        u, v = y.tolist()  # u = ln C, v = ln B
        decay = -rate * (t - t_ref)
        w = w_ref * exp(decay if decay < cap else cap)
        s = exp(w) if w > -745.0 else 0.0  # T/LT
        a = (g11 * (1.0 + r11 * s) - 1.0) * u + g21 * (1.0 + r21 * s) * v
        b = g12 / (1.0 + r12 * s) * u + (g22 - r22 * s - 1.0) * v
        return [
            alpha1 * exp(a if a < cap else cap) - beta1,
            alpha2 * exp(b if b < cap else cap) - removal2,
        ]

    return rhs


def simulate_with_tumor(
    t_end_days: float,
    *,
    treatment_start_day: float | None = None,
    antitumor: float = 0.0,
    anabolic: float = 0.0,
    antiresorptive: float = 0.0,
    initial: tuple[float, float, float, float] | None = None,
    **params: float,
) -> TumorRemodelingResult:
    """Simulate the Ayati 2010 myeloma model (Gompertz tumor), optionally with treatment.

    Treatment is off before ``treatment_start_day`` and on from that day (``t >= day``, as in
    BIOMD0000000403); ``None`` means no treatment, and then all three effects must be 0.

    - ``antitumor`` (per day) is Ayati's ``V2``: it lowers the tumor growth rate to
      ``gammaT - antitumor``; above ``gammaT`` (0.005) the tumor regresses. BIOMD403: 0.008.
    - ``anabolic`` (per day) is Ayati's ``V1``: it lowers the osteoblast removal rate to
      ``beta2 - anabolic``; must be below ``beta2``. BIOMD403: 0.001.
    - ``antiresorptive`` (fraction 0..1) is a **course teaching extension, not in Ayati 2010**: it
      multiplies the resorption per excess osteoclast ``k1`` by ``1 - antiresorptive`` while
      treatment is on, a lumped picture of bisphosphonates and denosumab. Cell dynamics are
      unchanged, so bone mass at every day rises monotonically with it. Leave it at 0 to
      reproduce the published model; ``simulate_with_tumor(1200, **AYATI_TREATMENT)`` is the
      BIOMD403 run.

    ``initial`` is ``(osteoclasts, osteoblasts, bone mass %, T)`` with ``0 < T <= LT`` in the
    units of ``LT``; default ``AYATI_INITIAL_TREATMENT = (13, 300, 100, 1)``. Keyword parameters
    (defaults in ``TUMOR_DEFAULT_PARAMETERS``): ``alpha1, alpha2, beta1, beta2, g11, g12, g21, g22,
    k1, k2, gammaT, LT, r11, r12, r21, r22``. The result's ``tumor`` is ``100 * T / LT``.

    Raises ``ValueError`` for bad times, unknown or out-of-range parameters and a malformed
    ``initial``.
    """
    t_end = _t_end(t_end_days)
    p = _resolve(params, TUMOR_DEFAULT_PARAMETERS, "Ayati tumor")
    v2 = _number("antitumor", antitumor)
    v1 = _number("anabolic", anabolic)
    fraction = _number("antiresorptive", antiresorptive)
    if v2 < 0:
        raise ValueError(
            f"antitumor must be zero or positive (per day), but {antitumor!r} was given."
        )
    if not 0 <= v1 < p["beta2"]:
        raise ValueError(
            f"anabolic must be at least 0 and below beta2 = {p['beta2']:g} per day (it lowers the "
            f"osteoblast removal rate), but {anabolic!r} was given."
        )
    if not 0 <= fraction <= 1:
        raise ValueError(
            f"antiresorptive must be a fraction from 0 to 1, but {antiresorptive!r} was given."
        )
    if treatment_start_day is None:
        if v1 or v2 or fraction:
            raise ValueError(
                "A treatment effect was given without treatment_start_day; give the day "
                "treatment starts (for example 600, as in BIOMD0000000403)."
            )
        ts = None
    else:
        ts = _number("treatment_start_day", treatment_start_day)
        if ts < 0:
            raise ValueError(
                f"treatment_start_day must be 0 or later, but {treatment_start_day!r} was given."
            )
    cbar, bbar = _tumor_steady(p)
    if initial is None:
        start = AYATI_INITIAL_TREATMENT
    else:
        start = _initial(initial, ("osteoclasts", "osteoblasts", "bone mass", "tumor"))
        if not 0 < start[3] <= p["LT"]:
            raise ValueError(
                f"initial tumor must be above 0 and at most LT = {p['LT']:g}, "
                f"but {start[3]!r} was given."
            )
    lt, gamma_t = p["LT"], p["gammaT"]
    w0 = math.log(start[3] / lt)

    grid = _grid(t_end)
    untreated = _tumor_rhs(p, w_ref=w0, t_ref=0.0, rate=gamma_t, v1=0.0)
    if ts is None or ts >= t_end:
        segments = [(0.0, t_end, untreated)]
        k1_by_segment = np.array([p["k1"]])
    else:
        w_start = w0 * math.exp(-gamma_t * ts)
        treated = _tumor_rhs(p, w_ref=w_start, t_ref=ts, rate=gamma_t - v2, v1=v1)
        k1_treated = p["k1"] * (1.0 - fraction)
        if ts > 0:
            # Put the treatment start on the grid (dropping a grid point that rounds onto it).
            grid = np.union1d(grid[np.abs(grid - ts) > 1e-9], [ts])
            segments = [(0.0, ts, untreated), (ts, t_end, treated)]
            k1_by_segment = np.array([p["k1"], k1_treated])
        else:
            segments = [(0.0, t_end, treated)]
            k1_by_segment = np.array([k1_treated])
    y0 = [math.log(start[0]), math.log(start[1])]
    cells = _solve_cells(segments, y0, grid, _method_for(_effective_exponents(p)))
    bone = _bone_mass(
        cells, z0=start[2], thresholds=(cbar, bbar), k1_by_segment=k1_by_segment, k2=p["k2"]
    )
    w = _tumor_log_fraction(cells.t, w0=w0, gamma_t=gamma_t, ts=ts, v2=v2)
    tumor = 100.0 * np.exp(np.maximum(w, -745.0))
    return TumorRemodelingResult(
        t=_frozen(cells.t),
        osteoclasts=_cells(cells.logs[0]),
        osteoblasts=_cells(cells.logs[1]),
        bone_mass=_frozen(bone),
        tumor=_frozen(tumor),
        steady_state=(cbar, bbar),
        parameters=MappingProxyType(p),
        initial=tuple(start),  # type: ignore[arg-type]
        treatment_start_day=ts,
        antitumor=v2,
        anabolic=v1,
        antiresorptive=fraction,
        stopped_early=cells.stopped_early,
        message=_message(cells, bone),
    )
