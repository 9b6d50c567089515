"""Every quiz validates both ways with nbgrader's Python API.

The instructor's source passes every test; the student version that nbgrader generates passes
none. (`nbgrader validate` exits 0 either way, so its exit code is never trusted.)
"""

from __future__ import annotations

import pytest
from conftest import make_course_copy, nbgrader_env, run_nbgrader

from course.grading.validate import source_passes_all, student_passes_none
from course.quiz.bank import load_quizzes

QUIZZES = sorted(load_quizzes())


def test_there_are_quizzes():
    assert "q01_biology" in QUIZZES


@pytest.mark.slow
@pytest.mark.parametrize("name", QUIZZES)
def test_validates_both_ways(tmp_path, name):
    course = make_course_copy(tmp_path, [name])
    source = course / "source" / name / f"{name}.ipynb"
    result = source_passes_all(source)
    assert result.failed == 0 and result.changed == 0, result.messages

    run_nbgrader(["generate_assignment", name, "--create"], course, env=nbgrader_env())
    student = course / "release" / name / f"{name}.ipynb"
    text = student.read_text()
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    inverted = student_passes_none(student)
    assert inverted.passed == 0, f"{inverted.passed} test cells pass on the blank student version"
    # And the uninverted run on the student version does fail (the validator can fail).
    assert source_passes_all(student).failed > 0
