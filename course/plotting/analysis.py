"""Figures for instructors' item analysis: difficulty against discrimination, and choices."""

from __future__ import annotations

import math

from matplotlib.figure import Figure

from course.plotting.style import MARKERS, PALETTE, course_style, new_figure


def item_map_figure(stats, *, title: str = "Item analysis") -> Figure:
    """Each item as a point: difficulty (x) against point-biserial discrimination (y).

    Flagged items are drawn as vermillion squares with their id; the others as blue circles. The
    shaded band marks discrimination below 0.2 (weak); below 0 the item works backwards.
    """
    fig = new_figure(width_in=7.5, height_in=4.5)
    with course_style():
        ax = fig.add_subplot()
        ax.axhspan(-1, 0.2, color="#F2F2F2", zorder=0)
        ax.axhline(0, color=PALETTE["black"], lw=0.8)
        for s in stats:
            if s.point_biserial is None or math.isnan(s.difficulty):
                continue
            flagged = bool(s.flags)
            ax.scatter(
                s.difficulty,
                s.point_biserial,
                marker=MARKERS[1] if flagged else MARKERS[0],
                color=PALETTE["vermillion"] if flagged else PALETTE["blue"],
                s=60 if flagged else 35,
                zorder=3,
            )
            if flagged:
                ax.annotate(
                    s.item_id,
                    (s.difficulty, s.point_biserial),
                    xytext=(4, 4),
                    textcoords="offset points",
                    fontsize=8,
                )
        ax.set_xlim(-0.02, 1.02)
        ax.set_ylim(-1, 1)
        ax.set_xlabel("difficulty p (proportion of points earned; 1 = everyone right)")
        ax.set_ylabel("discrimination (point-biserial r)")
        ax.set_title(title)
        ax.text(0.01, -0.95, "squares with labels: flagged items", fontsize=8, va="bottom")
    return fig


def choices_figure(stat) -> Figure:
    """Bar chart of how many students chose each option of one single-best-answer item."""
    fig = new_figure(width_in=5.5, height_in=3.0)
    with course_style():
        ax = fig.add_subplot()
        keys = [k for k in stat.choices if stat.choices[k] or len(k) == 1]
        counts = [stat.choices[k] for k in keys]
        bars = ax.bar(keys, counts, color=PALETTE["sky"], edgecolor=PALETTE["black"])
        ax.bar_label(bars)
        ax.set_xlabel("option chosen")
        ax.set_ylabel("students")
        ax.set_title(f"Choices for {stat.item_id}")
    return fig


def mastery_figure(mastery: dict[str, float]) -> Figure:
    """Horizontal bars: the class's mean proportion of points per learning objective."""
    items = sorted(mastery.items(), key=lambda kv: kv[1])
    fig = new_figure(width_in=7.5, height_in=0.45 * len(items) + 1.2)
    with course_style():
        ax = fig.add_subplot()
        labels = [k if len(k) <= 60 else k[:57] + "..." for k, _ in items]
        bars = ax.barh(labels, [v for _, v in items], color=PALETTE["green"])
        ax.bar_label(bars, labels=[f"{v:.0%}" for _, v in items], padding=3, fontsize=8)
        ax.set_xlim(0, 1.1)
        ax.set_xlabel("mastery (mean proportion of points)")
        ax.set_title("Mastery by learning objective")
    return fig
