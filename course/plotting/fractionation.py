"""BED and EQD2 of radiotherapy schedules, side by side, as grouped bar charts (Module 5.1).

:class:`FractionationChart` owns one Figure with two panels (BED on the left, EQD2 on the right)
and a fixed pool of bars, so a widget can update heights, labels and limits in place instead of
redrawing the figure. Data in (labels and numbers), Figure out; no computation of doses here.
"""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course.plotting.style import HATCHES, SERIES, course_style, new_figure

#: Tissues in the order they are drawn, with their bar style (color + hatch).
TISSUE_STYLE: tuple[tuple[str, str, str], ...] = (
    ("tumor", SERIES[0], HATCHES[0]),
    ("late-responding tissue", SERIES[1], HATCHES[1]),
    ("spinal cord", SERIES[3], HATCHES[2]),
)

#: Above this dose per fraction the LQ model is debated (quantitative models section 2).
LQ_DEBATED_ABOVE_GY = 8.0


def _wrap(label: str) -> str:
    """Break a schedule label over lines so that eight of them fit under the bars."""
    return (
        label.replace(": ", ":\n")
        .replace(" / ", "\n/ ")
        .replace(" x ", "\nx ")
        .replace(" (", "\n(")
    )


class FractionationChart:
    """Two panels of grouped bars: BED and EQD2 for each schedule and tissue.

    Args:
        max_schedules: the largest number of schedules shown at once (bars are pre-allocated).
    """

    def __init__(self, *, max_schedules: int = 8):
        if isinstance(max_schedules, bool) or not isinstance(max_schedules, int):
            raise ValueError(f"max_schedules must be a whole number; got {max_schedules!r}.")
        if max_schedules < 1:
            raise ValueError(f"max_schedules must be 1 or more; got {max_schedules}.")
        self.max_schedules = max_schedules
        #: The schedule labels shown (the x axes change only when these change).
        self.labels: tuple[str, ...] = ()
        self.fig: Figure = new_figure(width_in=10.0, height_in=4.6)
        with course_style():
            self.axes = self.fig.subplots(1, 2, sharey=False)
        width = 0.26
        self.bars: dict[str, list] = {"bed": [], "eqd2": []}
        positions = list(range(max_schedules))
        for ax, metric in zip(self.axes, ("bed", "eqd2"), strict=True):
            for k, (tissue, color, hatch) in enumerate(TISSUE_STYLE):
                offset = (k - 1) * width
                container = ax.bar(
                    [p + offset for p in positions],
                    [0.0] * max_schedules,
                    width=width,
                    color=color,
                    hatch=hatch,
                    edgecolor="#333333",
                    linewidth=0.6,
                    label=tissue,
                )
                self.bars[metric].append(container)
            ax.set_xticks(positions)
            ax.grid(axis="x", visible=False)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=6))
        with course_style():
            bed_ax, eqd2_ax = self.axes
            bed_ax.set_title("BED: biologically effective dose")
            bed_ax.set_ylabel("BED (Gy)")
            eqd2_ax.set_title("EQD2: equivalent dose in 2-Gy fractions")
            eqd2_ax.set_ylabel("EQD2 (Gy)")
            for ax in self.axes:
                ax.set_xlabel("Schedule (total dose / fractions)")
            self.legend = self.fig.legend(
                handles=self.bars["bed"],
                labels=[t for t, _, _ in TISSUE_STYLE],
                loc="outside upper center",
                ncols=3,
                title="Tissue",
            )
        self.fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
        self.note = self.fig.text(
            0.01, 0.005, "", ha="left", va="bottom", fontsize=8.5, color="#222222"
        )
        self.fig.text(
            0.99,
            0.005,
            "* more than 8 Gy per fraction: the LQ model is debated there (a rough guide only)",
            ha="right",
            va="bottom",
            fontsize=8.5,
            color="#444444",
        )
        self._freeze_layout()

    def _freeze_layout(self) -> None:
        """Lay the figure out once for the widest content, then keep that layout.

        Constrained layout costs a full extra draw per render; with the layout fixed, an update
        redraws once. The widest content is every slot filled with a three-line label.
        """
        n = self.max_schedules
        self.update(
            ["888 Gy / 88 (SBRT)"] * n,
            [[888.0] * 3] * n,
            [[888.0] * 3] * n,
            alpha_beta_gy=[10.0, 10.0, 10.0],
            debated=[True] * n,
        )
        with course_style():
            self.fig.draw_without_rendering()
        self.fig.set_layout_engine("none")

    def dynamic_artists(self) -> list:
        """Artists that change with the numbers: the y axes (ticks, grid), bars and the note.

        The y axes come first so that the grid is drawn under the bars. The x axes (schedule
        labels) change only when the choice of schedules changes (see :attr:`labels`, a key for
        cached backgrounds); the legend, titles and axis labels never change.
        """
        artists: list = [ax.yaxis for ax in self.axes]
        for metric in ("bed", "eqd2"):
            for container in self.bars[metric]:
                artists += list(container.patches)
        return [*artists, self.note]

    def update(
        self,
        labels: Sequence[str],
        bed_gy: Sequence[Sequence[float]],
        eqd2_gy: Sequence[Sequence[float]],
        *,
        alpha_beta_gy: Sequence[float],
        debated: Sequence[bool] | None = None,
    ) -> Figure:
        """Show ``labels`` with their BED and EQD2 per tissue.

        Args:
            labels: schedule labels, one per group of bars.
            bed_gy, eqd2_gy: one row per schedule, one value per tissue (tumor, late-responding
                tissue, spinal cord).
            alpha_beta_gy: the three alpha/beta values in Gy, shown in the legend.
            debated: per schedule, True when its dose per fraction is above the range where the
                LQ model is trusted; such schedules get an asterisk.
        """
        n = len(labels)
        if not 1 <= n <= self.max_schedules:
            raise ValueError(
                f"Choose between 1 and {self.max_schedules} schedules to compare; got {n}."
            )
        if len(bed_gy) != n or len(eqd2_gy) != n:
            raise ValueError("Give one row of BED and one row of EQD2 values per schedule.")
        if len(alpha_beta_gy) != len(TISSUE_STYLE):
            raise ValueError("Give three alpha/beta values: tumor, late-responding tissue, cord.")
        flags = list(debated) if debated is not None else [False] * n
        self.labels = tuple(labels)
        for metric, values in (("bed", bed_gy), ("eqd2", eqd2_gy)):
            for k, container in enumerate(self.bars[metric]):
                for i, rect in enumerate(container.patches):
                    if i < n:
                        rect.set_height(float(values[i][k]))
                        rect.set_visible(True)
                    else:
                        rect.set_height(0.0)
                        rect.set_visible(False)
        tick_labels = [
            _wrap(label) + (" *" if flag else "") for label, flag in zip(labels, flags, strict=True)
        ]
        for ax, values in zip(self.axes, (bed_gy, eqd2_gy), strict=True):
            top = max(max(row) for row in values)
            ax.set_xticks(range(n), tick_labels, fontsize=8)
            ax.set_xlim(-0.6, n - 0.4)
            ax.set_ylim(0, top * 1.12)
        values = ", ".join(
            f"{short} {ab:g}"
            for short, ab in zip(("tumor", "late", "cord"), alpha_beta_gy, strict=True)
        )
        note = f"α/β (Gy): {values}"
        self.note.set_text(note)
        return self.fig
