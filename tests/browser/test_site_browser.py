"""The read-only course site in Chromium, offline and opened from disk (``file://``).

A notebook with sliders, widget images and equations (1.3 The vicious cycle) is built into a
temporary site; the page is opened with the network switched off and every non-file request
refused. Every widget view must render from its saved state, the widget images must decode,
MathJax must typeset the equations, and nothing may be fetched from the internet or fail to load.
Screenshots: ``tests/artifacts/site_*.png``.
"""

from __future__ import annotations

import shutil

import pytest

from course import site

from .conftest import IN_CI

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("browser"),
    pytest.mark.timeout(240),
]

NOTEBOOK = "01_biology/03_the_vicious_cycle.ipynb"
PAGE = "notebooks/01_biology/03_the_vicious_cycle.html"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    cache = site.js_cache_dir()
    if site.missing_packages(cache) and not shutil.which("npm"):
        reason = f"npm is not installed and the widget JavaScript is not in {cache}"
        if IN_CI:
            pytest.fail(f"CI=true and the site cannot be built: {reason}.", pytrace=False)
        pytest.skip(f"Site browser test skipped: {reason} (Debian: apt-get install npm).")
    out = tmp_path_factory.mktemp("site-browser") / "site"
    return site.build_site(out=out, notebooks=[NOTEBOOK], jobs=1, log=lambda _m: None)


@pytest.fixture
def offline_page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 950}, offline=True)
    context.set_default_timeout(30_000)
    attempts: list[str] = []

    def only_files(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            attempts.append(url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("requestfailed", lambda req: problems.append(f"failed to load {req.url}"))
    try:
        yield page, attempts, problems
    finally:
        context.close()


def test_widgets_render_offline_from_saved_state(built_site, offline_page, artifacts):
    page, attempts, problems = offline_page
    page.goto((built_site.out / PAGE).as_uri())
    views = page.locator('script[type="application/vnd.jupyter.widget-view+json"]')
    n_views = views.count()
    assert n_views >= 2, "the page should hold several widget views"
    # Each view is replaced by a rendered widget next to its script.
    page.wait_for_function(
        """(n) => {
            const views = document.querySelectorAll(
                'script[type="application/vnd.jupyter.widget-view+json"]');
            const done = [...views].filter((v) => v.parentElement.querySelector('.lm-Widget'));
            return views.length === n && done.length === n;
        }""",
        arg=n_views,
        timeout=30_000,
    )
    sliders = page.locator(".widget-slider")
    assert sliders.count() >= 1
    readouts = [t.strip() for t in page.locator(".widget-readout").all_text_contents()]
    assert readouts and all(readouts), "slider readouts show the saved values"
    # Widget images (figures drawn by the kernel) decode from the saved state.
    page.wait_for_function(
        """() => {
            const imgs = [...document.querySelectorAll('img.widget-image')];
            return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
        }"""
    )
    # MathJax (served from _static) typesets the equations.
    page.wait_for_function("() => document.querySelectorAll('mjx-container').length > 0")
    page.wait_for_timeout(500)
    slider = sliders.first
    slider.evaluate("(e) => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(300)
    page.screenshot(path=str(artifacts / "site_widget_offline.png"))
    assert attempts == [], f"the page tried to reach the network: {attempts[:5]}"
    assert problems == [], problems[:5]


def test_index_links_to_the_pages(built_site, offline_page, artifacts):
    page, attempts, problems = offline_page
    page.goto(built_site.index.as_uri())
    page.screenshot(path=str(artifacts / "site_index.png"))
    page.get_by_role("link", name="1.3 The vicious cycle").click()
    page.wait_for_url("**/" + PAGE)
    assert "1.3 The vicious cycle" in page.title()
    page.get_by_role("link", name="Course home").first.click()
    page.wait_for_url("**/index.html")
    assert attempts == [] and problems == []
