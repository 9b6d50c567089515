"""End to end with the real nbgrader commands, in a scratch copy of the course.

generate -> release -> fetch -> submit (one student per kind of submission) -> collect ->
autograde -> manual grade of the free-text item -> generate_feedback -> export, then exact
scores from the gradebook and the exported CSV, and feedback scanned for leaks of the key.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import nbgrader_env, run_nbgrader

from course.grading.submissions import (
    FREE_TEXT_ANSWER,
    Submission,
    all_choices,
    answer_cell,
    fill,
    find_test_cell,
)
from course.quiz.bank import Quiz, load_quizzes
from course.quiz.builder import notebook_text

COURSE_ID = "bone-metastases"
QUIZZES = load_quizzes()
ROOT = Path(__file__).resolve().parents[1]


def scenarios(student_nb: dict, quiz: Quiz) -> list[Submission]:
    auto = [i for i in quiz.items if i.type != "free_text"]
    assert len(auto) >= 4, "the pipeline scenarios need at least four auto-graded items"
    full = sum(i.points for i in auto)
    right = all_choices(quiz, "right")
    subs = [
        fill(student_nb, quiz, right, name="s01_correct"),
        fill(student_nb, quiz, all_choices(quiz, "blank"), name="s02_blank"),
    ]
    alternate = {i.id: ("right" if k % 2 == 0 else "wrong") for k, i in enumerate(quiz.items)}
    subs.append(fill(student_nb, quiz, alternate, name="s03_partly_wrong"))

    right_no_free = {**right, **{i.id: "blank" for i in quiz.items if i.type == "free_text"}}

    # An infinite loop before the answer is set: that item scores 0, the rest are graded.
    s = fill(student_nb, quiz, right_no_free, name="s04_infinite_loop")
    cell = answer_cell(s.notebook, auto[0])
    cell["source"] = "while True:\n    pass\n" + cell["source"]
    subs.append(Submission(s.name, s.notebook, full - auto[0].points, ()))

    # A deleted test cell is put back by nbgrader (add_missing_cells) and graded.
    s = fill(student_nb, quiz, right_no_free, name="s05_deleted_test")
    del s.notebook["cells"][find_test_cell(s.notebook, auto[1])]
    subs.append(Submission(s.name, s.notebook, full, ()))

    # A test cell edited to `pass` with a wrong answer: restored from the gradebook, scores 0.
    choices = {**right_no_free, auto[2].id: "wrong"}
    s = fill(student_nb, quiz, choices, name="s06_edited_test")
    s.notebook["cells"][find_test_cell(s.notebook, auto[2])]["source"] = "pass"
    subs.append(Submission(s.name, s.notebook, full - auto[2].points, ()))

    # An answer cell that raises before setting the answer, and noise on stderr elsewhere.
    s = fill(student_nb, quiz, right_no_free, name="s07_raises")
    cell = answer_cell(s.notebook, auto[3])
    cell["source"] = "raise ValueError('I give up')\n" + cell["source"]
    noisy = answer_cell(s.notebook, auto[0])
    noisy["source"] = "import sys, warnings\nprint('x' * 100_000)\n" + noisy["source"]
    noisy["source"] += "\nwarnings.warn('student warning')\nprint('oops', file=sys.stderr)"
    subs.append(Submission(s.name, s.notebook, full - auto[3].points, ()))
    return subs


def leaks(text: str, quiz: Quiz) -> list[str]:
    # nbconvert's stylesheet names CSS classes such as Generic.Traceback: scan the content only.
    text = re.sub(r"<style.*?</style>", "", text, flags=re.DOTALL)
    found = []
    for marker in ("BEGIN HIDDEN TESTS", "BEGIN SOLUTION", "Model answer", "Traceback"):
        if marker in text:
            found.append(marker)
    for item in quiz.items:
        if item.type == "single_best_answer" and f"== &quot;{item.answer}&quot;" in text:
            found.append(f"key of {item.id}")
        if item.type == "single_best_answer" and f'== "{item.answer}"' in text:
            found.append(f"key of {item.id}")
        if item.type == "numeric":
            bound = re.escape(f"{item.answer - item.tolerance!r}")
            if re.search(rf"{bound} (<|&lt;)= answer_q", text):
                found.append(f"key of {item.id}")
        if item.type == "free_text" and item.model_answer.strip()[:40] in text:
            found.append(f"model answer of {item.id}")
    return found


@pytest.mark.slow
@pytest.mark.parametrize("quiz_name", sorted(QUIZZES))
def test_full_nbgrader_cycle(tmp_path, quiz_name):
    quiz = QUIZZES[quiz_name]
    course = tmp_path / "course"
    (course / "source" / quiz_name).mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    (course / "source" / quiz_name / f"{quiz_name}.ipynb").write_text(notebook_text(quiz))
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    env = nbgrader_env({"COURSE_CELL_TIMEOUT": "5", "HOME": str(tmp_path / "home")})
    ex = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={COURSE_ID}"]

    run_nbgrader(["generate_assignment", quiz_name, "--create"], course, env=env)
    run_nbgrader(["release_assignment", quiz_name, *ex], course, env=env)
    student_home = tmp_path / "student"
    student_home.mkdir()
    run_nbgrader(["fetch_assignment", quiz_name, *ex], student_home, env=env)
    fetched = student_home / quiz_name / f"{quiz_name}.ipynb"
    student_nb = json.loads(fetched.read_text())

    subs = scenarios(student_nb, quiz)
    for sub in subs:
        fetched.write_text(json.dumps(sub.notebook))
        run_nbgrader(["submit", quiz_name, f"--student={sub.name}", *ex], student_home, env=env)
    run_nbgrader(["collect", quiz_name, *ex], course, env=env)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(s.name for s in subs)
    run_nbgrader(["autograde", quiz_name], course, env=env, timeout=900)

    from nbgrader.api import Gradebook

    db_url = f"sqlite:///{course / 'gradebook.db'}"
    free = [i for i in quiz.items if i.type == "free_text"]
    assert free, "every quiz needs a free-text item"
    with Gradebook(db_url, course_id=COURSE_ID) as gb:
        for sub in subs:
            got = gb.find_submission(quiz_name, sub.name).score
            assert got == pytest.approx(sub.expected_auto_score), sub.name
            ungraded = {
                g.name
                for g in gb.find_submission_notebook(quiz_name, quiz_name, sub.name).grades
                if g.needs_manual_grade
            }
            assert ungraded == set(sub.needs_manual), sub.name
        # The instructor marks the correct student's free text with full points.
        for item in free:
            grade = gb.find_grade(item.id, quiz_name, quiz_name, "s01_correct")
            grade.manual_score = item.points
        gb.db.commit()

    run_nbgrader(["generate_feedback", quiz_name], course, env=env)
    for sub in subs:
        html_file = course / "feedback" / sub.name / quiz_name / f"{quiz_name}.html"
        text = html_file.read_text()
        assert "Explanation." in text, "feedback teaches each item's explanation"
        assert leaks(text, quiz) == [], f"feedback of {sub.name} leaks: {leaks(text, quiz)}"
    assert (
        FREE_TEXT_ANSWER[:30]
        in (course / "feedback" / "s01_correct" / quiz_name / f"{quiz_name}.html").read_text()
    )

    run_nbgrader(["export", "--to", str(tmp_path / "grades.csv")], course, env=env)
    with open(tmp_path / "grades.csv", newline="") as fh:
        rows = {r["student_id"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {s.name for s in subs}
    expected = {s.name: s.expected_auto_score for s in subs}
    expected["s01_correct"] += sum(i.points for i in free)
    assert expected["s01_correct"] == quiz.max_points
    for name, score in expected.items():
        assert float(rows[name]["score"]) == pytest.approx(score), name
        assert float(rows[name]["max_score"]) == pytest.approx(quiz.max_points)
