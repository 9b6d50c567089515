"""Tests for course.models.remodeling (Komarova 2003; Ayati 2010 tumor extension).

Anchors:
- [verified] equations, parameters and initial values from BioModels BIOMD0000000148/401/402/403
  (see the module docstring); corrected steady-state formulas.
- [derived] steady states, Jacobian, the g11 sweep table and the tumor steady state, computed from
  the verified equations in the course's evidence sheet (section 1.1-1.2).
- [derived here] trajectory numbers (peaks, their days, bone-mass minimum, bone mass at the end)
  come from an independent reference solve written in this file: the equations in the original
  variables (cells, not log cells), bone mass as an ODE state with the max(0, .) terms, the tumor
  as the Gompertz ODE, DOP853 with rtol 1e-12. The module must agree with it to three
  significant figures. No published trajectory numbers were available to test against.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from course.models.remodeling import (
    AYATI_INITIAL_TREATMENT,
    AYATI_REFERENCE,
    AYATI_TREATMENT,
    DEFAULT_PARAMETERS,
    KOMAROVA_REFERENCE,
    REFERENCE,
    TUMOR_DEFAULT_PARAMETERS,
    critical_g11,
    jacobian_summary,
    simulate,
    simulate_with_tumor,
    steady_state,
    tumor_steady_state,
)

# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------


def agrees_to_3_sf(value: float, reference: float) -> bool:
    """True if value is within half a unit of the third significant figure of reference."""
    if reference == 0:
        return abs(value) < 1e-12
    unit = 10 ** (math.floor(math.log10(abs(reference))) - 2)
    return abs(value - reference) <= 0.5 * unit


def interior_peaks(y: np.ndarray) -> np.ndarray:
    """Indices of strict interior local maxima."""
    return np.flatnonzero((y[1:-1] > y[:-2]) & (y[1:-1] >= y[2:])) + 1


def komarova_reference(t_end: float, initial: tuple[float, float, float], **overrides: float):
    """Tight solve of Komarova 2003 in the original variables (independent of the module)."""
    p = dict(DEFAULT_PARAMETERS, **overrides)
    gamma = p["g12"] * p["g21"] - (1 - p["g11"]) * (1 - p["g22"])
    xbar1 = (p["beta1"] / p["alpha1"]) ** ((1 - p["g22"]) / gamma) * (p["beta2"] / p["alpha2"]) ** (
        p["g21"] / gamma
    )
    xbar2 = (p["beta1"] / p["alpha1"]) ** (p["g12"] / gamma) * (p["beta2"] / p["alpha2"]) ** (
        (1 - p["g11"]) / gamma
    )

    def rhs(t, y):
        x1, x2, _z = y
        return [
            p["alpha1"] * x1 ** p["g11"] * x2 ** p["g21"] - p["beta1"] * x1,
            p["alpha2"] * x1 ** p["g12"] * x2 ** p["g22"] - p["beta2"] * x2,
            -p["k1"] * max(0.0, x1 - xbar1) + p["k2"] * max(0.0, x2 - xbar2),
        ]

    sol = solve_ivp(
        rhs, (0, t_end), list(initial), method="DOP853", rtol=1e-12, atol=1e-12, dense_output=True
    )
    assert sol.status == 0
    t = np.linspace(0, t_end, int(t_end * 1000) + 1)  # 0.001-day grid for extrema and their days
    return t, sol.sol(t)


def ayati_reference(t_end: float, start_day: float | None, v1: float, v2: float):
    """Tight solve of BIOMD0000000402/403 in the original variables, T as the Gompertz ODE."""
    p = dict(TUMOR_DEFAULT_PARAMETERS)
    cbar, bbar = 4.993809961573606, 315.9014886724187  # derived, checked in a test below

    def make(V1, V2):
        def rhs(t, y):
            c, b, _z, tumor = y
            s = tumor / p["LT"]
            return [
                p["alpha1"]
                * c ** (p["g11"] * (1 + p["r11"] * s))
                * b ** (p["g21"] * (1 + p["r21"] * s))
                - p["beta1"] * c,
                p["alpha2"] * c ** (p["g12"] / (1 + p["r12"] * s)) * b ** (p["g22"] - p["r22"] * s)
                - (p["beta2"] - V1) * b,
                p["k2"] * max(b - bbar, 0.0) - p["k1"] * max(c - cbar, 0.0),
                (p["gammaT"] - V2) * tumor * math.log(p["LT"] / tumor),
            ]

        return rhs

    opts = dict(method="DOP853", rtol=1e-12, atol=1e-14, dense_output=True)
    y0 = list(AYATI_INITIAL_TREATMENT)
    if start_day is None:
        sol = solve_ivp(make(0, 0), (0, t_end), y0, **opts)
        return lambda t: sol.sol(t)
    first = solve_ivp(make(0, 0), (0, start_day), y0, **opts)
    second = solve_ivp(make(v1, v2), (start_day, t_end), first.y[:, -1], **opts)
    return lambda t: first.sol(t) if t <= start_day else second.sol(t)


@pytest.fixture(scope="module")
def standard():
    return simulate(1000)


@pytest.fixture(scope="module")
def standard_reference():
    xbar1, xbar2 = steady_state()
    return komarova_reference(1000, (xbar1 + 10, xbar2, 100.0))


@pytest.fixture(scope="module")
def untreated():
    return simulate_with_tumor(1200)


@pytest.fixture(scope="module")
def treated():
    return simulate_with_tumor(1200, **AYATI_TREATMENT)


# ------------------------------------------------------------------------------------------------
# steady states and linear stability [derived]
# ------------------------------------------------------------------------------------------------


def test_standard_steady_state():
    xbar1, xbar2 = steady_state()
    assert xbar1 == pytest.approx(1.060660, abs=5e-7)
    assert xbar2 == pytest.approx(212.132034, abs=5e-7)
    assert xbar1 == pytest.approx(15 * math.sqrt(0.005), rel=1e-12)
    assert xbar2 == pytest.approx(15 / math.sqrt(0.005), rel=1e-12)


def test_steady_state_uses_corrected_a2_exponent():
    # With g11 != 0.5 the paper's typo 1 - g11/Gamma and the correction (1 - g11)/Gamma differ.
    xbar1, xbar2 = steady_state(g11=1.0)
    assert (xbar1, xbar2) == (pytest.approx(1.125), pytest.approx(225.0))
    # it really is a fixed point of the equations
    p = dict(DEFAULT_PARAMETERS, g11=1.0)
    dx1 = p["alpha1"] * xbar1 ** p["g11"] * xbar2 ** p["g21"] - p["beta1"] * xbar1
    dx2 = p["alpha2"] * xbar1 ** p["g12"] * xbar2 ** p["g22"] - p["beta2"] * xbar2
    assert abs(dx1) < 1e-12 and abs(dx2) < 1e-12


# g11, Gamma, xbar1, xbar2, trace, det, linear period (days), behavior  [derived table]
SWEEP = [
    (0.5, -1.0, 1.0607, 212.13, -0.12, 0.004, 314, "damped"),
    (1.0, -0.5, 1.1250, 225.00, -0.02, 0.002, 144, "damped"),
    (1.05, -0.45, 1.1398, 227.96, -0.01, 0.0018, 149, "damped"),
    (1.1, -0.4, 1.1586, 231.72, 0.0, 0.0016, 157, "neutral"),
    (1.15, -0.35, 1.1832, 236.65, 0.01, 0.0014, 169, "growing"),
    (1.2, -0.3, 1.2169, 243.38, 0.02, 0.0012, 189, "growing"),
]


@pytest.mark.parametrize(
    ("g11", "gamma", "xbar1", "xbar2", "trace", "det", "period", "label"), SWEEP
)
def test_g11_sweep_table(g11, gamma, xbar1, xbar2, trace, det, period, label):
    got1, got2 = steady_state(g11=g11)
    assert round(got1, 4) == xbar1
    assert round(got2, 2) == xbar2
    summary = jacobian_summary(g11=g11)
    assert summary.gamma == pytest.approx(gamma, abs=1e-12)
    assert summary.trace == pytest.approx(trace, abs=1e-12)
    assert summary.determinant == pytest.approx(det, abs=1e-12)
    assert round(summary.period_days) == period
    assert summary.behavior == label
    assert summary.steady_state == (got1, got2)


def test_standard_eigenvalues():
    summary = jacobian_summary()
    lam_plus, lam_minus = summary.eigenvalues
    assert lam_plus == pytest.approx(complex(-0.06, 0.02), abs=1e-12)
    assert lam_minus == pytest.approx(complex(-0.06, -0.02), abs=1e-12)
    assert summary.oscillatory
    assert summary.behavior == "damped"
    # damping ratio 0.95: the linear period 2*pi/0.02 = 314 days is much longer than the decay
    assert summary.period_days == pytest.approx(2 * math.pi / 0.02)
    assert -lam_plus.real / abs(lam_plus) == pytest.approx(0.9487, abs=1e-4)


def test_behavior_labels_on_both_sides_of_the_critical_value():
    assert critical_g11() == pytest.approx(1.1, abs=1e-15)
    assert jacobian_summary(g11=1.1 - 1e-6).behavior == "damped"
    assert jacobian_summary(g11=1.1).behavior == "neutral"
    assert jacobian_summary(g11=1.1 + 1e-6).behavior == "growing"
    # a slider value that accumulated rounding error is still neutral
    assert jacobian_summary(g11=0.1 * 11).behavior == "neutral"


def test_saddle_is_labelled_growing():
    summary = jacobian_summary(g11=2.0)  # Gamma = +0.5 > 0, det < 0
    assert summary.determinant < 0
    assert not summary.oscillatory and summary.period_days is None
    assert summary.behavior == "growing"


def test_critical_g11_formula():
    assert critical_g11(beta1=0.2, beta2=0.04) == pytest.approx(1.2)
    assert critical_g11(g22=0.5) == pytest.approx(1.05)
    assert critical_g11(g11=0.7) == pytest.approx(1.1)  # g11 itself is ignored
    summary = jacobian_summary(beta2=0.04, g22=0.5, g11=critical_g11(beta2=0.04, g22=0.5))
    assert summary.behavior == "neutral"


def test_tumor_steady_state():
    cbar, bbar = tumor_steady_state()
    assert cbar == pytest.approx(4.993810, abs=5e-7)
    assert bbar == pytest.approx(315.9015, abs=5e-5)
    # Gamma_T through the Komarova form with the exponents at T = LT: det = -beta1*beta2*Gamma_T
    effective = jacobian_summary(g11=1.1 * (1 + 0.005), g12=1.0, g21=-0.5, g22=0.0 - 0.2)
    assert effective.gamma == pytest.approx(-0.3734, abs=1e-12)
    assert effective.steady_state == (pytest.approx(cbar), pytest.approx(bbar))


def test_tumor_steady_state_uses_corrected_exponents():
    # Corrected (13): 1 - g22 + r22 (not - r22); corrected (14): first factor beta1/alpha1.
    cbar, bbar = tumor_steady_state(r22=0.0, r11=0.0)
    assert (cbar, bbar) == (pytest.approx(steady_state(g11=1.1)[0]), pytest.approx(231.7238, 1e-6))


# ------------------------------------------------------------------------------------------------
# Komarova dynamics
# ------------------------------------------------------------------------------------------------


def test_default_initial_state_is_steady_state_plus_ten_osteoclasts(standard):
    xbar1, xbar2 = steady_state()
    assert standard.initial == (pytest.approx(xbar1 + 10), pytest.approx(xbar2), 100.0)
    assert standard.osteoclasts[0] == pytest.approx(11.060660, abs=5e-7)
    assert standard.osteoblasts[0] == pytest.approx(212.132034, abs=5e-7)
    assert standard.bone_mass[0] == 100.0
    assert standard.steady_state == (xbar1, xbar2)
    assert dict(standard.parameters) == dict(DEFAULT_PARAMETERS)


def test_grid_and_result_shape(standard):
    assert standard.t[0] == 0.0 and standard.t[-1] == 1000.0
    assert np.diff(standard.t).max() <= 0.5
    n = standard.t.size
    assert standard.osteoclasts.shape == standard.osteoblasts.shape == standard.bone_mass.shape
    assert standard.osteoclasts.size == n
    assert not standard.stopped_early and standard.message == ""


def test_result_is_frozen(standard):
    with pytest.raises(dataclasses.FrozenInstanceError):
        standard.t = np.zeros(3)
    with pytest.raises(ValueError):
        standard.bone_mass[0] = 0.0
    with pytest.raises(TypeError):
        standard.parameters["k1"] = 1.0


# [derived here] from the reference solve (0.001-day grid), rounded to 4 s.f.:
# osteoclast trough 0.7280 at day 42.17, osteoblast peak 396.9 at day 14.10,
# bone-mass minimum 89.79 % at day 12.32, bone mass at day 1000 99.98 %.
STANDARD_FEATURES = [
    ("osteoblast peak", "osteoblasts", np.argmax, 396.9, 14.10),
    ("osteoclast trough", "osteoclasts", np.argmin, 0.7280, 42.17),
    ("bone-mass minimum", "bone_mass", np.argmin, 89.79, 12.32),
]


@pytest.mark.parametrize(("name", "field", "pick", "value", "day"), STANDARD_FEATURES)
def test_standard_cycle_features_match_tight_reference(
    standard, standard_reference, name, field, pick, value, day
):
    t_ref, y_ref = standard_reference
    row = {"osteoclasts": 0, "osteoblasts": 1, "bone_mass": 2}[field]
    i_ref = pick(y_ref[row])
    ref_value, ref_day = y_ref[row][i_ref], t_ref[i_ref]
    assert agrees_to_3_sf(ref_value, value), name  # the numbers quoted above
    assert agrees_to_3_sf(ref_day, day), name
    series = getattr(standard, field)
    i = pick(series)
    assert agrees_to_3_sf(series[i], ref_value), name
    assert agrees_to_3_sf(standard.t[i], ref_day), name


def test_osteoclast_peak_is_the_initial_stimulus(standard, standard_reference):
    # The added osteoclasts are the largest osteoclast number of the run (day 0, 11.06 cells).
    assert int(np.argmax(standard.osteoclasts)) == 0
    assert agrees_to_3_sf(standard.osteoclasts.max(), 11.06)


def test_standard_run_is_one_remodeling_cycle(standard, standard_reference):
    xbar1, xbar2 = standard.steady_state
    t, z = standard.t, standard.bone_mass
    # resorption first: bone mass falls while osteoclasts exceed their steady state
    first_day_below = t[np.argmax(standard.osteoclasts < xbar1)]
    assert 20 < first_day_below < 25  # about day 22.9
    assert np.all(np.diff(z[t <= 12.3]) < 0)
    # then formation restores bone mass close to 100 %, with no second resorption dip
    assert agrees_to_3_sf(z[-1], 99.98)
    assert agrees_to_3_sf(z[-1], standard_reference[1][2][-1])
    assert abs(z[-1] - 100.0) < 0.05
    # after the minimum, bone mass never loses more than 0.001 % again (the damped second
    # overshoot of osteoclasts, near day 230, is 1e-5 of the steady state)
    after = z[t > 12.4]
    assert np.max(np.maximum.accumulate(after) - after) < 1e-3
    assert interior_peaks(-z).size >= 1 and z[interior_peaks(-z)].min() == z.min()
    # cells settle back onto the steady state
    i = np.searchsorted(t, 300.0)
    assert standard.osteoclasts[i] == pytest.approx(xbar1, rel=1e-4)
    assert standard.osteoblasts[i] == pytest.approx(xbar2, rel=1e-4)


def test_trajectory_matches_reference_everywhere(standard, standard_reference):
    t_ref, y_ref = standard_reference
    idx = np.searchsorted(t_ref, standard.t[::50] - 1e-9)
    assert np.allclose(standard.osteoclasts[::50], y_ref[0][idx], rtol=1e-5)
    assert np.allclose(standard.osteoblasts[::50], y_ref[1][idx], rtol=1e-5)
    assert np.allclose(standard.bone_mass[::50], y_ref[2][idx], atol=1e-3)


def _peaks_after_plus_one(g11: float, days: float = 1000):
    xbar1, xbar2 = steady_state(g11=g11)
    run = simulate(days, g11=g11, initial=(xbar1 + 1, xbar2, 100))
    peaks = interior_peaks(run.osteoclasts)
    return run, xbar1, run.osteoclasts[peaks]


def test_damped_below_critical_g11():
    run, xbar1, peaks = _peaks_after_plus_one(1.0)
    amplitudes = peaks - xbar1
    assert amplitudes.size >= 4
    assert np.all(np.diff(amplitudes[:4]) < 0)
    assert amplitudes[3] < 0.1 * amplitudes[0]


def test_neutral_closed_orbits_at_critical_g11():
    run, xbar1, peaks = _peaks_after_plus_one(1.1)
    assert peaks.size >= 5
    assert np.ptp(peaks) / peaks.mean() < 0.01
    # the amplitude depends on the kick (a centre, not a limit cycle)
    xb1, xb2 = steady_state(g11=1.1)
    bigger = simulate(1000, g11=1.1, initial=(xb1 + 10, xb2, 100))
    big_peaks = bigger.osteoclasts[interior_peaks(bigger.osteoclasts)]
    assert np.ptp(big_peaks) / big_peaks.mean() < 0.01
    assert big_peaks.mean() > 4 * peaks.mean()


def test_growing_above_critical_g11_then_collapse():
    run, xbar1, peaks = _peaks_after_plus_one(1.15)
    assert peaks.size >= 2
    assert round(peaks[0], 1) == 2.5  # table: 2.51
    assert round(peaks[1], 1) == 5.5  # table: 5.47
    assert peaks[1] - xbar1 > 2 * (peaks[0] - xbar1)
    # afterwards osteoclasts collapse towards 0; every value stays finite
    assert run.osteoclasts[-1] < 1e-20
    for series in (run.t, run.osteoclasts, run.osteoblasts, run.bone_mass):
        assert np.all(np.isfinite(series))
    assert not run.stopped_early


@pytest.mark.parametrize("g11", [1.2, 1.3])
def test_unstable_runs_stay_finite(g11):
    run = simulate(2000, g11=g11)
    assert run.t[-1] == 2000.0
    assert run.osteoclasts.min() >= 0.0
    for series in (run.osteoclasts, run.osteoblasts, run.bone_mass):
        assert np.all(np.isfinite(series))


def test_runaway_growth_stops_early_with_a_message():
    run = simulate(1000, g11=2.0)
    assert run.stopped_early
    assert "Stopped at day" in run.message
    assert run.t[-1] < 1000
    assert np.all(np.isfinite(run.osteoclasts)) and np.all(np.isfinite(run.bone_mass))
    assert run.t.size == run.osteoclasts.size == run.bone_mass.size


def test_negative_bone_mass_is_reported():
    # g11 = 1.1 with 10 extra osteoclasts: the closed orbits resorb more than they form.
    run = simulate(2000, g11=1.1)
    assert run.bone_mass.min() < 0
    assert "below 0 %" in run.message
    assert not run.stopped_early


def test_custom_initial_at_steady_state_stays_put():
    xbar1, xbar2 = steady_state()
    run = simulate(200, initial=(xbar1, xbar2, 95.0))
    assert np.allclose(run.osteoclasts, xbar1, rtol=1e-9)
    assert np.allclose(run.bone_mass, 95.0)


def test_short_run_has_the_end_point():
    run = simulate(0.15)
    assert run.t[-1] == 0.15 and run.t[0] == 0.0
    assert np.diff(run.t).max() <= 0.1 + 1e-12


# ------------------------------------------------------------------------------------------------
# Ayati 2010 tumor model
# ------------------------------------------------------------------------------------------------


def test_tumor_defaults_are_biomodels_values(untreated):
    assert untreated.initial == (13.0, 300.0, 100.0, 1.0)
    assert dict(untreated.parameters) == dict(TUMOR_DEFAULT_PARAMETERS)
    assert untreated.parameters["g11"] == 1.1
    assert untreated.parameters["k1"] == 0.0748 and untreated.parameters["k2"] == 0.0006395
    assert dict(AYATI_TREATMENT) == {
        "treatment_start_day": 600.0,
        "anabolic": 0.001,
        "antitumor": 0.008,
    }
    assert untreated.steady_state == tumor_steady_state()
    assert untreated.treatment_start_day is None


def test_gompertz_closed_form_before_treatment(treated):
    t = treated.t
    closed = 100 * np.exp(math.log(1 / 100) * np.exp(-0.005 * t))
    before = t <= 600
    assert np.allclose(treated.tumor[before], closed[before], rtol=1e-12)
    # and the Gompertz ODE dT/dt = gammaT T ln(LT/T), integrated independently
    ode = solve_ivp(
        lambda _t, y: [0.005 * y[0] * math.log(100 / y[0])],
        (0, 600),
        [1.0],
        t_eval=[100.0, 300.0, 600.0],
        rtol=1e-11,
        atol=1e-12,
    )
    for day, value in zip(ode.t, ode.y[0], strict=True):
        assert treated.tumor[np.searchsorted(t, day)] == pytest.approx(value, rel=1e-8)
    assert treated.tumor[np.searchsorted(t, 600)] == pytest.approx(79.51075, abs=1e-5)


def test_tumor_regresses_under_treatment(treated, untreated):
    t = treated.t
    after = t >= 600
    assert np.all(np.diff(treated.tumor[after]) < 0)
    assert np.all(np.diff(untreated.tumor) > 0)
    # closed form with rate gammaT - V2 = -0.003 per day after day 600
    w600 = math.log(0.01) * math.exp(-0.005 * 600)
    closed = 100 * np.exp(w600 * np.exp(0.003 * (t[after] - 600)))
    assert np.allclose(treated.tumor[after], closed, rtol=1e-12)
    assert treated.tumor[-1] == pytest.approx(24.98110, abs=1e-4)
    assert untreated.tumor[-1] == pytest.approx(98.86498, abs=1e-4)


def test_tumor_causes_net_bone_loss(untreated):
    t, z = untreated.t, untreated.bone_mass
    at = {day: z[np.searchsorted(t, day)] for day in (0, 600, 900, 1200)}
    assert at[0] > at[600] > at[900] > at[1200]
    assert at[1200] < 10  # 3.12 % [derived here]
    without_tumor_effects = simulate_with_tumor(1200, r11=0.0, r22=0.0)
    assert without_tumor_effects.bone_mass[-1] > 90
    assert untreated.message == ""


def test_treatment_from_day_600_protects_bone(treated, untreated):
    before = treated.t <= 600
    # same model up to day 600 (separate solver segments, so equal to solver accuracy)
    assert np.allclose(treated.bone_mass[before], untreated.bone_mass[before], atol=1e-5)
    assert treated.bone_mass[-1] > untreated.bone_mass[-1] + 40  # 57.2 % versus 3.1 %
    assert treated.treatment_start_day == 600.0
    assert (treated.antitumor, treated.anabolic, treated.antiresorptive) == (0.008, 0.001, 0.0)


@pytest.mark.parametrize(
    ("start_day", "v1", "v2"), [(None, 0.0, 0.0), (600.0, 0.001, 0.008)], ids=["402", "403"]
)
def test_tumor_runs_match_tight_reference(start_day, v1, v2):
    ref = ayati_reference(1200, start_day, v1, v2)
    kwargs = {} if start_day is None else dict(AYATI_TREATMENT)
    run = simulate_with_tumor(1200, **kwargs)
    for day in (300.0, 600.0, 900.0, 1200.0):
        i = np.searchsorted(run.t, day)
        c, b, z, tumor = ref(day)
        assert agrees_to_3_sf(run.osteoclasts[i], c)
        assert agrees_to_3_sf(run.osteoblasts[i], b)
        assert abs(run.bone_mass[i] - z) < 5e-3
        assert agrees_to_3_sf(run.tumor[i], tumor)


def test_antiresorptive_extension_is_monotone_and_off_by_default(untreated):
    base = simulate_with_tumor(1200, treatment_start_day=600)
    assert np.allclose(base.bone_mass, untreated.bone_mass, atol=1e-5)
    runs = [
        simulate_with_tumor(1200, treatment_start_day=600, antiresorptive=f)
        for f in (0.25, 0.5, 0.75)
    ]
    previous = base.bone_mass
    for run in runs:
        assert np.array_equal(run.osteoclasts, base.osteoclasts)  # cells unchanged
        assert np.all(run.bone_mass >= previous - 1e-12)
        assert run.bone_mass[-1] > previous[-1] + 10
        previous = run.bone_mass
    assert np.array_equal(runs[0].bone_mass[base.t <= 600], base.bone_mass[base.t <= 600])


def test_tumor_control_matters_with_antiresorptive():
    bone_only = simulate_with_tumor(1200, treatment_start_day=600, antiresorptive=0.5)
    both = simulate_with_tumor(1200, treatment_start_day=600, antiresorptive=0.5, antitumor=0.008)
    assert both.bone_mass[-1] > bone_only.bone_mass[-1] + 10  # about 82 % versus 55 %
    assert both.tumor[-1] < 30 < bone_only.tumor[-1]


def test_treatment_from_day_zero_and_after_the_end():
    from_start = simulate_with_tumor(300, treatment_start_day=0, antitumor=0.008)
    assert np.all(np.diff(from_start.tumor) < 0)
    never = simulate_with_tumor(300, treatment_start_day=500, antitumor=0.008)
    plain = simulate_with_tumor(300)
    assert np.array_equal(never.bone_mass, plain.bone_mass)
    assert np.array_equal(never.tumor, plain.tumor)


def test_treatment_start_off_grid_is_inserted():
    run = simulate_with_tumor(700, treatment_start_day=600.05, antitumor=0.008)
    assert 600.05 in run.t
    assert np.all(np.diff(run.t) > 0) and np.diff(run.t).max() <= 0.1 + 1e-9


# ------------------------------------------------------------------------------------------------
# references and invalid input
# ------------------------------------------------------------------------------------------------


def test_references():
    assert "14499354" in KOMAROVA_REFERENCE and "Bone" in KOMAROVA_REFERENCE
    assert "20406449" in AYATI_REFERENCE and "Biol Direct" in AYATI_REFERENCE
    assert KOMAROVA_REFERENCE in REFERENCE and AYATI_REFERENCE in REFERENCE


@pytest.mark.parametrize("t_end", [-1, 0, float("nan"), float("inf"), True, "100", 1e6])
def test_bad_t_end(t_end):
    with pytest.raises(ValueError, match="t_end_days"):
        simulate(t_end)
    with pytest.raises(ValueError, match="t_end_days"):
        simulate_with_tumor(t_end)


def test_unknown_parameter():
    with pytest.raises(ValueError, match="Unknown parameter.*gamma1"):
        simulate(100, gamma1=0.3)
    with pytest.raises(ValueError, match="Unknown parameter.*r11"):
        simulate(100, r11=0.1)  # tumor parameter in the normal model
    with pytest.raises(ValueError, match="Unknown parameter.*v2"):
        simulate_with_tumor(100, v2=0.008)
    with pytest.raises(ValueError, match="Unknown parameter"):
        jacobian_summary(k3=1.0)
    with pytest.raises(ValueError, match="Unknown parameter"):
        critical_g11(beta3=1.0)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"alpha1": 0.0}, "alpha1 must be positive"),
        ({"beta2": -0.02}, "beta2 must be positive"),
        ({"k1": -0.1}, "k1 must be zero or positive"),
        ({"g11": float("nan")}, "g11 must be a finite number"),
        ({"g11": True}, "g11 must be a number"),
        ({"g11": 1.5}, "Gamma"),  # Gamma = -0.5 - (-0.5)(1) = 0
    ],
)
def test_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate(100, **kwargs)


def test_steady_state_errors():
    with pytest.raises(ValueError, match="Gamma"):
        steady_state(g11=1.5)
    with pytest.raises(ValueError, match="beta1 must be positive"):
        steady_state(beta1=0)
    with pytest.raises(ValueError, match="alpha2 must be positive"):
        steady_state(alpha2=-4)
    with pytest.raises(ValueError, match="Gamma"):
        jacobian_summary(g11=1.5)


@pytest.mark.parametrize(
    ("initial", "match"),
    [
        ((11.0, 212.0), "3 values"),
        ((11.0, 212.0, 100.0, 1.0), "3 values"),
        ((0.0, 212.0, 100.0), "osteoclasts must be positive"),
        ((11.0, -1.0, 100.0), "osteoblasts must be positive"),
        ((11.0, 212.0, -5.0), "bone mass must be zero or positive"),
        ((11.0, float("nan"), 100.0), "finite"),
        ("abc", "sequence"),
        (11.0, "sequence"),
    ],
)
def test_bad_initial(initial, match):
    with pytest.raises(ValueError, match=match):
        simulate(100, initial=initial)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"antitumor": 0.008}, "without treatment_start_day"),
        ({"treatment_start_day": -1, "antitumor": 0.008}, "treatment_start_day"),
        ({"treatment_start_day": 600, "antitumor": -0.001}, "antitumor"),
        ({"treatment_start_day": 600, "anabolic": 0.02}, "anabolic"),
        ({"treatment_start_day": 600, "antiresorptive": 1.5}, "antiresorptive"),
        ({"treatment_start_day": 600, "antiresorptive": True}, "antiresorptive"),
        ({"initial": (13, 300, 100, 0)}, "initial tumor"),
        ({"initial": (13, 300, 100, 150)}, "initial tumor"),
        ({"initial": (13, 300, 100)}, "4 values"),
        ({"LT": 0}, "LT must be positive"),
        ({"r22": -0.2}, "r22 must be zero or positive"),
    ],
)
def test_bad_tumor_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        simulate_with_tumor(100, **kwargs)
