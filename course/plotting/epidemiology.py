"""Which cancers spread to bone, and how long patients live afterwards: Coleman's table as a chart.

The data are the frequently reproduced table of Coleman (2001): the incidence of bone metastases
in *advanced* disease (largely autopsy series of patients with metastatic or terminal disease, not
all newly diagnosed patients) and the median survival from the diagnosis of bone metastasis, each
given as a range. The course has checked these figures only through secondary reproductions of the
table (marked ``secondary`` in the data file), so lessons cite them as such.

The table lives in ``assets/data/bone_metastasis_incidence.csv`` (one row per primary, ranges as
low/high columns, a ``source`` and a ``verified`` column on every row). :func:`load_incidence_table`
reads and checks it; :func:`incidence_survival_chart` draws it as horizontal range bars, sorted,
labelled with their values, with markers and hatching so that nothing depends on color.

Pure: data in, Figure out (matplotlib only, no pyplot state).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from course.paths import data_file
from course.plotting.style import PALETTE, course_style, new_figure

REFERENCE = (
    "Coleman RE. Metastatic bone disease: clinical features, pathophysiology and treatment "
    "strategies. Cancer Treat Rev 2001;27(3):165-176 [figures checked via secondary reproductions, "
    "e.g. Macedo F et al. Oncol Rev 2017;11:321, doi:10.4081/oncol.2017.321]"
)
DATA_FILE = "bone_metastasis_incidence.csv"
VERIFIED_VALUES = ("yes", "secondary", "unverified")
_NUMBER_COLUMNS = (
    "incidence_low_pct",
    "incidence_high_pct",
    "survival_low_months",
    "survival_high_months",
)


@dataclass(frozen=True)
class IncidenceRow:
    """One primary cancer of Coleman's table (ranges as low/high; equal when one value is given)."""

    primary: str
    label: str
    incidence_low_pct: float
    incidence_high_pct: float
    survival_low_months: float
    survival_high_months: float
    source: str
    doi_or_pmid: str
    verified: str
    notes: str = ""

    @property
    def incidence_text(self) -> str:
        return _range_text(self.incidence_low_pct, self.incidence_high_pct, "%")

    @property
    def survival_text(self) -> str:
        return _range_text(self.survival_low_months, self.survival_high_months, " months")

    @property
    def incidence_mid_pct(self) -> float:
        return (self.incidence_low_pct + self.incidence_high_pct) / 2


def _range_text(low: float, high: float, unit: str) -> str:
    if low == high:
        return f"{low:g}{unit}"
    return f"{low:g}\u2013{high:g}{unit}"


def _number(raw: str, column: str, where: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{where}: {column} must be a number, not {raw!r}.") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{where}: {column} must be a finite number >= 0, not {raw!r}.")
    return value


def parse_incidence_rows(records: Sequence[dict[str, str]]) -> tuple[IncidenceRow, ...]:
    """Check raw CSV records and return them as rows (errors name the row and the column)."""
    rows = []
    for n, rec in enumerate(records, start=1):
        where = f"{DATA_FILE} row {n} ({rec.get('primary', '?')})"
        for key in ("primary", "label", "source", "verified"):
            if not (rec.get(key) or "").strip():
                raise ValueError(f"{where}: the column {key!r} is empty; every row needs it.")
        if rec["verified"] not in VERIFIED_VALUES:
            raise ValueError(
                f"{where}: verified is {rec['verified']!r}; "
                f"use one of {', '.join(VERIFIED_VALUES)}."
            )
        values = {c: _number(rec.get(c, ""), c, where) for c in _NUMBER_COLUMNS}
        if values["incidence_low_pct"] > values["incidence_high_pct"]:
            raise ValueError(f"{where}: the incidence range is reversed (low > high).")
        if values["incidence_high_pct"] > 100:
            raise ValueError(f"{where}: an incidence cannot exceed 100%.")
        if values["survival_low_months"] > values["survival_high_months"]:
            raise ValueError(f"{where}: the survival range is reversed (low > high).")
        rows.append(
            IncidenceRow(
                primary=rec["primary"].strip(),
                label=rec["label"].strip(),
                source=rec["source"].strip(),
                doi_or_pmid=(rec.get("doi_or_pmid") or "").strip(),
                verified=rec["verified"].strip(),
                notes=(rec.get("notes") or "").strip(),
                **values,
            )
        )
    primaries = [r.primary for r in rows]
    if len(set(primaries)) != len(primaries):
        raise ValueError(f"{DATA_FILE}: each primary may appear only once.")
    return tuple(rows)


def load_incidence_table(path: Path | str | None = None) -> tuple[IncidenceRow, ...]:
    """Read Coleman's table from ``assets/data`` (or ``path``) and check every row."""
    csv_path = Path(path) if path is not None else data_file(DATA_FILE)
    with csv_path.open(newline="", encoding="utf-8") as fh:
        return parse_incidence_rows(list(csv.DictReader(fh)))


SortKey = Literal["incidence", "survival"]


def _sorted(rows: Sequence[IncidenceRow], sort_by: SortKey) -> list[IncidenceRow]:
    if sort_by == "incidence":
        return sorted(rows, key=lambda r: (-r.incidence_mid_pct, -r.incidence_high_pct, r.label))
    if sort_by == "survival":
        mid = lambda r: (r.survival_low_months + r.survival_high_months) / 2  # noqa: E731
        return sorted(rows, key=lambda r: (-mid(r), r.label))
    raise ValueError(f"sort_by must be 'incidence' or 'survival', not {sort_by!r}.")


def incidence_survival_chart(
    rows: Sequence[IncidenceRow],
    *,
    sort_by: SortKey = "incidence",
    width_in: float = 9.4,
    height_in: float = 4.9,
) -> Figure:
    """Two panels of horizontal range bars: incidence in advanced disease, and median survival.

    Primaries are sorted (highest first) by the midpoint of their incidence range (or of their
    survival range with ``sort_by="survival"``) and share the same rows in both panels. Each bar
    spans low to high and carries its value as text; where the source gives a single value the
    bar is a thin sliver with a diamond marker, explained in the legend. Myeloma, a primary marrow
    malignancy rather than a metastasis, is marked with an asterisk and hatched.
    """
    if not rows:
        raise ValueError("The chart needs at least one row of data.")
    ordered = _sorted(rows, sort_by)
    names = [f"{r.label}*" if r.primary == "myeloma" else r.label for r in ordered]
    y = list(range(len(ordered)))[::-1]  # first row at the top

    fig = new_figure(width_in=width_in, height_in=height_in)
    with course_style():  # axes read the style when they are created and drawn
        ax_inc, ax_surv = fig.subplots(1, 2, sharey=True, gridspec_kw={"width_ratios": [1.0, 0.85]})
        panels = (
            (
                ax_inc,
                [(r.incidence_low_pct, r.incidence_high_pct, r.incidence_text) for r in ordered],
                PALETTE["blue"],
                "Bone metastases in advanced disease (% of patients)",
                (0, 100),
                "Incidence in advanced disease",
            ),
            (
                ax_surv,
                [(r.survival_low_months, r.survival_high_months, r.survival_text) for r in ordered],
                PALETTE["orange"],
                "Median survival after bone metastasis (months)",
                (0, 66),
                "Survival after bone metastasis",
            ),
        )
        for ax, values, color, xlabel, xlim, title in panels:
            span = xlim[1] - xlim[0]
            sliver = span * 0.008
            lefts = [lo for lo, _hi, _t in values]
            widths = [max(hi - lo, sliver) for lo, hi, _t in values]
            hatches = ["//" if r.primary == "myeloma" else "" for r in ordered]
            bars = ax.barh(
                y, widths, left=lefts, height=0.56, color=color, edgecolor="#222222", linewidth=0.7
            )
            for bar, hatch in zip(bars, hatches, strict=True):
                bar.set_hatch(hatch or None)
                bar.set_hatchcolor("white")
            for yi, (lo, hi, text) in zip(y, values, strict=True):
                if lo == hi:
                    ax.plot([lo], [yi], marker="D", color="#222222", markersize=6, zorder=3)
                gap = span * (0.035 if lo == hi else 0.018)
                ax.text(hi + gap, yi, text, va="center", ha="left", fontsize=9)
            ax.set_xlim(*xlim)
            ax.set_xlabel(xlabel)
            ax.set_title(title, fontsize=11)
            ax.grid(axis="y", visible=False)
            ax.set_axisbelow(True)
        ax_inc.set_yticks(y, names)
        ax_inc.set_ylabel("Primary cancer")
        ax_inc.tick_params(axis="y", length=0)
        ax_surv.tick_params(axis="y", length=0)
        fig.suptitle(
            "Which cancers spread to bone, and how long patients live afterwards (Coleman 2001)",
            fontsize=12,
            fontweight="bold",
        )
        handles = [
            Patch(facecolor="#BBBBBB", edgecolor="#222222", label="range reported (low to high)"),
            Line2D([], [], marker="D", color="#222222", linestyle="none", label="single value"),
            Patch(
                facecolor="#BBBBBB",
                edgecolor="#222222",
                hatch="//",
                label="*myeloma: a primary marrow cancer, not a metastasis",
            ),
        ]
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=3,
            fontsize=8.5,
            title="Advanced disease = metastatic or terminal disease (largely autopsy series), "
            "not all patients. Values as reproduced in secondary sources.",
            title_fontsize=8.5,
        )
    return fig


__all__ = [
    "DATA_FILE",
    "REFERENCE",
    "IncidenceRow",
    "incidence_survival_chart",
    "load_incidence_table",
    "parse_incidence_rows",
]
