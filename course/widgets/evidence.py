"""The evidence explorer: a trial's headline numbers beside an exponential reconstruction.

``EvidenceExplorer(trials=("Fizazi 2011", ...))`` shows one trial at a time (a dropdown picks
it). On the left, the curves rebuilt from the published medians and hazard ratio
(:mod:`course.plotting.evidence`, clearly labelled as a reconstruction); on the right, the
published figures exactly as the course's sources give them, with the citation and how they
were checked. A month slider reads the curves at one time point, and a checkbox shows or hides
the experimental curve built from the hazard ratio, whose median differs from the published
one whenever the real hazards are not constant.

The view follows the course pattern: ``.controls``, ``.result`` (an :class:`ExplorerResult`)
and ``.widget``; the constructor never calls ``display()``; errors appear inside the widget.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

import ipywidgets as widgets

from course.models.survival import REFERENCE, TRIALS, Trial, trial
from course.plotting.evidence import (
    ARM_LABELS,
    TrialCurves,
    draw_trial,
    endpoint_label,
    reconstruct,
    update_cursor,
    update_trial,
)
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = [
    "SRE_TRIALS",
    "SURVIVAL_TRIALS",
    "EvidenceExplorer",
    "ExplorerResult",
    "describe",
    "published_figures_html",
]

SRE_TRIALS: tuple[str, ...] = ("Stopeck 2010", "Fizazi 2011", "Henry 2011")
SURVIVAL_TRIALS: tuple[str, ...] = ("ALSYMPCA (Parker 2013)", "VISION (Sartor 2021)")


@dataclass(frozen=True)
class ExplorerResult:
    """What the explorer shows: the trial, the month read off and the three curve values.

    ``experimental`` is ``None`` when the experimental median was not reached.
    """

    trial: str
    month: float
    control: float
    experimental: float | None
    comparator: float
    comparator_median_months: float
    median_ratio: float | None
    hazard_ratio: float
    curves: TrialCurves


def _arms(entry: Trial) -> tuple[str, str]:
    return ARM_LABELS.get(entry.name, (entry.experimental, entry.control))


def _in_sentence(name: str) -> str:
    """An arm name for use inside a sentence: "Zoledronic acid" -> "zoledronic acid"."""
    if re.match(r"^[A-Z][a-z]?-\d", name) or name[:2].isupper():  # "Lu-177-...", "PSMA"
        return name
    return name[0].lower() + name[1:]


def _median(value: float | None) -> str:
    return "not reached" if value is None else f"{value:g} months"


def published_figures_html(curves: TrialCurves) -> str:
    """The published numbers of a trial (and what the reconstruction makes of them) as HTML."""
    t = curves.trial
    exp_name, ctl_name = _arms(t)
    ci = (
        f" (95% CI {t.hazard_ratio_ci95[0]:.2f}-{t.hazard_ratio_ci95[1]:.2f})"
        if t.hazard_ratio_ci95
        else ""
    )
    e = html.escape
    rows = [
        ("Population", t.population),
        (f"{exp_name} arm", t.experimental),
        (f"{ctl_name} arm", t.control),
        ("Primary endpoint", t.endpoint),
        (
            "Median",
            f"{_median(t.median_experimental_months)} vs {_median(t.median_control_months)}",
        ),
        ("Hazard ratio", f"{t.hazard_ratio:.2f}{ci}"),
    ]
    table = "".join(
        f"<tr><th style='text-align:left;vertical-align:top;padding:2px 6px'>{e(k)}</th>"
        f"<td style='padding:2px 6px'>{e(v)}</td></tr>"
        for k, v in rows
    )
    if curves.median_ratio is None:
        ratio = (
            f"The {e(_in_sentence(exp_name))} median was not reached, so only the curve built "
            "from the hazard ratio can be drawn: it crosses 50% at "
            f"{curves.comparator_median_months:.1f} months (a model prediction, not a published "
            "number)."
        )
    else:
        ratio = (
            f"Ratio of medians {t.median_control_months:g} / "
            f"{t.median_experimental_months:g} = {curves.median_ratio:.2f}, reported Cox HR "
            f"{t.hazard_ratio:.2f}. The curve built from the HR crosses 50% at "
            f"{curves.comparator_median_months:.1f} months; the published median is "
            f"{t.median_experimental_months:g} months."
        )
    return (
        "<div style='font-size:90%;max-width:360px'>"
        "<b>Published figures</b>"
        f"<table style='border-collapse:collapse;margin:4px 0'>{table}</table>"
        f"<div style='color:#444'><b>Source:</b> {e(t.source)}<br><b>How it was checked:</b> "
        f"{e(t.status)}</div>"
        f"<hr style='margin:6px 0'><b>Reconstruction</b><br>{ratio}</div>"
    )


def describe(result: ExplorerResult, *, show_comparator: bool = True) -> str:
    """The text description of the figure (for screen readers and for every reader)."""
    t = result.curves.trial
    exp_name, ctl_name = _arms(t)
    what = endpoint_label(t).lower().replace("proportion ", "")
    parts = [
        f"Exponential reconstruction of {t.name} ({t.endpoint}), not the trial's own curves.",
        f"The {_in_sentence(ctl_name)} curve (solid line, circle marker) crosses 50% at its "
        f"published median of {t.median_control_months:g} months.",
    ]
    if result.experimental is None:
        parts.append(
            f"The {_in_sentence(exp_name)} median was not reached, so no curve is drawn from it."
        )
    else:
        parts.append(
            f"The {_in_sentence(exp_name)} curve from its published median (dashed line, square "
            f"marker) crosses 50% at {t.median_experimental_months:g} months."
        )
    if show_comparator:
        parts.append(
            f"The {_in_sentence(exp_name)} curve built from the hazard ratio {t.hazard_ratio:.2f} "
            f"(dotted line, triangle marker) crosses 50% at "
            f"{result.comparator_median_months:.1f} months."
        )
    reading = f"At month {result.month:g}: {_in_sentence(ctl_name)} {result.control:.0%}"
    if result.experimental is not None:
        reading += f", {_in_sentence(exp_name)} from its median {result.experimental:.0%}"
    if show_comparator:
        reading += f", {_in_sentence(exp_name)} from the HR {result.comparator:.0%}"
    parts.append(reading + f" {what}.")
    return " ".join(parts)


class EvidenceExplorer:
    """Pick a trial; see its reconstruction beside its published figures."""

    def __init__(
        self,
        trials: Sequence[str] | None = None,
        *,
        initial: str | None = None,
        month: float = 12,
        show_comparator: bool = True,
    ):
        names = [trial(n).name for n in trials] if trials is not None else [t.name for t in TRIALS]
        if not names:
            raise ValueError("Give at least one trial to explore.")
        first = trial(initial).name if initial is not None else names[0]
        if first not in names:
            raise ValueError(f"The initial trial {first!r} is not among the trials {names}.")
        curves = reconstruct(first)
        self.controls: dict[str, widgets.Widget] = {
            "trial": widgets.Dropdown(
                options=names,
                value=first,
                description="Trial:",
                layout=widgets.Layout(width="320px"),
            ),
            "month": widgets.IntSlider(
                value=int(min(month, curves.horizon_months)),
                min=0,
                max=int(curves.horizon_months),
                step=1,
                description="Read at month:",
                style={"description_width": "initial"},
                continuous_update=False,
                layout=widgets.Layout(width="380px"),
            ),
            "comparator": widgets.Checkbox(
                value=show_comparator,
                description="Show the curve built from the hazard ratio",
                indent=False,
                layout=widgets.Layout(width="auto"),
            ),
        }
        self._curves = curves
        self._busy = False
        self._shown: tuple[str, bool] | None = None
        self.result: ExplorerResult | None = None
        self._artists = draw_trial(
            curves, month=self.controls["month"].value, show_comparator=show_comparator
        )
        a = self._artists
        self.pane = BlitPane(a.fig, [a.cursor, a.cursor_points, a.readout], width_px=700)
        # Render each trial's background once now, so that switching trials is fast later.
        for name in names:
            other = reconstruct(name)
            update_trial(a, other, month=None, show_comparator=show_comparator)
            self.pane.refresh((name, show_comparator))
        self.published = widgets.HTML()
        self.status = widgets.HTML()
        update = guarded(self._update, self.status)
        self.controls["trial"].observe(self._on_trial, names="value")
        self.controls["month"].observe(update, names="value")
        self.controls["comparator"].observe(update, names="value")
        self._on_trial_guarded = guarded(self._change_trial, self.status)
        self._update()
        self.widget = widgets.VBox(
            [
                widgets.HBox([self.controls["trial"], self.controls["month"]]),
                self.controls["comparator"],
                self.status,
                widgets.HBox([self.pane.widget, self.published]),
                footer(REFERENCE),
            ]
        )

    def _on_trial(self, _change: object) -> None:
        self._on_trial_guarded()

    def _change_trial(self) -> None:
        self._curves = reconstruct(self.controls["trial"].value)
        slider = self.controls["month"]
        self._busy = True
        try:
            slider.max = int(self._curves.horizon_months)
            slider.value = min(slider.value, slider.max)
        finally:
            self._busy = False
        self._update()

    def _update(self) -> None:
        if self._busy:
            return
        curves = self._curves
        month = float(self.controls["month"].value)
        show = bool(self.controls["comparator"].value)
        key = (curves.trial.name, show)
        if key != self._shown:
            update_trial(self._artists, curves, month=month, show_comparator=show)
            self.published.value = published_figures_html(curves)
            self._shown = key
        else:
            update_cursor(self._artists, curves, month=month, show_comparator=show)
        control, experimental, comparator = curves.at(month)
        self.result = ExplorerResult(
            trial=curves.trial.name,
            month=month,
            control=control,
            experimental=experimental,
            comparator=comparator,
            comparator_median_months=curves.comparator_median_months,
            median_ratio=curves.median_ratio,
            hazard_ratio=curves.trial.hazard_ratio,
            curves=curves,
        )
        self.pane.set_description(describe(self.result, show_comparator=show))
        self.pane.refresh(key)
