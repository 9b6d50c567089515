"""The stricter submit of a class on JupyterHub (course.grading.exchange)."""

from __future__ import annotations

import os
import stat

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
