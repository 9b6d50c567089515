"""Calculator views of module 2: the Mirels score, SINS and corrected calcium with its CTCAE grade.

Each view is thin: the scoring is done by :mod:`course.calculators` (Mirels 1989, Fisher 2010,
Payne 1973 and CTCAE v5.0), the drawing by :mod:`course.plotting.presentation`. A view exposes
``.controls`` (dict of ipywidgets controls), ``.result`` (the last valid result, or ``None``
while the input is incomplete or invalid) and ``.widget`` (the root container to display). It
shows the total, the band, what the band means clinically, the reference and the education-only
footer; a bad input shows a message inside the widget and never a score.

The corrected calcium is rounded to a laboratory's reporting precision (0.1 mg/dL, 0.01 mmol/L;
half up) before it is graded, and both the calculated and the reported value are shown
(:func:`assess_calcium`).

For education only, not for clinical decisions.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from numbers import Real

import ipywidgets as widgets

from course.calculators import calcium as calcium_calc
from course.calculators import mirels as mirels_calc
from course.calculators import sins as sins_calc
from course.plotting.presentation import calcium_figure, score_figure, sins_figure
from course.widgets.base import FigurePane, footer, guarded

__all__ = [
    "MIRELS_BAND_NAMES",
    "REPORTING_PRECISION",
    "SINS_BAND_NAMES",
    "CalciumAssessment",
    "CalciumCalculator",
    "MirelsCalculator",
    "SinsCalculator",
    "assess_calcium",
    "report_calcium",
]

RESULT_STYLE = "border-left:4px solid #0072B2;background:#EAF3FA;padding:6px 10px;margin:4px 0"
_WIDE = {"description_width": "initial"}

#: Mirels band -> the name shown to the learner, with its totals.
MIRELS_BAND_NAMES: dict[str, str] = {
    "low": "Low (4-7)",
    "borderline": "Borderline (8)",
    "high": "High (9-12)",
}
#: SINS band -> the name shown to the learner, with its totals.
SINS_BAND_NAMES: dict[str, str] = {
    "stable": "Stable (0-6)",
    "potentially_unstable": "Potentially unstable (7-12)",
    "unstable": "Unstable (13-18)",
}
_MIRELS_BANDS = ((4, 7, "Low"), (8, 8, "Borderline"), (9, 12, "High"))
_SINS_BANDS = ((0, 6, "Stable"), (7, 12, "Potentially unstable"), (13, 18, "Unstable"))
_MIRELS_SHORT = {"site": "Site", "pain": "Pain", "lesion": "Lesion type", "size": "Size"}
_SINS_SHORT = {
    "location": "Location",
    "pain": "Pain",
    "bone_lesion": "Bone lesion",
    "alignment": "Alignment",
    "collapse": "Collapse",
    "posterolateral": "Posterolateral",
}


def _dropdown(labels: dict[str, str], caption: str, value: object) -> widgets.Dropdown:
    return widgets.Dropdown(
        options=[(label, choice) for choice, label in labels.items()],
        value=value if value in labels else None,
        description=f"{caption}:",
        style=_WIDE,
        layout=widgets.Layout(width="auto", min_width="460px"),
    )


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


class _ChoiceView:
    """Shared plumbing of the two score views: dropdowns, status, summary, figure, footer."""

    _score_name = ""
    _labels: dict[str, dict[str, str]] = {}
    _captions: dict[str, str] = {}

    def _init_choices(self, chosen: dict[str, object]) -> None:
        self.controls: dict[str, widgets.Widget] = {}
        # A value passed to the constructor that is not allowed is kept here, so that the
        # calculator's own message explains it inside the widget.
        self._rejected: dict[str, object] = {}
        for item, value in chosen.items():
            self.controls[item] = _dropdown(self._labels[item], self._captions[item], value)
            if value not in self._labels[item]:
                self._rejected[item] = value

    def _choice_values(self) -> dict[str, str]:
        values = {}
        for item in self._labels:
            value = self.controls[item].value
            if value is None:
                if item in self._rejected:
                    value = self._rejected[item]
                else:
                    caption = self._captions[item]
                    raise ValueError(
                        f"Choose an option for '{caption}' to get a {self._score_name}."
                    )
            else:
                self._rejected.pop(item, None)
            values[item] = value
        return values

    def _start_update(self) -> None:
        self.result = None
        self.summary.value = ""
        self.pane.widget.layout.display = "none"

    def _finish_update(self, description: str) -> None:
        self.pane.set_description(description)
        self.pane.refresh()
        self.pane.widget.layout.display = None


class MirelsCalculator(_ChoiceView):
    """Mirels score of a metastasis in a long bone (Mirels 1989), with its band and meaning.

    Args (keyword-only): initial choices, as in :func:`course.calculators.mirels.mirels_score`.
    An initial value that is not allowed leaves that dropdown empty and shows why.
    """

    _score_name = "Mirels score"
    _labels = mirels_calc.MIRELS_LABELS
    _captions = mirels_calc.MIRELS_ITEM_LABELS

    def __init__(
        self,
        *,
        site: str = "lower_limb",
        pain: str = "moderate",
        lesion: str = "mixed",
        size: str = "1/3-2/3",
    ):
        self.result: mirels_calc.MirelsResult | None = None
        self._init_choices({"site": site, "pain": pain, "lesion": lesion, "size": size})
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        fig, self.panel = score_figure(
            items=mirels_calc.MIRELS_ITEMS,
            item_labels=_MIRELS_SHORT,
            bands=_MIRELS_BANDS,
            total_range=mirels_calc.MIRELS_TOTAL_RANGE,
            title="Mirels score: points by item and band",
        )
        self.pane = FigurePane(fig, width_px=720)
        header = widgets.HTML(
            "<b>Mirels score calculator</b> (a metastasis in a long bone): choose one option "
            "for each of the four items."
        )
        self.widget = widgets.VBox(
            [
                header,
                *self.controls.values(),
                self.status,
                self.summary,
                self.pane.widget,
                footer(mirels_calc.REFERENCE),
            ]
        )
        self._handler = guarded(self.update, self.status)
        for control in self.controls.values():
            control.observe(self._handler, names="value")
        self._handler()

    def update(self) -> None:
        """Recompute and redraw from the controls (raises ValueError on a bad input)."""
        self._start_update()
        r = mirels_calc.mirels_score(**self._choice_values())
        parts = " + ".join(
            f"{_MIRELS_SHORT[item].lower()} {points}" for item, points in r.components.items()
        )
        band = MIRELS_BAND_NAMES[r.band]
        self.summary.value = (
            f"<div style='{RESULT_STYLE}' role='status'>"
            f"<b>Mirels total: {r.total}</b> of 12 ({html.escape(parts)})<br>"
            f"<b>Band:</b> {band}<br>"
            f"<b>What it means:</b> {html.escape(r.interpretation)}</div>"
        )
        self.panel.update(r.components, r.total)
        self._finish_update(
            f"Stacked bar of the four items ({html.escape(parts)}) reaching a total of "
            f"{r.total} on a scale from 4 to 12, above the three bands: low 4-7, borderline 8 and "
            f"high 9-12. The {band} band is outlined."
        )
        self.result = r


class SinsCalculator(_ChoiceView):
    """Spinal Instability Neoplastic Score (Fisher 2010), from a vertebral level and five items.

    The level (C1 to S5, typed or picked) gives the location item through
    :func:`course.calculators.sins.sins_location`; an unknown level shows an error.

    Args (keyword-only): ``level`` and the other five items as in
    :func:`course.calculators.sins.sins_score`.
    """

    _score_name = "SINS"
    _labels = {k: v for k, v in sins_calc.SINS_LABELS.items() if k != "location"}
    _captions = {k: v for k, v in sins_calc.SINS_ITEM_LABELS.items() if k != "location"}

    def __init__(
        self,
        *,
        level: str = "T12",
        pain: str = "mechanical",
        bone_lesion: str = "lytic",
        alignment: str = "normal",
        collapse: str = "under_50",
        posterolateral: str = "unilateral",
    ):
        self.result: sins_calc.SinsResult | None = None
        level_box = widgets.Combobox(
            options=list(sins_calc.SPINE_LEVELS),
            value=str(level),
            placeholder="e.g. T12 or L3",
            ensure_option=False,
            continuous_update=False,
            description="Vertebral level (C1 to S5):",
            style=_WIDE,
            layout=widgets.Layout(width="320px"),
        )
        self._init_choices(
            {
                "pain": pain,
                "bone_lesion": bone_lesion,
                "alignment": alignment,
                "collapse": collapse,
                "posterolateral": posterolateral,
            }
        )
        self.controls = {"level": level_box, **self.controls}
        self.location = widgets.HTML()
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        fig, self.spine, self.panel = sins_figure(
            items=sins_calc.SINS_ITEMS,
            item_labels=_SINS_SHORT,
            bands=_SINS_BANDS,
            total_range=sins_calc.SINS_TOTAL_RANGE,
        )
        self.pane = FigurePane(fig, width_px=860)
        header = widgets.HTML(
            "<b>SINS calculator</b> (Spinal Instability Neoplastic Score): type or pick the "
            "level of the lesion, then choose one option for each of the other five items."
        )
        self.widget = widgets.VBox(
            [
                header,
                level_box,
                self.location,
                *(self.controls[item] for item in self._labels),
                self.status,
                self.summary,
                self.pane.widget,
                footer(sins_calc.REFERENCE),
            ]
        )
        self._handler = guarded(self.update, self.status)
        for control in self.controls.values():
            control.observe(self._handler, names="value")
        self._handler()

    def update(self) -> None:
        """Recompute and redraw from the controls (raises ValueError on a bad input)."""
        self._start_update()
        self.location.value = ""
        raw_level = self.controls["level"].value
        location = sins_calc.sins_location(raw_level)
        level = raw_level.strip().upper()
        r = sins_calc.sins_score(location=location, **self._choice_values())
        loc_points = r.components["location"]
        self.location.value = (
            f"Location: <b>{html.escape(level)}</b> is "
            f"<b>{html.escape(sins_calc.SINS_LABELS['location'][location])}</b>"
        )
        parts = " + ".join(
            f"{_SINS_SHORT[item].lower()} {points}" for item, points in r.components.items()
        )
        band = SINS_BAND_NAMES[r.band]
        consult = (
            "Yes: a total of 7 or more warrants a spine surgeon's opinion."
            if r.surgical_consultation
            else "Not on the score alone (total below 7)."
        )
        self.summary.value = (
            f"<div style='{RESULT_STYLE}' role='status'>"
            f"<b>SINS total: {r.total}</b> of 18 ({html.escape(parts)})<br>"
            f"<b>Band:</b> {band}<br>"
            f"<b>Surgical consultation:</b> {consult}<br>"
            f"<b>What it means:</b> {html.escape(r.interpretation)}</div>"
        )
        self.spine.select(level)
        self.panel.update(r.components, r.total)
        self._finish_update(
            f"Left: the spine from C1 to S5, each level patterned by its SINS location; {level} "
            f"is outlined and labelled {location.replace('_', '-')} ({_points(loc_points)}). "
            f"Right: stacked bar of the six items ({parts}) reaching a total of {r.total} on a "
            f"scale from 0 to 18, above the bands stable 0-6, potentially unstable 7-12 and "
            f"unstable 13-18; the {band} band is outlined."
        )
        self.result = r


# ---------------------------------------------------------------------------------------------
# Corrected calcium and the CTCAE grade
# ---------------------------------------------------------------------------------------------

#: Units -> the step a laboratory reports total calcium in (0.1 mg/dL, 0.01 mmol/L).
REPORTING_PRECISION: dict[str, str] = {"mg/dL": "0.1", "mmol/L": "0.01"}
# 1 mmol/L of calcium is 4.008 mg/dL (molar mass of calcium 40.08 g/mol); used only to convert
# the boxes' values when the learner switches units (quantitative_models 4.7: 0.2495 mmol/L per
# mg/dL).
_MG_DL_PER_MMOL_L = 4.008
#: Units -> (mild below, moderate up to and including): the clinical shorthand of BMJ Best
#: Practice (medical_facts 4.6): mild < 12 mg/dL (3.0 mmol/L), moderate 12-14 mg/dL (3.0-3.5
#: mmol/L), severe > 14 mg/dL (3.5 mmol/L).
_CLINICAL_SHORTHAND = {"mg/dL": (12.0, 14.0), "mmol/L": (3.0, 3.5)}
_TREATABLE = {"mg/dL": 12.0, "mmol/L": 3.0}  # zoledronic acid US label (medical_facts 4.6)


def report_calcium(value: float, *, units: str = "mg/dL") -> float:
    """Round a calcium value to a laboratory's reporting step, half up (11.65 -> 11.7 mg/dL).

    Raises:
        ValueError: for units other than ``"mg/dL"`` or ``"mmol/L"``, or a value that is not a
            finite number.
    """
    if units not in REPORTING_PRECISION:
        raise ValueError(f"units must be 'mg/dL' or 'mmol/L'; got {units!r}.")
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"A calcium value must be a number; got {value!r}.")
    number = Decimal(repr(float(value)))
    if not number.is_finite():
        raise ValueError(f"A calcium value must be a finite number; got {value!r}.")
    return float(number.quantize(Decimal(REPORTING_PRECISION[units]), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class CalciumAssessment:
    """Corrected calcium and its CTCAE v5.0 grade, as :func:`assess_calcium` computes them.

    Attributes:
        units: ``"mg/dL"`` (albumin in g/dL) or ``"mmol/L"`` (albumin in g/L).
        measured, albumin, uln: the inputs (``uln`` filled in with the default if not given).
        corrected: the calculated corrected calcium (4 decimal places).
        reported: ``corrected`` rounded to the reporting step (0.1 mg/dL or 0.01 mmol/L).
        grade: CTCAE v5.0 grade of the reported value (0-4).
        unrounded_grade: the grade the calculated value would get (may differ at a cut-off).
        description: what the grade means (CTCAE wording).
        severity: clinical shorthand ("none", "mild", "moderate", "severe").
    """

    units: str
    measured: float
    albumin: float
    uln: float
    corrected: float
    reported: float
    grade: int
    unrounded_grade: int
    description: str
    severity: str


def assess_calcium(
    calcium: float, albumin: float, *, units: str = "mg/dL", uln: float | None = None
) -> CalciumAssessment:
    """Correct a total calcium for albumin, round it as a lab reports it, and grade it.

    Raises:
        ValueError: as :func:`course.calculators.calcium.corrected_calcium` and
            :func:`course.calculators.calcium.hypercalcemia_grade` do (units, ranges, ULN).
    """
    corrected = calcium_calc.corrected_calcium(calcium, albumin, units=units)
    reported = report_calcium(corrected, units=units)
    grade = calcium_calc.hypercalcemia_grade(reported, units=units, uln=uln)
    unrounded = calcium_calc.hypercalcemia_grade(corrected, units=units, uln=uln)
    limit = calcium_calc.DEFAULT_ULN[units] if uln is None else float(uln)
    mild_below, moderate_to = _CLINICAL_SHORTHAND[units]
    if reported <= limit:
        severity = "none"
    elif reported < mild_below:
        severity = "mild"
    elif reported <= moderate_to:
        severity = "moderate"
    else:
        severity = "severe"
    return CalciumAssessment(
        units=units,
        measured=float(calcium),
        albumin=float(albumin),
        uln=limit,
        corrected=corrected,
        reported=reported,
        grade=grade,
        unrounded_grade=unrounded,
        description=calcium_calc.HYPERCALCEMIA_GRADE_DESCRIPTIONS[grade],
        severity=severity,
    )


class CalciumCalculator:
    """Albumin-corrected calcium and its CTCAE v5.0 grade, in mg/dL or mmol/L.

    Switching units converts the values in the boxes (calcium by 4.008 mg/dL per mmol/L,
    albumin by 10 g/L per g/dL) and resets the upper limit of normal to the default of the
    new unit system; each value is always graded with the cut-offs of its own unit system.

    Args (keyword-only): ``calcium`` (measured total calcium), ``albumin``, ``units`` and
    ``uln`` (the laboratory's upper limit of normal; default 10.5 mg/dL or 2.6 mmol/L).
    """

    def __init__(
        self,
        *,
        calcium: float = 10.4,
        albumin: float = 2.5,
        units: str = "mg/dL",
        uln: float | None = None,
    ):
        self.result: CalciumAssessment | None = None
        start_units = units if units in calcium_calc.CALCIUM_UNITS else "mg/dL"
        self._busy = False
        self.controls: dict[str, widgets.Widget] = {
            "units": widgets.ToggleButtons(
                options=[
                    ("mg/dL (albumin in g/dL)", "mg/dL"),
                    ("mmol/L (albumin in g/L)", "mmol/L"),
                ],
                value=start_units,
                description="Units:",
                style={"description_width": "initial", "button_width": "190px"},
            ),
            "calcium": widgets.FloatText(
                value=calcium, description="Measured total calcium:", style=_WIDE
            ),
            "albumin": widgets.FloatText(value=albumin, description="Albumin:", style=_WIDE),
            "uln": widgets.FloatText(
                value=calcium_calc.DEFAULT_ULN[start_units] if uln is None else uln,
                description="Lab's upper limit of normal:",
                style=_WIDE,
            ),
        }
        self._bad_units = None if units == start_units else units
        self.unit_notes = {k: widgets.HTML() for k in ("calcium", "albumin", "uln")}
        self.status = widgets.HTML()
        self.summary = widgets.HTML()
        fig, self.scale = calcium_figure(units=start_units)
        self.pane = FigurePane(fig, width_px=720)
        header = widgets.HTML(
            "<b>Corrected calcium and CTCAE grade</b>: enter the measured total calcium and the "
            "albumin of the same blood sample."
        )
        rows = [
            widgets.HBox([self.controls[k], self.unit_notes[k]])
            for k in ("calcium", "albumin", "uln")
        ]
        self.widget = widgets.VBox(
            [
                header,
                self.controls["units"],
                *rows,
                self.status,
                self.summary,
                self.pane.widget,
                footer((calcium_calc.PAYNE_REFERENCE, calcium_calc.CTCAE_REFERENCE)),
            ]
        )
        self._handler = guarded(self.update, self.status)
        self.controls["units"].observe(self._on_units, names="value")
        for key in ("calcium", "albumin", "uln"):
            self.controls[key].observe(self._on_value, names="value")
        self._handler()

    def _on_value(self, _change: object = None) -> None:
        if not self._busy:
            self._handler()

    def _on_units(self, change: dict) -> None:
        old, new = change["old"], change["new"]
        self._bad_units = None
        self._busy = True
        try:
            ca, alb = self.controls["calcium"], self.controls["albumin"]
            if old == "mg/dL" and new == "mmol/L":
                ca.value = report_calcium(ca.value / _MG_DL_PER_MMOL_L, units=new)
                alb.value = round(alb.value * 10, 1)
            elif old == "mmol/L" and new == "mg/dL":
                ca.value = report_calcium(ca.value * _MG_DL_PER_MMOL_L, units=new)
                alb.value = round(alb.value / 10, 2)
            self.controls["uln"].value = calcium_calc.DEFAULT_ULN[new]
        except (ValueError, TypeError):
            pass  # a box held something that cannot be converted: the update will say so
        finally:
            self._busy = False
        self._handler()

    def update(self) -> None:
        """Recompute and redraw from the controls (raises ValueError on a bad input)."""
        self.result = None
        self.summary.value = ""
        self.pane.widget.layout.display = "none"
        units = self.controls["units"].value
        alb_unit = calcium_calc.ALBUMIN_UNITS[units]
        self.unit_notes["calcium"].value = f"&nbsp;{units}"
        self.unit_notes["albumin"].value = f"&nbsp;{alb_unit}"
        self.unit_notes["uln"].value = f"&nbsp;{units}"
        if self._bad_units is not None:
            raise ValueError(
                f"units must be 'mg/dL' or 'mmol/L'; got {self._bad_units!r}. Pick one above."
            )
        ca = self.controls["calcium"].value
        alb = self.controls["albumin"].value
        uln = self.controls["uln"].value
        a = assess_calcium(ca, alb, units=units, uln=uln)
        digits = 1 if units == "mg/dL" else 2
        factor, ref_alb = (0.8, "4.0") if units == "mg/dL" else (0.02, "40")
        shift = a.corrected - a.measured
        rounding_note = ""
        if a.grade != a.unrounded_grade:
            why = (
                " (a value equal to a cut-off belongs to the lower grade)"
                if a.grade < a.unrounded_grade
                else ""
            )
            rounding_note = (
                f"<br><i>Rounding matters here:</i> the calculated value {a.corrected:g} would be "
                f"grade {a.unrounded_grade}, but the value the lab reports, "
                f"{a.reported:.{digits}f}, is grade {a.grade}{why}."
            )
        treat = _TREATABLE[units]
        meaning = {
            "none": (
                "At or below the upper limit of normal: not hypercalcemia (this calculator "
                "does not grade a low calcium)."
            ),
            "mild": "Mild by the common clinical shorthand (below 12 mg/dL, 3.0 mmol/L).",
            "moderate": "Moderate by the common clinical shorthand (12-14 mg/dL, 3.0-3.5 mmol/L).",
            "severe": "Severe by the common clinical shorthand (above 14 mg/dL, 3.5 mmol/L).",
        }[a.severity]
        if a.reported >= treat:
            meaning += (
                f" It is at or above {treat:g} {units}, the corrected calcium from which "
                "zoledronic acid's US label treats hypercalcemia of malignancy."
            )
        meaning += (
            " Symptoms depend on the level and on how fast it rose; use ionized calcium when "
            "albumin is very abnormal, with an acid-base disturbance or in renal failure."
        )
        self.summary.value = (
            f"<div style='{RESULT_STYLE}' role='status'>"
            f"<b>Corrected calcium:</b> {a.measured:g} + {factor:g} &times; ({ref_alb} &minus; "
            f"{a.albumin:g}) = {a.corrected:g} {units} (calculated); "
            f"<b>reported {a.reported:.{digits}f} {units}</b> "
            f"(a lab reports to {REPORTING_PRECISION[units]} {units}).<br>"
            f"<b>CTCAE v5.0 grade (of the reported value, upper limit of normal "
            f"{a.uln:g} {units}): {a.grade}</b>. {html.escape(a.description)}{rounding_note}<br>"
            f"<b>What it means:</b> {html.escape(meaning)}</div>"
        )
        self.scale.update(
            measured=a.measured,
            corrected=a.corrected,
            reported=a.reported,
            units=units,
            uln=a.uln,
        )
        direction = "up" if shift > 0 else ("down" if shift < 0 else "not at all")
        self.pane.set_description(
            f"A calcium scale in {units} with the CTCAE bands grade 0 (up to {a.uln:g}), 1, 2, "
            f"3 and 4. An open circle marks the measured {a.measured:g}; an arrow leads to a "
            f"filled diamond at the corrected {a.reported:.{digits}f} (moved {direction} by the "
            f"albumin correction), in the grade {a.grade} band."
        )
        self.pane.refresh()
        self.pane.widget.layout.display = None
        self.result = a
