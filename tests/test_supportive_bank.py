"""Module 6 question-bank items: schema extras, keys from the calculators, notebook self-checks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.calculators.prognosis import tokuhashi_revised_score
from course.paths import NOTEBOOKS
from course.quiz.bank import load_items

ITEMS = {k: v for k, v in load_items().items() if v.source_file == "m6_supportive.toml"}
#: The quiz q06_supportive, in order (the integrator copies this list into quizzes.toml).
QUIZ = [
    "q06-by-the-clock",
    "q06-incident-pain",
    "q06-neuropathic-mscc",
    "q06-opioid-laxative",
    "q06-single-fraction-pain",
    "q06-bma-pain",
    "q06-calcium-vitamin-d",
    "q06-qol-bm22",
    "q06-survival-primary",
    "q06-tokuhashi-calc",
    "q06-tokuhashi-band",
    "q06-katagiri-high",
    "q06-score-limits",
    "q06-goals-of-care",
]
FOLDER = NOTEBOOKS / "06_supportive"
MODULE_OF = {
    "01_pain.ipynb": "6.1",
    "02_living_with_bone_metastases.ipynb": "6.2",
    "03_prognosis.ipynb": "6.3",
}


def test_collections_are_not_empty():
    assert len(ITEMS) >= 20
    assert sorted(p.name for p in FOLDER.glob("*.ipynb")) == sorted(MODULE_OF)


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_ids_modules_and_references(item_id):
    item = ITEMS[item_id]
    assert item_id.startswith("q06-")
    assert item.module in ("6.1", "6.2", "6.3")
    assert all(r.strip() for r in item.references)
    for o in item.options:
        assert len(o.explanation) > 20, f"{item_id} option {o.key} needs an explanation"


def test_quiz_items_are_summative_and_shaped_for_the_pipeline():
    assert len(QUIZ) >= 10 and len(set(QUIZ)) == len(QUIZ)
    summative = {k for k, v in ITEMS.items() if v.summative}
    assert set(QUIZ) == summative
    items = [ITEMS[i] for i in QUIZ]
    assert sum(i.type in ("single_best_answer", "numeric") for i in items) >= 4
    assert sum(i.type == "free_text" for i in items) >= 1
    assert any(i.type == "numeric" for i in items), "at least one calculator item"
    for item in items:
        if item.type == "single_best_answer":
            assert item.option_keys == ("A", "B", "C", "D", "E"), item.id
    keys = [i.answer for i in items if i.type == "single_best_answer"]
    assert len(set(keys)) == 5, "keys spread over A-E"


def test_tokuhashi_numeric_keys_come_from_the_calculator():
    quiz = tokuhashi_revised_score(
        general_condition="good",  # KPS 80%
        extraspinal_bone_metastases="1_to_2",  # one pelvic focus
        vertebral_body_metastases="2",
        major_organ_metastases="removable",  # single removable lung metastasis
        primary_site="kidney",
        palsy="incomplete",  # Frankel D
    )
    assert ITEMS["q06-tokuhashi-calc"].answer == quiz.total == 9
    assert quiz.band == "6_months_or_more"  # the lower edge of the 9-11 band
    assert ITEMS["q06-tokuhashi-calc"].tolerance == 0
    ana = tokuhashi_revised_score(
        general_condition="moderate",
        extraspinal_bone_metastases="1_to_2",
        vertebral_body_metastases="1",
        major_organ_metastases="none",
        primary_site="breast",
        palsy="none",
    )
    assert ITEMS["q06-sc-tokuhashi-ana"].answer == ana.total == 13


def test_katagiri_keys_use_only_the_verified_abstract_figures():
    # The Katagiri point table is [unverified]: no item may ask for a Katagiri total.
    for item in ITEMS.values():
        if "katagiri" in item.tags:
            assert item.type == "single_best_answer", item.id
    high = ITEMS["q06-katagiri-high"]
    assert "6%" in high.option(high.answer).text
    assert "27%" in high.explanation and "91%" in high.explanation


DOSE = re.compile(r"\b\d+(\.\d+)?\s?(mg|mcg|µg|microgram|ml|IU)\b(?!/)", re.IGNORECASE)


@pytest.mark.parametrize("item_id", sorted(ITEMS))
def test_no_drug_doses(item_id):
    item = ITEMS[item_id]
    text = " ".join(
        [item.stem, item.explanation, item.model_answer or ""]
        + [o.text + " " + o.explanation for o in item.options]
    )
    assert not DOSE.search(text), f"{item_id}: the course teaches concepts, not doses"


def _self_check_ids(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return re.findall(r'self_check\("([a-z0-9-]+)"\)', code)


@pytest.mark.parametrize("name", sorted(MODULE_OF))
def test_notebook_self_checks_exist_and_match_the_notebook(name):
    ids = _self_check_ids(FOLDER / name)
    assert ids, f"{name} uses self-checks"
    for item_id in ids:
        item = ITEMS[item_id]
        assert item.formative and not item.summative, item_id
        assert item.module == MODULE_OF[name], item_id


def test_every_formative_item_is_used_once():
    used = [i for name in MODULE_OF for i in _self_check_ids(FOLDER / name)]
    formative = sorted(k for k, v in ITEMS.items() if v.formative)
    assert sorted(used) == formative
