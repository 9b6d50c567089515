"""How cancer reaches bone, drawn by code: the metastatic cascade, Batson's plexus, the bone
"soil", and bone tropism by primary cancer.

- :func:`load_cascade_steps` reads ``assets/data/metastatic_cascade.csv`` (six steps in the order
  of Macedo 2017, each with what happens, what could block it, its source and verified status).
- :class:`CascadeDiagram`: a schematic journey from a primary tumor through the blood to the
  bone marrow, with the six steps numbered where they happen; :meth:`CascadeDiagram.show_step`
  highlights one step in place (a ring and a caption, drawn quickly by blitting).
- :func:`batson_diagram`: the two venous routes from the pelvis: through the heart and lungs
  (the lung capillaries catch many cells), or through the valveless vertebral venous plexus
  straight to the spine (Batson 1940).
- :func:`soil_diagram`: why the red marrow is a favored soil (Weilbaecher 2011).
- :func:`load_tropism_table` and :func:`tropism_chart`: how often bone is involved when a cancer
  has spread, and which primaries make up the patients with bone metastases (two denominators).

Pure matplotlib: data in, Figure out; nothing touches pyplot. Meaning is never carried by color
alone (numbers, labels, markers and hatches go with every color).
For education only, not for clinical decisions.
"""

from __future__ import annotations

import csv
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Ellipse, FancyArrowPatch, FancyBboxPatch, Rectangle

from course.paths import data_file
from course.plotting.blit import BlitRenderer
from course.plotting.style import BONE, BONE_EDGE, PALETTE, new_figure

__all__ = [
    "CASCADE_FILE",
    "TROPISM_FILE",
    "CascadeDiagram",
    "CascadeStep",
    "TropismRow",
    "batson_diagram",
    "load_cascade_steps",
    "load_tropism_table",
    "soil_diagram",
    "tropism_chart",
]

CASCADE_FILE = "metastatic_cascade.csv"
TROPISM_FILE = "bone_tropism_by_primary.csv"
VERIFIED_VALUES = ("yes", "secondary", "unverified")

TUMOR_FILL = "#F4C7B5"
TUMOR_EDGE = "#A0462A"
VESSEL_FILL = "#F6D5D5"
VESSEL_EDGE = "#B03A2E"
MARROW_FILL = "#FBEFD9"
TISSUE_FILL = "#F7F2EA"


# --------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CascadeStep:
    """One step of the metastatic cascade, as taught in notebook 1.2."""

    step: int
    name: str
    short_label: str
    what_happens: str
    what_could_block: str
    source: str
    doi_or_pmid: str
    verified: str
    notes: str


def _read_rows(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path.name} lacks the column(s) {', '.join(missing)}.")
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        if not row["source"].strip():
            raise ValueError(f"{path.name} line {n} has no source.")
        if row["verified"] not in VERIFIED_VALUES:
            raise ValueError(
                f"{path.name} line {n}: verified must be one of {VERIFIED_VALUES}, "
                f"not {row['verified']!r}."
            )
    return rows


def load_cascade_steps(path: Path | None = None) -> tuple[CascadeStep, ...]:
    """The six steps of the cascade from ``assets/data/metastatic_cascade.csv``, in order."""
    path = path if path is not None else data_file(CASCADE_FILE)
    fields = [f for f in CascadeStep.__dataclass_fields__ if f != "step"]
    rows = _read_rows(path, ["step", *fields])
    steps = tuple(
        CascadeStep(step=int(r["step"]), **{f: r[f].replace("|", "\n") for f in fields})
        for r in rows
    )
    if [s.step for s in steps] != list(range(1, len(steps) + 1)) or not steps:
        raise ValueError(f"{path.name}: steps must be numbered 1, 2, 3, ... in order.")
    return steps


@dataclass(frozen=True)
class TropismRow:
    """One bar of the tropism chart: a percentage for one primary under one denominator."""

    measure: str
    primary: str
    label: str
    percent: float
    denominator: str
    source: str
    doi_or_pmid: str
    verified: str


def load_tropism_table(path: Path | None = None) -> tuple[TropismRow, ...]:
    """Rows of ``assets/data/bone_tropism_by_primary.csv`` (percent between 0 and 100)."""
    path = path if path is not None else data_file(TROPISM_FILE)
    fields = list(TropismRow.__dataclass_fields__)
    rows = _read_rows(path, fields)
    out = []
    for r in rows:
        percent = float(r["percent"])
        if not 0 <= percent <= 100:
            raise ValueError(f"{path.name}: percent must be 0-100, not {percent!r}.")
        out.append(TropismRow(**{**{f: r[f] for f in fields}, "percent": percent}))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Cascade diagram
# --------------------------------------------------------------------------------------------

#: Where each step happens on the diagram (x, y on a 0-100 by 0-56 canvas).
STEP_XY: dict[int, tuple[float, float]] = {
    1: (20.0, 38.0),
    2: (27.5, 30.5),
    3: (47.0, 26.0),
    4: (70.5, 24.0),
    5: (83.0, 15.0),
    6: (90.0, 38.5),
}
#: Where each step's number and short label are written (x, y, horizontal alignment).
_LABEL_XY: dict[int, tuple[float, float]] = {
    1: (18.0, 49.0),
    2: (33.0, 44.0),
    3: (47.0, 14.0),
    4: (64.0, 44.0),
    5: (60.0, 9.0),
    6: (82.0, 53.0),
}


def _cell(ax: Axes, xy, r=1.3, *, face=TUMOR_FILL, edge=TUMOR_EDGE, zorder=4, lw=1.0):
    ax.add_patch(Circle(xy, r, facecolor=face, edgecolor=edge, lw=lw, zorder=zorder))
    ax.add_patch(Circle(xy, r * 0.38, facecolor=edge, edgecolor="none", zorder=zorder + 0.1))


def _draw_cascade(ax: Axes, steps: Sequence[CascadeStep]) -> None:
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 56)
    ax.set_aspect("equal")
    ax.axis("off")
    # Primary organ with a tumor.
    ax.add_patch(
        FancyBboxPatch(
            (1, 22),
            24,
            26,
            boxstyle="round,pad=0.5,rounding_size=4",
            facecolor=TISSUE_FILL,
            edgecolor="#9E9E9E",
            lw=1.0,
            zorder=1,
        )
    )
    ax.text(13, 24.2, "primary organ", ha="center", fontsize=8.5, color="#555555", zorder=5)
    rng = np.random.default_rng(7)  # fixed seed: the same picture every time
    for _ in range(28):
        angle, radius = rng.uniform(0, 2 * np.pi), 6.5 * np.sqrt(rng.uniform(0, 1))
        _cell(ax, (11 + radius * np.cos(angle), 35 + radius * np.sin(angle)), 1.25)
    ax.text(11, 43.6, "primary tumor", ha="center", fontsize=9, fontweight="bold", zorder=5)
    _cell(ax, STEP_XY[1], 1.35)  # a cell leaving the tumor
    # Blood vessel from the tumor to the bone.
    top, bottom = 31.5, 21.5
    ax.add_patch(
        Rectangle((24, bottom), 52, top - bottom, facecolor=VESSEL_FILL, edgecolor="none", zorder=1)
    )
    for y in (top, bottom):
        ax.plot([24, 76], [y, y], color=VESSEL_EDGE, lw=2.0, zorder=2)
    ax.add_patch(
        FancyArrowPatch(
            (36, 23.2),
            (60, 23.2),
            arrowstyle="-|>",
            mutation_scale=12,
            color=VESSEL_EDGE,
            lw=1.2,
            zorder=2,
        )
    )
    ax.text(48, 33.2, "blood stream", ha="center", fontsize=8.5, color=VESSEL_EDGE)
    _cell(ax, STEP_XY[2], 1.3)
    _cell(ax, STEP_XY[3], 1.3)
    for dx, dy in ((-6, -1.5), (6.5, 1.8), (12, -1.0)):  # other circulating cells that die
        x, y = STEP_XY[3][0] + dx, STEP_XY[3][1] + dy
        ax.add_patch(
            Circle((x, y), 0.9, facecolor="white", edgecolor=TUMOR_EDGE, lw=0.8, ls="--", zorder=3)
        )
    # Bone with red marrow.
    ax.add_patch(
        FancyBboxPatch(
            (74, 2),
            25,
            46,
            boxstyle="round,pad=0.3,rounding_size=3",
            facecolor=MARROW_FILL,
            edgecolor=BONE_EDGE,
            lw=1.2,
            zorder=1,
        )
    )
    for y0 in (8.0, 31.0, 42.0):
        ax.add_patch(
            Rectangle(
                (75, y0),
                23.5,
                3.0,
                facecolor=BONE,
                edgecolor=BONE_EDGE,
                hatch="..",
                lw=0.8,
                zorder=2,
            )
        )
    ax.text(97.5, 46.2, "bone (red marrow)", ha="right", fontsize=8.5, fontweight="bold", zorder=5)
    _cell(ax, STEP_XY[4], 1.3)
    ax.plot([74.5, 74.5], [bottom, top], color=VESSEL_EDGE, lw=2.0, ls=(0, (2, 1.5)), zorder=2)
    ax.text(75.6, 18.6, "sinusoid wall", ha="left", fontsize=7.5, color=VESSEL_EDGE)
    _cell(ax, STEP_XY[5], 1.2, face="#EDE7F6", edge="#5E35B1")
    ax.text(STEP_XY[5][0] + 2.0, STEP_XY[5][1] + 1.4, "dormant cell", fontsize=7.5, color="#5E35B1")
    for dx, dy in (
        (0, 0),
        (2.4, 0.8),
        (-2.2, 1.0),
        (1.0, 2.6),
        (-1.0, -2.2),
        (2.6, -1.6),
        (-2.8, -1.2),
        (0.2, -4.4),
        (3.6, 2.8),
    ):
        _cell(ax, (STEP_XY[6][0] + dx, STEP_XY[6][1] + dy), 1.1)
    ax.add_patch(
        Ellipse((86.5, 34.6), 6.5, 2.4, facecolor="#FFE0B2", edgecolor="#E65100", lw=1.0, zorder=5)
    )
    ax.text(81.0, 36.3, "osteoclast", fontsize=7, ha="right", color="#E65100", zorder=6)
    # Numbers and short labels of the steps, with leader lines.
    for step in steps:
        x, y = _LABEL_XY[step.step]
        px, py = STEP_XY[step.step]
        ax.plot([x, px], [y - 1.0 if y > py else y + 2.5, py], color="#777777", lw=0.7, zorder=3)
        ax.add_patch(Circle((x, y), 2.0, facecolor="white", edgecolor="black", lw=1.0, zorder=6))
        ax.text(
            x,
            y,
            str(step.step),
            ha="center",
            va="center",
            fontsize=9.5,
            fontweight="bold",
            zorder=7,
        )
        label = step.short_label
        ax.text(x + 2.8, y, label, ha="left", va="center", fontsize=8, zorder=7, linespacing=1.0)


class CascadeDiagram:
    """The cascade as a journey from tumor to bone, with one step highlighted in place."""

    def __init__(
        self, steps: Sequence[CascadeStep], *, width_in: float = 9.4, height_in: float = 5.6
    ):
        if not steps:
            raise ValueError("The cascade needs at least one step.")
        self.steps = tuple(steps)
        fig = new_figure(width_in=width_in, height_in=height_in)
        fig.set_layout_engine(None)
        ax = fig.add_axes((0.01, 0.01, 0.98, 0.86))
        fig.suptitle("The metastatic cascade: from a primary tumor to bone", fontweight="bold")
        _draw_cascade(ax, self.steps)
        self.fig: Figure = fig
        self.ax = ax
        self.ring = Circle(
            (0, 0), 4.2, facecolor="none", edgecolor=PALETTE["blue"], lw=3.0, ls="-", zorder=9
        )
        ax.add_patch(self.ring)
        self.caption = fig.text(
            0.5,
            0.885,
            "",
            ha="center",
            va="center",
            fontsize=10.5,
            bbox=dict(boxstyle="round,pad=0.3", facecolor="#EAF3FA", edgecolor=PALETTE["blue"]),
        )
        self.renderer = BlitRenderer(fig, [self.ring, self.caption])
        self.current = 1
        self.show_step(1)

    def show_step(self, number: int) -> None:
        """Highlight step ``number`` (1-based): a ring around it and a caption with its name."""
        if isinstance(number, bool) or not isinstance(number, int | np.integer):
            raise ValueError(f"step must be a whole number, but {number!r} was given.")
        if not 1 <= number <= len(self.steps):
            raise ValueError(f"step must be from 1 to {len(self.steps)}, but {number!r} was given.")
        step = self.steps[number - 1]
        self.current = int(number)
        self.ring.center = STEP_XY[step.step]
        self.caption.set_text(f"Step {step.step} of {len(self.steps)}: {step.name}")

    def png(self) -> bytes:
        """The diagram with the current highlight, as PNG bytes."""
        return self.renderer.png()


# --------------------------------------------------------------------------------------------
# Batson's plexus
# --------------------------------------------------------------------------------------------


def _box(ax, xy, w, h, text, *, face, edge="black", fontsize=9, hatch=None, bold=False):
    ax.add_patch(
        FancyBboxPatch(
            xy,
            w,
            h,
            boxstyle="round,pad=0.4,rounding_size=1.5",
            facecolor=face,
            edgecolor=edge,
            lw=1.2,
            hatch=hatch,
            zorder=2,
        )
    )
    ax.text(
        xy[0] + w / 2,
        xy[1] + h / 2,
        text,
        ha="center",
        va="center",
        fontsize=fontsize,
        fontweight="bold" if bold else "normal",
        zorder=3,
        linespacing=1.15,
    )


def _arrow(ax, start, end, *, color, ls="-", lw=2.0, rad=0.0):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=16,
            color=color,
            lw=lw,
            ls=ls,
            connectionstyle=f"arc3,rad={rad}",
            zorder=4,
        )
    )


def batson_diagram() -> Figure:
    """Two venous routes from the pelvis: via heart and lungs, or via Batson's plexus (1940)."""
    fig = new_figure(width_in=9.4, height_in=5.4)
    ax = fig.add_subplot()
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 60)
    ax.axis("off")
    ax.set_title(
        "Why the spine? Two routes for cells leaving a pelvic tumor (Batson 1940)",
        fontsize=12,
    )
    blue, vermillion = PALETTE["blue"], PALETTE["vermillion"]
    # Organs.
    _box(ax, (5, 4), 22, 9, "prostate or another\npelvic organ", face=TUMOR_FILL, bold=True)
    _box(ax, (5, 24), 22, 8, "pelvic veins", face=VESSEL_FILL)
    _box(ax, (5, 44), 22, 9, "heart, then\nlung capillaries", face="#E3F2FD")
    _box(ax, (38, 46), 22, 8, "arteries to the\nwhole body", face="#E3F2FD")
    # Spine: a column of vertebrae with the plexus beside it.
    for n, y in enumerate(np.arange(6, 54, 6.2)):
        ax.add_patch(
            FancyBboxPatch(
                (76, y),
                12,
                4.4,
                boxstyle="round,pad=0.2,rounding_size=0.8",
                facecolor=BONE,
                edgecolor=BONE_EDGE,
                lw=1.0,
                zorder=2,
            )
        )
        if n == 0:
            ax.text(82, y + 2.2, "sacrum", ha="center", va="center", fontsize=7.5, zorder=3)
    ax.text(82, 57.5, "vertebrae (on up to the skull)", ha="center", fontsize=9, fontweight="bold")
    ys = np.linspace(5, 54, 60)
    ax.plot(71.5 + 0.9 * np.sin(ys * 1.3), ys, color=vermillion, lw=2.2, zorder=3)
    ax.plot(92.5 + 0.9 * np.sin(ys * 1.3 + 1), ys, color=vermillion, lw=2.2, zorder=3)
    for y in np.arange(8, 54, 6.2):
        ax.plot([72.5, 76], [y + 1.0, y + 1.0], color=vermillion, lw=1.2, zorder=3)
    ax.text(
        70.0,
        30.0,
        "vertebral venous\nplexus (valveless)",
        ha="right",
        va="center",
        fontsize=8.5,
        color=vermillion,
        fontweight="bold",
    )
    # Route A: through the heart and lungs (solid arrows).
    _arrow(ax, (16, 13.6), (16, 23.4), color=blue)
    _arrow(ax, (16, 32.6), (16, 43.4), color=blue)
    _arrow(ax, (27.6, 49), (37.4, 50), color=blue)
    _arrow(ax, (60.6, 50), (75.4, 47), color=blue, ls="-")
    ax.text(
        28,
        38.5,
        "route A (solid): via the\nlungs, whose capillaries\ncatch many cells",
        fontsize=8.5,
        color=blue,
        va="center",
    )
    # Route B: Batson's plexus (dashed arrows).
    _arrow(ax, (27.6, 27), (69.8, 10), color=vermillion, ls="--", rad=0.15)
    ax.text(
        33,
        5.5,
        "route B (dashed): straight into the\nspinal veins, bypassing the lungs",
        fontsize=8.5,
        color=vermillion,
        va="center",
    )
    ax.text(
        50,
        26.8,
        "coughing or straining can push\nblood (and cells) into the plexus",
        fontsize=7.8,
        style="italic",
        color="#444444",
        ha="center",
        va="center",
    )
    fig.legend(
        handles=[
            Line2D([], [], color=blue, lw=2.0, label="route A: heart and lungs (solid)"),
            Line2D(
                [], [], color=vermillion, lw=2.0, ls="--", label="route B: Batson's plexus (dashed)"
            ),
        ],
        loc="lower center",
        ncol=2,
        fontsize=8.5,
    )
    return fig


# --------------------------------------------------------------------------------------------
# Why bone is a favored soil
# --------------------------------------------------------------------------------------------


SOIL_FEATURES: tuple[tuple[str, str], ...] = (
    (
        "High blood flow",
        "Red marrow gets a high blood flow, so many passing cells are delivered to it. In "
        "adults red marrow is in the spine, pelvis, ribs, skull and the ends of the femur and "
        "humerus: where bone metastases are found.",
    ),
    (
        "Slow, leaky sinusoids",
        "Blood moves slowly through thin-walled marrow sinusoids with gaps, so cells can stop "
        "and get out.",
    ),
    (
        "Homing and adhesion",
        "Marrow cells release CXCL12 (dots), which attracts cells carrying its receptor CXCR4; "
        "tumor cells stick to osteoblasts and stromal cells.",
    ),
    (
        "A store of growth factors",
        "Bone matrix holds TGF-\u03b2, IGF-1 and calcium (squares), released whenever "
        "osteoclasts resorb bone: food for the tumor (notebook 1.3).",
    ),
)


def _number(ax: Axes, xy, number: int) -> None:
    ax.add_patch(Circle(xy, 1.8, facecolor="white", edgecolor="black", lw=1.1, zorder=8))
    ax.text(*xy, str(number), ha="center", va="center", fontsize=9, fontweight="bold", zorder=9)


def soil_diagram() -> Figure:
    """Four features of red marrow that favor tumor cells: a numbered picture and its key."""
    fig = new_figure(width_in=10.0, height_in=4.6)
    fig.set_layout_engine(None)
    ax = fig.add_axes((0.005, 0.02, 0.99, 0.86))
    fig.suptitle("Why red marrow is a favored soil (Weilbaecher 2011)", fontweight="bold")
    ax.set_xlim(0, 110)
    ax.set_ylim(0, 50)
    ax.set_aspect("equal")
    ax.axis("off")
    # Sinusoid across the top, its wall broken by gaps.
    ax.add_patch(Rectangle((1, 36), 55, 8, facecolor=VESSEL_FILL, edgecolor="none", zorder=1))
    for y in (36, 44):
        for x0 in np.arange(1, 55, 4.5):
            ax.plot([x0, x0 + 3.2], [y, y], color=VESSEL_EDGE, lw=2.0, zorder=2)
    ax.add_patch(
        FancyArrowPatch(
            (18, 40),
            (32, 40),
            arrowstyle="-|>",
            mutation_scale=10,
            color=VESSEL_EDGE,
            lw=1.0,
            zorder=2,
        )
    )
    ax.text(34, 40, "sinusoid: slow flow", fontsize=8, va="center", color=VESSEL_EDGE)
    _cell(ax, (9, 40), 1.4)
    _cell(ax, (27.2, 34.0), 1.3)  # a cell getting out through a gap
    # Bone along the bottom with its growth-factor store; osteoblasts lining it.
    ax.add_patch(
        Rectangle((1, 2), 55, 9, facecolor=BONE, edgecolor=BONE_EDGE, hatch="..", lw=1.0, zorder=1)
    )
    for x in np.arange(5, 55, 6.5):
        ax.add_patch(
            Rectangle(
                (x, 5.0), 2.4, 2.4, facecolor=PALETTE["green"], edgecolor="black", lw=0.6, zorder=2
            )
        )
    for x in np.arange(4, 34, 5.5):
        ax.add_patch(
            Ellipse(
                (x, 12.6),
                5.0,
                2.4,
                facecolor="#BBDEFB",
                edgecolor=PALETTE["blue"],
                lw=0.9,
                zorder=2,
            )
        )
    ax.text(4, 15.3, "osteoblasts", fontsize=7.5, color=PALETTE["blue"])
    ax.text(28.5, 0.2, "bone matrix", fontsize=7.5, ha="center", va="bottom")
    # Stromal cell with CXCL12 dots and a tumor cell with CXCR4 receptors.
    ax.add_patch(
        Ellipse((41, 16), 10, 5, facecolor="#E0E0E0", edgecolor="#616161", lw=1.0, zorder=2)
    )
    ax.text(41, 16, "stromal\ncell", ha="center", va="center", fontsize=7, zorder=3)
    for dx, dy in ((3, 4.5), (5.5, 6.5), (2, 8.0), (7.5, 8.5), (-1.5, 6.0)):
        ax.add_patch(
            Circle(
                (41 + dx, 16 + dy), 0.55, facecolor=PALETTE["purple"], edgecolor="none", zorder=3
            )
        )
    _cell(ax, (52, 25), 2.2)
    for angle in np.linspace(0, 2 * np.pi, 9)[:-1]:
        ax.plot(
            [52 + 2.2 * np.cos(angle), 52 + 3.0 * np.cos(angle)],
            [25 + 2.2 * np.sin(angle), 25 + 3.0 * np.sin(angle)],
            color="black",
            lw=1.0,
            zorder=4,
        )
    ax.text(52, 20.8, "tumor cell\n(CXCR4)", ha="center", va="top", fontsize=7, zorder=3)
    # Numbers on the picture.
    for number, xy in ((1, (3.5, 47.0)), (2, (23.0, 31.0)), (3, (46.5, 28.0)), (4, (58.8, 6.5))):
        _number(ax, xy, number)
    # The key on the right.
    y = 47.0
    for number, (title, text) in enumerate(SOIL_FEATURES, start=1):
        _number(ax, (64.5, y), number)
        ax.text(67.5, y, title, fontsize=9, fontweight="bold", va="center")
        ax.text(
            67.5,
            y - 2.3,
            "\n".join(textwrap.wrap(text, 58)),
            fontsize=7.8,
            va="top",
            linespacing=1.15,
        )
        y -= 12.0
    return fig


# --------------------------------------------------------------------------------------------
# Tropism chart
# --------------------------------------------------------------------------------------------


def tropism_chart(rows: Sequence[TropismRow]) -> Figure:
    """Two denominators side by side, as horizontal bars labelled with their values.

    Left: of patients whose cancer had already spread at diagnosis, the % with bone involvement
    (``measure == "bone_in_metastatic"``). Right: of patients with bone metastases, the % by
    primary (``measure == "share_of_bone_metastases"``). Rows checked only through a secondary
    source are hatched and marked with a dagger.
    """
    left = [r for r in rows if r.measure == "bone_in_metastatic"]
    right = [r for r in rows if r.measure == "share_of_bone_metastases"]
    if not left or not right:
        raise ValueError("The tropism chart needs rows for both measures.")
    fig = new_figure(width_in=10.0, height_in=4.6)
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))  # room for the footnote
    ax_l, ax_r = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1.0]})
    fig.suptitle(
        "Bone tropism by primary cancer: the same question, two denominators", fontweight="bold"
    )
    panels = (
        (
            ax_l,
            left,
            PALETTE["blue"],
            "If the cancer has spread (at diagnosis):\n% of patients with bone involvement",
        ),
        (
            ax_r,
            right,
            PALETTE["orange"],
            "Of all patients with bone metastases:\n% by primary cancer (Denmark)",
        ),
    )
    for ax, data, color, title in panels:
        data = sorted(data, key=lambda r: (r.primary != "other", r.percent))
        y = np.arange(len(data))
        hatches = ["//" if r.verified != "yes" else "" for r in data]
        bars = ax.barh(y, [r.percent for r in data], color=color, edgecolor="black", lw=0.8)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        labels = [r.label + (" \u2020" if r.verified != "yes" else "") for r in data]
        ax.set_yticks(y, labels)
        for yi, r in zip(y, data, strict=True):
            ax.text(r.percent + 1.5, yi, f"{r.percent:g}%", va="center", fontsize=9)
        ax.set_xlim(0, 100)
        ax.set_xlabel("percent of patients (%)")
        ax.set_title(title, fontsize=10)
        ax.grid(axis="y", visible=False)
    fig.text(
        0.01,
        0.01,
        "\u2020 hatched: figure checked only through a secondary source (SEER 2010-2016 analysis "
        "as cited). Sources: Zhang 2022 (thyroid); Svensson 2017 (Denmark).",
        fontsize=7.5,
        color="#444444",
    )
    return fig
