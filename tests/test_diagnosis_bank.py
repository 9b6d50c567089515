"""Module 3 question-bank items: they validate, their numeric keys are what the calculators give,
and the notebooks' self-checks point at formative items of the right notebook."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.calculators.accuracy import (
    likelihood_ratios,
    natural_frequencies,
    post_test_probability,
)
from course.quiz.bank import check_answer, load_items

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks" / "03_diagnosis").glob("*.ipynb"))
ITEMS = {k: v for k, v in load_items().items() if k.startswith("q03-")}
SUMMATIVE = [i for i in ITEMS.values() if i.summative]
FORMATIVE = [i for i in ITEMS.values() if i.formative]


def test_collections_are_not_empty():
    assert len(NOTEBOOKS) == 3
    assert len(SUMMATIVE) >= 12 and len(FORMATIVE) >= 5


def test_quiz_items_have_the_required_mix():
    kinds = [i.type for i in SUMMATIVE]
    assert kinds.count("free_text") == 1
    assert len([k for k in kinds if k != "free_text"]) >= 4
    assert kinds.count("numeric") >= 4, "post-test probability calculations"
    vignettes = [i for i in SUMMATIVE if "image-interpretation" in i.tags]
    assert len(vignettes) >= 3, "image-interpretation vignettes built on the schematic images"
    assert all("notebook 3.1" in i.stem for i in vignettes)


def test_items_belong_to_module_3():
    for item in ITEMS.values():
        assert item.module in ("3.1", "3.2", "3.3")
        assert item.source_file == "m3_diagnosis.toml"


# Each numeric key recomputed with the course's calculators from the numbers in its stem.
NUMERIC_KEYS = {
    "q03-lr-positive-bone-scan": likelihood_ratios(0.86, 0.81).positive,
    "q03-post-test-positive-30": 100 * post_test_probability(0.30, 0.86, 0.81),
    "q03-post-test-positive-low-pretest": 100 * post_test_probability(0.05, 0.860, 0.814),
    "q03-post-test-negative-mri": 100
    * post_test_probability(0.70, 0.906, 0.954, result="negative"),
    "q03-false-positives-lung": natural_frequencies(0.20, 0.918, 0.688).false_positive,
    "q03-check-sensitivity-table": 100 * 172 / 200,
}


def test_numeric_key_list_covers_every_numeric_item():
    numeric = {i.id for i in ITEMS.values() if i.type == "numeric"}
    assert numeric == set(NUMERIC_KEYS)


@pytest.mark.parametrize("item_id, value", sorted(NUMERIC_KEYS.items()))
def test_numeric_keys_match_the_calculators(item_id, value):
    item = ITEMS[item_id]
    assert check_answer(item, value), f"{item_id}: key {item.answer}, calculator {value}"
    assert abs(item.answer - value) <= item.tolerance / 2, "the key is near the exact value"


def test_rule_out_item_matches_the_likelihood_ratios():
    yang = {"bone scan": (0.860, 0.814), "CT": (0.729, 0.948), "MRI": (0.906, 0.954)}
    yang["FDG-PET"] = (0.897, 0.968)
    best = min(yang, key=lambda k: likelihood_ratios(*yang[k]).negative)
    item = ITEMS["q03-check-best-rule-out"]
    assert item.option(item.answer).text.rstrip(".") == best


def _self_checks(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return re.findall(r'self_check\("([^"]+)"\)', source)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_self_checks_are_formative_items_of_that_notebook(path):
    module = f"3.{int(path.name[:2])}"
    ids = _self_checks(path)
    assert ids, "each notebook uses at least one self-check"
    for item_id in ids:
        assert item_id in ITEMS and ITEMS[item_id].formative
        assert ITEMS[item_id].module == module


def test_every_formative_item_is_used_in_a_notebook():
    used = {i for path in NOTEBOOKS for i in _self_checks(path)}
    assert {i.id for i in FORMATIVE} == used
