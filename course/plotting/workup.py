"""The work-up of a bone lesion with no known primary (Module 3.3): a decision pathway by code.

- :func:`workup_path` is the pure decision logic: from what is found at each step (solitary or
  multiple lesions, lytic or blastic appearance, the myeloma screen, what imaging shows) it
  returns the steps taken, the end point and teaching notes;
- :func:`draw_workup` draws the whole pathway once and returns :class:`WorkupArtists`, whose
  :meth:`~WorkupArtists.show_path` highlights one path in place (for a widget);
- :func:`rougraff_yield_figure` shows which step found the occult primary in Rougraff's
  prospective study.

The steps follow the strategy tested by Rougraff BT, Kneisl JS, Simon MA. Skeletal metastases of
unknown origin: a prospective study of a diagnostic strategy. J Bone Joint Surg Am
1993;75(9):1276-1281 (doi:10.2106/00004623-199309000-00003): history and examination, routine
blood tests, X-rays of the lesion and the chest, a whole-body bone scan and CT of the chest,
abdomen and pelvis, then a biopsy of the most accessible lesion. In 40 patients it found the
primary in 85%: history and examination 8%, chest X-ray 43%, chest CT a further 15% and
abdomino-pelvic CT a further 13%; the biopsy alone identified the primary in 35%.

Two additions are current teaching rather than Rougraff's protocol, and the course marks them so:
serum protein electrophoresis with free light chains to look for myeloma in a lytic lesion of
unknown origin (standard practice; not verified as a guideline quote), and FDG-PET/CT as
whole-body imaging (modern practice). A solitary lesion without a proven primary is biopsied,
planned with a sarcoma team, before any fixation, because fixing an unrecognized primary bone
sarcoma spreads it along the bone (Tsukamoto S, et al. Curr Oncol 2021;28:3347-3372.
doi:10.3390/curroncol28050290).

For education only, not for clinical decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from course.plotting.style import HATCHES, PALETTE, SERIES, course_style, new_figure

__all__ = [
    "APPEARANCES",
    "IMAGING_FINDINGS",
    "LESION_COUNTS",
    "MYELOMA_SCREENS",
    "NODES",
    "REFERENCE",
    "ROUGRAFF_YIELD",
    "WorkupArtists",
    "WorkupPath",
    "draw_workup",
    "rougraff_yield_figure",
    "workup_figure",
    "workup_path",
]

REFERENCE: str = (
    "Rougraff BT, Kneisl JS, Simon MA. Skeletal metastases of unknown origin: a prospective "
    "study of a diagnostic strategy. J Bone Joint Surg Am 1993;75(9):1276-1281. "
    "doi:10.2106/00004623-199309000-00003"
)

LesionCount = Literal["solitary", "multiple"]
Appearance = Literal["lytic", "mixed", "blastic"]
MyelomaScreen = Literal["normal", "abnormal"]
ImagingFinding = Literal["chest_xray", "ct", "none"]

LESION_COUNTS: dict[str, str] = {
    "solitary": "one lesion (solitary)",
    "multiple": "several lesions",
}
APPEARANCES: dict[str, str] = {
    "lytic": "lytic (bone destroyed)",
    "mixed": "mixed lytic and blastic",
    "blastic": "blastic (dense new bone)",
}
MYELOMA_SCREENS: dict[str, str] = {
    "normal": "normal",
    "abnormal": "abnormal (a monoclonal protein or abnormal light chains)",
}
IMAGING_FINDINGS: dict[str, str] = {
    "chest_xray": "chest X-ray shows a lung mass",
    "ct": "CT shows a likely primary (for example a kidney mass)",
    "none": "no primary found",
}

#: Node id -> (x center, y center, width, height, text). Coordinates of a 10.6 x 12 drawing.
NODES: dict[str, tuple[float, float, float, float, str]] = {
    "history": (
        3.3,
        11.1,
        6.4,
        1.0,
        "1. History and examination\n(breast, prostate, thyroid, kidney, skin; neurology)",
    ),
    "labs": (
        3.3,
        9.55,
        6.4,
        1.15,
        "2. Blood tests: calcium, creatinine, ALP, blood count;\n"
        "if lytic or mixed: protein electrophoresis and\nfree light chains (myeloma)",
    ),
    "myeloma": (
        8.95,
        9.55,
        3.1,
        1.15,
        "Abnormal: hematology\nwork-up for myeloma\n(bone marrow)",
    ),
    "xray": (
        3.3,
        8.0,
        6.4,
        1.0,
        "3. X-ray of the whole bone and a chest X-ray\n(the chest X-ray found 43% of primaries)",
    ),
    "ct": (
        3.3,
        6.45,
        6.4,
        1.15,
        "4. CT of chest, abdomen and pelvis (a further 28%);\n"
        "whole-skeleton imaging: bone scan (or FDG-PET/CT)\nshows one lesion or several",
    ),
    "primary": (
        1.75,
        4.15,
        3.3,
        1.5,
        "Likely primary found:\nbiopsy the safest, most\naccessible site to prove\nthe diagnosis",
    ),
    "multiple": (
        5.3,
        4.15,
        3.3,
        1.5,
        "No primary, several\nlesions: image-guided\ncore biopsy of the most\naccessible lesion",
    ),
    "solitary": (
        8.85,
        4.15,
        3.3,
        1.5,
        "No primary, one lesion:\nbiopsy planned with a\nsarcoma center, before\nany fixation",
    ),
}
#: Arrows (from, to, label).
EDGES: tuple[tuple[str, str, str], ...] = (
    ("history", "labs", ""),
    ("labs", "myeloma", "abnormal"),
    ("labs", "xray", ""),
    ("xray", "ct", ""),
    ("ct", "primary", "primary found"),
    ("ct", "multiple", "none; several lesions"),
    ("ct", "solitary", "none; one lesion"),
)
OUTCOMES = ("myeloma", "primary", "multiple", "solitary")


@dataclass(frozen=True)
class WorkupPath:
    """One path through the work-up: the nodes in order, where it ends, and teaching notes."""

    steps: tuple[str, ...]
    outcome: str
    notes: tuple[str, ...] = field(default=())

    @property
    def edges(self) -> tuple[tuple[str, str], ...]:
        return tuple(zip(self.steps, self.steps[1:], strict=False))


def _check(value: str, allowed: dict[str, str], name: str) -> None:
    if value not in allowed:
        raise ValueError(
            f"The {name} must be one of {', '.join(map(repr, allowed))}; got {value!r}."
        )


def workup_path(
    *,
    lesions: LesionCount,
    appearance: Appearance,
    myeloma_screen: MyelomaScreen = "normal",
    imaging: ImagingFinding = "none",
) -> WorkupPath:
    """The path through the work-up of a bone lesion in a patient with no known cancer.

    ``lesions`` is what whole-skeleton imaging shows; ``appearance`` is the lesion on X-ray or
    CT; ``myeloma_screen`` is the result of protein electrophoresis and free light chains (done
    for lytic or mixed lesions); ``imaging`` is what the chest X-ray and CT found.
    """
    _check(lesions, LESION_COUNTS, "number of lesions")
    _check(appearance, APPEARANCES, "appearance of the lesion")
    _check(myeloma_screen, MYELOMA_SCREENS, "myeloma screen result")
    _check(imaging, IMAGING_FINDINGS, "imaging finding")
    notes: list[str] = []
    steps = ["history", "labs"]
    if appearance in ("lytic", "mixed"):
        if myeloma_screen == "abnormal":
            notes.append(
                "Myeloma causes purely lytic lesions and is often missed by a bone scan; it is a "
                "marrow cancer, diagnosed by hematology (bone marrow), not a metastasis."
            )
            return WorkupPath((*steps, "myeloma"), "myeloma", tuple(notes))
    elif myeloma_screen == "abnormal":
        notes.append(
            "The myeloma screen is aimed at lytic lesions; for a purely blastic lesion it is not "
            "part of this path, so its result is ignored here."
        )
    steps += ["xray", "ct"]
    if imaging == "chest_xray":
        notes.append(
            "Lung cancer is the commonest hidden primary; in Rougraff's study the chest X-ray "
            "found the primary in 43% of patients. CT then stages the disease."
        )
    if imaging in ("chest_xray", "ct"):
        notes.append(
            "Tissue proves the diagnosis: biopsy the site that is safest and easiest to reach, "
            "the primary or a bone lesion."
        )
        if lesions == "solitary":
            notes.append(
                "The bone lesion is solitary: if it needs an operation, its own histology should "
                "be known first, because a solitary lesion can be a second tumor or a primary "
                "bone sarcoma."
            )
        return WorkupPath((*steps, "primary"), "primary", tuple(notes))
    if lesions == "solitary":
        notes.append(
            "A solitary lesion with no known primary may be a primary bone sarcoma. Fixing it "
            "before the diagnosis is known spreads tumor along the bone, so the biopsy is planned "
            "with (or done at) a sarcoma center, and the biopsy tract is placed so that it can be "
            "removed later."
        )
        return WorkupPath((*steps, "solitary"), "solitary", tuple(notes))
    notes.append(
        "With several lesions, metastases are likely: a CT-guided core needle biopsy of the most "
        "accessible lesion gives the histology; stains on the biopsy point to the origin. In "
        "Rougraff's study the biopsy alone identified the primary in 35%."
    )
    return WorkupPath((*steps, "multiple"), "multiple", tuple(notes))


# ----------------------------------------------------------------------------------------------
# Drawing
# ----------------------------------------------------------------------------------------------

_PATH_COLOR = PALETTE["blue"]
_END_COLOR = PALETTE["vermillion"]


def _anchor(node: str, side: str) -> tuple[float, float]:
    x, y, w, h, _ = NODES[node]
    return {
        "top": (x, y + h / 2),
        "bottom": (x, y - h / 2),
        "left": (x - w / 2, y),
        "right": (x + w / 2, y),
    }[side]


def _edge_points(a: str, b: str) -> tuple[tuple[float, float], tuple[float, float]]:
    if b == "myeloma":
        return _anchor(a, "right"), _anchor(b, "left")
    start = _anchor(a, "bottom")
    end = _anchor(b, "top")
    return start, end


@dataclass
class WorkupArtists:
    """The drawn pathway: per node a dimming overlay and a highlight frame, per edge an arrow."""

    ax: Axes
    dim: dict[str, FancyBboxPatch]
    frames: dict[str, FancyBboxPatch]
    arrows: dict[tuple[str, str], FancyArrowPatch]

    @property
    def animated(self) -> list:
        """Everything :meth:`show_path` changes (for fast redrawing)."""
        return [*self.dim.values(), *self.frames.values(), *self.arrows.values()]

    def show_path(self, path: WorkupPath) -> None:
        """Highlight the nodes and arrows of ``path``; dim and hatch the others."""
        on = set(path.steps)
        for node in NODES:
            self.dim[node].set_visible(node not in on)
            frame = self.frames[node]
            frame.set_visible(node in on)
            frame.set_edgecolor(_END_COLOR if node == path.outcome else _PATH_COLOR)
            frame.set_linewidth(3.2 if node == path.outcome else 2.4)
        on_edges = set(path.edges)
        for edge, arrow in self.arrows.items():
            arrow.set_visible(edge in on_edges)


def draw_workup(ax: Axes, path: WorkupPath | None = None) -> WorkupArtists:
    """Draw the work-up pathway on ``ax``; highlight ``path`` if given."""
    ax.set_xlim(0, 10.6)
    ax.set_ylim(3.1, 11.75)
    ax.axis("off")
    dim: dict[str, FancyBboxPatch] = {}
    frames: dict[str, FancyBboxPatch] = {}
    for node, (x, y, w, h, text) in NODES.items():
        box = {"boxstyle": "round,pad=0,rounding_size=0.15"}
        ax.add_patch(
            FancyBboxPatch(
                (x - w / 2, y - h / 2), w, h, **box, facecolor="white", edgecolor="#999999",
                lw=1.0, zorder=2,
            )
        )  # fmt: skip
        ax.text(x, y, text, ha="center", va="center", fontsize=8.3, zorder=3, linespacing=1.25)
        dim[node] = FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, **box, facecolor=(1, 1, 1, 0.55),
            edgecolor="#D2D2D2", hatch="///", lw=0.0, zorder=4,
        )  # fmt: skip
        frames[node] = FancyBboxPatch(
            (x - w / 2, y - h / 2), w, h, **box, facecolor="none", edgecolor=_PATH_COLOR,
            lw=2.4, zorder=5,
        )  # fmt: skip
        ax.add_patch(dim[node])
        ax.add_patch(frames[node])
    arrows: dict[tuple[str, str], FancyArrowPatch] = {}
    for a, b, label in EDGES:
        start, end = _edge_points(a, b)
        ax.add_patch(
            FancyArrowPatch(
                start, end, arrowstyle="-|>", mutation_scale=11, color="#999999", lw=1.0,
                zorder=1,
            )
        )  # fmt: skip
        arrows[(a, b)] = FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=14, color=_PATH_COLOR, lw=2.4, zorder=6
        )
        ax.add_patch(arrows[(a, b)])
        if label:
            mx, my = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            ax.text(
                mx + (0.0 if b == "myeloma" else 0.1),
                my + (0.12 if b == "myeloma" else 0.0),
                label,
                fontsize=7.5,
                ha="center" if b == "myeloma" else "left",
                va="bottom" if b == "myeloma" else "center",
                color="#333333",
                zorder=7,
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none"},
            )
    artists = WorkupArtists(ax, dim, frames, arrows)
    if path is not None:
        artists.show_path(path)
    ax.set_title("Bone lesion, no known cancer: the work-up (schematic)", fontsize=11)
    return artists


def workup_figure(path: WorkupPath | None = None) -> Figure:
    """The pathway as a standalone figure (all nodes neutral when ``path`` is None)."""
    fig = new_figure(width_in=8.6, height_in=6.4)
    with course_style():
        ax = fig.add_subplot()
        artists = draw_workup(ax, path)
        if path is None:
            for patch in (*artists.dim.values(), *artists.frames.values()):
                patch.set_visible(False)
            for arrow in artists.arrows.values():
                arrow.set_visible(False)
    return fig


#: Rougraff 1993 (40 patients): share in which each step identified the occult primary.
ROUGRAFF_YIELD: tuple[tuple[str, float], ...] = (
    ("history and examination", 8.0),
    ("chest X-ray", 43.0),
    ("CT of the chest (further)", 15.0),
    ("CT of abdomen and pelvis (further)", 13.0),
)
ROUGRAFF_OVERALL = 85.0
ROUGRAFF_BIOPSY_ALONE = 35.0


def rougraff_yield_figure() -> Figure:
    """Which step of the work-up found the hidden primary (Rougraff 1993, 40 patients)."""
    fig = new_figure(width_in=8.0, height_in=3.8)
    with course_style():
        ax = fig.add_subplot()
        labels = [name for name, _ in ROUGRAFF_YIELD]
        values = [value for _, value in ROUGRAFF_YIELD]
        labels += ["whole strategy (all steps)", "bone biopsy alone"]
        values += [ROUGRAFF_OVERALL, ROUGRAFF_BIOPSY_ALONE]
        colors = [SERIES[0]] * len(ROUGRAFF_YIELD) + [SERIES[2], SERIES[1]]
        hatches = [HATCHES[0]] * len(ROUGRAFF_YIELD) + [HATCHES[1], HATCHES[2]]
        y = list(range(len(labels)))[::-1]
        bars = ax.barh(y, values, color=colors, edgecolor="black", lw=0.6)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        for yy, value in zip(y, values, strict=True):
            ax.text(value + 1, yy, f"{value:.0f}%", va="center", fontsize=9)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, 100)
        ax.set_xlabel("Patients in whom this identified the primary cancer (%)")
        ax.axhline(1.5, color="#777777", lw=0.8, ls="--")
        ax.set_title(
            "Which step found the hidden primary? (Rougraff 1993, 40 patients)", fontsize=11
        )
        ax.grid(axis="y", visible=False)
        ax.set_axisbelow(True)
    return fig
