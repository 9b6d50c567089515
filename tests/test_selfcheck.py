"""The self-check view (tutor mode), driven headless by setting control values."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_BANK

from course.quiz.bank import formative_items, load_items
from course.widgets.selfcheck import SelfCheck, self_check

ITEMS = load_items(SAMPLE_BANK)


def test_single_best_answer_feedback_explains_every_option():
    view = SelfCheck(ITEMS["t-sba"])
    view.controls["check"].click()
    assert "Pick an option first" in view.feedback.value
    view.controls["answer"].value = "A"
    view.controls["check"].click()
    assert view.result.correct is False
    assert "the best answer is B" in view.feedback.value
    assert view.feedback.value.count("<li>") == 3
    view.controls["answer"].value = "B"
    view.controls["check"].click()
    assert view.result.correct is True and "Correct." in view.feedback.value


def test_numeric_and_free_text():
    num = SelfCheck(ITEMS["t-num"])
    num.controls["answer"].value = 12.62
    assert num.check().correct is True
    num.controls["answer"].value = 11.0
    assert num.check().correct is False
    assert "12.6 mg/dL" in num.feedback.value
    free = SelfCheck(ITEMS["t-free"])
    free.controls["answer"].value = "my answer"
    assert free.check().correct is None
    assert "point one" in free.feedback.value and "Model answer" in free.feedback.value


def test_html_in_bank_text_is_escaped():
    view = SelfCheck(ITEMS["t-sba"])
    assert "<script" not in view.widget.children[0].value


FORMATIVE = formative_items()


def test_course_has_formative_items():
    assert len(FORMATIVE) >= 5


@pytest.mark.parametrize("item", FORMATIVE, ids=[i.id for i in FORMATIVE])
def test_every_formative_item_renders_and_marks_its_key(item):
    view = self_check(item.id)
    if item.type == "single_best_answer":
        view.controls["answer"].value = item.answer
        assert view.check().correct is True
        wrong = next(k for k in item.option_keys if k != item.answer)
        view.controls["answer"].value = wrong
        assert view.check().correct is False
    elif item.type == "numeric":
        view.controls["answer"].value = item.answer
        assert view.check().correct is True
    else:
        assert view.check().correct is None


def test_summative_only_items_are_not_self_checks():
    from course.quiz.bank import bank

    summative_only = [i for i in bank().values() if i.use == "summative"]
    assert summative_only
    with pytest.raises(ValueError, match="summative only"):
        self_check(summative_only[0].id)
