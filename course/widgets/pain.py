"""The pain-diary view of notebook 6.1, "Managing pain".

The simulation itself (the synthetic patient, the plans and the diary, with the teaching
assumptions and their sources) is pure and lives in :mod:`course.models.pain`; this module only
draws it and wires the controls. For education only, not for clinical decisions.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from course.models.pain import (
    HOURS_PER_DAY,
    PLAN_CHANGE_DAY,
    REFERENCE,
    REVIEW_RULE_PER_DAY,
    STARTING_PLAN,
    PainDiary,
    PainPlan,
    Schedule,
    WhoStep,
    simulate_pain_diary,
    synthetic_pain_patient,
)
from course.plotting.pain import pain_diary_figure, update_pain_diary
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = ["PainDiaryView"]

# ---------------------------------------------------------------------------------------------
# The view
# ---------------------------------------------------------------------------------------------


_SCHEDULE_OPTIONS = (
    ("Only when the pain is bad (as needed)", "as_needed"),
    ("By the clock (regularly) + rescue doses", "by_the_clock"),
)
_STEP_OPTIONS = (
    ("Step 1: non-opioid", "non_opioid"),
    ("Step 2: weak opioid + non-opioid", "weak_opioid"),
    ("Step 3: strong opioid + non-opioid", "strong_opioid"),
)


class PainDiaryView:
    """Try plan changes on a synthetic patient's pain diary (a teaching simulation).

    ``controls``: ``schedule``, ``who_step`` and the checkboxes ``pre_emptive``,
    ``neuropathic_adjuvant``, ``radiotherapy`` and ``laxative``. ``result``: the last
    :class:`PainDiary`. ``widget``: the root container to display.
    """

    def __init__(
        self,
        *,
        seed: int = 7,
        schedule: Schedule = "as_needed",
        who_step: WhoStep = "non_opioid",
        pre_emptive: bool = False,
        neuropathic_adjuvant: bool = False,
        radiotherapy: bool = False,
        laxative: bool = False,
    ):
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0; got {seed!r}.")
        initial = PainPlan(
            schedule=schedule,
            who_step=who_step,
            pre_emptive=pre_emptive,
            neuropathic_adjuvant=neuropathic_adjuvant,
            radiotherapy=radiotherapy,
            laxative=laxative,
        )
        self.patient = synthetic_pain_patient(np.random.default_rng(seed))
        self.reference = simulate_pain_diary(self.patient, STARTING_PLAN)
        wide = widgets.Layout(width="auto")
        style = {"description_width": "initial"}
        self.controls: dict[str, widgets.Widget] = {
            "schedule": widgets.RadioButtons(
                options=_SCHEDULE_OPTIONS,
                value=initial.schedule,
                description="Regular painkiller taken:",
                style=style,
                layout=wide,
            ),
            "who_step": widgets.Dropdown(
                options=_STEP_OPTIONS,
                value=initial.who_step,
                description="WHO ladder step:",
                style=style,
                layout=widgets.Layout(width="360px"),
            ),
            "pre_emptive": widgets.Checkbox(
                value=initial.pre_emptive,
                description="Planned dose before predictable activity",
                indent=False,
                layout=wide,
            ),
            "neuropathic_adjuvant": widgets.Checkbox(
                value=initial.neuropathic_adjuvant,
                description="Adjuvant for the nerve-pain component",
                indent=False,
                layout=wide,
            ),
            "radiotherapy": widgets.Checkbox(
                value=initial.radiotherapy,
                description="Radiotherapy 8 Gy x 1 to the painful vertebra (day 5)",
                indent=False,
                layout=wide,
            ),
            "laxative": widgets.Checkbox(
                value=initial.laxative,
                description="Laxative started with an opioid",
                indent=False,
                layout=wide,
            ),
        }
        ref = self.reference
        self.artists = pain_diary_figure(
            time_days=ref.time_days,
            reference_score=ref.score,
            reference_doses_per_day=ref.doses_per_day,
            change_day=PLAN_CHANGE_DAY,
            review_rule_per_day=REVIEW_RULE_PER_DAY,
        )
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        self.result: PainDiary = ref
        self._draw(simulate_pain_diary(self.patient, initial))
        self.pane = BlitPane(
            self.artists.fig,
            self.artists.dynamic,
            description=self._describe(),
            width_px=780,
        )
        header = widgets.HTML(
            "<b>Pain diary: a teaching simulation.</b> A synthetic patient, illustrative "
            "numbers, no doses: try plan changes and compare week 2 with the starting plan "
            "(grey). Not a model of any real patient or drug."
        )
        left = widgets.VBox([self.controls["schedule"], self.controls["who_step"]])
        right = widgets.VBox(
            [
                self.controls["pre_emptive"],
                self.controls["neuropathic_adjuvant"],
                self.controls["radiotherapy"],
                self.controls["laxative"],
            ]
        )
        self.widget = widgets.VBox(
            [
                header,
                widgets.HBox([left, right]),
                self.status,
                self.pane.widget,
                self.summary,
                footer(REFERENCE),
            ]
        )
        handler = guarded(self.update, self.status)
        for control in self.controls.values():
            control.observe(handler, names="value")

    def plan(self) -> PainPlan:
        """The plan the controls describe."""
        c = self.controls
        return PainPlan(
            schedule=c["schedule"].value,
            who_step=c["who_step"].value,
            pre_emptive=c["pre_emptive"].value,
            neuropathic_adjuvant=c["neuropathic_adjuvant"].value,
            radiotherapy=c["radiotherapy"].value,
            laxative=c["laxative"].value,
        )

    def update(self) -> None:
        """Recompute the diary for the current controls and redraw in place."""
        self._draw(simulate_pain_diary(self.patient, self.plan()))
        self.pane.set_description(self._describe())
        self.pane.refresh()

    def _draw(self, diary: PainDiary) -> None:
        self.result = diary
        score = diary.score
        update_pain_diary(
            self.artists,
            score=score,
            rescue_times=[h / HOURS_PER_DAY for h in diary.dose_hours],
            rescue_scores=[score[h] for h in diary.dose_hours],
            planned_times=[h / HOURS_PER_DAY for h in diary.planned_hours],
            planned_scores=[score[h] for h in diary.planned_hours],
            doses_per_day=diary.doses_per_day,
            planned_per_day=diary.planned_per_day,
            radiotherapy_day=diary.radiotherapy_day,
        )
        ref = self.reference
        rows = [
            ("Mean pain score, week 2 (0-10)", diary.week2_mean_score, ref.week2_mean_score),
            (
                "Hours with pain 7 or more, week 2 (%)",
                diary.week2_severe_percent,
                ref.week2_severe_percent,
            ),
            (
                "Doses because pain was bad, per day, week 2",
                diary.week2_doses_per_day,
                ref.week2_doses_per_day,
            ),
        ]
        table = "".join(
            f"<tr><td>{html.escape(name)}</td><td style='text-align:right'><b>{mine:g}</b></td>"
            f"<td style='text-align:right'>{theirs:g}</td></tr>"
            for name, mine, theirs in rows
        )
        notes = "".join(f"<li>{html.escape(n)}</li>" for n in diary.notes)
        self.summary.value = (
            "<table style='border-collapse:collapse'><tr><th></th><th>Your plan</th>"
            f"<th>Starting plan</th></tr>{table}</table>"
            f"<b>What this plan shows</b><ul>{notes}</ul>"
        )

    def _describe(self) -> str:
        d, ref = self.result, self.reference
        rt = (
            " A dash-dotted line marks radiotherapy on day 5."
            if d.radiotherapy_day is not None
            else ""
        )
        return (
            "Top: hourly pain scores (0-10) over 14 days; days 1-3 (grey band) follow the "
            "starting plan, then your plan (solid line) is compared with the starting plan "
            "continued (dashed grey line). Triangles mark doses taken because pain was bad, "
            f"diamonds planned doses before activity.{rt} Bottom: doses per day, starting plan "
            "(hatched outline) beside your plan (solid, with planned doses stacked on top). "
            f"Week 2: mean pain {d.week2_mean_score:g} with your plan versus "
            f"{ref.week2_mean_score:g} with the starting plan; {d.week2_severe_percent:g}% versus "
            f"{ref.week2_severe_percent:g}% of hours at 7 or more; {d.week2_doses_per_day:g} "
            f"versus {ref.week2_doses_per_day:g} doses a day because pain was bad."
        )
