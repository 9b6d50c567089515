"""A pain-diary teaching simulation (notebook 6.1, "Managing pain"; its view is
``course.widgets.pain.PainDiaryView``).

A synthetic patient with painful bone metastases keeps an hourly pain diary (0-10) for 14
days. For days 1-3 she follows a *starting plan* (a non-opioid taken only when the pain is bad).
From day 4 the learner chooses a plan and sees how the diary changes: how the regular
painkiller is taken (only when pain is bad, or by the clock), the WHO step, planned doses before
predictable activity, an adjuvant for the nerve-pain component, a single 8 Gy fraction of
radiotherapy, and a laxative with an opioid.

This is a **teaching simulation**, not a pharmacological model and not a dosing tool: the course
teaches concepts, not prescriptions, and no drug doses appear anywhere. Its numbers (pain
levels, relief fractions, timings) are illustrative assumptions chosen by the course authors so
that the concepts below show clearly; they are not data. What the simulation is built to show,
each concept with its source:

- regular analgesia "by the clock" with rescue doses for breakthrough pain, rather than only when
  pain is bad (WHO cancer pain ladder page; evidence sheet section 12, item 21);
- stronger steps of the WHO ladder relieve more of the background pain (WHO);
- movement-related (incident) pain is predictable, so a dose can be taken before the activity
  (evidence sheet section 10.2);
- the neuropathic component responds poorly to ordinary analgesics; adjuvants target it (10.2);
- radiotherapy relieves bone pain within days in most patients (single 8 Gy: overall response
  about 60%, complete about a quarter; Chow 2012), sometimes after a temporary pain flare in the
  first days (about 30-40%; SC.23, Chow 2015); this synthetic patient responds and has a flare;
- an opioid needs a laxative from the start (constipation; evidence sheet section 12, item 21).

Randomness (background fluctuation and the timing of spontaneous breakthrough episodes) comes
only from an explicit ``numpy.random.Generator``; the same generator seed gives the same patient,
and every plan is simulated on the same patient, so differences come from the plan alone.

numpy only. For education only, not for clinical decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

__all__ = [
    "REFERENCE",
    "HOURS_PER_DAY",
    "DIARY_DAYS",
    "PLAN_CHANGE_DAY",
    "RADIOTHERAPY_HOUR",
    "REVIEW_RULE_PER_DAY",
    "STARTING_PLAN",
    "PainPlan",
    "SyntheticPainPatient",
    "PainDiary",
    "synthetic_pain_patient",
    "simulate_pain_diary",
]

REFERENCE: str = (
    "Teaching simulation by the course authors (illustrative numbers, not data), built on: "
    "World Health Organization, WHO's cancer pain ladder for adults; "
    "Chow E, Zeng L, Salvo N, et al. Update on the systematic review of palliative radiotherapy "
    "trials for bone metastases. Clin Oncol (R Coll Radiol) 2012;24:112-124. "
    "doi:10.1016/j.clon.2011.11.004; "
    "Chow E, Meyer RM, Ding K, et al. Dexamethasone in the prophylaxis of radiation-induced pain "
    "flare after palliative radiotherapy for bone metastases (SC.23). Lancet Oncol "
    "2015;16:1463-1472. doi:10.1016/S1470-2045(15)00199-0."
)

Schedule = Literal["as_needed", "by_the_clock"]
WhoStep = Literal["non_opioid", "weak_opioid", "strong_opioid"]
SCHEDULES: tuple[str, ...] = ("as_needed", "by_the_clock")
WHO_STEPS: tuple[str, ...] = ("non_opioid", "weak_opioid", "strong_opioid")

# ---------------------------------------------------------------------------------------------
# The diary's time frame
# ---------------------------------------------------------------------------------------------

HOURS_PER_DAY = 24
DIARY_DAYS = 14
#: The learner's plan applies from the start of day 4 (time 3 days).
PLAN_CHANGE_DAY = 3
#: A single radiotherapy fraction (if chosen) on day 5 at 10:00.
RADIOTHERAPY_HOUR = 4 * HOURS_PER_DAY + 10
#: Week 2 (days 8-14) is where the summary numbers are taken, after the plan has settled.
WEEK2_START_DAY = 7

# ---------------------------------------------------------------------------------------------
# Teaching assumptions of the simulated patient (illustrative, chosen by the course authors)
# ---------------------------------------------------------------------------------------------

_BACKGROUND_START = 5.0  # constant aching bone pain at the start (0-10)
_BACKGROUND_RISE_PER_DAY = 0.05  # slow rise as the disease progresses untreated
_NEUROPATHIC_LEVEL = 1.6  # burning nerve-root pain component
_ACTIVITY_HOURS = (8, 15)  # getting washed and dressed; an afternoon walk
_ACTIVITY_PEAK = 4.5  # movement-related (incident) pain on top of the background
_BREAKTHROUGH_PER_DAY = 1.0  # spontaneous breakthrough episodes per day (Poisson mean)
_BREAKTHROUGH_PEAK = 3.0
_EPISODE_SHAPE = (1.0, 0.6, 0.3)  # how an episode fades over 3 hours if untreated
_NOISE_SD = 0.35
_DOSE_THRESHOLD = 6.0  # the patient takes a dose on demand at a score of 6 or more
_AS_NEEDED_COVER_HOURS = 4  # a dose taken on demand relieves for about 4 hours
_STEP_RELIEF = {"non_opioid": 0.30, "weak_opioid": 0.50, "strong_opioid": 0.72}
_RESCUE_HOURS = 2
_RESCUE_EPISODE_CUT = 0.7
_RESCUE_BACKGROUND_CUT = 0.3
_INCIDENT_RELIEF_SHARE = 0.3  # regular analgesia takes some of the edge off incident pain
_NEUROPATHIC_RELIEF_SHARE = 0.3  # ordinary analgesics help nerve pain only partly
_PRE_EMPTIVE_CUT = 0.6
_ADJUVANT_RELIEF = 0.6
_ADJUVANT_ONSET_DAYS = 5.0
_FLARE_RISE = 1.5  # a temporary pain flare after radiotherapy, felt on top
_FLARE_HOURS = 48
_RT_RESIDUAL = 0.35  # this synthetic patient responds: background falls to 35%
_RT_RESPONSE_START_DAYS = 2.0
_RT_RESPONSE_FULL_DAYS = 10.0
REVIEW_RULE_PER_DAY = 4


def _require_bool(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be True or False; got {value!r} ({type(value).__name__}).")
    return value


@dataclass(frozen=True)
class PainPlan:
    """A pain plan to try from day 4 (concepts only; there are no doses in this course).

    Attributes:
        schedule: ``"as_needed"`` (the regular painkiller only when pain is bad) or
            ``"by_the_clock"`` (regularly, with rescue doses for breakthrough pain).
        who_step: ``"non_opioid"`` (step 1), ``"weak_opioid"`` (step 2) or ``"strong_opioid"``
            (step 3) of the WHO ladder.
        pre_emptive: a planned dose before predictable activity (incident pain).
        neuropathic_adjuvant: an adjuvant for the neuropathic component.
        radiotherapy: a single 8 Gy fraction to the painful vertebra on day 5.
        laxative: a laxative started with an opioid (affects the side-effect notes only).
    """

    schedule: Schedule = "as_needed"
    who_step: WhoStep = "non_opioid"
    pre_emptive: bool = False
    neuropathic_adjuvant: bool = False
    radiotherapy: bool = False
    laxative: bool = False

    def __post_init__(self) -> None:
        if self.schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {SCHEDULES}; got {self.schedule!r}.")
        if self.who_step not in WHO_STEPS:
            raise ValueError(f"who_step must be one of {WHO_STEPS}; got {self.who_step!r}.")
        for name in ("pre_emptive", "neuropathic_adjuvant", "radiotherapy", "laxative"):
            _require_bool(name, getattr(self, name))

    @property
    def opioid(self) -> bool:
        return self.who_step != "non_opioid"


#: Days 1-3 of every diary: a non-opioid taken only when the pain is bad.
STARTING_PLAN = PainPlan()


@dataclass(frozen=True)
class SyntheticPainPatient:
    """The random part of a synthetic patient, drawn once and shared by every plan.

    Attributes:
        days: length of the diary in days.
        noise: hourly fluctuation of the pain score (one value per hour).
        breakthrough_hours: hours (from the diary start) of spontaneous breakthrough episodes.
    """

    days: int
    noise: np.ndarray = field(repr=False)
    breakthrough_hours: tuple[int, ...]

    @property
    def hours(self) -> int:
        return self.days * HOURS_PER_DAY


def synthetic_pain_patient(
    rng: np.random.Generator, *, days: int = DIARY_DAYS
) -> SyntheticPainPatient:
    """Draw a synthetic patient's hourly fluctuation and breakthrough episodes from ``rng``.

    Args:
        rng: a ``numpy.random.Generator`` (for example ``numpy.random.default_rng(7)``).
        days: diary length in whole days, 7 to 28.

    Raises:
        ValueError: if ``rng`` is not a Generator or ``days`` is not a whole number 7-28.
    """
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            "rng must be a numpy.random.Generator, e.g. numpy.random.default_rng(7); "
            f"got {type(rng).__name__}."
        )
    if isinstance(days, bool) or not isinstance(days, int) or not 7 <= days <= 28:
        raise ValueError(f"days must be a whole number from 7 to 28; got {days!r}.")
    noise = rng.normal(0.0, _NOISE_SD, size=days * HOURS_PER_DAY)
    noise.setflags(write=False)
    hours: list[int] = []
    for day in range(days):
        count = int(rng.poisson(_BREAKTHROUGH_PER_DAY))
        # Waking hours 07:00-22:00, away from the planned activities.
        candidates = [h for h in range(7, 23) if all(abs(h - a) > 1 for a in _ACTIVITY_HOURS)]
        picks = rng.choice(candidates, size=min(count, 3), replace=False)
        hours += [day * HOURS_PER_DAY + int(h) for h in sorted(picks)]
    return SyntheticPainPatient(days=days, noise=noise, breakthrough_hours=tuple(hours))


@dataclass(frozen=True)
class PainDiary:
    """One simulated diary.

    Attributes:
        plan: the plan applied from day 4 (days 1-3 always follow ``STARTING_PLAN``).
        time_days: time of each hourly score, in days since the start.
        score: hourly pain scores 0-10.
        dose_hours: hours when a dose was taken because pain was bad (score 6 or more).
        planned_hours: hours when a planned dose was taken before an activity.
        doses_per_day: doses taken because pain was bad, per day.
        planned_per_day: planned doses before activity, per day.
        week2_mean_score: mean pain score in week 2 (days 8-14).
        week2_severe_percent: percentage of week-2 hours with a score of 7 or more.
        week2_doses_per_day: mean doses per day taken because pain was bad, week 2.
        week2_days_review: week-2 days with 4 or more such doses.
        radiotherapy_day: time (days) of the radiotherapy fraction, or None.
        notes: teaching notes on this plan (what it shows, side effects to prevent).
    """

    plan: PainPlan
    time_days: np.ndarray = field(repr=False)
    score: np.ndarray = field(repr=False)
    dose_hours: tuple[int, ...]
    planned_hours: tuple[int, ...]
    doses_per_day: tuple[int, ...]
    planned_per_day: tuple[int, ...]
    week2_mean_score: float
    week2_severe_percent: float
    week2_doses_per_day: float
    week2_days_review: int
    radiotherapy_day: float | None
    notes: tuple[str, ...]


def _smoothstep(x: float) -> float:
    x = min(1.0, max(0.0, x))
    return x * x * (3.0 - 2.0 * x)


def _incident_profile(
    patient: SyntheticPainPatient, plan: PainPlan
) -> tuple[np.ndarray, tuple[int, ...]]:
    """Hourly incident/breakthrough pain before rescue, and the planned pre-emptive doses."""
    n = patient.hours
    change = PLAN_CHANGE_DAY * HOURS_PER_DAY
    profile = np.zeros(n)
    planned: list[int] = []
    episodes: list[tuple[int, float]] = []
    for day in range(patient.days):
        for hour in _ACTIVITY_HOURS:
            start = day * HOURS_PER_DAY + hour
            peak = _ACTIVITY_PEAK
            if plan.pre_emptive and start >= change:
                peak *= 1.0 - _PRE_EMPTIVE_CUT
                planned.append(start - 1)
            episodes.append((start, peak))
    episodes += [(h, _BREAKTHROUGH_PEAK) for h in patient.breakthrough_hours]
    for start, peak in episodes:
        for k, weight in enumerate(_EPISODE_SHAPE):
            if start + k < n:
                profile[start + k] += peak * weight
    return profile, tuple(planned)


def simulate_pain_diary(patient: SyntheticPainPatient, plan: PainPlan = STARTING_PLAN) -> PainDiary:
    """Simulate the diary of ``patient`` under ``plan`` (from day 4; days 1-3: starting plan).

    Deterministic: the same patient and plan always give the same diary.

    Raises:
        ValueError: if ``patient`` or ``plan`` has the wrong type.
    """
    if not isinstance(patient, SyntheticPainPatient):
        raise ValueError(
            f"patient must come from synthetic_pain_patient(rng); got {type(patient).__name__}."
        )
    if not isinstance(plan, PainPlan):
        raise ValueError(f"plan must be a PainPlan; got {type(plan).__name__}.")
    n = patient.hours
    change = PLAN_CHANGE_DAY * HOURS_PER_DAY
    start_profile, _ = _incident_profile(patient, STARTING_PLAN)
    plan_profile, planned = _incident_profile(patient, plan)
    rt_hour = RADIOTHERAPY_HOUR if plan.radiotherapy and RADIOTHERAPY_HOUR < n else None

    score = np.empty(n)
    dose_hours: list[int] = []
    cover_from, cover_to = -1, -2  # hours relieved by an as-needed dose
    rescue_to = -1  # last hour relieved by a rescue dose (by-the-clock plans)
    for h in range(n):
        current = STARTING_PLAN if h < change else plan
        day = h / HOURS_PER_DAY
        background = _BACKGROUND_START + _BACKGROUND_RISE_PER_DAY * day
        if rt_hour is not None and h >= rt_hour:
            since_days = (h - rt_hour) / HOURS_PER_DAY
            response = _smoothstep(
                (since_days - _RT_RESPONSE_START_DAYS)
                / (_RT_RESPONSE_FULL_DAYS - _RT_RESPONSE_START_DAYS)
            )
            background *= 1.0 - (1.0 - _RT_RESIDUAL) * response
        step_relief = _STEP_RELIEF[current.who_step]
        if current.schedule == "by_the_clock":
            relief = step_relief
        else:
            relief = step_relief if cover_from <= h <= cover_to else 0.0
        background_factor = 1.0 - relief
        incident_factor = 1.0 - _INCIDENT_RELIEF_SHARE * relief
        if h <= rescue_to:
            background_factor *= 1.0 - _RESCUE_BACKGROUND_CUT
            incident_factor *= 1.0 - _RESCUE_EPISODE_CUT
        adjuvant = 0.0
        if current.neuropathic_adjuvant:
            adjuvant = _ADJUVANT_RELIEF * min(1.0, (h - change) / (_ADJUVANT_ONSET_DAYS * 24))
        neuropathic = (
            _NEUROPATHIC_LEVEL * (1.0 - _NEUROPATHIC_RELIEF_SHARE * relief) * (1.0 - adjuvant)
        )
        incident = (start_profile if h < change else plan_profile)[h]
        flare = _FLARE_RISE if rt_hour is not None and 0 <= h - rt_hour < _FLARE_HOURS else 0.0
        value = (
            background * background_factor
            + neuropathic
            + incident * incident_factor
            + flare
            + patient.noise[h]
        )
        score[h] = min(10.0, max(0.0, value))
        if score[h] >= _DOSE_THRESHOLD:
            if current.schedule == "as_needed":
                if not cover_from <= h + 1 <= cover_to:
                    cover_from, cover_to = h + 1, h + _AS_NEEDED_COVER_HOURS
                    dose_hours.append(h)
            elif h > rescue_to:
                rescue_to = h + _RESCUE_HOURS
                dose_hours.append(h)

    score = np.round(score, 1)
    score.setflags(write=False)
    time_days = np.arange(n) / HOURS_PER_DAY
    time_days.setflags(write=False)
    doses = np.bincount(np.array(dose_hours, dtype=int) // 24, minlength=patient.days)
    planned_count = np.bincount(np.array(planned, dtype=int) // 24, minlength=patient.days)
    week2 = slice(WEEK2_START_DAY * HOURS_PER_DAY, n)
    week2_doses = doses[WEEK2_START_DAY:]
    diary = PainDiary(
        plan=plan,
        time_days=time_days,
        score=score,
        dose_hours=tuple(dose_hours),
        planned_hours=planned,
        doses_per_day=tuple(int(d) for d in doses),
        planned_per_day=tuple(int(d) for d in planned_count),
        week2_mean_score=round(float(score[week2].mean()), 1),
        week2_severe_percent=round(float((score[week2] >= 7.0).mean() * 100.0), 0),
        week2_doses_per_day=round(float(week2_doses.mean()), 1),
        week2_days_review=int((week2_doses >= REVIEW_RULE_PER_DAY).sum()),
        radiotherapy_day=None if rt_hour is None else rt_hour / HOURS_PER_DAY,
        notes=(),
    )
    return _with_notes(diary)


def _with_notes(diary: PainDiary) -> PainDiary:
    plan = diary.plan
    notes: list[str] = []
    if plan.schedule == "as_needed":
        notes.append(
            "Painkiller only when pain is bad: the pain climbs to 6 or more before each dose and "
            "comes back when it wears off. WHO: give analgesics by the clock, with rescue doses "
            "for breakthrough pain."
        )
    else:
        notes.append(
            "By the clock: the regular painkiller keeps the background pain down; doses on "
            "demand are now rescue doses for breakthrough pain."
        )
    if plan.who_step == "non_opioid":
        notes.append(
            "Step 1 (non-opioid) alone leaves this patient's moderate-to-severe pain high: the "
            "ladder moves up a step when pain persists."
        )
    if plan.opioid and not plan.laxative:
        notes.append(
            "Side effect to prevent: an opioid without a laxative. Constipation is the commonest "
            "opioid side effect and does not wear off, so a laxative is started with the opioid."
        )
    elif plan.opioid:
        notes.append(
            "A laxative was started with the opioid: constipation is being prevented. Nausea and "
            "drowsiness may occur in the first days and usually settle."
        )
    if not plan.pre_emptive:
        notes.append(
            "The movement-related pain at 08:00 and 15:00 is predictable: a dose taken before the "
            "activity blunts it (and treating the mechanical cause matters too)."
        )
    if not plan.neuropathic_adjuvant:
        notes.append(
            "The burning nerve-root component responds only partly to ordinary painkillers; an "
            "adjuvant targets it (once spinal cord compression has been ruled out)."
        )
    if plan.radiotherapy:
        notes.append(
            "Radiotherapy (8 Gy x 1, day 5): a pain flare in the first 2 days (it happens in about "
            "30-40% of patients), then relief over the following days. About 60% of patients "
            "respond (Chow 2012); this synthetic patient is one of them."
        )
    if diary.week2_days_review:
        notes.append(
            f"On {diary.week2_days_review} of the 7 days of week 2 she needed 4 or more doses "
            "because pain was bad. A common rule of thumb (not verified for this course) says: "
            "review the regular plan."
        )
    return PainDiary(**{**diary.__dict__, "notes": tuple(notes)})
