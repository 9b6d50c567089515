"""Tests for course.models.radiobiology (Module 5): BED and EQD2 of palliative schedules.

Expected values are computed by hand in the test from BED = D (1 + d / (a/b)) and
EQD2 = BED / (1 + 2 / (a/b)), and compared with the table of the evidence sheet (quantitative
models section 2, "derived numbers", rounded to 3 decimals there).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from course.models import radiobiology
from course.models.radiobiology import (
    ALPHA_BETA_GY,
    SCHEDULES,
    Schedule,
    alpha_beta_for,
    bed,
    eqd2,
)

# ---------------------------------------------------------------------------------------------
# Textbook values computed by hand
# ---------------------------------------------------------------------------------------------


def test_8_gy_single_fraction_at_alpha_beta_10():
    assert bed(8, 1, 10) == pytest.approx(8 * (1 + 8 / 10))  # 14.4
    assert bed(8, 1, 10) == pytest.approx(14.4)
    assert eqd2(8, 1, 10) == pytest.approx(14.4 / 1.2)  # 12.0
    assert eqd2(8, 1, 10) == pytest.approx(12.0)


def test_30_gy_in_10_at_alpha_beta_10():
    assert bed(30, 10, 10) == pytest.approx(30 * (1 + 3 / 10))  # 39.0
    assert bed(30, 10, 10) == pytest.approx(39.0)
    assert eqd2(30, 10, 10) == pytest.approx(39 / 1.2)  # 32.5
    assert eqd2(30, 10, 10) == pytest.approx(32.5)


def test_20_gy_in_5_at_alpha_beta_3():
    assert bed(20, 5, 3) == pytest.approx(20 * (1 + 4 / 3))  # 46.67
    assert bed(20, 5, 3) == pytest.approx(46.67, abs=0.005)
    assert eqd2(20, 5, 3) == pytest.approx(20 * (4 + 3) / (2 + 3))  # 28.0
    assert eqd2(20, 5, 3) == pytest.approx(28.0)


def test_two_gy_fractions_are_their_own_eqd2():
    for alpha_beta in (2.0, 3.0, 10.0, 1.5):
        assert eqd2(50, 25, alpha_beta) == pytest.approx(50.0)


# Sheet section 2, cell by cell: (total dose, fractions, BED10, EQD2_10, BED3, EQD2_3, BED2, EQD2_2)
SHEET_TABLE = [
    (8, 1, 14.4, 12.0, 29.333, 17.6, 40.0, 20.0),
    (20, 5, 28.0, 23.333, 46.667, 28.0, 60.0, 30.0),
    (24, 6, 33.6, 28.0, 56.0, 33.6, 72.0, 36.0),
    (30, 10, 39.0, 32.5, 60.0, 36.0, 75.0, 37.5),
    (24, 2, 52.8, 44.0, 120.0, 72.0, 168.0, 84.0),
    (16, 1, 41.6, 34.667, 101.333, 60.8, 144.0, 72.0),
    (24, 1, 81.6, 68.0, 216.0, 129.6, 312.0, 156.0),
    (27, 3, 51.3, 42.75, 108.0, 64.8, 148.5, 74.25),
    (35, 5, 59.5, 49.583, 116.667, 70.0, 157.5, 78.75),
]


@pytest.mark.parametrize(
    ("total", "n", "bed10", "eqd10", "bed3", "eqd3", "bed2", "eqd2_2"), SHEET_TABLE
)
def test_sheet_table_cell_by_cell(total, n, bed10, eqd10, bed3, eqd3, bed2, eqd2_2):
    for alpha_beta, expected_bed, expected_eqd2 in (
        (10, bed10, eqd10),
        (3, bed3, eqd3),
        (2, bed2, eqd2_2),
    ):
        d = total / n
        by_hand_bed = total * (1 + d / alpha_beta)
        by_hand_eqd2 = total * (d + alpha_beta) / (2 + alpha_beta)
        assert bed(total, n, alpha_beta) == pytest.approx(by_hand_bed)
        assert eqd2(total, n, alpha_beta) == pytest.approx(by_hand_eqd2)
        assert bed(total, n, alpha_beta) == pytest.approx(expected_bed, abs=6e-4)
        assert eqd2(total, n, alpha_beta) == pytest.approx(expected_eqd2, abs=6e-4)


def test_tumor_eqd2_rises_across_conventional_schedules():
    # 8 Gy x 1 has a much lower tumor EQD2 than 30 Gy/10 (12.0 vs 32.5 Gy), yet the trials show
    # similar pain response (medical facts 9.1): the teaching point of Module 5.
    assert eqd2(8, 1, 10) < eqd2(20, 5, 10) < eqd2(24, 6, 10) < eqd2(30, 10, 10)


def test_bed_increases_with_dose_per_fraction_at_fixed_total():
    values = [bed(24, n, 3) for n in (12, 8, 6, 4, 3, 2, 1)]
    assert all(b > a for a, b in zip(values, values[1:], strict=False))


def test_lower_alpha_beta_is_more_fraction_sensitive():
    # Same schedule, larger BED for a smaller alpha/beta when d > 0.
    assert bed(8, 1, 2) > bed(8, 1, 3) > bed(8, 1, 10)


def test_numpy_integer_fractions_accepted():
    assert bed(20, np.int64(5), 10) == pytest.approx(28.0)


# ---------------------------------------------------------------------------------------------
# Alpha/beta values and schedules
# ---------------------------------------------------------------------------------------------


def test_conventional_alpha_beta_values():
    assert dict(ALPHA_BETA_GY) == {"tumor": 10.0, "late-responding tissue": 3.0, "spinal cord": 2.0}
    assert alpha_beta_for("tumor") == 10.0
    assert alpha_beta_for("late-responding tissue") == 3.0
    assert alpha_beta_for("spinal cord") == 2.0
    assert "section 2" in radiobiology.ALPHA_BETA_SOURCE


def test_alpha_beta_mapping_is_read_only():
    with pytest.raises(TypeError):
        ALPHA_BETA_GY["tumor"] = 5.0  # type: ignore[index]


@pytest.mark.parametrize("bad", ["tumour", "cord", "", None])
def test_unknown_tissue_rejected(bad):
    with pytest.raises(ValueError, match="Unknown tissue .* choose one of 'tumor'"):
        alpha_beta_for(bad)


EXPECTED_SCHEDULES = {
    # label: (total dose, fractions, dose per fraction)
    "8 Gy x 1": (8.0, 1, 8.0),
    "20 Gy / 5": (20.0, 5, 4.0),
    "24 Gy / 6": (24.0, 6, 4.0),
    "30 Gy / 10": (30.0, 10, 3.0),
    "24 Gy / 2 (SBRT)": (24.0, 2, 12.0),
    "16 Gy x 1 (SRS)": (16.0, 1, 16.0),
    "18 Gy x 1 (SRS)": (18.0, 1, 18.0),
}


def test_schedules_are_the_taught_ones():
    assert {s.label for s in SCHEDULES} == set(EXPECTED_SCHEDULES)
    assert len(SCHEDULES) == len(EXPECTED_SCHEDULES)
    for schedule in SCHEDULES:
        total, n, d = EXPECTED_SCHEDULES[schedule.label]
        assert (schedule.total_dose_gy, schedule.fractions) == (total, n)
        assert schedule.dose_per_fraction_gy == pytest.approx(d)
        assert schedule.source.strip()
        assert schedule.technique in {"conventional", "stereotactic"}


@pytest.mark.parametrize("label", ["24 Gy / 2 (SBRT)", "16 Gy x 1 (SRS)", "18 Gy x 1 (SRS)"])
def test_stereotactic_schedules_cite_their_trial(label):
    (schedule,) = [s for s in SCHEDULES if s.label == label]
    assert schedule.technique == "stereotactic"
    assert ("SC.24" in schedule.source) or ("RTOG 0631" in schedule.source)


def test_schedule_methods_match_functions():
    for schedule in SCHEDULES:
        for alpha_beta in ALPHA_BETA_GY.values():
            assert schedule.bed(alpha_beta) == bed(
                schedule.total_dose_gy, schedule.fractions, alpha_beta
            )
            assert schedule.eqd2(alpha_beta) == eqd2(
                schedule.total_dose_gy, schedule.fractions, alpha_beta
            )


def test_18_gy_single_fraction_by_hand():
    (schedule,) = [s for s in SCHEDULES if s.label == "18 Gy x 1 (SRS)"]
    assert schedule.bed(10) == pytest.approx(18 * (1 + 18 / 10))  # 50.4
    assert schedule.eqd2(10) == pytest.approx(50.4 / 1.2)  # 42.0
    assert schedule.eqd2(2) == pytest.approx(18 * (18 + 2) / 4)  # 90.0


def test_schedule_is_frozen():
    with pytest.raises(AttributeError):
        SCHEDULES[0].total_dose_gy = 10.0  # type: ignore[misc]
    assert isinstance(SCHEDULES[0], Schedule)


def test_reference_present():
    assert "Fowler" in radiobiology.REFERENCE and "1989" in radiobiology.REFERENCE


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [0, -8, math.nan, math.inf, True, "8", None])
def test_bad_total_dose_rejected(bad):
    with pytest.raises(ValueError, match="total dose in Gy must be a positive number"):
        bed(bad, 1, 10)
    with pytest.raises(ValueError, match="total dose in Gy must be a positive number"):
        eqd2(bad, 1, 10)


@pytest.mark.parametrize("bad", [0, -1, 5.0, 2.5, True, False, "5", None, math.nan])
def test_bad_fractions_rejected(bad):
    with pytest.raises(ValueError, match="number of fractions must be a whole number of 1 or more"):
        bed(20, bad, 10)
    with pytest.raises(ValueError, match="number of fractions must be a whole number of 1 or more"):
        eqd2(20, bad, 10)


@pytest.mark.parametrize("bad", [0, -3, math.nan, math.inf, True, "10", None])
def test_bad_alpha_beta_rejected(bad):
    with pytest.raises(ValueError, match="alpha/beta ratio in Gy must be a positive number"):
        bed(20, 5, bad)
    with pytest.raises(ValueError, match="alpha/beta ratio in Gy must be a positive number"):
        eqd2(20, 5, bad)
