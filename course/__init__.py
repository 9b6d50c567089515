"""Bone Metastases: an interactive Jupyter course.

The helper package behind the notebooks. Importing it is cheap and has no side effects:
heavy libraries (numpy, scipy, matplotlib, ipywidgets) are imported by the submodules that
need them, when they are first used.

For education only, not for clinical decisions.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: Shown under every widget and calculator.
EDUCATION_ONLY = "For education only, not for clinical decisions."

#: When the clinical content was last reviewed, and against which guideline editions.
CONTENT_REVIEW = {
    "date": "2026-11",
    "guidelines": (
        "NICE NG234 (2023, metastatic spinal cord compression)",
        "ESMO bone health in cancer (Coleman et al., Ann Oncol 2020)",
        "ASCO/CCO bone-modifying agents in metastatic breast cancer (2017 focused update)",
        "CTCAE v5.0 (2017)",
    ),
}

__all__ = ["CONTENT_REVIEW", "EDUCATION_ONLY", "__version__", "check_environment"]


def check_environment(*, verbose: bool = True):
    """Check that the course's packages and files are in place; see :mod:`course.environment`."""
    from course.environment import check_environment as _check

    return _check(verbose=verbose)
