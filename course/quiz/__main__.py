"""``python -m course.quiz build`` writes quizzes/source from the bank; ``check`` verifies it."""

from __future__ import annotations

import sys

from course.quiz.bank import load_items, load_quizzes
from course.quiz.builder import build_all


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else "build"
    items = load_items()
    quizzes = load_quizzes()
    print(f"Bank: {len(items)} items valid; {len(quizzes)} quizzes.")
    if command == "build":
        for path in build_all():
            print(f"wrote {path}")
        return 0
    if command == "check":
        stale = build_all(check=True)
        for path in stale:
            print(f"out of date: {path} (run: python -m course.quiz build)")
        return 1 if stale else 0
    print("usage: python -m course.quiz [build|check]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
