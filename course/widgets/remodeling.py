"""Live remodeling models: the Komarova 2003 widget and the Ayati 2010 tumor-and-treatment widget.

- :class:`RemodelingView`: sliders for the autocrine and paracrine exponents ``g11, g12, g21,
  g22``, the size of the initial perturbation (extra osteoclasts at day 0) and the length of the
  run; it shows osteoclasts, osteoblasts and bone mass over time and the phase plane, names the
  regime (damped, neutral closed orbits at the critical ``g11``, or unstable) and reports the
  features worth reading: the osteoclast low point, the osteoblast peak and the bone-mass minimum.
- :class:`TumorTreatmentView`: the Ayati 2010 myeloma model (Gompertz tumor) with treatment from
  a chosen day: an anti-tumor effect (Ayati's V2), an anti-resorptive effect (a course teaching
  extension that scales resorption per osteoclast) and Ayati's V1 (less osteoblast removal),
  against the untreated run.

Pure compute lives in :mod:`course.models.remodeling` and the small summaries here
(:func:`summarize_run`, :func:`compare_runs`); pure drawing in :mod:`course.plotting.remodeling`.
The views only wire controls to them. Invalid input is shown inside the widget.
For education only, not for clinical decisions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from course.models.remodeling import (
    AYATI_REFERENCE,
    KOMAROVA_REFERENCE,
    JacobianSummary,
    RemodelingResult,
    TumorRemodelingResult,
    critical_g11,
    jacobian_summary,
    simulate,
    simulate_with_tumor,
    steady_state,
)
from course.plotting.remodeling import KomarovaFigure, TumorFigure, feature_index
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = [
    "KOMAROVA_PRESETS",
    "TUMOR_SCENARIOS",
    "RemodelingView",
    "RunSummary",
    "TreatmentComparison",
    "TumorTreatmentView",
    "compare_runs",
    "regime_explanation",
    "summarize_run",
]

TUMOR_T_END_DAYS = 1200.0
INFO_STYLE = "border-left:4px solid #0072B2;background:#EAF3FA;padding:6px 10px;margin:4px 0"
NOTE_STYLE = "border-left:4px solid #E69F00;background:#FDF6E6;padding:6px 10px;margin:4px 0"

#: Komarova presets: label and the control values they set (other exponents at the standard).
KOMAROVA_PRESETS: dict[str, tuple[str, dict[str, float]]] = {
    "standard": (
        "Standard set: one remodeling cycle (g11 = 0.5)",
        {"g11": 0.5, "g12": 1.0, "g21": -0.5, "g22": 0.0, "extra": 10.0, "days": 300},
    ),
    "damped": (
        "Slowly damped cycles (g11 = 1.0)",
        {"g11": 1.0, "g12": 1.0, "g21": -0.5, "g22": 0.0, "extra": 10.0, "days": 1000},
    ),
    "critical": (
        "Critical g11 = 1.1: neutral closed orbits",
        {"g11": 1.1, "g12": 1.0, "g21": -0.5, "g22": 0.0, "extra": 10.0, "days": 1000},
    ),
    "unstable": (
        "Unstable: g11 = 1.15 with a small stimulus (+1 osteoclast)",
        {"g11": 1.15, "g12": 1.0, "g21": -0.5, "g22": 0.0, "extra": 1.0, "days": 600},
    ),
}

#: Tumor scenarios: label and the treatment they set (start day, effects; None = untreated).
TUMOR_SCENARIOS: dict[str, tuple[str, dict[str, float | bool]]] = {
    "untreated": (
        "No treatment",
        {"on": False, "start": 600, "antitumor": 0.0, "antiresorptive": 0.0, "anabolic": 0.0},
    ),
    "ayati": (
        "Ayati 2010 drug run: V1 = 0.001 and V2 = 0.008 per day from day 600",
        {"on": True, "start": 600, "antitumor": 0.008, "antiresorptive": 0.0, "anabolic": 0.001},
    ),
    "antitumor": (
        "Anti-tumor effect only (V2 = 0.008 per day) from day 600",
        {"on": True, "start": 600, "antitumor": 0.008, "antiresorptive": 0.0, "anabolic": 0.0},
    ),
    "antiresorptive": (
        "Anti-resorptive effect only (resorption halved) from day 600",
        {"on": True, "start": 600, "antitumor": 0.0, "antiresorptive": 0.5, "anabolic": 0.0},
    ),
    "both": (
        "Anti-tumor and anti-resorptive together from day 600",
        {"on": True, "start": 600, "antitumor": 0.008, "antiresorptive": 0.5, "anabolic": 0.0},
    ),
    "anabolic": (
        "Ayati's V1 only (less osteoblast removal, 0.001 per day) from day 600",
        {"on": True, "start": 600, "antitumor": 0.0, "antiresorptive": 0.0, "anabolic": 0.001},
    ),
}


# --------------------------------------------------------------------------------------------
# Pure summaries
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSummary:
    """What to read from one Komarova run, and the linear-stability verdict for its parameters.

    Cell values are cells, days are days, bone values are % of the starting bone mass.
    ``behavior`` is ``"damped"``, ``"neutral"`` or ``"growing"``; ``saddle`` is ``True`` when the
    steady state is a saddle (determinant < 0, i.e. ``Gamma > 0``).
    """

    osteoclast_start: float
    osteoclast_low: float
    osteoclast_low_day: float
    osteoblast_peak: float
    osteoblast_peak_day: float
    bone_min: float
    bone_min_day: float
    bone_end: float
    t_end_days: float
    steady_state: tuple[float, float]
    behavior: str
    saddle: bool
    trace: float
    critical_g11: float
    period_days: float | None
    message: str


def summarize_run(
    result: RemodelingResult, jacobian: JacobianSummary, critical: float
) -> RunSummary:
    """Features of a run: osteoclast low point, osteoblast peak, bone-mass minimum and end.

    With the standard parameters and 10 extra osteoclasts, osteoclasts start at 11.06 (the
    stimulus itself, not a peak), fall to 0.728 on day 42.2; osteoblasts peak at 396.9 on day
    14.1; bone mass falls to 89.79 % on day 12.3 and returns to about 100 %.
    """
    t = result.t
    i1 = feature_index(result.osteoclasts, "min")
    i2 = feature_index(result.osteoblasts, "max")
    iz = feature_index(result.bone_mass, "min")
    return RunSummary(
        osteoclast_start=float(result.osteoclasts[0]),
        osteoclast_low=float(result.osteoclasts[i1]),
        osteoclast_low_day=float(t[i1]),
        osteoblast_peak=float(result.osteoblasts[i2]),
        osteoblast_peak_day=float(t[i2]),
        bone_min=float(result.bone_mass[iz]),
        bone_min_day=float(t[iz]),
        bone_end=float(result.bone_mass[-1]),
        t_end_days=float(t[-1]),
        steady_state=tuple(float(v) for v in result.steady_state),  # type: ignore[arg-type]
        behavior=jacobian.behavior,
        saddle=jacobian.determinant < 0,
        trace=float(jacobian.trace),
        critical_g11=float(critical),
        period_days=jacobian.period_days,
        message=result.message,
    )


def regime_explanation(summary: RunSummary) -> str:
    """A plain-language sentence or two on the regime (damped, neutral or unstable)."""
    crit = f"{summary.critical_g11:.3g}"
    if summary.saddle:
        return (
            "Unstable (a saddle): with these exponents Gamma = g12*g21 - (1-g11)(1-g22) is "
            "positive, so the steady state repels perturbations in one direction and the cells "
            "run away from it. There is no limit cycle."
        )
    if summary.behavior == "damped":
        return (
            f"Damped: g11 is below the critical value {crit} (trace of the Jacobian < 0). A "
            "perturbation dies away and the cells spiral back to the steady state; with the "
            "standard set this looks like a single remodeling cycle."
        )
    if summary.behavior == "neutral":
        return (
            f"Neutral: g11 equals the critical value {crit} (trace = 0). Every orbit is closed: "
            "the cycles repeat with the size set by the initial perturbation, and a bigger "
            "stimulus gives a bigger orbit. This is not a limit cycle, because no single orbit "
            "attracts its neighbors; the Komarova model has no limit cycle for any parameters."
        )
    return (
        f"Unstable: g11 is above the critical value {crit} (trace > 0). Oscillations grow, "
        "then osteoclasts collapse towards zero: the model's unstable, Paget-like regime. "
        "There is still no limit cycle."
    )


@dataclass(frozen=True)
class TreatmentComparison:
    """A treated Ayati run against the untreated run, at the end of the run (day ``t_end``)."""

    t_end_days: float
    bone_end_treated: float
    bone_end_untreated: float
    bone_min_treated: float
    bone_min_treated_day: float
    tumor_end_treated: float
    tumor_end_untreated: float
    message: str


def compare_runs(treated: TumorRemodelingResult, untreated: TumorRemodelingResult):
    """Bone mass and tumor at the end, and the lowest bone mass with treatment.

    BIOMD0000000403 run (V1 = 0.001, V2 = 0.008 from day 600) against no treatment, day 1200:
    bone mass 57.2 % against 3.1 %, tumor 25.0 % against 98.9 % of its carrying capacity.
    """
    iz = feature_index(treated.bone_mass, "min")
    return TreatmentComparison(
        t_end_days=float(treated.t[-1]),
        bone_end_treated=float(treated.bone_mass[-1]),
        bone_end_untreated=float(untreated.bone_mass[-1]),
        bone_min_treated=float(treated.bone_mass[iz]),
        bone_min_treated_day=float(treated.t[iz]),
        tumor_end_treated=float(treated.tumor[-1]),
        tumor_end_untreated=float(untreated.tumor[-1]),
        message=treated.message,
    )


# --------------------------------------------------------------------------------------------
# Views
# --------------------------------------------------------------------------------------------


def _sentence_case(text: str) -> str:
    """Capitalize the first letter only (``str.capitalize`` would lowercase V1 and V2)."""
    return text[:1].upper() + text[1:]


def _slider(value, lo, hi, step, description, fmt=".2f", width="460px"):
    return widgets.FloatSlider(
        value=value,
        min=lo,
        max=hi,
        step=step,
        description=description,
        readout_format=fmt,
        continuous_update=False,
        style={"description_width": "230px"},
        layout=widgets.Layout(width=width),
    )


class RemodelingView:
    """The Komarova 2003 model with sliders for the exponents and the initial perturbation.

    ``controls``: ``preset`` (dropdown), ``g11``, ``g12``, ``g21``, ``g22`` (exponents),
    ``extra`` (osteoclasts added to the steady state at day 0) and ``days`` (length of the run).
    ``result`` is the last :class:`~course.models.remodeling.RemodelingResult`; ``summary`` its
    :class:`RunSummary`. Other parameters stay at the Komarova 2003 standard values.
    """

    def __init__(self, *, preset: str = "standard"):
        if preset not in KOMAROVA_PRESETS:
            raise ValueError(
                f"preset must be one of {', '.join(KOMAROVA_PRESETS)}, but {preset!r} was given."
            )
        values = KOMAROVA_PRESETS[preset][1]
        self.controls: dict[str, widgets.Widget] = {
            "preset": widgets.Dropdown(
                options=[(label, key) for key, (label, _) in KOMAROVA_PRESETS.items()]
                + [("Custom (your own settings)", "custom")],
                value=preset,
                description="Preset:",
                style={"description_width": "60px"},
                layout=widgets.Layout(width="520px"),
            ),
            "g11": _slider(values["g11"], 0.3, 1.3, 0.01, "g11 (osteoclast autocrine)"),
            "g12": _slider(values["g12"], 0.0, 2.0, 0.05, "g12 (osteoclast → osteoblast)"),
            "g21": _slider(values["g21"], -1.0, 0.5, 0.05, "g21 (osteoblast → osteoclast)"),
            "g22": _slider(values["g22"], -0.5, 0.5, 0.05, "g22 (osteoblast autocrine)"),
            "extra": _slider(values["extra"], 0.0, 30.0, 0.5, "extra osteoclasts, day 0", ".1f"),
            "days": widgets.IntSlider(
                value=int(values["days"]),
                min=50,
                max=3000,
                step=50,
                description="length of run (days)",
                continuous_update=False,
                style={"description_width": "230px"},
                layout=widgets.Layout(width="460px"),
            ),
        }
        self.status = widgets.HTML()
        self.readout = widgets.HTML()
        self.result: RemodelingResult | None = None
        self.summary: RunSummary | None = None
        self._applying_preset = False
        self._compute()
        self.figure = KomarovaFigure(self.result, t_end_days=self._days())
        # The figure blits itself, one axes at a time (course.plotting.blit).
        self.pane = BlitPane(
            self.figure.fig, source=self.figure.png, description=self._description()
        )
        handler = guarded(self._update, self.status)
        for name, control in self.controls.items():
            if name == "preset":
                control.observe(self._on_preset, names="value")
            else:
                control.observe(self._on_control(handler), names="value")
        c = self.controls
        sliders = widgets.VBox(
            [
                widgets.HBox([c["g11"], c["g12"]]),
                widgets.HBox([c["g21"], c["g22"]]),
                widgets.HBox([c["extra"], c["days"]]),
            ]
        )
        self.widget = widgets.VBox(
            [
                c["preset"],
                sliders,
                self.status,
                self.readout,
                self.pane.widget,
                footer(KOMAROVA_REFERENCE),
            ]
        )
        self._show_readout()

    # -- helpers -------------------------------------------------------------------------
    def _params(self) -> dict[str, float]:
        return {k: round(float(self.controls[k].value), 6) for k in ("g11", "g12", "g21", "g22")}

    def _days(self) -> float:
        return float(self.controls["days"].value)

    def _compute(self) -> None:
        params = self._params()
        xbar1, xbar2 = steady_state(**params)
        extra = float(self.controls["extra"].value)
        result = simulate(self._days(), initial=(xbar1 + extra, xbar2, 100.0), **params)
        jac = jacobian_summary(**params)
        self.summary = summarize_run(result, jac, critical_g11(**params))
        self.result = result

    def _description(self) -> str:
        s = self.summary
        assert s is not None
        regime = "neutral closed orbits" if s.behavior == "neutral" else s.behavior
        if s.saddle:
            regime = "unstable (saddle)"
        return (
            f"Left: osteoclasts, osteoblasts and bone mass over {s.t_end_days:g} days, each with "
            f"its steady state as a dashed line. Osteoclasts start at {s.osteoclast_start:.3g} "
            f"cells and reach a low of {s.osteoclast_low:.3g} on day {s.osteoclast_low_day:.1f}; "
            f"osteoblasts peak at {s.osteoblast_peak:.4g} cells on day "
            f"{s.osteoblast_peak_day:.1f}; bone mass falls to {s.bone_min:.2f} % on day "
            f"{s.bone_min_day:.1f} and ends at {s.bone_end:.2f} %. Right: the phase plane "
            f"(osteoclasts across, osteoblasts up) from the start (circle) to the end of the run "
            f"(square), with the steady state as a cross. Regime: {regime}."
        )

    def _show_readout(self) -> None:
        s = self.summary
        assert s is not None
        period = f"{s.period_days:.0f} days" if s.period_days else "none (no oscillation)"
        rows = [
            ("Osteoclasts at day 0 (the stimulus)", f"{s.osteoclast_start:.3g} cells"),
            (
                "Osteoclast low point",
                f"{s.osteoclast_low:.3g} cells on day {s.osteoclast_low_day:.1f}",
            ),
            (
                "Osteoblast peak",
                f"{s.osteoblast_peak:.4g} cells on day {s.osteoblast_peak_day:.1f}",
            ),
            ("Bone-mass minimum", f"{s.bone_min:.2f} % on day {s.bone_min_day:.1f}"),
            (f"Bone mass at day {s.t_end_days:g}", f"{s.bone_end:.2f} %"),
            (
                "Steady state (osteoclasts, osteoblasts)",
                f"{s.steady_state[0]:.4g}, {s.steady_state[1]:.4g} cells",
            ),
            ("Critical g11 for this g22", f"{s.critical_g11:.3g}"),
            ("Linear period at the steady state", period),
        ]
        table = "".join(
            f"<tr><td style='padding:1px 10px 1px 0'>{html.escape(k)}</td>"
            f"<td><b>{html.escape(v)}</b></td></tr>"
            for k, v in rows
        )
        note = ""
        if s.message:
            note = f"<div style='{NOTE_STYLE}'><b>Model message:</b> {html.escape(s.message)}</div>"
        self.readout.value = (
            f"<div style='{INFO_STYLE}'><b>{html.escape(regime_explanation(s))}</b>"
            f"<table style='margin-top:4px'>{table}</table></div>{note}"
        )

    # -- events --------------------------------------------------------------------------
    def _on_control(self, handler):
        def on_change(_change) -> None:
            if self._applying_preset:
                return
            if self.controls["preset"].value != "custom":
                self._applying_preset = True
                try:
                    self.controls["preset"].value = "custom"
                finally:
                    self._applying_preset = False
            handler()

        return on_change

    def _on_preset(self, change) -> None:
        if self._applying_preset or change["new"] == "custom":
            return
        values = KOMAROVA_PRESETS[change["new"]][1]
        self._applying_preset = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._applying_preset = False
        guarded(self._update, self.status)()

    def _update(self) -> None:
        self._compute()
        self.figure.update(self.result, t_end_days=self._days())
        self.pane.set_description(self._description())
        self.pane.refresh()
        self._show_readout()


class TumorTreatmentView:
    """The Ayati 2010 tumor model with treatment switched on at a chosen day.

    ``controls``: ``scenario`` (dropdown), ``on`` (checkbox: any treatment), ``start`` (day
    treatment starts), ``antitumor`` (Ayati's V2, per day), ``antiresorptive`` (fraction of
    resorption blocked; course teaching extension) and ``anabolic`` (Ayati's V1, per day).
    ``result`` is the last treated :class:`~course.models.remodeling.TumorRemodelingResult`;
    ``untreated`` the fixed comparison run; ``comparison`` a :class:`TreatmentComparison`.
    """

    def __init__(self, *, scenario: str = "ayati"):
        if scenario not in TUMOR_SCENARIOS:
            raise ValueError(
                f"scenario must be one of {', '.join(TUMOR_SCENARIOS)}, but {scenario!r} was given."
            )
        values = TUMOR_SCENARIOS[scenario][1]
        style = {"description_width": "230px"}
        layout = widgets.Layout(width="460px")
        self.controls: dict[str, widgets.Widget] = {
            "scenario": widgets.Dropdown(
                options=[(label, key) for key, (label, _) in TUMOR_SCENARIOS.items()]
                + [("Custom (your own settings)", "custom")],
                value=scenario,
                description="Scenario:",
                style={"description_width": "70px"},
                layout=widgets.Layout(width="620px"),
            ),
            "on": widgets.Checkbox(value=bool(values["on"]), description="Treatment on"),
            "start": widgets.IntSlider(
                value=int(values["start"]),
                min=0,
                max=1150,
                step=50,
                description="treatment starts on day",
                continuous_update=False,
                style=style,
                layout=layout,
            ),
            "antitumor": widgets.FloatSlider(
                value=float(values["antitumor"]),
                min=0.0,
                max=0.012,
                step=0.001,
                readout_format=".3f",
                description="anti-tumor effect V2 (/day)",
                continuous_update=False,
                style=style,
                layout=layout,
            ),
            "antiresorptive": widgets.FloatSlider(
                value=float(values["antiresorptive"]),
                min=0.0,
                max=1.0,
                step=0.05,
                readout_format=".2f",
                description="anti-resorptive (fraction)",
                continuous_update=False,
                style=style,
                layout=layout,
            ),
            "anabolic": widgets.FloatSlider(
                value=float(values["anabolic"]),
                min=0.0,
                max=0.004,
                step=0.0005,
                readout_format=".4f",
                description="Ayati V1 (/day)",
                continuous_update=False,
                style=style,
                layout=layout,
            ),
        }
        self.status = widgets.HTML()
        self.readout = widgets.HTML()
        self.untreated = simulate_with_tumor(TUMOR_T_END_DAYS)
        self.result: TumorRemodelingResult | None = None
        self.comparison: TreatmentComparison | None = None
        self._applying = False
        self._compute()
        self.figure = TumorFigure(
            self.result, self.untreated, treatment_start_day=self._start_day()
        )
        # The figure blits itself, one axes at a time (course.plotting.blit).
        self.pane = BlitPane(
            self.figure.fig, source=self.figure.png, description=self._description()
        )
        handler = guarded(self._update, self.status)
        for name, control in self.controls.items():
            if name == "scenario":
                control.observe(self._on_scenario, names="value")
            else:
                control.observe(self._on_control(handler), names="value")
        c = self.controls
        self.widget = widgets.VBox(
            [
                c["scenario"],
                widgets.HBox([c["on"], c["start"]]),
                widgets.HBox([c["antitumor"], c["antiresorptive"]]),
                c["anabolic"],
                self.status,
                self.readout,
                self.pane.widget,
                footer((AYATI_REFERENCE, KOMAROVA_REFERENCE)),
            ]
        )
        self._show_readout()

    def _start_day(self) -> float | None:
        return float(self.controls["start"].value) if self.controls["on"].value else None

    def _compute(self) -> None:
        start = self._start_day()
        if start is None:
            result = self.untreated
        else:
            result = simulate_with_tumor(
                TUMOR_T_END_DAYS,
                treatment_start_day=start,
                antitumor=float(self.controls["antitumor"].value),
                antiresorptive=float(self.controls["antiresorptive"].value),
                anabolic=float(self.controls["anabolic"].value),
            )
        self.result = result
        self.comparison = compare_runs(result, self.untreated)

    def _treatment_words(self) -> str:
        start = self._start_day()
        if start is None:
            return "no treatment"
        c = self.controls
        return (
            f"treatment from day {start:g} (anti-tumor V2 {c['antitumor'].value:.3f}/day, "
            f"anti-resorptive {c['antiresorptive'].value:.2f}, V1 {c['anabolic'].value:.4f}/day)"
        )

    def _description(self) -> str:
        cmp_ = self.comparison
        assert cmp_ is not None
        return (
            f"Four panels over {cmp_.t_end_days:g} days with {self._treatment_words()}; the "
            "untreated run is dashed, the treated run solid, and the treatment period is shaded "
            "and labelled. Top left: the tumor grows along an S-shaped (Gompertz) curve towards "
            f"its capacity; at the end it is at {cmp_.tumor_end_treated:.1f} % with treatment "
            f"against {cmp_.tumor_end_untreated:.1f} % without. Top right: bone mass falls in "
            f"steps, one per remodeling burst; at the end it is {cmp_.bone_end_treated:.1f} % "
            f"with treatment against {cmp_.bone_end_untreated:.1f} % without. Bottom: osteoclasts "
            "come in bursts and osteoblasts cycle, with treatment."
        )

    def _show_readout(self) -> None:
        cmp_ = self.comparison
        assert cmp_ is not None
        d = f"{cmp_.t_end_days:g}"
        rows = [
            (f"Bone mass at day {d}", cmp_.bone_end_treated, cmp_.bone_end_untreated, "%"),
            (f"Tumor at day {d}", cmp_.tumor_end_treated, cmp_.tumor_end_untreated, "% of cap."),
        ]
        table = "<tr><th></th><th style='padding:0 10px'>this run</th><th>untreated</th></tr>"
        table += "".join(
            f"<tr><td style='padding-right:10px'>{html.escape(k)}</td>"
            f"<td style='padding:0 10px'><b>{a:.1f}</b> {u}</td><td>{b:.1f} {u}</td></tr>"
            for k, a, b, u in rows
        )
        lowest = (
            f"Lowest bone mass in this run: <b>{cmp_.bone_min_treated:.1f} %</b> on day "
            f"{cmp_.bone_min_treated_day:.0f}."
        )
        note = ""
        if cmp_.message:
            note = (
                f"<div style='{NOTE_STYLE}'><b>Model message:</b> {html.escape(cmp_.message)}</div>"
            )
        self.readout.value = (
            f"<div style='{INFO_STYLE}'><b>{html.escape(_sentence_case(self._treatment_words()))}"
            f"</b><table style='margin-top:4px'>{table}</table>{lowest}</div>{note}"
        )

    def _on_control(self, handler):
        def on_change(_change) -> None:
            if self._applying:
                return
            if self.controls["scenario"].value != "custom":
                self._applying = True
                try:
                    self.controls["scenario"].value = "custom"
                finally:
                    self._applying = False
            handler()

        return on_change

    def _on_scenario(self, change) -> None:
        if self._applying or change["new"] == "custom":
            return
        values = TUMOR_SCENARIOS[change["new"]][1]
        self._applying = True
        try:
            for name, value in values.items():
                self.controls[name].value = value
        finally:
            self._applying = False
        guarded(self._update, self.status)()

    def _update(self) -> None:
        self._compute()
        self.figure.update(self.result, treatment_start_day=self._start_day())
        self.pane.set_description(self._description())
        self.pane.refresh()
        self._show_readout()
