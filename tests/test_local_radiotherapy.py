"""Module 5.1: the fractionation explorer (compute, chart, headless view) and the trial evidence.

Expected BED/EQD2 values are the table of the evidence sheet (quantitative models section 2,
"derived numbers", rounded to 3 decimals there), recomputed by hand here.
"""

from __future__ import annotations

import csv

import pytest
from matplotlib.figure import Figure

from course.models.radiobiology import ALPHA_BETA_GY, SCHEDULES
from course.paths import data_file
from course.plotting.fractionation import FractionationChart
from course.plotting.local_evidence import (
    load_local_trials,
    plot_sbrt_trials,
    plot_single_vs_multiple,
    plot_two_arm_comparison,
)
from course.widgets.fractionation import (
    DEFAULT_SCHEDULES,
    MAX_SCHEDULES,
    FractionationExplorer,
    compare_schedules,
    describe,
    result_table_html,
)

AB = dict(ALPHA_BETA_GY)

# (label, total, n, EQD2 tumor, EQD2 late, EQD2 cord, BED tumor, BED late, BED cord)
TEXTBOOK = [
    ("8 Gy x 1", 8, 1, 12.0, 17.6, 20.0, 14.4, 29.333, 40.0),
    ("20 Gy / 5", 20, 5, 23.333, 28.0, 30.0, 28.0, 46.667, 60.0),
    ("24 Gy / 6", 24, 6, 28.0, 33.6, 36.0, 33.6, 56.0, 72.0),
    ("30 Gy / 10", 30, 10, 32.5, 36.0, 37.5, 39.0, 60.0, 75.0),
    ("24 Gy / 2 (SBRT)", 24, 2, 44.0, 72.0, 84.0, 52.8, 120.0, 168.0),
]


def test_textbook_table_is_not_empty():
    assert len(TEXTBOOK) == 5


@pytest.mark.parametrize("row", TEXTBOOK, ids=[r[0] for r in TEXTBOOK])
def test_compare_schedules_textbook(row):
    label, total, n, e10, e3, e2, b10, b3, b2 = row
    result = compare_schedules([(label, total, n)], alpha_beta_gy=AB)
    (r,) = result.rows
    assert r.label == label and r.fractions == n
    assert r.dose_per_fraction_gy == pytest.approx(total / n)
    expected_eqd2 = {"tumor": e10, "late-responding tissue": e3, "spinal cord": e2}
    expected_bed = {"tumor": b10, "late-responding tissue": b3, "spinal cord": b2}
    for tissue, ab in AB.items():
        d = total / n
        assert r.bed_gy[tissue] == pytest.approx(total * (1 + d / ab))
        assert r.eqd2_gy[tissue] == pytest.approx(total * (d + ab) / (2 + ab))
        assert r.eqd2_gy[tissue] == pytest.approx(expected_eqd2[tissue], abs=6e-4)
        assert r.bed_gy[tissue] == pytest.approx(expected_bed[tissue], abs=6e-4)
    assert r.lq_debated is (total / n > 8)


def test_lq_flag_boundary():
    rows = compare_schedules(
        [("8", 8, 1), ("8.5", 8.5, 1), ("16/2", 16, 2), ("18/2", 18, 2)], alpha_beta_gy=AB
    ).rows
    assert [r.lq_debated for r in rows] == [False, True, False, True]


def test_custom_alpha_beta_changes_values():
    low = compare_schedules(
        [("8 Gy x 1", 8, 1)],
        alpha_beta_gy={"tumor": 5.0, "late-responding tissue": 3.0, "spinal cord": 2.0},
    )
    assert low.rows[0].eqd2_gy["tumor"] == pytest.approx(8 * 13 / 7)
    assert low.alpha_beta_gy["tumor"] == 5.0


@pytest.mark.parametrize(
    ("schedules", "ab", "message"),
    [
        ([], AB, "at least one schedule"),
        ([("x", 8, 1)] * (MAX_SCHEDULES + 1), AB, "at most"),
        ([("x", 0, 1)], AB, "total dose in Gy must be a positive number"),
        ([("x", 8, 0)], AB, "number of fractions must be a whole number"),
        ([("x", 8, 1)], {**AB, "tumor": 0}, "alpha/beta value of tumor must be a positive"),
        ([("x", 8, 1)], {**AB, "tumor": True}, "alpha/beta value of tumor must be a positive"),
        ([("x", 8, 1)], {"tumor": 10}, "Give an alpha/beta value for each"),
    ],
)
def test_compare_schedules_errors(schedules, ab, message):
    with pytest.raises(ValueError, match=message):
        compare_schedules(schedules, alpha_beta_gy=ab)


def test_table_and_description():
    result = compare_schedules(
        [(s.label, s.total_dose_gy, s.fractions) for s in SCHEDULES], alpha_beta_gy=AB
    )
    table = result_table_html(result)
    assert "<table" in table and "24 Gy / 2 (SBRT) *" in table and "12.0" in table
    text = describe(result)
    for s in SCHEDULES:
        assert s.label in text
    assert "more than 8 Gy per fraction" in text


# --- chart -------------------------------------------------------------------------------------


def test_chart_updates_bars_in_place():
    chart = FractionationChart(max_schedules=4)
    fig = chart.update(
        ["8 Gy x 1", "30 Gy / 10"],
        [[14.4, 29.3, 40.0], [39.0, 60.0, 75.0]],
        [[12.0, 17.6, 20.0], [32.5, 36.0, 37.5]],
        alpha_beta_gy=[10, 3, 2],
    )
    assert isinstance(fig, Figure)
    bed_ax, eqd2_ax = chart.axes
    assert "BED" in bed_ax.get_ylabel() and "(Gy)" in bed_ax.get_ylabel()
    assert "EQD2" in eqd2_ax.get_ylabel() and "(Gy)" in eqd2_ax.get_ylabel()
    assert bed_ax.get_title() and eqd2_ax.get_title()
    tumor_bars = chart.bars["eqd2"][0].patches
    assert [round(p.get_height(), 1) for p in tumor_bars[:2]] == [12.0, 32.5]
    assert [p.get_visible() for p in tumor_bars] == [True, True, False, False]
    assert [t.get_text() for t in eqd2_ax.get_xticklabels()] == ["8 Gy\nx 1", "30 Gy\n/ 10"]
    assert "tumor 10, late 3, cord 2" in chart.note.get_text()
    assert chart.labels == ("8 Gy x 1", "30 Gy / 10")
    assert len(chart.dynamic_artists()) == 2 + 2 * 3 * 4 + 1


@pytest.mark.parametrize(
    ("labels", "rows", "message"),
    [
        ([], [], "between 1 and 4"),
        (["a"] * 5, [[1, 2, 3]] * 5, "between 1 and 4"),
        (["a", "b"], [[1, 2, 3]], "one row of BED"),
    ],
)
def test_chart_errors(labels, rows, message):
    chart = FractionationChart(max_schedules=4)
    with pytest.raises(ValueError, match=message):
        chart.update(labels, rows, rows, alpha_beta_gy=[10, 3, 2])


def test_chart_rejects_bad_size():
    with pytest.raises(ValueError, match="max_schedules must be 1 or more"):
        FractionationChart(max_schedules=0)
    with pytest.raises(ValueError, match="whole number"):
        FractionationChart(max_schedules=True)


# --- headless view -----------------------------------------------------------------------------


def test_explorer_initial_state():
    view = FractionationExplorer()
    assert [r.label for r in view.result.rows] == list(DEFAULT_SCHEDULES)
    assert bytes(view.pane.image.value).startswith(b"\x89PNG")
    assert "Figure description" in view.pane.description.value
    assert "education only" in view.widget.children[-1].value.lower()
    assert view.status.value == ""


def test_alpha_beta_slider_changes_result_and_picture():
    view = FractionationExplorer()
    before_png = bytes(view.pane.image.value)
    before = view.result.rows[0].eqd2_gy["tumor"]
    view.controls["ab_tumor"].value = 3.0
    after = view.result.rows[0].eqd2_gy["tumor"]
    assert before == pytest.approx(12.0) and after == pytest.approx(17.6)
    assert bytes(view.pane.image.value) != before_png
    assert "17.6" in view.table.value


def test_schedule_choice_and_custom_schedule():
    view = FractionationExplorer()
    view.controls["schedules"].value = tuple(s.label for s in SCHEDULES)
    view.controls["custom"].value = True
    view.controls["custom_total_gy"].value = 12.0
    view.controls["custom_fractions"].value = 3
    labels = [r.label for r in view.result.rows]
    assert len(labels) == MAX_SCHEDULES and labels[-1] == "Mine: 12 Gy / 3"
    assert view.result.rows[-1].eqd2_gy["tumor"] == pytest.approx(12 * 14 / 12)
    assert view.chart.labels[-1] == "Mine: 12 Gy / 3"


def test_errors_show_inside_the_widget():
    view = FractionationExplorer()
    good = view.result
    view.controls["schedules"].value = ()
    assert "Choose at least one schedule" in view.status.value
    assert view.result is good
    view.controls["schedules"].value = ("8 Gy x 1",)
    assert view.status.value == ""
    view.controls["custom"].value = True
    view.controls["custom_fractions"].value = 0
    assert "at least 1 fraction" in view.status.value


def test_unknown_default_schedule_rejected():
    with pytest.raises(ValueError, match="Unknown schedule"):
        FractionationExplorer(selected=("9 Gy x 1",))


# --- trial evidence ------------------------------------------------------------------------------


def test_trial_table_has_sources_and_status():
    with data_file("local_treatment_trials.csv").open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 30
    for row in rows:
        assert row["source"].strip(), row["id"]
        assert row["doi_or_pmid"].strip(), row["id"]
        assert row["verified"] in {"yes", "secondary", "unverified"}, row["id"]
        float(row["value"])


EXPECTED_VALUES = {
    "chow2012-orr-sf": 60,
    "chow2012-orr-mf": 61,
    "chow2012-cr-sf": 23,
    "chow2012-cr-mf": 24,
    "chow2012-retreat-ratio": 2.6,
    "rich2018-retreat-sf": 20,
    "rich2018-retreat-mf": 8,
    "sc24-cr-sbrt": 35,
    "sc24-cr-conv": 14,
    "rtog0631-pr-srs": 41.3,
    "rtog0631-pr-conv": 60.5,
    "scorad-amb-sf": 69.3,
    "scorad-amb-mf": 72.7,
    "patchell-walk-surg": 84,
    "patchell-walk-rt": 57,
    "sc23-flare-dex": 26,
    "sc23-flare-placebo": 35,
}


@pytest.mark.parametrize(("key", "value"), sorted(EXPECTED_VALUES.items()))
def test_trial_values(key, value):
    assert float(load_local_trials()[key]["value"]) == pytest.approx(value)


def test_retreatment_attribution():
    # Evidence sheet verification update: the 2.6-fold ratio is Chow 2012; 20% vs 8% is Rich 2018.
    rows = load_local_trials()
    assert rows["chow2012-retreat-ratio"]["unit"] == "fold"
    assert "Chow" in rows["chow2012-retreat-ratio"]["source"]
    assert "Rich" in rows["rich2018-retreat-sf"]["source"]
    assert "2018" in rows["rich2018-retreat-sf"]["source"]
    assert not any(
        r["id"].startswith("chow2012-retreat") and r["unit"] == "%" for r in rows.values()
    )


def test_single_vs_multiple_figure():
    fig = plot_single_vs_multiple()
    (ax,) = fig.axes
    texts = {t.get_text() for t in ax.texts}
    assert {"60%", "61%", "23%", "24%", "20%", "8%"} <= texts
    assert "(%)" in ax.get_ylabel() and ax.get_title()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "single fraction (8 Gy x 1)",
        "multiple fractions",
    ]


def test_sbrt_figure():
    fig = plot_sbrt_trials()
    (ax,) = fig.axes
    texts = {t.get_text() for t in ax.texts}
    assert {"35%", "14%", "41.3%", "60.5%"} <= texts


def test_two_arm_comparison_rejects_empty():
    with pytest.raises(ValueError, match="at least one group"):
        plot_two_arm_comparison([], legend=("a", "b"), title="t", ylabel="y")
    with pytest.raises(ValueError, match="no row 'chow2012-orr-sf'"):
        plot_single_vs_multiple({"nope": {}})
