"""Where the course's files are, found through the package and never through the working directory.

Notebooks execute with their own folder as the working directory and quizzes are graded from a
copy of the course elsewhere, so every asset is located from this file's position. The package is
installed in editable mode (README, CI, Binder), which keeps ``course/`` next to ``assets/``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
ASSETS = ROOT / "assets"
DATA = ASSETS / "data"
NOTEBOOKS = ROOT / "notebooks"
QUIZZES = ROOT / "quizzes"
BANK = QUIZZES / "bank"
QUIZ_SOURCE = QUIZZES / "source"


def data_file(name: str) -> Path:
    """Return the path of a data table in ``assets/data``; raise a clear error if it is missing."""
    path = DATA / name
    if not path.is_file():
        raise FileNotFoundError(
            f"The course data file {name!r} was not found in {DATA}. Is the course installed "
            "in editable mode (pip install -e .) from a complete copy of the repository?"
        )
    return path
