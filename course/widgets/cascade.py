"""Step through the metastatic cascade: what happens at each step and what could block it.

:class:`CascadeView` shows the cascade diagram (:class:`course.plotting.cascade.CascadeDiagram`)
with the current step highlighted, *Previous* / *Next* buttons and a step selector, and a panel
with the step's text from ``assets/data/metastatic_cascade.csv`` and its source. Rows that the
course could not check in full carry a visible note.
For education only, not for clinical decisions.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.plotting.cascade import CascadeDiagram, CascadeStep, load_cascade_steps
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = ["CascadeView", "step_html"]

REFERENCES = (
    "Macedo F, Ladeira K, Pinho F, et al. Bone metastases: an overview. Oncol Rev "
    "2017;11(1):321. doi:10.4081/oncol.2017.321",
    "Weilbaecher KN, Guise TA, McCauley LK. Cancer to bone: a fatal attraction. Nat Rev Cancer "
    "2011;11(6):411-425. doi:10.1038/nrc3055",
)
_BOX = "border-left:4px solid {color};background:{bg};padding:6px 10px;margin:4px 0"


def step_html(step: CascadeStep, total: int) -> str:
    """The panel for one step: what happens, what could block it, and where it comes from."""
    note = ""
    if step.verified != "yes":
        note = (
            "<div style='font-size:85%;color:#8A4B00'><b>Note:</b> parts of this step are "
            f"checked only as '{html.escape(step.verified)}' by the course: "
            f"{html.escape(step.notes or 'see the source')}</div>"
        )
    return (
        f"<div style='{_BOX.format(color='#0072B2', bg='#EAF3FA')}'>"
        f"<b>Step {step.step} of {total}: {html.escape(step.name)}</b></div>"
        f"<div style='{_BOX.format(color='#009E73', bg='#E9F7F2')}'><b>What happens.</b> "
        f"{html.escape(step.what_happens)}</div>"
        f"<div style='{_BOX.format(color='#CC79A7', bg='#FBEFF5')}'><b>What could block it.</b> "
        f"{html.escape(step.what_could_block)}</div>"
        f"<div style='font-size:85%;color:#444'><b>Source:</b> {html.escape(step.source)}"
        f"{' (' + html.escape(step.doi_or_pmid) + ')' if step.doi_or_pmid else ''}</div>{note}"
    )


class CascadeView:
    """The cascade diagram with a step-through control.

    ``controls``: ``step`` (1 to 6), ``previous`` and ``next`` (buttons). ``result`` is the
    current :class:`~course.plotting.cascade.CascadeStep`.
    """

    def __init__(self, *, start: int = 1):
        self.steps = load_cascade_steps()
        total = len(self.steps)
        self.diagram = CascadeDiagram(self.steps)
        self.controls: dict[str, widgets.Widget] = {
            "step": widgets.IntSlider(
                value=1,
                min=1,
                max=total,
                step=1,
                description="Step",
                continuous_update=False,
                layout=widgets.Layout(width="320px"),
            ),
            "previous": widgets.Button(description="Previous", icon="arrow-left"),
            "next": widgets.Button(description="Next", icon="arrow-right"),
        }
        self.status = widgets.HTML()
        self.panel = widgets.HTML()
        self.result: CascadeStep = self.steps[0]
        # The diagram blits itself (course.plotting.blit): only the highlight is redrawn.
        self.pane = BlitPane(
            self.diagram.fig, source=self.diagram.png, description=self._description()
        )
        handler = guarded(self._update, self.status)
        self.controls["step"].observe(lambda _c: handler(), names="value")
        self.controls["previous"].on_click(lambda _b: self._move(-1))
        self.controls["next"].on_click(lambda _b: self._move(+1))
        c = self.controls
        self.widget = widgets.VBox(
            [
                widgets.HBox([c["previous"], c["step"], c["next"]]),
                self.status,
                self.pane.widget,
                self.panel,
                footer(REFERENCES),
            ]
        )
        self.controls["step"].value = start  # validated by the slider's range
        self._update()

    def _move(self, delta: int) -> None:
        slider = self.controls["step"]
        slider.value = min(max(slider.value + delta, slider.min), slider.max)

    def _description(self) -> str:
        step = self.result
        names = "; ".join(f"{s.step}. {s.name}" for s in self.steps)
        return (
            "A schematic journey from a primary tumor (left) through a blood vessel (middle) to "
            "the red marrow of a bone (right), with the six steps numbered where they happen: "
            f"{names}. Highlighted with a ring: step {step.step}, {step.name}."
        )

    def _update(self) -> None:
        number = int(self.controls["step"].value)
        self.result = self.steps[number - 1]
        self.diagram.show_step(number)
        self.pane.set_description(self._description())
        self.pane.refresh()
        self.panel.value = step_html(self.result, len(self.steps))
