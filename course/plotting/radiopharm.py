"""Radiopharmaceuticals drawn to scale: remaining activity over time, and particle ranges.

Two figures, each drawn once and then changed in place by its ``update_*`` function:

- :func:`draw_decay`: the fraction of the injected activity left after each day, for the four
  radionuclides of Module 4 (:mod:`course.models.decay`), with one highlighted and a cursor on a
  chosen day.
- :func:`draw_ranges`: how far the particles travel, drawn to scale twice: at the scale of cells
  (micrometers), where an alpha track spans a few cells, and at the scale of a piece of
  trabecular bone (millimeters), where beta tracks cross several marrow spaces and trabeculae.

The lengths come in as data (:class:`RangeScene`; the course's values and their sources are in
``assets/data/radiation_ranges.csv``). Values the sources do not verify are drawn with an
asterisk and a footnote. Pure matplotlib; no pyplot state.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import EllipseCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

from course.models.decay import RADIONUCLIDES, half_life_days, remaining_fraction
from course.plotting.style import BONE, BONE_EDGE, GRID, PALETTE, course_style, new_figure

__all__ = [
    "COLORS",
    "DecayArtists",
    "ISOTOPES",
    "LINESTYLES",
    "MARKERS",
    "RangeArtists",
    "RangeScene",
    "draw_decay",
    "draw_ranges",
    "highlight_decay",
    "scene_from_rows",
    "update_decay",
    "update_decay_cursor",
    "update_ranges",
]

ISOTOPES: tuple[str, ...] = tuple(r.name for r in RADIONUCLIDES)
COLORS: dict[str, str] = {
    "Ra-223": PALETTE["vermillion"],
    "Sr-89": PALETTE["blue"],
    "Sm-153": PALETTE["orange"],
    "Lu-177": PALETTE["green"],
}
LINESTYLES: dict[str, object] = {"Ra-223": "-", "Sr-89": "--", "Sm-153": "-.", "Lu-177": ":"}
MARKERS: dict[str, str] = {"Ra-223": "o", "Sr-89": "s", "Sm-153": "^", "Lu-177": "D"}
EMISSION: dict[str, str] = {r.name: r.emission for r in RADIONUCLIDES}

DIM = 0.3  # alpha of the radionuclides that are not selected


def _check_isotope(isotope: str) -> None:
    if isotope not in ISOTOPES:
        allowed = ", ".join(ISOTOPES)
        raise ValueError(f"Unknown isotope {isotope!r}; choose one of {allowed}.")


# ---------------------------------------------------------------------------------------------
# Decay
# ---------------------------------------------------------------------------------------------


@dataclass
class DecayArtists:
    """Artists of the decay figure, changed in place by :func:`update_decay`."""

    fig: Figure
    ax: Axes
    lines: dict[str, Line2D]
    half_marks: dict[str, Line2D]
    cursor: Line2D
    point: Line2D
    readout: Text
    max_days: float


def draw_decay(
    selected: str = "Ra-223",
    day: float = 28.0,
    *,
    max_days: float = 112.0,
    activity_mbq: float | None = None,
    fig: Figure | None = None,
) -> DecayArtists:
    """Remaining activity (% of injected) over ``max_days`` for the four radionuclides."""
    _check_isotope(selected)
    if fig is None:
        fig = new_figure(width_in=7.6, height_in=3.9)
    days = np.linspace(0.0, max_days, 449)
    with course_style():
        ax = fig.add_subplot(1, 1, 1)
        lines, half_marks = {}, {}
        for iso in ISOTOPES:
            t_half = half_life_days(iso)
            label = f"{iso} ({EMISSION[iso]}), half-life {_half_life_text(t_half)}"
            (lines[iso],) = ax.plot(
                days,
                100 * remaining_fraction(iso, days),
                color=COLORS[iso],
                ls=LINESTYLES[iso],
                lw=1.6,
                label=label,
            )
            (half_marks[iso],) = ax.plot(
                [t_half],
                [50.0],
                ls="none",
                marker=MARKERS[iso],
                ms=7,
                mfc=COLORS[iso],
                mec="white",
                zorder=5,
            )
        ax.axhline(50, color="0.5", lw=0.8, ls=(0, (2, 2)), zorder=1)
        (cursor,) = ax.plot([], [], color="0.2", lw=1.0)
        (point,) = ax.plot(
            [], [], ls="none", marker="o", ms=8, mfc="white", mec="0.1", mew=2, zorder=7
        )
        ax.set_xlim(0, max_days)
        ax.set_ylim(0, 102)
        ax.set_xticks(np.arange(0, max_days + 0.1, 14))
        ax.set_xlabel("Days after the injection")
        ax.set_ylabel("Activity left (% of injected)")
        ax.set_title("Physical decay: activity left after each day", loc="left", fontweight="bold")
        ax.grid(True, color=GRID)
        ax.legend(loc="upper right", fontsize=8)
        readout = ax.text(
            0.99,
            0.74,
            "",
            transform=ax.transAxes,
            ha="right",
            va="top",
            fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": "0.6", "alpha": 0.95},
            zorder=8,
        )
    artists = DecayArtists(fig, ax, lines, half_marks, cursor, point, readout, float(max_days))
    update_decay(artists, selected, day, activity_mbq=activity_mbq)
    return artists


def _half_life_text(days: float) -> str:
    return f"{days * 24:.1f} h" if days < 3 else f"{days:.2f} d"


def _activity_text(mbq: float) -> str:
    if mbq >= 1000:
        return f"{mbq / 1000:.3g} GBq"
    if mbq >= 1:
        return f"{mbq:.3g} MBq"
    return f"{mbq * 1000:.3g} kBq"


def highlight_decay(artists: DecayArtists, selected: str) -> None:
    """Highlight the curve of ``selected`` and dim the others."""
    _check_isotope(selected)
    for iso, line in artists.lines.items():
        on = iso == selected
        line.set_linewidth(3.0 if on else 1.4)
        line.set_alpha(1.0 if on else DIM)
        line.set_zorder(4 if on else 3)
        artists.half_marks[iso].set_alpha(1.0 if on else DIM)


def update_decay_cursor(
    artists: DecayArtists, selected: str, day: float, *, activity_mbq: float | None = None
) -> float:
    """Put the cursor and readout on ``day`` for ``selected``; return the fraction left."""
    _check_isotope(selected)
    day = float(min(max(day, 0.0), artists.max_days))
    fraction = float(remaining_fraction(selected, day))
    t_half = half_life_days(selected)
    artists.cursor.set_data([day, day], [0, 102])
    artists.point.set_data([day], [100 * fraction])
    artists.point.set_markeredgecolor(COLORS[selected])
    text = [
        f"{selected}, day {day:g}",
        f"{fraction:.1%} of the activity left",
        f"= 0.5^({day:g} / {t_half:.3g}) ({day / t_half:.2f} half-lives)",
    ]
    if activity_mbq is not None:
        text.append(
            f"Injected {_activity_text(activity_mbq)} -> {_activity_text(activity_mbq * fraction)}"
            " left"
        )
    artists.readout.set_text("\n".join(text))
    return fraction


def update_decay(
    artists: DecayArtists, selected: str, day: float, *, activity_mbq: float | None = None
) -> float:
    """Highlight ``selected``, put the cursor on ``day``; return the fraction left."""
    highlight_decay(artists, selected)
    return update_decay_cursor(artists, selected, day, activity_mbq=activity_mbq)


# ---------------------------------------------------------------------------------------------
# Ranges to scale
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RangeScene:
    """Lengths of the range drawings, in micrometers, and which of them are unverified.

    ``particle_range_um`` maps each radionuclide to the range of its main particle in soft
    tissue (an upper bound for the alpha emitter). ``unverified`` names the keys
    (radionuclides or ``"cell"``, ``"trabecula"``, ``"marrow_space"``) to mark with an asterisk.
    """

    particle_range_um: Mapping[str, float]
    cell_diameter_um: float = 15.0
    trabecula_thickness_um: float = 150.0
    marrow_space_um: float = 1000.0
    unverified: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        missing = [iso for iso in ISOTOPES if iso not in self.particle_range_um]
        if missing:
            raise ValueError(f"A particle range is needed for {', '.join(missing)}.")
        values = [
            *self.particle_range_um.values(),
            self.cell_diameter_um,
            self.trabecula_thickness_um,
            self.marrow_space_um,
        ]
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(f"Lengths must be positive numbers of micrometers, not {value!r}.")

    def mark(self, key: str) -> str:
        return "*" if key in self.unverified else ""


@dataclass
class RangeArtists:
    """Artists of the range figure, changed in place by :func:`update_ranges`."""

    fig: Figure
    cell_ax: Axes
    tissue_ax: Axes
    scene: RangeScene
    alpha_arrow: FancyArrowPatch
    alpha_label: Text
    beta_arrow: FancyArrowPatch
    beta_label: Text
    bars: dict[str, Line2D]
    bar_labels: dict[str, Text]


_CELL_X = (-170.0, 240.0)
_CELL_Y = (0.0, 165.0)
_TISSUE_X = (-0.45, 8.6)
_TISSUE_Y = (0.0, 4.4)
_BAR_Y = {"Ra-223": 3.55, "Sr-89": 2.7, "Sm-153": 1.85, "Lu-177": 1.0}


def _beta_isotopes() -> list[str]:
    return [iso for iso in ISOTOPES if EMISSION[iso] == "beta"]


def _draw_cell_panel(ax: Axes, scene: RangeScene) -> None:
    t = scene.trabecula_thickness_um
    d = scene.cell_diameter_um
    ax.add_patch(
        Rectangle((-t, _CELL_Y[0]), t, _CELL_Y[1], fc=BONE, ec=BONE_EDGE, hatch="///", lw=1.0)
    )
    ax.text(
        -t / 2,
        150,
        f"trabecula\n{t:g} µm thick{scene.mark('trabecula')}",
        ha="center",
        va="top",
        fontsize=8,
        color="0.15",
        bbox={"boxstyle": "round,pad=0.2", "fc": BONE, "ec": "none"},
    )
    # Marrow and tumor cells on both sides of the trabecula, to scale.
    step = d * 1.12
    xs = np.concatenate(
        [np.arange(d * 0.7, _CELL_X[1], step), np.arange(-t - d * 0.7, _CELL_X[0], -step)]
    )
    ys = np.arange(d * 0.7, 128, step)
    gx, gy = np.meshgrid(xs, ys)
    offsets = np.column_stack([gx.ravel(), gy.ravel()])
    cells = EllipseCollection(
        widths=d,
        heights=d,
        angles=0,
        units="xy",
        offsets=offsets,
        offset_transform=ax.transData,
        facecolors="#F3E3EA",
        edgecolors="#9C6B80",
        linewidths=0.5,
    )
    ax.add_collection(cells)
    ax.text(
        _CELL_X[1] - 4,
        161,
        f"cells {d:g} µm across{scene.mark('cell')}",
        ha="right",
        va="top",
        fontsize=8,
        color="0.15",
    )
    ax.plot([0], [88], ls="none", marker="*", ms=13, mfc="black", mec="white", zorder=6)
    ax.set_xlim(*_CELL_X)
    ax.set_ylim(*_CELL_Y)
    ax.set_aspect("equal")
    ax.set_yticks([])
    ax.set_xticks(np.arange(-150, _CELL_X[1], 50))
    ax.set_xlabel("Distance from the bone surface (µm)")
    ax.set_title("Cell scale (micrometers)", loc="left", fontweight="bold", fontsize=10)
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def _draw_tissue_panel(ax: Axes, scene: RangeScene) -> None:
    t_mm = scene.trabecula_thickness_um / 1000
    gap_mm = scene.marrow_space_um / 1000
    x = -t_mm
    while x < _TISSUE_X[1]:
        ax.add_patch(
            Rectangle((x, 0), t_mm, _TISSUE_Y[1], fc=BONE, ec=BONE_EDGE, lw=0.8, hatch="///")
        )
        x += t_mm + gap_mm
    ax.text(
        gap_mm / 2,
        4.3,
        f"marrow\n~{gap_mm:g} mm{scene.mark('marrow_space')}",
        ha="center",
        va="top",
        fontsize=7.5,
        color="0.2",
    )
    ax.set_xlim(*_TISSUE_X)
    ax.set_ylim(*_TISSUE_Y)
    ax.set_yticks([])
    ax.set_xticks(np.arange(0, 8.1, 1))
    ax.set_xlabel("Distance from the source on the bone surface (mm)")
    ax.set_title(
        "Tissue scale (millimeters): trabeculae and marrow",
        loc="left",
        fontweight="bold",
        fontsize=10,
    )
    ax.grid(False)
    ax.spines["left"].set_visible(False)


def draw_ranges(
    scene: RangeScene, selected: str = "Ra-223", *, fig: Figure | None = None
) -> RangeArtists:
    """Particle ranges at cell scale and at tissue scale, ``selected`` highlighted."""
    _check_isotope(selected)
    if fig is None:
        fig = new_figure(width_in=9.6, height_in=3.0)
    with course_style():
        cell_ax, tissue_ax = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.15]})
        _draw_cell_panel(cell_ax, scene)
        _draw_tissue_panel(tissue_ax, scene)
        alpha_range = scene.particle_range_um["Ra-223"]
        alpha_arrow = FancyArrowPatch(
            (0, 88),
            (alpha_range, 88),
            arrowstyle="-|>",
            mutation_scale=14,
            lw=3,
            color=COLORS["Ra-223"],
            zorder=7,
        )
        cell_ax.add_patch(alpha_arrow)
        alpha_label = cell_ax.text(
            alpha_range / 2,
            97,
            "",
            ha="center",
            va="bottom",
            fontsize=8.5,
            zorder=8,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9},
        )
        beta_arrow = FancyArrowPatch(
            (0, 50),
            (_CELL_X[1], 50),
            arrowstyle="-|>",
            mutation_scale=14,
            lw=3,
            color=COLORS["Lu-177"],
            ls="--",
            zorder=7,
        )
        cell_ax.add_patch(beta_arrow)
        beta_label = cell_ax.text(
            _CELL_X[1] - 4,
            40,
            "",
            ha="right",
            va="top",
            fontsize=8,
            zorder=8,
            bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.9},
        )
        bars, bar_labels = {}, {}
        for iso in ISOTOPES:
            length_mm = scene.particle_range_um[iso] / 1000
            y = _BAR_Y[iso]
            (bars[iso],) = tissue_ax.plot(
                [0, length_mm],
                [y, y],
                color=COLORS[iso],
                ls=LINESTYLES[iso],
                lw=2,
                marker="|",
                ms=12,
                mew=2,
                solid_capstyle="butt",
                zorder=6,
            )
            name = "α" if EMISSION[iso] == "alpha" else "β"
            bound = "< " if EMISSION[iso] == "alpha" else "up to "
            bar_labels[iso] = tissue_ax.text(
                max(length_mm, 0.1) + 0.12,
                y,
                f"{iso} {name}: {bound}{length_mm:.2g} mm{scene.mark(iso)}",
                va="center",
                ha="left",
                fontsize=8.5,
                zorder=7,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            )
        footnote = (
            "Drawn to scale along each horizontal axis. β: maximum range in soft tissue; "
            "α: upper bound."
        )
        if scene.unverified:
            footnote += " * value not verified in the course's sources (see the data table)."
        fig.supxlabel(footnote, fontsize=7.5, color="0.3", x=0.01, ha="left")
    artists = RangeArtists(
        fig,
        cell_ax,
        tissue_ax,
        scene,
        alpha_arrow,
        alpha_label,
        beta_arrow,
        beta_label,
        bars,
        bar_labels,
    )
    update_ranges(artists, selected)
    return artists


def update_ranges(artists: RangeArtists, selected: str) -> None:
    """Highlight the particle track of ``selected`` in both panels."""
    _check_isotope(selected)
    scene = artists.scene
    alpha_on = EMISSION[selected] == "alpha"
    alpha_um = scene.particle_range_um["Ra-223"]
    cells = alpha_um / scene.cell_diameter_um
    artists.alpha_arrow.set_alpha(1.0 if alpha_on else 0.45)
    artists.alpha_label.set_text(
        f"Ra-223 α: < {alpha_um:g} µm{scene.mark('Ra-223')} (≈ {cells:.0f} cells)"
    )
    artists.alpha_label.set_alpha(1.0 if alpha_on else 0.6)
    beta = selected if not alpha_on else "Lu-177"
    beta_um = scene.particle_range_um[beta]
    artists.beta_arrow.set_color(COLORS[beta])
    artists.beta_arrow.set_alpha(0.45 if alpha_on else 1.0)
    times = beta_um / (_CELL_X[1] - 0)
    if alpha_on:
        betas = sorted(scene.particle_range_um[i] / 1000 for i in _beta_isotopes())
        artists.beta_label.set_text(
            f"β emitters: {betas[0]:.2g}-{betas[-1]:.2g} mm, far beyond this panel →"
        )
    else:
        artists.beta_label.set_text(
            f"{beta} β: up to {beta_um / 1000:.2g} mm{scene.mark(beta)},\n"
            f"≈{times:.0f}× the {_CELL_X[1]:.0f} µm shown to the right →"
        )
    artists.beta_label.set_alpha(0.6 if alpha_on else 1.0)
    for iso, bar in artists.bars.items():
        on = iso == selected
        bar.set_linewidth(4.5 if on else 1.8)
        bar.set_alpha(1.0 if on else 0.45)
        label = artists.bar_labels[iso]
        label.set_fontweight("bold" if on else "normal")
        label.set_alpha(1.0 if on else 0.6)


def scene_from_rows(rows: Sequence[Mapping[str, str]]) -> RangeScene:
    """Build a :class:`RangeScene` from rows of ``assets/data/radiation_ranges.csv``."""
    ranges: dict[str, float] = {}
    sizes: dict[str, float] = {}
    unverified: set[str] = set()
    for row in rows:
        key = row["isotope"] if row["kind"] == "particle" else row["item"]
        value = float(row["length_um"])
        if row["kind"] == "particle":
            ranges[key] = value
        else:
            sizes[key] = value
        if row["verified"].strip() == "unverified":
            unverified.add(key)
    try:
        return RangeScene(
            particle_range_um=ranges,
            cell_diameter_um=sizes["cell"],
            trabecula_thickness_um=sizes["trabecula"],
            marrow_space_um=sizes["marrow_space"],
            unverified=frozenset(unverified),
        )
    except KeyError as exc:
        raise ValueError(f"The range table has no row for {exc.args[0]!r}.") from None
