"""Figures for the prognosis lesson (notebook 6.3): survival by primary and score bands.

- :func:`survival_by_primary_figure` draws survival after a bone metastasis by primary cancer in
  two panels: the median survival ranges of Coleman's frequently reproduced table (Coleman 2001,
  checked through secondary reproductions; read from ``assets/data/bone_metastasis_incidence.csv``,
  which module 1 owns) and contemporary population figures (Svensson 2017, Denmark; Zhang 2023,
  SEER; read from ``assets/data/survival_by_primary.csv``).
- :func:`score_band_figure` draws a prognostic score's range as labelled bands with a marker at
  the patient's total; :func:`update_score_band` moves the marker in place (for the calculator
  widgets of the revised Tokuhashi and new Katagiri scores).

Pure matplotlib (data in, Figure out) plus CSV readers through ``course.paths``; no pyplot state.
Every band and series pairs its color with a hatch and a text label. For education only, not for
clinical decisions.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from course.paths import data_file
from course.plotting.style import PALETTE, course_style, new_figure

__all__ = [
    "MEDIAN_SURVIVAL_FILE",
    "CONTEMPORARY_SURVIVAL_FILE",
    "MedianSurvival",
    "SurvivalFigure",
    "ScoreBand",
    "ScoreBandArtists",
    "load_median_survival",
    "load_contemporary_survival",
    "survival_by_primary_figure",
    "score_band_figure",
    "update_score_band",
]

#: Coleman's table (module 1's data file; read only).
MEDIAN_SURVIVAL_FILE = "bone_metastasis_incidence.csv"
#: Contemporary population-based survival figures (this module's data file).
CONTEMPORARY_SURVIVAL_FILE = "survival_by_primary.csv"
_VERIFIED = ("yes", "secondary", "unverified")


@dataclass(frozen=True)
class MedianSurvival:
    """Median survival from the diagnosis of bone metastasis for one primary (Coleman 2001)."""

    primary: str
    label: str
    low_months: float
    high_months: float
    source: str
    verified: str
    notes: str

    @property
    def text(self) -> str:
        low, high = f"{self.low_months:g}", f"{self.high_months:g}"
        return f"{low} mo" if low == high else f"{low}-{high} mo"


@dataclass(frozen=True)
class SurvivalFigure:
    """One contemporary survival percentage (a primary, a measure and its population)."""

    primary: str
    label: str
    measure: str
    percent: float
    population: str
    source: str
    doi_or_pmid: str
    verified: str


def _read(path: Path, required: Sequence[str]) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{path.name} lacks the column(s) {missing}.")
        rows = list(reader)
    if not rows:
        raise ValueError(f"{path.name} has no rows.")
    for n, row in enumerate(rows, start=2):
        if not (row.get("source") or "").strip():
            raise ValueError(f"{path.name} line {n}: every row needs a source.")
        if row.get("verified") not in _VERIFIED:
            raise ValueError(f"{path.name} line {n}: verified must be one of {_VERIFIED}.")
    return rows


def _number(row: dict[str, str], column: str, name: str) -> float:
    try:
        value = float(row[column])
    except (TypeError, ValueError):
        raise ValueError(f"{name}: {column} must be a number, got {row[column]!r}.") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name}: {column} must be a finite number >= 0, got {value}.")
    return value


def load_median_survival(path: Path | str | None = None) -> tuple[MedianSurvival, ...]:
    """Read Coleman's median survival ranges (``bone_metastasis_incidence.csv``)."""
    csv_path = Path(path) if path is not None else data_file(MEDIAN_SURVIVAL_FILE)
    rows = _read(
        csv_path,
        ("primary", "label", "survival_low_months", "survival_high_months", "source", "verified"),
    )
    out = []
    for row in rows:
        low = _number(row, "survival_low_months", csv_path.name)
        high = _number(row, "survival_high_months", csv_path.name)
        if high < low:
            raise ValueError(f"{csv_path.name}: {row['primary']} has high < low survival.")
        out.append(
            MedianSurvival(
                primary=row["primary"],
                label=row["label"],
                low_months=low,
                high_months=high,
                source=row["source"],
                verified=row["verified"],
                notes=row.get("notes") or "",
            )
        )
    return tuple(out)


def load_contemporary_survival(path: Path | str | None = None) -> tuple[SurvivalFigure, ...]:
    """Read the contemporary survival percentages (``survival_by_primary.csv``)."""
    csv_path = Path(path) if path is not None else data_file(CONTEMPORARY_SURVIVAL_FILE)
    rows = _read(
        csv_path,
        ("primary", "label", "measure", "percent", "population", "source", "verified"),
    )
    out = []
    for row in rows:
        percent = _number(row, "percent", csv_path.name)
        if percent > 100:
            raise ValueError(f"{csv_path.name}: percent must be at most 100, got {percent}.")
        out.append(
            SurvivalFigure(
                primary=row["primary"],
                label=row["label"],
                measure=row["measure"],
                percent=percent,
                population=row["population"],
                source=row["source"],
                doi_or_pmid=row.get("doi_or_pmid") or "",
                verified=row["verified"],
            )
        )
    return tuple(out)


#: How each contemporary measure is drawn: (short legend text, color, hatch).
_MEASURE_STYLE = {
    "1-year survival after bone metastasis": (
        "alive at 1 year (Denmark; Svensson 2017)",
        PALETTE["blue"],
        "",
    ),
    "5-year survival after bone metastasis": (
        "alive at 5 years (Denmark; Svensson 2017)",
        PALETTE["sky"],
        "..",
    ),
    "5-year survival, bone-only metastases at diagnosis": (
        "alive at 5 years, bone-only metastases\nat diagnosis (US SEER; Zhang 2023)",
        PALETTE["orange"],
        "//",
    ),
}


def survival_by_primary_figure(
    median_rows: Sequence[MedianSurvival] | None = None,
    contemporary_rows: Sequence[SurvivalFigure] | None = None,
) -> Figure:
    """Survival after bone metastasis by primary: Coleman's medians and contemporary figures.

    Left: median survival ranges in months (range bars with end caps; a single value is a
    diamond), sorted from longest to shortest, each labelled with its value. Right: percentages
    alive at 1 or 5 years, each bar labelled with its value and its measure (color + hatch +
    legend text). Sources are printed under each panel. With no arguments the course's data
    files are read.
    """
    medians = list(median_rows if median_rows is not None else load_median_survival())
    recent = list(
        contemporary_rows if contemporary_rows is not None else load_contemporary_survival()
    )
    if not medians or not recent:
        raise ValueError("survival_by_primary_figure needs at least one row in each table.")
    medians.sort(key=lambda r: (r.low_months + r.high_months) / 2)
    fig = new_figure(width_in=10.0, height_in=4.9)
    with course_style():
        left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.35, 1.0]})
        for y, row in enumerate(medians):
            if row.high_months > row.low_months:
                left.hlines(y, row.low_months, row.high_months, color=PALETTE["blue"], linewidth=5)
                left.plot(
                    [row.low_months, row.high_months],
                    [y, y],
                    linestyle="none",
                    marker="|",
                    markersize=12,
                    color="black",
                )
            else:
                left.plot(
                    row.low_months,
                    y,
                    marker="D",
                    markersize=8,
                    color=PALETTE["vermillion"],
                    markeredgecolor="black",
                    linestyle="none",
                )
            left.text(row.high_months + 1.2, y, row.text, va="center", fontsize=8.5)
        left.set_yticks(range(len(medians)))
        left.set_yticklabels([r.label for r in medians])
        left.set_xlim(0, 62)
        left.set_ylim(-0.6, len(medians) - 0.4)
        left.set_xlabel("Median survival from diagnosis of bone metastasis (months)")
        left.set_title("Older series: median survival", fontsize=11)
        left.legend(
            handles=[
                Line2D([], [], color=PALETTE["blue"], linewidth=5, label="range of medians"),
                Line2D(
                    [],
                    [],
                    color=PALETTE["vermillion"],
                    marker="D",
                    linestyle="none",
                    markeredgecolor="black",
                    label="single value",
                ),
            ],
            loc="lower right",
            fontsize=8,
        )
        left.text(
            0.0,
            -0.2,
            "Source: Coleman 2001 (checked via secondary reproductions,\n"
            "e.g. Macedo 2017). Myeloma is a marrow cancer, not a metastasis.",
            transform=left.transAxes,
            fontsize=7.5,
            va="top",
            color="#333333",
        )

        labels = [f"{r.label}" for r in recent]
        ys = list(range(len(recent)))[::-1]
        seen: set[str] = set()
        for y, row in zip(ys, recent, strict=True):
            legend, color, hatch = _MEASURE_STYLE.get(row.measure, (row.measure, "#999999", "xx"))
            right.barh(
                y,
                row.percent,
                height=0.6,
                color=color,
                edgecolor="black",
                hatch=hatch,
                linewidth=0.6,
                label=None if legend in seen else legend,
            )
            seen.add(legend)
            right.text(row.percent + 1.5, y, f"{row.percent:g}%", va="center", fontsize=8.5)
        right.set_yticks(ys)
        right.set_yticklabels(labels)
        right.set_xlim(0, 100)
        right.set_ylim(-0.7, len(recent) + 1.9)
        right.set_xlabel("Patients alive (%)")
        right.set_title("Population data: percent alive", fontsize=11)
        right.legend(loc="upper right", fontsize=7.5)
        right.text(
            0.0,
            -0.2,
            "Sources: Svensson 2017 (Denmark, 17,251 patients, 1994-2012);\n"
            "Zhang 2023 (US SEER, bone-only metastases at diagnosis).",
            transform=right.transAxes,
            fontsize=7.5,
            va="top",
            color="#333333",
        )
        fig.suptitle("Survival after a bone metastasis depends on the primary cancer")
    return fig


# ---------------------------------------------------------------------------------------------
# Score bands (calculator widgets)
# ---------------------------------------------------------------------------------------------

#: Band fills from the worst band to the best, each with its own hatch.
_BAND_STYLES = (
    ("#F6C9AE", "xx"),
    ("#FBE3B5", "//"),
    ("#CDE8DC", ".."),
)


@dataclass(frozen=True)
class ScoreBand:
    """One interpretation band of a score: totals ``low``-``high`` and the text shown in it."""

    low: int
    high: int
    text: str


@dataclass
class ScoreBandArtists:
    """The artists of a score-band figure that :func:`update_score_band` changes."""

    fig: Figure
    ax: Axes
    marker: Line2D
    label: Text
    max_total: int

    @property
    def dynamic(self) -> list[Artist]:
        return [self.marker, self.label]


def score_band_figure(
    *,
    title: str,
    xlabel: str,
    bands: Sequence[ScoreBand],
    max_total: int,
    worst_first: bool = True,
) -> ScoreBandArtists:
    """A horizontal scale 0..``max_total`` split into labelled bands, with a total marker.

    Args:
        title: figure title (the score's name).
        xlabel: axis label (e.g. "Revised Tokuhashi total (points)").
        bands: the bands in order of increasing total; together they must cover 0..max_total.
        max_total: the highest possible total.
        worst_first: True if the lowest totals carry the worst prognosis (Tokuhashi); False if
            the highest totals do (Katagiri). Sets which band gets which fill and hatch.
    """
    if not bands:
        raise ValueError("score_band_figure needs at least one band.")
    expected = 0
    for band in bands:
        if band.low != expected or band.high < band.low:
            raise ValueError("bands must be contiguous from 0 and in increasing order.")
        expected = band.high + 1
    if expected - 1 != max_total:
        raise ValueError(f"bands must end at max_total={max_total}.")
    styles = list(_BAND_STYLES[: len(bands)])
    if not worst_first:
        styles = styles[::-1]
    fig = new_figure(width_in=8.4, height_in=2.5)
    with course_style():
        ax = fig.add_subplot(1, 1, 1)
        for band, (face, hatch) in zip(bands, styles, strict=True):
            ax.add_patch(
                Rectangle(
                    (band.low - 0.5, 0.0),
                    band.high - band.low + 1,
                    1.0,
                    facecolor=face,
                    edgecolor="#555555",
                    hatch=hatch,
                    linewidth=1.0,
                )
            )
            ax.text(
                (band.low + band.high) / 2,
                0.5,
                band.text,
                ha="center",
                va="center",
                fontsize=8.5,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none"},
            )
        (marker,) = ax.plot(
            [0],
            [1.12],
            marker="v",
            markersize=14,
            color=PALETTE["black"],
            linestyle="none",
            clip_on=False,
        )
        label = ax.text(0, 1.32, "", ha="center", va="bottom", fontsize=10, fontweight="bold")
        ax.set_xlim(-0.5, max_total + 0.5)
        ax.set_ylim(0, 1.7)
        ax.set_yticks([])
        ax.set_xticks(range(max_total + 1))
        ax.set_xlabel(xlabel)
        ax.grid(False)
        ax.spines["left"].set_visible(False)
        ax.set_title(title)
    return ScoreBandArtists(fig=fig, ax=ax, marker=marker, label=label, max_total=max_total)


def update_score_band(artists: ScoreBandArtists, *, total: int, text: str) -> None:
    """Move the marker to ``total`` and set the label above it."""
    if isinstance(total, bool) or not isinstance(total, int) or not 0 <= total <= artists.max_total:
        raise ValueError(
            f"total must be a whole number from 0 to {artists.max_total}; got {total!r}."
        )
    artists.marker.set_xdata([total])
    x = min(max(total, 1.2), artists.max_total - 1.2)
    artists.label.set_position((x, 1.32))
    artists.label.set_text(text)
