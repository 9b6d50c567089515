"""The Bayes explorer (Module 3.2): how much a test result changes the probability of metastases.

Choose an imaging test (pooled sensitivity and specificity from meta-analyses, in
``assets/data/imaging_accuracy.csv``) and a pre-test probability (from a clinical scenario or your
own estimate). The view shows the post-test probability after a positive and after a negative
result on a Fagan nomogram, and the same numbers as natural frequencies out of 1,000 patients.

Pure compute (:func:`explore`, from :mod:`course.calculators.accuracy`) + pure plotting
(:mod:`course.plotting.bayes`) + this thin view.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from course.calculators.accuracy import (
    REFERENCE as ACCURACY_REFERENCE,
)
from course.calculators.accuracy import (
    LikelihoodRatios,
    NaturalFrequencies,
    likelihood_ratios,
    natural_frequencies,
    post_test_probability,
)
from course.plotting.bayes import (
    REFERENCE as FAGAN_REFERENCE,
)
from course.plotting.bayes import (
    AccuracyRow,
    draw_fagan,
    draw_frequency_tree,
    format_percent,
    load_imaging_accuracy,
    tree_summary,
)
from course.plotting.style import course_style, new_figure
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = ["PRETEST_SCENARIOS", "BayesExplorer", "BayesResult", "explore"]

#: Clinical scenarios for the pre-test probability: key -> (label, probability, source).
PRETEST_SCENARIOS: dict[str, tuple[str, float | None, str]] = {
    "population": (
        "Any solid cancer at diagnosis (population average): about 5%",
        0.05,
        "Ryan 2022: 5.1% of people with a new cancer (SEER 2010-2015) had bone metastases at "
        "diagnosis",
    ),
    "back_pain": (
        "Treated breast cancer, new persistent back pain: 30% (illustrative)",
        0.30,
        "an illustrative estimate for practice, not a published figure",
    ),
    "advanced": (
        "Advanced breast or prostate cancer: about 70%",
        0.70,
        "Coleman 2001 (as reproduced in Macedo 2017): bone metastases in 65-75% of advanced "
        "breast and prostate cancer",
    ),
    "custom": ("Your own estimate (move the slider)", None, "your estimate"),
}


@dataclass(frozen=True)
class BayesResult:
    """Post-test probabilities for one test and one pre-test probability."""

    row: AccuracyRow
    pretest: float
    ratios: LikelihoodRatios
    post_positive: float
    post_negative: float
    frequencies: NaturalFrequencies


def explore(pretest: float, row: AccuracyRow, *, n: int = 1000) -> BayesResult:
    """Likelihood ratios, both post-test probabilities and natural frequencies for one test."""
    sens, spec = row.sensitivity, row.specificity
    return BayesResult(
        row=row,
        pretest=pretest,
        ratios=likelihood_ratios(sens, spec),
        post_positive=post_test_probability(pretest, sens, spec, result="positive"),
        post_negative=post_test_probability(pretest, sens, spec, result="negative"),
        frequencies=natural_frequencies(pretest, sens, spec, n=n),
    )


def _lr_text(value: float) -> str:
    return (
        "infinite (no false positives in the pooled data)"
        if value == float("inf")
        else (f"{value:.2f}")
    )


class BayesExplorer:
    """Pick a test and a pre-test probability; see both post-test probabilities, two ways."""

    def __init__(self, *, modality: int = 0, scenario: str = "back_pain"):
        self.rows = load_imaging_accuracy()
        if scenario not in PRETEST_SCENARIOS:
            raise ValueError(
                f"Unknown scenario {scenario!r}; choose from {list(PRETEST_SCENARIOS)}."
            )
        preset = PRETEST_SCENARIOS[scenario][1]
        self.controls = {
            "modality": widgets.Dropdown(
                options=[(row.label, k) for k, row in enumerate(self.rows)],
                value=modality,
                description="Test:",
                layout=widgets.Layout(width="640px"),
            ),
            "scenario": widgets.Dropdown(
                options=[(label, key) for key, (label, _p, _s) in PRETEST_SCENARIOS.items()],
                value=scenario,
                description="Scenario:",
                layout=widgets.Layout(width="640px"),
            ),
            "pretest": widgets.FloatSlider(
                value=preset if preset is not None else 0.3,
                min=0.01,
                max=0.99,
                step=0.01,
                description="Pre-test:",
                readout_format=".0%",
                continuous_update=False,
                layout=widgets.Layout(width="640px"),
            ),
        }
        self.result: BayesResult | None = None
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self._syncing = False

        result = explore(self.controls["pretest"].value, self.rows[modality])
        self.fig = new_figure(width_in=10.0, height_in=5.6)
        with course_style():
            ax_fagan, ax_tree = self.fig.subplots(1, 2, width_ratios=[1.0, 1.25])
        row = result.row
        self.fagan = draw_fagan(
            ax_fagan,
            pretest=result.pretest,
            sensitivity=row.sensitivity,
            specificity=row.specificity,
        )
        self.tree = draw_frequency_tree(ax_tree, result.frequencies, summary=False)
        f, t = self.fagan, self.tree
        animated = [
            f.positive_line,
            f.negative_line,
            f.pretest_marker,
            f.positive_text,
            f.negative_text,
            *t.counts.values(),
        ]
        self.pane = BlitPane(self.fig, animated)  # lays the figure out once; update() redraws

        update = guarded(self.update, self.status)
        self.controls["modality"].observe(update, names="value")
        self.controls["pretest"].observe(guarded(self._pretest_moved, self.status), names="value")
        self.controls["scenario"].observe(
            guarded(self._scenario_chosen, self.status), names="value"
        )
        self.update()
        self.widget = widgets.VBox(
            [
                self.controls["modality"],
                self.controls["scenario"],
                self.controls["pretest"],
                self.status,
                self.pane.widget,
                self.summary,
                footer((ACCURACY_REFERENCE, FAGAN_REFERENCE)),
            ]
        )

    def _scenario_chosen(self, *_args: object) -> None:
        if self._syncing:
            return
        preset = PRETEST_SCENARIOS[self.controls["scenario"].value][1]
        if preset is None:
            self.update()
            return
        self._syncing = True
        try:
            if abs(self.controls["pretest"].value - preset) > 1e-9:
                self.controls["pretest"].value = preset  # triggers one update
            else:
                self.update()
        finally:
            self._syncing = False

    def _pretest_moved(self, *_args: object) -> None:
        if not self._syncing:
            preset = PRETEST_SCENARIOS[self.controls["scenario"].value][1]
            if preset is not None and abs(self.controls["pretest"].value - preset) > 1e-9:
                self._syncing = True
                try:
                    self.controls["scenario"].value = "custom"
                finally:
                    self._syncing = False
        self.update()

    def update(self) -> None:
        row = self.rows[self.controls["modality"].value]
        pretest = float(self.controls["pretest"].value)
        result = explore(pretest, row)
        self.fagan.update(pretest, row.sensitivity, row.specificity)
        self.tree.update(result.frequencies)
        self.pane.refresh()
        fq = result.frequencies
        pos, neg = format_percent(result.post_positive), format_percent(result.post_negative)
        self.pane.set_description(
            f"Fagan nomogram for {row.modality} (sensitivity {row.sensitivity:.0%}, specificity "
            f"{row.specificity:.0%}) at a pre-test probability of {format_percent(pretest)}: the "
            f"solid line through the positive likelihood ratio ends at {pos} after a positive "
            f"result; the dashed line through the negative likelihood ratio ends at {neg} after a "
            f"negative result. Tree: of {fq.n:,} patients, {fq.diseased:,} have metastases "
            f"({fq.true_positive:,} test positive, {fq.false_negative:,} negative) and "
            f"{fq.healthy:,} do not ({fq.false_positive:,} test positive, {fq.true_negative:,} "
            "negative)."
        )
        scenario = PRETEST_SCENARIOS[self.controls["scenario"].value]
        doi = f" ({html.escape(row.doi_or_pmid)})" if row.doi_or_pmid else ""
        notes = f"; {html.escape(row.notes)}" if row.notes else ""
        reading = tree_summary(fq)
        self.summary.value = (
            "<table style='border-collapse:collapse;margin:4px 0'>"
            f"<tr><td style='padding:2px 10px'><b>Likelihood ratios</b></td>"
            f"<td>LR+ {_lr_text(result.ratios.positive)}; LR&minus; "
            f"{_lr_text(result.ratios.negative)}</td></tr>"
            f"<tr><td style='padding:2px 10px'><b>After a positive result</b></td>"
            f"<td>{format_percent(pretest)} &rarr; <b>{pos}</b></td></tr>"
            f"<tr><td style='padding:2px 10px'><b>After a negative result</b></td>"
            f"<td>{format_percent(pretest)} &rarr; <b>{neg}</b></td></tr>"
            f"<tr><td style='padding:2px 10px'><b>Reading the tree</b></td>"
            f"<td>{html.escape(reading[0])}.<br>{html.escape(reading[1])}.</td></tr>"
            f"<tr><td style='padding:2px 10px'><b>Pre-test probability from</b></td>"
            f"<td>{html.escape(scenario[2])}</td></tr>"
            f"<tr><td style='padding:2px 10px'><b>Accuracy data</b></td>"
            f"<td>{html.escape(row.source)}{doi}; verified: {html.escape(row.verified)}{notes}"
            "</td></tr></table>"
        )
        self.result = result
