"""The fractionation explorer (Module 5.1): BED and EQD2 of schedules, for three tissues.

Pure compute (:func:`compare_schedules`), pure plotting
(:class:`course.plotting.fractionation.FractionationChart`) and a thin view
(:class:`FractionationExplorer`). The learner picks schedules (8 Gy x 1, 20 Gy / 5, 24 Gy / 6,
30 Gy / 10, SBRT 24 Gy / 2, ...), may add a schedule of their own, and sets the alpha/beta
values of tumor, late-responding tissue and spinal cord; BED and EQD2 are shown side by side.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

import ipywidgets as widgets

from course.models import radiobiology
from course.models.radiobiology import ALPHA_BETA_GY, SCHEDULES, bed, eqd2
from course.plotting.fractionation import LQ_DEBATED_ABOVE_GY, TISSUE_STYLE, FractionationChart
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

TISSUES: tuple[str, ...] = tuple(t for t, _, _ in TISSUE_STYLE)
#: Schedules selected when the explorer opens.
DEFAULT_SCHEDULES: tuple[str, ...] = ("8 Gy x 1", "20 Gy / 5", "30 Gy / 10", "24 Gy / 2 (SBRT)")
MAX_SCHEDULES = len(SCHEDULES) + 1


@dataclass(frozen=True)
class ScheduleDoses:
    """BED and EQD2 of one schedule for each tissue (Gy)."""

    label: str
    total_dose_gy: float
    fractions: int
    dose_per_fraction_gy: float
    bed_gy: dict[str, float]
    eqd2_gy: dict[str, float]
    lq_debated: bool


@dataclass(frozen=True)
class FractionationResult:
    """Result of :func:`compare_schedules`: the alpha/beta values used and one row per schedule."""

    alpha_beta_gy: dict[str, float]
    rows: tuple[ScheduleDoses, ...]


def _alpha_beta(values: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(values, Mapping) or set(values) != set(TISSUES):
        raise ValueError(
            f"Give an alpha/beta value for each of {', '.join(TISSUES)}; got {dict(values)!r}."
        )
    out = {}
    for tissue in TISSUES:
        value = values[tissue]
        if (
            isinstance(value, bool)
            or not isinstance(value, Real)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise ValueError(
                f"The alpha/beta value of {tissue} must be a positive number of Gy; got {value!r}."
            )
        out[tissue] = float(value)
    return out


def compare_schedules(
    schedules: Sequence[tuple[str, float, int]], *, alpha_beta_gy: Mapping[str, float]
) -> FractionationResult:
    """BED and EQD2 for each ``(label, total dose in Gy, fractions)`` and each tissue.

    Raises:
        ValueError: with no schedule, more than :data:`MAX_SCHEDULES`, a non-positive dose or
            alpha/beta, or a number of fractions that is not a whole number of 1 or more.

    >>> r = compare_schedules([("8 Gy x 1", 8, 1)], alpha_beta_gy=dict(ALPHA_BETA_GY))
    >>> r.rows[0].eqd2_gy["tumor"]
    12.0
    """
    ab = _alpha_beta(alpha_beta_gy)
    if not schedules:
        raise ValueError("Choose at least one schedule to compare.")
    if len(schedules) > MAX_SCHEDULES:
        raise ValueError(f"Compare at most {MAX_SCHEDULES} schedules at once.")
    rows = []
    for label, total, n in schedules:
        beds = {t: bed(total, n, ab[t]) for t in TISSUES}  # validates dose and fractions
        eqds = {t: eqd2(total, n, ab[t]) for t in TISSUES}
        d = float(total) / int(n)
        rows.append(
            ScheduleDoses(
                label=label,
                total_dose_gy=float(total),
                fractions=int(n),
                dose_per_fraction_gy=d,
                bed_gy=beds,
                eqd2_gy=eqds,
                lq_debated=d > LQ_DEBATED_ABOVE_GY,
            )
        )
    return FractionationResult(alpha_beta_gy=ab, rows=tuple(rows))


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def result_table_html(result: FractionationResult) -> str:
    """The numbers behind the chart, as an HTML table (screen readers read it, too)."""
    head = "".join(f"<th>BED {html.escape(t)}</th><th>EQD2 {html.escape(t)}</th>" for t in TISSUES)
    body = []
    for row in result.rows:
        cells = "".join(
            f"<td>{_fmt(row.bed_gy[t])}</td><td>{_fmt(row.eqd2_gy[t])}</td>" for t in TISSUES
        )
        star = " *" if row.lq_debated else ""
        body.append(
            f"<tr><td>{html.escape(row.label)}{star}</td><td>{row.dose_per_fraction_gy:g}</td>"
            f"{cells}</tr>"
        )
    ab = ", ".join(f"{t} {v:g} Gy" for t, v in result.alpha_beta_gy.items())
    return (
        "<table style='border-collapse:collapse;font-size:90%' border='1' cellpadding='3'>"
        f"<caption style='text-align:left'>All doses in Gy. alpha/beta: {html.escape(ab)}."
        "</caption>"
        f"<tr><th>Schedule</th><th>Dose per fraction</th>{head}</tr>{''.join(body)}</table>"
    )


def describe(result: FractionationResult) -> str:
    """A text description of the chart for screen readers and for the learner."""
    parts = []
    for row in result.rows:
        parts.append(
            f"{row.label}: tumor EQD2 {_fmt(row.eqd2_gy['tumor'])} Gy, late-responding tissue "
            f"{_fmt(row.eqd2_gy['late-responding tissue'])} Gy, spinal cord "
            f"{_fmt(row.eqd2_gy['spinal cord'])} Gy"
        )
    highest = max(result.rows, key=lambda r: r.eqd2_gy["tumor"])
    text = (
        "Two bar charts, BED on the left and EQD2 on the right, three bars per schedule "
        "(tumor, late-responding tissue, spinal cord). "
        + "; ".join(parts)
        + f". The highest tumor EQD2 is {highest.label}."
    )
    if any(r.lq_debated for r in result.rows):
        text += (
            " Schedules marked * use more than 8 Gy per fraction, where the LQ model is debated."
        )
    return text


class FractionationExplorer:
    """Choose schedules and alpha/beta values; see BED and EQD2 side by side."""

    def __init__(self, *, selected: Sequence[str] = DEFAULT_SCHEDULES):
        labels = [s.label for s in SCHEDULES]
        unknown = [s for s in selected if s not in labels]
        if unknown:
            raise ValueError(f"Unknown schedule(s) {unknown}; choose from {labels}.")
        style = {"description_width": "230px"}
        slider = dict(min=0.5, max=20.0, step=0.5, continuous_update=False, style=style)
        self.controls: dict[str, widgets.Widget] = {
            "schedules": widgets.SelectMultiple(
                options=labels,
                value=tuple(selected),
                rows=len(labels),
                description="Schedules",
                style=style,
            ),
            "custom": widgets.Checkbox(value=False, description="Add my own schedule"),
            "custom_total_gy": widgets.BoundedFloatText(
                value=30.0, min=0.0, max=100.0, step=1.0, description="Total dose (Gy)", style=style
            ),
            "custom_fractions": widgets.BoundedIntText(
                value=10, min=0, max=40, step=1, description="Fractions", style=style
            ),
            "ab_tumor": widgets.FloatSlider(
                value=ALPHA_BETA_GY["tumor"], description="alpha/beta tumor (Gy)", **slider
            ),
            "ab_late": widgets.FloatSlider(
                value=ALPHA_BETA_GY["late-responding tissue"],
                description="alpha/beta late tissue (Gy)",
                **slider,
            ),
            "ab_cord": widgets.FloatSlider(
                value=ALPHA_BETA_GY["spinal cord"],
                description="alpha/beta spinal cord (Gy)",
                **slider,
            ),
        }
        self.result: FractionationResult | None = None
        self.chart = FractionationChart(max_schedules=MAX_SCHEDULES)
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self._update = guarded(self.update, self.status)
        self.update()
        # The category labels change rarely: one background per set of labels, over one base.
        self.pane = BlitPane(
            self.chart.fig,
            self.chart.dynamic_artists(),
            keyed=[ax.xaxis for ax in self.chart.axes],
            key=self.chart.labels,
            description=describe(self.result),
        )
        for control in self.controls.values():
            control.observe(self._update, names="value")
        left = widgets.VBox(
            [
                self.controls["schedules"],
                self.controls["custom"],
                self.controls["custom_total_gy"],
                self.controls["custom_fractions"],
                widgets.HTML("<b>alpha/beta values</b> (conventional: 10, 3 and 2 Gy)"),
                self.controls["ab_tumor"],
                self.controls["ab_late"],
                self.controls["ab_cord"],
            ],
            layout=widgets.Layout(width="500px"),
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML("<h4 style='margin:2px 0'>Fractionation explorer</h4>"),
                left,
                self.status,
                self.pane.widget,
                self.table,
                footer([radiobiology.ALPHA_BETA_SOURCE, radiobiology.REFERENCE]),
            ]
        )

    def chosen_schedules(self) -> list[tuple[str, float, int]]:
        """The schedules to compare, in the order of the list, with the learner's own last."""
        picked = set(self.controls["schedules"].value)
        chosen = [(s.label, s.total_dose_gy, s.fractions) for s in SCHEDULES if s.label in picked]
        if self.controls["custom"].value:
            total = self.controls["custom_total_gy"].value
            n = self.controls["custom_fractions"].value
            if total <= 0 or n < 1:
                raise ValueError(
                    "Your own schedule needs a total dose above 0 Gy and at least 1 fraction "
                    f"(got {total:g} Gy in {n} fractions)."
                )
            chosen.append((f"Mine: {total:g} Gy / {n}", total, n))
        return chosen

    def update(self) -> None:
        """Recompute and redraw from the controls (errors surface through ``guarded``)."""
        ab = {
            "tumor": self.controls["ab_tumor"].value,
            "late-responding tissue": self.controls["ab_late"].value,
            "spinal cord": self.controls["ab_cord"].value,
        }
        result = compare_schedules(self.chosen_schedules(), alpha_beta_gy=ab)
        self.result = result
        self.chart.update(
            [r.label for r in result.rows],
            [[r.bed_gy[t] for t in TISSUES] for r in result.rows],
            [[r.eqd2_gy[t] for t in TISSUES] for r in result.rows],
            alpha_beta_gy=[ab[t] for t in TISSUES],
            debated=[r.lq_debated for r in result.rows],
        )
        self.table.value = result_table_html(result)
        if hasattr(self, "pane"):
            self.pane.set_description(describe(result))
            self.pane.refresh(self.chart.labels)
