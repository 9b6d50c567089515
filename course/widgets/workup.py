"""The work-up pathway (Module 3.3): a bone lesion in a patient with no known cancer, step by step.

Set what each step finds (the lesion's appearance, the myeloma screen, what the chest X-ray and
CT show, one lesion or several) and the pathway highlights the route to the biopsy that proves
the diagnosis, with teaching notes.

Pure compute (:func:`course.plotting.workup.workup_path`) + pure plotting
(:func:`course.plotting.workup.draw_workup`) + this thin view.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from course.plotting.style import course_style, new_figure
from course.plotting.workup import (
    APPEARANCES,
    IMAGING_FINDINGS,
    LESION_COUNTS,
    MYELOMA_SCREENS,
    NODES,
    REFERENCE,
    WorkupPath,
    draw_workup,
    workup_path,
)
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = ["WorkupView"]

REFERENCES = (
    REFERENCE,
    "Tsukamoto S, Kido A, Tanaka Y, et al. Current overview of treatment for metastatic bone "
    "disease. Curr Oncol 2021;28:3347-3372. doi:10.3390/curroncol28050290",
)


def _first_line(node: str) -> str:
    return NODES[node][4].replace("\n", " ")


class WorkupView:
    """Choose the findings; see the path through the work-up and where it ends."""

    def __init__(
        self,
        *,
        appearance: str = "lytic",
        myeloma_screen: str = "normal",
        imaging: str = "none",
        lesions: str = "multiple",
    ):
        def toggles(options: dict[str, str], value: str, description: str) -> widgets.Widget:
            return widgets.Dropdown(
                options=[(label, key) for key, label in options.items()],
                value=value,
                description=description,
                style={"description_width": "230px"},
                layout=widgets.Layout(width="640px"),
            )

        self.controls = {
            "appearance": toggles(APPEARANCES, appearance, "The lesion on X-ray or CT looks:"),
            "myeloma_screen": toggles(
                MYELOMA_SCREENS, myeloma_screen, "Electrophoresis and light chains:"
            ),
            "imaging": toggles(IMAGING_FINDINGS, imaging, "Chest X-ray and CT:"),
            "lesions": toggles(LESION_COUNTS, lesions, "Whole-skeleton imaging shows:"),
        }
        self.result: WorkupPath | None = None
        self.status = widgets.HTML()
        self.notes = widgets.HTML()
        self.fig = new_figure(width_in=8.6, height_in=6.4)
        with course_style():
            ax = self.fig.add_subplot()
        self.artists = draw_workup(ax)
        self.pane = BlitPane(self.fig, self.artists.animated)  # lays the figure out once
        update = guarded(self.update, self.status)
        for control in self.controls.values():
            control.observe(update, names="value")
        self.update()
        self.widget = widgets.VBox(
            [
                *self.controls.values(),
                self.status,
                self.pane.widget,
                self.notes,
                footer(REFERENCES),
            ]
        )

    def update(self) -> None:
        c = self.controls
        path = workup_path(
            lesions=c["lesions"].value,
            appearance=c["appearance"].value,
            myeloma_screen=c["myeloma_screen"].value,
            imaging=c["imaging"].value,
        )
        self.artists.show_path(path)
        self.pane.refresh()
        route = " \u2192 ".join(_first_line(n).split("(")[0].strip() for n in path.steps)
        skipped = [n for n in NODES if n not in path.steps]
        self.pane.set_description(
            "A flowchart of the work-up, top to bottom: history and examination, blood tests "
            "(with a side branch to hematology if the myeloma screen is abnormal), X-rays, CT and "
            "whole-skeleton imaging, then three end points (primary found; several lesions; one "
            f"lesion). Highlighted with thick blue frames and arrows: {route}. The end point has "
            f"a thick vermillion frame. Dimmed and hatched: {len(skipped)} boxes not on this path."
        )
        items = "".join(f"<li>{html.escape(note)}</li>" for note in path.notes)
        end = html.escape(_first_line(path.outcome))
        self.notes.value = (
            f"<div style='margin:4px 0'><b>Where this path ends:</b> {end}"
            f"<ul style='margin:2px 0'>{items}</ul></div>"
        )
        self.result = path
