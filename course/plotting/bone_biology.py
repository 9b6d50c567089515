"""Diagrams of bone biology for notebook 1.3, drawn by code.

- :func:`remodeling_cycle_diagram`: one remodeling cycle at a bone surface (rest, resorption by
  osteoclasts, reversal, formation by osteoblasts, rest), with coupling signals.
- :func:`rankl_diagram`: RANKL on osteoblast-lineage cells binds RANK on osteoclast precursors;
  OPG is a decoy receptor that binds RANKL first; denosumab does the same (Boyce & Xing 2008).
- :func:`vicious_cycle_diagram`: tumor PTHrP -> RANKL -> osteoclasts -> TGF-beta and IGF-1
  released -> tumor growth (Mundy 2002; Weilbaecher 2011), with where bone-targeted agents act.
- :func:`lesion_types_diagram`: lytic and blastic as two ends of a continuum (Roodman 2004), with
  the primaries the course can place with checked sources.

Pure matplotlib: nothing touches pyplot. Every color goes with a label, a hatch or a number.
For education only, not for clinical decisions.
"""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import (
    Circle,
    Ellipse,
    FancyArrowPatch,
    FancyBboxPatch,
    Polygon,
    Rectangle,
    Wedge,
)

from course.plotting.style import BONE, BONE_EDGE, PALETTE, new_figure

__all__ = [
    "lesion_types_diagram",
    "rankl_diagram",
    "remodeling_cycle_diagram",
    "vicious_cycle_diagram",
]

OSTEOCLAST_FILL = "#FFE0B2"
OSTEOCLAST_EDGE = "#E65100"
OSTEOBLAST_FILL = "#BBDEFB"
OSTEOBLAST_EDGE = PALETTE["blue"]
TUMOR_FILL = "#F4C7B5"
TUMOR_EDGE = "#A0462A"
FACTOR = PALETTE["green"]
OSTEOID = "#FFF8E1"


def _blank_axes(fig: Figure, xlim, ylim, rect=None) -> Axes:
    ax = fig.add_axes(rect) if rect is not None else fig.add_subplot()
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _arrow(ax, start, end, *, color="black", lw=1.6, rad=0.0, ls="-", scale=14, zorder=4):
    ax.add_patch(
        FancyArrowPatch(
            start,
            end,
            arrowstyle="-|>",
            mutation_scale=scale,
            color=color,
            lw=lw,
            ls=ls,
            connectionstyle=f"arc3,rad={rad}",
            zorder=zorder,
        )
    )


def _osteoclast(ax, center, width=5.0, height=2.2):
    ax.add_patch(
        Ellipse(
            center,
            width,
            height,
            facecolor=OSTEOCLAST_FILL,
            edgecolor=OSTEOCLAST_EDGE,
            lw=1.2,
            zorder=5,
        )
    )
    for dx in np.linspace(-width * 0.3, width * 0.3, 4):
        ax.add_patch(
            Circle(
                (center[0] + dx, center[1] + 0.15),
                0.28,
                facecolor=OSTEOCLAST_EDGE,
                edgecolor="none",
                zorder=6,
            )
        )


def _osteoblast(ax, center, width=1.5, height=1.0, angle=0.0):
    ax.add_patch(
        Ellipse(
            center,
            width,
            height,
            angle=angle,
            facecolor=OSTEOBLAST_FILL,
            edgecolor=OSTEOBLAST_EDGE,
            lw=0.9,
            zorder=5,
        )
    )


def _factor(ax, xy, size=0.55):
    ax.add_patch(
        Rectangle(
            (xy[0] - size / 2, xy[1] - size / 2),
            size,
            size,
            facecolor=FACTOR,
            edgecolor="black",
            lw=0.5,
            zorder=6,
        )
    )


# --------------------------------------------------------------------------------------------
# 1. A remodeling cycle
# --------------------------------------------------------------------------------------------


def _bone_block(ax, x0, *, pit_depth=0.0, fill_depth=0.0, width=10.0, surface=5.0):
    """A block of bone with an optional pit (resorbed) and a refilled layer (new osteoid)."""
    ax.add_patch(
        Rectangle(
            (x0, 0),
            width,
            surface,
            facecolor=BONE,
            edgecolor=BONE_EDGE,
            hatch="..",
            lw=1.0,
            zorder=1,
        )
    )
    if pit_depth > 0:
        pit = Ellipse(
            (x0 + width / 2, surface),
            6.0,
            2 * pit_depth,
            facecolor="white",
            edgecolor=BONE_EDGE,
            lw=1.0,
            zorder=2,
        )
        ax.add_patch(pit)
        ax.add_patch(
            Rectangle(
                (x0 + 1.8, surface),
                6.4,
                pit_depth + 0.2,
                facecolor="white",
                edgecolor="none",
                zorder=2,
            )
        )
    if fill_depth > 0:
        ax.add_patch(
            Ellipse(
                (x0 + width / 2, surface),
                6.0,
                2 * fill_depth,
                facecolor=OSTEOID,
                edgecolor=BONE_EDGE,
                hatch="////",
                lw=0.8,
                zorder=3,
            )
        )
        ax.add_patch(
            Rectangle(
                (x0 + 1.8, surface),
                6.4,
                fill_depth + 0.2,
                facecolor="white",
                edgecolor="none",
                zorder=3,
            )
        )


def remodeling_cycle_diagram() -> Figure:
    """Five moments of one remodeling cycle at a bone surface, left to right."""
    fig = new_figure(width_in=10.0, height_in=3.6)
    fig.set_layout_engine(None)
    ax = _blank_axes(fig, (0, 62), (-3.2, 12.5), rect=(0.01, 0.02, 0.98, 0.84))
    fig.suptitle(
        "One remodeling cycle: osteoclasts resorb, osteoblasts refill (coupling)",
        fontweight="bold",
    )
    x = [0, 12.5, 25, 37.5, 50]
    titles = [
        "1 Rest",
        "2 Resorption",
        "3 Reversal",
        "4 Formation",
        "5 Rest again",
    ]
    notes = [
        "lining cells cover\nthe bone surface",
        "an osteoclast dissolves\nmineral and matrix",
        "matrix factors (squares)\nrecruit osteoblasts",
        "osteoblasts lay down new\nmatrix (osteoid, hatched)",
        "the pit is refilled:\nbone mass balanced",
    ]
    _bone_block(ax, x[0])
    _bone_block(ax, x[1], pit_depth=2.0)
    _bone_block(ax, x[2], pit_depth=2.2)
    _bone_block(ax, x[3], pit_depth=2.2, fill_depth=1.2)
    _bone_block(ax, x[4])
    for x0 in (x[0], x[4]):
        for dx in np.arange(1.2, 9.5, 1.7):
            ax.add_patch(
                Ellipse(
                    (x0 + dx, 5.25),
                    1.5,
                    0.45,
                    facecolor="#ECEFF1",
                    edgecolor="#607D8B",
                    lw=0.7,
                    zorder=4,
                )
            )
    _osteoclast(ax, (x[1] + 5, 4.6))
    for dx, dy in ((-1.6, 6.8), (0.6, 7.6), (1.9, 6.5)):
        _factor(ax, (x[1] + 5 + dx, dy))
    ax.text(x[1] + 5, 8.9, "released", ha="center", fontsize=7.5, color="#1B5E20")
    for dx, dy in ((-1.0, 6.2), (1.3, 6.9)):
        _factor(ax, (x[2] + 5 + dx, dy))
    for dx in (-2.5, 2.8):
        _osteoblast(ax, (x[2] + 5 + dx, 8.0))
    _arrow(ax, (x[2] + 4.2, 6.6), (x[2] + 3.0, 7.6), color=FACTOR, lw=1.0, scale=9)
    _arrow(ax, (x[2] + 6.0, 7.2), (x[2] + 7.3, 7.8), color=FACTOR, lw=1.0, scale=9)
    for angle, (px, py) in zip(
        (60, 35, 0, -35, -60),
        (
            (x[3] + 2.4, 4.5),
            (x[3] + 3.3, 4.0),
            (x[3] + 5, 3.7),
            (x[3] + 6.7, 4.0),
            (x[3] + 7.6, 4.5),
        ),
        strict=True,
    ):
        _osteoblast(ax, (px, py + 0.9), angle=angle)
    for n in range(5):
        ax.text(x[n] + 5, 11.4, titles[n], ha="center", fontsize=10, fontweight="bold")
        ax.text(x[n] + 5, -0.6, notes[n], ha="center", va="top", fontsize=7.8, linespacing=1.1)
        if n < 4:
            _arrow(ax, (x[n] + 10.2, 9.8), (x[n + 1] - 0.2, 9.8), lw=1.2, scale=10)
    ax.text(x[1] + 0.6, 2.0, "bone", fontsize=7.5, color="#3E2723", zorder=7)
    return fig


# --------------------------------------------------------------------------------------------
# 2. RANK, RANKL and OPG
# --------------------------------------------------------------------------------------------


def _rankl(ax, base, *, direction=1.0, color="black"):
    """A RANKL molecule: a stalk from the membrane and a triangle head pointing right."""
    x, y = base
    ax.plot([x, x + 0.8 * direction], [y, y], color=color, lw=1.4, zorder=5)
    ax.add_patch(
        Polygon(
            [
                (x + 0.8 * direction, y - 0.45),
                (x + 0.8 * direction, y + 0.45),
                (x + 1.5 * direction, y),
            ],
            closed=True,
            facecolor="#424242",
            edgecolor="black",
            lw=0.6,
            zorder=6,
        )
    )


def _receptor(ax, tip, *, color, face, direction=-1.0, lw=1.6):
    """A cup-shaped receptor whose opening points in ``direction`` (-1 left, +1 right)."""
    x, y = tip
    ax.add_patch(
        Wedge(
            (x, y),
            0.75,
            90 if direction < 0 else -90,
            270 if direction < 0 else 90,
            width=0.3,
            facecolor=face,
            edgecolor=color,
            lw=lw,
            zorder=6,
        )
    )


def rankl_diagram() -> Figure:
    """RANKL (on osteoblast-lineage cells) meets RANK (on osteoclast precursors); OPG blocks.

    Three rows: RANKL binds RANK (the signal goes through); OPG binds RANKL first (RANK stays
    empty); denosumab binds RANKL as OPG does.
    """
    fig = new_figure(width_in=10.0, height_in=4.4)
    fig.set_layout_engine(None)
    ax = _blank_axes(fig, (0, 62), (-2.0, 21), rect=(0.01, 0.02, 0.98, 0.86))
    fig.suptitle(
        "RANK, RANKL and OPG: the switch that makes osteoclasts (Boyce & Xing 2008)",
        fontweight="bold",
    )
    rows = (
        (
            17.5,
            14.6,
            "rank",
            "1  RANKL on an osteoblast-lineage cell binds RANK on an osteoclast\n"
            "    precursor: NF-\u03baB signaling (with M-CSF) makes the precursor a\n"
            "    working osteoclast and keeps it alive.",
        ),
        (
            10.0,
            20.5,
            "opg",
            "2  OPG, a soluble decoy receptor made by osteoblasts, binds\n"
            "    RANKL first: RANK stays empty, fewer osteoclasts form.",
        ),
        (
            2.5,
            20.5,
            "denosumab",
            "3  Denosumab, an antibody against RANKL, does what OPG\n"
            "    does: fewer osteoclasts, less bone resorption.",
        ),
    )
    for y, membrane_x, kind, text in rows:
        ax.add_patch(
            Ellipse(
                (5.2, y),
                9.5,
                5.0,
                facecolor=OSTEOBLAST_FILL,
                edgecolor=OSTEOBLAST_EDGE,
                lw=1.4,
                zorder=2,
            )
        )
        ax.text(
            4.9, y, "osteoblast /\nstromal cell", ha="center", va="center", fontsize=7.5, zorder=3
        )
        ax.add_patch(
            Ellipse(
                (membrane_x + 4.75, y),
                9.5,
                5.0,
                facecolor=OSTEOCLAST_FILL,
                edgecolor=OSTEOCLAST_EDGE,
                lw=1.4,
                zorder=2,
            )
        )
        ax.text(
            membrane_x + 5.0,
            y,
            "osteoclast\nprecursor",
            ha="center",
            va="center",
            fontsize=7.5,
            zorder=3,
        )
        _rankl(ax, (9.9, y))
        ax.text(10.6, y + 1.0, "RANKL", fontsize=7, ha="center", zorder=7)
        if kind == "rank":
            _receptor(ax, (12.15, y), color=OSTEOCLAST_EDGE, face="white")
            ax.plot([12.9, membrane_x + 0.1], [y, y], color=OSTEOCLAST_EDGE, lw=1.4, zorder=5)
            ax.text(12.9, y - 1.4, "RANK", fontsize=7, ha="center", color=OSTEOCLAST_EDGE, zorder=7)
        else:
            _receptor(ax, (membrane_x - 0.9, y), color=OSTEOCLAST_EDGE, face="white")
            ax.plot(
                [membrane_x - 0.15, membrane_x + 0.1],
                [y, y],
                color=OSTEOCLAST_EDGE,
                lw=1.4,
                zorder=5,
            )
            ax.text(
                membrane_x - 2.8,
                y + 1.0,
                "RANK (empty)",
                fontsize=7,
                ha="center",
                color=OSTEOCLAST_EDGE,
                zorder=7,
            )
        if kind == "opg":
            _receptor(ax, (12.15, y), color="#1B5E20", face=FACTOR)
            ax.text(
                13.2,
                y - 1.4,
                "OPG",
                fontsize=8.5,
                fontweight="bold",
                color="#1B5E20",
                ha="center",
                zorder=7,
            )
        if kind == "denosumab":
            c = PALETTE["purple"]
            ax.plot([11.5, 12.6], [y, y], color=c, lw=2.4, zorder=6)
            ax.plot([12.6, 13.7], [y, y + 1.0], color=c, lw=2.4, zorder=6)
            ax.plot([12.6, 13.7], [y, y - 1.0], color=c, lw=2.4, zorder=6)
            ax.text(
                13.0,
                y - 2.0,
                "denosumab",
                fontsize=8,
                fontweight="bold",
                color="#6A1B4D",
                ha="center",
                zorder=7,
            )
        ax.text(31.2, y, text, va="center", fontsize=8.5, linespacing=1.15)
    ax.text(
        30,
        -1.0,
        "The balance of RANKL and OPG is a major determinant of bone mass.",
        ha="center",
        fontsize=9,
        style="italic",
    )
    return fig


# --------------------------------------------------------------------------------------------
# 3. The vicious cycle
# --------------------------------------------------------------------------------------------


def _node(ax, center, text, *, face, edge, width=11.0, height=4.4, hatch=None):
    x, y = center
    ax.add_patch(
        FancyBboxPatch(
            (x - width / 2, y - height / 2),
            width,
            height,
            boxstyle="round,pad=0.3,rounding_size=1.2",
            facecolor=face,
            edgecolor=edge,
            lw=1.6,
            hatch=hatch,
            zorder=3,
        )
    )
    ax.text(
        x,
        y,
        text,
        ha="center",
        va="center",
        fontsize=9.5,
        fontweight="bold",
        zorder=4,
        linespacing=1.1,
        bbox=dict(boxstyle="round,pad=0.15", facecolor=face, edgecolor="none") if hatch else None,
    )


def vicious_cycle_diagram() -> Figure:
    """The vicious cycle as four boxes around a loop, steps numbered as in the evidence."""
    fig = new_figure(width_in=10.0, height_in=6.0)
    fig.set_layout_engine(None)
    ax = _blank_axes(fig, (0, 60), (0, 36), rect=(0.01, 0.01, 0.98, 0.89))
    fig.suptitle(
        "The vicious cycle of bone metastasis (Mundy 2002; Weilbaecher 2011)", fontweight="bold"
    )
    top, right, bottom, left = (30, 31), (48, 18), (30, 5), (12, 18)
    _node(ax, top, "tumor cells", face=TUMOR_FILL, edge=TUMOR_EDGE)
    _node(ax, right, "osteoblasts and\nstromal cells", face=OSTEOBLAST_FILL, edge=OSTEOBLAST_EDGE)
    _node(ax, bottom, "osteoclasts", face=OSTEOCLAST_FILL, edge=OSTEOCLAST_EDGE)
    _node(ax, left, "bone matrix", face=BONE, edge=BONE_EDGE, hatch="..")
    _arrow(ax, (36.0, 30.0), (46.0, 21.0), lw=2.0, rad=-0.25)
    _arrow(ax, (47.5, 15.3), (36.5, 6.0), lw=2.0, rad=-0.25)
    _arrow(ax, (24.0, 5.0), (13.0, 15.3), lw=2.0, rad=-0.25)
    _arrow(ax, (13.0, 20.8), (23.5, 30.5), lw=2.0, rad=-0.25)
    labels = [
        (
            (40.5, 29.5),
            "left",
            "1  tumor cells secrete PTHrP\n"
            "    and cytokines (IL-6, IL-11,\n"
            "    prostaglandins, TNF-\u03b1)",
        ),
        ((46.5, 9.8), "left", "2  RANKL \u2191, OPG \u2193"),
        ((28.5, 11.6), "center", "3  osteoclasts resorb bone\n(acid, cathepsin K, MMPs)"),
        ((1.5, 9.6), "left", "4  resorption releases\n    TGF-\u03b2, IGF-1 and calcium"),
        ((1.0, 28.6), "left", "5  TGF-\u03b2 and IGF-1 drive tumor\n    growth and more PTHrP"),
    ]
    for (x, y), ha, text in labels:
        ax.text(x, y, text, ha=ha, va="center", fontsize=8.6, linespacing=1.15, zorder=5)
    ax.text(
        30,
        18,
        "the vicious\ncycle",
        ha="center",
        va="center",
        fontsize=12,
        style="italic",
        color="#555555",
    )
    # Where bone-targeted agents act.
    ax.add_patch(
        FancyBboxPatch(
            (38.5, 0.6),
            20.5,
            6.2,
            boxstyle="round,pad=0.3,rounding_size=0.8",
            facecolor="white",
            edgecolor=PALETTE["purple"],
            lw=1.5,
            ls="--",
            hatch=None,
            zorder=3,
        )
    )
    ax.text(
        48.75,
        3.7,
        "Bisphosphonates and denosumab\nact on osteoclasts (step 3): fewer\n"
        "skeletal complications, no cure",
        ha="center",
        va="center",
        fontsize=8.2,
        color="#6A1B4D",
        zorder=4,
    )
    _arrow(ax, (38.3, 4.0), (35.8, 4.6), color=PALETTE["purple"], lw=1.4, ls="--", scale=10)
    return fig


# --------------------------------------------------------------------------------------------
# 4. Lytic, mixed and blastic
# --------------------------------------------------------------------------------------------


def _trabecular(ax, x0, y0, size, *, kind: str, rng: np.random.Generator) -> None:
    ax.add_patch(
        Rectangle(
            (x0, y0), size, size, facecolor=BONE, edgecolor=BONE_EDGE, hatch="..", lw=1.0, zorder=1
        )
    )
    # Marrow spaces between trabeculae.
    for i in range(4):
        for j in range(4):
            cx, cy = x0 + (i + 0.5) * size / 4, y0 + (j + 0.5) * size / 4
            ax.add_patch(
                Ellipse(
                    (cx, cy),
                    size / 6,
                    size / 7,
                    facecolor="#FFF3E0",
                    edgecolor=BONE_EDGE,
                    lw=0.5,
                    zorder=2,
                )
            )
    if kind in ("lytic", "mixed"):
        holes = 3 if kind == "lytic" else 1
        for _ in range(holes):
            cx = x0 + rng.uniform(0.25, 0.75) * size
            cy = y0 + rng.uniform(0.25, 0.75) * size
            ax.add_patch(
                Ellipse(
                    (cx, cy),
                    size * 0.42,
                    size * 0.32,
                    facecolor="white",
                    edgecolor="#424242",
                    lw=1.0,
                    ls="--",
                    zorder=3,
                )
            )
    if kind in ("blastic", "mixed"):
        patches = 3 if kind == "blastic" else 1
        for _ in range(patches):
            cx = x0 + rng.uniform(0.25, 0.75) * size
            cy = y0 + rng.uniform(0.25, 0.75) * size
            ax.add_patch(
                Ellipse(
                    (cx, cy),
                    size * 0.38,
                    size * 0.3,
                    facecolor="#8D6E63",
                    edgecolor="black",
                    hatch="xxx",
                    lw=0.8,
                    zorder=3,
                )
            )


def lesion_types_diagram() -> Figure:
    """Lytic, mixed and blastic lesions as a continuum, with checked examples of primaries."""
    fig = new_figure(width_in=10.0, height_in=4.8)
    fig.set_layout_engine(None)
    ax = _blank_axes(fig, (0, 100), (0, 42), rect=(0.01, 0.02, 0.98, 0.86))
    fig.suptitle(
        "Lytic and blastic lesions: two ends of a continuum (Roodman 2004)", fontweight="bold"
    )
    rng = np.random.default_rng(3)  # fixed seed: the same picture every time
    kinds = (("lytic", 8), ("mixed", 43), ("blastic", 78))
    captions = {
        "lytic": "osteolytic: holes where\nosteoclasts destroyed bone\n(dashed outlines)",
        "mixed": "mixed: both processes",
        "blastic": "osteoblastic: dense, disordered\nnew bone (cross-hatched)",
    }
    for kind, x0 in kinds:
        _trabecular(ax, x0, 24, 14, kind=kind, rng=rng)
        ax.text(x0 + 7, 39.5, kind, ha="center", fontsize=10, fontweight="bold")
        ax.text(x0 + 7, 22.5, captions[kind], ha="center", va="top", fontsize=7.8, linespacing=1.1)
    # The continuum bar.
    bar_y = 11.0
    for i in range(40):
        shade = i / 39
        ax.add_patch(
            Rectangle(
                (5 + i * 2.25, bar_y),
                2.25,
                2.4,
                facecolor=(1 - 0.45 * shade, 1 - 0.55 * shade, 1 - 0.6 * shade),
                edgecolor="none",
                zorder=1,
            )
        )
    ax.add_patch(Rectangle((5, bar_y), 90, 2.4, facecolor="none", edgecolor="black", lw=1.0))
    ax.text(5, bar_y + 3.2, "\u2190 more bone destruction", fontsize=8.5, ha="left")
    ax.text(95, bar_y + 3.2, "more new (disordered) bone \u2192", fontsize=8.5, ha="right")
    examples = [
        (7, "myeloma\n(purely lytic)"),
        (20, "kidney (mostly\nlytic)"),
        (36, "breast (mostly lytic\nor mixed)"),
        (86, "prostate (mostly\nblastic)"),
    ]
    for x, text in examples:
        ax.plot([x, x], [bar_y - 0.3, bar_y - 1.6], color="black", lw=1.0)
        ax.text(x, bar_y - 2.0, text, ha="center", va="top", fontsize=8, linespacing=1.05)
    ax.text(
        66,
        3.3,
        "Blastic is not strong: blastic lesions still hurt and fracture\n"
        "(poor-quality new bone), and they resorb bone too.",
        ha="center",
        va="center",
        fontsize=8.4,
        style="italic",
        bbox=dict(boxstyle="round,pad=0.3", facecolor="#FFF8E1", edgecolor="#E69F00"),
    )
    return fig
