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
    """A notebook (as a dict) and the score autograde must give it before manual grading.

    ``raw`` replaces the notebook's JSON with other bytes (a file that is not valid JSON or not
    UTF-8); such a submission is expected to be reported as failed, and graded 0.
    """

    name: str
    notebook: dict
    expected_auto_score: float
    needs_manual: tuple[str, ...]
    expected_status: str = "graded"
    raw: bytes | None = None

    def file_bytes(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return json.dumps(self.notebook, ensure_ascii=False).encode("utf-8")


def fill(student_nb: dict, quiz: Quiz, choices: Mapping[str, Choice], *, name: str) -> Submission:
    """Fill the answer cells; items not named in ``choices`` are left blank."""
    nb = copy.deepcopy(student_nb)
    for cell in nb["cells"]:  # nbformat files may store sources as lists of lines
        if isinstance(cell.get("source"), list):
            cell["source"] = "".join(cell["source"])
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


def _variant(base: Submission, name: str, score: float, **kw) -> Submission:
    return Submission(name, base.notebook, score, kw.pop("manual", ()), **kw)


def adversarial_suite(student_nb: dict, quiz: Quiz, *, each_wrong: bool = True) -> list[Submission]:
    """Realistic and adversarial submissions, each with the exact score autograde must give.

    Correct, blank, each auto-graded item wrong in turn (``each_wrong``), and broken in the ways
    real submissions break: an infinite loop, ``sys.exit()``, ``os._exit()`` (the kernel dies), a
    memory hog, deleted, edited, split and duplicated test cells, warnings and text on stderr, a
    huge output, and files that are not UTF-8 or not JSON.
    """
    auto = [i for i in quiz.items if i.type != "free_text"]
    if len(auto) < 4:
        raise ValueError("the adversarial suite needs at least four auto-graded items")
    full = sum(i.points for i in auto)
    right = all_choices(quiz, "right")
    right_auto = {**right, **{i.id: "blank" for i in quiz.items if i.type == "free_text"}}

    def base(name: str, choices=None) -> Submission:
        return fill(student_nb, quiz, choices or right_auto, name=name)

    subs = [
        fill(student_nb, quiz, right, name="correct"),
        fill(student_nb, quiz, all_choices(quiz, "blank"), name="blank"),
    ]
    if each_wrong:
        for k, item in enumerate(auto, start=1):
            subs.append(base(f"wrong_{k:02d}", {**right_auto, item.id: "wrong"}))

    s = base("infinite_loop")
    cell = answer_cell(s.notebook, auto[0])
    cell["source"] = "while True:\n    pass\n" + cell["source"]
    subs.append(_variant(s, s.name, full - auto[0].points))

    s = base("sys_exit")
    cell = answer_cell(s.notebook, auto[1])
    cell["source"] = "import sys\nsys.exit()\n" + cell["source"]
    subs.append(_variant(s, s.name, full - auto[1].points))

    s = base("os_exit")
    cell = answer_cell(s.notebook, auto[-1])
    cell["source"] = "import os\nos._exit(1)\n" + cell["source"]
    # The kernel dies in the last answer cell: nbgrader restarts nothing, so that item scores 0.
    subs.append(_variant(s, s.name, full - auto[-1].points))

    s = base("memory_hog")
    cell = answer_cell(s.notebook, auto[2])
    cell["source"] = (
        "hog = []\nwhile True:\n    hog.append(bytearray(50_000_000))\n" + cell["source"]
    )
    subs.append(_variant(s, s.name, full - auto[2].points))

    s = base("deleted_test")
    del s.notebook["cells"][find_test_cell(s.notebook, auto[0])]
    subs.append(_variant(s, s.name, full))

    s = base("edited_test", {**right_auto, auto[1].id: "wrong"})
    s.notebook["cells"][find_test_cell(s.notebook, auto[1])]["source"] = "pass"
    subs.append(_variant(s, s.name, full - auto[1].points))

    s = base("split_test")
    k = find_test_cell(s.notebook, auto[2])
    original = s.notebook["cells"][k]
    lines = original["source"].split("\n")
    tail = copy.deepcopy(original)
    tail["metadata"] = {}
    tail["id"] = original.get("id", "x") + "-split"
    original["source"], tail["source"] = "\n".join(lines[:2]), "\n".join(lines[2:])
    s.notebook["cells"].insert(k + 1, tail)
    subs.append(_variant(s, s.name, full))

    s = base("duplicated_test")
    k = find_test_cell(s.notebook, auto[3])
    dup = copy.deepcopy(s.notebook["cells"][k])
    dup["id"] = dup.get("id", "x") + "-copy"
    s.notebook["cells"].insert(k + 1, dup)
    subs.append(_variant(s, s.name, full))

    s = base("noisy")
    cell = answer_cell(s.notebook, auto[0])
    cell["source"] = (
        "import sys, warnings\nwarnings.warn('a student warning')\n"
        "print('to stderr', file=sys.stderr)\nprint('x' * 2_000_000)\n"
        "for _ in range(5000):\n    print('line')\n" + cell["source"]
    )
    subs.append(_variant(s, s.name, full))

    s = base("unicode_text")
    cell = answer_cell(s.notebook, auto[1])
    cell["source"] = "# Réponse — 答案 — ✓ \U0001f600\n" + cell["source"]
    subs.append(_variant(s, s.name, full))

    s = base("not_utf8")
    text = json.dumps(s.notebook, ensure_ascii=False).replace("# Question", "# Qu\u00e9stion", 1)
    subs.append(
        _variant(
            s, s.name, 0.0, expected_status="failed", raw=text.encode("latin-1", errors="replace")
        )
    )

    s = base("not_json")
    subs.append(_variant(s, s.name, 0.0, expected_status="failed", raw=b'{"cells": [ this is not'))
    return subs
