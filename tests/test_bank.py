"""The question bank: the real bank validates, and the schema rejects malformed items."""

from __future__ import annotations

import copy

import pytest
from conftest import SAMPLE_BANK

from course.quiz.bank import (
    BankError,
    check_answer,
    formative_items,
    load_items,
    load_quizzes,
    parse_item,
)

SBA = {
    "id": "x-sba",
    "type": "single_best_answer",
    "module": "1.1",
    "objective": "o",
    "use": "both",
    "tags": ["t"],
    "difficulty": "easy",
    "stem": "s",
    "references": ["r"],
    "explanation": "e",
    "answer": "A",
    "options": [
        {"key": "A", "text": "a", "explanation": "ea"},
        {"key": "B", "text": "b", "explanation": "eb"},
        {"key": "C", "text": "c", "explanation": "ec"},
    ],
}


def test_course_bank_is_valid_and_nonempty():
    items = load_items()
    assert len(items) >= 10
    for item in items.values():
        assert item.references and item.explanation
        if item.type == "single_best_answer":
            assert all(o.explanation.strip() for o in item.options)


def test_course_quizzes_resolve_and_have_the_required_mix():
    quizzes = load_quizzes()
    assert "q01_biology" in quizzes
    q01 = quizzes["q01_biology"]
    kinds = [i.type for i in q01.items]
    assert len(kinds) >= 8
    assert kinds.count("numeric") >= 1 and kinds.count("free_text") >= 1
    assert kinds.count("single_best_answer") >= 5


def test_every_item_is_used_somewhere():
    """Summative-only items must be in a quiz; formative ones feed self-checks or practice."""
    items = load_items()
    in_quizzes = {i.id for q in load_quizzes().values() for i in q.items}
    orphans = [i.id for i in items.values() if i.use == "summative" and i.id not in in_quizzes]
    assert orphans == []


def test_sample_bank_loads():
    items = load_items(SAMPLE_BANK)
    assert list(items) == ["t-sba", "t-num", "t-free"]
    quiz = load_quizzes(SAMPLE_BANK)["q99_test"]
    assert quiz.max_points == 5


@pytest.mark.parametrize(
    "change, message",
    [
        ({"id": "Bad Id"}, "ids use lowercase"),
        ({"type": "essay"}, "type must be one of"),
        ({"module": "one"}, "module must look like"),
        ({"use": "sometimes"}, "use must be one of"),
        ({"difficulty": "trivial"}, "difficulty must be one of"),
        ({"tags": []}, "tags must be"),
        ({"references": []}, "at least one reference"),
        ({"answer": "D"}, "not one of the options"),
        ({"points": 0}, "points must be a positive"),
        ({"points": True}, "points must be a positive"),
        ({"stem": "   "}, "is empty"),
        ({"tolerance": 1}, "unknown field"),
        ({"options": SBA["options"][:2]}, "3 to 6 options"),
    ],
)
def test_schema_rejects(change, message):
    raw = copy.deepcopy(SBA)
    raw.update(change)
    with pytest.raises(BankError, match=message):
        parse_item(raw)


def test_schema_rejects_missing_field_and_bad_option_keys():
    raw = copy.deepcopy(SBA)
    del raw["explanation"]
    with pytest.raises(BankError, match="'explanation' is missing"):
        parse_item(raw)
    raw = copy.deepcopy(SBA)
    raw["options"][1]["key"] = "Z"
    with pytest.raises(BankError, match="option keys must be A, B, C"):
        parse_item(raw)
    raw = copy.deepcopy(SBA)
    del raw["options"][0]["explanation"]
    with pytest.raises(BankError, match="exactly key, text and explanation"):
        parse_item(raw)


def test_numeric_and_free_text_rules():
    base = {k: v for k, v in SBA.items() if k not in ("answer", "options")}
    num = dict(base, type="numeric", answer=12.6, tolerance=-1, units="mg/dL")
    with pytest.raises(BankError, match="tolerance"):
        parse_item(num)
    num = dict(base, type="numeric", answer=12.6, tolerance=0.05)
    with pytest.raises(BankError, match="units must be given"):
        parse_item(num)
    free = dict(
        base,
        type="free_text",
        points=2,
        model_answer="m",
        mark_scheme=[{"points": 1, "criterion": "c"}],
    )
    with pytest.raises(BankError, match="add up"):
        parse_item(free)


def test_check_answer():
    items = load_items(SAMPLE_BANK)
    sba, num, free = items["t-sba"], items["t-num"], items["t-free"]
    assert check_answer(sba, " b ") is True
    assert check_answer(sba, "A") is False
    assert check_answer(sba, 2) is False
    assert check_answer(num, 12.64) is True
    assert check_answer(num, 12.66) is False
    assert check_answer(num, True) is False
    assert check_answer(num, float("nan")) is False
    assert check_answer(free, "anything") is None


def test_formative_filter():
    items = formative_items(module="1.1")
    assert items, "module 1.1 must have formative items for its self-checks"
    assert all(i.formative and i.module == "1.1" for i in items)
