"""Diagnostic accuracy: likelihood ratios, Bayes' theorem and natural frequencies (Module 3).

How much should a positive bone scan change our belief that a patient has bone metastases? The
answer depends on the pre-test probability as much as on the test:

- likelihood ratios ``LR+ = sens / (1 - spec)`` and ``LR- = (1 - sens) / spec``;
- Fagan's odds form ``post-test odds = pre-test odds x LR`` with ``p = odds / (1 + odds)``;
- the same result straight from Bayes' theorem, which this module uses because it stays defined
  when a likelihood ratio is infinite (a specificity of 1, reported for some PET tracers)::

      P(D | +) = sens p / (sens p + (1 - spec)(1 - p))
      P(D | -) = (1 - sens) p / ((1 - sens) p + spec (1 - p))

Probabilities, sensitivities and specificities are fractions in [0, 1] (0.86, not 86).

Worked example (course evidence sheet, quantitative models section 5): pre-test probability 0.30,
sensitivity 0.86 and specificity 0.81 give LR+ 4.526, LR- 0.1728, P(D|+) = 0.6598 and
P(D|-) = 2/29 = 0.0690. The accuracy figures come from the per-patient pooled estimate for bone
scintigraphy in Yang et al. 2011 (0.860 / 0.814; see ``assets/data/imaging_accuracy.csv``).

Primary source: Yang HL, Liu T, Wang XM, Xu Y, Deng SM. Eur Radiol 2011;21(12):2604-2617
(doi:10.1007/s00330-011-2221-4).

Standard library only. For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Real
from typing import Literal, NamedTuple

__all__ = [
    "REFERENCE",
    "LikelihoodRatios",
    "NaturalFrequencies",
    "Outcome",
    "likelihood_ratios",
    "natural_frequencies",
    "odds_to_probability",
    "post_test_probability",
    "pretest_to_odds",
]

REFERENCE: str = (
    "Yang HL, Liu T, Wang XM, Xu Y, Deng SM. Diagnosis of bone metastases: a meta-analysis "
    "comparing 18FDG PET, CT, MRI and bone scintigraphy. Eur Radiol 2011;21(12):2604-2617. "
    "doi:10.1007/s00330-011-2221-4"
)

#: The two possible results of a dichotomous test.
Outcome = Literal["positive", "negative"]
_OUTCOMES: tuple[str, ...] = ("positive", "negative")


class LikelihoodRatios(NamedTuple):
    """Positive and negative likelihood ratios; unpacks as ``(positive, negative)``."""

    positive: float
    negative: float


@dataclass(frozen=True)
class NaturalFrequencies:
    """Counts for a natural-frequency diagram ("of 1000 patients, 300 have the disease ...").

    The four cells always add up to ``n``; see :func:`natural_frequencies` for the rounding.
    """

    n: int
    true_positive: int
    false_positive: int
    false_negative: int
    true_negative: int

    @property
    def diseased(self) -> int:
        """Patients with the disease (true positives + false negatives)."""
        return self.true_positive + self.false_negative

    @property
    def healthy(self) -> int:
        """Patients without the disease (false positives + true negatives)."""
        return self.false_positive + self.true_negative

    @property
    def test_positive(self) -> int:
        """Patients with a positive result (true positives + false positives)."""
        return self.true_positive + self.false_positive

    @property
    def test_negative(self) -> int:
        """Patients with a negative result (false negatives + true negatives)."""
        return self.false_negative + self.true_negative


def _fraction(value: object, name: str) -> float:
    """Return ``value`` as a float in [0, 1] or raise a ValueError a learner understands."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(
            f"The {name} must be a number between 0 and 1 (for example 0.86 for 86 %); "
            f"got {value!r}."
        )
    number = float(value)
    if math.isnan(number) or not 0.0 <= number <= 1.0:
        hint = " Did you give a percentage? Divide it by 100." if 1.0 < number <= 100.0 else ""
        raise ValueError(
            f"The {name} must be a fraction between 0 and 1 (for example 0.86 for 86 %); "
            f"got {value!r}.{hint}"
        )
    return number


def likelihood_ratios(sensitivity: float, specificity: float) -> LikelihoodRatios:
    """Return the likelihood ratios ``(positive, negative)`` of a test.

    ``LR+ = sensitivity / (1 - specificity)`` and ``LR- = (1 - sensitivity) / specificity``.
    A specificity of 1 gives ``LR+ = math.inf`` (no false positives; reported for some PET
    tracers) and a specificity of 0 gives ``LR- = math.inf``; a sensitivity of 1 gives
    ``LR- = 0.0``. A test that never gives a positive result (sensitivity 0 and specificity 1)
    or never a negative one (sensitivity 1 and specificity 0) has a ratio of 0/0, which is
    undefined and raises ``ValueError``.

    >>> lr = likelihood_ratios(0.86, 0.81)
    >>> round(lr.positive, 4), round(lr.negative, 4)
    (4.5263, 0.1728)
    """
    sens = _fraction(sensitivity, "sensitivity")
    spec = _fraction(specificity, "specificity")
    if sens == 0.0 and spec == 1.0:
        raise ValueError(
            "With sensitivity 0 and specificity 1 the test is never positive, so the positive "
            "likelihood ratio is 0/0 and undefined."
        )
    if sens == 1.0 and spec == 0.0:
        raise ValueError(
            "With sensitivity 1 and specificity 0 the test is never negative, so the negative "
            "likelihood ratio is 0/0 and undefined."
        )
    positive = math.inf if spec == 1.0 else sens / (1.0 - spec)
    negative = math.inf if spec == 0.0 else (1.0 - sens) / spec
    return LikelihoodRatios(positive=positive, negative=negative)


def post_test_probability(
    pretest: float,
    sensitivity: float,
    specificity: float,
    *,
    result: Outcome = "positive",
) -> float:
    """Return the probability of disease after a positive or negative test result.

    Computed directly with Bayes' theorem, so it stays defined when a likelihood ratio is
    infinite::

        P(D | +) = sens p / (sens p + (1 - spec)(1 - p))
        P(D | -) = (1 - sens) p / ((1 - sens) p + spec (1 - p))

    A pre-test probability of 0 gives 0 and of 1 gives 1 (whenever that result can occur); a
    specificity of 1 makes a positive result conclusive (1.0) for any pre-test probability
    above 0. When the result cannot occur at all (for example a positive result with
    pre-test probability 0 and specificity 1) the probability is 0/0 and ``ValueError`` is
    raised.

    >>> round(post_test_probability(0.3, 0.86, 0.81), 4)
    0.6598
    >>> round(post_test_probability(0.3, 0.86, 0.81, result="negative"), 4)
    0.069
    """
    p = _fraction(pretest, "pre-test probability")
    sens = _fraction(sensitivity, "sensitivity")
    spec = _fraction(specificity, "specificity")
    if result not in _OUTCOMES:
        raise ValueError(f"The test result must be 'positive' or 'negative'; got {result!r}.")
    if result == "positive":
        with_disease = sens * p
        without_disease = (1.0 - spec) * (1.0 - p)
    else:
        with_disease = (1.0 - sens) * p
        without_disease = spec * (1.0 - p)
    total = with_disease + without_disease
    if total == 0.0:
        raise ValueError(
            f"A {result} result cannot occur with pre-test probability {p}, sensitivity {sens} "
            f"and specificity {spec}, so the post-test probability is 0/0 and undefined."
        )
    return with_disease / total


def pretest_to_odds(probability: float) -> float:
    """Convert a probability in [0, 1] to odds ``p / (1 - p)``; a probability of 1 gives inf.

    >>> round(pretest_to_odds(0.3), 6)
    0.428571
    """
    p = _fraction(probability, "probability")
    return math.inf if p == 1.0 else p / (1.0 - p)


def odds_to_probability(odds: float) -> float:
    """Convert odds (0 to infinity) to a probability ``odds / (1 + odds)``; inf gives 1.0.

    >>> round(odds_to_probability(1.939850), 6)
    0.659847
    """
    if isinstance(odds, bool) or not isinstance(odds, Real):
        raise ValueError(
            f"The odds must be a number of 0 or more (for example 0.43); got {odds!r}."
        )
    value = float(odds)
    if math.isnan(value) or value < 0.0:
        raise ValueError(f"The odds must be 0 or more (infinity allowed); got {odds!r}.")
    return 1.0 if math.isinf(value) else value / (1.0 + value)


def _exact(value: float) -> Fraction:
    """The decimal value as written (0.3 is exactly 3/10), so that rounding is predictable."""
    return Fraction(repr(float(value)))


def _round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))


def natural_frequencies(
    pretest: float,
    sensitivity: float,
    specificity: float,
    *,
    n: int = 1000,
) -> NaturalFrequencies:
    """Return whole-number counts of a 2 x 2 table for ``n`` patients.

    Rounding follows the tree of a natural-frequency diagram, so that every branch adds up:

    1. ``diseased = round(pretest x n)`` and ``healthy = n - diseased``;
    2. ``true_positive = round(sensitivity x diseased)`` and
       ``false_negative = diseased - true_positive``;
    3. ``false_positive = round((1 - specificity) x healthy)`` and
       ``true_negative = healthy - false_positive``.

    ``round`` is to the nearest whole number with halves rounded up, applied to the decimal
    value as written (0.3 counts as exactly 3/10). The four counts always add up to ``n``.
    Because steps 2 and 3 use the rounded branch totals, a count can differ by one from
    rounding the product of the three inputs directly.

    >>> natural_frequencies(0.3, 0.86, 0.81)
    NaturalFrequencies(n=1000, true_positive=258, false_positive=133, false_negative=42, true_negative=567)
    """  # noqa: E501
    p = _fraction(pretest, "pre-test probability")
    sens = _fraction(sensitivity, "sensitivity")
    spec = _fraction(specificity, "specificity")
    if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
        raise ValueError(
            f"The number of patients n must be a whole number of 1 or more (for example 1000); "
            f"got {n!r}."
        )
    n = int(n)
    diseased = _round_half_up(_exact(p) * n)
    healthy = n - diseased
    true_positive = _round_half_up(_exact(sens) * diseased)
    false_positive = _round_half_up((1 - _exact(spec)) * healthy)
    return NaturalFrequencies(
        n=n,
        true_positive=true_positive,
        false_positive=false_positive,
        false_negative=diseased - true_positive,
        true_negative=healthy - false_positive,
    )
