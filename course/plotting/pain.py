"""Figures for the pain lesson (notebook 6.1): the WHO analgesic ladder and a pain diary.

- :func:`who_ladder_figure` draws the three-step WHO analgesic ladder for cancer pain (WHO
  cancer pain ladder page; Pallipedia, "WHO analgesic method"), with its principles.
- :func:`pain_diary_figure` draws a synthetic patient's pain diary: hourly pain scores (0-10)
  with the doses taken on demand marked on the curve, and doses on demand per day as bars. It
  returns the artists so that a widget can update them in place (:func:`update_pain_diary`).

Pure matplotlib (data in, Figure out); nothing here touches pyplot's global state. Every series
pairs its color with a line style, marker or hatch and a legend label, so no meaning depends on
color alone. For education only, not for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

from course.plotting.style import GRID, PALETTE, course_style, new_figure

__all__ = [
    "WHO_LADDER_REFERENCE",
    "PainDiaryArtists",
    "who_ladder_figure",
    "pain_diary_figure",
    "update_pain_diary",
]

WHO_LADDER_REFERENCE = (
    "World Health Organization. WHO's cancer pain ladder for adults (web page); Pallipedia, "
    "WHO analgesic method."
)

#: The three steps as drawn: (title, drugs, fill color, hatch).
_STEPS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Step 1\nnon-opioid",
        "paracetamol\n(acetaminophen)\nor an NSAID\n± adjuvant",
        "#D8ECF7",
        "",
    ),
    (
        "Step 2\nweak opioid",
        "codeine, tramadol\n+ non-opioid\n± adjuvant",
        "#FBE3B5",
        "//",
    ),
    (
        "Step 3\nstrong opioid",
        "morphine and others,\ntitrated to effect\n+ non-opioid\n± adjuvant",
        "#F6C9AE",
        "..",
    ),
)


def who_ladder_figure() -> Figure:
    """The WHO three-step analgesic ladder as a staircase, with the five principles beside it.

    Each step is a labelled block (fill paired with its own hatch); an arrow shows the move up
    when pain persists or increases, until the patient is free of pain. Adjuvants may be added
    at any step (WHO).
    """
    fig = new_figure(width_in=9.0, height_in=4.4)
    label_box = {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none"}
    with course_style():
        ax = fig.add_subplot(1, 1, 1)
        ax.set_xlim(0, 14.6)
        ax.set_ylim(0, 6.4)
        ax.axis("off")
        ax.set_title("The WHO analgesic ladder for cancer pain (WHO)")
        width, rise = 3.3, 1.35
        for n, (title, drugs, face, hatch) in enumerate(_STEPS):
            x0 = 0.2 + n * width
            height = rise * (n + 1.6)
            ax.add_patch(
                Rectangle(
                    (x0, 0.3),
                    width - 0.1,
                    height,
                    facecolor=face,
                    edgecolor="#555555",
                    hatch=hatch,
                    linewidth=1.0,
                )
            )
            center = x0 + (width - 0.1) / 2
            top = 0.3 + height
            ax.text(
                center,
                top - 0.15,
                title,
                ha="center",
                va="top",
                fontsize=9,
                fontweight="bold",
                bbox=label_box,
            )
            ax.text(center, top - 0.95, drugs, ha="center", va="top", fontsize=8.5, bbox=label_box)
        ax.add_patch(
            FancyArrowPatch(
                (0.4, 3.0),
                (7.3, 5.75),
                arrowstyle="-|>",
                mutation_scale=18,
                color=PALETTE["black"],
                linewidth=1.4,
            )
        )
        ax.text(
            1.9,
            4.35,
            "pain persisting or\nincreasing: move up",
            ha="center",
            va="center",
            fontsize=8.5,
        )
        ax.text(
            8.45,
            5.95,
            "until free of pain",
            ha="center",
            va="center",
            fontsize=8.5,
            fontstyle="italic",
        )
        principles = (
            "Five principles (WHO):\n"
            "1. by mouth\n"
            "2. by the clock (regularly,\n    not only when pain is bad)\n"
            "3. by the ladder\n"
            "4. for the individual\n"
            "5. with attention to detail\n\n"
            "Rescue doses for\nbreakthrough pain,\non top of the regular ones."
        )
        ax.text(
            10.4,
            5.6,
            principles,
            ha="left",
            va="top",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.4", "facecolor": "#F4F4F4", "edgecolor": GRID},
        )
    return fig


@dataclass
class PainDiaryArtists:
    """The artists of a pain-diary figure that :func:`update_pain_diary` changes in place."""

    fig: Figure
    ax_score: Axes
    ax_doses: Axes
    line: Line2D
    rescue_markers: PathCollection
    planned_markers: PathCollection
    bars: BarContainer
    planned_bars: BarContainer
    radiotherapy_line: Line2D
    radiotherapy_label: Text
    days: int
    doses_top: float

    @property
    def dynamic(self) -> list[Artist]:
        """The artists :func:`update_pain_diary` changes, in drawing order."""
        return [
            *self.bars.patches,
            *self.planned_bars.patches,
            self.radiotherapy_line,
            self.radiotherapy_label,
            self.line,
            self.rescue_markers,
            self.planned_markers,
        ]


def pain_diary_figure(
    *,
    time_days: Sequence[float],
    reference_score: Sequence[float],
    reference_doses_per_day: Sequence[int],
    change_day: float,
    review_rule_per_day: float = 4,
) -> PainDiaryArtists:
    """A two-panel pain diary: hourly scores (top) and doses on demand per day (bottom).

    The reference series (the starting plan, continued unchanged) is drawn once in grey; the
    current plan's series are drawn empty and filled by :func:`update_pain_diary`.

    Args:
        time_days: time of each score in days since the diary started (e.g. hourly steps).
        reference_score: pain scores 0-10 of the starting plan, same length as ``time_days``.
        reference_doses_per_day: doses on demand per day of the starting plan.
        change_day: the day (time in days) from which the learner's plan applies.
        review_rule_per_day: height of the dashed guide line in the lower panel.
    """
    t = np.asarray(time_days, dtype=float)
    ref = np.asarray(reference_score, dtype=float)
    ref_doses = np.asarray(reference_doses_per_day, dtype=float)
    if t.shape != ref.shape or t.ndim != 1 or t.size == 0:
        raise ValueError("time_days and reference_score must be 1-D sequences of equal length.")
    days = int(ref_doses.size)
    fig = new_figure(width_in=8.6, height_in=5.6)
    with course_style():
        ax, ax2 = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2.6, 1.0]})
        ax.axvspan(0, change_day, color="#EDEDED", zorder=0)
        ax.text(
            change_day / 2,
            1.01,
            "Days 1-3: starting plan",
            transform=ax.get_xaxis_transform(),
            ha="center",
            va="bottom",
            fontsize=8.5,
            color="#333333",
        )
        ax.text(
            change_day + 0.15,
            1.01,
            "From day 4: your plan",
            transform=ax.get_xaxis_transform(),
            ha="left",
            va="bottom",
            fontsize=8.5,
            color="#333333",
        )
        ax.plot(
            t,
            ref,
            color="#9A9A9A",
            linestyle="--",
            linewidth=0.8,
            label="Starting plan continued (painkiller only when pain is bad)",
        )
        (line,) = ax.plot(
            t, ref, color=PALETTE["blue"], linewidth=1.3, label="Your plan: pain score"
        )
        rescue = ax.scatter(
            [],
            [],
            marker="v",
            s=34,
            color=PALETTE["vermillion"],
            edgecolor="black",
            linewidth=0.4,
            zorder=4,
            label="Dose taken because pain was bad",
        )
        planned = ax.scatter(
            [],
            [],
            marker="D",
            s=26,
            color=PALETTE["green"],
            edgecolor="black",
            linewidth=0.4,
            zorder=4,
            label="Planned dose before an activity",
        )
        rt_line = ax.axvline(
            np.nan, color=PALETTE["purple"], linestyle="-.", linewidth=1.6, visible=False
        )
        rt_label = ax.text(
            0,
            0.25,
            "Radiotherapy\n8 Gy × 1",
            fontsize=8,
            color="#6B2D57",
            ha="left",
            va="bottom",
            visible=False,
        )
        ax.set_ylim(0, 10.5)
        ax.set_yticks(range(0, 11, 2))
        ax.set_ylabel("Pain score (0-10)")
        ax.set_title("Pain diary of a synthetic patient (teaching simulation)", pad=20)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=8)

        centers = np.arange(days) + 0.5
        ax2.bar(
            centers - 0.2,
            ref_doses,
            width=0.38,
            facecolor="white",
            edgecolor="#7A7A7A",
            hatch="///",
            label="Starting plan (pain was bad)",
        )
        bars = ax2.bar(
            centers + 0.2,
            np.zeros(days),
            width=0.38,
            facecolor=PALETTE["blue"],
            edgecolor="black",
            linewidth=0.5,
            label="Your plan: pain was bad",
        )
        planned_bars = ax2.bar(
            centers + 0.2,
            np.zeros(days),
            width=0.38,
            bottom=np.zeros(days),
            facecolor=PALETTE["green"],
            edgecolor="black",
            hatch="..",
            linewidth=0.5,
            label="Your plan: planned, before activity",
        )
        ax2.axhline(review_rule_per_day, color="black", linestyle=":", linewidth=1.0)
        ax2.text(
            days + 0.1,
            review_rule_per_day,
            f"{review_rule_per_day:g} a day",
            ha="left",
            va="center",
            fontsize=8,
            clip_on=False,
        )
        top = max(13.0, float(ref_doses.max()) + 5.0)
        ax2.set_ylim(0, top)
        ax2.set_ylabel("Doses on\ndemand per day")
        ax2.set_xlabel("Day of the diary")
        ax2.set_xlim(0, days)
        ax2.set_xticks(centers)
        ax2.set_xticklabels([str(d + 1) for d in range(days)])
        ax2.legend(loc="upper left", ncol=3, fontsize=8)
        for a in (ax, ax2):
            a.set_xticks(np.arange(days + 1), minor=True)
            a.grid(False, axis="x")
            a.grid(True, axis="x", which="minor", color=GRID, linewidth=0.6)
    return PainDiaryArtists(
        fig=fig,
        ax_score=ax,
        ax_doses=ax2,
        line=line,
        rescue_markers=rescue,
        planned_markers=planned,
        bars=bars,
        planned_bars=planned_bars,
        radiotherapy_line=rt_line,
        radiotherapy_label=rt_label,
        days=days,
        doses_top=top,
    )


def _points(times: Sequence[float], scores: Sequence[float]) -> np.ndarray:
    t = np.asarray(times, dtype=float)
    s = np.asarray(scores, dtype=float)
    if t.size == 0:
        return np.empty((0, 2))
    return np.column_stack([t, s])


def update_pain_diary(
    artists: PainDiaryArtists,
    *,
    score: Sequence[float],
    rescue_times: Sequence[float],
    rescue_scores: Sequence[float],
    planned_times: Sequence[float],
    planned_scores: Sequence[float],
    doses_per_day: Sequence[int],
    planned_per_day: Sequence[int],
    radiotherapy_day: float | None,
) -> None:
    """Show the current plan: update the curve, markers, bars and radiotherapy mark in place.

    ``doses_per_day`` (doses taken because pain was bad) and ``planned_per_day`` (planned doses
    before an activity) are stacked in the lower panel.
    """
    artists.line.set_ydata(np.asarray(score, dtype=float))
    artists.rescue_markers.set_offsets(_points(rescue_times, rescue_scores))
    artists.planned_markers.set_offsets(_points(planned_times, planned_scores))
    heights = np.asarray(doses_per_day, dtype=float)
    planned = np.asarray(planned_per_day, dtype=float)
    if heights.size != artists.days or planned.size != artists.days:
        raise ValueError(
            f"doses_per_day and planned_per_day need {artists.days} values each, "
            f"got {heights.size} and {planned.size}."
        )
    for bar, h in zip(artists.bars.patches, heights, strict=True):
        bar.set_height(h)
        bar.set_visible(h > 0)
    for bar, h, bottom in zip(artists.planned_bars.patches, planned, heights, strict=True):
        bar.set_y(bottom)
        bar.set_height(h)
        bar.set_visible(h > 0)
    visible = radiotherapy_day is not None
    artists.radiotherapy_line.set_visible(visible)
    artists.radiotherapy_label.set_visible(visible)
    if visible:
        artists.radiotherapy_line.set_xdata([radiotherapy_day, radiotherapy_day])
        artists.radiotherapy_label.set_x(radiotherapy_day + 0.08)
