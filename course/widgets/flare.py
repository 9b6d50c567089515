"""The flare-phenomenon widget (Module 3.1): a bone scan and its uptake over time after treatment.

Pick what really happens (effective treatment with flare, effective treatment without flare, or
progression) and move through the weeks after the start of treatment. The view shows the
baseline scan, the scan at the chosen week and the schematic time course of uptake, so that a
learner sees why a single early scan cannot tell flare from progression and a later scan can.

Pure compute (:func:`flare_state`) + pure plotting (:mod:`course.plotting.diagnosis`) + this thin
view. The curves are illustrations of the published description (flare from about 2 weeks to
3 months after starting effective treatment, rarely up to 6 months; Radiopaedia), not data.
"""

from __future__ import annotations

from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np

from course.plotting.diagnosis import (
    FLARE_COURSES,
    FlareCourse,
    draw_bone_scan,
    flare_new_lesions,
    flare_uptake,
)
from course.plotting.style import PALETTE, course_style, new_figure
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = ["FLARE_WINDOW_WEEKS", "FlareState", "FlareView", "flare_state"]

REFERENCES = (
    "Radiopaedia: Flare phenomenon (bone scintigraphy)",
    "Coleman R, et al. Bone health in cancer: ESMO Clinical Practice Guidelines. "
    "Ann Oncol 2020;31(12):1650-1663. doi:10.1016/j.annonc.2020.07.019",
)

#: Weeks after the start of treatment in which flare typically appears (about 2 weeks to 3
#: months; rarely up to 6 months). Radiopaedia, "Flare phenomenon (bone scintigraphy)".
FLARE_WINDOW_WEEKS: tuple[float, float] = (2.0, 13.0)
MAX_WEEKS = 36
#: Lesions seen before treatment, and lesions that become visible later.
KNOWN_LESIONS: tuple[str, ...] = ("T7", "L2", "right ilium", "sacrum", "right rib 4")
NEW_LESIONS: tuple[str, ...] = ("left rib 8", "T11", "left femur, upper shaft")
_BASELINE_DARKNESS = 0.62  # how dark a known lesion is on the baseline scan (0 to 1)


@dataclass(frozen=True)
class FlareState:
    """What the scan shows at one week, and what a reader can (and cannot) conclude."""

    course: str
    week: int
    uptake_ratio: float
    new_lesion_visibility: float
    scan_reading: str
    truth: str


def _reading(week: int, ratio: float, new: float) -> str:
    """What a reader sees on this scan alone (without knowing the true course)."""
    if week == 0:
        return "Baseline scan before treatment."
    seen_new = " and new spots have appeared" if new > 0.15 else ""
    if ratio > 1.05 or new > 0.15:
        change = f"uptake is {ratio:.1f} times baseline{seen_new}"
        if week <= FLARE_WINDOW_WEEKS[1]:
            return (
                f"Week {week}: {change}. This is inside the flare window (about 2 weeks to "
                "3 months after starting treatment), so the scan alone cannot tell healing "
                "(flare) from progression: look at symptoms and tumor markers, and repeat the "
                "scan later."
            )
        return (
            f"Week {week}: {change}, beyond the usual flare window. Uptake that keeps rising "
            "after about 3 to 6 months means progression."
        )
    if ratio < 0.95:
        return (
            f"Week {week}: uptake has fallen to {ratio:.1f} times baseline: the lesions are "
            "healing."
        )
    return f"Week {week}: uptake is about the same as at baseline ({ratio:.1f} times)."


_TRUTH = {
    "flare": (
        "What is really happening: the treatment works. The extra uptake is bone healing around "
        "responding metastases (flare); it fades on a later scan."
    ),
    "response": "What is really happening: the treatment works, and uptake falls without a flare.",
    "progression": (
        "What is really happening: the cancer is growing; uptake keeps rising and new lesions "
        "keep appearing."
    ),
}


def flare_state(week: int, *, course: FlareCourse) -> FlareState:
    """Uptake, new-lesion visibility and a reading of the scan at ``week`` for one course."""
    if isinstance(week, bool) or not isinstance(week, int | np.integer):
        raise ValueError(f"The week must be a whole number from 0 to {MAX_WEEKS}; got {week!r}.")
    if not 0 <= week <= MAX_WEEKS:
        raise ValueError(f"The week must be from 0 to {MAX_WEEKS}; got {week}.")
    ratio = float(flare_uptake(float(week), course=course))
    new = flare_new_lesions(float(week), course=course)
    return FlareState(
        course=course,
        week=int(week),
        uptake_ratio=ratio,
        new_lesion_visibility=new,
        scan_reading=_reading(int(week), ratio, new),
        truth=_TRUTH[course],
    )


class FlareView:
    """Baseline scan, scan at week t, and the uptake curve; choose the course and the week."""

    def __init__(self, *, course: FlareCourse = "flare", week: int = 6):
        self.controls = {
            "course": widgets.Dropdown(
                options=[(label, key) for key, (label, _clinical) in FLARE_COURSES.items()],
                value=course,
                description="What happens:",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            ),
            "week": widgets.IntSlider(
                value=week,
                min=0,
                max=MAX_WEEKS,
                step=1,
                description="Week:",
                continuous_update=False,
                layout=widgets.Layout(width="420px"),
            ),
        }
        self.result: FlareState | None = None
        self.status = widgets.HTML()
        self.reading = widgets.HTML()
        self._build_figure()
        animated = [self.ax_now.title, self.now_line, self.now_dot, self.highlight]
        for core, halo in self.scan.hot_spots.values():
            animated += [halo, core]
        self.pane = BlitPane(self.fig, animated)  # lays the figure out once; update() redraws
        self._update = guarded(self.update, self.status)
        for control in self.controls.values():
            control.observe(self._update, names="value")
        self.update()
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.controls["course"], self.controls["week"]]),
                self.status,
                self.pane.widget,
                self.reading,
                footer(REFERENCES),
            ]
        )

    def _build_figure(self) -> None:
        self.fig = new_figure(width_in=10.0, height_in=4.6)
        with course_style():
            grid = self.fig.add_gridspec(1, 3, width_ratios=[1.0, 1.0, 1.7])
            ax_base = self.fig.add_subplot(grid[0])
            ax_now = self.fig.add_subplot(grid[1])
            ax_curve = self.fig.add_subplot(grid[2])
        known = dict.fromkeys(KNOWN_LESIONS, _BASELINE_DARKNESS)
        draw_bone_scan(ax_base, hot_spots=known, extra_sites=NEW_LESIONS, title="Baseline scan")
        self.scan = draw_bone_scan(ax_now, hot_spots=known, extra_sites=NEW_LESIONS, title=" ")
        weeks = np.arange(0, MAX_WEEKS + 0.5, 0.5)
        with course_style():
            lo, hi = FLARE_WINDOW_WEEKS
            ax_curve.axvspan(lo, hi, facecolor="#F2F2F2", edgecolor="#BBBBBB", hatch="//", lw=0)
            ax_curve.text(
                (lo + hi) / 2, 3.45, "usual flare\nwindow", ha="center", va="top", fontsize=8
            )
            ax_curve.axhline(1.0, color="#777777", lw=0.9, ls=":")
            ax_curve.text(MAX_WEEKS, 1.03, "baseline", ha="right", va="bottom", fontsize=8)
            styles = {
                "flare": (PALETTE["orange"], "-", "o"),
                "response": (PALETTE["green"], "--", "s"),
                "progression": (PALETTE["vermillion"], "-.", "^"),
            }
            self.styles = styles
            self.weeks = weeks
            for key, (color, ls, marker) in styles.items():
                ax_curve.plot(
                    weeks,
                    flare_uptake(weeks, course=key),
                    color=color,
                    ls=ls,
                    marker=marker,
                    markevery=12,
                    ms=4,
                    lw=1.0,
                    alpha=0.55,
                    label=FLARE_COURSES[key][0],
                )
            (self.highlight,) = ax_curve.plot([], [], lw=3.0, zorder=3)
            self.now_line = ax_curve.axvline(0, color="black", lw=1.2)
            (self.now_dot,) = ax_curve.plot([], [], "o", ms=9, mfc="white", mec="black", mew=2)
            ax_curve.set_xlim(0, MAX_WEEKS)
            ax_curve.set_ylim(0, 3.5)
            ax_curve.set_xlabel("Weeks after starting treatment")
            ax_curve.set_ylabel("Uptake in known lesions\n(relative to baseline)")
            ax_curve.set_title("Uptake over time (schematic)")
            ax_curve.legend(loc="upper right", fontsize=7.5)
        self.ax_now = ax_now

    def update(self) -> None:
        course = self.controls["course"].value
        week = int(self.controls["week"].value)
        state = flare_state(week, course=course)
        dark = min(1.0, _BASELINE_DARKNESS * state.uptake_ratio)
        for site in KNOWN_LESIONS:
            self.scan.set_hot_spot(site, dark)
        for site in NEW_LESIONS:
            self.scan.set_hot_spot(site, 0.8 * state.new_lesion_visibility)
        self.ax_now.set_title(f"Scan at week {week}", fontsize=10)
        color, ls, marker = self.styles[course]
        self.highlight.set_data(self.weeks, flare_uptake(self.weeks, course=course))
        self.highlight.set(color=color, ls=ls, marker=marker, markevery=12, ms=6)
        self.now_line.set_xdata([week, week])
        self.now_dot.set_data([week], [state.uptake_ratio])
        self.pane.set_description(
            f"Left: the baseline bone scan with five dark spots (spine, ribs, pelvis). Middle: the "
            f"scan at week {week}, where the known spots are {state.uptake_ratio:.1f} times as "
            f"intense as at baseline"
            + (
                " and new spots are visible (left rib, lower thoracic spine, left femur)"
                if state.new_lesion_visibility > 0.15
                else ""
            )
            + f". Right: schematic uptake over 36 weeks for the three possible courses, with the "
            f"chosen course ({FLARE_COURSES[course][0]}) drawn thick and a dot at week {week}; "
            "the hatched band marks the usual flare window (2 weeks to 3 months)."
        )
        self.pane.refresh()
        clinical = FLARE_COURSES[course][1]
        self.reading.value = (
            f"<div style='margin:4px 0'><b>Reading this scan:</b> {state.scan_reading}<br>"
            f"<b>Clinical picture:</b> {clinical}.<br><i>{state.truth}</i></div>"
        )
        self.result = state
