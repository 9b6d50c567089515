"""Build the nbgrader source notebooks of the graded quizzes from the question bank.

Each item becomes a read-only question cell, an answer cell and a test cell:

- single best answer and numeric items: a code answer cell (``grade_id`` ``<item id>-answer``)
  where the learner sets a plain variable (``answer_q3 = "C"``), and a test cell whose
  ``grade_id`` is the item id and that carries the points. Its visible part checks the
  answer's format (so *Validate* helps the learner); its hidden part checks correctness.
- free-text items: a Markdown answer cell graded by a person (``grade_id`` is the item id),
  with the model answer and the mark scheme inside the solution region, which nbgrader removes
  from the student version.

The notebooks are a pure function of the bank (deterministic cell ids and text), so a test can
check that the committed ``quizzes/source`` is current. Pure: no nbgrader, IPython or widgets.
"""

from __future__ import annotations

import json
from pathlib import Path

from course.paths import QUIZ_SOURCE
from course.quiz.bank import Item, Quiz, load_quizzes

NBGRADER_SCHEMA = 3
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
EDUCATION_NOTE = "For education only, not for clinical decisions."


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float = 0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": NBGRADER_SCHEMA,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(cell_type: str, cell_id: str, source: str, metadata: dict) -> dict:
    cell = {"cell_type": cell_type, "id": cell_id, "metadata": metadata, "source": source}
    if cell_type == "code":
        cell["execution_count"] = None
        cell["outputs"] = []
    return cell


def _points(p: float) -> str:
    return f"{p:g} point" + ("" if p == 1 else "s")


def _question_markdown(n: int, item: Item) -> str:
    lines = [f"### Question {n} ({_points(item.points)})", "", item.stem.strip(), ""]
    if item.type == "single_best_answer":
        lines += [f"- **{o.key}.** {o.text}" for o in item.options]
        lines += ["", f'Set `answer_q{n}` to the letter of the single best answer, e.g. `"A"`.']
    elif item.type == "numeric":
        unit = f" in {item.units}" if item.units else ""
        lines += [f"Set `answer_q{n}` to a number{unit} (a plain number, without units)."]
    else:
        lines += ["Write your answer in the cell below (replace the placeholder text)."]
    return "\n".join(lines)


def _answer_code(n: int, item: Item) -> str:
    if item.type == "single_best_answer":
        stub, key = f'answer_q{n} = ""  # one letter, for example "A"', json.dumps(item.answer)
    else:
        unit = f" in {item.units}" if item.units else ""
        stub, key = f"answer_q{n} = None  # a number{unit}", repr(item.answer)
    return "\n".join([stub, "### BEGIN SOLUTION", f"answer_q{n} = {key}", "### END SOLUTION"])


def _test_code(n: int, item: Item) -> str:
    var = f"answer_q{n}"
    if item.type == "single_best_answer":
        letters = ", ".join(json.dumps(k) for k in item.option_keys)
        visible = [
            f"# Question {n}: this cell checks the form of your answer; its correctness is checked",
            "# when your quiz is graded.",
            f"assert type({var}) is str, 'answer_q{n} must be a letter in quotes, e.g. \"A\".'",
            f"assert {var}.strip().upper() in ({letters},), "
            f"'answer_q{n} must be one of the letters {item.option_keys[0]} to "
            f"{item.option_keys[-1]}.'",
        ]
        hidden = [f"assert {var}.strip().upper() == {json.dumps(item.answer)}"]
    else:
        visible = [
            f"# Question {n}: this cell checks the form of your answer; its correctness is checked",
            "# when your quiz is graded.",
            f"assert type({var}) in (int, float), 'answer_q{n} must be a plain number, e.g. 12.5.'",
            f"assert {var} == {var} and -1e12 < {var} < 1e12, "
            f"'answer_q{n} must be a finite number.'",
        ]
        lo = item.answer - item.tolerance
        hi = item.answer + item.tolerance
        hidden = [f"assert {lo!r} <= {var} <= {hi!r}"]
    return "\n".join([*visible, "### BEGIN HIDDEN TESTS", *hidden, "### END HIDDEN TESTS"])


def _free_text_answer(item: Item) -> str:
    scheme = "\n".join(f"- ({c.points:g}) {c.criterion}" for c in item.mark_scheme)
    return "\n".join(
        [
            "### BEGIN SOLUTION",
            f"**Model answer.** {item.model_answer.strip()}",
            "",
            f"**Mark scheme ({_points(item.points)}).**",
            scheme,
            "### END SOLUTION",
        ]
    )


def build_notebook(quiz: Quiz) -> dict:
    """The nbgrader source notebook of one quiz, as a notebook dict (nbformat 4.5)."""
    intro = "\n".join(
        [
            f"# {quiz.title}",
            "",
            quiz.intro.strip(),
            "",
            f"**{len(quiz.items)} questions, {_points(quiz.max_points)} in all.** Answer in the "
            "answer cells: set each `answer_qN` variable (single best answer: one letter in "
            "quotes; numeric: a plain number). Run each answer cell and the check below it, or "
            "press **Validate**, to see whether your answer has the right form; correctness is "
            "checked when the quiz is graded. Do not delete or edit the check cells.",
            "",
            f"*{EDUCATION_NOTE} Every vignette is about a synthetic patient.*",
        ]
    )
    cells = [
        _cell(
            "markdown",
            f"{quiz.name}-intro",
            intro,
            _meta(f"{quiz.name}-intro", grade=False, solution=False, locked=True),
        )
    ]
    for n, item in enumerate(quiz.items, start=1):
        cells.append(
            _cell(
                "markdown",
                f"{item.id}-question",
                _question_markdown(n, item),
                _meta(f"{item.id}-question", grade=False, solution=False, locked=True),
            )
        )
        if item.type == "free_text":
            cells.append(
                _cell(
                    "markdown",
                    item.id,
                    _free_text_answer(item),
                    _meta(item.id, grade=True, solution=True, locked=False, points=item.points),
                )
            )
            continue
        cells.append(
            _cell(
                "code",
                f"{item.id}-answer",
                _answer_code(n, item),
                _meta(f"{item.id}-answer", grade=False, solution=True, locked=False),
            )
        )
        cells.append(
            _cell(
                "code",
                item.id,
                _test_code(n, item),
                _meta(item.id, grade=True, solution=False, locked=True, points=item.points),
            )
        )
    refs = sorted({r for item in quiz.items for r in item.references})
    ref_md = "## References\n\n" + "\n".join(f"{k}. {r}" for k, r in enumerate(refs, start=1))
    cells.append(
        _cell(
            "markdown",
            f"{quiz.name}-references",
            ref_md,
            _meta(f"{quiz.name}-references", grade=False, solution=False, locked=True),
        )
    )
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": KERNELSPEC,
            "language_info": {"name": "python"},
            "course": {"quiz": quiz.name, "generated_from": "quizzes/bank"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def notebook_text(quiz: Quiz) -> str:
    """The notebook serialized exactly as it is committed."""
    return json.dumps(build_notebook(quiz), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def source_path(name: str, root: Path | None = None) -> Path:
    root = Path(root) if root is not None else QUIZ_SOURCE
    return root / name / f"{name}.ipynb"


def build_all(root: Path | None = None, *, check: bool = False) -> list[Path]:
    """Write (or, with ``check=True``, compare) every quiz's source notebook.

    Returns the paths written, or with ``check`` the paths that are out of date.
    """
    stale = []
    for name, quiz in load_quizzes().items():
        path = source_path(name, root)
        text = notebook_text(quiz)
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return stale
