"""The stricter submit of a class on JupyterHub (course.grading.exchange)."""

from __future__ import annotations

import os
import secrets
import stat
import sys
from pathlib import Path

import pytest

from course.grading.exchange import DIR_MODE, FILE_MODE, GroupOnlySubmit, restrict_to_group


def _submission(tmp_path, *, setgid: bool):
    inbound = tmp_path / "inbound"
    inbound.mkdir()
    os.chmod(inbound, 0o2733 if setgid else 0o733)
    sub = inbound / "student+q01+2026-11-30 10:00:00 UTC+abcdefabcdef"
    (sub / "extra").mkdir(parents=True)
    for path in (sub / "q01.ipynb", sub / "timestamp.txt", sub / "extra" / "data.csv"):
        path.write_text("x")
        os.chmod(path, 0o644)
    os.chmod(sub, 0o777)  # as nbgrader's submit leaves it
    return sub


def _modes(sub):
    return {
        p.relative_to(sub).as_posix(): stat.S_IMODE(p.stat().st_mode)
        for p in [sub, *sub.rglob("*")]
    }


def test_a_setgid_inbound_takes_other_users_permissions_away(tmp_path):
    sub = _submission(tmp_path, setgid=True)
    course_group = os.getgid()
    if os.geteuid() == 0:  # as on the hub: the inbound folder belongs to another group
        course_group = 65534
        os.chown(sub.parent, -1, course_group)
        os.chmod(sub.parent, 0o2733)
    assert restrict_to_group(sub) is True
    assert {p.stat().st_gid for p in [sub, *sub.rglob("*")]} == {course_group}
    assert [p.name for p in sub.parent.iterdir()] == [sub.name]  # no temporary folder left
    assert (sub / "q01.ipynb").read_text() == "x"
    modes = _modes(sub)
    assert modes == {
        ".": DIR_MODE,
        "extra": DIR_MODE,
        "q01.ipynb": FILE_MODE,
        "timestamp.txt": FILE_MODE,
        "extra/data.csv": FILE_MODE,
    }
    assert all(m & 0o007 == 0 for m in modes.values()), modes


def test_without_setgid_nothing_changes(tmp_path):
    sub = _submission(tmp_path, setgid=False)
    before = _modes(sub)
    assert restrict_to_group(sub) is False
    assert _modes(sub) == before and before["."] == 0o777


def test_it_is_an_nbgrader_submit():
    from nbgrader.exchange.abc import ExchangeSubmit

    assert issubclass(GroupOnlySubmit, ExchangeSubmit)


# --- collect: only what the named student's own account submitted ---------------------------------


def _collector(tmp_path, me: str, monkeypatch):
    from nbgrader.coursedir import CourseDirectory

    from course.grading.exchange import OwnerCheckedCollect

    coursedir = CourseDirectory(
        root=str(tmp_path / "course"),
        course_id="c1",
        assignment_id="q01",
        db_url=f"sqlite:///{tmp_path / 'gradebook.db'}",
    )
    # A new gradebook runs alembic, a command of the course environment.
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    collect = OwnerCheckedCollect(coursedir=coursedir)
    collect.root = str(tmp_path / "exchange")
    collect.path_includes_course = True
    inbound = tmp_path / "exchange" / "c1" / "inbound"
    inbound.mkdir(parents=True)
    return collect, inbound


def _submit(inbound, student: str, stamp: str, owner_uid: int) -> str:
    name = f"{student}+q01+2026-11-30 {stamp}.000000 UTC+{secrets.token_hex(6)}"
    (inbound / name).mkdir()
    os.chown(inbound / name, owner_uid, -1)
    return name


def test_collect_skips_a_submission_made_in_a_classmates_name(tmp_path, caplog, monkeypatch):
    import pwd

    if os.geteuid() != 0:
        pytest.skip("needs root to make a folder owned by another account (CI runs as root)")
    me = pwd.getpwuid(os.getuid()).pw_name
    nobody = pwd.getpwnam("nobody").pw_uid
    collect, inbound = _collector(tmp_path, me, monkeypatch)
    genuine_old = _submit(inbound, me, "09:00:00", os.getuid())
    genuine = _submit(inbound, me, "10:00:00", os.getuid())
    forged = _submit(inbound, me, "11:00:00", nobody)  # later: nbgrader would take it
    only_forged = _submit(inbound, "root2", "11:30:00", nobody)
    collect.init_src()
    chosen = {r["username"]: r["filename"] for r in collect.src_records}
    assert chosen == {me: genuine}, chosen
    assert genuine_old != genuine
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert any(forged in e and "nobody" in e for e in errors), errors
    assert any(only_forged in e for e in errors), errors


def test_collect_with_the_check_turned_off_behaves_as_nbgrader(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("needs root to make a folder owned by another account (CI runs as root)")
    import pwd

    me = pwd.getpwuid(os.getuid()).pw_name
    collect, inbound = _collector(tmp_path, me, monkeypatch)
    collect.check_owner = False
    _submit(inbound, me, "10:00:00", os.getuid())
    forged = _submit(inbound, me, "11:00:00", pwd.getpwnam("nobody").pw_uid)
    collect.init_src()
    assert [r["filename"] for r in collect.src_records] == [forged]
