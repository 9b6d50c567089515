"""The read-only course site: local scripts only, widget state kept, links between pages.

The build test runs real notebooks and needs the widget JavaScript from npm (installed once into
the cache, ``.cache/site-js`` or ``$BONE_METS_COURSE_JS_CACHE``); without npm and without a filled
cache it skips with a message, except under ``CI=true`` where it must run.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import IN_CI

from course import site
from course.paths import NOTEBOOKS, ROOT

LANDING = "00_start_here.ipynb"
FIRST = "01_biology/01_what_is_bone_metastasis.ipynb"
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)
STATE = re.compile(
    r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>', re.DOTALL
)
VIEW = re.compile(
    r'<script type="application/vnd.jupyter.widget-view\+json">(.*?)</script>', re.DOTALL
)


# --- fast checks (no npm, no kernels) -----------------------------------------------------------


def test_notebooks_in_course_map_order():
    ordered = site.notebooks_in_order()
    rel = [p.relative_to(NOTEBOOKS).as_posix() for p in ordered]
    assert rel[0] == LANDING
    assert rel[1] == FIRST
    from course.coursemap import all_notebooks

    planned = [nb.path for nb in all_notebooks() if nb.available]
    assert rel[1 : 1 + len(planned)] == planned
    # Notebooks that are not on the map (the practice notebook) come after it.
    assert "99_practice/01_practice_quiz.ipynb" in rel[1 + len(planned) :]
    assert len(rel) == len(set(rel))


def test_npm_missing_gives_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(site.shutil, "which", lambda _name: None)
    with pytest.raises(site.SiteError, match="npm was not found.*apt-get install npm"):
        site.ensure_widget_js(tmp_path / "empty-cache")
    assert site.missing_packages(tmp_path / "empty-cache") == [
        f"{name}@{version}" for name, version in site.NPM_PACKAGES.items()
    ]


def test_cache_location(tmp_path, monkeypatch):
    monkeypatch.delenv(site.JS_CACHE_ENV, raising=False)
    assert site.js_cache_dir() == site.DEFAULT_JS_CACHE.resolve()
    monkeypatch.setenv(site.JS_CACHE_ENV, str(tmp_path / "env"))
    assert site.js_cache_dir() == (tmp_path / "env").resolve()
    assert site.js_cache_dir(tmp_path / "arg") == (tmp_path / "arg").resolve()


def test_a_folder_the_builder_did_not_make_is_never_replaced(tmp_path):
    precious = tmp_path / "mine"
    precious.mkdir()
    (precious / "thesis.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(site.SiteError, match="not empty and was not built"):
        site.build_site(out=precious, notebooks=[FIRST])
    assert (precious / "thesis.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(site.SiteError, match="cannot hold the site"):
        site.build_site(out=ROOT)
    with pytest.raises(site.SiteError, match="not a notebook of the course"):
        site.build_site(out=tmp_path / "new", notebooks=["no_such.ipynb"])
    assert site.main(["build", "--out", str(precious)]) == 1


def test_kernel_environment_hides_the_builders_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    env = site.kernel_env(tmp_path / "p.json")
    assert env[site.PROGRESS_ENV] == str(tmp_path / "p.json")
    assert "MPLBACKEND" not in env  # figures inline, as in JupyterLab
    from course.practice import PROGRESS_ENV

    assert site.PROGRESS_ENV == PROGRESS_ENV


def test_rewrite_links(tmp_path):
    first = (NOTEBOOKS / FIRST).resolve()
    landing = (NOTEBOOKS / LANDING).resolve()
    pages = {
        landing: site.Page(landing, "notebooks/00_start_here.html", "Start"),
        first: site.Page(first, "notebooks/01_biology/01_what_is_bone_metastasis.html", "1.1"),
    }
    text = (
        '<a href="../00_start_here.ipynb#faq">home</a> '
        "<a href='02_how_cancer_reaches_bone.ipynb'>next</a> "
        '<a href="https://doi.org/10.1/x">doi</a> <a href="#top">top</a> '
        '<a href="../../LICENSE">licence</a> <a href="missing.png">gone</a> '
        "<a href='data:application/json;base64,e30='>download</a>"
    )
    warnings: list[str] = []
    out = site.rewrite_links(
        text, page=pages[first], pages_by_source=pages, out=tmp_path, warnings=warnings
    )
    assert '<a href="../00_start_here.html#faq">home</a>' in out
    assert "href='02_how_cancer_reaches_bone.ipynb'" in out  # not in this build: left alone
    assert 'href="https://doi.org/10.1/x"' in out and 'href="#top"' in out
    assert "href='data:application/json;base64,e30='" in out
    assert 'href="../../LICENSE"' in out and (tmp_path / "LICENSE").is_file()
    assert any("not in this build" in w for w in warnings)
    assert any("broken link missing.png" in w for w in warnings)


# --- the real build (slow) ----------------------------------------------------------------------


def _js_available() -> str | None:
    cache = site.js_cache_dir()
    if not site.missing_packages(cache) or shutil.which("npm"):
        return None
    return f"npm is not installed and the widget JavaScript is not in {cache}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    reason = _js_available()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true and the site cannot be built: {reason}.", pytrace=False)
        pytest.skip(f"Site build skipped: {reason} (Debian: apt-get install npm). It runs in CI.")
    out = tmp_path_factory.mktemp("site") / "site"
    logged: list[str] = []
    result = site.build_site(out=out, notebooks=[LANDING, FIRST], jobs=2, log=logged.append)
    return result, logged


def pages_of(result) -> dict[str, str]:
    return {
        p.html_path: (result.out / p.html_path).read_text(encoding="utf-8") for p in result.pages
    }


@pytest.mark.slow
def test_site_pages_and_static_files(built):
    result, logged = built
    assert [p.html_path for p in result.pages] == [
        "notebooks/00_start_here.html",
        "notebooks/01_biology/01_what_is_bone_metastasis.html",
    ]
    assert any("ran notebooks/" in line for line in logged)
    for rel in (
        "index.html",
        site.MARKER,
        f"{site.STATIC}/{site.REQUIRE_JS}",
        f"{site.STATIC}/{site.WIDGET_RENDERER}",
        f"{site.STATIC}/{site.MATHJAX}",
        f"{site.STATIC}/LICENSES.txt",
    ):
        assert (result.out / rel).is_file(), rel
    assert not any(result.out.parent.glob(".*.building"))  # the staging folder was moved


@pytest.mark.slow
def test_pages_load_only_local_scripts(built):
    result, _ = built
    for rel, text in pages_of(result).items():
        sources = SCRIPT_SRC.findall(text)
        assert sources, f"{rel}: no script at all"
        for src in sources:
            assert not re.match(r"^(https?:)?//", src), f"{rel} loads {src} from the internet"
            assert (result.out / rel).parent.joinpath(src).resolve().is_file(), f"{rel}: {src}"
        renderer = re.search(r"var widgetRendererSrc = '([^']+)'", text)
        assert renderer, f"{rel}: the widget renderer is not set up"
        assert renderer.group(1).endswith(site.WIDGET_RENDERER)
        assert (result.out / rel).parent.joinpath(renderer.group(1)).resolve().is_file()
        assert "cdn.jsdelivr.net" not in text and "cdnjs.cloudflare.com" not in text
        assert "unpkg.com" not in text


@pytest.mark.slow
def test_pages_hold_the_widget_state_of_every_view(built):
    result, _ = built
    page = pages_of(result)["notebooks/01_biology/01_what_is_bone_metastasis.html"]
    states = STATE.findall(page)
    assert len(states) == 1
    state = json.loads(states[0])["state"]
    assert len(state) > 10
    names = {model["model_name"] for model in state.values()}
    assert {"VBoxModel", "HTMLModel"} <= names
    views = [json.loads(v)["model_id"] for v in VIEW.findall(page)]
    assert views and all(view in state for view in views)
    # Figures and widget images are embedded, not linked.
    assert "data:image/png;base64," in page or any(
        model["model_name"] == "ImageModel" for model in state.values()
    )


@pytest.mark.slow
def test_links_between_pages_and_the_index(built):
    result, _ = built
    pages = pages_of(result)
    landing = pages["notebooks/00_start_here.html"]
    first = pages["notebooks/01_biology/01_what_is_bone_metastasis.html"]
    assert 'href="01_biology/01_what_is_bone_metastasis.html"' in landing
    assert 'href="01_biology/01_what_is_bone_metastasis.ipynb"' not in landing
    assert '"../00_start_here.html' in first
    # (nbconvert writes every attribute with double quotes.)
    assert "Read-only copy." in first and '<a href="../../index.html">Course home</a>' in first
    assert 'href="../00_start_here.html" rel="prev"' in first and 'rel="next"' not in first
    # Repository files the landing notebook links to are copied next to the pages.
    assert 'href="../LICENSE"' in landing and (result.out / "LICENSE").is_file()
    index = (result.out / "index.html").read_text(encoding="utf-8")
    start = index.index("notebooks/00_start_here.html")
    assert start < index.index("notebooks/01_biology/01_what_is_bone_metastasis.html")
    assert "1.2 How cancer reaches bone <i>(not in this build)</i>" in index
    assert "For education only, not for clinical decisions." in index
    assert "<script" not in index


@pytest.mark.slow
def test_a_rebuild_replaces_the_site(built, tmp_path):
    result, _ = built
    out = tmp_path / "again"
    shutil.copytree(result.out, out)
    (out / "stale.html").write_text("old", encoding="utf-8")
    site.build_site(out=out, notebooks=[LANDING], jobs=1, log=lambda _m: None)
    assert not (out / "stale.html").exists()
    assert [p.name for p in (out / "notebooks").glob("*.html")] == ["00_start_here.html"]
