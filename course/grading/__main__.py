"""``python -m course.grading <command>``: instructor tools over nbgrader.

Commands: ``autograde`` (class-scale autograde) and ``analyse`` (item analysis after grading);
``python -m course.grading <command> --help`` for options.
"""

from __future__ import annotations

import sys


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) >= 2 else 2
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "autograde":
        from course.grading.autograde import main as autograde_main

        return autograde_main(rest)
    if command == "analyse":
        return _analyse(rest)
    print(f"unknown command {command!r}\n{__doc__}", file=sys.stderr)
    return 2


def _analyse(argv: list[str]) -> int:
    import argparse

    from course.grading.analysis import analyse, load_class_results, objective_mastery, report
    from course.quiz.bank import load_quizzes

    parser = argparse.ArgumentParser(prog="python -m course.grading analyse")
    parser.add_argument("assignment")
    parser.add_argument("--course-dir", default=".")
    args = parser.parse_args(argv)
    quiz = load_quizzes()[args.assignment]
    stats = analyse(quiz, load_class_results(args.course_dir, quiz))
    print(report(quiz, stats))
    print("\nMastery by learning objective:")
    for objective, value in sorted(objective_mastery(quiz, stats).items(), key=lambda kv: kv[1]):
        print(f"  {value:5.0%}  {objective}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
