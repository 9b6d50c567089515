"""Item analysis after grading: which questions worked?

Reads nbgrader's gradebook (scores per item) and the autograded notebooks (which option each
student chose), and computes per item:

- **difficulty**: the proportion of the available points the class earned (p; 1 = everyone right);
- **discrimination**: the point-biserial correlation between the item score and the rest of the
  test (total minus the item), and the upper-lower index (p in the top 27% minus p in the bottom
  27% by rest score);
- **choice distribution** for single-best-answer items;

and per learning objective the class's mastery (mean proportion of points). Items are flagged
when discrimination is negative (stronger students do worse: often a wrong key or an ambiguous
stem), when almost nobody (p < 0.2) or everybody (p > 0.95) gets them right.

Pure Python over data; :func:`load_class_results` reads the gradebook.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from course.quiz.bank import Quiz

_ANSWER = re.compile(r"""^\s*answer_q(\d+)\s*=\s*(.+?)\s*(#.*)?$""", re.M)


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    objective: str
    max_points: float
    n: int
    difficulty: float
    point_biserial: float | None
    upper_lower: float | None
    choices: dict[str, int] = field(default_factory=dict)
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassResults:
    """Scores per student and item (None: not graded yet) and each student's chosen options."""

    scores: dict[str, dict[str, float | None]]
    choices: dict[str, dict[str, str]]


def _pearson(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3:
        return None
    sx, sy = statistics.pstdev(xs), statistics.pstdev(ys)
    if sx == 0 or sy == 0:
        return None
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / len(xs)
    return cov / (sx * sy)


def analyse(quiz: Quiz, results: ClassResults) -> list[ItemStats]:
    """Statistics for every item of a quiz over the students with complete scores."""
    students = [
        s
        for s, row in results.scores.items()
        if all(row.get(i.id) is not None for i in quiz.items if i.type != "free_text")
    ]
    totals = {s: sum(v or 0.0 for v in results.scores[s].values()) for s in students}
    out = []
    for item in quiz.items:
        graded = [s for s in students if results.scores[s].get(item.id) is not None]
        flags: list[str] = []
        if not graded:
            out.append(
                ItemStats(
                    item.id,
                    item.objective,
                    item.points,
                    0,
                    math.nan,
                    None,
                    None,
                    flags=("not graded yet",),
                )
            )
            continue
        frac = [results.scores[s][item.id] / item.points for s in graded]
        rest = [totals[s] - results.scores[s][item.id] for s in graded]
        p = statistics.fmean(frac)
        rpb = _pearson(frac, rest)
        ul = None
        if len(graded) >= 6:
            ranked = sorted(graded, key=lambda s: totals[s] - results.scores[s][item.id])
            k = max(1, round(0.27 * len(ranked)))
            low, high = ranked[:k], ranked[-k:]
            ul = statistics.fmean(
                results.scores[s][item.id] / item.points for s in high
            ) - statistics.fmean(results.scores[s][item.id] / item.points for s in low)
        choices: dict[str, int] = {}
        if item.type == "single_best_answer":
            counts = Counter(results.choices.get(s, {}).get(item.id, "(blank)") for s in graded)
            choices = {k: counts.get(k, 0) for k in (*item.option_keys, "(blank)", "(other)")}
            choices["(other)"] += sum(v for k, v in counts.items() if k not in choices)
        if rpb is not None and rpb < 0:
            flags.append("negative discrimination: check the key and the stem")
        if p < 0.2:
            flags.append("nearly everyone wrong: check the key, or teach it again")
        if p > 0.95:
            flags.append("nearly everyone right: it does not separate")
        out.append(
            ItemStats(
                item.id, item.objective, item.points, len(graded), p, rpb, ul, choices, tuple(flags)
            )
        )
    return out


def objective_mastery(quiz: Quiz, stats: list[ItemStats]) -> dict[str, float]:
    """Mean proportion of points per learning objective (items weighted by their points)."""
    by_obj: dict[str, list[tuple[float, float]]] = {}
    for s in stats:
        if s.n and not math.isnan(s.difficulty):
            by_obj.setdefault(s.objective, []).append((s.difficulty, s.max_points))
    return {
        obj: sum(p * w for p, w in rows) / sum(w for _, w in rows) for obj, rows in by_obj.items()
    }


def parse_choices(notebook: dict, quiz: Quiz) -> dict[str, str]:
    """The option letter each single-best-answer item was given in a submitted notebook."""
    by_n = {n: item for n, item in enumerate(quiz.items, start=1)}
    chosen: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        for m in _ANSWER.finditer(src):
            item = by_n.get(int(m.group(1)))
            if item is None or item.type != "single_best_answer":
                continue
            value = m.group(2).strip().strip("'\"").strip().upper()
            if value:
                chosen[item.id] = value if value in item.option_keys else "(other)"
    return chosen


def load_class_results(course_dir: Path | str, quiz: Quiz, *, db_url: str | None = None):
    """Read scores from the gradebook and choices from the autograded notebooks."""
    import json

    from nbgrader.api import Gradebook

    from course.grading.autograde import gradebook_url, load_course_config

    course_dir = Path(course_dir)
    config = load_course_config(course_dir)
    url = db_url or gradebook_url(course_dir, config)
    course_id = config.CourseDirectory.get("course_id") or ""
    scores: dict[str, dict[str, float | None]] = {}
    choices: dict[str, dict[str, str]] = {}
    with Gradebook(url, course_id=course_id) as gb:
        for sub in gb.assignment_submissions(quiz.name):
            row: dict[str, float | None] = {}
            for nb in sub.notebooks:
                for grade in nb.grades:
                    row[grade.name] = None if grade.needs_manual_grade else grade.score
            scores[sub.student.id] = row
            path = course_dir / "autograded" / sub.student.id / quiz.name / f"{quiz.name}.ipynb"
            if path.is_file():
                choices[sub.student.id] = parse_choices(json.loads(path.read_text()), quiz)
    return ClassResults(scores, choices)


def report(quiz: Quiz, stats: list[ItemStats]) -> str:
    """A plain-text table of the item statistics and flags."""
    lines = [
        f"Item analysis for {quiz.name} ({max((s.n for s in stats), default=0)} students)",
        f"{'item':<40} {'p':>5} {'r_pb':>6} {'U-L':>6}  flags",
    ]
    for s in stats:

        def fmt(v):
            return "  -  " if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:5.2f}"

        lines.append(
            f"{s.item_id:<40} {fmt(s.difficulty)} {fmt(s.point_biserial):>6} "
            f"{fmt(s.upper_lower):>6}  {'; '.join(s.flags)}"
        )
    return "\n".join(lines)
