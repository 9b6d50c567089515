"""Make realistic submissions from a quiz's student version, for tests and benchmarks.

A submission is the released notebook with answer cells filled in as a learner would: right,
wrong or left blank per item, and optionally broken in the ways real submissions break. Each
comes with the exact score autograde must give it, computed from the bank, so a test can check
nbgrader's result to the point.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from course.quiz.bank import Item, Quiz

Choice = Literal["right", "wrong", "blank"]
FREE_TEXT_ANSWER = (
    "A metastasis is the primary cancer growing in bone; the cells look like the primary tumor "
    "and it is treated as that cancer."
)


def wrong_answer(item: Item):
    """A plausible wrong answer: another option, or a number well outside the tolerance."""
    if item.type == "single_best_answer":
        return next(k for k in item.option_keys if k != item.answer)
    if item.type == "numeric":
        return round(item.answer + 10 * item.tolerance + 1.0, 6)
    return "I am not sure."


def answer_line(n: int, item: Item, choice: Choice) -> str:
    if item.type == "free_text":
        return {"right": FREE_TEXT_ANSWER, "wrong": wrong_answer(item), "blank": ""}[choice]
    if choice == "blank":
        return f'answer_q{n} = ""' if item.type == "single_best_answer" else f"answer_q{n} = None"
    value = item.answer if choice == "right" else wrong_answer(item)
    return f"answer_q{n} = {json.dumps(value)}"


@dataclass(frozen=True)
class Submission:
    """A notebook (as a dict) and the score autograde must give it before manual grading."""

    name: str
    notebook: dict
    expected_auto_score: float
    needs_manual: tuple[str, ...]


def fill(student_nb: dict, quiz: Quiz, choices: Mapping[str, Choice], *, name: str) -> Submission:
    """Fill the answer cells; items not named in ``choices`` are left blank."""
    nb = copy.deepcopy(student_nb)
    position = {item.id: n for n, item in enumerate(quiz.items, start=1)}
    by_grade_id = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in nb["cells"]}
    score = 0.0
    manual = []
    for item in quiz.items:
        choice = choices.get(item.id, "blank")
        n = position[item.id]
        if item.type == "free_text":
            cell = by_grade_id[item.id]
            if choice != "blank":
                cell["source"] = answer_line(n, item, choice)
                manual.append(item.id)
            continue
        cell = by_grade_id[f"{item.id}-answer"]
        cell["source"] = answer_line(n, item, choice)
        if choice == "right":
            score += item.points
    return Submission(name, nb, score, tuple(manual))


def all_choices(quiz: Quiz, choice: Choice) -> dict[str, Choice]:
    return {item.id: choice for item in quiz.items}


def answer_cell(nb: dict, item: Item) -> dict:
    grade_id = item.id if item.type == "free_text" else f"{item.id}-answer"
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == grade_id:
            return cell
    raise KeyError(grade_id)


def find_test_cell(nb: dict, item: Item) -> int:
    for k, cell in enumerate(nb["cells"]):
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade_id") == item.id and cell["cell_type"] == "code":
            return k
    raise KeyError(item.id)
