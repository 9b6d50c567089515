"""Test accuracy drawn by code (Module 3.2): a Fagan nomogram, a natural-frequency tree and curves.

- :func:`load_imaging_accuracy` reads the pooled accuracy table ``assets/data/imaging_accuracy.csv``
  (one row per modality, population and meta-analysis, each with its source);
- :func:`draw_fagan` draws a Fagan nomogram and returns its artists; :meth:`FaganArtists.update`
  moves the two lines (positive and negative result) in place;
- :func:`draw_frequency_tree` draws a natural-frequency tree ("of 1,000 patients ...") and
  :meth:`FrequencyTreeArtists.update` rewrites its numbers in place;
- :func:`post_test_curves_figure` plots post-test against pre-test probability for several tests.

The arithmetic is :mod:`course.calculators.accuracy` (Bayes' theorem, likelihood ratios, counts).
Fagan's nomogram works because ``logit(post) = logit(pre) + ln(LR)``: with three equally spaced
vertical scales, the pre-test scale placed at ``-logit(p)``, the likelihood-ratio scale at
``ln(LR) / 2`` and the post-test scale at ``logit(p)``, a straight line through the pre-test
probability and the likelihood ratio ends at the post-test probability (Fagan TJ. N Engl J Med
1975;293(5):257. doi:10.1056/NEJM197507312930513).

For education only, not for clinical decisions.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from course.calculators.accuracy import (
    NaturalFrequencies,
    likelihood_ratios,
    post_test_probability,
)
from course.paths import data_file
from course.plotting.style import LINESTYLES, MARKERS, PALETTE, SERIES, course_style, new_figure

__all__ = [
    "ACCURACY_TABLE",
    "REFERENCE",
    "AccuracyRow",
    "FaganArtists",
    "FrequencyTreeArtists",
    "draw_fagan",
    "draw_frequency_tree",
    "format_percent",
    "load_imaging_accuracy",
    "post_test_curves_figure",
    "tree_summary",
]

REFERENCE: str = (
    "Fagan TJ. Letter: Nomogram for Bayes theorem. N Engl J Med 1975;293(5):257. "
    "doi:10.1056/NEJM197507312930513"
)

#: The data table of pooled accuracy figures (in ``assets/data``).
ACCURACY_TABLE = "imaging_accuracy.csv"
_COLUMNS = (
    "modality",
    "population",
    "sensitivity",
    "specificity",
    "source",
    "doi_or_pmid",
    "verified",
    "notes",
)

POSITIVE_COLOR = PALETTE["vermillion"]
NEGATIVE_COLOR = PALETTE["blue"]


@dataclass(frozen=True)
class AccuracyRow:
    """One pooled accuracy estimate from the data table, with its source."""

    modality: str
    population: str
    sensitivity: float
    specificity: float
    source: str
    doi_or_pmid: str
    verified: str
    notes: str

    @property
    def short_source(self) -> str:
        """'Yang 2011' from 'Yang HL et al. Eur Radiol 2011;...'; the journal and year otherwise."""
        year = next((w[:4] for w in self.source.replace(";", " ").split() if _is_year(w[:4])), "")
        words = self.source.split()
        if len(words) > 1 and words[1].isalpha() and words[1].isupper() and len(words[1]) <= 3:
            return f"{words[0]} {year}".strip()  # "Surname INITIALS et al. ..."
        head = []
        for word in words:
            if any(ch.isdigit() for ch in word):
                break
            head.append(word)
        return " ".join([*head, year]).strip()

    @property
    def label(self) -> str:
        """A one-line label for menus: modality, population and short source."""
        return f"{self.modality} | {self.population} | {self.short_source}"


def _is_year(text: str) -> bool:
    return len(text) == 4 and text.isdigit() and text[:2] in ("19", "20")


def load_imaging_accuracy(name: str = ACCURACY_TABLE) -> tuple[AccuracyRow, ...]:
    """Read the pooled accuracy table; every row must have a source and fractions in [0, 1]."""
    path = data_file(name)
    rows = []
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = set(_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"The table {name} lacks the column(s) {sorted(missing)}.")
        for n, raw in enumerate(reader, start=2):
            if not raw["source"].strip():
                raise ValueError(f"Row {n} of {name} ({raw['modality']}) has no source.")
            values = {}
            for key in ("sensitivity", "specificity"):
                value = float(raw[key])
                if not 0.0 <= value <= 1.0:
                    raise ValueError(f"Row {n} of {name}: {key} {value} is not in [0, 1].")
                values[key] = value
            rows.append(
                AccuracyRow(
                    modality=raw["modality"].strip(),
                    population=raw["population"].strip(),
                    sensitivity=values["sensitivity"],
                    specificity=values["specificity"],
                    source=raw["source"].strip(),
                    doi_or_pmid=raw["doi_or_pmid"].strip(),
                    verified=raw["verified"].strip(),
                    notes=raw["notes"].strip(),
                )
            )
    return tuple(rows)


def format_percent(p: float) -> str:
    """A probability as a percentage with sensible precision (0.8%, 6.9%, 66%, 99.6%, 100%)."""
    pct = 100.0 * p
    if pct in (0.0, 100.0):
        return f"{pct:.0f}%"
    if pct < 10 or pct > 99:
        return f"{pct:.1f}%"
    return f"{pct:.0f}%"


# ----------------------------------------------------------------------------------------------
# Fagan nomogram
# ----------------------------------------------------------------------------------------------

_P_TICKS = (0.5, 1, 2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 98, 99, 99.5)
_LR_TICKS = (0.001, 0.01, 0.1, 0.5, 1, 2, 5, 10, 100, 1000)
_P_END = 5.3  # the ends of the probability scales (logit of 0.5% and 99.5% is -/+ 5.29)
_LR_END = 4.0  # where the "infinity" and "0" marks sit on the likelihood-ratio scale
_Y_LIMIT = 5.8  # the axes reach a little beyond the ends of the scales
_FAR = 40.0  # a y far outside the axes (probabilities of exactly 0 or 1)


def _logit(p: float) -> float:
    if p <= 0.0:
        return -_FAR
    if p >= 1.0:
        return _FAR
    return math.log(p / (1.0 - p))


def _lr_y(lr: float) -> float:
    if lr <= 0.0:
        return -_FAR
    if math.isinf(lr):
        return _FAR
    return math.log(lr) / 2.0


def _tick_label(value: float) -> str:
    return f"{value:g}"


@dataclass
class FaganArtists:
    """The moving parts of a Fagan nomogram; :meth:`update` redraws them for new inputs."""

    ax: Axes
    positive_line: object
    negative_line: object
    pretest_marker: object
    positive_text: object
    negative_text: object
    legend: object

    def update(self, pretest: float, sensitivity: float, specificity: float) -> None:
        """Move both lines to a new pre-test probability and test (fractions in [0, 1])."""
        lr = likelihood_ratios(sensitivity, specificity)
        post_pos = post_test_probability(pretest, sensitivity, specificity, result="positive")
        post_neg = post_test_probability(pretest, sensitivity, specificity, result="negative")
        y0 = -_logit(pretest)
        for line, ratio, post in (
            (self.positive_line, lr.positive, post_pos),
            (self.negative_line, lr.negative, post_neg),
        ):
            if math.isinf(ratio) or ratio == 0.0:
                # Off the scale: through the "infinity" (or "0") mark at the end of the
                # likelihood-ratio scale to the end of the post-test scale (100% or 0%).
                sign = 1.0 if ratio > 0 else -1.0
                line.set_data([0.0, 1.0, 2.0], [y0, sign * _LR_END, sign * _P_END])
            else:
                # Through (0, y0) and (1, ln(LR)/2); it reaches x = 2 at logit(post).
                line.set_data([0.0, 1.0, 2.0], [y0, _lr_y(ratio), _logit(post)])
        self.pretest_marker.set_data([0.0], [y0])
        for text, post, sign in (
            (self.positive_text, post_pos, 1),
            (self.negative_text, post_neg, -1),
        ):
            y = max(min(_logit(post), _P_END - 0.15), -_P_END + 0.15)
            # Keep the two labels apart when the results are close.
            y += 0.25 * sign if abs(_logit(post_pos) - _logit(post_neg)) < 0.5 else 0.0
            text.set_position((2.45, y))
            text.set_text(format_percent(post))


def draw_fagan(
    ax: Axes, *, pretest: float = 0.3, sensitivity: float = 0.86, specificity: float = 0.81
) -> FaganArtists:
    """Draw a Fagan nomogram on ``ax`` with the lines for a positive and a negative result."""
    ax.set_xlim(-0.75, 3.0)
    ax.set_ylim(-_Y_LIMIT, _Y_LIMIT + 1.2)
    ax.axis("off")
    for x in (0.0, 1.0, 2.0):
        ax.plot([x, x], [-_P_END, _P_END], color="#333333", lw=1.2, zorder=1)
    for y, mark in ((_LR_END, "\u221e"), (-_LR_END, "0")):
        ax.plot([0.97, 1.03], [y, y], color="#333333", lw=0.8)
        ax.text(1.06, y, mark, ha="left", va="center", fontsize=8.5)
    for p in _P_TICKS:
        y = _logit(p / 100)
        ax.plot([-0.05, 0.0], [-y, -y], color="#333333", lw=0.8)
        ax.text(-0.08, -y, _tick_label(p), ha="right", va="center", fontsize=7.5)
        ax.plot([2.0, 2.05], [y, y], color="#333333", lw=0.8)
        ax.text(2.08, y, _tick_label(p), ha="left", va="center", fontsize=7.5, color="#555555")
    for lr in _LR_TICKS:
        y = _lr_y(lr)
        ax.plot([0.97, 1.03], [y, y], color="#333333", lw=0.8)
        ax.text(1.06, y, _tick_label(lr), ha="left", va="center", fontsize=7.5)
    heads = ("Pre-test\nprobability (%)", "Likelihood\nratio", "Post-test\nprobability (%)")
    for x, head in zip((0.0, 1.0, 2.0), heads, strict=True):
        ax.text(x, _P_END + 0.3, head, ha="center", va="bottom", fontsize=9, fontweight="bold")
    (pos_line,) = ax.plot(
        [], [], color=POSITIVE_COLOR, lw=2.2, ls="-", marker="o", ms=4, zorder=3,
        label="positive result (through LR+)",
    )  # fmt: skip
    (neg_line,) = ax.plot(
        [], [], color=NEGATIVE_COLOR, lw=2.2, ls="--", marker="s", ms=4, zorder=3,
        label="negative result (through LR\u2212)",
    )  # fmt: skip
    (marker,) = ax.plot([], [], "o", ms=8, mfc="white", mec="black", mew=1.5, zorder=4)
    box = {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85}
    style = {"fontsize": 10, "fontweight": "bold", "va": "center", "bbox": box}
    pos_text = ax.text(2.45, 0, "", color=POSITIVE_COLOR, **style)
    neg_text = ax.text(2.45, 0, "", color=NEGATIVE_COLOR, **style)
    legend = ax.legend(loc="lower center", bbox_to_anchor=(0.5, -0.1), fontsize=8.5, ncol=1)
    artists = FaganArtists(ax, pos_line, neg_line, marker, pos_text, neg_text, legend)
    artists.update(pretest, sensitivity, specificity)
    ax.set_title("Fagan nomogram", fontsize=11, fontweight="bold")
    return artists


# ----------------------------------------------------------------------------------------------
# Natural-frequency tree
# ----------------------------------------------------------------------------------------------


@dataclass
class FrequencyTreeArtists:
    """The count texts of a natural-frequency tree; :meth:`update` rewrites the numbers.

    Boxes and captions are static; only the counts (and the optional summary) change, which keeps
    redrawing fast in a widget.
    """

    ax: Axes
    counts: dict[str, object]
    summary_positive: object | None = None
    summary_negative: object | None = None

    def update(self, freq: NaturalFrequencies) -> None:
        values = {
            "root": freq.n,
            "diseased": freq.diseased,
            "healthy": freq.healthy,
            "tp": freq.true_positive,
            "fn": freq.false_negative,
            "fp": freq.false_positive,
            "tn": freq.true_negative,
        }
        for key, text in self.counts.items():
            text.set_text(f"{values[key]:,}")
        if self.summary_positive is None or self.summary_negative is None:
            return
        positive, negative = tree_summary(freq)
        self.summary_positive.set_text(positive)
        self.summary_negative.set_text(negative)


def _share(part: int, whole: int) -> str:
    return "no such results" if whole == 0 else format_percent(part / whole)


def tree_summary(freq: NaturalFrequencies) -> tuple[str, str]:
    """Two sentences that read the tree: who among the positives (negatives) has metastases."""
    pos, neg = freq.test_positive, freq.test_negative
    return (
        f"Positive results: {freq.true_positive:,} + {freq.false_positive:,} = {pos:,}; "
        f"{freq.true_positive:,} of {pos:,} ({_share(freq.true_positive, pos)}) have metastases",
        f"Negative results: {freq.false_negative:,} + {freq.true_negative:,} = {neg:,}; "
        f"{freq.false_negative:,} of {neg:,} ({_share(freq.false_negative, neg)}) have metastases",
    )


def draw_frequency_tree(
    ax: Axes, freq: NaturalFrequencies, *, summary: bool = True
) -> FrequencyTreeArtists:
    """Draw a natural-frequency tree for ``freq`` on ``ax`` and return its artists.

    With ``summary`` two sentences under the tree read it (the share of positive and of negative
    results that belong to patients with metastases); views that show them elsewhere leave them
    out to keep redrawing fast.
    """
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.3 if summary else 2.6, 10)
    ax.axis("off")
    # key: (x, y, caption, edge color, line style)
    nodes = {
        "root": (5.0, 9.0, "patients", "#333333", "-"),
        "diseased": (2.5, 6.6, "with metastases", PALETTE["black"], "-"),
        "healthy": (7.5, 6.6, "without metastases", PALETTE["black"], "-"),
        "tp": (1.25, 3.9, "test +\n(true +)", POSITIVE_COLOR, "-"),
        "fn": (3.75, 3.9, "test \u2212\n(false \u2212)", NEGATIVE_COLOR, "--"),
        "fp": (6.25, 3.9, "test +\n(false +)", POSITIVE_COLOR, "-"),
        "tn": (8.75, 3.9, "test \u2212\n(true \u2212)", NEGATIVE_COLOR, "--"),
    }
    for parent, child in (
        ("root", "diseased"),
        ("root", "healthy"),
        ("diseased", "tp"),
        ("diseased", "fn"),
        ("healthy", "fp"),
        ("healthy", "tn"),
    ):
        x0, y0 = nodes[parent][:2]
        x1, y1 = nodes[child][:2]
        ax.plot([x0, x1], [y0 - 0.55, y1 + 0.7], color="#777777", lw=1.0, zorder=1)
    counts = {}
    for key, (x, y, caption, color, ls) in nodes.items():
        leaf = key in ("tp", "fn", "fp", "tn")
        width, height = (2.0, 1.35) if leaf else (2.6, 1.05)
        ax.add_patch(
            FancyBboxPatch(
                (x - width / 2, y - height / 2),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=0.2",
                facecolor="white",
                edgecolor=color,
                lw=1.4,
                ls=ls,
                zorder=2,
            )
        )
        top = y + (0.33 if leaf else 0.2)
        counts[key] = ax.text(
            x, top, "", ha="center", va="center", fontsize=11, fontweight="bold", zorder=3
        )
        ax.text(x, top - 0.3, caption, ha="center", va="top", fontsize=8.5, zorder=3)
    artists = FrequencyTreeArtists(ax, counts)
    if summary:
        style = {"fontsize": 8.5, "color": "#222222", "ha": "left", "va": "center"}
        artists.summary_positive = ax.text(0.0, 1.35, "", **style)
        artists.summary_negative = ax.text(0.0, 0.45, "", **style)
        ax.text(0.0, 2.25, "Reading the tree:", fontsize=8.5, fontweight="bold", va="center")
    artists.update(freq)
    ax.set_title("Natural frequencies: the same result in people", fontsize=11, fontweight="bold")
    return artists


# ----------------------------------------------------------------------------------------------
# Post-test probability against pre-test probability
# ----------------------------------------------------------------------------------------------


def post_test_curves_figure(rows: Sequence[AccuracyRow], *, title: str | None = None) -> Figure:
    """Post-test probability after a positive and after a negative result, for several tests.

    Each test keeps one color and marker in both panels; the dotted diagonal is "no test".
    """
    if not rows:
        raise ValueError("Give at least one row of the accuracy table to plot.")
    pre = np.linspace(0.01, 0.99, 99)
    fig = new_figure(width_in=9.0, height_in=4.4)
    with course_style():
        axes = fig.subplots(1, 2, sharey=True)
        for k, row in enumerate(rows):
            for ax, result in zip(axes, ("positive", "negative"), strict=True):
                post = [
                    post_test_probability(p, row.sensitivity, row.specificity, result=result)
                    for p in pre
                ]
                ax.plot(
                    100 * pre,
                    100 * np.asarray(post),
                    color=SERIES[k % len(SERIES)],
                    ls=LINESTYLES[k % len(LINESTYLES)],
                    marker=MARKERS[k % len(MARKERS)],
                    markevery=12,
                    ms=5,
                    lw=1.8,
                    label=f"{row.modality} ({row.sensitivity:.2f} / {row.specificity:.2f}; "
                    f"{row.short_source})",
                )
        for ax, result in zip(axes, ("positive", "negative"), strict=True):
            ax.plot([0, 100], [0, 100], color="#777777", ls=":", lw=1.0, label="no test")
            ax.set_xlim(0, 100)
            ax.set_ylim(0, 100)
            ax.set_xlabel("Pre-test probability of bone metastases (%)")
            ax.set_title(f"After a {result} result", fontsize=11)
        axes[0].set_ylabel("Post-test probability (%)")
        axes[1].legend(loc="upper left", fontsize=7.5, title="test (sensitivity / specificity)")
        fig.suptitle(
            title or "How much a result moves the probability depends on where you start",
            fontsize=11,
            fontweight="bold",
        )
    return fig
