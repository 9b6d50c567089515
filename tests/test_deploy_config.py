"""The class deployment's settings and hub configuration, without root or a hub.

tests/test_hub_class.py runs the real thing; these check the pieces quickly everywhere: the
settings file and its errors, the hub configuration it produces, the gradebook block classctl
writes, the demo's settings, and that every link in the notebooks works in a learner's copy.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import example_class, run_hub_config
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
sys.path.insert(0, str(DEPLOY))

import classconfig  # noqa: E402
import classctl  # noqa: E402
from classconfig import (  # noqa: E402
    LANDING,
    STUDENT_COPY,
    STUDENT_FOLDER,
    ClassConfigError,
    load,
    parse,
)

EXAMPLE = DEPLOY / "class.example.toml"


def example() -> dict:
    return tomllib.loads(EXAMPLE.read_text())


def test_the_example_settings_are_valid_and_complete():
    s = load(EXAMPLE)
    assert s.course_id == "bone-metastases"
    assert s.authenticator == "shared-password"
    assert s.instructors == ("instructor",) and s.graders == ("ta1",)
    assert s.students == ("student1", "student2", "student3")
    assert s.people == ("instructor", "ta1", "student1", "student2", "student3")
    assert s.formgrade_group == "formgrade-bone-metastases"
    assert s.student_group == "nbgrader-bone-metastases"
    assert s.gradebook_url.startswith("postgresql+psycopg2://")
    assert (s.port, s.hub_port, s.proxy_api_port, s.service_port) == (8000, 8001, 8002, 8003)
    assert s.cull_idle_after == 3600


BROKEN = {
    "course id with capitals": (lambda d: d.update(course_id="Bone"), "course_id"),
    "relative prefix": (lambda d: d.update(prefix="opt/x"), "prefix"),
    "unknown authenticator": (lambda d: d["hub"].update(authenticator="dummy"), "authenticator"),
    "port out of range": (lambda d: d["hub"].update(port=65535), "port"),
    "mysql gradebook": (lambda d: d["gradebook"].update(url="mysql://x"), "gradebook"),
    "bad user name": (lambda d: d["people"].update(students=["Student 1"]), "valid Unix"),
    "no instructor": (lambda d: d["people"].update(instructors=[]), "at least one instructor"),
    "student and grader": (
        lambda d: d["people"].update(students=["ta1"]),
        "either a student or staff",
    ),
    "grader account is a person": (
        lambda d: d["people"].update(grader_account="student1"),
        "grader_account",
    ),
    "certificate without key": (lambda d: d["hub"].update(ssl_cert="/etc/x.pem"), "ssl_key"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_settings_file_is_refused_with_its_reason(case):
    assert BROKEN, "no cases"
    data = example()
    change, reason = BROKEN[case]
    change(data)
    with pytest.raises(ClassConfigError, match=re.escape(reason)):
        parse(data)


def test_a_missing_or_malformed_file_says_which(tmp_path):
    with pytest.raises(ClassConfigError, match="no such class settings file"):
        load(tmp_path / "nope.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("course_id = \n")
    with pytest.raises(ClassConfigError, match="bad.toml"):
        load(bad)


def test_classctl_check_reports_errors_with_exit_code_2(tmp_path, capsys):
    bad = tmp_path / "class.toml"
    bad.write_text(EXAMPLE.read_text().replace('course_id = "bone-metastases"', 'course_id = "X"'))
    assert classctl.main(["check", "--config", str(bad)]) == 2
    assert "course_id" in capsys.readouterr().err
    assert classctl.main(["check", "--config", str(EXAMPLE)]) == 0
    assert "5 people" in capsys.readouterr().out


def test_the_demo_settings_parse():
    class Args:
        prefix, port, db_url = "/opt/demo", 8123, ""

    s = parse(tomllib.loads(classctl.demo_toml(Args)))
    assert s.prefix == Path("/opt/demo") and s.port == 8123 and s.gradebook_url == ""
    assert len(s.students) == 3 and s.instructors and s.graders
    assert s.grader_account not in s.people


def test_the_gradebook_block_is_written_once_and_replaced(tmp_path):
    config = tmp_path / "nbgrader_config.py"
    config.write_text("c = get_config()\nc.X = 1\n")
    s = parse(example())
    classctl.set_gradebook(config, s)
    classctl.set_gradebook(config, s)
    text = config.read_text()
    assert text.count(classctl.MANAGED_BEGIN) == 1 and text.startswith("c = get_config()\nc.X = 1")
    assert f"c.CourseDirectory.db_url = {s.gradebook_url!r}" in text
    other = example()
    other["gradebook"]["url"] = "postgresql+psycopg2://g:p@db:5432/other"
    classctl.set_gradebook(config, parse(other))
    text = config.read_text()
    assert "other'" in text and s.gradebook_url not in text
    assert text.count(classctl.MANAGED_BEGIN) == 1
    # SQLite: the block goes away and the course's own default applies.
    empty = example()
    empty["gradebook"]["url"] = ""
    classctl.set_gradebook(config, parse(empty))
    assert classctl.MANAGED_BEGIN not in config.read_text()


def test_copying_the_course_skips_environments_caches_and_nbgrader_work():
    skipped = classctl._ignore(str(ROOT), [".venv", ".git", "course", "x.egg-info", "notebooks"])
    assert skipped == {".venv", ".git", "x.egg-info"}
    work = classctl._ignore(str(ROOT / "quizzes"), ["source", "bank", "submitted", "gradebook.db"])
    assert work == {"submitted", "gradebook.db"}


# --- the hub configuration, executed against a fake class ----------------------------------------


@pytest.fixture
def hub_config(tmp_path, monkeypatch) -> tuple[Config, classconfig.ClassSettings]:
    settings = example_class(tmp_path, monkeypatch)
    c, loaded = run_hub_config()
    c._loaded_extra = loaded
    return c, settings


def test_the_hub_runs_everyone_from_the_class_environment(hub_config):
    c, s = hub_config
    assert c.JupyterHub.spawner_class == "localprocess"
    assert c.Spawner.cmd == [str(s.bin / "jupyterhub-singleuser")]
    assert c.Spawner.environment["PATH"].startswith(f"{s.bin}:")
    assert c.Spawner.default_url == f"/lab/tree/{STUDENT_FOLDER}/{LANDING}"
    assert c.ConfigurableHTTPProxy.command == [str(s.proxy_command)]
    assert (c.JupyterHub.port, c.JupyterHub.hub_port) == (s.port, s.hub_port)
    assert c.JupyterHub.db_url == f"sqlite:///{s.hub_dir / 'jupyterhub.sqlite'}"
    assert "read:users:groups!user" in c.Spawner.server_token_scopes
    assert f"--MappingKernelManager.cull_idle_timeout={s.cull_idle_after}" in c.Spawner.args


def test_only_the_people_of_the_class_log_in(hub_config):
    c, s = hub_config
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "a-shared-password"
    assert c.Authenticator.allowed_users == set(s.people)
    assert c.Authenticator.allow_existing_users is False  # not the grader account
    assert c.Authenticator.admin_users == set()


def test_only_staff_reach_the_formgrader_service(hub_config):
    c, s = hub_config
    groups = c.JupyterHub.load_groups
    assert groups[s.formgrade_group]["users"] == [*s.staff, s.grader_account]
    assert groups[s.student_group]["users"] == list(s.students)
    roles = {r["name"]: r for r in c.JupyterHub.load_roles}
    access = f"access:services!service={s.course_id}"
    holders = [r for r in roles.values() if access in r["scopes"]]
    assert [r["name"] for r in holders] == ["course-staff"]
    assert holders[0]["groups"] == [s.formgrade_group]
    services = {svc["name"]: svc for svc in c.JupyterHub.services}
    grader = services[s.course_id]
    assert grader["user"] == s.grader_account
    assert grader["url"] == f"http://127.0.0.1:{s.service_port}"
    assert grader["environment"]["JUPYTERHUB_USER"] == s.grader_account
    assert services["class-admin"]["api_token"] == "0123abcd"
    assert "admin:users" not in roles["course-staff"]["scopes"]


def test_local_additions_are_loaded_last(hub_config, tmp_path):
    c, s = hub_config
    assert c._loaded_extra == []  # none yet
    (s.extra_config_dir).mkdir()
    for name in ("20-tls.py", "10-oauth.py"):
        (s.extra_config_dir / name).write_text("c = get_config()\n")
    _, loaded = run_hub_config()
    assert [Path(p).name for p in loaded] == ["10-oauth.py", "20-tls.py"]


def test_a_learners_copy_of_the_course_is_added_to_never_overwritten(
    hub_config, tmp_path, monkeypatch
):
    c, s = hub_config
    # The installed course: a small stand-in at <prefix>/course.
    (s.course_src / "notebooks" / "01_biology").mkdir(parents=True)
    (s.course_src / "notebooks" / "00_start_here.ipynb").write_text("landing v2")
    (s.course_src / "notebooks" / "01_biology" / "01.ipynb").write_text("module")
    (s.course_src / "notebooks" / ".ipynb_checkpoints").mkdir()
    (s.course_src / "docs").mkdir()
    (s.course_src / "docs" / "guide.md").write_text("guide")
    (s.course_src / "LICENSE").write_text("licence")
    (s.course_src / "tests").mkdir()
    home = tmp_path / "home" / "student1"
    (home / STUDENT_FOLDER / "notebooks").mkdir(parents=True)
    (home / STUDENT_FOLDER / "notebooks" / "00_start_here.ipynb").write_text("my notes")
    os.chmod(home, 0o755)
    me = pwd.getpwuid(os.getuid())
    fake = pwd.struct_passwd(("student1", "x", me.pw_uid, me.pw_gid, "", str(home), "/bin/sh"))
    monkeypatch.setattr(pwd, "getpwnam", lambda name: fake)

    class Spawner:
        class user:
            name = "student1"

    c.Spawner.pre_spawn_hook(Spawner)
    copy = home / STUDENT_FOLDER
    files = sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file())
    assert files == [
        "LICENSE",
        "docs/guide.md",
        "notebooks/00_start_here.ipynb",
        "notebooks/01_biology/01.ipynb",
    ]
    assert (copy / "notebooks" / "00_start_here.ipynb").read_text() == "my notes"
    assert (home.stat().st_mode & 0o777) == 0o700


# --- links in a learner's copy -----------------------------------------------------------------

LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _relative_links() -> list[tuple[Path, str]]:
    found = []
    for nb in sorted((ROOT / "notebooks").rglob("*.ipynb")):
        cells = json.loads(nb.read_text())["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            for target in LINK.findall("".join(cell["source"])):
                if "://" in target or target.startswith(("mailto:", "attachment:")):
                    continue
                found.append((nb, target))
    return found


def test_every_relative_link_in_the_notebooks_works_in_a_learners_copy():
    links = _relative_links()
    assert len(links) > 20, "the notebooks link to each other: the scan found too few links"
    copied = [ROOT / top for top in STUDENT_COPY]
    broken = []
    for nb, target in links:
        path = (nb.parent / target).resolve()
        inside = any(path == top or top in path.parents for top in copied)
        if not (path.exists() and inside):
            broken.append(f"{nb.relative_to(ROOT)} -> {target}")
    assert broken == [], broken
    assert (ROOT / "notebooks" / Path(LANDING).name).is_file()
    assert LANDING.split("/")[0] in STUDENT_COPY


def test_the_settings_the_hub_reads_follow_the_file_the_deployer_edits(tmp_path):
    text = EXAMPLE.read_text().replace('"/opt/bone-metastases"', f'"{tmp_path / "prefix"}"')
    mine = tmp_path / "my-class.toml"
    mine.write_text(text)
    s = load(mine)
    classctl.sync_settings(s, mine)
    assert s.settings_file.read_text() == text
    assert (s.settings_file.stat().st_mode & 0o777) == 0o600  # it may hold a password
    mine.write_text(text.replace('students = ["student1"', 'students = ["student9", "student1"'))
    classctl.sync_settings(s, mine)
    assert load(s.settings_file).students[0] == "student9"


def test_a_failing_step_stops_with_what_it_printed():
    with pytest.raises(SystemExit) as stop:
        classctl.run(
            ["sh", "-c", "echo 'password authentication failed' >&2; exit 3"], capture_output=True
        )
    assert "exit 3" in str(stop.value) and "password authentication failed" in str(stop.value)
    assert classctl.run(["true"], capture_output=True).returncode == 0
