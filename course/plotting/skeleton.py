"""A schematic human skeleton (front view) drawn by code, with regions that can be highlighted.

The skeleton is a teaching diagram, not an anatomical atlas: bones are simple shapes (smooth
outlines and tapered bands) placed with roughly adult proportions on a 0-100 height scale (soles
of the feet at 0, top of the skull at 100). Every region a lesson may point at is a named group of
matplotlib patches (:data:`REGIONS`), so a view can recolor, hatch and label a region in place and
re-render quickly instead of redrawing the figure (:func:`highlight`).

Highlighting never relies on color alone: each frequency level (:data:`LEVEL_STYLES`) pairs a
color with its own hatch pattern, and every highlighted region gets a text label that names the
region and its level (and a number where the source gives one).

Pure matplotlib + numpy: data in, Figure and artists out; nothing here touches pyplot's global
state. For education only, not for clinical decisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from math import comb
from typing import Literal

import numpy as np
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch, PathPatch
from matplotlib.path import Path
from matplotlib.text import Text
from matplotlib.textpath import TextPath

from course.plotting.style import BONE, BONE_EDGE, course_style

Level = Literal["most common", "common", "rare"]
#: Qualitative frequency levels, most frequent first.
LEVELS: tuple[str, ...] = ("most common", "common", "rare")

#: Region id -> name shown to the learner, head to toe.
REGIONS: dict[str, str] = {
    "skull": "Skull",
    "cervical_spine": "Cervical spine",
    "clavicle": "Clavicles",
    "scapula": "Scapulae",
    "proximal_humerus": "Proximal humerus",
    "sternum": "Sternum",
    "thoracic_spine": "Thoracic spine",
    "ribs": "Ribs",
    "humeral_shaft": "Humeral shaft",
    "lumbar_spine": "Lumbar spine",
    "forearm_hand": "Forearm and hand",
    "sacrum": "Sacrum",
    "pelvis": "Pelvis",
    "proximal_femur": "Proximal femur",
    "femoral_shaft": "Femoral shaft",
    "lower_leg_foot": "Lower leg and foot",
}


@dataclass(frozen=True)
class LevelStyle:
    """How a frequency level is drawn: fill, hatch pattern, hatch/outline color, legend text."""

    facecolor: str
    hatch: str
    hatchcolor: str
    legend: str


#: Okabe-Ito hues (vermillion, orange, sky blue) as a light fill with a dark hatch of the same hue;
#: each level has its own hatch pattern, so the levels differ without color too.
LEVEL_STYLES: dict[str, LevelStyle] = {
    "most common": LevelStyle("#F2A97E", "xx", "#9C3C00", "Most common site"),
    "common": LevelStyle("#F6D382", "///", "#7F5300", "Common site"),
    "rare": LevelStyle("#B5DDF4", "..", "#1B5A85", "Rare site"),
}
PLAIN_STYLE = LevelStyle(BONE, "", BONE_EDGE, "Not highlighted")
_DARK = "#5E5446"  # orbits, nasal opening, sacral foramina
_LEADER = "#3A3A3A"

#: Label slot of each region: side of the figure, label height, and the point the leader touches.
#: Heights on each side are 8 units apart, so labels can never overlap one another.
_LABEL_X = 28.5
_LABEL_SLOTS: dict[str, tuple[Literal["left", "right"], float, tuple[float, float]]] = {
    "cervical_spine": ("left", 94.0, (-1.2, 82.6)),
    "proximal_humerus": ("left", 86.0, (-15.6, 76.5)),
    "thoracic_spine": ("left", 78.0, (-2.4, 65.3)),
    "humeral_shaft": ("left", 70.0, (-17.3, 67.0)),
    "lumbar_spine": ("left", 59.0, (-2.6, 57.3)),
    "forearm_hand": ("left", 47.0, (-20.6, 50.5)),
    "femoral_shaft": ("left", 33.0, (-9.9, 38.0)),
    "lower_leg_foot": ("left", 14.0, (-7.9, 15.0)),
    "skull": ("right", 97.0, (5.6, 95.0)),
    "clavicle": ("right", 89.0, (9.0, 82.1)),
    "scapula": ("right", 81.0, (13.6, 74.5)),
    "sternum": ("right", 73.0, (1.1, 74.0)),
    "ribs": ("right", 65.0, (11.4, 67.5)),
    "sacrum": ("right", 57.0, (1.2, 50.2)),
    "pelvis": ("right", 49.0, (11.6, 57.6)),
    "proximal_femur": ("right", 41.0, (12.3, 47.2)),
}


@dataclass(frozen=True)
class RegionMark:
    """One region to highlight: its level and the text of its label (a number or a phrase)."""

    level: str
    text: str = ""


@dataclass
class Label:
    """A region's label: glyph outlines in a rounded box, and a leader line to the region.

    Labels are drawn as glyph outlines (cached per text) rather than as Text artists: matplotlib
    renders Text glyph by glyph on every draw, which would dominate the redraw time of the map.
    """

    glyphs: PathPatch
    box: FancyBboxPatch
    leader: Line2D
    align: str
    text: str = ""

    @property
    def visible(self) -> bool:
        return self.glyphs.get_visible()

    def show(self, text: str, edgecolor: str) -> None:
        outline, (x0, y0, x1, y1) = _text_outline(text, _LABEL_SIZE, self.align)
        pad = _LABEL_SIZE * 0.42
        self.glyphs.set_path(outline)
        self.box.set_bounds(x0 - pad, y0 - pad, x1 - x0 + 2 * pad, y1 - y0 + 2 * pad)
        self.box.set_edgecolor(edgecolor)
        self.text = text
        self._set_visible(True)

    def hide(self) -> None:
        self.text = ""
        self._set_visible(False)

    def _set_visible(self, visible: bool) -> None:
        for artist in (self.glyphs, self.box, self.leader):
            artist.set_visible(visible)


@dataclass
class SkeletonDiagram:
    """The figure and the artists a view updates in place."""

    fig: Figure
    ax: Axes
    regions: dict[str, tuple[Patch, ...]]
    labels: dict[str, Label]
    title: Text
    subtitle: Text
    marks: dict[str, RegionMark] = field(default_factory=dict)

    def highlighted(self) -> dict[str, str]:
        """Region id -> level of the regions currently highlighted, read back from the artists."""
        by_face = {s.facecolor.lower(): level for level, s in LEVEL_STYLES.items()}
        out = {}
        for region, patches in self.regions.items():
            face = _hex(patches[0].get_facecolor())
            if face in by_face:
                out[region] = by_face[face]
        return out

    def label_text(self, region: str) -> str:
        """The label shown for a region ('' when the region is not highlighted)."""
        label = self.labels[region]
        return label.text if label.visible else ""


# ---------------------------------------------------------------------------------------------
# Geometry helpers (plain numpy; every outline is a counterclockwise (n, 2) array)
# ---------------------------------------------------------------------------------------------


def _hex(rgba: Sequence[float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgba[:3])


def _area(v: np.ndarray) -> float:
    x, y = v[:, 0], v[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _ccw(v: np.ndarray) -> np.ndarray:
    """The outline in counterclockwise order (one winding direction for every filled shape)."""
    return v if _area(v) > 0 else v[::-1]


def _mirror(v: np.ndarray) -> np.ndarray:
    return np.column_stack([-v[:, 0], v[:, 1]])


def _bezier(points: Sequence[tuple[float, float]], n: int = 40) -> np.ndarray:
    """Points on the Bezier curve with these control points."""
    p = np.asarray(points, dtype=float)
    t = np.linspace(0.0, 1.0, n)[:, None]
    deg = len(p) - 1
    return sum(comb(deg, k) * t**k * (1 - t) ** (deg - k) * p[k] for k in range(deg + 1))


def _smooth(points: Sequence[tuple[float, float]], per_segment: int = 8) -> np.ndarray:
    """A closed Catmull-Rom spline through the points (a smooth outline)."""
    p = np.asarray(points, dtype=float)
    m = len(p)
    out = []
    for i in range(m):
        p0, p1, p2, p3 = p[i - 1], p[i], p[(i + 1) % m], p[(i + 2) % m]
        for t in np.linspace(0.0, 1.0, per_segment, endpoint=False):
            out.append(
                0.5
                * (
                    2 * p1
                    + (p2 - p0) * t
                    + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t
                    + (3 * p1 - p0 - 3 * p2 + p3) * t**3
                )
            )
    return _ccw(np.asarray(out))


def _round_corners(points: Sequence[tuple[float, float]], iterations: int = 2) -> np.ndarray:
    """Chaikin corner cutting: a polygon with softened corners."""
    v = np.asarray(points, dtype=float)
    for _ in range(iterations):
        nxt = np.roll(v, -1, axis=0)
        v = np.column_stack([0.75 * v + 0.25 * nxt, 0.25 * v + 0.75 * nxt]).reshape(-1, 2)
    return _ccw(v)


def _ellipse(cx: float, cy: float, rx: float, ry: float, rot_deg: float = 0.0, n: int = 40):
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    x, y = rx * np.cos(a), ry * np.sin(a)
    r = np.deg2rad(rot_deg)
    return _ccw(
        np.column_stack([cx + x * np.cos(r) - y * np.sin(r), cy + x * np.sin(r) + y * np.cos(r)])
    )


def _band(center: np.ndarray, widths, *, cap_start: bool = True, cap_end: bool = True):
    """The outline of a band of varying width around a center line, with rounded ends.

    Returns ``(vertices, closed)``. An end without a cap is left open: the outline then starts
    and ends there, so that edge is filled but not stroked (no seam line where one bone is split
    into two regions).
    """
    c = np.asarray(center, dtype=float)
    w = np.broadcast_to(np.asarray(widths, dtype=float), (len(c),))
    d = np.gradient(c, axis=0)
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    normal = np.column_stack([-d[:, 1], d[:, 0]])
    left = c + normal * w[:, None] / 2
    right = c - normal * w[:, None] / 2

    def cap(i: int, outward: np.ndarray) -> np.ndarray:
        # half circle around point i, from the left side over the outward tip to the right side
        r = w[i] / 2
        a0 = np.arctan2(normal[i, 1], normal[i, 0])
        tip = np.arctan2(outward[1], outward[0])
        sweep = 1.0 if np.sin(tip - a0) > 0 else -1.0
        ang = a0 + sweep * np.linspace(0, np.pi, 9)[1:-1]
        return c[i] + r * np.column_stack([np.cos(ang), np.sin(ang)])

    end_cap = cap(-1, d[-1]) if cap_end else np.empty((0, 2))
    start_cap = cap(0, -d[0])[::-1] if cap_start else np.empty((0, 2))
    if cap_start and cap_end:
        return _ccw(np.vstack([left, end_cap, right[::-1], start_cap])), True
    if cap_start:  # open at the end: the outline begins and finishes there
        v = np.vstack([right[::-1], start_cap, left])
    else:  # open at the start
        v = np.vstack([left, end_cap, right[::-1]])
    return (v if _area(v) > 0 else v[::-1]), False


def _long_bone(p0, p1, *, shaft, end0, end1, t0=0.0, t1=1.0, bend=0.0, n=48):
    """A long bone from p0 to p1, or its part between fractions t0 and t1 of the length.

    The width is ``shaft`` along the middle and swells to ``end0``/``end1`` at the two ends;
    ``bend`` bows the shaft sideways (in units).
    """
    t = np.linspace(t0, t1, n)
    a, b = np.asarray(p0, float), np.asarray(p1, float)
    axis = b - a
    perp = np.array([-axis[1], axis[0]]) / np.linalg.norm(axis)
    center = a + t[:, None] * axis + (bend * np.sin(np.pi * t))[:, None] * perp
    widths = (
        shaft
        + (end0 - shaft) * np.exp(-((t / 0.085) ** 2))
        + (end1 - shaft) * np.exp(-(((1 - t) / 0.075) ** 2))
    )
    return _band(center, widths, cap_start=t0 <= 0.0, cap_end=t1 >= 1.0)


def _path(shapes: Sequence[tuple[np.ndarray, bool]], *, both_sides: bool) -> Path:
    """One compound path from outlines (and their mirror images when ``both_sides``)."""
    parts = []
    for v, closed in shapes:
        copies = [v, _mirror(v)[::-1]] if both_sides else [v]
        for c in copies:
            if closed:
                parts.append(Path(np.vstack([c, c[:1]]), closed=True))
            else:
                parts.append(Path(c))
    return Path.make_compound_path(*parts)


# ---------------------------------------------------------------------------------------------
# The bones
# ---------------------------------------------------------------------------------------------

_FONT = FontProperties(family="DejaVu Sans")
_LABEL_SIZE = 8.8  # points


@lru_cache(maxsize=512)
def _text_outline(text: str, size: float, align: str) -> tuple[Path, tuple[float, ...]]:
    """Glyph outlines of (multi-line) text in points, and their extents (x0, y0, x1, y1).

    Lines are aligned at x = 0 on their ``align`` side ("left" or "right") and the block is
    centered vertically on y = 0.
    """
    lines = text.split("\n")
    step = size * 1.32
    cap = size * 0.36  # half the height of a capital letter: centers a line on its baseline
    parts = []
    for i, line in enumerate(lines):
        tp = TextPath((0, 0), line or " ", size=size, prop=_FONT)
        ext = tp.get_extents()
        dx = -ext.x1 if align == "right" else -ext.x0
        dy = (len(lines) - 1) / 2 * step - i * step - cap
        parts.append(Path(tp.vertices + [dx, dy], tp.codes))
    path = Path.make_compound_path(*parts)
    ext = path.get_extents()
    return path, (ext.x0, ext.y0, ext.x1, ext.y1)


def _points_at(fig: Figure, ax: Axes, x: float, y: float) -> transforms.Transform:
    """Transform from points (1/72 inch) to display, with the origin at data point (x, y)."""
    return (
        transforms.Affine2D().scale(1 / 72)
        + fig.dpi_scale_trans
        + transforms.ScaledTranslation(x, y, ax.transData)
    )


# Vertebral segments: (center y of the first vertebra, spacing, count, body height,
# body width at the top and at the bottom of the segment, transverse process reach)
_CERVICAL = (87.0, 0.98, 7, 0.72, 2.4, 2.9, 0.0)
_THORACIC = (79.9, 1.40, 12, 1.18, 3.6, 4.4, 1.05)
_LUMBAR = (62.2, 1.88, 5, 1.46, 4.2, 4.8, 1.05)


def _vertebra_outlines(spec) -> list[tuple[np.ndarray, bool]]:
    y0, step, count, h, w0, w1, reach = spec
    out = []
    for i in range(count):
        y = y0 - i * step
        a, b = (w0 + (w1 - w0) * i / (count - 1)) / 2, h / 2
        if reach:
            p, q = a + reach, h * 0.2
            pts = [
                (-a, -b), (a, -b), (a, -q), (p, -q), (p, q), (a, q),
                (a, b), (-a, b), (-a, q), (-p, q), (-p, -q), (-a, -q),
            ]  # fmt: skip
        else:
            pts = [(-a, -b), (a, -b), (a, b), (-a, b)]
        v = _round_corners(pts, 2)
        out.append((v + [0.0, y], True))
    return out


def _thoracic_y(n: int) -> float:
    """Center height of thoracic vertebra n (1-12), where rib n meets the spine."""
    return _THORACIC[0] - (n - 1) * _THORACIC[1]


def _bone_paths() -> tuple[dict[str, list[Path]], list[tuple[Path, str]]]:
    """Compound paths of every region (drawn in list order) and the fixed details on top."""
    r: dict[str, list[Path]] = {name: [] for name in REGIONS}
    details: list[tuple[Path, str]] = []  # (path, fill color)

    # Skull: one smooth outline for cranium and face; dark orbits and nasal opening; teeth
    dome = [(6.3 * np.cos(a), 94.0 + 6.0 * np.sin(a)) for a in np.deg2rad([-20, 20, 55, 90])]
    dome += [(-x, y) for x, y in reversed(dome)]
    face = [(-5.9, 92.0), (-5.6, 89.6), (-4.8, 87.5), (-3.4, 85.7), (-1.5, 84.8), (0.0, 84.6)]
    face += [(-x, y) for x, y in reversed(face[:-1])]
    r["skull"].append(_path([(_smooth(dome + face, 8), True)], both_sides=False))
    orbits = [(_ellipse(2.45, 92.2, 1.6, 1.35), True)]
    nose = [(_round_corners([(0, 90.9), (-0.85, 88.7), (0.85, 88.7)], 1), True)]
    details.append((_path(orbits, both_sides=True), _DARK))
    details.append((_path(nose, both_sides=False), _DARK))
    teeth = [(_round_corners([(-2.3, 86.2), (2.3, 86.2), (2.3, 87.2), (-2.3, 87.2)], 2), True)]
    details.append((_path(teeth, both_sides=False), "#FFFDF6"))

    # Vertebral column
    r["cervical_spine"].append(_path(_vertebra_outlines(_CERVICAL), both_sides=False))
    r["thoracic_spine"].append(_path(_vertebra_outlines(_THORACIC), both_sides=False))
    r["lumbar_spine"].append(_path(_vertebra_outlines(_LUMBAR), both_sides=False))

    # Sacrum with coccyx, and its foramina
    top = _LUMBAR[0] - (_LUMBAR[2] - 1) * _LUMBAR[1] - _LUMBAR[3] / 2 - 0.3
    sacrum = [
        (-3.7, top), (3.7, top), (3.2, top - 2.6), (1.7, top - 5.2), (0.5, top - 6.9),
        (-0.5, top - 6.9), (-1.7, top - 5.2), (-3.2, top - 2.6),
    ]  # fmt: skip
    r["sacrum"].append(_path([(_smooth(sacrum, 8), True)], both_sides=False))
    foramina = [
        (_ellipse(1.9 - k * 0.35, top - 1.2 - k * 1.35, 0.32, 0.3, n=16), True) for k in range(4)
    ]
    details.append((_path(foramina, both_sides=True), _DARK))

    # Pelvis: both hip bones, each with its obturator foramen as a hole
    hip = [
        (3.9, 55.6), (5.3, 58.6), (8.4, 60.4), (11.5, 60.0), (13.4, 57.8), (13.5, 55.4),
        (12.2, 53.3), (11.6, 51.3), (11.0, 48.9), (9.9, 46.4), (7.9, 45.6), (4.3, 46.6),
        (0.55, 47.1), (0.55, 49.3), (3.3, 49.9), (6.0, 51.0), (6.1, 52.8), (4.4, 53.6),
    ]  # fmt: skip
    outer = _smooth(hip, 7)
    hole = _ellipse(6.0, 48.2, 1.75, 1.05, rot_deg=-20)[::-1]  # clockwise: a hole
    hip_parts = []
    for o, h in ((outer, hole), (_mirror(outer)[::-1], _mirror(hole)[::-1])):
        hip_parts += [
            Path(np.vstack([o, o[:1]]), closed=True),
            Path(np.vstack([h, h[:1]]), closed=True),
        ]
    r["pelvis"].append(Path.make_compound_path(*hip_parts))

    # Scapulae (behind the ribs; seen lateral to the rib cage), with acromion and glenoid
    scapula = [
        (8.6, 80.7), (11.6, 81.4), (15.9, 82.5), (16.0, 81.5), (14.6, 79.9), (14.2, 77.8),
        (13.3, 74.0), (11.3, 69.8), (10.2, 70.6), (8.9, 75.5),
    ]  # fmt: skip
    r["scapula"].append(_path([(_smooth(scapula, 7), True)], both_sides=True))

    # Ribs: true ribs 1-7 from the sternum, false ribs 8-10 from the costal margin, floating
    # ribs 11-12 from the spine; each rises laterally and then runs down the side of the chest
    half_width = [5.4, 7.6, 9.2, 10.3, 11.1, 11.6, 11.8, 11.7, 11.3, 10.6, 9.4, 8.2]
    sternum_top, sternum_bottom = 81.0, 67.6
    margin = _bezier([(0.9, sternum_bottom + 0.9), (3.0, 65.6), (6.4, 62.4), (9.9, 60.9)], 40)
    ribs = [(_band(margin, np.linspace(0.95, 0.7, len(margin)))[0], True)]
    for n in range(1, 13):
        yv, w = _thoracic_y(n), half_width[n - 1]
        if n <= 7:
            ya = sternum_top - 1.0 - (n - 1) * 1.72
            pts = [(1.3, ya), (0.55 * w, ya + 0.9), (w, yv + 0.4), (w * 1.01, yv - 2.2)]
        elif n <= 10:
            x0, ya = margin[int(8 + (n - 8) * 11)]
            pts = [(x0, ya), (0.5 * (x0 + w) + 0.8, ya + 1.0), (w, yv - 0.2), (w * 0.99, yv - 2.6)]
        else:
            pts = [(2.6, yv), (0.6 * w, yv - 0.2), (w * 0.92, yv - 1.2), (w, yv - 2.6)]
        centre = _bezier(pts, 36)
        ribs.append((_band(centre, np.linspace(0.85, 0.68, len(centre)))[0], True))
    r["ribs"].append(_path(ribs, both_sides=True))

    # Sternum: manubrium, body and xiphoid process (drawn over the spine, slightly translucent)
    sternum = [
        (-1.8, sternum_top), (1.8, sternum_top), (1.35, 77.6), (1.0, 76.6), (1.2, 70.6),
        (0.7, 68.8), (0.3, sternum_bottom), (-0.3, sternum_bottom), (-0.7, 68.8),
        (-1.2, 70.6), (-1.0, 76.6), (-1.35, 77.6),
    ]  # fmt: skip
    r["sternum"].append(_path([(_smooth(sternum, 6), True)], both_sides=False))

    # Clavicles: gentle S-shaped bands from the manubrium to the shoulder
    clav = _bezier([(1.6, 81.4), (5.5, 80.3), (10.0, 83.0), (14.8, 82.2)], 40)
    r["clavicle"].append(_path([_band(clav, np.linspace(1.25, 0.95, len(clav)))], both_sides=True))

    # Upper limbs: humerus split into proximal third and the rest; forearm and hand together
    hum = dict(p0=(15.5, 78.2), p1=(18.2, 62.2), shaft=1.55, end0=2.6, end1=3.7, bend=-0.3)
    r["proximal_humerus"].append(_path([_long_bone(**hum, t1=0.32)], both_sides=True))
    r["proximal_humerus"].append(_path([(_ellipse(15.3, 78.5, 1.55, 1.55), True)], both_sides=True))
    r["humeral_shaft"].append(_path([_long_bone(**hum, t0=0.32)], both_sides=True))
    ulna = _long_bone((18.0, 61.7), (20.0, 49.0), shaft=0.85, end0=1.7, end1=1.0)
    radius = _long_bone((19.2, 61.2), (21.9, 49.1), shaft=0.85, end0=1.1, end1=2.0, bend=0.4)
    carpus = [(19.2, 48.7), (22.9, 48.8), (23.2, 47.2), (22.5, 46.1), (19.7, 46.0), (19.0, 47.2)]
    carpus = _smooth(carpus, 6)
    digits = [
        ((19.8, 46.4), (19.3, 43.6), (19.0, 40.6), 0.62),
        ((20.6, 46.2), (20.4, 43.2), (20.3, 39.4), 0.66),
        ((21.4, 46.2), (21.5, 43.1), (21.7, 38.9), 0.68),
        ((22.2, 46.4), (22.6, 43.4), (23.0, 39.6), 0.66),
        ((22.8, 47.0), (24.2, 45.3), (24.9, 42.6), 0.82),  # thumb, lateral in this position
    ]
    fingers = []
    for a, b, c, wd in digits:
        line = _bezier([a, b, c], 24)
        fingers.append(_band(line, np.linspace(wd, wd * 0.8, len(line))))
    r["forearm_hand"].append(_path([ulna, radius], both_sides=True))
    r["forearm_hand"].append(_path([(carpus, True), *fingers], both_sides=True))

    # Lower limbs: femur split below the trochanters; tibia, fibula and foot together
    fem = dict(p0=(12.2, 50.1), p1=(8.8, 29.3), shaft=2.05, end0=3.0, end1=4.4, bend=0.5)
    neck = _bezier([(9.7, 51.3), (11.0, 50.6), (12.2, 49.3)], 16)
    r["proximal_femur"].append(
        _path(
            [_long_bone(**fem, t1=0.27), _band(neck, np.linspace(1.7, 2.2, len(neck))),
             (_ellipse(12.6, 50.2, 1.15, 1.45), True)],
            both_sides=True,
        )
    )  # fmt: skip
    r["proximal_femur"].append(_path([(_ellipse(9.6, 51.4, 1.6, 1.6), True)], both_sides=True))
    r["femoral_shaft"].append(_path([_long_bone(**fem, t0=0.27)], both_sides=True))
    tibia = _long_bone((8.5, 27.9), (7.7, 4.6), shaft=1.9, end0=4.2, end1=2.5)
    fibula = _long_bone((10.9, 26.9), (10.3, 4.0), shaft=0.75, end0=1.4, end1=1.45)
    foot = _smooth([(6.2, 4.3), (11.2, 4.3), (12.0, 2.9), (11.2, 2.0), (7.0, 2.0), (6.0, 3.0)], 6)
    toes = [
        ((6.9, 2.6), (6.4, 1.1), (6.1, -0.6), 0.95),
        ((8.2, 2.4), (8.1, 1.0), (8.0, -0.5), 0.72),
        ((9.3, 2.4), (9.5, 1.0), (9.7, -0.3), 0.68),
        ((10.3, 2.5), (10.8, 1.2), (11.2, 0.0), 0.64),
        ((11.2, 2.6), (11.9, 1.6), (12.4, 0.5), 0.6),
    ]
    toe_shapes = []
    for a, b, c, wd in toes:
        line = _bezier([a, b, c], 20)
        toe_shapes.append(_band(line, np.linspace(wd, wd * 0.85, len(line))))
    r["lower_leg_foot"].append(_path([fibula], both_sides=True))
    r["lower_leg_foot"].append(_path([tibia, (foot, True), *toe_shapes], both_sides=True))
    patellae = [(_ellipse(8.7, 29.6, 1.15, 1.3), True)]
    details.append((_path(patellae, both_sides=True), "patella"))
    return r, details


# Back to front: scapulae behind ribs, sternum over the thoracic spine, skull over the neck
_Z = {
    "scapula": 1.0,
    "cervical_spine": 1.2,
    "ribs": 1.4,
    "pelvis": 1.5,
    "thoracic_spine": 1.6,
    "lumbar_spine": 1.6,
    "sacrum": 1.6,
    "proximal_femur": 1.7,
    "femoral_shaft": 1.7,
    "lower_leg_foot": 1.7,
    "proximal_humerus": 1.8,
    "humeral_shaft": 1.8,
    "forearm_hand": 1.8,
    "sternum": 2.0,
    "skull": 2.5,
    "clavicle": 2.6,
}
_STERNUM_ALPHA = 0.45  # lets a highlighted thoracic spine show through the sternum


def _style_patch(p: Patch, style: LevelStyle, *, highlighted: bool) -> None:
    p.set_facecolor(style.facecolor)
    p.set_hatch(style.hatch or None)
    p.set_hatchcolor(style.hatchcolor)
    p.set_edgecolor(style.hatchcolor if highlighted else BONE_EDGE)
    p.set_linewidth(1.0 if highlighted else 0.75)


def draw_skeleton(ax: Axes) -> dict[str, tuple[Patch, ...]]:
    """Draw the schematic skeleton on ``ax``; return its patches grouped by region id."""
    paths, details = _bone_paths()
    regions: dict[str, tuple[Patch, ...]] = {}
    for name in REGIONS:
        patches = []
        for path in paths[name]:
            p = PathPatch(path, zorder=_Z[name], joinstyle="round")
            _style_patch(p, PLAIN_STYLE, highlighted=False)
            if name == "sternum":
                p.set_alpha(_STERNUM_ALPHA)
            ax.add_patch(p)
            patches.append(p)
        regions[name] = tuple(patches)
    for path, color in details:
        if color == "patella":
            p = PathPatch(path, facecolor=BONE, edgecolor=BONE_EDGE, lw=0.75, zorder=1.75)
        else:
            p = PathPatch(path, facecolor=color, edgecolor="none", zorder=3.0)
            if color != _DARK:
                p.set_edgecolor(BONE_EDGE)
                p.set_linewidth(0.6)
        ax.add_patch(p)
    return regions


def skeleton_diagram(*, width_in: float = 8.6, height_in: float = 8.2) -> SkeletonDiagram:
    """A figure with the skeleton, a hidden label for every region, a title and a key.

    The layout is fixed (no layout engine), so re-rendering after :func:`highlight` draws the
    figure once. Use :func:`highlight` to show a pattern of sites.
    """
    with course_style():
        fig = Figure(figsize=(width_in, height_in))
        bottom, height = 0.085, 0.81
        ax = fig.add_axes((0.0, bottom, 1.0, height))
    y_lo, y_hi = -2.0, 101.0
    half_x = (y_hi - y_lo) * width_in / (height * height_in) / 2
    ax.set_xlim(-half_x, half_x)
    ax.set_ylim(y_lo, y_hi)
    ax.set_aspect("equal", adjustable="box")
    ax.set_axis_off()
    regions = draw_skeleton(ax)

    labels: dict[str, Label] = {}
    for region, (side, y, target) in _LABEL_SLOTS.items():
        x = -_LABEL_X if side == "left" else _LABEL_X
        (leader,) = ax.plot(
            [x, target[0]],
            [y, target[1]],
            color=_LEADER,
            lw=0.8,
            zorder=4,
            visible=False,
            marker="o",
            markevery=[1],
            markersize=3.2,
            markerfacecolor="white",
            markeredgewidth=1.0,
        )
        where = _points_at(fig, ax, x, y)
        box = FancyBboxPatch(
            (0, 0),
            1,
            1,
            boxstyle="round,pad=0,rounding_size=3",
            facecolor="white",
            edgecolor=_LEADER,
            lw=1.2,
            transform=where,
            zorder=5,
            visible=False,
            clip_on=False,
        )
        glyphs = PathPatch(
            Path([(0, 0)]),
            facecolor="#111111",
            edgecolor="none",
            transform=where,
            zorder=6,
            visible=False,
            clip_on=False,
        )
        ax.add_patch(box)
        ax.add_patch(glyphs)
        labels[region] = Label(glyphs, box, leader, "right" if side == "left" else "left")

    title = fig.text(0.5, 0.975, "", ha="center", va="top", fontsize=13, fontweight="bold")
    subtitle = fig.text(0.5, 0.938, "", ha="center", va="top", fontsize=9.5, color="#333333")
    _draw_key(fig)
    return SkeletonDiagram(fig, ax, regions, labels, title, subtitle)


def _draw_key(fig: Figure) -> None:
    """A key to the fill patterns along the bottom (drawn once; cheaper than a Legend)."""
    styles = (*LEVEL_STYLES.values(), PLAIN_STYLE)
    ax = fig.add_axes((0.0, 0.0, 1.0, 0.07))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 10)
    ax.set_axis_off()
    starts = (16.0, 37.0, 55.0, 70.0)
    for x, style in zip(starts, styles, strict=True):
        ax.add_patch(
            PathPatch(
                Path([(x, 2.6), (x + 3.6, 2.6), (x + 3.6, 7.4), (x, 7.4), (x, 2.6)], closed=True),
                facecolor=style.facecolor,
                hatch=style.hatch or None,
                hatchcolor=style.hatchcolor,
                edgecolor=style.hatchcolor,
                lw=1.0,
            )
        )
        outline, _extent = _text_outline(style.legend, 9.0, "left")
        ax.add_patch(
            PathPatch(
                outline,
                facecolor="#111111",
                edgecolor="none",
                transform=_points_at(fig, ax, x + 4.6, 5.0),
            )
        )


def highlight(
    diagram: SkeletonDiagram,
    marks: Mapping[str, RegionMark],
    *,
    title: str,
    subtitle: str = "",
) -> None:
    """Show ``marks`` on the diagram in place: recolor, hatch and label regions, reset the rest.

    Only artist properties change (face color, hatch, edge, label outline, visibility), so a view
    can call this and re-render within its latency budget.
    """
    unknown = sorted(set(marks) - set(REGIONS))
    if unknown:
        raise ValueError(
            f"Unknown skeleton region(s) {unknown}; the regions are: {', '.join(REGIONS)}."
        )
    for region, mark in marks.items():
        if mark.level not in LEVEL_STYLES:
            raise ValueError(
                f"The level {mark.level!r} given for {region!r} is not one of: {', '.join(LEVELS)}."
            )
    for region, patches in diagram.regions.items():
        mark = marks.get(region)
        style = LEVEL_STYLES[mark.level] if mark else PLAIN_STYLE
        for p in patches:
            _style_patch(p, style, highlighted=mark is not None)
        label = diagram.labels[region]
        if mark is None:
            label.hide()
        else:
            head = f"{REGIONS[region]}: {mark.level}"
            label.show(f"{head}\n{mark.text}" if mark.text else head, style.hatchcolor)
    diagram.marks = dict(marks)
    diagram.title.set_text(title)
    diagram.subtitle.set_text(subtitle)
