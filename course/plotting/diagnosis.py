"""Imaging in bone metastases, drawn by code (Module 3.1): schematic scans and what each test sees.

Nothing here is a patient's image. The figures are teaching schematics built from simple shapes:

- :func:`draw_bone_scan` draws an anterior whole-body bone scan (99mTc-MDP) as nuclear-medicine
  images are shown, dark uptake on a light background; hot spots, kidneys, bladder and the
  soft-tissue background are options, so the same drawing shows a normal scan, multiple
  metastases and a superscan;
- :func:`draw_spine_mri` draws a sagittal T1-weighted MRI of the lower spine in which tumor that
  replaces fatty marrow is dark;
- :func:`what_each_test_sees_figure`, :func:`bone_scan_gallery_figure` and
  :func:`lytic_lesion_missed_figure` are the static figures of notebook 3.1;
- :func:`flare_uptake` and :func:`flare_new_lesions` give the *schematic* time course of tracer
  uptake after effective treatment (flare) or with progression, used by the flare widget.

Facts behind the drawings (course evidence sheet, medical facts section 5):

- a bone scan shows the osteoblastic reaction and blood flow, not tumor cells; purely lytic
  disease (myeloma, some kidney and thyroid cancers) can be missed (Yang 2011; Radiopaedia);
- superscan: diffusely intense skeletal uptake with a high bone-to-soft-tissue ratio, so that the
  kidneys are faint or absent while bladder activity is usually still seen (Radiopaedia; Askari E,
  et al. Diagnostics 2024;14:2229);
- flare: more intense uptake or newly visible lesions on the first scan after effective therapy,
  from osteoblastic healing, typically from about 2 weeks to 3 months after the start of treatment
  and rarely up to 6 months; uptake then falls on a later scan (Radiopaedia, "Flare phenomenon").
  The curves of :func:`flare_uptake` are illustrations of that description, not measured data.

For education only, not for clinical decisions.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Ellipse, FancyBboxPatch, Polygon, Rectangle

from course.plotting.style import BONE, BONE_EDGE, PALETTE, course_style, new_figure

__all__ = [
    "FLARE_COURSES",
    "HOT_SPOT_SITES",
    "REFERENCE",
    "BoneScanArtists",
    "FlareCourse",
    "bone_scan_gallery_figure",
    "draw_bone_scan",
    "draw_spine_mri",
    "flare_new_lesions",
    "flare_uptake",
    "lytic_lesion_missed_figure",
    "uptake_gray",
    "what_each_test_sees_figure",
]

REFERENCE: str = (
    "Yang HL, Liu T, Wang XM, Xu Y, Deng SM. Diagnosis of bone metastases: a meta-analysis "
    "comparing 18FDG PET, CT, MRI and bone scintigraphy. Eur Radiol 2011;21(12):2604-2617. "
    "doi:10.1007/s00330-011-2221-4; Radiopaedia: Flare phenomenon (bone scintigraphy); Superscan"
)

# ----------------------------------------------------------------------------------------------
# The schematic skeleton: an anterior view in a 10 x 20 box (x to the right, y up, head at the
# top). As on a real anterior scan, the patient's right side is on the viewer's left.
# ----------------------------------------------------------------------------------------------

_MID = 5.0


def _band(p0: tuple[float, float], p1: tuple[float, float], width: float) -> list[tuple]:
    """A straight bar from p0 to p1 of the given width, as polygon corners."""
    (x0, y0), (x1, y1) = p0, p1
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length * width / 2, (x1 - x0) / length * width / 2
    return [(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]


def _curve_band(points: np.ndarray, width: float) -> list[tuple]:
    """A curved bar along ``points`` (n x 2) of the given width, as polygon corners."""
    d = np.gradient(points, axis=0)
    norm = np.hypot(d[:, 0], d[:, 1])[:, None]
    normal = np.column_stack([-d[:, 1], d[:, 0]]) / norm * width / 2
    outline = np.vstack([points + normal, (points - normal)[::-1]])
    return [tuple(p) for p in outline]


def _vertebra_levels() -> dict[str, tuple[float, float, float]]:
    """Vertebra name -> (center y, height, width), C1 at the top to L5 at the bottom."""
    levels: dict[str, tuple[float, float, float]] = {}
    y = 17.05
    for i in range(1, 8):
        h = 0.16
        levels[f"C{i}"] = (y - h / 2, h * 0.8, 0.42)
        y -= h
    for i in range(1, 13):
        h = 0.33
        levels[f"T{i}"] = (y - h / 2, h * 0.8, 0.48 + 0.012 * i)
        y -= h
    for i in range(1, 6):
        h = 0.44
        levels[f"L{i}"] = (y - h / 2, h * 0.82, 0.68 + 0.03 * i)
        y -= h
    return levels


VERTEBRAE = _vertebra_levels()


def _rib_points(level: int, side: int) -> np.ndarray:
    """Centerline of rib ``level`` (1-12) on ``side`` (-1 viewer's left, +1 viewer's right)."""
    y0 = VERTEBRAE[f"T{level}"][0]
    reach = {1: 1.1, 2: 1.5, 3: 1.8, 4: 2.0, 5: 2.15, 6: 2.25, 7: 2.3, 8: 2.3, 9: 2.2}
    w = reach.get(level, 2.2 - 0.35 * (level - 9))
    s = np.linspace(0.0, 1.0, 14)
    x = _MID + side * (0.28 + w * s)
    y = y0 + 0.35 * s - 1.05 * s**2 - (0.25 * s if level > 9 else 0.0)
    return np.column_stack([x, y])


def _skeleton_shapes() -> list[tuple[str, object]]:
    """(part, patch) pairs of the schematic skeleton; patches are built fresh on each call."""
    shapes: list[tuple[str, object]] = [
        ("skull", Ellipse((_MID, 18.55), 2.0, 2.45)),
        ("mandible", Ellipse((_MID, 17.32), 1.15, 0.5)),
    ]
    for name, (yc, h, w) in VERTEBRAE.items():
        shapes.append(
            (
                name,
                FancyBboxPatch(
                    (_MID - w / 2, yc - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.05"
                ),
            )
        )
    shapes.append(("sacrum", Polygon([(4.42, 9.62), (5.58, 9.62), (5.3, 8.45), (4.7, 8.45)])))
    for side in (-1, 1):
        s = side
        for level in range(1, 13):
            shapes.append(
                (
                    f"rib{level}",
                    Polygon(_curve_band(_rib_points(level, s), 0.13 if level > 1 else 0.16)),
                )
            )
        shapes += [
            ("clavicle", Polygon(_band((_MID + s * 0.3, 16.05), (_MID + s * 2.05, 16.4), 0.2))),
            (
                "ilium",
                Polygon(
                    [
                        (_MID + s * 0.58, 9.55),
                        (_MID + s * 1.9, 10.45),
                        (_MID + s * 2.25, 10.05),
                        (_MID + s * 2.05, 9.05),
                        (_MID + s * 1.55, 8.55),
                        (_MID + s * 0.62, 8.75),
                    ]
                ),
            ),
            ("pubis", Polygon(_band((_MID + s * 1.45, 8.2), (_MID + s * 0.12, 7.7), 0.3))),
            ("ischium", Polygon(_band((_MID + s * 1.3, 8.05), (_MID + s * 0.75, 7.3), 0.3))),
            ("humeral head", Circle((_MID + s * 2.3, 15.9), 0.33)),
            ("humerus", Polygon(_band((_MID + s * 2.35, 15.75), (_MID + s * 2.8, 12.55), 0.32))),
            ("radius", Polygon(_band((_MID + s * 2.72, 12.45), (_MID + s * 3.0, 9.95), 0.17))),
            ("ulna", Polygon(_band((_MID + s * 2.92, 12.45), (_MID + s * 3.32, 10.0), 0.17))),
            ("hand", Ellipse((_MID + s * 3.25, 9.35), 0.55, 0.95)),
            ("femoral head", Circle((_MID + s * 1.58, 8.4), 0.3)),
            ("femoral neck", Polygon(_band((_MID + s * 1.6, 8.35), (_MID + s * 1.98, 7.95), 0.3))),
            ("trochanter", Circle((_MID + s * 2.02, 8.05), 0.22)),
            ("femur", Polygon(_band((_MID + s * 1.95, 8.0), (_MID + s * 1.3, 4.35), 0.38))),
            ("patella", Ellipse((_MID + s * 1.28, 4.15), 0.42, 0.5)),
            ("tibia", Polygon(_band((_MID + s * 1.22, 3.95), (_MID + s * 1.15, 0.95), 0.36))),
            ("fibula", Polygon(_band((_MID + s * 1.58, 3.85), (_MID + s * 1.46, 1.0), 0.15))),
            ("foot", Ellipse((_MID + s * 1.25, 0.52), 0.55, 0.75)),
        ]
    return shapes


#: Named places for hot spots: (x, y) in the drawing's coordinates. "right"/"left" are the
#: patient's sides (the patient's right is on the viewer's left in an anterior view).
HOT_SPOT_SITES: dict[str, tuple[float, float]] = {
    "skull": (5.55, 19.05),
    **{f"{v}": (_MID, VERTEBRAE[v][0]) for v in ("C5", "T4", "T7", "T9", "T11", "L2", "L4")},
    "right rib 4": tuple(_rib_points(4, -1)[9]),
    "left rib 6": tuple(_rib_points(6, 1)[10]),
    "left rib 8": tuple(_rib_points(8, 1)[7]),
    "right rib 9": tuple(_rib_points(9, -1)[11]),
    "sternum": (_MID, 14.6),
    "sacrum": (_MID, 9.05),
    "right ilium": (_MID - 1.55, 9.65),
    "left ilium": (_MID + 1.7, 9.4),
    "right acetabulum": (_MID - 1.25, 8.45),
    "right femur, upper shaft": (_MID - 1.85, 7.3),
    "left humerus, upper shaft": (_MID + 2.45, 14.9),
    "left femur, upper shaft": (_MID + 1.88, 7.1),
}

#: The lesions shown on the "multiple metastases" scan (axial-predominant, as is typical).
TYPICAL_METASTASES: tuple[str, ...] = (
    "T7",
    "T11",
    "L2",
    "right rib 4",
    "left rib 8",
    "right ilium",
    "sacrum",
    "right femur, upper shaft",
    "skull",
)


def uptake_gray(uptake: float) -> tuple[float, float, float]:
    """The gray of a tracer uptake in [0, 1] as a bone scan shows it: more uptake, darker."""
    u = min(max(float(uptake), 0.0), 1.0)
    level = 1.0 - 0.92 * u
    return (level, level, level)


@dataclass
class BoneScanArtists:
    """The artists of one drawn bone scan, kept so that a widget can update them in place."""

    ax: Axes
    bones: list
    hot_spots: dict[str, tuple[Circle, Circle]]
    kidneys: list
    bladder: Ellipse | None
    soft_tissue: list

    def set_hot_spot(self, site: str, uptake: float) -> None:
        """Set the uptake (0 = invisible, 1 = darkest) of one hot spot."""
        core, halo = self.hot_spots[site]
        visible = uptake > 0.02
        core.set_visible(visible)
        halo.set_visible(visible)
        core.set_facecolor(uptake_gray(uptake))
        halo.set_facecolor(uptake_gray(0.55 * uptake))


def draw_bone_scan(
    ax: Axes,
    *,
    hot_spots: Mapping[str, float] | Iterable[str] = (),
    bone_uptake: float = 0.32,
    axial_extra: float = 0.0,
    kidney_uptake: float = 0.35,
    bladder_uptake: float = 0.8,
    soft_tissue_uptake: float = 0.06,
    extra_sites: Sequence[str] = (),
    title: str | None = None,
    side_labels: bool = True,
) -> BoneScanArtists:
    """Draw a schematic anterior whole-body bone scan on ``ax`` and return its artists.

    ``hot_spots`` maps a site of :data:`HOT_SPOT_SITES` to its uptake (0 to 1); a plain list of
    sites gets uptake 0.95. ``extra_sites`` are drawn invisible (uptake 0) so that a widget can
    show them later. ``axial_extra`` darkens the spine, pelvis, ribs and skull more than the limbs
    (as in a metastatic superscan). Uptake 0 leaves a structure out (for example the kidneys).
    """
    spots = dict(hot_spots) if isinstance(hot_spots, Mapping) else dict.fromkeys(hot_spots, 0.95)
    for site in [*spots, *extra_sites]:
        if site not in HOT_SPOT_SITES:
            raise ValueError(
                f"Unknown hot-spot site {site!r}; choose from: {', '.join(HOT_SPOT_SITES)}."
            )
    for site in extra_sites:
        spots.setdefault(site, 0.0)

    ax.set_xlim(0.9, 9.1)
    ax.set_ylim(-0.1, 20.1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_facecolor("white")

    soft: list = []
    if soft_tissue_uptake > 0:
        gray = uptake_gray(soft_tissue_uptake)
        body = [
            Ellipse((_MID, 18.5), 2.5, 2.95),
            Rectangle((_MID - 0.55, 16.3), 1.1, 1.0),
            Polygon(
                [
                    (_MID - 2.6, 16.3),
                    (_MID + 2.6, 16.3),
                    (_MID + 2.45, 10.0),
                    (_MID + 2.55, 8.2),
                    (_MID - 2.55, 8.2),
                    (_MID - 2.45, 10.0),
                ]
            ),
            Polygon(_band((_MID - 1.3, 8.6), (_MID - 1.25, 0.3), 1.25)),
            Polygon(_band((_MID + 1.3, 8.6), (_MID + 1.25, 0.3), 1.25)),
            Polygon(_band((_MID - 2.55, 16.0), (_MID - 3.25, 9.0), 0.75)),
            Polygon(_band((_MID + 2.55, 16.0), (_MID + 3.25, 9.0), 0.75)),
        ]
        for patch in body:
            patch.set(facecolor=gray, edgecolor="none", zorder=0)
            ax.add_patch(patch)
            soft.append(patch)

    kidneys: list = []
    if kidney_uptake > 0:
        for s in (-1, 1):
            k = Ellipse((_MID + s * 1.15, 11.1), 0.75, 1.25, angle=-s * 12)
            k.set(facecolor=uptake_gray(kidney_uptake), edgecolor="none", zorder=1)
            ax.add_patch(k)
            kidneys.append(k)

    axial = {"skull", "sacrum", "ilium", "pubis", "ischium", "clavicle"}
    bones = []
    for part, patch in _skeleton_shapes():
        is_axial = (
            part in axial or part[0] in "CTL" and part[1:].isdigit() or part.startswith("rib")
        )
        u = bone_uptake + (axial_extra if is_axial else 0.0)
        patch.set(facecolor=uptake_gray(u), edgecolor="none", zorder=2)
        ax.add_patch(patch)
        bones.append(patch)

    bladder = None
    if bladder_uptake > 0:
        bladder = Ellipse((_MID, 8.0), 0.95, 0.62)
        bladder.set(facecolor=uptake_gray(bladder_uptake), edgecolor="none", zorder=3)
        ax.add_patch(bladder)

    artists = BoneScanArtists(ax, bones, {}, kidneys, bladder, soft)
    for site, uptake in spots.items():
        x, y = HOT_SPOT_SITES[site]
        halo = Circle((x, y), 0.36, edgecolor="none", zorder=4)
        core = Circle((x, y), 0.22, edgecolor="none", zorder=5)
        ax.add_patch(halo)
        ax.add_patch(core)
        artists.hot_spots[site] = (core, halo)
        artists.set_hot_spot(site, uptake)

    if side_labels:
        ax.text(1.2, 19.6, "R", fontsize=9, fontweight="bold", ha="left", va="top")
        ax.text(8.8, 19.6, "L", fontsize=9, fontweight="bold", ha="right", va="top")
    if title:
        ax.set_title(title, fontsize=10)
    return artists


def _annotate(ax: Axes, text: str, xy: tuple[float, float], xytext: tuple[float, float]) -> None:
    ax.annotate(
        text,
        xy=xy,
        xytext=xytext,
        fontsize=8,
        ha="center",
        va="center",
        arrowprops={"arrowstyle": "->", "color": PALETTE["black"], "lw": 0.9},
        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#999999", "lw": 0.6},
        zorder=10,
    )


def bone_scan_gallery_figure() -> Figure:
    """Three schematic anterior bone scans: normal, multiple metastases and a superscan."""
    fig = new_figure(width_in=9.0, height_in=6.4)
    with course_style():
        axes = fig.subplots(1, 3)
        draw_bone_scan(axes[0], title="A. Normal scan")
        _annotate(axes[0], "kidneys\nvisible", (6.2, 11.1), (8.0, 12.6))
        _annotate(axes[0], "bladder\n(tracer in urine)", (5.4, 7.9), (7.7, 6.2))

        draw_bone_scan(axes[1], hot_spots=TYPICAL_METASTASES, title="B. Multiple metastases")
        _annotate(axes[1], "spine", HOT_SPOT_SITES["T11"], (7.8, 13.0))
        _annotate(axes[1], "rib", HOT_SPOT_SITES["right rib 4"], (1.8, 17.3))
        _annotate(axes[1], "pelvis", HOT_SPOT_SITES["right ilium"], (1.8, 11.3))
        _annotate(axes[1], "femur", HOT_SPOT_SITES["right femur, upper shaft"], (1.9, 5.2))

        draw_bone_scan(
            axes[2],
            bone_uptake=0.62,
            axial_extra=0.3,
            kidney_uptake=0.0,
            bladder_uptake=0.3,
            soft_tissue_uptake=0.0,
            title="C. Superscan",
        )
        _annotate(axes[2], "no kidneys\nseen", (6.2, 11.1), (8.0, 12.6))
        _annotate(axes[2], "faint bladder", (5.4, 7.95), (7.6, 6.2))
        fig.suptitle(
            "Schematic anterior bone scans (99mTc-MDP): darker = more tracer uptake",
            fontsize=11,
            fontweight="bold",
        )
    return fig


def _blob(center: tuple[float, float], rx: float, ry: float, *, seed: int) -> list[tuple]:
    """An irregular closed outline (a tumor deposit), deterministic for a given seed."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 2 * np.pi, 40, endpoint=False)
    wobble = 1.0 + 0.12 * np.sin(3 * t + rng.random() * 6) + 0.08 * np.sin(5 * t + rng.random() * 6)
    return [
        (center[0] + rx * w * math.cos(a), center[1] + ry * w * math.sin(a))
        for a, w in zip(t, wobble, strict=True)
    ]


def draw_spine_mri(
    ax: Axes,
    *,
    lesions: Mapping[str, float] | Iterable[str] = (),
    levels: Sequence[str] = ("T9", "T10", "T11", "T12", "L1", "L2", "L3", "L4", "L5"),
    title: str | None = None,
) -> dict[str, object]:
    """Draw a schematic sagittal T1-weighted MRI of part of the spine on ``ax``.

    Fatty marrow is bright on T1; tumor that replaces it is dark. ``lesions`` maps a level to the
    fraction (0 to 1) of its vertebral body that is replaced (a plain list means 0.7). The front
    of the body is on the left. Returns the patch of each vertebral body by level.
    """
    replaced = dict(lesions) if isinstance(lesions, Mapping) else dict.fromkeys(lesions, 0.7)
    for level in replaced:
        if level not in levels:
            raise ValueError(f"Lesion level {level!r} is not drawn; levels: {', '.join(levels)}.")
    ax.set_facecolor("#111111")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    n = len(levels)
    ax.set_xlim(-0.45, 3.0)
    ax.set_ylim(-0.75, n + 0.1)
    ax.set_aspect("equal")
    bodies: dict[str, object] = {}
    # Spinal canal: cerebrospinal fluid (dark on T1) with the cord (mid-gray), which ends at
    # about L1-L2 (the conus); below it only nerve roots.
    ax.add_patch(Rectangle((1.62, -0.75), 0.5, n + 0.85, facecolor="#3a3a3a", edgecolor="none"))
    conus = n - 1 - levels.index("L1") if "L1" in levels else -0.75
    ax.add_patch(
        FancyBboxPatch(
            (1.76, conus + 0.1),
            0.22,
            n - conus,
            boxstyle="round,pad=0,rounding_size=0.1",
            facecolor="#808080",
            edgecolor="none",
        )
    )
    for i, level in enumerate(levels):
        y = n - 1 - i
        body = FancyBboxPatch(
            (0.2, y + 0.1),
            1.3,
            0.72,
            boxstyle="round,pad=0,rounding_size=0.1",
            facecolor="#e6e6e6",
            edgecolor="#9a9a9a",
            lw=1.2,
        )
        ax.add_patch(body)
        bodies[level] = body
        # Posterior elements (pedicle and spinous process), mid-gray.
        ax.add_patch(Rectangle((2.22, y + 0.25), 0.6, 0.42, facecolor="#bdbdbd", edgecolor="none"))
        # The disc below (intermediate to low signal on T1).
        if i < n - 1:
            ax.add_patch(Rectangle((0.28, y - 0.07), 1.14, 0.14, facecolor="#6a6a6a", lw=0))
        ax.text(-0.22, y + 0.46, level, color="white", fontsize=8, ha="center", va="center")
        if level in replaced:
            frac = min(max(float(replaced[level]), 0.05), 1.0)
            ax.add_patch(
                Polygon(
                    _blob((0.85, y + 0.46), 0.58 * math.sqrt(frac), 0.3 * math.sqrt(frac), seed=i),
                    facecolor="#2b2b2b",
                    edgecolor="#111111",
                    zorder=3,
                )
            )
    ax.text(0.85, -0.5, "front", color="white", fontsize=8, ha="center", va="center")
    ax.text(2.5, -0.5, "back", color="white", fontsize=8, ha="center", va="center")
    if title:
        ax.set_title(title, fontsize=10)
    return bodies


def lytic_lesion_missed_figure() -> Figure:
    """A purely lytic lesion: the bone scan looks normal while MRI shows marrow replacement."""
    fig = new_figure(width_in=8.0, height_in=5.8)
    with course_style():
        ax_scan, ax_mri = fig.subplots(1, 2, width_ratios=[1.0, 1.0])
        draw_bone_scan(ax_scan, title="A. Bone scan: no abnormal uptake")
        _annotate(ax_scan, "T10 and L2:\nnormal uptake", (_MID, VERTEBRAE["T10"][0]), (7.9, 14.0))
        ax_scan.annotate(
            "",
            xy=(_MID, VERTEBRAE["L2"][0]),
            xytext=(7.9, 13.3),
            arrowprops={"arrowstyle": "->", "lw": 0.9},
        )
        draw_spine_mri(
            ax_mri,
            lesions={"T10": 0.75, "L2": 0.6},
            title="B. MRI, sagittal T1: dark marrow at T10 and L2",
        )
        for level, y in (("T10", 7.46), ("L2", 3.46)):
            ax_mri.annotate(
                f"tumor replaces\nfatty marrow ({level})",
                xy=(1.1, y),
                xytext=(2.25, y + 0.75),
                color="white",
                fontsize=8,
                ha="center",
                arrowprops={"arrowstyle": "->", "color": "white", "lw": 0.9},
                bbox={"boxstyle": "round,pad=0.2", "fc": "#111111", "ec": "white", "lw": 0.6},
            )
        fig.suptitle(
            "A purely lytic lesion (schematic): invisible on bone scan, seen on MRI",
            fontsize=11,
            fontweight="bold",
        )
    return fig


def what_each_test_sees_figure() -> Figure:
    """A longitudinal cut through a long bone with a metastasis: which part each test detects."""
    fig = new_figure(width_in=9.0, height_in=5.6)
    with course_style():
        ax = fig.add_subplot()
        ax.set_xlim(0, 12)
        ax.set_ylim(-1.3, 7.4)
        ax.set_aspect("equal")
        ax.axis("off")
        # Cortex (top and bottom), with a gap where the tumor has destroyed it.
        cortex = dict(facecolor=BONE, edgecolor=BONE_EDGE, lw=1.2, hatch="////")
        ax.add_patch(Rectangle((0.5, 4.3), 4.6, 0.7, **cortex))
        ax.add_patch(Rectangle((6.6, 4.3), 4.9, 0.7, **cortex))
        ax.add_patch(Rectangle((0.5, 1.0), 11.0, 0.7, **cortex))
        # Marrow cavity (fatty marrow).
        ax.add_patch(Rectangle((0.5, 1.7), 11.0, 2.6, facecolor="#FFF6D5", edgecolor="none"))
        # Reactive new bone (osteoblastic rim) around part of the deposit.
        rim = Ellipse(
            (6.0, 3.0),
            4.3,
            2.7,
            facecolor="white",
            edgecolor=PALETTE["orange"],
            lw=2.5,
            hatch="..",
        )
        ax.add_patch(rim)
        # The tumor deposit replacing marrow, with tumor cells.
        tumor = Ellipse(
            (6.0, 3.15), 3.4, 2.1, facecolor="#F3D9E7", edgecolor=PALETTE["purple"], lw=2.0
        )
        ax.add_patch(tumor)
        rng = np.random.default_rng(3)
        for _ in range(26):
            r, t = 0.8 * math.sqrt(rng.random()), 2 * math.pi * rng.random()
            ax.add_patch(
                Circle(
                    (6.0 + 1.35 * r * math.cos(t), 3.15 + 0.78 * r * math.sin(t)),
                    0.1,
                    facecolor=PALETTE["purple"],
                    edgecolor="none",
                )
            )
        # Callouts: (label, what it detects, arrow target, text position).
        callouts = [
            (
                "X-ray and CT",
                "loss or gain of bone mineral;\nthe broken cortex",
                (5.85, 4.7),
                (2.3, 6.6),
            ),
            (
                "Bone scan (99mTc-MDP), NaF PET",
                "the bone's repair reaction:\nnew bone formation, blood flow",
                (7.95, 3.6),
                (9.4, 6.6),
            ),
            (
                "MRI",
                "tumor replacing the\nfatty marrow",
                (4.9, 2.6),
                (1.8, -0.55),
            ),
            (
                "FDG-PET",
                "glucose use of\nthe tumor cells",
                (6.2, 2.6),
                (6.0, -0.55),
            ),
            (
                "PSMA PET",
                "a receptor (PSMA) on\nprostate cancer cells",
                (7.0, 2.9),
                (10.2, -0.55),
            ),
        ]
        for name, what, target, pos in callouts:
            bold = name.replace(" ", "~").replace("-", "\u2010")  # a hyphen, not a minus sign
            ax.annotate(
                f"$\\bf{{{bold}}}$\n{what}",
                xy=target,
                xytext=pos,
                fontsize=8.5,
                ha="center",
                va="center",
                arrowprops={"arrowstyle": "->", "lw": 1.0, "color": "#222222"},
                bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": "#777777", "lw": 0.7},
            )
        handles = [
            Rectangle((0, 0), 1, 1, facecolor=BONE, edgecolor=BONE_EDGE, hatch="////"),
            Rectangle((0, 0), 1, 1, facecolor="#FFF6D5", edgecolor="#999999"),
            Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=PALETTE["orange"], hatch=".."),
            Rectangle((0, 0), 1, 1, facecolor="#F3D9E7", edgecolor=PALETTE["purple"]),
        ]
        ax.legend(
            handles,
            ["cortical bone", "fatty marrow", "reactive new bone (rim)", "tumor (dots: cells)"],
            loc="lower center",
            bbox_to_anchor=(0.5, -0.08),
            ncol=4,
            fontsize=8.5,
            handlelength=1.6,
        )
        ax.set_title("What each test detects in a bone metastasis (schematic long-bone section)")
    return fig


# ----------------------------------------------------------------------------------------------
# The flare phenomenon: schematic time courses (not measured data).
# ----------------------------------------------------------------------------------------------

FlareCourse = Literal["flare", "response", "progression"]
#: Course name -> (label shown to the learner, what the clinical picture usually shows).
FLARE_COURSES: dict[str, tuple[str, str]] = {
    "flare": (
        "effective treatment, with flare",
        "pain improving and tumor marker (for example PSA) falling",
    ),
    "response": (
        "effective treatment, no flare",
        "pain improving and tumor marker falling",
    ),
    "progression": (
        "treatment not working (progression)",
        "pain and tumor marker rising",
    ),
}


def _check_course(course: str) -> None:
    if course not in FLARE_COURSES:
        raise ValueError(
            f"The course of disease must be one of {', '.join(map(repr, FLARE_COURSES))}; "
            f"got {course!r}."
        )


def _check_time(time_weeks: float | np.ndarray) -> np.ndarray:
    if isinstance(time_weeks, bool):
        raise ValueError(f"The time must be a number of weeks of 0 or more; got {time_weeks!r}.")
    t = np.asarray(time_weeks, dtype=float)
    if np.any(~np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"The time must be a number of weeks of 0 or more; got {time_weeks!r}.")
    return t


def flare_uptake(time_weeks: float | np.ndarray, *, course: FlareCourse) -> float | np.ndarray:
    """Schematic tracer uptake in known lesions relative to the baseline scan (baseline = 1).

    - ``"flare"``: uptake rises after effective treatment starts (osteoblastic healing), peaks at
      about 6 weeks, is back at baseline at about 4-5 months and falls below it afterward;
    - ``"response"``: uptake falls steadily toward about half of baseline;
    - ``"progression"``: uptake keeps rising.

    The shapes follow the description of the flare phenomenon (appearing about 2 weeks to
    3 months after the start of treatment, rarely lasting to 6 months; Radiopaedia); the numbers
    are illustrative, not measurements.
    """
    _check_course(course)
    t = _check_time(time_weeks)
    healing = 0.5 + 0.5 * np.exp(-t / 16.0)
    if course == "flare":
        value = healing + 0.9 * (t / 6.0) * np.exp(1.0 - t / 6.0)
    elif course == "response":
        value = healing
    else:
        value = 1.0 + 0.045 * t
    return float(value) if value.ndim == 0 else value


def flare_new_lesions(time_weeks: float, *, course: FlareCourse) -> float:
    """Schematic visibility (0 to 1) of lesions that were not seen at baseline.

    In flare, small lesions that were already there become visible while they heal and fade again
    (peak at about 8 weeks); in progression, new lesions appear and keep growing; with a response
    without flare, none appear.
    """
    _check_course(course)
    t = float(_check_time(time_weeks))
    if course == "flare":
        return float(min(1.0, 1.1 * (t / 8.0) ** 2 * math.exp(2.0 * (1.0 - t / 8.0))))
    if course == "progression":
        return float(min(1.0, max(0.0, (t - 4.0) / 14.0)))
    return 0.0
