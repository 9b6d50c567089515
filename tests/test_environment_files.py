"""Binder's environment.yml and postBuild against pyproject.toml, and the set-up scripts."""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for req in requirements:
        m = re.fullmatch(r"([A-Za-z0-9_.\-\[\]]+)==([0-9][0-9A-Za-z.\-]*)", req.strip())
        assert m, f"not an exact pin: {req!r}"
        out[m.group(1).lower()] = m.group(2)
    return out


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    deps = env["dependencies"]
    python = [d for d in deps if isinstance(d, str) and d.startswith("python")]
    assert python == ["python=3.11"], "an explicit Python pin"
    assert "pip" in deps
    pip_section = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert pins(pip_section) == pins(project["dependencies"])
    assert len(pins(pip_section)) >= 8
    assert project["requires-python"].startswith(">=3.11")


def test_dev_extras_are_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert pins(project["optional-dependencies"]["dev"])


def test_postbuild_is_strict_and_installs_editable():
    post = ROOT / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    text = post.read_text()
    assert text.startswith("#!/usr/bin/env bash")
    assert "set -euo pipefail" in text
    assert "pip install --no-deps --editable ." in text
    assert "generate_assignment" in text
    assert "formgrader" in text


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    assert "python3 tasks.py test" in readme and "python3 tasks.py lab" in readme
    assert "python3 tasks.py test" in ci
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
    assert (
        "mybinder.org/v2/" in readme and "urlpath=lab/tree/notebooks/00_start_here.ipynb" in readme
    )
