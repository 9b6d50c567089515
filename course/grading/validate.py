"""Validate quiz notebooks both ways with nbgrader's Python API.

``nbgrader validate`` exits 0 even when tests fail, so the course never trusts its exit code:
:func:`validation_result` runs nbgrader's :class:`~nbgrader.validator.Validator` and returns
what it found, and :func:`check_both_ways` asserts that the instructor's source passes every
test and the generated student version passes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.validator import Validator
from traitlets.config import Config


@dataclass(frozen=True)
class ValidationResult:
    failed: int
    passed: int
    changed: int
    type_changed: int
    messages: tuple[str, ...]


def validation_result(
    notebook: Path, *, invert: bool = False, timeout: int = 30
) -> ValidationResult:
    """Run nbgrader's Validator on one notebook.

    With ``invert=False`` the result counts failing graded cells; with ``invert=True`` it counts
    passing ones (nbgrader reports only one side per run).
    """
    config = Config()
    config.Validator.invert = invert
    config.Validator.ignore_checksums = False
    config.Execute.timeout = timeout
    results = Validator(config=config).validate(str(Path(notebook).resolve()))
    messages = tuple(r.get("raw_error", r.get("source", "")) for r in results.get("failed", ()))
    return ValidationResult(
        failed=len(results.get("failed", ())),
        passed=len(results.get("passed", ())),
        changed=len(results.get("changed", ())),
        type_changed=len(results.get("type_changed", ())),
        messages=messages,
    )


def source_passes_all(notebook: Path) -> ValidationResult:
    return validation_result(notebook, invert=False)


def student_passes_none(notebook: Path) -> ValidationResult:
    return validation_result(notebook, invert=True)
