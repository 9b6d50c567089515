"""Item analysis: difficulty, discrimination, choice distribution, flags, objective mastery."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_BANK

from course.grading.analysis import ClassResults, analyse, objective_mastery, parse_choices, report
from course.quiz.bank import Quiz, load_quizzes

QUIZ = load_quizzes(SAMPLE_BANK)["q99_test"]


def make_class():
    """Ten students: t-num tracks ability; t-sba is answered right only by the weakest (broken)."""
    scores, choices = {}, {}
    for k in range(10):
        strong = k >= 5
        sba_right = k < 3  # the three weakest get it "right": a miskeyed item
        scores[f"s{k}"] = {
            "t-sba": 1.0 if sba_right else 0.0,
            "t-num": 2.0 if strong else 0.0,
            "t-free": 2.0 if strong else 0.0,
        }
        choices[f"s{k}"] = {"t-sba": "B" if sba_right else ("C" if strong else "A")}
    return ClassResults(scores, choices)


def test_difficulty_discrimination_and_flags():
    stats = {s.item_id: s for s in analyse(QUIZ, make_class())}
    sba, num = stats["t-sba"], stats["t-num"]
    assert sba.n == 10 and sba.difficulty == pytest.approx(0.3)
    assert sba.point_biserial < 0 and sba.upper_lower < 0
    assert any("negative discrimination" in f for f in sba.flags)
    assert sba.choices == {"A": 2, "B": 3, "C": 5, "(blank)": 0, "(other)": 0}
    assert num.difficulty == pytest.approx(0.5)
    assert num.point_biserial > 0.5 and num.upper_lower == pytest.approx(1.0)
    assert num.flags == ()


def test_flags_for_too_hard_and_too_easy():
    res = ClassResults(
        {f"s{k}": {"t-sba": 0.0, "t-num": 2.0, "t-free": float(k % 3)} for k in range(8)}, {}
    )
    stats = {s.item_id: s for s in analyse(QUIZ, res)}
    assert any("nearly everyone wrong" in f for f in stats["t-sba"].flags)
    assert any("nearly everyone right" in f for f in stats["t-num"].flags)


def test_objective_mastery_weights_points():
    stats = analyse(QUIZ, make_class())
    mastery = objective_mastery(QUIZ, stats)
    assert list(mastery) == ["Test objective"]
    expected = (0.3 * 1 + 0.5 * 2 + 0.5 * 2) / 5
    assert mastery["Test objective"] == pytest.approx(expected)


def test_ungraded_free_text_is_reported_not_counted():
    res = ClassResults({"a": {"t-sba": 1.0, "t-num": 2.0, "t-free": None}}, {})
    stats = {s.item_id: s for s in analyse(QUIZ, res)}
    assert stats["t-free"].flags == ("not graded yet",)
    assert "t-free" in report(QUIZ, list(stats.values()))


def test_parse_choices_reads_answer_cells():
    nb = {
        "cells": [
            {"cell_type": "code", "source": 'answer_q1 = " b "  # one letter'},
            {"cell_type": "code", "source": ["answer_q2 = 12.6\n"]},
            {"cell_type": "markdown", "source": 'answer_q1 = "A"'},
        ]
    }
    assert parse_choices(nb, QUIZ) == {"t-sba": "B"}
    nb["cells"][0]["source"] = 'answer_q1 = "Z"'
    assert parse_choices(nb, QUIZ) == {"t-sba": "(other)"}
    assert isinstance(QUIZ, Quiz)
