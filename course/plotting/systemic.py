"""Diagrams of Module 4 (systemic and bone-targeted treatment), drawn by code.

- :func:`plot_treatment_goals`: which treatments can prolong life and which relieve symptoms or
  prevent complications (course evidence sheet, medical facts 6.1).
- :func:`plot_agent_effect_on_bone`: bone mass and tumor burden over time in the remodeling
  model of Module 1, with and without an antiresorptive effect (runs are passed in as data).
- :func:`plot_annual_exposure`: how much drug a year each product delivers, which shows why
  Xgeva is not Prolia and Zometa is not Reclast (rows of ``assets/data/bone_agent_products.csv``).

Pure matplotlib: data in, Figure out; no pyplot state.
"""

from __future__ import annotations

import csv
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from course.paths import data_file
from course.plotting.style import (
    GRID,
    HATCHES,
    LINESTYLES,
    MARKERS,
    PALETTE,
    SERIES,
    course_style,
    new_figure,
)

__all__ = [
    "GOALS",
    "PRODUCTS_CSV",
    "LIFE_PROLONGING",
    "PALLIATIVE",
    "load_products",
    "plot_agent_effect_on_bone",
    "plot_annual_exposure",
    "plot_treatment_goals",
]

#: Goals of treatment for bone metastases (medical facts 6.1: Macedo 2017; Tsukamoto 2021).
GOALS: tuple[str, ...] = (
    "control pain",
    "prevent and treat skeletal-related events",
    "keep mobility, function and independence",
    "maintain quality of life",
    "prolong survival",
)
#: Treatments with an overall-survival benefit (medical facts 6.1).
LIFE_PROLONGING: tuple[str, ...] = (
    "Systemic anticancer therapy suited to the primary cancer: hormone therapy, chemotherapy, "
    "targeted therapy, immunotherapy",
    "Prostate cancer: radium-223 (ALSYMPCA) and lutetium-177-PSMA-617 (VISION)",
    "Selected patients with few metastases: local treatment of every site may prolong survival",
)
#: Treatments that relieve symptoms or prevent complications (medical facts 6.1).
PALLIATIVE: tuple[str, ...] = (
    "Bone-modifying agents (bisphosphonates, denosumab): fewer and later skeletal events",
    "Radiotherapy for bone pain",
    "Surgery, cementoplasty, ablation for fractures and unstable bone",
    "Pain medicines, physiotherapy and supportive care",
)


PRODUCTS_CSV = "bone_agent_products.csv"


def load_products(*, include_pamidronate: bool = False) -> list[dict[str, str]]:
    """Rows of ``assets/data/bone_agent_products.csv`` (each with its source and status)."""
    with data_file(PRODUCTS_CSV).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not include_pamidronate:
        rows = [r for r in rows if r["drug"] != "pamidronate"]
    return rows


def _box(ax, x, y, w, h, *, face, linestyle, title, items, width_chars):
    ax.add_patch(
        FancyBboxPatch(
            (x, y),
            w,
            h,
            boxstyle="round,pad=0.01,rounding_size=0.02",
            fc=face,
            ec="0.25",
            lw=1.4,
            ls=linestyle,
        )
    )
    ax.text(
        x + 0.02,
        y + h - 0.025,
        title,
        ha="left",
        va="top",
        fontsize=10.5,
        fontweight="bold",
        color="0.05",
    )
    yy = y + h - 0.16
    for item in items:
        wrapped = textwrap.fill(item, width_chars)
        ax.text(x + 0.025, yy, "•", ha="left", va="top", fontsize=10)
        ax.text(x + 0.045, yy, wrapped, ha="left", va="top", fontsize=9.2)
        yy -= 0.058 * (wrapped.count("\n") + 1) + 0.035


def plot_treatment_goals() -> Figure:
    """Two groups of treatments (life-prolonging vs palliative or preventive) and the goals."""
    fig = Figure(figsize=(9.4, 4.3))
    with course_style():
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.axis("off")
        ax.text(
            0.015,
            0.975,
            "What each treatment for bone metastases can achieve",
            ha="left",
            va="top",
            fontsize=12,
            fontweight="bold",
        )
        _box(
            ax,
            0.015,
            0.2,
            0.465,
            0.68,
            face="#DCEEF8",
            linestyle="-",
            title=("Can prolong life\n(overall-survival benefit shown in trials)"),
            items=LIFE_PROLONGING,
            width_chars=52,
        )
        _box(
            ax,
            0.52,
            0.2,
            0.465,
            0.68,
            face="#FCEFD9",
            linestyle="--",
            title=("Relieve symptoms, prevent complications\n(no survival benefit shown)"),
            items=PALLIATIVE,
            width_chars=52,
        )
        ax.annotate(
            "",
            xy=(0.518, 0.54),
            xytext=(0.482, 0.54),
            arrowprops={"arrowstyle": "<->", "lw": 1.5, "color": "0.2"},
        )
        goals = " · ".join(GOALS)
        ax.text(
            0.5,
            0.12,
            textwrap.fill("Goals of care: " + goals, 120),
            ha="center",
            va="center",
            fontsize=9.2,
        )
        ax.text(
            0.5,
            0.045,
            "Most patients receive treatments from both groups at the same time.",
            ha="center",
            va="center",
            fontsize=9.5,
            style="italic",
        )
    return fig


def plot_agent_effect_on_bone(
    runs: Sequence[tuple[str, Sequence[float], Sequence[float], Sequence[float]]],
    *,
    treatment_start_day: float | None = None,
    model_note: str = "",
) -> Figure:
    """Bone mass (top) and tumor burden (bottom) over time for several model runs.

    ``runs`` holds ``(label, t_days, bone_mass_percent, tumor_percent)`` tuples, for example
    from :func:`course.models.remodeling.simulate_with_tumor`.
    """
    if not runs:
        raise ValueError("Give at least one run (label, days, bone mass, tumor) to draw.")
    fig = new_figure(width_in=7.6, height_in=5.4)
    with course_style():
        bone_ax, tumor_ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
        for k, (label, t, bone, tumor) in enumerate(runs):
            t = np.asarray(t, dtype=float)
            style = {
                "color": SERIES[k % len(SERIES)],
                "ls": LINESTYLES[k % len(LINESTYLES)],
                "marker": MARKERS[k % len(MARKERS)],
                "markevery": max(1, len(t) // 8),
                "ms": 6,
                "lw": 2,
            }
            bone_ax.plot(t, bone, label=label, **style)
            tumor_ax.plot(t, tumor, label=label, **style)
        for ax in (bone_ax, tumor_ax):
            ax.grid(True, color=GRID)
            if treatment_start_day is not None:
                ax.axvline(treatment_start_day, color="0.3", lw=1, ls=(0, (4, 2)))
        if treatment_start_day is not None:
            bone_ax.text(
                treatment_start_day,
                101,
                " drug starts",
                ha="left",
                va="bottom",
                fontsize=8.5,
                color="0.2",
            )
        bone_ax.set_ylabel("Bone mass\n(% of starting value)")
        bone_ax.set_ylim(0, 110)
        tumor_ax.set_ylabel("Tumor burden\n(% of maximum)")
        tumor_ax.set_ylim(0, 105)
        tumor_ax.set_xlabel("Days")
        bone_ax.legend(loc="lower left", fontsize=8.5)
        bone_ax.set_title(
            "Remodeling model: the drug slows bone loss, not the tumor",
            loc="left",
            fontweight="bold",
            fontsize=11,
        )
        if model_note:
            tumor_ax.text(
                0.99,
                0.05,
                model_note,
                transform=tumor_ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=7.5,
                color="0.3",
                style="italic",
            )
    return fig


def plot_annual_exposure(rows: Sequence[Mapping[str, str]]) -> Figure:
    """Yearly amount of drug per product, denosumab and zoledronic acid side by side.

    ``rows`` are rows of ``bone_agent_products.csv`` (``product``, ``drug``, ``dose_mg``,
    ``interval_weeks``, ``annual_mg``, ``purpose``); pamidronate rows are left out.
    """
    drugs = ("denosumab", "zoledronic acid")
    groups = {d: [r for r in rows if r["drug"] == d] for d in drugs}
    if not all(groups.values()):
        raise ValueError("Rows for both denosumab and zoledronic acid products are needed.")
    fig = new_figure(width_in=9.2, height_in=3.4)
    purposes = {
        "bone metastases": (PALETTE["vermillion"], HATCHES[0]),
        "osteoporosis": (PALETTE["sky"], HATCHES[1]),
    }
    with course_style():
        axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1, 1.15]})
        for ax, drug in zip(axes, drugs, strict=True):
            group = groups[drug]
            names = [r["product"] for r in group]
            values = [float(r["annual_mg"]) for r in group]
            colors = [purposes[r["purpose"]][0] for r in group]
            hatches = [purposes[r["purpose"]][1] for r in group]
            y = np.arange(len(group))[::-1]
            bars = ax.barh(y, values, color=colors, edgecolor="0.2", height=0.6)
            for bar, hatch in zip(bars, hatches, strict=True):
                bar.set_hatch(hatch)
            ax.set_yticks(y)
            ax.set_yticklabels(names)
            top = max(values)
            ax.set_xlim(0, top * 2.25)
            ax.set_axisbelow(True)
            for yi, r, v in zip(y, group, values, strict=True):
                weeks = float(r["interval_weeks"])
                every = (
                    "once a year"
                    if weeks >= 52
                    else ("every 6 months" if weeks == 26 else f"every {weeks:g} weeks")
                )
                ax.text(
                    v + top * 0.03,
                    yi,
                    f"{float(r['dose_mg']):g} mg {every}\n= {v:,.0f} mg/year\nfor {r['purpose']}",
                    va="center",
                    fontsize=8,
                )
            ax.set_xlabel(f"{drug.capitalize()} per year (mg)")
            ax.set_title(drug.capitalize(), loc="left", fontweight="bold")
            ax.grid(True, axis="x", color=GRID)
            ax.grid(False, axis="y")
        fig.suptitle(
            "Same molecule, different product: yearly dose",
            x=0.01,
            ha="left",
            fontweight="bold",
            fontsize=12,
        )
    return fig
