"""Trial evidence for local treatment (Module 5), redrawn from the numbers in a data table.

The numbers live in ``assets/data/local_treatment_trials.csv``, one row per arm and endpoint, each
with its source, DOI or PMID and verification status. :func:`load_local_trials` reads them;
the plotting functions take those rows (data in) and return a standalone Figure. No figure is
copied from a paper: each is drawn here from the published headline numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure

from course.paths import data_file
from course.plotting.style import HATCHES, LINESTYLES, MARKERS, SERIES, course_style, new_figure

TRIALS_CSV = "local_treatment_trials.csv"
REQUIRED_COLUMNS = (
    "id",
    "topic",
    "study",
    "comparison",
    "endpoint",
    "arm",
    "value",
    "unit",
    "time_weeks",
    "source",
    "doi_or_pmid",
    "verified",
    "notes",
)

Row = Mapping[str, str]


def load_local_trials() -> dict[str, dict[str, str]]:
    """Rows of the trial table keyed by their ``id``, in file order."""
    with data_file(TRIALS_CSV).open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise ValueError(f"{TRIALS_CSV} lacks the column(s) {missing}.")
        return {row["id"]: row for row in reader}


def _value(rows: Mapping[str, Row], key: str) -> float:
    try:
        return float(rows[key]["value"])
    except KeyError:
        raise ValueError(f"The trial table has no row {key!r}.") from None


def plot_two_arm_comparison(
    groups: Sequence[tuple[str, float, float]],
    *,
    legend: tuple[str, str],
    title: str,
    ylabel: str,
    unit: str = "%",
    ymax: float | None = None,
    width_in: float = 7.0,
) -> Figure:
    """Paired bars, one pair per group, each bar labelled with its value.

    Args:
        groups: ``(group label, first arm value, second arm value)`` for each pair.
        legend: names of the first and second arm (the same role in every group).
        title, ylabel: figure title and y-axis label (with the unit).
        unit: printed after each value label (``"%"``, ``" days"``, ``" mL"``).
        ymax: upper y limit (default: 15 % above the largest value).
    """
    if not groups:
        raise ValueError("Give at least one group of two values to compare.")
    fig = new_figure(width_in=width_in, height_in=3.8)
    with course_style():
        ax = fig.add_subplot()
        width = 0.36
        for k, name in enumerate(legend):
            xs = [i + (k - 0.5) * width for i in range(len(groups))]
            values = [g[1 + k] for g in groups]
            bars = ax.bar(
                xs,
                values,
                width=width,
                color=SERIES[k],
                hatch=HATCHES[k],
                edgecolor="#333333",
                linewidth=0.6,
                label=name,
            )
            for rect, value in zip(bars.patches, values, strict=True):
                ax.annotate(
                    f"{value:g}{unit}",
                    (rect.get_x() + rect.get_width() / 2, rect.get_height()),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=9,
                )
        ax.set_xticks(range(len(groups)), [g[0] for g in groups], fontsize=9)
        top = max(max(g[1], g[2]) for g in groups)
        ax.set_ylim(0, ymax if ymax is not None else top * 1.18)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(axis="x", visible=False)
        ax.legend(loc="upper right")
    return fig


def plot_single_vs_multiple(rows: Mapping[str, Row] | None = None) -> Figure:
    """Pain response and retreatment after a single fraction versus multiple fractions."""
    rows = rows if rows is not None else load_local_trials()
    groups = [
        (
            "Overall pain response\n(Chow 2012, 25 RCTs)",
            _value(rows, "chow2012-orr-sf"),
            _value(rows, "chow2012-orr-mf"),
        ),
        (
            "Complete pain response\n(Chow 2012, 25 RCTs)",
            _value(rows, "chow2012-cr-sf"),
            _value(rows, "chow2012-cr-mf"),
        ),
        (
            "Retreatment\n(Rich 2018, 29 RCTs)",
            _value(rows, "rich2018-retreat-sf"),
            _value(rows, "rich2018-retreat-mf"),
        ),
    ]
    return plot_two_arm_comparison(
        groups,
        legend=("single fraction (8 Gy x 1)", "multiple fractions"),
        title="Single versus multiple fractions for painful bone metastases",
        ylabel="Patients (%)",
        ymax=80,
    )


def plot_sbrt_trials(rows: Mapping[str, Row] | None = None) -> Figure:
    """SC.24 (24 Gy / 2 beat 20 Gy / 5) and RTOG 0631 (16-18 Gy x 1 did not beat 8 Gy x 1)."""
    rows = rows if rows is not None else load_local_trials()
    groups = [
        (
            "SC.24: SBRT 24 Gy / 2 vs 20 Gy / 5\ncomplete pain response at 3 months",
            _value(rows, "sc24-cr-sbrt"),
            _value(rows, "sc24-cr-conv"),
        ),
        (
            "RTOG 0631: SRS 16-18 Gy x 1 vs 8 Gy x 1\npain response at 3 months",
            _value(rows, "rtog0631-pr-srs"),
            _value(rows, "rtog0631-pr-conv"),
        ),
    ]
    return plot_two_arm_comparison(
        groups,
        legend=("stereotactic arm", "conventional arm"),
        title="Two trials of stereotactic radiotherapy for spinal metastases",
        ylabel="Patients (%)",
        ymax=80,
    )


def plot_patchell(rows: Mapping[str, Row] | None = None) -> Figure:
    """Walking after decompressive surgery plus radiotherapy versus radiotherapy alone."""
    rows = rows if rows is not None else load_local_trials()
    groups = [
        (
            "Able to walk after treatment\n(all 101 patients)",
            _value(rows, "patchell-walk-surg"),
            _value(rows, "patchell-walk-rt"),
        ),
        (
            "Regained walking\n(32 not walking at entry)",
            _value(rows, "patchell-regain-surg"),
            _value(rows, "patchell-regain-rt"),
        ),
    ]
    return plot_two_arm_comparison(
        groups,
        legend=("surgery + radiotherapy", "radiotherapy alone"),
        title="Patchell 2005: decompression for spinal cord compression",
        ylabel="Patients (%)",
        ymax=100,
        width_in=6.5,
    )


def plot_ablation_pain(rows: Mapping[str, Row] | None = None) -> Figure:
    """Mean worst pain over time after radiofrequency ablation and after cryoablation."""
    rows = rows if rows is not None else load_local_trials()
    series = {}
    for row in rows.values():
        if row["topic"] == "ablation":
            series.setdefault(row["study"], []).append(
                (float(row["time_weeks"]), float(row["value"]))
            )
    if not series:
        raise ValueError("The trial table has no ablation rows.")
    fig = new_figure(width_in=6.5, height_in=3.8)
    with course_style():
        ax = fig.add_subplot()
        for k, (study, points) in enumerate(sorted(series.items())):
            points.sort()
            ax.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                color=SERIES[k],
                marker=MARKERS[k],
                linestyle=LINESTYLES[k],
                label=study,
            )
        ax.set_xlabel("Weeks after the procedure")
        ax.set_ylabel("Mean worst pain (0-10 scale)")
        ax.set_ylim(0, 10)
        ax.set_xlim(-1, 25)
        ax.set_title("Pain after image-guided thermal ablation (single-arm trials)")
        ax.legend(loc="upper right")
    return fig
