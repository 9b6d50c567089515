"""Module 2 question bank (quizzes/bank/m2_presentation.toml): quiz q02_presentation and the
self-checks of notebooks/02_presentation.

Calculator items are recomputed with course.calculators, so a key can never drift from the
scores the notebooks teach; no graded item rests on a Mirels total of exactly 8.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import nbformat
import pytest

from course.calculators.calcium import corrected_calcium, hypercalcemia_grade
from course.calculators.mirels import mirels_score
from course.calculators.sins import sins_location, sins_score
from course.quiz.bank import load_items, load_quizzes

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "bank" / "m2_presentation.toml"
NOTEBOOKS = sorted((ROOT / "notebooks" / "02_presentation").glob("*.ipynb"))

#: The quiz, in order (the integrator copies this list into quizzes/bank/quizzes.toml).
Q02_PRESENTATION = [
    "q02-mechanical-thigh-pain",
    "q02-sre-definition",
    "q02-mirels-humerus-total",
    "q02-mirels-blastic-femur",
    "q02-solitary-lesion-biopsy",
    "q02-mirels-overcalls",
    "q02-sins-l5-total",
    "q02-sins-thoracic-referral",
    "q02-mscc-first-steps",
    "q02-bilsky-grade-2",
    "q02-patchell-surgery-plus-rt",
    "q02-back-pain-free-text",
    "q02-corrected-calcium-mg",
    "q02-ctcae-grade-si-units",
    "q02-hcm-pthrp-squamous",
    "q02-hcm-zoledronic-acid",
]

ITEMS = load_items()
with BANK_FILE.open("rb") as fh:
    FILE_IDS = [raw["id"] for raw in tomllib.load(fh)["item"]]
MODULE_ITEMS = [ITEMS[i] for i in FILE_IDS]
FORMATIVE = [i for i in MODULE_ITEMS if i.use == "formative"]


def test_collections_are_not_empty():
    assert MODULE_ITEMS and FORMATIVE and NOTEBOOKS and Q02_PRESENTATION
    assert len(NOTEBOOKS) == 4


def test_module_items_have_the_quiz_prefix_and_a_module_2_notebook():
    for item in MODULE_ITEMS:
        assert item.id.startswith("q02-"), item.id
        assert item.module in ("2.1", "2.2", "2.3", "2.4"), item.id


def test_quiz_items_are_the_summative_items_of_the_file_and_meet_the_brief():
    summative = [i.id for i in MODULE_ITEMS if i.summative]
    assert sorted(summative) == sorted(Q02_PRESENTATION)
    quiz = [ITEMS[i] for i in Q02_PRESENTATION]
    assert len(quiz) >= 12
    kinds = [i.type for i in quiz]
    assert kinds.count("free_text") == 1
    assert len([k for k in kinds if k != "free_text"]) >= 4
    vignettes = [i for i in quiz if "vignette" in i.tags]
    assert len(vignettes) > len(quiz) / 2, "most items are clinical vignettes"
    calculators = [i for i in quiz if "calculation" in i.tags]
    assert len(calculators) >= 3
    # Every notebook of the module is examined.
    assert {i.module for i in quiz} == {"2.1", "2.2", "2.3", "2.4"}
    for item in quiz:
        if item.type == "single_best_answer":
            assert len(item.options) == 5, item.id


def test_quiz_matches_quizzes_toml_once_registered():
    quizzes = load_quizzes()
    if "q02_presentation" not in quizzes:
        pytest.skip("q02_presentation is not registered in quizzes.toml yet (integrator's step)")
    assert [i.id for i in quizzes["q02_presentation"].items] == Q02_PRESENTATION


def _option_text(item_id: str) -> str:
    item = ITEMS[item_id]
    return item.option(item.answer).text


def test_mirels_keys_follow_the_calculator_and_avoid_eight():
    humerus = mirels_score(site="upper_limb", pain="functional", lesion="lytic", size=">2/3")
    assert humerus.total == 10 and humerus.band == "high"
    item = ITEMS["q02-mirels-humerus-total"]
    assert abs(item.answer - humerus.total) <= item.tolerance < 0.5

    femur = mirels_score(site="lower_limb", pain="moderate", lesion="blastic", size="1/3-2/3")
    assert femur.total == 7 and femur.band == "low"
    assert "Radiotherapy" in _option_text("q02-mirels-blastic-femur")
    assert "without prophylactic fixation" in _option_text("q02-mirels-blastic-femur")

    tibia = mirels_score(site="lower_limb", pain="mild", lesion="mixed", size="<1/3")
    assert tibia.total == ITEMS["q02-sc-mirels-shaft-lesion"].answer == 6

    totals = [humerus.total, femur.total]
    assert 8 not in totals
    for item in MODULE_ITEMS:
        if "mirels" in item.tags and item.type == "numeric":
            assert item.answer != 8, item.id


def test_sins_keys_follow_the_calculator():
    l5 = sins_score(
        location=sins_location("L5"),
        pain="mechanical",
        bone_lesion="lytic",
        alignment="normal",
        collapse="under_50",
        posterolateral="none",
    )
    item = ITEMS["q02-sins-l5-total"]
    assert l5.total == 10 and abs(item.answer - l5.total) <= item.tolerance < 0.5
    t8 = sins_score(
        location=sins_location("T8"),
        pain="mechanical",
        bone_lesion="lytic",
        alignment="normal",
        collapse="under_50",
        posterolateral="unilateral",
    )
    assert (t8.total, t8.band) == (9, "potentially_unstable")
    assert _option_text("q02-sins-thoracic-referral").startswith(f"SINS {t8.total}: potentially")
    assert sins_location("L5") == "junctional"
    assert _option_text("q02-sc-sins-junctional-level") == "L5"


def test_calcium_keys_follow_the_calculator():
    item = ITEMS["q02-corrected-calcium-mg"]
    value = corrected_calcium(9.8, 2.2)
    assert value == pytest.approx(11.24)
    assert abs(item.answer - value) <= item.tolerance
    assert abs(11.2 - item.answer) <= item.tolerance  # the reported value is accepted too
    assert hypercalcemia_grade(11.2) == 1

    si = corrected_calcium(2.80, 30, units="mmol/L")
    assert si == pytest.approx(3.0)
    grade = hypercalcemia_grade(si, units="mmol/L")
    assert _option_text("q02-ctcae-grade-si-units") == f"Grade {grade}" == "Grade 2"
    # The uncorrected value would be grade 1: the distractor the item explains.
    assert hypercalcemia_grade(2.80, units="mmol/L") == 1

    sc = ITEMS["q02-sc-corrected-calcium-si"]
    assert abs(sc.answer - corrected_calcium(2.40, 22, units="mmol/L")) <= sc.tolerance


def _text(item) -> str:
    parts = [item.stem, item.explanation, *(o.text for o in item.options)]
    parts += [o.explanation for o in item.options]
    return "\n".join(parts)


def test_quiz_text_cannot_leak_numeric_keys_or_model_answers():
    """The pipeline's feedback leak check looks for repr(answer - tolerance) and the model
    answer's first 40 characters anywhere in the feedback; none may occur in the quiz text."""
    quiz = [ITEMS[i] for i in Q02_PRESENTATION]
    text = "\n".join(_text(i) for i in quiz)
    for item in quiz:
        if item.type == "numeric":
            assert repr(item.answer - item.tolerance) not in text, item.id
        if item.type == "free_text":
            assert item.model_answer.strip()[:40] not in text, item.id
    assert "Model answer" not in text and "Traceback" not in text


def _self_check_ids(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return re.findall(r"self_check\(\"([a-z0-9-]+)\"\)", code)


def test_every_self_check_exists_and_every_formative_item_is_used():
    used = {}
    for path in NOTEBOOKS:
        module = f"2.{int(path.name[:2])}"
        for item_id in _self_check_ids(path):
            assert item_id in ITEMS and ITEMS[item_id].formative, item_id
            used[item_id] = module
    for item in FORMATIVE:
        assert item.id in used, f"{item.id} is not used by a notebook"
        assert used[item.id] == item.module, item.id
