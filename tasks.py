#!/usr/bin/env python3
"""Set up and run the course with one command (Linux, macOS and Windows).

    python3 tasks.py lab     create .venv if needed, install the course, open JupyterLab
    python3 tasks.py test    the same with the test tools, then run every test
    python3 tasks.py build   regenerate the quizzes' source notebooks from the question bank

Only the Python standard library is used here, so this works on a fresh machine with
Python 3.11. The environment lives in .venv next to this file; it is reinstalled only when
pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".install-stamp"
LANDING = "notebooks/00_start_here.ipynb"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def venv_bin() -> Path:
    return venv_python().parent


def run(cmd: list[str], **kwargs) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def ensure_env(*, dev: bool) -> None:
    if sys.version_info[:2] != (3, 11):
        print(
            f"Note: the course is tested with Python 3.11; this is {sys.version.split()[0]}.",
            file=sys.stderr,
        )
    if not venv_python().exists():
        print(f"Creating the course environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    extras = ".[dev]" if dev else "."
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    have = STAMP.read_text().split() if STAMP.exists() else []
    if wanted in have:
        return
    run([venv_python(), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    run([venv_python(), "-m", "pip", "install", "--quiet", "--editable", extras], cwd=ROOT)
    STAMP.write_text(" ".join([*have, wanted]))


def env_with_venv() -> dict[str, str]:
    env = dict(os.environ)
    # nbgrader calls helper programs (alembic) by name: put the venv first on PATH.
    env["PATH"] = str(venv_bin()) + os.pathsep + env.get("PATH", "")
    env.setdefault("MPLBACKEND", "Agg")
    return env


def cmd_lab(args: list[str]) -> int:
    ensure_env(dev=False)
    env = env_with_venv()
    env.pop("MPLBACKEND", None)
    run([venv_python(), "-m", "jupyter", "lab", LANDING, *args], cwd=ROOT, env=env)
    return 0


def cmd_test(args: list[str]) -> int:
    ensure_env(dev=True)
    proc = subprocess.run(
        [str(venv_python()), "-m", "pytest", "-n", "2", "--dist", "loadgroup", *args],
        cwd=ROOT,
        env=env_with_venv(),
    )
    return proc.returncode


def cmd_build(args: list[str]) -> int:
    ensure_env(dev=False)
    return subprocess.run(
        [str(venv_python()), "-m", "course.quiz", "build", *args], cwd=ROOT, env=env_with_venv()
    ).returncode


COMMANDS = {"lab": cmd_lab, "test": cmd_test, "build": cmd_build}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    try:
        return COMMANDS[sys.argv[1]](sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        print(f"Failed: {exc}", file=sys.stderr)
        return exc.returncode or 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
