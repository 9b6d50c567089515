"""Class-scale autograde on realistic and adversarial submissions, with exact expected scores.

For every quiz, on SQLite and on PostgreSQL: correct, blank, each item wrong in turn, an infinite
loop, sys.exit(), os._exit(), a memory hog, deleted, edited, split and duplicated test cells,
noise on stderr and huge outputs, non-ASCII text, and files that are not UTF-8 or not JSON. Nothing
may crash the run or change another student's grade; a resumed run grades only what is missing.
"""

from __future__ import annotations

import copy
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, nbgrader_env, run_nbgrader

from course.grading.autograde import autograde_class
from course.grading.submissions import adversarial_suite, answer_cell
from course.quiz.bank import load_quizzes
from course.quiz.builder import notebook_text

QUIZZES = load_quizzes()
# The full cross product (each item wrong in turn) for the first quiz; the rest get every
# broken kind but not each-wrong, which the pipeline test covers with partly wrong answers.
FULL = {"q01_biology"}


def test_quizzes_exist():
    assert QUIZZES


def _course(tmp_path: Path, quiz_name: str, db_url: str | None) -> Path:
    course = tmp_path / "course"
    (course / "source" / quiz_name).mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    if db_url:
        with open(course / "nbgrader_config.py", "a") as fh:
            fh.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    (course / "source" / quiz_name / f"{quiz_name}.ipynb").write_text(
        notebook_text(QUIZZES[quiz_name])
    )
    return course


def _release(tmp_path: Path, monkeypatch, quiz_name: str, cell_timeout: str, db_url=None):
    """A course folder with ``quiz_name`` generated and a per-cell time limit; returns the folder
    and the released (student) notebook."""
    course = _course(tmp_path, quiz_name, db_url)
    env = nbgrader_env({"COURSE_CELL_TIMEOUT": cell_timeout})
    monkeypatch.setenv("COURSE_CELL_TIMEOUT", cell_timeout)
    monkeypatch.setenv("PATH", env["PATH"])
    run_nbgrader(["generate_assignment", quiz_name, "--create"], course, env=env)
    return course, json.loads((course / "release" / quiz_name / f"{quiz_name}.ipynb").read_text())


def _submit(course: Path, quiz_name: str, student: str, data: bytes) -> None:
    folder = course / "submitted" / student / quiz_name
    folder.mkdir(parents=True)
    (folder / f"{quiz_name}.ipynb").write_bytes(data)


@pytest.mark.slow
@pytest.mark.parametrize("quiz_name", sorted(QUIZZES))
def test_adversarial_suite(tmp_path, quiz_name, gradebook, monkeypatch):
    kind, db_url = gradebook
    quiz = QUIZZES[quiz_name]
    course, student_nb = _release(tmp_path, monkeypatch, quiz_name, "5", db_url)
    subs = adversarial_suite(student_nb, quiz, each_wrong=quiz_name in FULL)
    assert len(subs) >= (14 + 4 if quiz_name in FULL else 14)
    for sub in subs:
        _submit(course, quiz_name, sub.name, sub.file_bytes())

    jobs = 2 if kind == "postgresql" else 4  # SQLite falls back to one job, and says so
    summary = autograde_class(
        quiz_name, course_dir=course, jobs=jobs, memory_limit_mb=2048, progress=lambda _line: None
    )
    if kind == "sqlite":
        assert summary.jobs == 1 and any("SQLite" in n for n in summary.notes)
    else:
        assert summary.jobs == 2
    status = {o.student: o.status for o in summary.outcomes}
    detail = {o.student: o.detail for o in summary.outcomes}
    problems = []
    for sub in subs:
        got_status = status.get(sub.name)
        got = (
            summary.scores.get(sub.name, 0.0)
            if sub.expected_status == "failed"
            else summary.scores.get(sub.name)
        )
        if got_status != sub.expected_status or got != pytest.approx(sub.expected_auto_score):
            problems.append(
                f"{sub.name}: {got_status} {got} (expected {sub.expected_status} "
                f"{sub.expected_auto_score}): {detail.get(sub.name)!r}"
            )
    assert problems == []
    assert summary.needs_manual == ["correct"]
    assert summary.count("timed_out") == 0

    # Item analysis reads the same gradebook and the chosen options.
    from course.grading.analysis import analyse, load_class_results

    results = load_class_results(course, quiz)
    sba = [i for i in quiz.items if i.type == "single_best_answer"]
    assert results.choices["correct"] == {i.id: i.answer for i in sba}
    stats = {s.item_id: s for s in analyse(quiz, results)}
    assert stats[sba[0].id].choices[sba[0].answer] >= 10
    assert all(0 <= s.difficulty <= 1 for s in stats.values() if s.n)

    # Resume: a second run grades nothing again; a resubmitted student is regraded alone.
    again = autograde_class(quiz_name, course_dir=course, jobs=jobs, progress=lambda _l: None)
    failed = {s.name for s in subs if s.expected_status == "failed"}
    assert {o.student for o in again.outcomes if o.status == "skipped"} == {
        s.name for s in subs
    } - failed
    blank = next(s for s in subs if s.name == "blank")
    correct = next(s for s in subs if s.name == "correct")
    target = course / "submitted" / "blank" / quiz_name
    (target / f"{quiz_name}.ipynb").write_bytes(correct.file_bytes())
    (target / "timestamp.txt").write_text("2030-01-01 00:00:00.000000 UTC")
    third = autograde_class(quiz_name, course_dir=course, jobs=jobs, progress=lambda _l: None)
    attempted = {o.student for o in third.outcomes if o.status != "skipped"}
    assert attempted == {"blank"} | failed
    assert {o.student for o in third.outcomes if o.status == "graded"} == {"blank"}
    assert third.scores["blank"] == pytest.approx(correct.expected_auto_score)
    assert (
        third.scores["wrong_01" if quiz_name in FULL else "sys_exit"]
        == summary.scores["wrong_01" if quiz_name in FULL else "sys_exit"]
    )
    assert blank.expected_auto_score == 0
    assert os.path.isdir(course / "autograded" / "correct" / quiz_name)


def test_student_timeout_kills_only_that_submission(tmp_path, monkeypatch):
    """A submission that outlives its wall-clock limit is stopped and reported; others graded."""
    quiz_name = sorted(QUIZZES)[0]
    quiz = QUIZZES[quiz_name]
    course, student_nb = _release(tmp_path, monkeypatch, quiz_name, "60")
    subs = {s.name: s for s in adversarial_suite(student_nb, quiz, each_wrong=False)}
    for name in ("infinite_loop", "correct"):
        _submit(course, quiz_name, name, subs[name].file_bytes())
    summary = autograde_class(
        quiz_name, course_dir=course, student_timeout=12, progress=lambda _l: None
    )
    status = {o.student: o.status for o in summary.outcomes}
    assert status == {"infinite_loop": "timed_out", "correct": "graded"}
    # The stopped worker's kernel must not keep spinning (kernels run in their own session).
    import time

    time.sleep(1)
    assert kernels_working_in(course) == []
    assert summary.scores["correct"] == pytest.approx(subs["correct"].expected_auto_score)


def kernels_working_in(folder: Path) -> list[int]:
    """PIDs of kernel processes whose working directory is inside ``folder`` (Linux /proc)."""
    proc = Path("/proc")
    if not proc.is_dir():
        pytest.skip("needs /proc to find kernel processes")
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
            cwd = os.readlink(entry / "cwd")
        except OSError:
            continue
        if b"ipykernel" in cmd and cwd.startswith(str(folder.resolve())):
            found.append(int(entry.name))
    return found


def test_a_failed_grading_is_tried_once_more(tmp_path, monkeypatch):
    """A submission whose grading fails once (its kernel is killed, as by a machine hiccup) is
    graded at a second attempt with full marks; a broken file fails twice and is reported; the
    grading kernels talk over private Unix sockets, which are removed afterwards."""
    import signal

    import course.grading.autograde as autograde

    quiz_name = sorted(QUIZZES)[0]
    quiz = QUIZZES[quiz_name]
    course, student_nb = _release(tmp_path, monkeypatch, quiz_name, "30")
    subs = {s.name: s for s in adversarial_suite(student_nb, quiz, each_wrong=False)}
    auto = [i for i in quiz.items if i.type != "free_text"]
    first_try = tmp_path / "first-try-done"
    hiccup = copy.deepcopy(subs["correct"].notebook)
    cell = answer_cell(hiccup, auto[0])
    cell["source"] = (
        "import os, pathlib, signal, ipykernel.kernelapp\n"
        "print('transport:', ipykernel.kernelapp.IPKernelApp.instance().transport)\n"
        f"if not pathlib.Path({str(first_try)!r}).exists():\n"
        f"    pathlib.Path({str(first_try)!r}).touch()\n"
        f"    os.kill(os.getpid(), signal.{signal.SIGKILL.name})\n" + cell["source"]
    )
    files = {
        "correct": subs["correct"].file_bytes(),
        "hiccup": json.dumps(hiccup).encode(),
        "not_json": subs["not_json"].file_bytes(),
    }
    for name, data in files.items():
        _submit(course, quiz_name, name, data)

    made = []
    real_mkdtemp = autograde.tempfile.mkdtemp

    def spy_mkdtemp(*args, **kw):
        made.append(real_mkdtemp(*args, **kw))
        return made[-1]

    monkeypatch.setattr(autograde.tempfile, "mkdtemp", spy_mkdtemp)
    lines = []
    summary = autograde_class(quiz_name, course_dir=course, progress=lines.append)

    got = {o.student: (o.status, o.attempts) for o in summary.outcomes}
    assert got == {"correct": ("graded", 1), "hiccup": ("graded", 2), "not_json": ("failed", 2)}
    assert first_try.exists()
    assert summary.scores["hiccup"] == pytest.approx(subs["correct"].expected_auto_score)
    assert summary.scores["correct"] == pytest.approx(subs["correct"].expected_auto_score)
    assert any(ln.startswith("hiccup: failed (") and "trying once more" in ln for ln in lines)
    assert "hiccup: graded at the second attempt (first: " in summary.table()
    assert "not_json: failed: " in summary.table()
    assert not summary.ok

    graded = json.loads(
        (course / "autograded" / "hiccup" / quiz_name / f"{quiz_name}.ipynb").read_text()
    )
    printed = "".join(
        "".join(o.get("text", "")) for c in graded["cells"] for o in c.get("outputs", [])
    )
    assert "transport: ipc" in printed
    assert made and all(not os.path.exists(d) for d in made)
