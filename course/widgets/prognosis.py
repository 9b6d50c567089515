"""Calculator views for the revised Tokuhashi score and the new Katagiri score (notebook 6.3).

Each view: dropdowns and checkboxes for the score's items, the total on a band scale (figure),
the band's meaning for treatment choice, the points of each item, and a box that says plainly
which parts are **not verified** for this course (from ``course.calculators.prognosis.UNVERIFIED``).
The pure scoring is in :mod:`course.calculators.prognosis`; the band figure in
:mod:`course.plotting.prognosis`.

Scores guide the choice between surgery, radiotherapy and supportive care; they are not exact
predictions (no score exceeds 90% agreement between predicted and actual survival; Tokuhashi
2014 review). For education only, not for clinical decisions.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets

from course.calculators.prognosis import (
    KATAGIRI_BANDS,
    KATAGIRI_LAB_DEFINITIONS,
    KATAGIRI_POINTS,
    KATAGIRI_PRIMARY_GROUPS,
    KATAGIRI_REFERENCE,
    KATAGIRI_VERIFIED_SURVIVAL_PERCENT,
    TOKUHASHI_BANDS,
    TOKUHASHI_POINTS,
    TOKUHASHI_REFERENCE,
    UNVERIFIED,
    KatagiriResult,
    TokuhashiResult,
    katagiri_primary_group,
    katagiri_score,
    tokuhashi_revised_score,
)
from course.plotting.prognosis import ScoreBand, score_band_figure, update_score_band
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = [
    "KATAGIRI_TREATMENT",
    "TokuhashiView",
    "KatagiriView",
    "unverified_notes",
]

UNVERIFIED_STYLE = (
    "border-left:4px solid #E69F00;background:#FFF6E0;padding:6px 10px;margin:4px 0;color:#4A3300"
)
RESULT_STYLE = "border-left:4px solid #0072B2;background:#EAF3FA;padding:6px 10px;margin:4px 0"

#: How the course teaches the use of the Katagiri groups (a general principle of matching the
#: burden and durability of a treatment to the expected survival; not a rule from the paper).
KATAGIRI_TREATMENT: Mapping[str, str] = {
    "low": (
        "long expected survival: durable local control matters (for example fixation that lasts, "
        "or stereotactic radiotherapy in selected patients), because the bone must hold for years"
    ),
    "intermediate": (
        "weigh durability against burden case by case, with the patient's goals and the "
        "remaining systemic options"
    ),
    "high": (
        "short expected survival: choose the least burdensome effective treatment (for example a "
        "single radiotherapy fraction for pain) and put supportive care first"
    ),
}

_TOKUHASHI_BAND_TEXT = {
    "under_6_months": "predicted survival\nunder 6 months",
    "6_months_or_more": "6 months\nor more",
    "1_year_or_more": "1 year\nor more",
}

_TOKUHASHI_OPTIONS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "general_condition": (
        "General condition (Karnofsky)",
        (
            ("Poor: KPS 10-40%", "poor"),
            ("Moderate: KPS 50-70%", "moderate"),
            ("Good: KPS 80-100%", "good"),
        ),
    ),
    "extraspinal_bone_metastases": (
        "Bone metastases outside the spine",
        (("3 or more foci", "3_or_more"), ("1-2 foci", "1_to_2"), ("None", "0")),
    ),
    "vertebral_body_metastases": (
        "Metastases in vertebral bodies",
        (("3 or more", "3_or_more"), ("2", "2"), ("1", "1")),
    ),
    "major_organ_metastases": (
        "Metastases to major internal organs",
        (("Unremovable", "unremovable"), ("Removable", "removable"), ("None", "none")),
    ),
    "primary_site": (
        "Primary site",
        tuple(
            (name.capitalize() if name != "others" else "Others (not listed)", name)
            for name in TOKUHASHI_POINTS["primary_site"]
        ),
    ),
    "palsy": (
        "Palsy (Frankel grade)",
        (
            ("Complete: Frankel A or B", "complete"),
            ("Incomplete: Frankel C or D", "incomplete"),
            ("None: Frankel E", "none"),
        ),
    ),
}

_KATAGIRI_BAND_TEXT = {
    "low": "low risk\n1 year 91%, 2 years 78%",
    "intermediate": "intermediate\nsurvival figures\nnot verified",
    "high": "high risk\n6 months 27%, 1 year 6%",
}


def unverified_notes(prefix: str) -> list[tuple[str, str]]:
    """(topic, note) for each UNVERIFIED entry whose key starts with ``prefix`` ("katagiri").

    The topic is the rest of the key in words, e.g. ``"survival, low, 6 months"``.
    """
    out = []
    for key, text in UNVERIFIED.items():
        if key.startswith(prefix + "."):
            topic = key[len(prefix) + 1 :].replace(".", ", ").replace("_", " ")
            out.append((topic, text))
    return out


def _labelled(options: tuple[tuple[str, str], ...], points: Mapping[str, int]):
    out = []
    for text, value in options:
        p = points[value]
        out.append((f"{text} ({p} point{'s' if p != 1 else ''})", value))
    return tuple(out)


def _unverified_box(title: str, notes: list[tuple[str, str]]) -> str:
    items = "".join(
        f"<li><b>{html.escape(topic)}</b>: {html.escape(text)}</li>" for topic, text in notes
    )
    return (
        f"<div style='{UNVERIFIED_STYLE}'><b>Not verified for this course: {html.escape(title)}"
        f"</b><ul>{items}</ul></div>"
    )


def _components_table(rows: list[tuple[str, str, int]], total: int, maximum: int) -> str:
    body = "".join(
        f"<tr><td>{html.escape(item)}</td><td>{html.escape(choice)}</td>"
        f"<td style='text-align:right'>{points}</td></tr>"
        for item, choice, points in rows
    )
    return (
        "<table style='border-collapse:collapse'><tr><th style='text-align:left'>Item</th>"
        "<th style='text-align:left'>Choice</th><th>Points</th></tr>"
        f"{body}<tr><td colspan='2'><b>Total</b></td>"
        f"<td style='text-align:right'><b>{total}/{maximum}</b></td></tr></table>"
    )


class _ScoreBandView:
    """What the two prognosis calculators share: a band figure with the total marked, a status
    line, a result box, and a redraw whenever a control changes. Subclasses set ``controls`` and
    ``result`` and define ``update``, ``_show`` and ``_describe``."""

    def _build_figure(self, **figure) -> None:
        """The band figure (arguments of :func:`score_band_figure`) and its fast-redraw pane."""
        self.artists = score_band_figure(**figure)
        self.status = widgets.HTML()
        self.output = widgets.HTML()
        self._show(self.result)
        self.pane = BlitPane(
            self.artists.fig,
            self.artists.dynamic,
            description=self._describe(),
            width_px=700,
        )

    def _watch_controls(self) -> None:
        handler = guarded(self.update, self.status)
        for control in self.controls.values():
            control.observe(handler, names="value")

    def _redraw(self, result) -> None:
        self._show(result)
        self.pane.set_description(self._describe())
        self.pane.refresh()


class TokuhashiView(_ScoreBandView):
    """Revised Tokuhashi score calculator (Tokuhashi et al., Spine 2005).

    ``controls``: one dropdown per item, keyed by the argument names of
    :func:`course.calculators.prognosis.tokuhashi_revised_score`. ``result``: the last
    :class:`TokuhashiResult`. ``widget``: the root container.
    """

    def __init__(
        self,
        *,
        general_condition: str = "moderate",
        extraspinal_bone_metastases: str = "1_to_2",
        vertebral_body_metastases: str = "1",
        major_organ_metastases: str = "none",
        primary_site: str = "breast",
        palsy: str = "none",
    ):
        initial = {
            "general_condition": general_condition,
            "extraspinal_bone_metastases": extraspinal_bone_metastases,
            "vertebral_body_metastases": vertebral_body_metastases,
            "major_organ_metastases": major_organ_metastases,
            "primary_site": primary_site,
            "palsy": palsy,
        }
        self.result: TokuhashiResult = tokuhashi_revised_score(**initial)  # validates
        style = {"description_width": "250px"}
        self.controls: dict[str, widgets.Widget] = {}
        for name, (label, options) in _TOKUHASHI_OPTIONS.items():
            self.controls[name] = widgets.Dropdown(
                options=_labelled(options, TOKUHASHI_POINTS[name]),
                value=initial[name],
                description=label,
                style=style,
                layout=widgets.Layout(width="560px"),
            )
        bands = [
            ScoreBand(low, high, f"{low}-{high}\n{_TOKUHASHI_BAND_TEXT[band]}")
            for low, high, band, _ in TOKUHASHI_BANDS
        ]
        self._build_figure(
            title="Revised Tokuhashi score (0-15): higher is better",
            xlabel="Total (points)",
            bands=bands,
            max_total=15,
            worst_first=True,
        )
        notes = _unverified_box("revised Tokuhashi score", unverified_notes("tokuhashi"))
        self.widget = widgets.VBox(
            [
                widgets.HTML("<b>Revised Tokuhashi score</b> (metastatic spine tumors)"),
                *self.controls.values(),
                self.status,
                self.pane.widget,
                self.output,
                widgets.HTML(
                    "The point table and bands are verified (Tokuhashi 2005, as reproduced in "
                    "the NICE CG75 appendix)." + notes
                ),
                footer(TOKUHASHI_REFERENCE),
            ]
        )
        self._watch_controls()

    def update(self) -> None:
        """Recompute the score from the controls and redraw."""
        values = {name: c.value for name, c in self.controls.items()}
        self._redraw(tokuhashi_revised_score(**values))

    def _show(self, result: TokuhashiResult) -> None:
        self.result = result
        update_score_band(self.artists, total=result.total, text=f"Total {result.total}")
        rows = []
        for name, (label, options) in _TOKUHASHI_OPTIONS.items():
            value = self.controls[name].value
            choice = dict((v, t) for t, v in options)[value]
            rows.append((label, choice, result.components[name]))
        self.output.value = (
            f"<div style='{RESULT_STYLE}'><b>Total {result.total}/15.</b> "
            f"{html.escape(result.interpretation)}</div>"
            + _components_table(rows, result.total, 15)
        )

    def _describe(self) -> str:
        r = self.result
        band = {b: (lo, hi) for lo, hi, b, _ in TOKUHASHI_BANDS}[r.band]
        return (
            "A scale from 0 to 15 points split into three bands: 0-8 (predicted survival under "
            "6 months), 9-11 (6 months or more) and 12-15 (1 year or more). A black triangle "
            f"marks the total, {r.total}, in the {band[0]}-{band[1]} band."
        )


_KATAGIRI_VISCERAL = (
    ("None", "none"),
    ("Nodular visceral or brain metastases", "nodular"),
    ("Disseminated: pleural, peritoneal or leptomeningeal", "disseminated"),
)
_KATAGIRI_LAB = (
    ("Normal", "normal"),
    ("Abnormal (CRP, LDH or albumin)", "abnormal"),
    ("Critical (platelets, calcium or bilirubin)", "critical"),
)


def _primary_label(name: str) -> str:
    group = KATAGIRI_PRIMARY_GROUPS[name].group
    points = KATAGIRI_POINTS["primary_group"][group]
    return f"{name[0].upper()}{name[1:]}: {group} growth ({points} points)"


class KatagiriView(_ScoreBandView):
    """New Katagiri score calculator (Katagiri et al., Cancer Med 2014).

    ``controls``: ``primary`` (a primary cancer; its growth group is looked up),
    ``visceral_metastases``, ``lab_data``, ``ecog_ps`` (0-4), ``previous_chemotherapy`` and
    ``multiple_skeletal_metastases`` (checkboxes). ``result``: the last :class:`KatagiriResult`.
    ``widget``: the root container. Every point value, group membership and laboratory cut-off
    is shown as not verified for this course.
    """

    def __init__(
        self,
        *,
        primary: str = "breast (hormone-dependent)",
        visceral_metastases: str = "none",
        lab_data: str = "normal",
        ecog_ps: int = 1,
        previous_chemotherapy: bool = False,
        multiple_skeletal_metastases: bool = True,
    ):
        group = katagiri_primary_group(primary)
        self.result: KatagiriResult = katagiri_score(
            primary_group=group,
            visceral_metastases=visceral_metastases,
            lab_data=lab_data,
            ecog_ps=ecog_ps,
            previous_chemotherapy=previous_chemotherapy,
            multiple_skeletal_metastases=multiple_skeletal_metastases,
        )
        key = " ".join(primary.strip().lower().split())
        style = {"description_width": "250px"}
        wide = widgets.Layout(width="620px")
        self.controls: dict[str, widgets.Widget] = {
            "primary": widgets.Dropdown(
                options=tuple((_primary_label(n), n) for n in KATAGIRI_PRIMARY_GROUPS),
                value=key,
                description="Primary lesion",
                style=style,
                layout=wide,
            ),
            "visceral_metastases": widgets.Dropdown(
                options=_labelled(_KATAGIRI_VISCERAL, KATAGIRI_POINTS["visceral_metastases"]),
                value=visceral_metastases,
                description="Visceral or cerebral metastases",
                style=style,
                layout=wide,
            ),
            "lab_data": widgets.Dropdown(
                options=_labelled(_KATAGIRI_LAB, KATAGIRI_POINTS["lab_data"]),
                value=lab_data,
                description="Laboratory data",
                style=style,
                layout=wide,
            ),
            "ecog_ps": widgets.Dropdown(
                options=tuple(
                    (f"ECOG {g} ({1 if g >= 3 else 0} point{'' if g >= 3 else 's'})", g)
                    for g in range(5)
                ),
                value=ecog_ps,
                description="Performance status",
                style=style,
                layout=wide,
            ),
            "previous_chemotherapy": widgets.Checkbox(
                value=previous_chemotherapy,
                description="Previous chemotherapy (1 point)",
                indent=False,
            ),
            "multiple_skeletal_metastases": widgets.Checkbox(
                value=multiple_skeletal_metastases,
                description="Multiple skeletal metastases (1 point)",
                indent=False,
            ),
        }
        bands = [
            ScoreBand(low, high, f"{low}-{high}\n{_KATAGIRI_BAND_TEXT[band]}")
            for low, high, band, _ in KATAGIRI_BANDS
        ]
        self._build_figure(
            title="New Katagiri score (0-10): higher is worse",
            xlabel="Total (points); band survival figures from the Katagiri 2014 abstract",
            bands=bands,
            max_total=10,
            worst_first=False,
        )
        lab_help = "".join(
            f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>"
            for k, v in KATAGIRI_LAB_DEFINITIONS.items()
        )
        survival = "; ".join(
            f"{band}: "
            + (
                ", ".join(f"{t.replace('_', ' ')} {p}%" for t, p in figures.items())
                if figures
                else "none verified"
            )
            for band, figures in KATAGIRI_VERIFIED_SURVIVAL_PERCENT.items()
        )
        notes = _unverified_box(
            "new Katagiri score (the six factors are verified; the points are not)",
            unverified_notes("katagiri"),
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML("<b>New Katagiri score</b> (patients with skeletal metastasis)"),
                *self.controls.values(),
                widgets.HTML(
                    f"<details><summary>Laboratory categories</summary><ul>{lab_help}"
                    "</ul></details>"
                ),
                self.status,
                self.pane.widget,
                self.output,
                widgets.HTML(
                    "Verified against the Katagiri 2014 abstract: the six factors and the band "
                    f"survival figures shown ({html.escape(survival)})." + notes
                ),
                footer(KATAGIRI_REFERENCE),
            ]
        )
        self._watch_controls()

    def update(self) -> None:
        """Recompute the score from the controls and redraw."""
        c = self.controls
        result = katagiri_score(
            primary_group=katagiri_primary_group(c["primary"].value),
            visceral_metastases=c["visceral_metastases"].value,
            lab_data=c["lab_data"].value,
            ecog_ps=c["ecog_ps"].value,
            previous_chemotherapy=c["previous_chemotherapy"].value,
            multiple_skeletal_metastases=c["multiple_skeletal_metastases"].value,
        )
        self._redraw(result)

    def _show(self, result: KatagiriResult) -> None:
        self.result = result
        update_score_band(self.artists, total=result.total, text=f"Total {result.total}")
        c = self.controls
        labels = {
            "primary_group": "Primary lesion (growth group)",
            "visceral_metastases": "Visceral or cerebral metastases",
            "lab_data": "Laboratory data",
            "ecog_ps": "ECOG performance status 3-4",
            "previous_chemotherapy": "Previous chemotherapy",
            "multiple_skeletal_metastases": "Multiple skeletal metastases",
        }
        group = katagiri_primary_group(c["primary"].value)
        visceral = dict((v, t) for t, v in _KATAGIRI_VISCERAL)
        choices = {
            "primary_group": f"{c['primary'].value} ({group} growth)",
            "visceral_metastases": visceral[c["visceral_metastases"].value],
            "lab_data": c["lab_data"].value,
            "ecog_ps": f"ECOG {c['ecog_ps'].value}",
            "previous_chemotherapy": "yes" if c["previous_chemotherapy"].value else "no",
            "multiple_skeletal_metastases": (
                "yes" if c["multiple_skeletal_metastases"].value else "no"
            ),
        }
        rows = [(labels[k], choices[k], v) for k, v in result.components.items()]
        self.output.value = (
            f"<div style='{RESULT_STYLE}'><b>Total {result.total}/10.</b> "
            f"{html.escape(result.interpretation)}<br><b>How the course teaches the use of this "
            f"group</b> (a general principle, not a rule from the paper): "
            f"{html.escape(KATAGIRI_TREATMENT[result.band])}. <i>Point values unverified: "
            "see the box below.</i></div>" + _components_table(rows, result.total, 10)
        )

    def _describe(self) -> str:
        r = self.result
        return (
            "A scale from 0 to 10 points split into three risk groups: 0-3 low (1-year survival "
            "91%, 2-year 78%), 4-6 intermediate (survival figures not verified) and 7-10 high "
            f"(6-month survival 27%, 1-year 6%). A black triangle marks the total, {r.total}, "
            f"in the {r.band} risk group."
        )
