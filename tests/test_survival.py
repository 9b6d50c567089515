"""Tests for course.models.survival (Module 4): exponential curves, HR comparators, trials.

Derived values (hazards, C/HR, median-ratio "HR", S at 12 and 24 months) are those of the
evidence sheet, quantitative models section 6, recomputed by hand here. Trial numbers follow
medical facts 7.4 and 8 and its Verification update (Henry 2011 denosumab median 20.5 months).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course.models import survival
from course.models.survival import (
    TRIALS,
    Trial,
    comparator_curve,
    exponential_survival,
    hazard_from_median,
    hazard_ratio_from_medians,
    median_from_hazard_ratio,
    trial,
)

LN2 = math.log(2)

PUBLISHED_MEDIANS = sorted(
    {
        m
        for t in TRIALS
        for m in (t.median_experimental_months, t.median_control_months)
        if m is not None
    }
)

# ---------------------------------------------------------------------------------------------
# Curves cross 0.5 at their median
# ---------------------------------------------------------------------------------------------


def test_published_medians_collected():
    assert PUBLISHED_MEDIANS == [11.3, 14.9, 15.3, 16.3, 17.1, 20.5, 20.7, 26.4]


@pytest.mark.parametrize("median", PUBLISHED_MEDIANS)
def test_curve_from_published_median_crosses_half_at_that_median(median):
    assert exponential_survival(median, median) == pytest.approx(0.5)
    assert exponential_survival(median, 0.999 * median) > 0.5
    assert exponential_survival(median, 1.001 * median) < 0.5
    assert exponential_survival(median, 0) == 1.0


@pytest.mark.parametrize("entry", TRIALS, ids=lambda t: t.name)
def test_comparator_crosses_half_at_control_over_hr(entry):
    control, hr = entry.median_control_months, entry.hazard_ratio
    assert comparator_curve(control, hr, control / hr) == pytest.approx(0.5)
    assert median_from_hazard_ratio(control, hr) == pytest.approx(control / hr)


def test_comparator_is_control_curve_to_the_power_hr():
    months = np.linspace(0.0, 48.0, 97)
    np.testing.assert_allclose(
        comparator_curve(11.3, 0.70, months), exponential_survival(11.3, months) ** 0.70
    )
    np.testing.assert_allclose(
        comparator_curve(11.3, 0.70, months), np.exp(-0.70 * LN2 * months / 11.3)
    )


def test_hr_one_comparator_equals_control():
    months = np.array([0.0, 6.0, 12.0, 36.0])
    np.testing.assert_allclose(
        comparator_curve(17.1, 1.0, months), exponential_survival(17.1, months)
    )


# ---------------------------------------------------------------------------------------------
# Sheet section 6, derived values
# ---------------------------------------------------------------------------------------------

HAZARDS = [
    (14.9, 0.046520),
    (11.3, 0.061340),
    (15.3, 0.045303),
    (20.7, 0.033485),
    (17.1, 0.040535),
    (26.4, 0.026255),
]


@pytest.mark.parametrize(("median", "expected"), HAZARDS)
def test_hazard_from_median_matches_sheet(median, expected):
    assert hazard_from_median(median) == pytest.approx(LN2 / median)
    assert hazard_from_median(median) == pytest.approx(expected, abs=1e-6)


def test_stopeck_denosumab_hazard_is_hr_times_control():
    # Sheet: lambda_Dmab = 0.82 x lambda_ZA = 0.021529 per month; implied median 32.20 months.
    assert 0.82 * hazard_from_median(26.4) == pytest.approx(0.021529, abs=1e-6)
    assert median_from_hazard_ratio(26.4, 0.82) == pytest.approx(32.20, abs=0.005)


# (trial, S_E and S_C at 12 months, at 24 months, median-ratio "HR", C/HR)
SHEET_SECTION_6 = [
    ("ALSYMPCA", (0.5722, 0.4790), (0.3274, 0.2294), 0.7584, 16.14),
    ("VISION", (0.5806, 0.4790), (0.3371, 0.2294), 0.7386, 18.23),
    ("Fizazi 2011", (0.6691, 0.6148), (0.4477, 0.3780), 0.8261, 20.85),
]


@pytest.mark.parametrize(
    ("name", "at_12", "at_24", "median_ratio_hr", "c_over_hr"), SHEET_SECTION_6
)
def test_sheet_section_6_values(name, at_12, at_24, median_ratio_hr, c_over_hr):
    entry = trial(name)
    e, c = entry.median_experimental_months, entry.median_control_months
    for months, (s_e, s_c) in ((12, at_12), (24, at_24)):
        assert exponential_survival(e, months) == pytest.approx(math.exp(-LN2 * months / e))
        assert exponential_survival(e, months) == pytest.approx(s_e, abs=5e-5)
        assert exponential_survival(c, months) == pytest.approx(s_c, abs=5e-5)
    assert hazard_ratio_from_medians(e, c) == pytest.approx(c / e)
    assert hazard_ratio_from_medians(e, c) == pytest.approx(median_ratio_hr, abs=5e-5)
    assert median_from_hazard_ratio(c, entry.hazard_ratio) == pytest.approx(c_over_hr, abs=0.005)


def test_exponential_comparator_overpredicts_survival_trial_medians():
    # Sheet teaching point: predicted 16.1 and 18.2 months vs observed 14.9 and 15.3.
    alsympca, vision = trial("ALSYMPCA"), trial("VISION")
    assert round(median_from_hazard_ratio(11.3, alsympca.hazard_ratio), 1) == 16.1
    assert round(median_from_hazard_ratio(11.3, vision.hazard_ratio), 1) == 18.2
    assert median_from_hazard_ratio(11.3, 0.70) > alsympca.median_experimental_months
    assert median_from_hazard_ratio(11.3, 0.62) > vision.median_experimental_months


# ---------------------------------------------------------------------------------------------
# Teaching point: ratio of medians vs 1 / HR
# ---------------------------------------------------------------------------------------------

# (trial, median ratio E/C by hand, 1/HR by hand, clearly different?)
MEDIAN_RATIO_VS_HR = [
    ("Fizazi 2011", 20.7 / 17.1, 1 / 0.82, False),  # 1.21 vs 1.22: nearly exponential
    ("Henry 2011", 20.5 / 16.3, 1 / 0.84, True),  # 1.26 vs 1.19: medians differ MORE than HR
    ("ALSYMPCA", 14.9 / 11.3, 1 / 0.70, True),  # 1.32 vs 1.43
    ("VISION", 15.3 / 11.3, 1 / 0.62, True),  # 1.35 vs 1.61
]


@pytest.mark.parametrize(("name", "ratio", "inverse_hr", "differ"), MEDIAN_RATIO_VS_HR)
def test_ratio_of_medians_is_not_the_hazard_ratio(name, ratio, inverse_hr, differ):
    entry = trial(name)
    assert entry.median_ratio == pytest.approx(ratio)
    assert 1 / entry.hazard_ratio == pytest.approx(inverse_hr)
    assert entry.median_ratio != pytest.approx(1 / entry.hazard_ratio, rel=1e-3)
    if differ:
        assert abs(entry.median_ratio - 1 / entry.hazard_ratio) > 0.05
    else:
        assert abs(entry.median_ratio - 1 / entry.hazard_ratio) < 0.01


def test_rounded_values_quoted_in_the_course():
    assert round(trial("Fizazi 2011").median_ratio, 2) == 1.21
    assert round(1 / 0.82, 2) == 1.22
    assert round(trial("ALSYMPCA").median_ratio, 2) == 1.32
    assert round(1 / 0.70, 2) == 1.43


def test_every_trial_with_both_medians_is_checked():
    with_both = {t.name for t in TRIALS if t.median_ratio is not None}
    checked = {trial(name).name for name, *_ in MEDIAN_RATIO_VS_HR}
    assert with_both == checked


# ---------------------------------------------------------------------------------------------
# TRIALS table
# ---------------------------------------------------------------------------------------------

# name: (endpoint, median E, median C, HR, CI)
EXPECTED_TRIALS = {
    "Stopeck 2010": ("time to first on-study SRE", None, 26.4, 0.82, (0.71, 0.95)),
    "Fizazi 2011": ("time to first on-study SRE", 20.7, 17.1, 0.82, (0.71, 0.95)),
    "Henry 2011": ("time to first on-study SRE", 20.5, 16.3, 0.84, (0.71, 0.98)),
    "ALSYMPCA (Parker 2013)": ("overall survival", 14.9, 11.3, 0.70, (0.58, 0.83)),
    "VISION (Sartor 2021)": ("overall survival", 15.3, 11.3, 0.62, (0.52, 0.74)),
}


@pytest.mark.parametrize("name", list(EXPECTED_TRIALS))
def test_trial_headline_numbers(name):
    entry = trial(name)
    endpoint, median_e, median_c, hr, ci = EXPECTED_TRIALS[name]
    assert entry.endpoint == endpoint
    assert entry.median_experimental_months == median_e
    assert entry.median_control_months == median_c
    assert entry.hazard_ratio == hr
    assert entry.hazard_ratio_ci95 == ci
    assert ci[0] < hr < ci[1]
    assert entry.source.strip() and entry.status.strip()


def test_trials_table_has_exactly_the_five_trials():
    assert [t.name for t in TRIALS] == list(EXPECTED_TRIALS)
    assert all(isinstance(t, Trial) for t in TRIALS)


def test_henry_uses_verification_update_median():
    assert trial("Henry 2011").median_experimental_months == 20.5  # not 20.6


def test_not_reached_median_is_none():
    stopeck = trial("Stopeck 2010")
    assert stopeck.median_experimental_months is None
    assert stopeck.median_ratio is None


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("Stopeck 2010", "J Clin Oncol 2010;28:5132"),
        ("Fizazi 2011", "10.1016/S0140-6736(10)62344-6"),
        ("Henry 2011", "J Clin Oncol 2011;29:1125"),
        ("ALSYMPCA", "N Engl J Med 2013;369:213"),
        ("VISION", "N Engl J Med 2021;385:1091"),
    ],
)
def test_trial_sources_cite_the_publication(name, needle):
    assert needle in trial(name).source
    assert needle in survival.REFERENCE


def test_trial_is_frozen():
    with pytest.raises(AttributeError):
        TRIALS[0].hazard_ratio = 1.0  # type: ignore[misc]


def test_unknown_trial_rejected():
    with pytest.raises(ValueError, match="Unknown trial 'SCORAD'"):
        trial("SCORAD")


# ---------------------------------------------------------------------------------------------
# Shapes and monotonic behavior
# ---------------------------------------------------------------------------------------------


def test_vectorised_and_scalar_outputs():
    months = np.array([[0.0, 11.3], [22.6, 33.9]])
    values = exponential_survival(11.3, months)
    assert isinstance(values, np.ndarray) and values.shape == (2, 2)
    np.testing.assert_allclose(values, [[1.0, 0.5], [0.25, 0.125]])
    assert isinstance(exponential_survival(11.3, 12), float)
    assert isinstance(comparator_curve(11.3, 0.7, 12), float)
    np.testing.assert_allclose(exponential_survival(11.3, [0, 11.3]), [1.0, 0.5])


def test_curves_decrease_and_lower_hr_means_higher_survival():
    months = np.linspace(0.0, 60.0, 121)
    control = exponential_survival(11.3, months)
    assert np.all(np.diff(control) < 0)
    better = comparator_curve(11.3, 0.62, months)
    assert np.all(better[1:] > control[1:])
    worse = comparator_curve(11.3, 1.5, months)
    assert np.all(worse[1:] < control[1:])


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -11.3, math.nan, math.inf, True, "11.3", None])
def test_non_positive_median_rejected(bad):
    with pytest.raises(ValueError, match="median in months must be a positive number"):
        exponential_survival(bad, 12)
    with pytest.raises(ValueError, match="median in months must be a positive number"):
        hazard_from_median(bad)
    with pytest.raises(ValueError, match="control median in months must be a positive number"):
        median_from_hazard_ratio(bad, 0.7)
    with pytest.raises(ValueError, match="control median in months must be a positive number"):
        comparator_curve(bad, 0.7, 12)
    with pytest.raises(ValueError, match="experimental median in months must be a positive"):
        hazard_ratio_from_medians(bad, 11.3)


@pytest.mark.parametrize("bad", [0, -0.7, math.nan, math.inf, True, "0.7", None])
def test_bad_hazard_ratio_rejected(bad):
    with pytest.raises(ValueError, match="hazard ratio must be a positive number"):
        median_from_hazard_ratio(11.3, bad)
    with pytest.raises(ValueError, match="hazard ratio must be a positive number"):
        comparator_curve(11.3, bad, 12)


@pytest.mark.parametrize("bad", [-1, -0.01, np.array([0.0, -3.0]), [-12]])
def test_negative_months_rejected(bad):
    with pytest.raises(ValueError, match="time in months must be 0 or more"):
        exponential_survival(11.3, bad)
    with pytest.raises(ValueError, match="time in months must be 0 or more"):
        comparator_curve(11.3, 0.7, bad)


@pytest.mark.parametrize("bad", [math.nan, math.inf, np.array([1.0, np.inf])])
def test_non_finite_months_rejected(bad):
    with pytest.raises(ValueError, match="finite numbers"):
        exponential_survival(11.3, bad)


@pytest.mark.parametrize("bad", [True, "12", None, np.array([True])])
def test_non_numeric_months_rejected(bad):
    with pytest.raises(ValueError, match="time in months must be a number"):
        exponential_survival(11.3, bad)
