"""Class-scale autograde over nbgrader's own autograde.

``python -m course.grading autograde q02_presentation --jobs 4`` (run in ``quizzes/``, or give
``--course-dir``) grades every submitted student with nbgrader's Python API in long-lived worker
processes, so each submission pays for its kernel and its notebook but not for nbgrader's start-up.

- **Safe**: with the default SQLite gradebook it grades one submission at a time (SQLite allows one
  writer; it says so); with a PostgreSQL gradebook (``db_url``) workers run concurrently.
- **Resumable**: each graded submission leaves a marker with the submission's timestamp in
  ``.autograde/<quiz>/``; a run that was killed and started again grades only what is missing or
  was resubmitted, and never touches grades already in the gradebook.
- **Fair and bounded**: nbgrader's per-cell time limit applies (``Execute.timeout``); each
  submission also has a wall-clock limit, after which its worker and kernel are killed and the
  submission is reported as timed out; each worker (and so its kernels) has a memory limit.
- **Robust**: a submission whose grading fails is tried once more in a fresh kernel before it is
  reported, so a hiccup of the machine (a kernel that dies at start-up, a message that arrives
  late under load) does not cost a student their marks; a submission that really is broken fails
  twice and is reported. Kernels talk to their worker over Unix sockets in a private folder, not
  TCP ports: ports are picked by opening and closing them, so kernels started at the same moment
  by other workers can race for one port and a kernel dies at start-up (a known race in
  jupyter_client and ipykernel).
- **Clear**: a progress line per submission and a summary (graded, failed, timed out, needs
  manual grading) at the end.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MEMORY_LIMIT_MB = 3072


@dataclass
class Outcome:
    student: str
    status: str  # graded | failed | timed_out | skipped
    seconds: float = 0.0
    detail: str = ""
    attempts: int = 1


@dataclass
class Summary:
    assignment: str
    jobs: int
    outcomes: list[Outcome] = field(default_factory=list)
    needs_manual: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0 and self.count("timed_out") == 0

    def table(self) -> str:
        rows = [
            ("graded now", self.count("graded")),
            ("already graded (skipped)", self.count("skipped")),
            ("failed", self.count("failed")),
            ("timed out", self.count("timed_out")),
            ("need manual grading", len(self.needs_manual)),
        ]
        lines = [
            f"Autograde summary for {self.assignment} ({self.jobs} job(s), {self.seconds:.1f} s)"
        ]
        lines += [f"  {label:<26} {n:>4}" for label, n in rows]
        for o in self.outcomes:
            if o.status in ("failed", "timed_out"):
                lines.append(f"  - {o.student}: {o.status}: {o.detail}")
            elif o.status == "graded" and o.attempts > 1:
                lines.append(f"  - {o.student}: graded at the second attempt (first: {o.detail})")
        if self.needs_manual:
            lines.append("  manual grading waits for: " + ", ".join(self.needs_manual))
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def load_course_config(course_dir: Path):
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    if (course_dir / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config())
    config.CourseDirectory.root = str(course_dir)
    return config


def gradebook_url(course_dir: Path, config=None) -> str:
    config = config if config is not None else load_course_config(course_dir)
    url = config.CourseDirectory.get("db_url")
    if url:
        return str(url)
    return f"sqlite:///{course_dir / 'gradebook.db'}"


def _submission_stamp(course_dir: Path, student: str, assignment: str) -> str:
    folder = course_dir / "submitted" / student / assignment
    stamp = folder / "timestamp.txt"
    if stamp.is_file():
        return stamp.read_text().strip()
    newest = max((p.stat().st_mtime for p in folder.rglob("*") if p.is_file()), default=0.0)
    return f"mtime:{newest:.6f}"


def _marker(course_dir: Path, assignment: str, student: str) -> Path:
    return course_dir / ".autograde" / assignment / f"{student}.json"


def _private_kernel_sockets(config, socket_dir: str) -> None:
    """Kernels started with ``config`` talk over Unix sockets named ``<socket_dir>/<pid>-k-N``.

    One worker runs one kernel at a time and its folder is its own, so no two kernels can pick
    the same name (unlike TCP ports, which are chosen by opening and closing them)."""
    if os.name != "posix" or not socket_dir:
        return
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(socket_dir, f"{os.getpid()}-k")


def _worker(
    course_dir: str, assignment: str, memory_mb: int, socket_dir: str, tasks, results
) -> None:
    """A long-lived worker: nbgrader is imported once, then grades submissions from the queue."""
    os.setsid()  # own process group: a timed-out worker is killed with its kernels
    if memory_mb and hasattr(os, "getuid"):
        import resource

        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # inherited by the kernels
    os.chdir(course_dir)
    from nbgrader.apps import NbGraderAPI

    config = load_course_config(Path(course_dir))
    _private_kernel_sockets(config, socket_dir)
    api = NbGraderAPI(config=config)
    while True:
        student = tasks.get()
        if student is None:
            return
        results.put(("start", student, os.getpid(), time.time()))
        try:
            res = api.autograde(assignment, student, force=True, create=True)
            ok = bool(res.get("success"))
            detail = "" if ok else _short_error(res.get("log") or res.get("error") or "")
        except Exception as exc:  # noqa: BLE001 - a worker must survive any one submission
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        results.put(("done", student, ok, detail))


def _short_error(log: str) -> str:
    """The most telling line of nbgrader's log for a failed submission."""
    lines = [ln.strip() for ln in log.splitlines() if ln.strip()]
    errors = [
        ln
        for ln in lines
        if re.search(r"\b\w+(Error|Exception)\b:", ln) and "NbGraderException" not in ln
    ]
    return (errors[-1] if errors else (lines[-1] if lines else "unknown error"))[:300]


def submitted_students(course_dir: Path, assignment: str) -> list[str]:
    root = course_dir / "submitted"
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob(f"*/{assignment}") if p.is_dir())


def autograde_class(
    assignment: str,
    *,
    course_dir: Path | str = ".",
    jobs: int | None = None,
    student_timeout: float | None = None,
    memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB,
    force: bool = False,
    progress=print,
) -> Summary:
    """Grade every submitted student of one assignment; see the module docstring."""
    course_dir = Path(course_dir).resolve()
    config = load_course_config(course_dir)
    db_url = gradebook_url(course_dir, config)
    wanted = jobs or min(4, os.cpu_count() or 1)
    summary = Summary(assignment, wanted)
    if db_url.startswith("sqlite") and wanted > 1:
        summary.notes.append(
            "SQLite gradebook: grading one submission at a time (SQLite allows one writer). "
            "Use a PostgreSQL gradebook (db_url) to grade in parallel."
        )
        progress(summary.notes[-1])
        wanted = 1
    summary.jobs = wanted
    cell_timeout = int(config.Execute.get("timeout", 30) or 30)
    limit = student_timeout or max(120.0, 20 * cell_timeout)

    students = submitted_students(course_dir, assignment)
    if not students:
        raise ValueError(f"No submissions of {assignment!r} in {course_dir / 'submitted'}.")
    todo = []
    for student in students:
        marker = _marker(course_dir, assignment, student)
        stamp = _submission_stamp(course_dir, student, assignment)
        done = (
            not force
            and marker.is_file()
            and json.loads(marker.read_text()).get("stamp") == stamp
            and (course_dir / "autograded" / student / assignment).is_dir()
        )
        if done:
            summary.outcomes.append(Outcome(student, "skipped"))
        else:
            todo.append((student, stamp))
    stamps = dict(todo)

    start = time.time()
    ctx = mp.get_context("spawn")
    tasks, results = ctx.Queue(), ctx.Queue()
    for student, _ in todo:
        tasks.put(student)
    n_workers = min(wanted, len(todo))
    # Short, private and removed at the end (a Unix socket's path must stay under ~100 bytes).
    socket_dir = tempfile.mkdtemp(prefix="bmc-ag-") if os.name == "posix" else ""
    args = (str(course_dir), assignment, memory_limit_mb, socket_dir, tasks, results)
    workers = {}
    for _ in range(n_workers):
        w = ctx.Process(target=_worker, args=args, daemon=True)
        w.start()
        workers[w.pid] = w
    running: dict[str, tuple[int, float]] = {}
    first_failure: dict[str, str] = {}  # students being tried a second time, and why
    finished = 0
    try:
        while finished < len(todo):
            try:
                msg = results.get(timeout=1.0)
            except queue.Empty:
                msg = None
            now = time.time()
            if msg and msg[0] == "start":
                running[msg[1]] = (msg[2], msg[3])
            elif msg and msg[0] == "done":
                student, ok, detail = msg[1], msg[2], msg[3]
                pid, t0 = running.pop(student, (0, now))
                if not ok and student not in first_failure:
                    first_failure[student] = detail.strip()
                    progress(f"{student}: failed ({detail.strip()}); trying once more")
                    tasks.put(student)
                    continue
                finished += 1
                attempts = 2 if student in first_failure else 1
                if ok:
                    detail = first_failure.get(student, "")
                outcome = Outcome(
                    student, "graded" if ok else "failed", now - t0, detail.strip(), attempts
                )
                summary.outcomes.append(outcome)
                if ok:
                    marker = _marker(course_dir, assignment, student)
                    marker.parent.mkdir(parents=True, exist_ok=True)
                    marker.write_text(json.dumps({"stamp": stamps[student], "at": now}))
                took = f"{outcome.seconds:.1f} s" + (", second attempt" if attempts > 1 else "")
                progress(f"[{finished}/{len(todo)}] {student}: {outcome.status} ({took})")
            for student, (pid, t0) in list(running.items()):
                if now - t0 > limit:
                    _kill_group(pid)
                    running.pop(student)
                    workers.pop(pid, None)
                    finished += 1
                    summary.outcomes.append(
                        Outcome(
                            student, "timed_out", now - t0, f"over {limit:.0f} s; worker stopped"
                        )
                    )
                    progress(f"[{finished}/{len(todo)}] {student}: timed out")
                    if finished < len(todo):
                        w = ctx.Process(target=_worker, args=args, daemon=True)
                        w.start()
                        workers[w.pid] = w
            for pid, w in list(workers.items()):
                if not w.is_alive() and finished < len(todo):
                    # A worker died (for example the memory limit hit nbgrader itself): report
                    # what it was grading and replace it.
                    workers.pop(pid)
                    for student, (rpid, t0) in list(running.items()):
                        if rpid == pid:
                            running.pop(student)
                            finished += 1
                            summary.outcomes.append(
                                Outcome(
                                    student, "failed", now - t0, f"worker exited ({w.exitcode})"
                                )
                            )
                    w2 = ctx.Process(target=_worker, args=args, daemon=True)
                    w2.start()
                    workers[w2.pid] = w2
    finally:
        for _ in workers:
            tasks.put(None)
        for w in workers.values():
            w.join(timeout=10)
            if w.is_alive():
                _kill_group(w.pid)
        if socket_dir:
            shutil.rmtree(socket_dir, ignore_errors=True)
    summary.seconds = time.time() - start
    _read_gradebook(summary, db_url, config, assignment)
    return summary


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (kernels start in their own session, so a process-group
    kill would miss them)."""
    try:
        out = subprocess.run(
            ["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2:
            children.setdefault(int(parts[1]), []).append(int(parts[0]))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _kill_group(pid: int) -> None:
    """Kill a worker, its process group and every process it started (its kernels)."""
    for victim in _descendants(pid):
        try:
            os.kill(victim, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_gradebook(summary: Summary, db_url: str, config, assignment: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    course_id = config.CourseDirectory.get("course_id") or ""
    with Gradebook(db_url, course_id=course_id) as gb:
        for outcome in summary.outcomes:
            try:
                sub = gb.find_submission(assignment, outcome.student)
            except MissingEntry:
                continue
            summary.scores[outcome.student] = sub.score
            if sub.needs_manual_grade and outcome.status in ("graded", "skipped"):
                summary.needs_manual.append(outcome.student)


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m course.grading autograde",
        description="Grade every submitted student of a quiz, in parallel where possible.",
    )
    parser.add_argument("assignment")
    parser.add_argument("--course-dir", default=".", help="the nbgrader course root (default: .)")
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: up to 4)"
    )
    parser.add_argument(
        "--student-timeout", type=float, default=None, help="seconds per submission"
    )
    parser.add_argument("--memory-limit-mb", type=int, default=DEFAULT_MEMORY_LIMIT_MB)
    parser.add_argument("--force", action="store_true", help="regrade everyone")
    args = parser.parse_args(argv)
    try:
        summary = autograde_class(
            args.assignment,
            course_dir=args.course_dir,
            jobs=args.jobs,
            student_timeout=args.student_timeout,
            memory_limit_mb=args.memory_limit_mb,
            force=args.force,
            progress=lambda line: print(line, file=sys.stderr, flush=True),
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(summary.table())
    return 0 if summary.ok else 1
