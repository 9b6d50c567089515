"""Trial evidence drawn as curves: exponential reconstructions beside the published numbers.

A randomized trial reports its result as a median per arm and a hazard ratio (HR) from a Cox
model, together with Kaplan-Meier curves. The course does not copy those curves. Instead it
*reconstructs* each arm as an exponential curve (constant hazard) from the published numbers,
with :mod:`course.models.survival`:

- the control arm from its published median, ``S(t) = exp(-ln 2 t / median)``;
- the experimental arm from its published median, where one was reached;
- the experimental arm built from the control median and the published HR instead,
  ``S(t) = S_control(t) ** HR``, whose median is ``control median / HR``.

The two experimental curves differ whenever the real hazards are not constant: the HR is an
average ratio of event rates over the whole follow-up, the median ratio compares the curves at
one point only. Every figure is labelled as a reconstruction, and the published numbers are
shown beside it (see :class:`course.widgets.evidence.EvidenceExplorer`).

:func:`reconstruct` is the pure data step; :func:`draw_trial` draws a reconstruction once and
returns its artists, which :func:`update_trial` changes in place (a widget redraws within its
latency budget that way). Pure matplotlib; no pyplot state.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text

from course.models.survival import (
    TRIALS,
    Trial,
    comparator_curve,
    exponential_survival,
    hazard_ratio_from_medians,
    median_from_hazard_ratio,
    trial,
)
from course.plotting.style import GRID, PALETTE, course_style, new_figure

__all__ = [
    "ARM_LABELS",
    "TRIAL_NAMES",
    "TrialArtists",
    "TrialCurves",
    "draw_trial",
    "endpoint_label",
    "plot_trial",
    "reconstruct",
    "update_cursor",
    "update_trial",
]

#: Short arm names (experimental, control) for legends, by trial name.
ARM_LABELS: dict[str, tuple[str, str]] = {
    "Stopeck 2010": ("Denosumab", "Zoledronic acid"),
    "Fizazi 2011": ("Denosumab", "Zoledronic acid"),
    "Henry 2011": ("Denosumab", "Zoledronic acid"),
    "ALSYMPCA (Parker 2013)": ("Radium-223", "Placebo"),
    "VISION (Sartor 2021)": ("Lu-177-PSMA-617", "Standard care"),
}

CONTROL_COLOR = PALETTE["blue"]
EXPERIMENTAL_COLOR = PALETTE["vermillion"]
COMPARATOR_COLOR = PALETTE["green"]
RECONSTRUCTION_NOTE = (
    "Exponential reconstruction from the published medians and hazard ratio; "
    "not the trial's Kaplan-Meier curves"
)


@dataclass(frozen=True)
class TrialCurves:
    """Exponential curves of one trial on a common time grid (months).

    ``experimental`` is ``None`` when the experimental median was not reached (Stopeck 2010).
    ``comparator`` is the experimental arm built from the control median and the reported HR;
    ``comparator_median_months`` is where it crosses 0.5 (``control median / HR``).
    ``median_ratio`` is the "median-ratio HR" ``control / experimental`` (``None`` if not
    reached); it equals the reported HR only for exponential, proportional hazards.
    """

    trial: Trial
    months: np.ndarray
    control: np.ndarray
    experimental: np.ndarray | None
    comparator: np.ndarray
    comparator_median_months: float
    median_ratio: float | None
    horizon_months: float

    def at(self, month: float) -> tuple[float, float | None, float]:
        """(control, experimental or None, comparator) survival at one month."""
        t = self.trial
        control = float(exponential_survival(t.median_control_months, month))
        experimental = (
            None
            if t.median_experimental_months is None
            else float(exponential_survival(t.median_experimental_months, month))
        )
        comparator = float(comparator_curve(t.median_control_months, t.hazard_ratio, month))
        return control, experimental, comparator


def _horizon(entry: Trial) -> float:
    medians = [
        entry.median_control_months,
        median_from_hazard_ratio(entry.median_control_months, entry.hazard_ratio),
    ]
    if entry.median_experimental_months is not None:
        medians.append(entry.median_experimental_months)
    return float(6 * math.ceil(2.2 * max(medians) / 6))


def reconstruct(
    entry: Trial | str, *, horizon_months: float | None = None, points: int = 241
) -> TrialCurves:
    """Exponential curves of a trial of :data:`course.models.survival.TRIALS`.

    ``entry`` is a :class:`Trial` or a trial name (``"Fizazi 2011"``, ``"ALSYMPCA"``).
    ``horizon_months`` defaults to a multiple of 6 months a little beyond twice the largest
    median, so every curve is seen well past its median.
    """
    if isinstance(entry, str):
        entry = trial(entry)
    if not isinstance(entry, Trial):
        raise ValueError(f"Give a trial or a trial name, not {entry!r}.")
    if entry.median_control_months is None:
        raise ValueError(f"{entry.name} has no published control median to build a curve from.")
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be a whole number of 2 or more, not {points!r}.")
    horizon = _horizon(entry) if horizon_months is None else horizon_months
    if isinstance(horizon, bool) or not isinstance(horizon, int | float):
        raise ValueError(f"horizon_months must be a number of months, not {horizon!r}.")
    if not math.isfinite(horizon) or horizon <= 0:
        raise ValueError(f"horizon_months must be a positive number of months, not {horizon!r}.")
    months = np.linspace(0.0, float(horizon), points)
    control = exponential_survival(entry.median_control_months, months)
    experimental = (
        None
        if entry.median_experimental_months is None
        else exponential_survival(entry.median_experimental_months, months)
    )
    comparator = comparator_curve(entry.median_control_months, entry.hazard_ratio, months)
    ratio = (
        None
        if entry.median_experimental_months is None
        else hazard_ratio_from_medians(
            entry.median_experimental_months, entry.median_control_months
        )
    )
    return TrialCurves(
        trial=entry,
        months=months,
        control=control,
        experimental=experimental,
        comparator=comparator,
        comparator_median_months=median_from_hazard_ratio(
            entry.median_control_months, entry.hazard_ratio
        ),
        median_ratio=ratio,
        horizon_months=float(horizon),
    )


def endpoint_label(entry: Trial) -> str:
    """The y-axis label for a trial's endpoint."""
    if "SRE" in entry.endpoint:
        return "Proportion without a skeletal-related event"
    if "survival" in entry.endpoint:
        return "Proportion alive"
    return "Proportion without the event"


def _arms(entry: Trial) -> tuple[str, str]:
    return ARM_LABELS.get(entry.name, (entry.experimental, entry.control))


@dataclass
class TrialArtists:
    """The artists of a trial figure, changed in place by :func:`update_trial`."""

    fig: Figure
    ax: Axes
    control: Line2D
    experimental: Line2D
    comparator: Line2D
    control_median: Line2D
    experimental_median: Line2D
    comparator_median: Line2D
    cursor: Line2D
    cursor_points: Line2D
    note: Text
    readout: Text


def draw_trial(
    curves: TrialCurves,
    *,
    month: float | None = None,
    show_comparator: bool = True,
    fig: Figure | None = None,
) -> TrialArtists:
    """Draw a reconstruction on a new (or given, empty) figure and return its artists."""
    if fig is None:
        fig = new_figure(width_in=7.6, height_in=4.6)
    with course_style():
        ax = fig.add_subplot(1, 1, 1)
        ax.axhline(0.5, color="0.45", lw=1.0, ls=(0, (2, 2)), zorder=1)
        ax.text(
            0.995,
            0.5,
            "50% (median) ",
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="bottom",
            fontsize=8,
            color="0.3",
        )
        (control,) = ax.plot([], [], color=CONTROL_COLOR, lw=2.2, ls="-")
        (experimental,) = ax.plot([], [], color=EXPERIMENTAL_COLOR, lw=2.2, ls="--")
        (comparator,) = ax.plot([], [], color=COMPARATOR_COLOR, lw=2.0, ls=":")
        (control_median,) = ax.plot(
            [], [], ls="none", marker="o", ms=8, mfc=CONTROL_COLOR, mec="white", zorder=5
        )
        (experimental_median,) = ax.plot(
            [], [], ls="none", marker="s", ms=8, mfc=EXPERIMENTAL_COLOR, mec="white", zorder=5
        )
        (comparator_median,) = ax.plot(
            [],
            [],
            ls="none",
            marker="^",
            ms=9,
            mfc="white",
            mec=COMPARATOR_COLOR,
            mew=2,
            zorder=6,
        )
        (cursor,) = ax.plot([], [], color="0.25", lw=1.0, ls="-", zorder=2)
        (cursor_points,) = ax.plot(
            [], [], ls="none", marker="o", ms=5, mfc="0.15", mec="white", zorder=7
        )
        ax.set_ylim(0, 1.02)
        ax.set_yticks(np.linspace(0, 1, 6))
        ax.set_yticklabels([f"{v:.0%}" for v in np.linspace(0, 1, 6)])
        ax.set_xlabel("Months since randomization")
        ax.grid(True, color=GRID)
        note = ax.text(
            0.99,
            0.985,
            "",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=8,
            color="0.25",
            style="italic",
        )
        readout = ax.text(
            0.015,
            0.03,
            "",
            transform=ax.transAxes,
            ha="left",
            va="bottom",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "0.7", "alpha": 0.95},
        )
    artists = TrialArtists(
        fig,
        ax,
        control,
        experimental,
        comparator,
        control_median,
        experimental_median,
        comparator_median,
        cursor,
        cursor_points,
        note,
        readout,
    )
    update_trial(artists, curves, month=month, show_comparator=show_comparator)
    return artists


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def update_trial(
    artists: TrialArtists,
    curves: TrialCurves,
    *,
    month: float | None = None,
    show_comparator: bool = True,
) -> None:
    """Change the artists to show ``curves`` (and a cursor at ``month``, if given)."""
    entry = curves.trial
    exp_name, ctl_name = _arms(entry)
    t = curves.months
    a = artists
    a.control.set_data(t, curves.control)
    a.control.set_label(f"{ctl_name}: from its median ({entry.median_control_months:g} mo)")
    a.control_median.set_data([entry.median_control_months], [0.5])
    if curves.experimental is None:
        a.experimental.set_data([], [])
        a.experimental.set_visible(False)
        a.experimental_median.set_data([], [])
        a.note.set_text(
            f"{exp_name} median not reached: only the curve built from the HR can be drawn\n"
            + RECONSTRUCTION_NOTE
        )
    else:
        a.experimental.set_visible(True)
        a.experimental.set_data(t, curves.experimental)
        a.experimental.set_label(
            f"{exp_name}: from its median ({entry.median_experimental_months:g} mo)"
        )
        a.experimental_median.set_data([entry.median_experimental_months], [0.5])
        a.note.set_text(RECONSTRUCTION_NOTE)
    a.comparator.set_visible(show_comparator)
    a.comparator_median.set_visible(show_comparator)
    a.comparator.set_data(t, curves.comparator)
    a.comparator.set_label(
        f"{exp_name}: from {ctl_name.lower()} median and HR {entry.hazard_ratio:.2f} "
        f"(median {curves.comparator_median_months:.1f} mo)"
    )
    a.comparator_median.set_data([curves.comparator_median_months], [0.5])
    a.ax.set_xlim(0, curves.horizon_months)
    step = 6 if curves.horizon_months <= 48 else 12
    a.ax.set_xticks(np.arange(0, curves.horizon_months + 0.1, step))
    a.ax.set_ylabel(endpoint_label(entry))
    a.ax.set_title(f"{entry.name}: {entry.endpoint}", loc="left", fontweight="bold")
    handles = [a.control]
    if curves.experimental is not None:
        handles.append(a.experimental)
    if show_comparator:
        handles.append(a.comparator)
    a.ax.legend(handles=handles, loc="upper right", bbox_to_anchor=(1.0, 0.9), fontsize=8)
    update_cursor(artists, curves, month=month, show_comparator=show_comparator)


def update_cursor(
    artists: TrialArtists,
    curves: TrialCurves,
    *,
    month: float | None,
    show_comparator: bool = True,
) -> None:
    """Move only the cursor and its readout to ``month`` (``None`` hides them)."""
    a = artists
    exp_name, ctl_name = _arms(curves.trial)
    if month is None:
        a.cursor.set_data([], [])
        a.cursor_points.set_data([], [])
        a.readout.set_text("")
        a.readout.set_visible(False)
        return
    m = float(min(max(month, 0.0), curves.horizon_months))
    control, experimental, comparator = curves.at(m)
    a.cursor.set_data([m, m], [0, 1])
    ys = [control] + ([experimental] if experimental is not None else [])
    ys += [comparator] if show_comparator else []
    a.cursor_points.set_data([m] * len(ys), ys)
    lines = [f"Month {m:g}", f"{ctl_name}: {_pct(control)}"]
    if experimental is not None:
        lines.append(f"{exp_name} (from median): {_pct(experimental)}")
    if show_comparator:
        lines.append(f"{exp_name} (from HR): {_pct(comparator)}")
    a.readout.set_text("\n".join(lines))
    a.readout.set_visible(True)


def plot_trial(
    entry: Trial | str,
    *,
    month: float | None = None,
    show_comparator: bool = True,
) -> Figure:
    """A standalone figure of one trial's reconstruction (for static use in a notebook)."""
    return draw_trial(reconstruct(entry), month=month, show_comparator=show_comparator).fig


#: Names of the trials that can be reconstructed (all of :data:`TRIALS`).
TRIAL_NAMES: tuple[str, ...] = tuple(t.name for t in TRIALS)
