"""The quiz builder: nbgrader metadata, ids and the committed sources being current."""

from __future__ import annotations

import json

import nbformat
import pytest
from conftest import SAMPLE_BANK

from course.quiz.bank import load_quizzes
from course.quiz.builder import build_all, build_notebook, notebook_text


def sample_quiz():
    return load_quizzes(SAMPLE_BANK)["q99_test"]


def test_cells_and_grade_ids():
    nb = build_notebook(sample_quiz())
    nbformat.validate(nbformat.from_dict(nb))
    graded = {
        c["metadata"]["nbgrader"]["grade_id"]: c
        for c in nb["cells"]
        if c["metadata"]["nbgrader"]["grade"]
    }
    assert set(graded) == {"t-sba", "t-num", "t-free"}
    assert graded["t-sba"]["cell_type"] == "code"
    assert graded["t-sba"]["metadata"]["nbgrader"]["points"] == 1
    assert graded["t-num"]["metadata"]["nbgrader"]["points"] == 2
    assert graded["t-free"]["cell_type"] == "markdown"
    answers = [c for c in nb["cells"] if c["id"].endswith("-answer")]
    assert [c["metadata"]["nbgrader"]["grade_id"] for c in answers] == [
        "t-sba-answer",
        "t-num-answer",
    ]
    assert all(c["metadata"]["nbgrader"]["solution"] for c in answers)


def test_visible_and_hidden_parts():
    nb = build_notebook(sample_quiz())
    by_id = {c["id"]: c for c in nb["cells"]}
    sba_test = by_id["t-sba"]["source"]
    visible, hidden = sba_test.split("### BEGIN HIDDEN TESTS")
    assert '== "B"' not in visible, "the key must only be in the hidden part"
    assert '== "B"' in hidden
    num_test = by_id["t-num"]["source"]
    visible, hidden = num_test.split("### BEGIN HIDDEN TESTS")
    assert "12.5" in hidden and "12.6" in hidden and "12.6" not in visible
    answer = by_id["t-sba-answer"]["source"]
    assert answer.startswith('answer_q1 = ""')
    assert "### BEGIN SOLUTION" in answer and 'answer_q1 = "B"' in answer
    free = by_id["t-free"]["source"]
    assert free.startswith("### BEGIN SOLUTION") and "point one" in free


def test_hidden_checks_execute_correctly():
    """Run each test cell's code against right and wrong answers in plain Python."""
    nb = build_notebook(sample_quiz())
    by_id = {c["id"]: c for c in nb["cells"]}

    def passes(cell_id, answer):
        src = by_id[cell_id]["source"].replace("### BEGIN HIDDEN TESTS", "")
        var = "answer_q1" if cell_id == "t-sba" else "answer_q2"
        try:
            exec(src, {var: answer})  # noqa: S102 - our own generated test code
        except AssertionError:
            return False
        return True

    assert passes("t-sba", "B") and passes("t-sba", " b ")
    assert not passes("t-sba", "A") and not passes("t-sba", "") and not passes("t-sba", ["B"])
    assert passes("t-num", 12.6) and passes("t-num", 12.55) and passes("t-num", 13 - 0.4)
    assert not passes("t-num", 12.7) and not passes("t-num", "12.6") and not passes("t-num", None)
    assert not passes("t-num", float("nan")) and not passes("t-num", True)


COURSE_QUIZZES = load_quizzes()


@pytest.mark.parametrize("name", sorted(COURSE_QUIZZES))
def test_every_quiz_marks_its_keys_right_and_other_answers_wrong(name):
    """Run each generated test cell in plain Python on the key and on wrong answers."""
    quiz = COURSE_QUIZZES[name]
    by_id = {c["id"]: c for c in build_notebook(quiz)["cells"]}
    for n, item in enumerate(quiz.items, start=1):
        if item.type == "free_text":
            assert by_id[item.id]["cell_type"] == "markdown"
            continue
        source = by_id[item.id]["source"].replace("### BEGIN HIDDEN TESTS", "")

        def passes(answer, source=source, var=f"answer_q{n}"):
            try:
                exec(source, {var: answer})  # noqa: S102 - our own generated test code
            except AssertionError:
                return False
            return True

        if item.type == "single_best_answer":
            assert passes(item.answer) and passes(f" {item.answer.lower()} ")
            assert not any(passes(k) for k in item.option_keys if k != item.answer), item.id
        else:
            assert passes(item.answer) and passes(float(item.answer)), item.id
            assert not passes(item.answer + item.tolerance + 0.5), item.id
            assert not passes(str(item.answer)), item.id


def test_deterministic():
    assert notebook_text(sample_quiz()) == notebook_text(sample_quiz())
    json.loads(notebook_text(sample_quiz()))


def test_committed_quiz_sources_are_current():
    stale = build_all(check=True)
    assert stale == [], f"run `python -m course.quiz build`: {stale}"
