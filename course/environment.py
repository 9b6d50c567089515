"""``course.check_environment()``: is everything the course needs in place?

It checks the Python version, the packages (with the versions the course was tested with),
that the course's data files are found through the package, and whether a widget front end
is likely available. It prints a short table and returns the findings, so a learner can paste
it into an error report.
"""

from __future__ import annotations

import importlib.metadata as md
import sys
from dataclasses import dataclass

from course import __version__
from course.paths import ASSETS, BANK, DATA, NOTEBOOKS

#: Packages the course needs at run time, with the versions CI tests (pyproject.toml pins).
REQUIRED = {
    "jupyterlab": "4.6.6",
    "ipywidgets": "8.1.9",
    "nbgrader": "0.9.6",
    "matplotlib": "3.11.2",
    "numpy": "2.4.6",
    "scipy": "1.17.1",
}


@dataclass(frozen=True)
class Finding:
    name: str
    ok: bool
    detail: str


@dataclass(frozen=True)
class EnvironmentReport:
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)

    def as_text(self) -> str:
        width = max(len(f.name) for f in self.findings)
        lines = [f"Bone Metastases course {__version__}, Python {sys.version.split()[0]}"]
        for f in self.findings:
            lines.append(f"  {'OK ' if f.ok else 'FIX'}  {f.name:<{width}}  {f.detail}")
        lines.append(
            "Everything is in place."
            if self.ok
            else "Something needs attention: see the lines marked FIX (README, 'Getting help')."
        )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.as_text()


def _version(dist: str) -> str | None:
    try:
        return md.version(dist)
    except md.PackageNotFoundError:
        return None


def check_environment(*, verbose: bool = True) -> EnvironmentReport:
    """Check the environment; print a table when ``verbose`` and return the report."""
    findings = [
        Finding(
            "python",
            sys.version_info[:2] >= (3, 11),
            f"{sys.version_info.major}.{sys.version_info.minor} (3.11 or newer needed)",
        )
    ]
    for dist, tested in REQUIRED.items():
        found = _version(dist)
        if found is None:
            findings.append(Finding(dist, False, f"not installed (tested with {tested})"))
        else:
            note = "" if found == tested else f" (tested with {tested}; probably fine)"
            findings.append(Finding(dist, True, f"{found}{note}"))
    for label, path in (("course data", DATA), ("question bank", BANK), ("notebooks", NOTEBOOKS)):
        findings.append(Finding(label, path.is_dir(), str(path.relative_to(ASSETS.parent))))
    report = EnvironmentReport(tuple(findings))
    if verbose:
        print(report.as_text())
    return report
