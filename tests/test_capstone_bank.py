"""Capstone (module 7): the q07_final items validate, span the course, and their keys match the
course's own calculators and models; the notebook's decision points use the formative items and
reveal numbers that the same functions reproduce; the generated quiz grades right and wrong."""

from __future__ import annotations

import re

import nbformat
import pytest

from course.calculators.accuracy import post_test_probability
from course.calculators.bilsky import bilsky_is_high_grade
from course.calculators.calcium import corrected_calcium, hypercalcemia_grade
from course.calculators.mirels import mirels_score
from course.calculators.noms import noms_decision
from course.calculators.prognosis import katagiri_score, tokuhashi_revised_score
from course.calculators.sins import sins_band, sins_location, sins_score
from course.models.radiobiology import eqd2
from course.paths import NOTEBOOKS
from course.quiz.bank import check_answer, load_items, load_quizzes
from course.widgets.presentation import assess_calcium

#: The quiz q07_final, in order (the integrator copies this list into quizzes.toml).
Q07_FINAL = [
    "q07-first-call-red-flags",
    "q07-sequential-bayes",
    "q07-corrected-calcium-si",
    "q07-calcium-before-denosumab",
    "q07-hcm-grade-treatment",
    "q07-mirels-shaft-total",
    "q07-blastic-femur-mirels",
    "q07-fixation-despite-denosumab",
    "q07-sins-l1-total",
    "q07-noms-low-grade-t11",
    "q07-walking-predictor",
    "q07-tokuhashi-total",
    "q07-eqd2-difference",
    "q07-rt-two-sites",
    "q07-what-prolongs-life",
    "q07-xgeva-renal-prolia",
    "q07-flare-followup",
    "q07-pain-plan",
    "q07-mdt-plan-free-text",
]
Q07_TITLE = "Quiz 7: Final exam, one course, many patients"
Q07_INTRO = (
    "An integrative exam across all six modules: patients with bone metastases followed from "
    "the first symptom through diagnosis, scoring, the team's decisions, treatment and "
    "supportive care. Most questions are multi-step clinical vignettes; six need a calculation "
    "(use the course's calculators or a pocket calculator), and one written team plan is marked "
    "by hand."
)

#: The decision points of notebook 7.1, in notebook order.
SELF_CHECKS = [
    "q07-sc-first-step",
    "q07-sc-negative-mri",
    "q07-sc-hidden-hypercalcemia",
    "q07-sc-sins-meaning",
    "q07-sc-scores-horizon",
    "q07-sc-noms-plan",
    "q07-sc-single-fraction",
    "q07-sc-xgeva-not-prolia",
    "q07-sc-dental-first",
    "q07-sc-pain-by-clock",
    "q07-sc-flare",
]

NOTEBOOK = NOTEBOOKS / "07_capstone" / "01_one_patient_start_to_finish.ipynb"
ITEMS = load_items()


def test_lists_are_not_empty():
    assert len(Q07_FINAL) >= 15 and SELF_CHECKS


def test_quiz_items_are_summative_and_well_formed():
    items = [ITEMS[i] for i in Q07_FINAL]
    assert len(set(Q07_FINAL)) == len(Q07_FINAL)
    assert all(i.summative and not i.formative for i in items)
    assert all(i.module == "7.1" and i.source_file == "m7_capstone.toml" for i in items)
    kinds = [i.type for i in items]
    assert kinds.count("free_text") == 1
    assert kinds.count("numeric") >= 4
    assert len([k for k in kinds if k != "free_text"]) >= 4
    for item in items:
        if item.type == "single_best_answer":
            assert item.option_keys == ("A", "B", "C", "D", "E")
            assert all(o.explanation.strip() for o in item.options)
        assert item.references


def test_quiz_is_mostly_multi_step_vignettes_across_all_modules():
    items = [ITEMS[i] for i in Q07_FINAL]
    vignettes = [i for i in items if {"vignette", "calculation"} & set(i.tags)]
    assert len(vignettes) >= 0.75 * len(items)
    modules = {t for i in items for t in i.tags if t.startswith("module-")}
    assert modules == {f"module-{n}" for n in range(1, 7)}
    assert all("capstone" in i.tags for i in items)


def test_keys_are_spread_over_the_letters():
    keys = [ITEMS[i].answer for i in Q07_FINAL if ITEMS[i].type == "single_best_answer"]
    assert set(keys) == {"A", "B", "C", "D", "E"}
    assert max(keys.count(k) for k in set(keys)) <= 3


def test_every_module7_item_is_listed():
    mine = {i for i in ITEMS if i.startswith("q07-")}
    assert mine == set(Q07_FINAL) | set(SELF_CHECKS)


def test_self_checks_are_formative_and_are_the_notebook_decision_points():
    for item_id in SELF_CHECKS:
        assert ITEMS[item_id].formative and not ITEMS[item_id].summative
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    used = re.findall(r'self_check\("([^"]+)"\)', code)
    assert used == SELF_CHECKS


# Numeric keys recomputed with the course's own functions ------------------------------------------
def _sequential_bayes() -> float:
    after_scan = post_test_probability(0.30, 0.860, 0.814, result="positive")
    return 100 * post_test_probability(after_scan, 0.906, 0.954, result="negative")


NUMERIC = [
    ("q07-sequential-bayes", _sequential_bayes),
    ("q07-corrected-calcium-si", lambda: corrected_calcium(2.55, 28, units="mmol/L")),
    (
        "q07-mirels-shaft-total",
        lambda: mirels_score(site="lower_limb", pain="moderate", lesion="lytic", size=">2/3").total,
    ),
    (
        "q07-sins-l1-total",
        lambda: (
            sins_score(
                location=sins_location("L1"),
                pain="mechanical",
                bone_lesion="mixed",
                alignment="de_novo_deformity",
                collapse="under_50",
                posterolateral="bilateral",
            ).total
        ),
    ),
    (
        "q07-tokuhashi-total",
        lambda: (
            tokuhashi_revised_score(
                general_condition="moderate",
                extraspinal_bone_metastases="1_to_2",
                vertebral_body_metastases="2",
                major_organ_metastases="none",
                primary_site="prostate",
                palsy="incomplete",
            ).total
        ),
    ),
    ("q07-eqd2-difference", lambda: eqd2(20, 5, 10) - eqd2(8, 1, 10)),
    (
        "q07-sc-negative-mri",
        lambda: 100 * post_test_probability(0.30, 0.906, 0.954, result="negative"),
    ),
]


@pytest.mark.parametrize(("item_id", "compute"), NUMERIC, ids=[n[0] for n in NUMERIC])
def test_numeric_keys_match_the_course_functions(item_id, compute):
    item = ITEMS[item_id]
    value = compute()
    assert abs(value - item.answer) <= item.tolerance
    assert check_answer(item, value)
    assert not check_answer(item, value + item.tolerance + 0.2)
    assert not check_answer(item, value - item.tolerance - 0.2)


def test_sequential_bayes_steps():
    # Step values quoted in the explanation: 66.5% after the scan, 16.3% after the MRI.
    assert post_test_probability(0.30, 0.860, 0.814) == pytest.approx(0.665, abs=5e-4)
    assert _sequential_bayes() == pytest.approx(16.3, abs=0.05)


def test_numeric_bands_quoted_in_explanations():
    assert hypercalcemia_grade(2.79, units="mmol/L") == 1
    assert mirels_score(site="lower_limb", pain="moderate", lesion="lytic", size=">2/3").band == (
        "high"
    )
    assert sins_band(14) == "unstable"
    assert tokuhashi_revised_score(
        general_condition="moderate",
        extraspinal_bone_metastases="1_to_2",
        vertebral_body_metastases="2",
        major_organ_metastases="none",
        primary_site="prostate",
        palsy="incomplete",
    ).band == ("6_months_or_more")


# Vignette keys agree with the calculators --------------------------------------------------------
def _key_text(item_id: str) -> str:
    item = ITEMS[item_id]
    return item.option(item.answer).text


def test_calcium_before_denosumab_key():
    a = assess_calcium(9.9, 2.9, units="mg/dL")
    assert a.reported == 10.8 and a.grade == 1
    key = _key_text("q07-calcium-before-denosumab")
    assert "10.8" in key and "grade 1" in key and "hold calcium" in key


def test_hcm_grade_treatment_key():
    a = assess_calcium(12.1, 2.6, units="mg/dL")
    assert a.reported == 13.2 and a.grade == 3
    key = _key_text("q07-hcm-grade-treatment")
    assert key.startswith("Grade 3") and "zoledronic acid" in key


def test_mirels_vignette_keys():
    blastic = mirels_score(site="lower_limb", pain="functional", lesion="blastic", size=">2/3")
    assert (blastic.total, blastic.band) == (9, "high")
    assert "score is 9, in the high band" in _key_text("q07-blastic-femur-mirels")
    femur = mirels_score(site="peritrochanteric", pain="functional", lesion="lytic", size="1/3-2/3")
    assert (femur.total, femur.band) == (11, "high")
    assert "score is 11" in _key_text("q07-fixation-despite-denosumab")


@pytest.mark.parametrize("radiosensitivity", ["sensitive", "resistant"])
def test_noms_key_holds_whatever_the_radiosensitivity(radiosensitivity):
    # The key must not rest on the (unverified) histology list: Bilsky 1b is low grade either way.
    assert not bilsky_is_high_grade("1b")
    decision = noms_decision(
        bilsky_grade="1b",
        radiosensitivity=radiosensitivity,
        sins_total=8,
        fit_for_surgery=True,
        expected_survival_months=24,
    )
    assert decision.surgery == "none" and decision.surgical_opinion and not decision.dexamethasone
    key = _key_text("q07-noms-low-grade-t11")
    assert key.startswith("Radiotherapy to T11 without decompressive surgery")
    assert "spine surgeon's opinion" in key
    assert "prophylactic fixation" in _key_text("q07-sc-noms-plan")


def test_free_text_case_scores():
    humerus = mirels_score(site="upper_limb", pain="functional", lesion="lytic", size=">2/3")
    assert (humerus.total, humerus.band) == (10, "high")
    assert sins_band(5) == "stable" and not bilsky_is_high_grade("1a")
    item = ITEMS["q07-mdt-plan-free-text"]
    assert "Mirels score 10" in item.stem and "SINS 5" in item.stem
    assert sum(c.points for c in item.mark_scheme) == item.points == 6


# The notebook's case: the numbers its reveals give are the calculators' -------------------------
def _notebook_text() -> str:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_notebook_case_numbers_match_the_calculators():
    text = _notebook_text()
    mri = post_test_probability(0.30, 0.906, 0.954)
    scan = post_test_probability(0.30, 0.860, 0.814)
    assert f"**{100 * mri:.1f}%**" in text and f"{100 * scan:.1f}%" in text
    assert corrected_calcium(10.2, 3.0) == pytest.approx(11.0)
    assert hypercalcemia_grade(11.0) == 1 and "**11.0 mg/dL**" in text
    femur = mirels_score(site="peritrochanteric", pain="functional", lesion="lytic", size="1/3-2/3")
    assert f"= **{femur.total}**" in text
    t11 = sins_score(
        location=sins_location("T11"),
        pain="occasional",
        bone_lesion="lytic",
        alignment="normal",
        collapse="none_over_50_involved",
        posterolateral="unilateral",
    )
    assert t11.total == 8 and f"= **{t11.total}**" in text
    tokuhashi = tokuhashi_revised_score(
        general_condition="good",
        extraspinal_bone_metastases="3_or_more",
        vertebral_body_metastases="1",
        major_organ_metastases="none",
        primary_site="breast",
        palsy="none",
    )
    assert tokuhashi.total == 13 and tokuhashi.band == "1_year_or_more"
    assert f"= **{tokuhashi.total}** of 15" in text
    # Katagiri is shown for practice only (its point table is unverified); check the arithmetic.
    for lab, total in (("critical", 3), ("abnormal", 2)):
        k = katagiri_score(
            primary_group="slow",
            visceral_metastases="none",
            lab_data=lab,
            ecog_ps=1,
            previous_chemotherapy=False,
            multiple_skeletal_metastases=True,
        )
        assert (k.total, k.band) == (total, "low")
    for total_gy, fractions, shown in ((8, 1, "12.0"), (20, 5, "23.3"), (24, 2, "44.0")):
        assert f"{eqd2(total_gy, fractions, 10):.1f}" == shown and f"{shown} Gy" in text


def test_quiz_is_listed_in_quizzes_toml():
    quizzes = load_quizzes()
    assert [i.id for i in quizzes["q07_final"].items] == Q07_FINAL
