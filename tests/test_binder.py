"""Binder for real, as far as this machine allows (no conda, no Docker): install environment.yml's
pip section into a clean virtual environment, check it, run postBuild in a copy of the repository,
and use the result the way a self-learner would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def tracked_copy(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    names = [n for n in files.stdout.decode().split("\0") if n]
    if not names:
        pytest.skip("not a git checkout: cannot copy the tracked files")
    for name in names:
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


@pytest.mark.slow
def test_binder_environment_and_postbuild(tmp_path):
    if sys.version_info[:2] != (3, 11):
        pytest.skip("environment.yml pins Python 3.11")
    env_spec = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_reqs = next(d["pip"] for d in env_spec["dependencies"] if isinstance(d, dict))
    repo = tracked_copy(tmp_path / "repo")
    prefix = tmp_path / "binder-env"
    venv.EnvBuilder(with_pip=True).create(prefix)
    py = prefix / "bin" / "python"
    env = {"PATH": f"{prefix / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path / "home")}
    run = dict(cwd=repo, env=env, capture_output=True, text=True)
    proc = subprocess.run([py, "-m", "pip", "install", "-q", *pip_reqs], **run, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    proc = subprocess.run([py, "-m", "pip", "check"], **run)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    proc = subprocess.run(["bash", "postBuild"], **run, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]

    # The course imports from the Binder environment and finds its assets in the copy.
    code = (
        "import course, course.paths as p; print(p.ROOT); "
        "print(course.check_environment(verbose=False).ok)"
    )
    proc = subprocess.run([py, "-c", code], **run)
    assert proc.stdout.split() == [str(repo), "True"], proc.stderr
    # Student versions of every quiz exist for self-learners, without solutions.
    quizzes = sorted(p.name for p in (repo / "quizzes" / "source").iterdir() if p.is_dir())
    assert quizzes
    for name in quizzes:
        text = (repo / "quizzes" / "release" / name / f"{name}.ipynb").read_text()
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    # Instructor-only parts of nbgrader are hidden from learners (sys-prefix configuration).
    page_config = json.loads((prefix / "etc/jupyter/labconfig/page_config.json").read_text())
    disabled = page_config.get("disabledExtensions", {})
    assert disabled.get("@jupyter/nbgrader:formgrader") is True
    assert disabled.get("@jupyter/nbgrader:create-assignment") is True
    # jupyter_server reads conf.d files in name order, so the formgrader's own file (written by
    # `jupyter server extension disable`) overrides nbgrader's default.
    confd = prefix / "etc/jupyter/jupyter_server_config.d"
    merged: dict[str, bool] = {}
    for path in sorted(confd.glob("*.json")):
        merged.update(
            json.loads(path.read_text()).get("ServerApp", {}).get("jpserver_extensions", {})
        )
    assert merged.get("nbgrader.server_extensions.formgrader") is False
    assert merged.get("nbgrader.server_extensions.assignment_list") is True
