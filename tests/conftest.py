"""Shared fixtures: where the course is, and how to run nbgrader for real in a scratch course."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
SAMPLE_BANK = TESTS / "data" / "bank"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def nbgrader_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for nbgrader's commands: this interpreter's bin first on PATH (alembic)."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.setdefault("MPLBACKEND", "Agg")
    env.pop("NBGRADER_DB_URL", None)
    if extra:
        env.update(extra)
    return env


def run_nbgrader(args: list[str], cwd: Path, *, env: dict[str, str] | None = None, timeout=600):
    """Run a real nbgrader command; fail the test with its output if it exits non-zero."""
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=cwd,
        env=env or nbgrader_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"nbgrader {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
        )
    return proc


def make_course_copy(tmp_path: Path, quizzes: list[str]) -> Path:
    """A scratch nbgrader course: the course's config and the named quizzes' sources."""
    course = tmp_path / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    for name in quizzes:
        shutil.copytree(ROOT / "quizzes" / "source" / name, course / "source" / name)
    return course


# --- Gradebooks: SQLite always; PostgreSQL where a server is configured (always under CI) -------

PG_ADMIN_URL = os.environ.get("COURSE_TEST_PG_ADMIN_URL", "")


def _new_pg_database(name: str) -> str:
    """Create an empty database on the test server and return its SQLAlchemy URL."""
    import psycopg2

    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    return base.replace("postgresql://", "postgresql+psycopg2://", 1) + "/" + name


@pytest.fixture(params=["sqlite", "postgresql"])
def gradebook(request, tmp_path):
    """(kind, db_url or None): None means the course's default SQLite file."""
    if request.param == "sqlite":
        return "sqlite", None
    if not PG_ADMIN_URL:
        if IN_CI:
            pytest.fail(
                "CI=true but COURSE_TEST_PG_ADMIN_URL is not set: .ci/run starts PostgreSQL"
            )
        pytest.skip("no PostgreSQL test server (set COURSE_TEST_PG_ADMIN_URL; .ci/run does)")
    import re

    name = "nbg_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[-40:]
    return "postgresql", _new_pg_database(name)


# --- the class deployment's hub configuration, without root or a hub ----------------------------

DEPLOY_HUB = ROOT / "deploy" / "jupyterhub"


def example_class(tmp_path: Path, monkeypatch):
    """deploy/jupyterhub/class.example.toml installed in miniature: its prefix under tmp_path,
    this account as the grader account, the root-only files an install writes, and
    $COURSE_CLASS_CONFIG pointing at it. Returns the settings."""
    import pwd
    import tomllib

    sys.path.insert(0, str(DEPLOY_HUB))
    from classconfig import parse

    me = pwd.getpwuid(os.getuid()).pw_name
    text = (DEPLOY_HUB / "class.example.toml").read_text()
    text = text.replace('prefix = "/opt/bone-metastases"', f'prefix = "{tmp_path / "prefix"}"')
    text = text.replace('grader_account = "grader-bone-metastases"', f'grader_account = "{me}"')
    settings = parse(tomllib.loads(text))
    settings.etc.mkdir(parents=True)
    settings.hub_dir.mkdir()
    settings.password_file.write_text("a-shared-password\n")
    settings.admin_token_file.write_text("0123abcd\n")
    settings.settings_file.write_text(text)
    monkeypatch.setenv("COURSE_CLASS_CONFIG", str(settings.settings_file))
    return settings


def run_hub_config():
    """Execute deploy/jupyterhub/jupyterhub_config.py as JupyterHub would; returns the config
    and the local additions it asked to load (``load_subconfig``)."""
    from traitlets.config import Config

    c = Config()
    loaded: list[str] = []
    path = DEPLOY_HUB / "jupyterhub_config.py"
    namespace = {
        "get_config": lambda: c,
        "load_subconfig": loaded.append,
        "__file__": str(path),
        "__name__": "jupyterhub_config",
    }
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return c, loaded
