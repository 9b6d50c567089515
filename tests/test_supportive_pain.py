"""Module 6.1: the pain-diary teaching simulation (course.models.pain), its figures and its view
(headless)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from course.models.pain import (
    DIARY_DAYS,
    PLAN_CHANGE_DAY,
    RADIOTHERAPY_HOUR,
    REFERENCE,
    STARTING_PLAN,
    PainPlan,
    simulate_pain_diary,
    synthetic_pain_patient,
)
from course.plotting.pain import pain_diary_figure, update_pain_diary, who_ladder_figure
from course.plotting.style import figure_to_png
from course.widgets.pain import PainDiaryView


@pytest.fixture(scope="module")
def patient():
    return synthetic_pain_patient(np.random.default_rng(7))


def diary(patient, **plan):
    return simulate_pain_diary(patient, PainPlan(**plan))


# --- the synthetic patient ----------------------------------------------------------------------


def test_same_seed_same_patient_and_diary():
    a = synthetic_pain_patient(np.random.default_rng(7))
    b = synthetic_pain_patient(np.random.default_rng(7))
    assert a.breakthrough_hours == b.breakthrough_hours
    assert np.array_equal(a.noise, b.noise)
    plan = PainPlan(schedule="by_the_clock", who_step="weak_opioid")
    assert np.array_equal(simulate_pain_diary(a, plan).score, simulate_pain_diary(b, plan).score)
    c = synthetic_pain_patient(np.random.default_rng(8))
    assert c.breakthrough_hours != a.breakthrough_hours


def test_patient_shape(patient):
    assert patient.days == DIARY_DAYS and patient.noise.shape == (DIARY_DAYS * 24,)
    assert patient.breakthrough_hours, "the synthetic patient has breakthrough episodes"
    assert all(7 <= h % 24 <= 22 for h in patient.breakthrough_hours), "waking hours only"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rng": 7}, "numpy.random.Generator"),
        ({"rng": np.random.default_rng(1), "days": 3}, "days must be a whole number"),
        ({"rng": np.random.default_rng(1), "days": 14.0}, "days must be a whole number"),
        ({"rng": np.random.default_rng(1), "days": True}, "days must be a whole number"),
    ],
)
def test_patient_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        synthetic_pain_patient(**kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"schedule": "prn"}, "schedule must be one of"),
        ({"who_step": "morphine"}, "who_step must be one of"),
        ({"pre_emptive": 1}, "pre_emptive must be True or False"),
        ({"radiotherapy": "yes"}, "radiotherapy must be True or False"),
        ({"laxative": None}, "laxative must be True or False"),
    ],
)
def test_plan_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        PainPlan(**kwargs)


def test_simulate_rejects_wrong_types(patient):
    with pytest.raises(ValueError, match="synthetic_pain_patient"):
        simulate_pain_diary("Ana", STARTING_PLAN)
    with pytest.raises(ValueError, match="plan must be a PainPlan"):
        simulate_pain_diary(patient, {"schedule": "by_the_clock"})


# --- what the simulation teaches --------------------------------------------------------------


def test_days_1_to_3_follow_the_starting_plan_whatever_is_chosen(patient):
    start = simulate_pain_diary(patient)
    best = diary(
        patient,
        schedule="by_the_clock",
        who_step="strong_opioid",
        pre_emptive=True,
        neuropathic_adjuvant=True,
        radiotherapy=True,
        laxative=True,
    )
    first = slice(0, PLAN_CHANGE_DAY * 24)
    assert np.array_equal(start.score[first], best.score[first])
    assert start.doses_per_day[:PLAN_CHANGE_DAY] == best.doses_per_day[:PLAN_CHANGE_DAY]
    assert best.week2_mean_score < start.week2_mean_score - 3


def test_scores_stay_on_the_0_to_10_scale(patient):
    for plan in (STARTING_PLAN, PainPlan(schedule="by_the_clock", who_step="strong_opioid")):
        d = simulate_pain_diary(patient, plan)
        assert d.score.min() >= 0 and d.score.max() <= 10
        assert d.time_days[1] - d.time_days[0] == pytest.approx(1 / 24)


def test_on_demand_dosing_keeps_pain_high_and_by_the_clock_lowers_it(patient):
    start = simulate_pain_diary(patient)
    clock = diary(patient, schedule="by_the_clock")
    assert start.week2_doses_per_day >= 4, "the starting plan needs a dose every few hours"
    assert start.week2_days_review == 7
    assert clock.week2_mean_score < start.week2_mean_score
    assert clock.week2_severe_percent < start.week2_severe_percent / 2
    assert clock.week2_doses_per_day < start.week2_doses_per_day / 1.5


def test_each_ladder_step_relieves_more(patient):
    means = [
        diary(patient, schedule="by_the_clock", who_step=step).week2_mean_score
        for step in ("non_opioid", "weak_opioid", "strong_opioid")
    ]
    assert means == sorted(means, reverse=True) and means[0] - means[2] > 2


def test_remaining_rescue_doses_fall_at_the_activities_and_pre_emption_removes_them(patient):
    base = dict(schedule="by_the_clock", who_step="strong_opioid", laxative=True)
    plain = diary(patient, **base)
    after_change = [h for h in plain.dose_hours if h >= PLAN_CHANGE_DAY * 24]
    at_activity = [h for h in after_change if h % 24 in (8, 15)]
    assert len(at_activity) >= 0.8 * len(after_change) > 0
    planned = diary(patient, pre_emptive=True, **base)
    assert planned.week2_doses_per_day < plain.week2_doses_per_day / 5
    assert set(planned.planned_per_day[PLAN_CHANGE_DAY:]) == {2}
    assert all(h % 24 in (7, 14) for h in planned.planned_hours)


def test_radiotherapy_flares_then_relieves(patient):
    base = dict(schedule="by_the_clock", who_step="strong_opioid")
    without = diary(patient, **base)
    with_rt = diary(patient, radiotherapy=True, **base)
    assert with_rt.radiotherapy_day == pytest.approx(RADIOTHERAPY_HOUR / 24)
    assert without.radiotherapy_day is None
    flare = slice(RADIOTHERAPY_HOUR, RADIOTHERAPY_HOUR + 48)
    assert with_rt.score[flare].mean() > without.score[flare].mean() + 1.0
    assert with_rt.week2_mean_score < without.week2_mean_score


def test_adjuvant_lowers_pain(patient):
    base = dict(schedule="by_the_clock", who_step="weak_opioid")
    assert diary(patient, neuropathic_adjuvant=True, **base).week2_mean_score < (
        diary(patient, **base).week2_mean_score
    )


def test_notes_teach_the_side_effect_to_prevent(patient):
    no_laxative = diary(patient, schedule="by_the_clock", who_step="strong_opioid")
    assert any("without a laxative" in n for n in no_laxative.notes)
    with_laxative = diary(patient, schedule="by_the_clock", who_step="strong_opioid", laxative=True)
    assert not any("without a laxative" in n for n in with_laxative.notes)
    assert any("laxative was started" in n for n in with_laxative.notes)
    step1 = diary(patient, schedule="by_the_clock")
    assert not any("laxative" in n for n in step1.notes), "no opioid, no laxative note"
    assert any("by the clock" in n for n in simulate_pain_diary(patient).notes)
    assert any("rule of thumb (not verified" in n for n in simulate_pain_diary(patient).notes)
    rt = diary(patient, radiotherapy=True)
    assert any("30-40%" in n and "Chow 2012" in n for n in rt.notes)


def test_no_doses_anywhere_in_the_teaching_text(patient):
    text = " ".join(simulate_pain_diary(patient).notes) + REFERENCE
    for unit in (" mg", "mcg", "microgram", " ml"):
        assert unit not in text.lower()


# --- figures --------------------------------------------------------------------------------


def test_who_ladder_figure():
    fig = who_ladder_figure()
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert "WHO analgesic ladder" in ax.get_title()
    steps = [p for p in ax.patches if isinstance(p, Rectangle)]
    assert len(steps) == 3 and len({p.get_hatch() for p in steps}) == 3
    texts = " ".join(t.get_text() for t in ax.texts)
    for word in ("Step 1", "Step 2", "Step 3", "by the clock", "adjuvant", "Rescue doses"):
        assert word in texts


def test_pain_diary_figure_labels_and_update():
    t = np.arange(14 * 24) / 24
    ref = np.full(t.size, 6.0)
    art = pain_diary_figure(
        time_days=t, reference_score=ref, reference_doses_per_day=[5] * 14, change_day=3
    )
    assert art.ax_score.get_ylabel() == "Pain score (0-10)"
    assert art.ax_doses.get_xlabel() == "Day of the diary"
    assert "teaching simulation" in art.ax_score.get_title()
    labels = [h.get_label() for h in art.ax_score.get_legend().legend_handles]
    assert any("Starting plan" in lab for lab in labels)
    update_pain_diary(
        art,
        score=np.full(t.size, 2.0),
        rescue_times=[4.33],
        rescue_scores=[6.5],
        planned_times=[5.29],
        planned_scores=[2.0],
        doses_per_day=[1] * 14,
        planned_per_day=[2] * 14,
        radiotherapy_day=4.4,
    )
    assert np.allclose(art.line.get_ydata(), 2.0)
    assert art.rescue_markers.get_offsets().shape == (1, 2)
    assert (
        art.planned_bars.patches[0].get_y() == 1 and art.planned_bars.patches[0].get_height() == 2
    )
    assert art.radiotherapy_line.get_visible() and art.radiotherapy_line.get_xdata()[0] == 4.4
    update_pain_diary(
        art,
        score=ref,
        rescue_times=[],
        rescue_scores=[],
        planned_times=[],
        planned_scores=[],
        doses_per_day=[0] * 14,
        planned_per_day=[0] * 14,
        radiotherapy_day=None,
    )
    assert not art.radiotherapy_line.get_visible()
    assert art.rescue_markers.get_offsets().shape == (0, 2)
    with pytest.raises(ValueError, match="14 values"):
        update_pain_diary(
            art,
            score=ref,
            rescue_times=[],
            rescue_scores=[],
            planned_times=[],
            planned_scores=[],
            doses_per_day=[0] * 13,
            planned_per_day=[0] * 14,
            radiotherapy_day=None,
        )


def test_pain_diary_figure_rejects_mismatched_series():
    with pytest.raises(ValueError, match="equal length"):
        pain_diary_figure(
            time_days=[0, 1, 2], reference_score=[1, 2], reference_doses_per_day=[1], change_day=1
        )


# --- the view (headless) ---------------------------------------------------------------------


def png_size(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def test_view_starts_on_the_starting_plan_and_never_displays():
    view = PainDiaryView(seed=7)
    assert view.result.plan == STARTING_PLAN
    assert view.result.week2_mean_score == view.reference.week2_mean_score
    assert set(view.controls) == {
        "schedule",
        "who_step",
        "pre_emptive",
        "neuropathic_adjuvant",
        "radiotherapy",
        "laxative",
    }
    width, height = view.artists.fig.get_size_inches() * 100
    assert png_size(view.pane.image.value) == (round(width), round(height))
    assert "education only" in view.widget.children[-1].value.lower()


def test_view_controls_change_result_figure_and_text():
    view = PainDiaryView(seed=7)
    image, text = view.pane.image.value, view.summary.value
    description = view.pane.description.value
    view.controls["schedule"].value = "by_the_clock"
    view.controls["who_step"].value = "strong_opioid"
    assert view.result.plan.schedule == "by_the_clock"
    assert view.result.plan.who_step == "strong_opioid"
    assert view.pane.image.value != image
    assert view.summary.value != text and "without a laxative" in view.summary.value
    assert view.pane.description.value != description
    assert f"mean pain {view.result.week2_mean_score:g} with your plan" in (
        view.pane.description.value
    )
    view.controls["laxative"].value = True
    assert "without a laxative" not in view.summary.value
    before = view.pane.image.value
    view.controls["radiotherapy"].value = True
    assert view.result.radiotherapy_day is not None and view.pane.image.value != before
    assert "radiotherapy on day 5" in view.pane.description.value
    assert view.status.value == ""


def test_view_blit_matches_a_full_render():
    """The fast (blitted) PNG shows the same picture as a full savefig of the figure."""
    view = PainDiaryView(seed=7)
    view.controls["schedule"].value = "by_the_clock"
    view.controls["pre_emptive"].value = True
    fast = np.asarray(Image.open(io.BytesIO(view.pane.image.value)).convert("RGB"), dtype=float)
    full = np.asarray(
        Image.open(io.BytesIO(figure_to_png(view.artists.fig))).convert("RGB"), dtype=float
    )
    assert fast.shape == full.shape
    assert np.abs(fast - full).mean() < 2.0


def test_view_initial_plan_and_bad_seed():
    view = PainDiaryView(seed=3, schedule="by_the_clock", who_step="weak_opioid")
    assert view.controls["schedule"].value == "by_the_clock"
    assert view.result.plan.who_step == "weak_opioid"
    with pytest.raises(ValueError, match="seed"):
        PainDiaryView(seed=-1)
    with pytest.raises(ValueError, match="who_step"):
        PainDiaryView(who_step="codeine")
