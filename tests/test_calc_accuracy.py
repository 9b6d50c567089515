"""Tests for course.calculators.accuracy and the imaging-accuracy data table (Module 3).

Worked values are computed by hand in the test from the formulas and checked against the
evidence sheet (quantitative models, section 5): pre-test 0.30, sensitivity 0.86, specificity
0.81 give P(D|+) = 0.659847 and P(D|-) = 2/29; Yang 2011's exact bone-scan values 0.860 / 0.814
give 66.46 % and 6.86 %.
"""

from __future__ import annotations

import csv
import math
from fractions import Fraction

import pytest

from course.calculators import accuracy
from course.calculators.accuracy import (
    LikelihoodRatios,
    NaturalFrequencies,
    likelihood_ratios,
    natural_frequencies,
    odds_to_probability,
    post_test_probability,
    pretest_to_odds,
)
from course.paths import data_file

# ---------------------------------------------------------------------------------------------
# Worked example (sheet section 5): pre-test 0.30, sensitivity 0.86, specificity 0.81.
# ---------------------------------------------------------------------------------------------


def test_worked_example_likelihood_ratios():
    positive, negative = likelihood_ratios(0.86, 0.81)
    assert positive == pytest.approx(0.86 / 0.19)  # by hand
    assert negative == pytest.approx(0.14 / 0.81)
    assert positive == pytest.approx(4.526316, abs=1e-6)  # sheet
    assert negative == pytest.approx(0.172840, abs=1e-6)


def test_likelihood_ratios_is_a_named_pair():
    ratios = likelihood_ratios(0.86, 0.81)
    assert isinstance(ratios, LikelihoodRatios)
    assert ratios == (ratios.positive, ratios.negative)
    assert all(isinstance(value, float) for value in ratios)


def test_worked_example_post_test_positive():
    # 0.86 x 0.3 = 0.258 diseased and positive; 0.19 x 0.7 = 0.133 healthy and positive.
    expected = 0.258 / (0.258 + 0.133)
    value = post_test_probability(0.3, 0.86, 0.81)
    assert value == pytest.approx(expected)
    assert value == pytest.approx(0.659847, abs=1e-6)  # sheet


def test_worked_example_post_test_negative_is_two_29ths():
    # 0.14 x 0.3 = 0.042 diseased and negative; 0.81 x 0.7 = 0.567 healthy and negative.
    expected = 0.042 / (0.042 + 0.567)
    value = post_test_probability(0.3, 0.86, 0.81, result="negative")
    assert value == pytest.approx(expected)
    assert value == pytest.approx(2 / 29, abs=1e-12)  # the sheet's exact value


def test_yang_exact_bone_scan_values():
    # Sheet: with 0.860 / 0.814 the post-test probabilities are 66.46 % and 6.86 %.
    positive = post_test_probability(0.3, 0.860, 0.814)
    negative = post_test_probability(0.3, 0.860, 0.814, result="negative")
    assert positive == pytest.approx(0.258 / (0.258 + 0.186 * 0.7))
    assert negative == pytest.approx(0.042 / (0.042 + 0.814 * 0.7))
    assert round(100 * positive, 2) == 66.46
    assert round(100 * negative, 2) == 6.86


def test_fagan_odds_route_agrees_with_bayes():
    ratios = likelihood_ratios(0.86, 0.81)
    pre_odds = pretest_to_odds(0.3)
    assert pre_odds == pytest.approx(0.428571, abs=1e-6)  # sheet
    assert pre_odds * ratios.positive == pytest.approx(1.939850, abs=1e-6)
    assert pre_odds * ratios.negative == pytest.approx(0.074074, abs=1e-6)
    assert odds_to_probability(pre_odds * ratios.positive) == pytest.approx(
        post_test_probability(0.3, 0.86, 0.81)
    )
    assert odds_to_probability(pre_odds * ratios.negative) == pytest.approx(
        post_test_probability(0.3, 0.86, 0.81, result="negative")
    )


@pytest.mark.parametrize(
    ("pretest", "sensitivity", "specificity"),
    [(0.1, 0.9, 0.9), (0.5, 0.729, 0.948), (0.05, 0.97, 0.99), (0.8, 0.6, 0.4)],
)
def test_bayes_formula_by_hand(pretest, sensitivity, specificity):
    tp = sensitivity * pretest
    fp = (1 - specificity) * (1 - pretest)
    fn = (1 - sensitivity) * pretest
    tn = specificity * (1 - pretest)
    assert post_test_probability(pretest, sensitivity, specificity) == pytest.approx(tp / (tp + fp))
    assert post_test_probability(
        pretest, sensitivity, specificity, result="negative"
    ) == pytest.approx(fn / (fn + tn))


# ---------------------------------------------------------------------------------------------
# Monotonic behavior
# ---------------------------------------------------------------------------------------------

GRID = [i / 20 for i in range(1, 20)]  # 0.05 ... 0.95


def test_positive_post_test_increases_with_pretest():
    values = [post_test_probability(p, 0.86, 0.81) for p in GRID]
    assert all(b > a for a, b in zip(values, values[1:], strict=False))


def test_negative_post_test_increases_with_pretest():
    values = [post_test_probability(p, 0.86, 0.81, result="negative") for p in GRID]
    assert all(b > a for a, b in zip(values, values[1:], strict=False))


def test_positive_post_test_increases_with_specificity():
    values = [post_test_probability(0.3, 0.86, spec) for spec in GRID]
    assert all(b > a for a, b in zip(values, values[1:], strict=False))


def test_negative_post_test_decreases_with_sensitivity():
    values = [post_test_probability(0.3, sens, 0.81, result="negative") for sens in GRID]
    assert all(b < a for a, b in zip(values, values[1:], strict=False))


def test_positive_result_raises_and_negative_result_lowers_probability():
    for p in GRID:
        assert post_test_probability(p, 0.86, 0.81) > p
        assert post_test_probability(p, 0.86, 0.81, result="negative") < p


def test_uninformative_test_leaves_probability_unchanged():
    # sensitivity = 1 - specificity: LR+ = LR- = 1.
    assert likelihood_ratios(0.3, 0.7) == pytest.approx((1.0, 1.0))
    for p in GRID:
        assert post_test_probability(p, 0.3, 0.7) == pytest.approx(p)
        assert post_test_probability(p, 0.3, 0.7, result="negative") == pytest.approx(p)


# ---------------------------------------------------------------------------------------------
# Edges 0 and 1, infinite likelihood ratio
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("result", ["positive", "negative"])
def test_pretest_zero_gives_zero(result):
    assert post_test_probability(0.0, 0.86, 0.81, result=result) == 0.0


@pytest.mark.parametrize("result", ["positive", "negative"])
def test_pretest_one_gives_one(result):
    assert post_test_probability(1.0, 0.86, 0.81, result=result) == 1.0


def test_specificity_one_gives_infinite_positive_ratio():
    ratios = likelihood_ratios(0.97, 1.0)  # PSMA-PET/CT, Zhou 2019: 0.97 / 1.00
    assert ratios.positive == math.inf
    assert ratios.negative == pytest.approx(0.03)


def test_specificity_one_makes_positive_result_conclusive():
    for p in [1e-6, 0.01, 0.3, 0.99, 1.0]:
        assert post_test_probability(p, 0.97, 1.0) == 1.0
    # A negative result is still informative.
    assert post_test_probability(0.3, 0.97, 1.0, result="negative") == pytest.approx(
        0.03 * 0.3 / (0.03 * 0.3 + 1.0 * 0.7)
    )


def test_sensitivity_one_gives_zero_negative_ratio_and_rules_out():
    ratios = likelihood_ratios(1.0, 0.9)
    assert ratios.negative == 0.0
    assert ratios.positive == pytest.approx(10.0)
    assert post_test_probability(0.3, 1.0, 0.9, result="negative") == 0.0


def test_specificity_zero_gives_infinite_negative_ratio():
    ratios = likelihood_ratios(0.5, 0.0)
    assert ratios.negative == math.inf
    assert ratios.positive == pytest.approx(0.5)


def test_sensitivity_zero_gives_zero_positive_ratio():
    assert likelihood_ratios(0.0, 0.8).positive == 0.0
    assert post_test_probability(0.3, 0.0, 0.8) == 0.0


def test_fagan_route_breaks_where_bayes_stays_defined():
    # With an infinite LR+, odds x LR is inf and odds_to_probability(inf) = 1, as Bayes says.
    assert odds_to_probability(pretest_to_odds(0.3) * math.inf) == 1.0
    assert post_test_probability(0.3, 0.97, 1.0) == 1.0


def test_odds_helpers_edges():
    assert pretest_to_odds(0.0) == 0.0
    assert pretest_to_odds(0.5) == 1.0
    assert pretest_to_odds(1.0) == math.inf
    assert odds_to_probability(0.0) == 0.0
    assert odds_to_probability(1.0) == 0.5
    assert odds_to_probability(math.inf) == 1.0
    for p in GRID:
        assert odds_to_probability(pretest_to_odds(p)) == pytest.approx(p)


# ---------------------------------------------------------------------------------------------
# Natural frequencies
# ---------------------------------------------------------------------------------------------


def test_natural_frequencies_worked_example():
    # 1000 patients, 300 with metastases: 0.86 x 300 = 258 positive, 42 negative;
    # 700 without: 0.19 x 700 = 133 positive, 567 negative.
    table = natural_frequencies(0.3, 0.86, 0.81)
    assert table == NaturalFrequencies(
        n=1000, true_positive=258, false_positive=133, false_negative=42, true_negative=567
    )
    assert (table.diseased, table.healthy) == (300, 700)
    assert (table.test_positive, table.test_negative) == (391, 609)
    assert table.true_positive / table.test_positive == pytest.approx(
        post_test_probability(0.3, 0.86, 0.81)
    )
    assert Fraction(table.false_negative, table.test_negative) == Fraction(2, 29)


def test_natural_frequencies_rounding_halves_up_along_the_tree():
    # n = 10: 0.25 x 10 = 2.5 -> 3 diseased; 0.5 x 3 = 1.5 -> 2 TP, 1 FN;
    # 7 healthy, 0.5 x 7 = 3.5 -> 4 FP, 3 TN.
    table = natural_frequencies(0.25, 0.5, 0.5, n=10)
    assert (table.true_positive, table.false_negative) == (2, 1)
    assert (table.false_positive, table.true_negative) == (4, 3)


@pytest.mark.parametrize(
    ("pretest", "sensitivity", "specificity", "n"),
    [(0.3, 0.86, 0.81, 1000), (0.123, 0.456, 0.789, 100), (0.07, 0.729, 0.948, 37), (1, 1, 1, 5)],
)
def test_natural_frequencies_add_up(pretest, sensitivity, specificity, n):
    table = natural_frequencies(pretest, sensitivity, specificity, n=n)
    cells = (table.true_positive, table.false_positive, table.false_negative, table.true_negative)
    assert sum(cells) == n
    assert all(isinstance(c, int) and c >= 0 for c in cells)
    assert table.diseased == math.floor(pretest * n + 0.5)


def test_natural_frequencies_is_frozen():
    table = natural_frequencies(0.3, 0.86, 0.81)
    with pytest.raises(AttributeError):
        table.true_positive = 0  # type: ignore[misc]


@pytest.mark.parametrize("n", [0, -5, 10.0, True, "1000"])
def test_natural_frequencies_rejects_bad_n(n):
    with pytest.raises(ValueError, match="whole number of 1 or more"):
        natural_frequencies(0.3, 0.86, 0.81, n=n)


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [-0.01, 1.01, math.nan, math.inf, -math.inf])
def test_out_of_range_fractions_rejected(bad):
    with pytest.raises(ValueError, match="sensitivity must be a fraction between 0 and 1"):
        likelihood_ratios(bad, 0.8)
    with pytest.raises(ValueError, match="specificity must be a fraction between 0 and 1"):
        likelihood_ratios(0.8, bad)
    with pytest.raises(ValueError, match="pre-test probability must be a fraction"):
        post_test_probability(bad, 0.86, 0.81)


def test_percentage_gets_a_hint():
    with pytest.raises(ValueError, match="Did you give a percentage"):
        post_test_probability(30, 0.86, 0.81)


@pytest.mark.parametrize("bad", [True, False, "0.8", None, [0.8]])
def test_non_numbers_and_bools_rejected(bad):
    with pytest.raises(ValueError, match="sensitivity must be a number between 0 and 1"):
        likelihood_ratios(bad, 0.8)
    with pytest.raises(ValueError, match="specificity must be a number between 0 and 1"):
        post_test_probability(0.3, 0.8, bad)


def test_zero_over_zero_likelihood_ratios_rejected():
    with pytest.raises(ValueError, match="never positive.*0/0"):
        likelihood_ratios(0.0, 1.0)
    with pytest.raises(ValueError, match="never negative.*0/0"):
        likelihood_ratios(1.0, 0.0)


@pytest.mark.parametrize(
    ("pretest", "sensitivity", "specificity", "result"),
    [
        (0.0, 0.9, 1.0, "positive"),  # nobody diseased and no false positives
        (1.0, 0.0, 0.9, "positive"),  # everybody diseased and never detected
        (1.0, 1.0, 0.9, "negative"),  # everybody diseased and always detected
        (0.0, 0.9, 0.0, "negative"),  # nobody diseased and nobody tests negative
    ],
)
def test_impossible_result_rejected(pretest, sensitivity, specificity, result):
    with pytest.raises(ValueError, match=f"A {result} result cannot occur.*0/0"):
        post_test_probability(pretest, sensitivity, specificity, result=result)


@pytest.mark.parametrize("bad", ["Positive", "pos", "", None, True])
def test_unknown_result_rejected(bad):
    with pytest.raises(ValueError, match="must be 'positive' or 'negative'"):
        post_test_probability(0.3, 0.86, 0.81, result=bad)


@pytest.mark.parametrize("bad", [-1.0, math.nan, True, "1"])
def test_bad_odds_rejected(bad):
    with pytest.raises(ValueError, match="odds must be"):
        odds_to_probability(bad)


def test_reference_cites_yang_with_doi():
    assert "Yang HL" in accuracy.REFERENCE
    assert "doi:10.1007/s00330-011-2221-4" in accuracy.REFERENCE


# ---------------------------------------------------------------------------------------------
# assets/data/imaging_accuracy.csv
# ---------------------------------------------------------------------------------------------

COLUMNS = [
    "modality",
    "population",
    "sensitivity",
    "specificity",
    "source",
    "doi_or_pmid",
    "verified",
    "notes",
]


def _rows() -> list[dict[str, str]]:
    with data_file("imaging_accuracy.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def test_imaging_table_rows_are_complete_and_in_range():
    rows = _rows()
    assert len(rows) >= 10
    for row in rows:
        assert row["modality"].strip() and row["population"].strip()
        assert row["source"].strip(), row
        assert row["verified"] in {"yes", "secondary", "unverified"}, row
        for column in ("sensitivity", "specificity"):
            value = float(row[column])
            assert 0.0 <= value <= 1.0, row
    keys = [(r["modality"], r["population"], r["source"]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate rows"


def test_every_imaging_row_works_with_the_calculator():
    for row in _rows():
        sens, spec = float(row["sensitivity"]), float(row["specificity"])
        likelihood_ratios(sens, spec)  # no 0/0 case in the table
        assert post_test_probability(0.3, sens, spec) > 0.3


@pytest.mark.parametrize(
    ("modality", "sensitivity", "specificity"),
    [
        ("bone scintigraphy", 0.860, 0.814),
        ("CT", 0.729, 0.948),
        ("MRI", 0.906, 0.954),
        ("FDG-PET", 0.897, 0.968),
    ],
)
def test_imaging_table_has_yang_per_patient_values(modality, sensitivity, specificity):
    matches = [
        r
        for r in _rows()
        if r["modality"] == modality
        and r["source"].startswith("Yang HL")
        and r["verified"] == "yes"
    ]
    assert len(matches) == 1
    assert float(matches[0]["sensitivity"]) == sensitivity
    assert float(matches[0]["specificity"]) == specificity
    assert matches[0]["doi_or_pmid"] == "doi:10.1007/s00330-011-2221-4"


def test_imaging_table_psma_row_has_specificity_one():
    (row,) = [r for r in _rows() if r["modality"] == "PSMA-PET/CT"]
    assert float(row["specificity"]) == 1.0
    assert likelihood_ratios(float(row["sensitivity"]), 1.0).positive == math.inf
