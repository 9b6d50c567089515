"""Assets are found through the package from any working directory; the environment check."""

from __future__ import annotations

import subprocess
import sys

import pytest

import course
from course import paths


def test_assets_found_from_another_directory(tmp_path):
    code = (
        "from course.paths import data_file, BANK; "
        "print(data_file('imaging_accuracy.csv').is_file(), BANK.is_dir())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["True", "True"]


def test_missing_data_file_is_a_clear_error():
    with pytest.raises(FileNotFoundError, match="editable mode"):
        paths.data_file("no_such_table.csv")


def test_every_data_table_has_sources_and_is_registered():
    import csv
    import tomllib

    tables = sorted(paths.DATA.glob("*.csv"))
    assert tables
    registered = {
        a["path"] for a in tomllib.loads((paths.ASSETS / "SOURCES.toml").read_text())["asset"]
    }
    for table in tables:
        with table.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert rows, table.name
        assert "source" in rows[0], f"{table.name} has no source column"
        assert all(r["source"].strip() for r in rows), f"{table.name}: a row without a source"
        assert f"assets/data/{table.name}" in registered, f"{table.name} not in SOURCES.toml"


def test_sources_toml_entries_are_complete():
    import tomllib

    assets = tomllib.loads((paths.ASSETS / "SOURCES.toml").read_text())["asset"]
    assert assets
    for a in assets:
        for key in ("path", "title", "creator", "source", "license"):
            assert str(a.get(key, "")).strip(), f"{a.get('path')}: {key} missing"
        assert (paths.ROOT / a["path"]).exists(), a["path"]


def test_check_environment_reports_ok(capsys):
    report = course.check_environment()
    assert report.ok
    out = capsys.readouterr().out
    assert "Everything is in place." in out and "nbgrader" in out
