"""Figures of the remodeling models (Komarova 2003; Ayati 2010 with a tumor and treatment).

Each figure is a small class that owns one matplotlib Figure and its artists, so a widget can
update line data in place (:meth:`update`) and render quickly (:meth:`png`, blitting through
:class:`course.plotting.blit.BlitRenderer`). Data in (model results), Figure out; the models are
solved elsewhere (:mod:`course.models.remodeling`).

- :class:`KomarovaFigure`: osteoclasts, osteoblasts and bone mass over time (left, sharing the
  time axis) and the phase plane osteoclasts vs osteoblasts (right), with the steady state, the
  start and the end of the run, and markers at the osteoclast low point, the osteoblast peak and
  the bone-mass minimum.
- :class:`TumorFigure`: tumor size, bone mass, osteoclasts and osteoblasts of the Ayati model,
  treated (solid) against untreated (dashed), with the treatment period shaded and hatched.

Colors are Okabe-Ito; every series is also told apart by line style, marker or its own panel.
For education only, not for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import MaxNLocator

from course.plotting.blit import BlitRenderer, sticky_limits
from course.plotting.style import PALETTE, new_figure

__all__ = [
    "KOMAROVA_COLORS",
    "KomarovaFigure",
    "TumorFigure",
    "feature_index",
]

KOMAROVA_COLORS = {
    "osteoclasts": PALETTE["vermillion"],
    "osteoblasts": PALETTE["blue"],
    "bone": PALETTE["black"],
    "phase": PALETTE["purple"],
    "tumor": PALETTE["orange"],
    "reference": "#7F7F7F",
}
_STEADY_STYLE = dict(color="#555555", linestyle="--", linewidth=1.0)


def feature_index(values: Sequence[float] | np.ndarray, kind: str) -> int:
    """Index of the minimum (``kind="min"``) or maximum (``kind="max"``) of a series."""
    array = np.asarray(values, dtype=float)
    if array.size == 0:
        raise ValueError("The series is empty, so it has no minimum or maximum.")
    if kind == "min":
        return int(np.argmin(array))
    if kind == "max":
        return int(np.argmax(array))
    raise ValueError(f"kind must be 'min' or 'max', but {kind!r} was given.")


def _limits_from(values: np.ndarray) -> tuple[float, float]:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0, 1.0
    return float(finite.min()), float(finite.max())


class KomarovaFigure:
    """Time courses and phase plane of one Komarova run; update in place with :meth:`update`.

    ``result`` is a :class:`course.models.remodeling.RemodelingResult` (or any object with
    ``t``, ``osteoclasts``, ``osteoblasts``, ``bone_mass`` and ``steady_state``).
    """

    def __init__(
        self,
        result,
        *,
        t_end_days: float | None = None,
        width_in: float = 9.6,
        height_in: float = 5.8,
    ):
        fig = new_figure(width_in=width_in, height_in=height_in)
        fig.set_layout_engine(None)  # fixed positions: the layout never moves while blitting
        grid = fig.add_gridspec(
            3,
            2,
            left=0.085,
            right=0.985,
            top=0.80,
            bottom=0.09,
            hspace=0.22,
            wspace=0.26,
            width_ratios=[1.2, 1.0],
        )
        ax_oc = fig.add_subplot(grid[0, 0])
        ax_ob = fig.add_subplot(grid[1, 0], sharex=ax_oc)
        ax_bone = fig.add_subplot(grid[2, 0], sharex=ax_oc)
        ax_phase = fig.add_subplot(grid[:, 1])
        self.fig: Figure = fig
        self.axes = {
            "osteoclasts": ax_oc,
            "osteoblasts": ax_ob,
            "bone": ax_bone,
            "phase": ax_phase,
        }
        fig.suptitle("Komarova 2003 model: one site of bone remodeling", fontweight="bold")
        c = KOMAROVA_COLORS
        ax_oc.set_ylabel("osteoclasts\n(cells)")
        ax_ob.set_ylabel("osteoblasts\n(cells)")
        ax_bone.set_ylabel("bone mass\n(% of start)")
        ax_bone.set_xlabel("time (days)")
        for ax in (ax_oc, ax_ob):
            ax.tick_params(labelbottom=False)
        ax_oc.set_title("Cells and bone mass over time", fontsize=11)
        ax_phase.set_title("Phase plane", fontsize=11)
        ax_phase.set_xlabel("osteoclasts (cells)")
        ax_phase.set_ylabel("osteoblasts (cells)")
        for ax in (ax_oc, ax_ob, ax_bone):
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
        for axis in (ax_phase.xaxis, ax_phase.yaxis):
            axis.set_major_locator(MaxNLocator(nbins=5))

        self.lines = {
            "osteoclasts": ax_oc.plot([], [], color=c["osteoclasts"], lw=1.8)[0],
            "osteoblasts": ax_ob.plot([], [], color=c["osteoblasts"], lw=1.8)[0],
            "bone": ax_bone.plot([], [], color=c["bone"], lw=1.8)[0],
            "phase": ax_phase.plot([], [], color=c["phase"], lw=1.5)[0],
        }
        self.steady = {
            "osteoclasts": ax_oc.axhline(0.0, **_STEADY_STYLE),
            "osteoblasts": ax_ob.axhline(0.0, **_STEADY_STYLE),
            "bone": ax_bone.axhline(100.0, **_STEADY_STYLE),
        }
        marker = dict(linestyle="none", markersize=8, markeredgecolor="black", zorder=5)
        self.markers = {
            "osteoclasts": ax_oc.plot([], [], "v", color=c["osteoclasts"], **marker)[0],
            "osteoblasts": ax_ob.plot([], [], "^", color=c["osteoblasts"], **marker)[0],
            "bone": ax_bone.plot([], [], "v", color="white", **marker)[0],
            "start": ax_phase.plot([], [], "o", color=PALETTE["orange"], **marker)[0],
            "end": ax_phase.plot([], [], "s", color=PALETTE["sky"], **marker)[0],
            "steady": ax_phase.plot([], [], "X", color="black", markersize=10, ls="none")[0],
        }
        # One figure legend in a band under the title (drawn once, outside the axes).
        proxy = dict(ls="none", mec="black")
        fig.legend(
            handles=[
                Line2D([], [], **_STEADY_STYLE, label="steady state (left panels)"),
                Line2D(
                    [],
                    [],
                    marker="v",
                    color=c["osteoclasts"],
                    **proxy,
                    label="osteoclast low point",
                ),
                Line2D(
                    [], [], marker="^", color=c["osteoblasts"], **proxy, label="osteoblast peak"
                ),
                Line2D([], [], marker="v", mfc="white", **proxy, label="bone-mass minimum"),
                Line2D([], [], color=c["phase"], lw=1.5, label="trajectory (phase plane)"),
                Line2D([], [], marker="o", color=PALETTE["orange"], **proxy, label="start (day 0)"),
                Line2D([], [], marker="s", color=PALETTE["sky"], **proxy, label="end of run"),
                Line2D(
                    [], [], marker="X", color="black", ls="none", label="steady state (phase plane)"
                ),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.945),
            ncol=4,
            fontsize=8.5,
            frameon=False,
            handlelength=1.8,
            columnspacing=1.4,
        )
        dynamic = [*self.lines.values(), *self.steady.values(), *self.markers.values()]
        self.renderer = BlitRenderer(fig, dynamic)
        self._fitted = False
        self.update(result, t_end_days=t_end_days)

    def update(self, result, *, t_end_days: float | None = None) -> None:
        """Put a new run into the figure (line data, markers, limits); no rendering.

        The time axis runs to ``t_end_days`` (default: the last time of the run), so a run that
        stopped early still shows the requested horizon.
        """
        t = np.asarray(result.t, dtype=float)
        x1 = np.asarray(result.osteoclasts, dtype=float)
        x2 = np.asarray(result.osteoblasts, dtype=float)
        z = np.asarray(result.bone_mass, dtype=float)
        xbar1, xbar2 = result.steady_state
        ax = self.axes
        fitted = self._fitted
        self._fitted = True

        def current(axis, which):
            return (axis.get_ylim() if which == "y" else axis.get_xlim()) if fitted else None

        self.lines["osteoclasts"].set_data(t, x1)
        self.lines["osteoblasts"].set_data(t, x2)
        self.lines["bone"].set_data(t, z)
        self.lines["phase"].set_data(x1, x2)
        self.steady["osteoclasts"].set_ydata([xbar1, xbar1])
        self.steady["osteoblasts"].set_ydata([xbar2, xbar2])
        i1 = feature_index(x1, "min")
        i2 = feature_index(x2, "max")
        iz = feature_index(z, "min")
        self.markers["osteoclasts"].set_data([t[i1]], [x1[i1]])
        self.markers["osteoblasts"].set_data([t[i2]], [x2[i2]])
        self.markers["bone"].set_data([t[iz]], [z[iz]])
        self.markers["start"].set_data([x1[0]], [x2[0]])
        self.markers["end"].set_data([x1[-1]], [x2[-1]])
        self.markers["steady"].set_data([xbar1], [xbar2])

        t_end = t_end_days if t_end_days is not None else (float(t[-1]) if t.size else 1.0)
        ax["osteoclasts"].set_xlim(0.0, max(float(t_end), 1e-6))
        lo1, hi1 = _limits_from(np.append(x1, xbar1))
        lo2, hi2 = _limits_from(np.append(x2, xbar2))
        loz, hiz = _limits_from(np.append(z, 100.0))
        y1 = sticky_limits(lo1, hi1, current(ax["osteoclasts"], "y"), include_zero=True)
        y2 = sticky_limits(lo2, hi2, current(ax["osteoblasts"], "y"), include_zero=True)
        ax["osteoclasts"].set_ylim(y1)
        ax["osteoblasts"].set_ylim(y2)
        ax["bone"].set_ylim(sticky_limits(loz, hiz, current(ax["bone"], "y")))
        ax["phase"].set_xlim(y1)  # same scales as the time courses, so they read alike
        ax["phase"].set_ylim(y2)

    def png(self) -> bytes:
        """The figure as PNG bytes (fast: cached background plus the changed artists)."""
        return self.renderer.png()


class TumorFigure:
    """Ayati 2010 run with treatment (solid) against the untreated run (dashed).

    ``untreated`` is drawn once (it does not change); :meth:`update` takes a treated run and
    the treatment start day (``None`` hides the treatment shading).
    """

    def __init__(
        self,
        treated,
        untreated,
        *,
        treatment_start_day: float | None,
        width_in: float = 9.6,
        height_in: float = 5.8,
    ):
        fig = new_figure(width_in=width_in, height_in=height_in)
        fig.set_layout_engine(None)
        grid = fig.add_gridspec(
            2, 2, left=0.085, right=0.975, top=0.84, bottom=0.09, hspace=0.38, wspace=0.24
        )
        ax_tumor = fig.add_subplot(grid[0, 0])
        ax_bone = fig.add_subplot(grid[0, 1], sharex=ax_tumor)
        ax_oc = fig.add_subplot(grid[1, 0], sharex=ax_tumor)
        ax_ob = fig.add_subplot(grid[1, 1], sharex=ax_tumor)
        self.fig: Figure = fig
        self.axes = {"tumor": ax_tumor, "bone": ax_bone, "osteoclasts": ax_oc, "osteoblasts": ax_ob}
        fig.suptitle(
            "Ayati 2010 model: a growing tumor disturbs remodeling; treatment from a chosen day",
            fontweight="bold",
        )
        c = KOMAROVA_COLORS
        ax_tumor.set_title("Tumor", fontsize=11)
        ax_tumor.set_ylabel("tumor (% of capacity)")
        ax_bone.set_title("Bone mass", fontsize=11)
        ax_bone.set_ylabel("bone mass (% of start)")
        ax_oc.set_title("Osteoclasts (with the chosen treatment)", fontsize=11)
        ax_oc.set_ylabel("osteoclasts (cells)")
        ax_ob.set_title("Osteoblasts (with the chosen treatment)", fontsize=11)
        ax_ob.set_ylabel("osteoblasts (cells)")
        for a in (ax_oc, ax_ob):
            a.set_xlabel("time (days)")
        for a in (ax_tumor, ax_bone, ax_oc, ax_ob):
            a.yaxis.set_major_locator(MaxNLocator(nbins=5))
        t_u = np.asarray(untreated.t, dtype=float)
        ref = dict(color=c["reference"], linestyle="--", linewidth=1.6)
        ax_tumor.plot(t_u, np.asarray(untreated.tumor, dtype=float), **ref)
        ax_bone.plot(t_u, np.asarray(untreated.bone_mass, dtype=float), **ref)
        ax_bone.axhline(0.0, color="#333333", linewidth=0.8)
        self.untreated_bone = (
            float(np.min(untreated.bone_mass)),
            float(np.max(untreated.bone_mass)),
        )
        self.lines = {
            "tumor": ax_tumor.plot([], [], color=c["tumor"], lw=2.0)[0],
            "bone": ax_bone.plot([], [], color=c["bone"], lw=2.0)[0],
            "osteoclasts": ax_oc.plot([], [], color=c["osteoclasts"], lw=1.2)[0],
            "osteoblasts": ax_ob.plot([], [], color=c["osteoblasts"], lw=1.2)[0],
        }
        self.shades = {}
        self.starts = {}
        for name, a in self.axes.items():
            self.shades[name] = a.add_patch(
                Rectangle(
                    (0.0, 0.0),
                    0.0,
                    1.0,
                    transform=a.get_xaxis_transform(),
                    facecolor=PALETTE["green"],
                    alpha=0.13,
                    linewidth=0.0,
                    zorder=0,
                )
            )
            self.starts[name] = a.axvline(0.0, color=PALETTE["green"], lw=1.5, ls=":", zorder=1)
        # The start of treatment is also written out, so it is not shown by color alone.
        self.start_label = ax_tumor.text(
            0.0,
            0.96,
            "",
            transform=ax_tumor.get_xaxis_transform(),
            fontsize=8,
            va="top",
            ha="left",
            color="#1B5E20",
        )
        fig.legend(
            handles=[
                Line2D([], [], **ref, label="untreated (tumor and bone mass)"),
                Line2D([], [], color=c["tumor"], lw=2.0, label="tumor, with treatment"),
                Line2D([], [], color=c["bone"], lw=2.0, label="bone mass, with treatment"),
                Patch(
                    facecolor=PALETTE["green"],
                    alpha=0.3,
                    label="treatment on (from the dotted line)",
                ),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, 0.94),
            ncol=4,
            fontsize=8.5,
            frameon=False,
            handlelength=1.8,
            columnspacing=1.2,
        )
        ax_tumor.set_xlim(0.0, float(t_u[-1]))
        ax_tumor.set_ylim(0.0, 105.0)
        dynamic = [
            *self.lines.values(),
            *self.shades.values(),
            *self.starts.values(),
            self.start_label,
        ]
        self.renderer = BlitRenderer(fig, dynamic)
        self._fitted = False
        self.update(treated, treatment_start_day=treatment_start_day)

    def update(self, treated, *, treatment_start_day: float | None) -> None:
        """Put a treated run and its start day into the figure; no rendering."""
        t = np.asarray(treated.t, dtype=float)
        self.lines["tumor"].set_data(t, np.asarray(treated.tumor, dtype=float))
        z = np.asarray(treated.bone_mass, dtype=float)
        x1 = np.asarray(treated.osteoclasts, dtype=float)
        x2 = np.asarray(treated.osteoblasts, dtype=float)
        self.lines["bone"].set_data(t, z)
        self.lines["osteoclasts"].set_data(t, x1)
        self.lines["osteoblasts"].set_data(t, x2)
        t_end = float(t[-1]) if t.size else 1.0
        on = treatment_start_day is not None and treatment_start_day < t_end
        for name, shade in self.shades.items():
            shade.set_visible(on)
            self.starts[name].set_visible(on)
            if on:
                shade.set_x(float(treatment_start_day))
                shade.set_width(t_end - float(treatment_start_day))
                self.starts[name].set_xdata([treatment_start_day, treatment_start_day])
        self.start_label.set_visible(on)
        if on:
            day = float(treatment_start_day)
            right_side = day < 0.6 * t_end
            self.start_label.set_x(day + (0.01 if right_side else -0.01) * t_end)
            self.start_label.set_ha("left" if right_side else "right")
            self.start_label.set_text(f"treatment from day {day:g}")
        ax = self.axes
        fitted = self._fitted
        self._fitted = True

        def current(axis):
            return axis.get_ylim() if fitted else None

        loz, hiz = _limits_from(z)
        loz, hiz = min(loz, self.untreated_bone[0], 0.0), max(hiz, self.untreated_bone[1], 100.0)
        ax["bone"].set_ylim(sticky_limits(loz, hiz, current(ax["bone"]), fill=0.5))
        lo1, hi1 = _limits_from(x1)
        lo2, hi2 = _limits_from(x2)
        ax["osteoclasts"].set_ylim(
            sticky_limits(lo1, hi1, current(ax["osteoclasts"]), include_zero=True)
        )
        ax["osteoblasts"].set_ylim(
            sticky_limits(lo2, hi2, current(ax["osteoblasts"]), include_zero=True)
        )

    def png(self) -> bytes:
        """The figure as PNG bytes (fast: cached background plus the changed artists)."""
        return self.renderer.png()
