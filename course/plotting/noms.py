"""The NOMS decision pathway drawn as four linked boxes and a plan (Module 5.3).

:class:`NomsPathwayChart` owns one Figure: a row per question (Neurologic, Oncologic,
Mechanical, Systemic), each with its letter, what was found and what it implies, and a plan box
at the bottom. :meth:`NomsPathwayChart.update` replaces the texts in place, so a widget can redraw
it quickly. Data in (a :class:`course.calculators.noms.NomsDecision`), Figure out.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch

from course.calculators.noms import NomsDecision
from course.plotting.style import PALETTE, SERIES, course_style, new_figure

_ROW_Y = (8.55, 6.55, 4.55, 2.55)
_NAMES = ("Neurologic", "Oncologic", "Mechanical", "Systemic")
_QUESTIONS = (
    "Is the cord compressed? Any deficit?",
    "How radiosensitive is the tumor?",
    "Is the spine stable (SINS)?",
    "Can the patient tolerate surgery?",
)


class NomsPathwayChart:
    """Four question boxes (N, O, M, S) feeding a plan box."""

    def __init__(self) -> None:
        self.fig: Figure = new_figure(width_in=9.0, height_in=6.2)
        with course_style():
            ax = self.fig.add_subplot()
            ax.set_xlim(0, 10)
            ax.set_ylim(0, 10)
            ax.axis("off")
            ax.set_title("The NOMS pathway: four questions, then a plan")
            self.ax = ax
            self.findings = []
            self.conclusions = []
            for k, (y, name, question) in enumerate(zip(_ROW_Y, _NAMES, _QUESTIONS, strict=True)):
                color = SERIES[k]
                ax.add_patch(
                    Ellipse((0.55, y), 0.62, 0.9, facecolor=color, edgecolor="#222222", lw=0.8)
                )
                ax.text(
                    0.55,
                    y,
                    name[0],
                    ha="center",
                    va="center",
                    fontsize=15,
                    fontweight="bold",
                    color="#111111" if k == 1 else "white",
                )
                ax.text(
                    1.15, y + 0.45, name, ha="left", va="center", fontsize=10, fontweight="bold"
                )
                ax.text(
                    1.15, y + 0.05, question, ha="left", va="center", fontsize=8, color="#444444"
                )
                ax.add_patch(
                    FancyBboxPatch(
                        (4.0, y - 0.75),
                        5.9,
                        1.5,
                        boxstyle="round,pad=0.02,rounding_size=0.15",
                        facecolor="#F7F7F7",
                        edgecolor=color,
                        lw=1.6,
                    )
                )
                self.findings.append(
                    ax.text(4.15, y + 0.38, "", ha="left", va="center", fontsize=8.5)
                )
                self.conclusions.append(
                    ax.text(
                        4.15,
                        y - 0.3,
                        "",
                        ha="left",
                        va="center",
                        fontsize=8.5,
                        fontweight="bold",
                        color="#222222",
                    )
                )
                ax.add_patch(
                    FancyArrowPatch(
                        (3.0, y - 0.3),
                        (3.95, y - 0.3),
                        arrowstyle="-|>",
                        mutation_scale=12,
                        color="#666666",
                    )
                )
                if k < 3:
                    ax.add_patch(
                        FancyArrowPatch(
                            (0.55, y - 0.5),
                            (0.55, _ROW_Y[k + 1] + 0.5),
                            arrowstyle="-|>",
                            mutation_scale=12,
                            color="#666666",
                        )
                    )
            ax.add_patch(
                FancyBboxPatch(
                    (0.1, 0.1),
                    9.8,
                    1.4,
                    boxstyle="round,pad=0.02,rounding_size=0.15",
                    facecolor="#EEF6EE",
                    edgecolor=PALETTE["green"],
                    lw=2.0,
                )
            )
            ax.add_patch(
                FancyArrowPatch(
                    (0.55, _ROW_Y[-1] - 0.5),
                    (0.55, 1.55),
                    arrowstyle="-|>",
                    mutation_scale=12,
                    color="#666666",
                )
            )
            ax.text(0.3, 1.28, "Plan", ha="left", va="center", fontsize=10, fontweight="bold")
            self.plan = ax.text(0.3, 0.72, "", ha="left", va="center", fontsize=9)
        with course_style():
            self.fig.draw_without_rendering()
        # The boxes never move: keep this layout, so each update draws the figure only once.
        self.fig.set_layout_engine("none")

    def dynamic_artists(self) -> list:
        """The texts that change with the decision (everything else is static)."""
        return [*self.findings, *self.conclusions, self.plan]

    def update(self, decision: NomsDecision) -> Figure:
        """Show the findings, conclusions and plan of ``decision``."""
        if not isinstance(decision, NomsDecision) or len(decision.steps) != 4:
            raise ValueError("Give the NomsDecision returned by noms_decision().")
        for step, finding, conclusion in zip(
            decision.steps, self.findings, self.conclusions, strict=True
        ):
            finding.set_text(textwrap.fill(step.finding, 68))
            conclusion.set_text(textwrap.fill("→ " + step.conclusion, 68))
        plan = decision.recommendation
        if decision.debated:
            plan += " (Debated: discuss at the team meeting.)"
        self.plan.set_text(textwrap.fill(plan, 110))
        return self.fig
