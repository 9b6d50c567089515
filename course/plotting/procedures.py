"""Schematic diagrams of surgery and interventional procedures for bone metastases (Module 5.2).

Each diagram is drawn by code from simple shapes (not to scale, not copied from any source):
bone in a neutral tone, tumor in purple with a cross hatch, metal implants in gray, cement in sky
blue with dots, the spinal cord in yellow, vessels in vermillion. Every element also carries a
text label, so no meaning depends on color.

:func:`procedure_diagram` returns a standalone Figure for one of :data:`PROCEDURES`.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Polygon, Rectangle, Wedge

from course.plotting.style import BONE, BONE_EDGE, PALETTE, course_style, new_figure

TUMOR = PALETTE["purple"]
TUMOR_HATCH = "xxx"
METAL = "#9A9A9A"
METAL_EDGE = "#3C3C3C"
CEMENT = PALETTE["sky"]
CEMENT_HATCH = "..."
CORD = PALETTE["yellow"]
CSF = "#D6ECF8"
VESSEL = PALETTE["vermillion"]
MARROW = "#F6F2E7"

#: Procedures with a diagram, in the order taught in notebook 5.2.
PROCEDURES: tuple[str, ...] = (
    "prophylactic_fixation",
    "reconstruction",
    "decompression",
    "en_bloc_resection",
    "embolization",
    "vertebral_augmentation",
    "thermal_ablation",
    "cementoplasty",
)

#: Procedure -> figure title.
TITLES: dict[str, str] = {
    "prophylactic_fixation": "Prophylactic fixation of an impending femoral fracture",
    "reconstruction": "Reconstruction: replacing bone that cannot be fixed",
    "decompression": "Decompression (separation) surgery for spinal cord compression",
    "en_bloc_resection": "En-bloc resection of a solitary metastasis",
    "embolization": "Pre-operative embolization of a hypervascular metastasis",
    "vertebral_augmentation": "Vertebroplasty and kyphoplasty",
    "thermal_ablation": "Image-guided thermal ablation",
    "cementoplasty": "Cementoplasty of the acetabulum",
}

_LABEL = dict(fontsize=8.5, color="#222222")
_ARROW = dict(arrowstyle="-", color="#444444", lw=0.8)


def _label(ax: Axes, text: str, xy: tuple[float, float], xytext: tuple[float, float], **kw):
    ha = kw.pop("ha", "left" if xytext[0] >= xy[0] else "right")
    ax.annotate(text, xy=xy, xytext=xytext, arrowprops=_ARROW, ha=ha, va="center", **_LABEL, **kw)


def _panel(ax: Axes, title: str, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=10, fontweight="bold")


def _tumor(ax: Axes, xy, width, height, angle=0.0, **kw) -> Ellipse:
    patch = Ellipse(
        xy,
        width,
        height,
        angle=angle,
        facecolor=TUMOR,
        hatch=TUMOR_HATCH,
        edgecolor="#6B2F55",
        lw=0.8,
        **kw,
    )
    ax.add_patch(patch)
    return patch


def _metal(ax: Axes, patch) -> None:
    patch.set_facecolor(METAL)
    patch.set_edgecolor(METAL_EDGE)
    patch.set_linewidth(0.8)
    ax.add_patch(patch)


def _cement(ax: Axes, patch) -> None:
    patch.set_facecolor(CEMENT)
    patch.set_hatch(CEMENT_HATCH)
    patch.set_edgecolor("#1F5F80")
    patch.set_linewidth(0.8)
    ax.add_patch(patch)


def _bone(ax: Axes, patch) -> None:
    patch.set_facecolor(BONE)
    patch.set_edgecolor(BONE_EDGE)
    patch.set_linewidth(1.2)
    ax.add_patch(patch)


# --- femur ---------------------------------------------------------------------------------


def _femur(ax: Axes, *, head: bool = True) -> None:
    """A left femur seen from the front, shaft vertical, head up and to the left."""
    if head:
        neck = Polygon([(-0.3, 7.2), (-0.3, 8.2), (-1.5, 9.05), (-1.85, 8.45)], closed=True)
        _bone(ax, neck)
        _bone(ax, Circle((-1.85, 8.85), 0.62))
    shaft = Polygon(
        [
            (-0.55, 0.9),
            (-0.6, 6.9),
            (-0.7, 7.5),
            (-0.55, 8.1),
            (0.2, 8.6),
            (0.85, 8.4),
            (0.95, 7.6),
            (0.6, 6.9),
            (0.55, 0.9),
        ],
        closed=True,
    )
    _bone(ax, shaft)
    condyles = FancyBboxPatch((-1.05, 0.0), 2.1, 1.2, boxstyle="round,pad=0.02,rounding_size=0.45")
    _bone(ax, condyles)
    ax.add_patch(Rectangle((-0.5, 0.85), 1.0, 0.5, facecolor=BONE, edgecolor="none"))
    ax.add_patch(Rectangle((-0.28, 1.4), 0.56, 5.4, facecolor=MARROW, edgecolor="none"))


def _draw_fixation(before: Axes, after: Axes) -> None:
    for ax in (before, after):
        _femur(ax)
    _tumor(before, (0.1, 7.2), 1.0, 1.3)
    _label(
        before,
        "lytic peritrochanteric metastasis,\npain on walking: Mirels 9 or more",
        (0.55, 7.3),
        (1.7, 7.3),
    )
    _label(before, "femoral head", (-1.85, 9.3), (-1.85, 10.1), ha="center")
    _label(before, "shaft", (0.55, 4.0), (1.7, 4.0))
    _tumor(after, (0.1, 7.2), 1.0, 1.3, alpha=0.55)
    _metal(after, Rectangle((-0.16, 1.2), 0.32, 7.3))
    _metal(after, Polygon([(-0.1, 7.2), (0.12, 7.45), (-1.85, 8.95), (-2.0, 8.7)], closed=True))
    _metal(after, Rectangle((-0.75, 1.7), 1.5, 0.16))
    _label(after, "long intramedullary nail\n(protects the whole femur)", (0.16, 4.5), (1.7, 4.5))
    _label(after, "screw into the\nfemoral head", (-1.3, 8.6), (-2.2, 10.1), ha="center")
    _label(after, "locking screw", (0.75, 1.78), (1.7, 2.2))
    _label(after, "then radiotherapy\nto the whole implant", (0.3, 7.6), (1.7, 7.6))


def _draw_reconstruction(before: Axes, after: Axes) -> None:
    for ax in (before, after):
        cup = Wedge((-1.85, 8.85), 0.95, 20, 200, width=0.3)
        _bone(ax, cup)
        _label(ax, "acetabulum\n(hip socket)", (-2.6, 9.35), (-3.0, 10.4), ha="center")
    _femur(before)
    _tumor(before, (-1.2, 8.55), 1.9, 1.0, angle=35)
    _label(before, "metastasis destroying\nthe femoral head and neck", (-0.6, 8.4), (1.5, 9.6))
    _label(before, "too little bone left\nto hold a nail or screws", (0.2, 7.8), (1.5, 7.2))
    # After: proximal femur replaced by a tumor endoprosthesis.
    shaft = Polygon([(-0.55, 0.9), (-0.6, 5.6), (0.6, 5.6), (0.55, 0.9)], closed=True)
    _bone(after, shaft)
    condyles = FancyBboxPatch((-1.05, 0.0), 2.1, 1.2, boxstyle="round,pad=0.02,rounding_size=0.45")
    _bone(after, condyles)
    after.add_patch(Rectangle((-0.5, 0.85), 1.0, 0.5, facecolor=BONE, edgecolor="none"))
    _metal(after, Rectangle((-0.17, 2.4), 0.34, 3.3))
    _metal(after, FancyBboxPatch((-0.62, 5.6), 1.24, 2.2, boxstyle="round,pad=0.02"))
    _metal(after, Polygon([(-0.5, 7.3), (-0.3, 7.8), (-1.7, 8.95), (-1.95, 8.6)], closed=True))
    _metal(after, Circle((-1.85, 8.85), 0.58))
    _label(after, "prosthetic head and neck", (-1.85, 8.3), (-2.6, 6.9), ha="center")
    _label(after, "metal body replaces\nthe resected bone", (0.62, 6.7), (1.5, 6.7))
    _label(after, "stem fixed in the\nremaining shaft", (0.17, 3.6), (1.5, 3.6))


# --- vertebra, axial view -----------------------------------------------------------------


def _vertebra_axial(ax: Axes, *, laminectomy: bool = False) -> None:
    """A thoracic vertebra seen from above: body at the bottom (front), arch at the top."""
    _bone(ax, Ellipse((0, 0), 4.2, 3.0))
    canal = (0, 2.75)
    if laminectomy:
        for t1, t2 in ((-50, 20), (160, 230)):
            _bone(ax, Wedge(canal, 2.0, t1, t2, width=0.85))
    else:
        _bone(ax, Wedge(canal, 2.0, -50, 230, width=0.85))
        _bone(ax, Polygon([(-0.3, 4.6), (0.3, 4.6), (0.15, 6.0), (-0.15, 6.0)], closed=True))
    for sign in (-1, 1):
        _bone(
            ax,
            Polygon(
                [(sign * 1.6, 3.0), (sign * 3.1, 3.5), (sign * 3.1, 3.9), (sign * 1.7, 3.7)],
                closed=True,
            ),
        )
    ax.add_patch(Circle(canal, 1.15, facecolor=CSF, edgecolor="#7FA8C0", lw=0.6))


def _draw_decompression(before: Axes, after: Axes) -> None:
    _vertebra_axial(before)
    _tumor(before, (0, 2.05), 2.3, 1.7)
    before.add_patch(Ellipse((0, 3.35), 1.3, 0.5, facecolor=CORD, edgecolor="#8A7D00", lw=0.8))
    _label(before, "spinal cord, squashed\nagainst the back of the canal", (0.6, 3.4), (2.3, 5.6))
    _label(before, "epidural tumor", (-1.0, 2.0), (-3.3, 1.9))
    _label(before, "vertebral body", (-1.5, -0.6), (-3.3, -1.3))
    _label(before, "lamina and\nspinous process", (-0.15, 5.5), (-2.3, 5.9))
    before.text(0, -2.1, "front", ha="center", **_LABEL)
    _vertebra_axial(after, laminectomy=True)
    _tumor(after, (0, 1.62), 1.9, 0.35)
    after.add_patch(Circle((0, 2.75), 0.55, facecolor=CORD, edgecolor="#8A7D00", lw=0.8))
    for sign in (-1, 1):
        _metal(
            after,
            Polygon(
                [(sign * 1.95, 4.4), (sign * 2.3, 4.25), (sign * 0.85, 0.2), (sign * 0.55, 0.3)],
                closed=True,
            ),
        )
        _metal(after, Circle((sign * 2.15, 4.6), 0.28))
    _label(after, "cord round again,\nCSF all around", (0.4, 3.0), (2.3, 5.6))
    _label(after, "thin rim of tumor left:\nstereotactic dose next", (0.7, 1.62), (2.6, -0.9))
    _label(after, "lamina removed", (0, 4.3), (-1.2, 6.0))
    _label(after, "pedicle screws and rods\n(stabilization)", (-2.15, 4.6), (-3.2, 2.6))
    after.text(0, -2.1, "front", ha="center", **_LABEL)


# --- en-bloc resection ------------------------------------------------------------------------


def _long_bone(ax: Axes, x0: float, x1: float, y: float = 0.0, h: float = 1.3) -> None:
    _bone(ax, Rectangle((x0, y - h / 2), x1 - x0, h))
    ax.add_patch(Rectangle((x0, y - 0.25), x1 - x0, 0.5, facecolor=MARROW, edgecolor="none"))


def _draw_en_bloc(before: Axes, after: Axes) -> None:
    _long_bone(before, -4.0, 4.0)
    _tumor(before, (0, 0.15), 1.6, 1.6)
    before.add_patch(
        Ellipse((0, 0.15), 3.3, 2.8, facecolor="none", edgecolor="#222222", ls="--", lw=1.2)
    )
    for x in (-1.75, 1.75):
        before.plot([x, x], [-1.3, 1.6], color="#222222", ls=":", lw=1.4)
    _label(before, "solitary metastasis", (0.5, 0.6), (1.6, 2.6))
    _label(before, "cuff of healthy tissue\naround the tumor", (-1.5, 0.9), (-3.2, 2.6))
    _label(before, "cuts through\nhealthy bone", (-1.75, -1.2), (-3.2, -2.2))
    # After: the specimen lifted out whole, and a spacer bridging the gap.
    _long_bone(after, -4.0, -1.75, y=-1.2)
    _long_bone(after, 1.75, 4.0, y=-1.2)
    _metal(after, Rectangle((-1.75, -1.65), 3.5, 0.9))
    _label(after, "implant bridges the gap\n(reconstruction)", (0.8, -1.65), (2.2, -2.9))
    specimen_bone = Rectangle((-1.75, 1.0), 3.5, 1.3)
    _bone(after, specimen_bone)
    _tumor(after, (0, 1.8), 1.6, 1.6)
    after.add_patch(
        Ellipse((0, 1.8), 3.3, 2.8, facecolor="none", edgecolor="#222222", ls="--", lw=1.2)
    )
    _label(after, "tumor removed in one\npiece, never cut into", (-1.2, 2.6), (-3.2, 3.4))


# --- embolization --------------------------------------------------------------------------


def _draw_embolization(ax: Axes) -> None:
    _long_bone(ax, -4.5, 4.5, y=0.0, h=2.2)
    _tumor(ax, (0.6, 0.2), 2.6, 2.0)
    ax.plot([-4.5, 4.5], [-2.6, -2.6], color=VESSEL, lw=4, solid_capstyle="round")
    feeders = [(-0.4, -2.6, 0.1, -0.6), (0.6, -2.6, 0.7, -0.8), (1.6, -2.6, 1.2, -0.6)]
    for k, (x0, y0, x1, y1) in enumerate(feeders):
        blocked = k < 2
        ax.plot([x0, x1], [y0, y1], color=VESSEL, lw=2, ls="--" if blocked else "-")
        if blocked:
            for t in (0.35, 0.5, 0.65):
                ax.add_patch(
                    Circle((x0 + t * (x1 - x0), y0 + t * (y1 - y0)), 0.1, color=METAL_EDGE)
                )
    ax.plot([-4.5, -0.4, -0.3], [-2.45, -2.45, -2.0], color="#111111", lw=2.2)
    _label(ax, "artery", (-3.8, -2.6), (-4.0, -3.6), ha="center")
    _label(ax, "catheter threaded into\nthe feeding artery", (-2.0, -2.45), (-3.2, -1.4))
    _label(ax, "particles or coils block\nthe tumor's vessels", (0.5, -1.55), (2.4, -3.6))
    _label(ax, "one feeder still open:\nblocked incompletely", (1.45, -1.4), (3.6, -1.4))
    _label(ax, "hypervascular metastasis\n(e.g. kidney, thyroid)", (0.8, 1.1), (2.0, 2.5))


# --- vertebral augmentation, side view ------------------------------------------------------


def _spine_side(ax: Axes, *, restored: bool) -> None:
    """Three vertebral bodies seen from the side; front to the left, back to the right."""
    ax.add_patch(Rectangle((1.9, -3.4), 0.7, 7.5, facecolor=CORD, edgecolor="#8A7D00", lw=0.8))
    box = "round,pad=0.02,rounding_size=0.2"
    _bone(ax, FancyBboxPatch((-1.5, 2.25), 3.0, 1.6, boxstyle=box))
    _bone(ax, FancyBboxPatch((-1.5, -3.3), 3.0, 1.6, boxstyle=box))
    front_top = 1.2 if restored else 0.75
    disc = dict(facecolor="#EDE7F6", edgecolor="#9E94B8", lw=0.6)
    ax.add_patch(
        Polygon([(-1.45, front_top), (1.45, 1.5), (1.45, 2.2), (-1.45, 2.2)], closed=True, **disc)
    )
    ax.add_patch(Rectangle((-1.45, -1.65), 2.9, 0.5, **disc))
    _bone(ax, Polygon([(-1.5, -1.1), (1.5, -1.1), (1.5, 1.5), (-1.5, front_top)], closed=True))
    ax.text(-1.0, 4.2, "front", ha="center", **_LABEL)
    ax.text(2.25, 4.3, "back", ha="center", **_LABEL)


def _needle(ax: Axes) -> None:
    ax.plot([0.9, 3.8], [0.1, -2.3], color=METAL_EDGE, lw=2.2, zorder=5)


def _draw_augmentation(vert: Axes, kyph: Axes) -> None:
    _spine_side(vert, restored=False)
    _cement(vert, Polygon([(-1.2, -0.8), (1.2, -0.8), (1.2, 1.15), (-1.2, 0.75)], closed=True))
    _needle(vert)
    _label(vert, "collapsed, painful\nvertebral body", (-1.5, -0.2), (-2.0, -2.4))
    _label(vert, "cement (PMMA)\ninjected through\na needle", (-0.6, 0.2), (-2.0, 1.4))
    _label(vert, "spinal cord\n(in the canal)", (2.6, 3.0), (3.0, 3.8))
    _label(vert, "needle through the\npedicle, beside\nthe canal", (3.5, -2.05), (4.0, -1.0))
    _spine_side(kyph, restored=True)
    kyph.add_patch(
        Ellipse((0, 0.2), 2.3, 1.6, facecolor="none", edgecolor="#1F5F80", lw=1.2, ls="--")
    )
    _cement(kyph, Ellipse((0, 0.2), 1.9, 1.2))
    _needle(kyph)
    _label(
        kyph,
        "a balloon first makes\na cavity (and may\nrestore some height)",
        (-1.05, 0.5),
        (-2.0, 1.9),
    )
    _label(kyph, "cement fills\nthe cavity", (-0.5, -0.2), (-2.0, -1.6))
    _label(
        kyph,
        "neither procedure\ndecompresses the cord\nor treats the tumor",
        (2.6, 0.6),
        (3.0, 2.6),
    )


# --- thermal ablation ------------------------------------------------------------------------


def _draw_ablation(ax: Axes) -> None:
    ax.plot([-4.5, 4.5], [3.0, 3.0], color="#8C6D5A", lw=2)
    ax.text(-4.4, 3.2, "skin", **_LABEL)
    _bone(ax, Ellipse((0, -0.6), 7.0, 3.6))
    _tumor(ax, (0.3, -0.5), 1.8, 1.4)
    for r, alpha in ((1.3, 1.0), (1.7, 0.7), (2.1, 0.45)):
        ax.add_patch(
            Circle(
                (0.3, -0.5),
                r,
                facecolor="none",
                edgecolor=PALETTE["orange"],
                lw=1.4,
                ls="--",
                alpha=alpha,
            )
        )
    ax.plot([1.9, 0.45], [3.6, -0.35], color=METAL_EDGE, lw=2.6)
    ax.add_patch(Circle((0.45, -0.35), 0.12, color="#111111"))
    _label(ax, "probe placed under CT guidance", (1.55, 2.6), (2.4, 3.8))
    _label(ax, "ablation zone (heat, or an\nice ball with cryoablation)", (2.4, -0.5), (3.9, -0.5))
    _label(ax, "painful lytic metastasis", (-0.4, -0.6), (-3.0, -3.2), ha="center")
    _label(ax, "bone", (-3.2, 0.2), (-4.0, 1.8), ha="center")


# --- cementoplasty ----------------------------------------------------------------------------


def _draw_cementoplasty(ax: Axes) -> None:
    ilium = Polygon(
        [
            (-3.6, 4.2),
            (-0.4, 5.0),
            (0.8, 3.2),
            (0.7, 1.3),
            (-0.4, 0.5),
            (-1.9, 0.5),
            (-2.2, 1.6),
            (-3.3, 2.6),
        ],
        closed=True,
    )
    _bone(ax, ilium)
    _bone(ax, Wedge((-1.0, 0.0), 1.35, 10, 190, width=0.45))
    _bone(ax, Polygon([(-1.3, -0.6), (-0.6, 0.6), (1.4, -0.4), (1.0, -1.5)], closed=True))
    _bone(ax, Polygon([(0.6, -0.9), (1.5, -0.5), (1.6, -3.6), (0.6, -3.6)], closed=True))
    _bone(ax, Circle((-1.0, 0.0), 0.88))
    _tumor(ax, (-1.2, 2.0), 1.7, 1.1, alpha=0.5)
    _cement(ax, Ellipse((-1.2, 2.0), 1.3, 0.8))
    ax.plot([-1.0, 1.9], [2.05, 4.6], color=METAL_EDGE, lw=2.2)
    _label(
        ax,
        "cement fills the lytic\nlesion above the hip socket",
        (-1.6, 2.2),
        (-3.8, 5.4),
        ha="center",
    )
    _label(ax, "needle", (1.4, 4.15), (2.4, 4.6))
    _label(ax, "femoral head\nin the acetabulum", (-1.2, -0.5), (-3.4, -1.6), ha="center")
    ax.text(
        2.0,
        1.2,
        "Cement resists squeezing from\nweight-bearing; shafts that bend\n"
        "and twist usually need fixation.",
        **_LABEL,
    )


# --- public ------------------------------------------------------------------------------------


def procedure_diagram(kind: str) -> Figure:
    """A schematic diagram of one procedure (see :data:`PROCEDURES`), as a standalone Figure.

    Raises:
        ValueError: for a procedure that has no diagram.
    """
    if kind not in PROCEDURES:
        allowed = ", ".join(repr(p) for p in PROCEDURES)
        raise ValueError(f"No diagram for {kind!r}; choose one of {allowed}.")
    two_panels = {
        "prophylactic_fixation": (_draw_fixation, ("Before", "After"), (-4.0, 4.6), (-0.4, 10.6)),
        "reconstruction": (
            _draw_reconstruction,
            ("Before", "After: tumor prosthesis"),
            (-4.3, 4.4),
            (-0.4, 10.9),
        ),
        "decompression": (
            _draw_decompression,
            ("Before: high-grade compression", "After: separation surgery"),
            (-6.4, 6.0),
            (-2.4, 6.5),
        ),
        "en_bloc_resection": (
            _draw_en_bloc,
            ("Plan of the cuts", "After: removed whole, gap bridged"),
            (-6.8, 5.9),
            (-3.4, 4.0),
        ),
        "vertebral_augmentation": (
            _draw_augmentation,
            ("Vertebroplasty", "Kyphoplasty"),
            (-4.6, 5.6),
            (-4.2, 4.8),
        ),
    }
    one_panel = {
        "embolization": (_draw_embolization, (-5.6, 6.0), (-4.2, 3.2)),
        "thermal_ablation": (_draw_ablation, (-5.0, 6.8), (-3.8, 4.4)),
        "cementoplasty": (_draw_cementoplasty, (-5.2, 5.6), (-3.8, 6.0)),
    }
    if kind in two_panels:
        draw, titles, xlim, ylim = two_panels[kind]
        fig = new_figure(width_in=10.0, height_in=5.0)
        with course_style():
            axes = fig.subplots(1, 2)
            for ax, title in zip(axes, titles, strict=True):
                _panel(ax, title, xlim, ylim)
            draw(*axes)
    else:
        draw, xlim, ylim = one_panel[kind]
        fig = new_figure(width_in=8.5, height_in=5.0)
        with course_style():
            ax = fig.add_subplot()
            _panel(ax, "", xlim, ylim)
            draw(ax)
    fig.suptitle(TITLES[kind] + "\n(schematic, not to scale)", fontsize=12, fontweight="bold")
    # Fixed margins instead of constrained layout: the panels have no ticks or axis labels, and
    # one draw instead of two halves the time to render the diagram.
    fig.set_layout_engine("none")
    width = 0.98 / len(fig.axes)
    for k, ax in enumerate(fig.axes):
        ax.set_position((0.01 + k * width, 0.01, width - 0.01, 0.83))
    return fig
