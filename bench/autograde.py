"""Autograde throughput: plain `nbgrader autograde` against the class-scale command.

    eval "$(bash .ci/postgres.sh)"            # a local PostgreSQL for the parallel runs
    .venv/bin/python bench/autograde.py --students 40 --quiz q01_biology

Grades the same synthetic class (seeded: each student answers each item right with a
probability set by their ability) with
  1. the baseline: one `nbgrader autograde <quiz>` command grading everyone sequentially;
  2. `python -m course.grading autograde` on SQLite (one job: SQLite allows one writer);
  3. the same on PostgreSQL with 2 and 4 jobs (if COURSE_TEST_PG_ADMIN_URL is set);
and prints submissions per minute and the ratio to the baseline. Every run must give the same
scores; the script checks that too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course.grading.autograde import autograde_class  # noqa: E402
from course.grading.submissions import fill  # noqa: E402
from course.quiz.bank import load_quizzes  # noqa: E402
from course.quiz.builder import notebook_text  # noqa: E402


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    e.pop("NBGRADER_DB_URL", None)
    return e


def make_course(base: Path, quiz, db_url: str | None, students: list[tuple[str, bytes]]) -> Path:
    course = base / "course"
    (course / "source" / quiz.name).mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    if db_url:
        with open(course / "nbgrader_config.py", "a") as fh:
            fh.write(f"\nc.CourseDirectory.db_url = {db_url!r}\n")
    (course / "source" / quiz.name / f"{quiz.name}.ipynb").write_text(notebook_text(quiz))
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "generate_assignment", quiz.name, "--create"],
        cwd=course,
        env=env(),
        check=True,
        capture_output=True,
    )
    for name, data in students:
        folder = course / "submitted" / name / quiz.name
        folder.mkdir(parents=True)
        (folder / f"{quiz.name}.ipynb").write_bytes(data)
    return course


def synthetic_class(quiz, n: int, seed: int = 2026) -> list[tuple[str, bytes]]:
    rng = np.random.default_rng(seed)
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), quiz, None, [])
        student_nb = json.loads((course / "release" / quiz.name / f"{quiz.name}.ipynb").read_text())
    out = []
    for k in range(n):
        ability = rng.uniform(0.2, 0.95)
        choices = {i.id: ("right" if rng.random() < ability else "wrong") for i in quiz.items}
        sub = fill(student_nb, quiz, choices, name=f"student{k:03d}")
        out.append((sub.name, sub.file_bytes()))
    return out


def new_pg_db(name: str) -> str | None:
    admin = os.environ.get("COURSE_TEST_PG_ADMIN_URL")
    if not admin:
        return None
    import psycopg2

    conn = psycopg2.connect(admin)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg2://") + "/" + name


def scores(course: Path, db_url: str | None, quiz) -> dict[str, float]:
    from nbgrader.api import Gradebook

    url = db_url or f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(url, course_id="bone-metastases") as gb:
        return {s.student.id: s.score for s in gb.assignment_submissions(quiz.name)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--quiz", default="q01_biology")
    args = parser.parse_args()
    quiz = load_quizzes()[args.quiz]
    students = synthetic_class(quiz, args.students)
    results = []
    reference = None

    def record(label: str, seconds: float, got: dict[str, float]) -> None:
        nonlocal reference
        reference = reference or got
        same = "same scores" if got == reference else "SCORES DIFFER"
        results.append((label, seconds, same))
        print(f"  {label}: {seconds:.1f} s ({same})", flush=True)

    print(
        f"{args.students} submissions of {args.quiz}, {len(quiz.items)} items, "
        f"{os.cpu_count()} cores",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        course = make_course(Path(tmp), quiz, None, students)
        t = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "nbgrader", "autograde", quiz.name],
            cwd=course,
            env=env(),
            check=True,
            capture_output=True,
        )
        record(
            "baseline: nbgrader autograde (SQLite, sequential)",
            time.perf_counter() - t,
            scores(course, None, quiz),
        )
    runs = [("class-scale, SQLite (1 job)", None, 1)]
    for jobs in (2, 4):
        db = new_pg_db(f"bench_autograde_{jobs}")
        if db:
            runs.append((f"class-scale, PostgreSQL, {jobs} jobs", db, jobs))
    if len(runs) == 1:
        print("  (PostgreSQL runs skipped: set COURSE_TEST_PG_ADMIN_URL, see .ci/postgres.sh)")
    for label, db, jobs in runs:
        with tempfile.TemporaryDirectory() as tmp:
            course = make_course(Path(tmp), quiz, db, students)
            t = time.perf_counter()
            summary = autograde_class(
                quiz.name, course_dir=course, jobs=jobs, progress=lambda _l: None
            )
            seconds = time.perf_counter() - t
            assert summary.count("failed") == 0, summary.table()
            record(label, seconds, scores(course, db, quiz))
    base = results[0][1]
    print(f"\n{'run':<52} {'s':>7} {'subs/min':>9} {'ratio':>6}")
    for label, seconds, same in results:
        rate = args.students / seconds * 60
        print(f"{label:<52} {seconds:>7.1f} {rate:>9.1f} {base / seconds:>6.2f}  {same}")


if __name__ == "__main__":
    main()
