"""The decay and dose widget: how long each radiopharmaceutical stays active, how far it reaches.

``DecayDoseView()`` has three controls: the radionuclide, a day after the injection and the
patient's weight (used for the regimens given per kilogram). It shows

- the activity left on that day (physical decay only, :mod:`course.models.decay`), for one
  administration of the regimen used in the pivotal trials or the product information;
- the range of the particles drawn to scale against cells and trabeculae
  (:mod:`course.plotting.radiopharm`), with the source and verification status of each length.

Data: ``assets/data/radiation_ranges.csv`` and ``assets/data/radiopharmaceutical_regimens.csv``
(each row cites its source). The view follows the course pattern: ``.controls``, ``.result``
(a :class:`DecayDoseResult`) and ``.widget``; the constructor never calls ``display()``.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass

import ipywidgets as widgets

from course.models.decay import REFERENCE, half_life_days, radionuclide
from course.paths import data_file
from course.plotting.radiopharm import (
    ISOTOPES,
    draw_decay,
    draw_ranges,
    highlight_decay,
    scene_from_rows,
    update_decay_cursor,
    update_ranges,
)
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

__all__ = [
    "DecayDoseResult",
    "DecayDoseView",
    "Regimen",
    "injected_activity_mbq",
    "load_regimens",
    "load_range_rows",
]

RANGES_CSV = "radiation_ranges.csv"
REGIMENS_CSV = "radiopharmaceutical_regimens.csv"
RANGE_SOURCES = (
    "Katz L, Penfold AS. Rev Mod Phys 1952;24:28-44. doi:10.1103/RevModPhys.24.28",
    "Ting G et al. J Biomed Biotechnol 2010:953537. doi:10.1155/2010/953537",
)


@dataclass(frozen=True)
class Regimen:
    """One administration of a radiopharmaceutical as used in trials or product information."""

    isotope: str
    agent: str
    activity_mbq: float
    per_kg: bool
    interval_weeks: float | None
    administrations: str
    source: str
    verified: str


@dataclass(frozen=True)
class DecayDoseResult:
    """The state shown: activity left on ``day`` after one administration.

    ``injected_mbq`` is the activity of one administration for ``weight_kg``;
    ``remaining_mbq`` what physical decay leaves of it (biological clearance is ignored).
    """

    isotope: str
    day: float
    weight_kg: float
    half_life_days: float
    fraction: float
    half_lives: float
    injected_mbq: float
    remaining_mbq: float
    particle_range_um: float


def _read(name: str) -> list[dict[str, str]]:
    with data_file(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_range_rows() -> list[dict[str, str]]:
    """Rows of ``radiation_ranges.csv`` (lengths in micrometers, each with its source)."""
    return _read(RANGES_CSV)


def load_regimens() -> dict[str, Regimen]:
    """The regimens of ``radiopharmaceutical_regimens.csv`` by radionuclide."""
    regimens = {}
    for row in _read(REGIMENS_CSV):
        interval = row["interval_weeks"].strip()
        regimens[row["isotope"]] = Regimen(
            isotope=row["isotope"],
            agent=row["agent"],
            activity_mbq=float(row["activity_mbq"]),
            per_kg=row["per_kg"].strip() == "yes",
            interval_weeks=float(interval) if interval else None,
            administrations=row["administrations"],
            source=row["source"],
            verified=row["verified"],
        )
    return regimens


def injected_activity_mbq(regimen: Regimen, weight_kg: float) -> float:
    """Activity of one administration in MBq (per-kilogram regimens scale with weight)."""
    if isinstance(weight_kg, bool) or not isinstance(weight_kg, int | float):
        raise ValueError(f"The weight must be a number of kilograms, not {weight_kg!r}.")
    if not 20 <= weight_kg <= 250:
        raise ValueError(f"The weight must be between 20 and 250 kg; {weight_kg!r} was given.")
    return regimen.activity_mbq * weight_kg if regimen.per_kg else regimen.activity_mbq


def _regimen_text(reg: Regimen) -> str:
    if reg.per_kg:
        amount = (
            f"{reg.activity_mbq * 1000:g} kBq per kg"
            if reg.activity_mbq < 1
            else f"{reg.activity_mbq:g} MBq per kg"
        )
    else:
        amount = (
            f"{reg.activity_mbq / 1000:g} GBq"
            if reg.activity_mbq >= 1000
            else f"{reg.activity_mbq:g} MBq"
        )
    if reg.interval_weeks:
        how = f"every {reg.interval_weeks:g} weeks, {reg.administrations} administrations"
    else:
        how = "single injection (may be repeated)"
    return f"{amount}, {how}"


def _mbq(value: float) -> str:
    if value >= 1000:
        return f"{value / 1000:.3g} GBq"
    if value >= 1:
        return f"{value:.3g} MBq"
    return f"{value * 1000:.3g} kBq"


class DecayDoseView:
    """Pick a radionuclide, a day and a weight; see the activity left and the particle range."""

    def __init__(self, *, isotope: str = "Ra-223", day: int = 28, weight_kg: int = 70):
        radionuclide(isotope)  # validates the name
        self._regimens = load_regimens()
        self._range_rows = {r["isotope"]: r for r in load_range_rows() if r["kind"] == "particle"}
        self._scene = scene_from_rows(load_range_rows())
        self.controls: dict[str, widgets.Widget] = {
            "isotope": widgets.ToggleButtons(
                options=list(ISOTOPES),
                value=isotope,
                description="Radionuclide:",
                style={"description_width": "initial", "button_width": "80px"},
            ),
            "day": widgets.IntSlider(
                value=day,
                min=0,
                max=112,
                step=1,
                description="Day after injection:",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="460px"),
            ),
            "weight": widgets.IntSlider(
                value=weight_kg,
                min=40,
                max=140,
                step=1,
                description="Weight (kg):",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="360px"),
            ),
        }
        self.result: DecayDoseResult | None = None
        self._decay = draw_decay(isotope, day)
        self._ranges = draw_ranges(self._scene, isotope)
        d = self._decay
        self.decay_pane = BlitPane(d.fig, [d.cursor, d.point, d.readout], width_px=700)
        self.range_pane = BlitPane(self._ranges.fig, width_px=880)
        # Render each radionuclide's background once now, so that switching is fast later.
        for iso in ISOTOPES:
            highlight_decay(d, iso)
            self.decay_pane.refresh(iso)
            update_ranges(self._ranges, iso)
            self.range_pane.refresh(iso)
        highlight_decay(d, isotope)
        update_ranges(self._ranges, isotope)
        self.card = widgets.HTML()
        self.status = widgets.HTML()
        self._shown_isotope: str | None = None
        self._shown_day: tuple[str, float] | None = None
        update = guarded(self._update, self.status)
        for control in self.controls.values():
            control.observe(update, names="value")
        self._update()
        self.widget = widgets.VBox(
            [
                self.controls["isotope"],
                widgets.HBox([self.controls["day"], self.controls["weight"]]),
                self.status,
                self.decay_pane.widget,
                self.card,
                self.range_pane.widget,
                footer((REFERENCE, *RANGE_SOURCES)),
            ]
        )

    def _update(self) -> None:
        iso = self.controls["isotope"].value
        day = float(self.controls["day"].value)
        weight = float(self.controls["weight"].value)
        reg = self._regimens[iso]
        self.controls["weight"].disabled = not reg.per_kg
        injected = injected_activity_mbq(reg, weight)
        if iso != self._shown_isotope:
            highlight_decay(self._decay, iso)
            update_ranges(self._ranges, iso)
        fraction = update_decay_cursor(self._decay, iso, day)
        t_half = half_life_days(iso)
        range_um = self._scene.particle_range_um[iso]
        self.result = DecayDoseResult(
            isotope=iso,
            day=day,
            weight_kg=weight,
            half_life_days=t_half,
            fraction=fraction,
            half_lives=day / t_half,
            injected_mbq=injected,
            remaining_mbq=injected * fraction,
            particle_range_um=range_um,
        )
        self.decay_pane.set_description(self._decay_description())
        self.range_pane.set_description(self._range_description())
        self.card.value = self._card_html(reg)
        if self._shown_day != (iso, day):  # the weight changes only the text
            self.decay_pane.refresh(iso)
            self._shown_day = (iso, day)
        if iso != self._shown_isotope:
            self.range_pane.refresh(iso)
            self._shown_isotope = iso

    def _decay_description(self) -> str:
        r = self.result
        weight = f" for {r.weight_kg:g} kg" if self._regimens[r.isotope].per_kg else ""
        return (
            f"Activity left after one injection, for the four radionuclides (each a different "
            f"line style and marker at its half-life); {r.isotope} is highlighted. On day "
            f"{r.day:g}, {r.fraction:.1%} of the {r.isotope} activity is left "
            f"({r.half_lives:.2f} half-lives of {r.half_life_days:.3g} days): "
            f"{r.remaining_mbq:.3g} of {r.injected_mbq:.3g} MBq injected{weight}. Physical decay "
            "only; the body also excretes part of the drug."
        )

    def _range_description(self) -> str:
        r = self.result
        s = self._scene
        alpha = s.particle_range_um["Ra-223"]
        betas = ", ".join(
            f"{iso} up to {s.particle_range_um[iso] / 1000:.2g} mm"
            for iso in ISOTOPES
            if iso != "Ra-223"
        )
        return (
            f"Left, at cell scale: a trabecula {s.trabecula_thickness_um:g} micrometers thick "
            f"with cells {s.cell_diameter_um:g} micrometers across beside it; the radium-223 "
            f"alpha track (less than {alpha:g} micrometers, about "
            f"{alpha / s.cell_diameter_um:.0f} cells; bound unverified) ends within a few cells, "
            f"while beta tracks leave the panel. Right, at tissue scale: trabeculae about "
            f"{s.marrow_space_um / 1000:g} mm apart; beta ranges {betas}, crossing several "
            f"marrow spaces. {r.isotope} is highlighted."
        )

    def _card_html(self, reg: Regimen) -> str:
        r = self.result
        nuclide = radionuclide(r.isotope)
        row = self._range_rows[r.isotope]
        e = html.escape
        range_text = (
            f"&lt; {r.particle_range_um:g} µm"
            if nuclide.emission == "alpha"
            else f"up to {r.particle_range_um / 1000:.2g} mm"
        )
        flag = " <b>[unverified]</b>" if row["verified"] == "unverified" else ""
        return (
            "<div style='font-size:90%;max-width:300px'>"
            f"<b>{e(reg.agent)}</b><br>"
            f"Emission: {e(nuclide.emission)}; half-life {r.half_life_days:.3g} days "
            "(ICRP-107)<br>"
            f"Regimen: {e(_regimen_text(reg))}<br>"
            f"<b>Day {r.day:g}: {r.fraction:.1%} left</b> of one administration of "
            f"{_mbq(r.injected_mbq)} = <b>{_mbq(r.remaining_mbq)}</b> "
            "(physical decay only)<br>"
            f"<span style='color:#555'>Regimen source: {e(reg.source)} "
            f"(checked: {e(reg.verified)})</span><br>"
            f"Particle range in tissue: {range_text}{flag}<br>"
            f"<span style='color:#555'>Range source: {e(row['source'])} "
            f"(checked: {e(row['verified'])})</span></div>"
        )
