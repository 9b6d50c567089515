"""The team decides (Module 5.3): an interactive NOMS pathway for spinal metastases.

Pure compute (:func:`course.calculators.noms.noms_decision`), pure plotting
(:class:`course.plotting.noms.NomsPathwayChart`) and this thin view. The learner picks one of the
synthetic cases (or changes any finding) and sees the four NOMS steps, the reasoning and the
source of each, and the plan.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.calculators import bilsky, sins
from course.calculators.bilsky import BILSKY_GRADES, BILSKY_LABELS
from course.calculators.noms import (
    NEUROLOGY,
    NOMS_CASES,
    RADIOSENSITIVITY,
    REFERENCE,
    NomsCase,
    NomsDecision,
    noms_decision,
)
from course.calculators.sins import SINS_ITEM_LABELS, sins_location, sins_score
from course.plotting.noms import NomsPathwayChart
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

NEUROLOGY_LABELS: dict[str, str] = {
    "intact": "No neurological deficit",
    "deficit": "Neurological deficit (weakness, numbness, bladder or bowel trouble)",
    "paraplegic_over_48h": "Complete paraplegia for more than 48 hours",
}
CUSTOM = "custom"


def case_summary_html(case: NomsCase) -> str:
    """The story of a case and its SINS items, as HTML."""
    result = sins_score(location=sins_location(case.level), **case.sins)
    items = ", ".join(
        f"{SINS_ITEM_LABELS[item].split(' (')[0].lower()} {points}"
        for item, points in result.components.items()
    )
    return (
        f"<div style='margin:4px 0'><b>{html.escape(case.name)}</b> (synthetic case): "
        f"{html.escape(case.story)}<br><span style='color:#444'>Histology: "
        f"{html.escape(case.histology)} ({case.radiosensitivity}); level {case.level}; SINS "
        f"{result.total} = {html.escape(items)}; expected survival about "
        f"{case.expected_survival_months:g} months; "
        f"{'fit' if case.fit_for_surgery else 'not fit'} for surgery.</span></div>"
    )


def reasoning_html(decision: NomsDecision) -> str:
    """Every step with its finding, reasoning and source, then the plan and cautions."""
    rows = []
    for step in decision.steps:
        rows.append(
            f"<li><b>{step.letter}: {html.escape(step.name)}.</b> {html.escape(step.reasoning)}"
            f"<br><span style='font-size:85%;color:#555'>Source: {html.escape(step.source)}"
            "</span></li>"
        )
    cautions = "".join(f"<li>{html.escape(c)}</li>" for c in decision.cautions)
    caution_block = f"<p><b>Watch:</b></p><ul>{cautions}</ul>" if cautions else ""
    return (
        f"<ol style='margin:4px 0'>{''.join(rows)}</ol>"
        f"<p><b>Plan:</b> {html.escape(decision.recommendation)}</p>{caution_block}"
    )


def describe(decision: NomsDecision) -> str:
    """A text description of the pathway figure."""
    steps = "; ".join(f"{s.name}: {s.finding}, so {s.conclusion}" for s in decision.steps)
    return f"Four boxes, one per NOMS question. {steps}. Plan: {decision.recommendation}"


class NomsPathway:
    """Choose a case or set the findings; see the NOMS reasoning and the plan."""

    def __init__(self, *, case: str = NOMS_CASES[0].key):
        self.cases = {c.key: c for c in NOMS_CASES}
        if case not in self.cases:
            raise ValueError(f"Unknown case {case!r}; choose one of {list(self.cases)}.")
        style = {"description_width": "170px"}
        wide = widgets.Layout(width="560px")
        self.controls: dict[str, widgets.Widget] = {
            "case": widgets.Dropdown(
                options=[(f"{c.name}: {c.histology}", c.key) for c in NOMS_CASES]
                + [("Your own patient (set the findings below)", CUSTOM)],
                value=case,
                description="Patient",
                style=style,
                layout=wide,
            ),
            "bilsky_grade": widgets.Dropdown(
                options=[(BILSKY_LABELS[g], g) for g in BILSKY_GRADES],
                description="N: Bilsky grade",
                style=style,
                layout=wide,
            ),
            "neurology": widgets.Dropdown(
                options=[(NEUROLOGY_LABELS[n], n) for n in NEUROLOGY],
                description="N: neurology",
                style=style,
                layout=wide,
            ),
            "histology": widgets.Dropdown(
                options=[(f"{h} ({s})", h) for h, s in RADIOSENSITIVITY.items()],
                description="O: histology",
                style=style,
                layout=wide,
            ),
            "sins_total": widgets.IntSlider(
                min=0,
                max=18,
                step=1,
                description="M: SINS total",
                style=style,
                continuous_update=False,
                layout=wide,
            ),
            "fit_for_surgery": widgets.Checkbox(description="S: fit for surgery", indent=True),
            "expected_survival_months": widgets.FloatSlider(
                min=0.5,
                max=36,
                step=0.5,
                description="S: survival (months)",
                style=style,
                continuous_update=False,
                layout=wide,
            ),
        }
        self.result: NomsDecision | None = None
        self.status = widgets.HTML()
        self.story = widgets.HTML()
        self.reasoning = widgets.HTML()
        self.chart = NomsPathwayChart()
        self._loading = False
        self._update = guarded(self.update, self.status)
        self.load_case(case)
        self.pane = BlitPane(
            self.chart.fig, self.chart.dynamic_artists(), description=describe(self.result)
        )
        self.controls["case"].observe(self._on_case, names="value")
        for name, control in self.controls.items():
            if name != "case":
                control.observe(self._on_finding, names="value")
        self.widget = widgets.VBox(
            [
                widgets.HTML("<h4 style='margin:2px 0'>The team decides: NOMS pathway</h4>"),
                self.controls["case"],
                self.story,
                *[self.controls[k] for k in self.controls if k != "case"],
                self.status,
                self.pane.widget,
                self.reasoning,
                footer([REFERENCE, bilsky.REFERENCE, sins.REFERENCE]),
            ]
        )

    def load_case(self, key: str) -> None:
        """Set every finding from a synthetic case, then update once."""
        case = self.cases[key]
        self._loading = True
        try:
            self.controls["bilsky_grade"].value = case.bilsky_grade
            self.controls["neurology"].value = case.neurology
            self.controls["histology"].value = case.histology
            self.controls["sins_total"].value = case.sins_total
            self.controls["fit_for_surgery"].value = case.fit_for_surgery
            self.controls["expected_survival_months"].value = case.expected_survival_months
        finally:
            self._loading = False
        self.story.value = case_summary_html(case)
        self.update()

    def _on_case(self, change) -> None:
        if change["new"] == CUSTOM:
            self.story.value = (
                "<div style='margin:4px 0'><b>Your own patient</b>: set each finding below; the "
                "pathway updates as you go.</div>"
            )
            return
        self.load_case(change["new"])

    def _on_finding(self, _change) -> None:
        if self._loading:
            return
        key = self.controls["case"].value
        if key != CUSTOM and "findings changed" not in self.story.value:
            self.story.value = self.story.value.replace(
                "</div>",
                " <i>(findings changed: the pathway below shows your version)</i></div>",
            )
        self._update()

    def update(self) -> None:
        """Run the pathway on the current findings and redraw."""
        c = self.controls
        decision = noms_decision(
            bilsky_grade=c["bilsky_grade"].value,
            radiosensitivity=RADIOSENSITIVITY[c["histology"].value],
            sins_total=c["sins_total"].value,
            neurology=c["neurology"].value,
            fit_for_surgery=c["fit_for_surgery"].value,
            expected_survival_months=c["expected_survival_months"].value,
        )
        self.result = decision
        self.chart.update(decision)
        self.reasoning.value = reasoning_html(decision)
        if hasattr(self, "pane"):
            self.pane.set_description(describe(decision))
            self.pane.refresh()
