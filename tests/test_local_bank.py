"""Module 5 question bank: the q05_local items validate, their keys match the course's own
calculators, and the generated quiz grades right and wrong answers correctly."""

from __future__ import annotations

import pytest

from course.calculators.noms import NOMS_CASES, decide_case
from course.calculators.sins import sins_location, sins_score
from course.models.radiobiology import bed, eqd2
from course.quiz.bank import check_answer, load_items, load_quizzes

#: The quiz q05_local, in order (the integrator copies this list into quizzes.toml).
Q05_LOCAL = [
    "q05-uncomplicated-pain-8gy",
    "q05-single-fraction-tradeoff",
    "q05-eqd2-8gy-tumor",
    "q05-bed-20gy5-late",
    "q05-eqd2-sbrt-cord",
    "q05-lq-limits",
    "q05-sc24-schedule",
    "q05-pain-flare",
    "q05-mirels-fixation",
    "q05-kyphoplasty-candidate",
    "q05-embolization-rcc",
    "q05-sins-calculation",
    "q05-noms-myeloma",
    "q05-noms-unstable",
    "q05-noms-rcc-compression",
    "q05-noms-frail",
    "q05-noms-explain",
]

#: Self-checks used in notebooks 5.1-5.3.
SELF_CHECKS = [
    "q05-sc-early-relief",
    "q05-sc-eqd2-late",
    "q05-sc-alpha-beta",
    "q05-sc-retreatment",
    "q05-sc-rtog0631",
    "q05-sc-whole-bone",
    "q05-sc-patchell-criteria",
    "q05-sc-cafe",
    "q05-sc-ablation",
    "q05-sc-noms-questions",
    "q05-sc-bilsky-1c",
    "q05-sc-survival",
]

ITEMS = load_items()


def test_lists_are_not_empty():
    assert len(Q05_LOCAL) >= 12 and SELF_CHECKS


def test_quiz_items_exist_and_mix():
    items = [ITEMS[i] for i in Q05_LOCAL]
    assert all(i.summative for i in items)
    kinds = [i.type for i in items]
    assert kinds.count("free_text") == 1
    assert len([k for k in kinds if k != "free_text"]) >= 4
    assert kinds.count("numeric") >= 3
    for item in items:
        assert item.module in ("5.1", "5.2", "5.3")
        if item.type == "single_best_answer":
            assert item.option_keys == ("A", "B", "C", "D", "E")
            assert all(o.explanation.strip() for o in item.options)


def test_self_checks_are_formative():
    for item_id in SELF_CHECKS:
        assert ITEMS[item_id].formative and not ITEMS[item_id].summative


def test_every_module5_item_is_listed():
    mine = {i for i in ITEMS if i.startswith("q05-")}
    assert mine == set(Q05_LOCAL) | set(SELF_CHECKS)


# Numeric keys recomputed with the course's own functions.
NUMERIC = [
    ("q05-eqd2-8gy-tumor", lambda: eqd2(8, 1, 10)),
    ("q05-bed-20gy5-late", lambda: bed(20, 5, 3)),
    ("q05-eqd2-sbrt-cord", lambda: eqd2(24, 2, 2)),
    ("q05-sc-eqd2-late", lambda: eqd2(30, 10, 3)),
    (
        "q05-sins-calculation",
        lambda: (
            sins_score(
                location=sins_location("T10"),
                pain="mechanical",
                bone_lesion="lytic",
                alignment="normal",
                collapse="under_50",
                posterolateral="unilateral",
            ).total
        ),
    ),
]


@pytest.mark.parametrize(("item_id", "compute"), NUMERIC, ids=[n[0] for n in NUMERIC])
def test_numeric_keys_match_the_calculators(item_id, compute):
    item = ITEMS[item_id]
    value = compute()
    assert abs(value - item.answer) <= item.tolerance
    assert check_answer(item, value)
    assert not check_answer(item, value + item.tolerance + 0.2)


# Case-decision keys agree with the pathway function on the same synthetic patients.
CASE_KEYS = [
    ("q05-noms-myeloma", "myeloma", "D", ("none", "conventional")),
    ("q05-noms-unstable", "prostate_unstable", "B", ("stabilization", "conventional")),
    ("q05-noms-rcc-compression", None, "A", ("separation_surgery", "stereotactic")),
    ("q05-noms-frail", "frail_gi", "E", ("none", "conventional")),
]


@pytest.mark.parametrize(
    ("item_id", "case", "key", "plan"), CASE_KEYS, ids=[c[0] for c in CASE_KEYS]
)
def test_case_keys_agree_with_pathway(item_id, case, key, plan):
    assert ITEMS[item_id].answer == key
    if case is None:  # Mr. Okafor with T10 Bilsky 3, SINS 9: same findings as the melanoma case
        case = "melanoma_compression"
    decision = decide_case(next(c for c in NOMS_CASES if c.key == case))
    assert (decision.surgery, decision.radiotherapy) == plan


def test_quiz_is_listed_in_quizzes_toml():
    quizzes = load_quizzes()
    assert {i.id for i in quizzes["q05_local"].items} == set(Q05_LOCAL)


def test_free_text_model_answer_matches_pathway():
    # Mr. Petrov: renal cell carcinoma (radioresistant), Bilsky 2, SINS 13, fit, about 2 years.
    from course.calculators.noms import noms_decision

    decision = noms_decision(
        bilsky_grade="2",
        radiosensitivity="resistant",
        sins_total=13,
        fit_for_surgery=True,
        expected_survival_months=24,
    )
    assert (decision.surgery, decision.radiotherapy) == (
        "separation_and_stabilization",
        "stereotactic",
    )
    model = ITEMS["q05-noms-explain"].model_answer
    assert "separation surgery" in model and "stabilized" in model and "stereotactic" in model
