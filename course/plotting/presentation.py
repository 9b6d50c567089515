"""Figures for module 2 (clinical presentation and complications), drawn by code.

- :func:`score_figure`, :func:`draw_score_panel`, :class:`ScorePanel`: a points-by-item bar on
  a scale with the interpretation bands of a clinical score (Mirels, SINS), updated in place.
- :func:`sins_figure`, :func:`draw_spine_levels`: the 29 levels from C1 to S5 drawn as a column,
  patterned by their SINS location category (Fisher 2010), with one level highlighted.
- :func:`draw_bilsky_axial`, :func:`plot_bilsky_grades`: axial diagrams of the six Bilsky
  epidural spinal cord compression grades (Bilsky 2010).
- :func:`calcium_figure`, :class:`CalciumScale`: measured and albumin-corrected calcium on a
  scale with the CTCAE v5.0 grades of hypercalcemia, in either unit system.
- :func:`plot_calcium_course`: a patient's calcium (and creatinine) over days, with the CTCAE
  grades as bands and treatments marked.
- :func:`plot_pain_patterns`: a schematic (not data) of three kinds of bone-metastasis pain.

Pure matplotlib (and numpy): data in, Figure/artists out; nothing touches pyplot's global state.
Figures meant for widgets use a fixed layout, so re-rendering does not re-run a layout engine.
No meaning is carried by color alone: every colored element also has a hatch, marker, line style
or text label. For education only, not for clinical decisions.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import patheffects
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backend_bases import FigureCanvasBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.patches import Ellipse, FancyArrowPatch, FancyBboxPatch, Patch, Polygon, Rectangle
from matplotlib.text import Text

from course.calculators.bilsky import BILSKY_DESCRIPTIONS, BILSKY_GRADES, bilsky_is_high_grade
from course.calculators.calcium import CTCAE_CUTOFFS, DEFAULT_ULN
from course.calculators.sins import SINS_LEVEL_LOCATIONS, SPINE_LEVELS
from course.plotting.style import (
    BONE,
    BONE_EDGE,
    HATCHES,
    LINESTYLES,
    MARKERS,
    PALETTE,
    SERIES,
    course_style,
    new_figure,
)

__all__ = [
    "freeze_background",
    "BILSKY_COLORS",
    "CALCIUM_AXIS",
    "GRADE_STYLES",
    "LOCATION_STYLES",
    "CalciumScale",
    "ScorePanel",
    "SpineLevels",
    "calcium_figure",
    "draw_bilsky_axial",
    "draw_score_panel",
    "draw_spine_levels",
    "plot_bilsky_grades",
    "plot_calcium_course",
    "plot_pain_patterns",
    "score_figure",
    "sins_figure",
]


def _fixed_figure(width_in: float, height_in: float) -> Figure:
    """A standalone Figure in the course style without a layout engine.

    Axes are placed by hand, so saving the figure draws it once (a layout engine, even a
    placeholder, makes ``savefig`` draw twice), which keeps widget interactions fast.
    """
    with course_style():
        return Figure(figsize=(width_in, height_in))


# Rendered backgrounds of the widget figures, by the arguments that drew them: every view of the
# same kind shares one (filled on first use; nothing is drawn on import).
_BACKGROUNDS: dict[tuple, np.ndarray] = {}


def freeze_background(
    fig: Figure, dynamic: Sequence[Artist], *, cache_key: tuple | None = None
) -> AxesImage:
    """Render everything but ``dynamic`` once and show it as a background image.

    The figure is drawn with the dynamic artists hidden; the result becomes an image on an
    axes that fills the figure, and every static artist is hidden. The dynamic artists stay on
    their axes (now transparent, with the same limits), so updating them and re-rendering
    costs only what they cost. Use it on figures without a layout engine (axes placed by hand).
    With ``cache_key`` (which must identify the static content), the rendered background is
    kept and reused by later figures with the same key.

    Returns:
        The background image artist.
    """
    keep = set(map(id, dynamic))
    background = _BACKGROUNDS.get(cache_key) if cache_key is not None else None
    if background is None:
        for artist in dynamic:
            artist.set_visible(False)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        background = np.asarray(canvas.buffer_rgba()).copy()
        background.setflags(write=False)
        for artist in dynamic:
            artist.set_visible(True)
        if cache_key is not None:
            _BACKGROUNDS[cache_key] = background
    for ax in fig.axes:
        for child in ax.get_children():
            if id(child) not in keep:
                child.set_visible(False)
        ax.patch.set_visible(False)
    for artist in (*fig.legends, *fig.texts):
        artist.set_visible(False)
    fig.patch.set_visible(False)
    ax_bg = fig.add_axes((0, 0, 1, 1), zorder=-10)
    ax_bg.set_axis_off()
    image = ax_bg.imshow(background, interpolation="none", aspect="auto")
    fig.set_canvas(FigureCanvasBase(fig))
    return image


# ---------------------------------------------------------------------------------------------
# Score panel (Mirels, SINS)
# ---------------------------------------------------------------------------------------------

#: A white outline that keeps text legible on hatched or colored areas.
_HALO = [patheffects.withStroke(linewidth=3.2, foreground="white")]

#: Fill and hatch of the bands of a score, from the least to the most worrying band.
_BAND_LOOKS: tuple[tuple[str, str], ...] = (
    (PALETTE["green"], ""),
    (PALETTE["orange"], "//"),
    (PALETTE["vermillion"], "xx"),
)


@dataclass
class ScorePanel:
    """Artists of a score panel, kept so that a view can update them in place.

    Only the artists in :attr:`dynamic` change on :meth:`update`; everything else is static
    (and may be frozen into a background image, see :func:`freeze_background`).
    """

    ax: Axes
    items: tuple[str, ...]
    segments: dict[str, Rectangle]
    segment_texts: dict[str, Text]
    bands: tuple[tuple[int, int, str], ...]
    highlight: Rectangle
    total_line: Line2D
    total_text: Text

    @property
    def dynamic(self) -> list[Artist]:
        return [
            *self.segments.values(),
            *self.segment_texts.values(),
            self.highlight,
            self.total_line,
            self.total_text,
        ]

    def update(self, components: Mapping[str, int], total: int) -> None:
        """Show ``components`` (item -> points) and ``total``; outline the band it falls in."""
        missing = [item for item in self.items if item not in components]
        if missing:
            raise ValueError(f"Points are missing for: {', '.join(missing)}.")
        band = next(((lo, hi, name) for lo, hi, name in self.bands if lo <= total <= hi), None)
        if band is None:
            raise ValueError(f"The total {total} falls in none of the bands {self.bands}.")
        left = 0
        for item in self.items:
            points = int(components[item])
            seg = self.segments[item]
            seg.set_x(left)
            seg.set_width(points)
            text = self.segment_texts[item]
            text.set_position((left + points / 2, 1.0))
            text.set_text(str(points) if points else "")
            left += points
        lo, hi, name = band
        self.highlight.set_x(lo - 0.5)
        self.highlight.set_width(hi - lo + 1)
        self.total_line.set_xdata([total, total])
        self.total_text.set_text(f"Total {total}: {name}")
        self.total_text.set_x(total)
        lo_x, hi_x = self.ax.get_xlim()
        where = (total - lo_x) / (hi_x - lo_x)
        self.total_text.set_ha("right" if where > 0.7 else ("left" if where < 0.3 else "center"))


def draw_score_panel(
    ax: Axes,
    *,
    items: Sequence[str],
    item_labels: Mapping[str, str],
    bands: Sequence[tuple[int, int, str]],
    total_range: tuple[int, int],
    title: str = "",
) -> ScorePanel:
    """Draw an empty score panel on ``ax``: a stacked bar of item points above the band scale.

    Args:
        items: item keys, in the order their points are stacked.
        item_labels: item key -> short name shown in the legend.
        bands: ``(lowest total, highest total, name)`` of each band, in increasing order.
        total_range: smallest and largest possible total.
        title: axes title.

    Returns:
        A :class:`ScorePanel`; call :meth:`ScorePanel.update` to show a score.
    """
    lo_total, hi_total = total_range
    ax.set_xlim(-0.5, hi_total + 0.5)
    ax.set_ylim(-0.75, 2.15)
    ax.set_yticks([0.0, 1.0], ["Band", "Points\nby item"])
    ax.set_xticks(range(0, hi_total + 1))
    ax.set_xlabel("Score (points)")
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    if title:
        ax.set_title(title)

    for k, (lo, hi, name) in enumerate(bands):
        color, hatch = _BAND_LOOKS[min(k, len(_BAND_LOOKS) - 1)]
        rect = Rectangle(
            (lo - 0.5, -0.32),
            hi - lo + 1,
            0.64,
            facecolor=color,
            edgecolor="#222222",
            hatch=hatch or None,
            alpha=0.45,
            linewidth=0.8,
        )
        ax.add_patch(rect)
        label = f"{name}\n{lo}-{hi}" if hi > lo else f"{name}\n{lo}"
        ax.text(
            (lo + hi) / 2,
            0.0,
            label,
            ha="center",
            va="center",
            fontsize=8.5 if hi > lo else 8,
            fontweight="bold",
            path_effects=_HALO,
        )
    if lo_total > 0:
        ax.text(
            (lo_total - 1) / 2,
            0.0,
            f"(no total\nbelow {lo_total})",
            ha="center",
            va="center",
            fontsize=7.5,
            color="#555555",
        )

    segments: dict[str, Rectangle] = {}
    segment_texts: dict[str, Text] = {}
    handles = []
    for k, item in enumerate(items):
        color = SERIES[k % len(SERIES)]
        hatch = HATCHES[k % len(HATCHES)]
        rect = Rectangle(
            (0, 0.68),
            0,
            0.64,
            facecolor=color,
            edgecolor="white",
            hatch=hatch or None,
            linewidth=1.2,
            alpha=0.9,
        )
        ax.add_patch(rect)
        segments[item] = rect
        segment_texts[item] = ax.text(
            0,
            1.0,
            "",
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            bbox=dict(boxstyle="round,pad=0.12", facecolor="white", edgecolor="none"),
        )
        handles.append(
            Patch(
                facecolor=color,
                hatch=hatch or None,
                edgecolor="white",
                label=item_labels[item],
                alpha=0.9,
            )
        )
    highlight = Rectangle(
        (0, -0.36), 1, 0.72, facecolor="none", edgecolor="#000000", linewidth=3.0, zorder=4
    )
    ax.add_patch(highlight)
    (total_line,) = ax.plot([0, 0], [-0.45, 1.5], color="#111111", lw=1.6, ls="--", zorder=5)
    total_text = ax.text(
        0, 1.62, "", ha="center", va="bottom", fontsize=10.5, fontweight="bold", color="#111111"
    )
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.3),
        ncols=min(len(items), 3),
        fontsize=8.5,
        handlelength=2.2,
        handleheight=1.2,
        frameon=False,
    )
    return ScorePanel(
        ax=ax,
        items=tuple(items),
        segments=segments,
        segment_texts=segment_texts,
        bands=tuple(bands),
        highlight=highlight,
        total_line=total_line,
        total_text=total_text,
    )


def score_figure(
    *,
    items: Sequence[str],
    item_labels: Mapping[str, str],
    bands: Sequence[tuple[int, int, str]],
    total_range: tuple[int, int],
    title: str,
    width_in: float = 7.2,
    height_in: float = 3.0,
) -> tuple[Figure, ScorePanel]:
    """A standalone figure with one score panel, for widgets.

    The static parts (axes, bands, labels, legend) are rendered once into a background image
    (:func:`freeze_background`); :meth:`ScorePanel.update` then redraws only the bar, the total
    and the band outline, which keeps an interaction well within the latency budget.
    """
    fig = _fixed_figure(width_in, height_in)
    ax = fig.add_axes((0.13, 0.42, 0.84, 0.46))
    panel = draw_score_panel(
        ax,
        items=items,
        item_labels=item_labels,
        bands=bands,
        total_range=total_range,
        title=title,
    )
    key = ("score", tuple(items), tuple(item_labels.items()), tuple(bands), total_range, title)
    freeze_background(fig, panel.dynamic, cache_key=(*key, width_in, height_in))
    return fig, panel


# ---------------------------------------------------------------------------------------------
# The spine's levels and their SINS location categories
# ---------------------------------------------------------------------------------------------

#: SINS location category -> (fill, hatch, legend text with the points).
LOCATION_STYLES: dict[str, tuple[str, str, str]] = {
    "junctional": (PALETTE["vermillion"], "xx", "Junctional (3 points)"),
    "mobile": (PALETTE["orange"], "//", "Mobile (2 points)"),
    "semi_rigid": (PALETTE["sky"], "..", "Semi-rigid (1 point)"),
    "rigid": (PALETTE["blue"], "", "Rigid (0 points)"),
}
_LOCATION_NAMES = {
    "junctional": "junctional",
    "mobile": "mobile",
    "semi_rigid": "semi-rigid",
    "rigid": "rigid",
}
_LOCATION_POINTS = {"junctional": 3, "mobile": 2, "semi_rigid": 1, "rigid": 0}


def _location_handles() -> list[Patch]:
    return [
        Patch(facecolor=c, hatch=h or None, edgecolor=BONE_EDGE, label=t, alpha=0.8)
        for c, h, t in LOCATION_STYLES.values()
    ]


@dataclass
class SpineLevels:
    """Artists of the spine column, so that a view can move the highlight in place."""

    ax: Axes
    boxes: dict[str, FancyBboxPatch]
    y: dict[str, float]
    outline: FancyBboxPatch
    pointer: Text

    @property
    def dynamic(self) -> list[Artist]:
        return [self.outline, self.pointer]

    @property
    def selected(self) -> str | None:
        """The level currently outlined, or None."""
        if not self.outline.get_visible():
            return None
        return getattr(self, "_selected", None)

    def select(self, level: str | None) -> None:
        """Outline ``level`` (e.g. ``"T12"``) and point at it; ``None`` clears the highlight."""
        if level is not None and level not in self.boxes:
            raise ValueError(f"Unknown spinal level {level!r}; use one of C1 to S5.")
        self._selected = level
        if level is None:
            self.pointer.set_visible(False)
            self.outline.set_visible(False)
            return
        box = self.boxes[level]
        pad = 0.14
        self.outline.set_bounds(
            box.get_x() - pad,
            box.get_y() - pad,
            box.get_width() + 2 * pad,
            box.get_height() + 2 * pad,
        )
        self.outline.set_visible(True)
        location = SINS_LEVEL_LOCATIONS[level]
        points = _LOCATION_POINTS[location]
        unit = "point" if points == 1 else "points"
        self.pointer.set_visible(True)
        self.pointer.set_text(f"{level}: {_LOCATION_NAMES[location]}\n({points} {unit})")
        self.pointer.xy = (0.62, self.y[level])


def draw_spine_levels(ax: Axes, *, selected: str | None = None, legend: bool = True) -> SpineLevels:
    """Draw C1 to S5 as a column of boxes patterned by SINS location category (Fisher 2010).

    Junctional: C1-C2, C7-T2, T11-L1, L5-S1; mobile: C3-C6, L2-L4; semi-rigid: T3-T10;
    rigid: S2-S5 (the category of each level comes from :mod:`course.calculators.sins`).
    """
    n = len(SPINE_LEVELS)
    ax.set_xlim(-1.45, 2.9)
    ax.set_ylim(-n - 0.6, 1.5)
    ax.set_axis_off()
    boxes: dict[str, FancyBboxPatch] = {}
    ys: dict[str, float] = {}
    widths = {"C": 0.62, "T": 0.8, "L": 1.0, "S": 0.9}
    for k, level in enumerate(SPINE_LEVELS):
        y = -k
        region = level[0]
        width = widths[region]
        if region == "S":
            width = 0.95 - 0.13 * (int(level[1:]) - 1)
        color, hatch, _ = LOCATION_STYLES[SINS_LEVEL_LOCATIONS[level]]
        box = FancyBboxPatch(
            (-width / 2, y - 0.38),
            width,
            0.76,
            boxstyle="round,pad=0.0,rounding_size=0.12",
            facecolor=color,
            hatch=hatch or None,
            edgecolor=BONE_EDGE,
            linewidth=0.6,
            alpha=0.8,
        )
        ax.add_patch(box)
        boxes[level] = box
        ys[level] = y
        ax.text(-0.62, y, level, ha="right", va="center", fontsize=7.2)
    for label, first, last in (
        ("cervical", "C1", "C7"),
        ("thoracic", "T1", "T12"),
        ("lumbar", "L1", "L5"),
        ("sacral", "S1", "S5"),
    ):
        y0, y1 = ys[first], ys[last]
        ax.plot([-1.2, -1.2], [y0 + 0.3, y1 - 0.3], color="#444444", lw=1.0)
        ax.text(
            -1.3,
            (y0 + y1) / 2,
            label,
            rotation=90,
            ha="right",
            va="center",
            fontsize=7.5,
            color="#333333",
        )
    pointer = ax.annotate(
        "",
        xy=(0.62, 0.0),
        xytext=(1.0, 0.0),
        textcoords="offset points",
        ha="left",
        va="center",
        fontsize=8.5,
        fontweight="bold",
        arrowprops=dict(arrowstyle="<-", color="#000000", lw=1.4),
        bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="#000000"),
    )
    pointer.set_position((24, 0))
    outline = FancyBboxPatch(
        (0, 0),
        1,
        0.76,
        boxstyle="round,pad=0.0,rounding_size=0.12",
        facecolor="none",
        edgecolor="#000000",
        linewidth=2.8,
        zorder=4,
    )
    ax.add_patch(outline)
    if legend:
        ax.legend(
            handles=_location_handles(),
            loc="upper right",
            bbox_to_anchor=(1.0, 1.0),
            fontsize=7.5,
            frameon=False,
            handlelength=1.8,
            handleheight=1.1,
            title="SINS location",
            title_fontsize=8,
        )
    spine = SpineLevels(ax=ax, boxes=boxes, y=ys, outline=outline, pointer=pointer)
    spine.select(selected)
    return spine


def sins_figure(
    *,
    items: Sequence[str],
    item_labels: Mapping[str, str],
    bands: Sequence[tuple[int, int, str]],
    total_range: tuple[int, int],
    title: str = "SINS: points by item and band",
    width_in: float = 8.6,
    height_in: float = 4.6,
) -> tuple[Figure, SpineLevels, ScorePanel]:
    """A standalone figure: the spine's levels on the left, the SINS score panel on the right.

    Static parts are frozen into a background image (:func:`freeze_background`).
    """
    fig = _fixed_figure(width_in, height_in)
    ax_spine = fig.add_axes((0.0, 0.02, 0.33, 0.9))
    ax_spine.set_title("Level and location", fontsize=10.5)
    spine = draw_spine_levels(ax_spine, legend=False)
    fig.legend(
        handles=_location_handles(),
        loc="lower left",
        bbox_to_anchor=(0.43, 0.02),
        ncols=2,
        fontsize=8,
        frameon=False,
        handlelength=1.8,
        handleheight=1.1,
        title="SINS location of a level (pattern and text say the same)",
        title_fontsize=8.5,
    )
    ax_score = fig.add_axes((0.43, 0.5, 0.55, 0.36))
    panel = draw_score_panel(
        ax_score,
        items=items,
        item_labels=item_labels,
        bands=bands,
        total_range=total_range,
        title=title,
    )
    key = ("sins", tuple(items), tuple(item_labels.items()), tuple(bands), total_range, title)
    freeze_background(fig, [*spine.dynamic, *panel.dynamic], cache_key=(*key, width_in, height_in))
    return fig, spine, panel


# ---------------------------------------------------------------------------------------------
# Bilsky epidural spinal cord compression grades
# ---------------------------------------------------------------------------------------------

#: Colors of the Bilsky diagram's parts (each part also has its own outline or hatch).
BILSKY_COLORS: dict[str, str] = {
    "bone": BONE,
    "bone_edge": BONE_EDGE,
    "tumor": PALETTE["vermillion"],
    "csf": "#CFE6F5",
    "sac_edge": PALETTE["blue"],
    "cord": "#D9D2C3",
    "cord_edge": "#222222",
}

# Geometry (arbitrary units; anterior is up, as on an axial MRI image).
_SAC_R = 0.62
_CORD = (0.0, 0.0, 0.34, 0.25)  # center x, center y, semi-axis x, semi-axis y
_BODY = (0.0, 1.56, 1.38, 0.86)
# Lowest point reached by the epidural tumor for each grade (None: no epidural tumor).
_TUMOR_FRONT: dict[str, float | None] = {
    "0": None,
    "1a": 0.625,
    "1b": 0.40,
    "1c": 0.255,
    "2": 0.06,
    "3": -0.08,
}


def _ellipse_xy(cx: float, cy: float, ax_: float, ay: float, n: int = 120) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.column_stack([cx + ax_ * np.cos(t), cy + ay * np.sin(t)])


def _push_below(points: np.ndarray, front: float | None, half_width: float) -> np.ndarray:
    """Push points that lie inside the tumor (an elliptical cap above ``front``) below it."""
    if front is None:
        return points
    out = points.copy()
    x = out[:, 0]
    inside = np.abs(x) < half_width
    depth = 0.5
    limit = np.full_like(x, np.inf)
    limit[inside] = front + depth * (1 - np.sqrt(1 - (x[inside] / half_width) ** 2))
    out[:, 1] = np.minimum(out[:, 1], limit)
    return out


def draw_bilsky_axial(ax: Axes, grade: str, *, title: bool = True) -> dict[str, object]:
    """Draw one Bilsky grade as an axial cross-section of a vertebra (anterior at the top).

    The vertebral body is at the top, the spinal canal below it with the thecal sac (outline and
    cerebrospinal fluid), the spinal cord inside the sac, and tumor hatched. Grades (Bilsky
    2010): 0 bone only; 1a epidural tumor touching the sac; 1b deforming the sac; 1c touching
    the cord; 2 compressing the cord with CSF still visible; 3 compressing it with no CSF seen.

    Returns:
        The patches drawn, by part name (for tests).
    """
    if grade not in BILSKY_GRADES:
        raise ValueError(
            f"A Bilsky grade must be one of {', '.join(BILSKY_GRADES)}; got {grade!r}."
        )
    c = BILSKY_COLORS
    ax.set_xlim(-1.55, 1.55)
    ax.set_ylim(-1.75, 2.55)
    ax.set_aspect("equal")
    ax.set_axis_off()
    parts: dict[str, object] = {}

    # Posterior arch (pedicles, laminae) with the spinous process, then the vertebral body.
    t = np.radians(np.linspace(100, 440, 137))
    outer = np.column_stack([0.98 * np.cos(t), 0.98 * np.sin(t)])
    inner = np.column_stack([0.75 * np.cos(t), 0.75 * np.sin(t)])[::-1]
    left, right = outer[outer[:, 0] < -0.16], outer[outer[:, 0] > 0.16]
    # Going around from the upper left, down the left side, across the bottom, up the right.
    first = left[np.argsort(-left[:, 1])] if left.size else left
    last = right[np.argsort(right[:, 1])] if right.size else right
    spinous = np.array([[-0.16, -0.965], [-0.12, -1.65], [0.12, -1.65], [0.16, -0.965]])
    arch = Polygon(
        np.vstack([first, spinous, last, inner]),
        closed=True,
        facecolor=c["bone"],
        edgecolor=c["bone_edge"],
        lw=1.0,
        zorder=1,
    )
    ax.add_patch(arch)
    body = Ellipse(
        (_BODY[0], _BODY[1]),
        2 * _BODY[2],
        2 * _BODY[3],
        facecolor=c["bone"],
        edgecolor=c["bone_edge"],
        lw=1.0,
        zorder=3,
    )
    ax.add_patch(body)
    parts["body"] = body

    front = _TUMOR_FRONT[grade]
    tumor_hw = 0.5
    # Tumor in the posterior vertebral body (every grade) ...
    bone_tumor = Ellipse(
        (0.12 if grade == "0" else 0.0, 1.3),
        0.9 if grade == "0" else 1.1,
        0.62,
        facecolor=c["tumor"],
        edgecolor="#7A2E00",
        hatch="///",
        alpha=0.85,
        lw=0.8,
        zorder=4,
    )
    ax.add_patch(bone_tumor)
    parts["bone_tumor"] = bone_tumor
    # ... and, from grade 1a, a cap of epidural tumor growing back into the canal.
    if front is not None:
        xs = np.linspace(-tumor_hw, tumor_hw, 60)
        lower = front + 0.5 * (1 - np.sqrt(np.clip(1 - (xs / tumor_hw) ** 2, 0, 1)))
        cap = np.vstack(
            [np.column_stack([xs, lower]), [[tumor_hw + 0.08, 1.25], [-tumor_hw - 0.08, 1.25]]]
        )
        epidural = Polygon(
            cap,
            closed=True,
            facecolor=c["tumor"],
            edgecolor="#7A2E00",
            hatch="///",
            alpha=0.85,
            lw=0.8,
            zorder=6,
        )
        ax.add_patch(epidural)
        parts["epidural_tumor"] = epidural

    sac_xy = _push_below(_ellipse_xy(0, 0, _SAC_R, _SAC_R), front, tumor_hw)
    sac = Polygon(
        sac_xy, closed=True, facecolor=c["csf"], edgecolor=c["sac_edge"], lw=1.6, zorder=6.5
    )
    ax.add_patch(sac)
    parts["sac"] = sac

    cx, cy, rx, ry = _CORD
    if grade == "3":
        # No CSF left: the compressed cord fills what remains of the sac.
        center = sac_xy.mean(axis=0)
        cord_xy = center + 0.93 * (sac_xy - center)
    elif grade == "2":
        cord_xy = _push_below(_ellipse_xy(cx, cy - 0.05, rx + 0.05, ry), front, tumor_hw)
    else:
        cord_xy = _ellipse_xy(cx, cy, rx, ry)
    cord = Polygon(cord_xy, closed=True, facecolor=c["cord"], edgecolor=c["cord_edge"], lw=1.1)
    cord.set_zorder(7)
    ax.add_patch(cord)
    parts["cord"] = cord

    if title:
        group = (
            "high grade"
            if bilsky_is_high_grade(grade)
            else ("between low and high" if grade == "1c" else "low grade")
        )
        ax.set_title(f"Grade {grade} ({group})", fontsize=10.5)
        ax.text(
            0,
            -1.72,
            textwrap.fill(BILSKY_DESCRIPTIONS[grade], 34),
            ha="center",
            va="top",
            fontsize=7.6,
            color="#222222",
        )
    return parts


def plot_bilsky_grades(*, width_in: float = 8.4, height_in: float = 7.0) -> Figure:
    """The six Bilsky grades side by side, each with its description, and a legend of parts."""
    fig = _fixed_figure(width_in, height_in)
    fig.suptitle(
        "Bilsky epidural spinal cord compression grades (axial view, anterior at the top)",
        fontsize=11.5,
        fontweight="bold",
        y=0.985,
    )
    for k, grade in enumerate(BILSKY_GRADES):
        row, col = divmod(k, 3)
        ax = fig.add_axes((0.02 + col * 0.33, 0.55 - row * 0.445, 0.29, 0.36))
        draw_bilsky_axial(ax, grade)
    c = BILSKY_COLORS
    handles = [
        Patch(facecolor=c["bone"], edgecolor=c["bone_edge"], label="Vertebra (bone)"),
        Patch(facecolor=c["tumor"], edgecolor="#7A2E00", hatch="///", label="Tumor"),
        Patch(
            facecolor=c["csf"],
            edgecolor=c["sac_edge"],
            label="Thecal sac filled with CSF",
        ),
        Patch(facecolor=c["cord"], edgecolor=c["cord_edge"], label="Spinal cord"),
    ]
    fig.legend(
        handles=handles,
        loc="lower center",
        ncols=4,
        bbox_to_anchor=(0.5, 0.0),
        fontsize=8.5,
        frameon=False,
        handlelength=2.2,
        handleheight=1.3,
    )
    return fig


# ---------------------------------------------------------------------------------------------
# Calcium: the CTCAE scale and a course over time
# ---------------------------------------------------------------------------------------------

#: Units -> (axis minimum, axis maximum, tick step) of the calcium scale.
CALCIUM_AXIS: dict[str, tuple[float, float, float]] = {
    "mg/dL": (7.0, 16.0, 1.0),
    "mmol/L": (1.75, 4.0, 0.25),
}
#: CTCAE grade -> (fill, hatch) of its band.
GRADE_STYLES: dict[int, tuple[str, str]] = {
    0: (PALETTE["green"], ""),
    1: (PALETTE["yellow"], ".."),
    2: (PALETTE["orange"], "//"),
    3: (PALETTE["vermillion"], "xx"),
    4: (PALETTE["purple"], "\\\\"),
}


def _grade_edges(units: str, uln: float | None, upper: float) -> list[tuple[int, float, float]]:
    """(grade, lower edge, upper edge) of the five CTCAE bands on an axis ending at ``upper``."""
    limit = DEFAULT_ULN[units] if uln is None else float(uln)
    cut1, cut2, cut3 = CTCAE_CUTOFFS[units]
    lowest = CALCIUM_AXIS[units][0]
    return [
        (0, min(lowest, limit) - 10.0, limit),
        (1, limit, cut1),
        (2, cut1, cut2),
        (3, cut2, cut3),
        (4, cut3, max(upper, cut3) + 10.0),
    ]


@dataclass
class CalciumScale:
    """Artists of the calcium scale, so that a view can update them in place."""

    ax: Axes
    bands: dict[int, Rectangle]
    band_texts: dict[int, Text]
    measured: Line2D
    corrected: Line2D
    arrow: FancyArrowPatch
    measured_text: Text
    corrected_text: Text

    def update(
        self, *, measured: float, corrected: float, reported: float, units: str, uln: float
    ) -> None:
        """Show a measured and a corrected calcium (reported value labelled) on the scale."""
        lo, hi, step = CALCIUM_AXIS[units]
        pad = 4 * step / 10
        lo = min(lo, measured - pad, corrected - pad)
        hi = max(hi, measured + pad, corrected + pad)
        self.ax.set_xlim(lo, hi)
        ticks = np.arange(np.ceil(lo / step) * step, hi + 1e-9, step)
        self.ax.set_xticks(ticks)
        self.ax.set_xlabel(f"Total serum calcium ({units})")
        for grade, left, right in _grade_edges(units, uln, hi):
            rect = self.bands[grade]
            rect.set_x(left)
            rect.set_width(right - left)
            text = self.band_texts[grade]
            mid = (max(left, lo) + min(right, hi)) / 2
            text.set_x(mid)
            text.set_visible(lo < mid < hi)
        self.measured.set_data([measured], [0.72])
        self.corrected.set_data([corrected], [0.72])
        self.arrow.set_positions((measured, 0.72), (corrected, 0.72))
        self.arrow.set_visible(abs(corrected - measured) > step / 20)
        digits = 1 if units == "mg/dL" else 2
        # Measured value labelled below its marker, corrected value above: they never collide.
        # Near an end of the axis a label is aligned inward so that it is not cut off.
        for text, value, label in (
            (self.measured_text, measured, f"measured {measured:.{digits}f}"),
            (self.corrected_text, corrected, f"corrected {reported:.{digits}f}"),
        ):
            where = (value - lo) / (hi - lo)
            text.set_text(label)
            text.set_x(value)
            text.set_ha("right" if where > 0.85 else ("left" if where < 0.15 else "center"))


def calcium_figure(*, units: str = "mg/dL", width_in: float = 7.2, height_in: float = 2.7):
    """A standalone figure with the CTCAE v5.0 calcium scale (fixed layout, for widgets).

    Returns:
        ``(figure, CalciumScale)``; call :meth:`CalciumScale.update` to show values.
    """
    if units not in CALCIUM_AXIS:
        raise ValueError(f"units must be 'mg/dL' or 'mmol/L'; got {units!r}.")
    fig = _fixed_figure(width_in, height_in)
    ax = fig.add_axes((0.04, 0.24, 0.93, 0.6))
    ax.set_ylim(0, 1.25)
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.grid(False)
    ax.set_title("Calcium and the CTCAE v5.0 grades of hypercalcemia")
    bands: dict[int, Rectangle] = {}
    texts: dict[int, Text] = {}
    for grade, (color, hatch) in GRADE_STYLES.items():
        rect = Rectangle(
            (0, 0.0),
            1,
            0.42,
            facecolor=color,
            hatch=hatch or None,
            edgecolor="#333333",
            alpha=0.55,
            lw=0.8,
        )
        ax.add_patch(rect)
        bands[grade] = rect
        texts[grade] = ax.text(
            0,
            0.21,
            f"grade {grade}",
            ha="center",
            va="center",
            fontsize=8.5,
            bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9),
        )
    (measured,) = ax.plot(
        [0], [0.72], ls="none", marker="o", ms=10, mfc="white", mec="#111111", mew=1.8
    )
    (corrected,) = ax.plot(
        [0], [0.72], ls="none", marker="D", ms=10, mfc=PALETTE["blue"], mec="#111111", mew=1.2
    )
    arrow = FancyArrowPatch(
        (0, 0.72),
        (1, 0.72),
        arrowstyle="-|>",
        mutation_scale=14,
        lw=1.4,
        color="#111111",
        shrinkA=7,
        shrinkB=7,
    )
    ax.add_patch(arrow)
    measured_text = ax.text(0, 0.6, "", ha="center", va="top", fontsize=8.5)
    corrected_text = ax.text(
        0, 0.86, "", ha="left", va="bottom", fontsize=8.5, fontweight="bold", color="#003A5D"
    )
    scale = CalciumScale(
        ax, bands, texts, measured, corrected, arrow, measured_text, corrected_text
    )
    lo = CALCIUM_AXIS[units][0]
    scale.update(measured=lo + 3, corrected=lo + 3, reported=lo + 3, units=units, uln=None)
    return fig, scale


def plot_calcium_course(
    day: Sequence[float],
    corrected: Sequence[float],
    *,
    units: str = "mg/dL",
    measured: Sequence[float] | None = None,
    uln: float | None = None,
    events: Sequence[tuple[float, str]] = (),
    creatinine_mg_dl: Sequence[float] | None = None,
    title: str = "Calcium over time",
    width_in: float = 7.6,
    height_in: float | None = None,
) -> Figure:
    """A patient's corrected (and measured) calcium over days, on the CTCAE v5.0 grade bands.

    Args:
        day: days since admission (increasing).
        corrected: albumin-corrected calcium on those days, in ``units``.
        measured: measured total calcium on those days (drawn dashed), optional.
        uln: the laboratory's upper limit of normal (default 10.5 mg/dL or 2.6 mmol/L).
        events: ``(day, label)`` of treatments, drawn as dotted vertical lines with labels.
        creatinine_mg_dl: serum creatinine on those days, drawn in a second panel, optional.

    Raises:
        ValueError: for unknown units or series of different lengths.
    """
    if units not in CALCIUM_AXIS:
        raise ValueError(f"units must be 'mg/dL' or 'mmol/L'; got {units!r}.")
    day = np.asarray(day, dtype=float)
    corrected = np.asarray(corrected, dtype=float)
    series = {"corrected": corrected}
    if measured is not None:
        series["measured"] = np.asarray(measured, dtype=float)
    if creatinine_mg_dl is not None:
        series["creatinine_mg_dl"] = np.asarray(creatinine_mg_dl, dtype=float)
    for name, values in series.items():
        if values.shape != day.shape:
            raise ValueError(
                f"{name} has {values.size} values but day has {day.size}; give one value per day."
            )
    if day.size < 2 or np.any(np.diff(day) <= 0):
        raise ValueError("day needs at least two values, in increasing order.")

    two = creatinine_mg_dl is not None
    height = height_in if height_in is not None else (5.6 if two else 4.0)
    fig = new_figure(width_in=width_in, height_in=height)
    if two:
        ax, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=(2.2, 1))
    else:
        ax, ax2 = fig.subplots(1, 1), None

    lo_axis, hi_axis, _step = CALCIUM_AXIS[units]
    values = np.concatenate([v for k, v in series.items() if k != "creatinine_mg_dl"])
    y_lo = min(lo_axis + (1.0 if units == "mg/dL" else 0.25), float(values.min()) - 0.3)
    y_hi = max(float(values.max()) + 0.4, CTCAE_CUTOFFS[units][2] + 0.5)
    x_lo, x_hi = float(day.min()), float(day.max())
    span = x_hi - x_lo
    for grade, left, right in _grade_edges(units, uln, y_hi):
        color, hatch = GRADE_STYLES[grade]
        ax.axhspan(
            left, right, facecolor=color, hatch=hatch or None, edgecolor="#B0B0B0", alpha=0.25, lw=0
        )
        mid = (max(left, y_lo) + min(right, y_hi)) / 2
        if y_lo < mid < y_hi:
            ax.text(
                x_hi + 0.015 * span,
                mid,
                f"grade {grade}",
                ha="left",
                va="center",
                fontsize=8.5,
                clip_on=False,
            )
    ax.plot(
        day,
        corrected,
        color=SERIES[0],
        marker=MARKERS[0],
        ls=LINESTYLES[0],
        lw=2,
        label="Corrected calcium",
    )
    if measured is not None:
        ax.plot(
            day,
            series["measured"],
            color="#444444",
            marker=MARKERS[1],
            mfc="white",
            ls=LINESTYLES[1],
            lw=1.4,
            label="Measured total calcium",
        )
    ax.set_ylim(y_lo, y_hi)
    ax.set_xlim(x_lo - 0.02 * span, x_hi + 0.02 * span)
    ax.set_ylabel(f"Calcium ({units})")
    ax.set_title(title)
    ax.legend(loc="upper right")
    for k, (when, label) in enumerate(events):
        for a in (ax, ax2):
            if a is not None:
                a.axvline(when, color="#333333", ls=":", lw=1.2)
        ax.annotate(
            label,
            xy=(when, y_lo),
            xytext=(3, 4 + 15 * (k % 3)),
            textcoords="offset points",
            fontsize=8,
            ha="left",
            va="bottom",
            bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor="#666666", lw=0.6),
        )
    bottom = ax
    if ax2 is not None:
        ax2.plot(
            day,
            series["creatinine_mg_dl"],
            color=SERIES[3],
            marker=MARKERS[3],
            ls=LINESTYLES[2],
            lw=1.8,
            label="Creatinine",
        )
        ax2.set_ylabel("Creatinine (mg/dL)")
        ax2.legend(loc="upper right")
        bottom = ax2
    bottom.set_xlabel("Day since admission")
    return fig


# ---------------------------------------------------------------------------------------------
# Pain: a schematic of three kinds
# ---------------------------------------------------------------------------------------------


def _bump(t: np.ndarray, center: float, width: float, height: float) -> np.ndarray:
    return height * np.exp(-0.5 * ((t - center) / width) ** 2)


def plot_pain_patterns(*, width_in: float = 7.6, height_in: float = 6.0) -> Figure:
    """Three kinds of bone-metastasis pain over one day: a teaching schematic, not patient data.

    - background (inflammatory) pain: constant, aching, worse at night;
    - incident (mechanical) pain: low at rest, sudden peaks when the bone is loaded;
    - neuropathic pain: a burning background with brief shooting, radiating attacks.

    The curves are drawn from fixed formulas (no randomness), with labelled triggers.
    """
    t = np.linspace(0, 24, 961)
    night = _bump(t, 2.5, 2.4, 2.6) + _bump(t, 25.0, 2.0, 2.0)
    background = 3.6 + night + 0.3 * np.sin(2 * np.pi * t / 24)
    triggers = ((7.5, "getting up"), (12.5, "walking"), (16.0, "stairs"), (21.0, "turning in bed"))
    incident = 1.2 + sum(_bump(t, c, 0.22, 6.3) for c, _ in triggers)
    shots = (3.2, 9.4, 10.1, 14.8, 18.6, 19.2, 22.7)
    neuropathic = 2.6 + 0.4 * np.sin(2 * np.pi * t / 6) + sum(_bump(t, c, 0.06, 4.8) for c in shots)

    fig = new_figure(width_in=width_in, height_in=height_in)
    axes = fig.subplots(3, 1, sharex=True)
    rows = (
        (background, "Background (inflammatory) pain", "constant ache, worse at night"),
        (incident, "Incident (mechanical) pain", "sudden peaks when the bone is loaded"),
        (neuropathic, "Neuropathic pain", "burning, with brief shooting attacks"),
    )
    for k, (ax, (curve, name, note)) in enumerate(zip(axes, rows, strict=True)):
        ax.fill_between(t, 0, curve, color=SERIES[k], alpha=0.18, hatch=HATCHES[k + 1], lw=0)
        ax.plot(t, curve, color=SERIES[k], ls=LINESTYLES[k], lw=2)
        ax.set_ylim(0, 10)
        ax.set_yticks([0, 5, 10])
        ax.set_ylabel("Pain (0-10)")
        ax.set_title(f"{name}: {note}", fontsize=10.5, loc="left")
    for center, label in triggers:
        axes[1].annotate(
            label,
            xy=(center, 7.4),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=8,
        )
    axes[0].axvspan(0, 6, color="#555555", alpha=0.08, lw=0)
    axes[0].text(3.0, 9.0, "night", ha="center", va="center", fontsize=8.5, color="#333333")
    axes[2].set_xlabel("Time of day (hours)")
    axes[2].set_xticks(range(0, 25, 3))
    axes[2].set_xlim(0, 24)
    fig.suptitle(
        "Three kinds of bone-metastasis pain over one day (schematic, not patient data)",
        fontsize=11.5,
        fontweight="bold",
    )
    return fig
