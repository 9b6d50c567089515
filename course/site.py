"""A read-only HTML site of the executed course, for reading without a kernel.

    python -m course.site build [--out site/] [--notebook PATH ...] [--jobs N]

executes every notebook under ``notebooks/`` headless (nbclient, which stores the widgets' state
in the notebook), converts each to HTML with nbconvert's ``lab`` template, and writes an index
page that lists the notebooks in the order of the course map (:mod:`course.coursemap`). Figures
are embedded; widgets render from their saved state (they show what the notebook showed when it
was built, and do not compute without a kernel). Links between notebooks (``.ipynb``) become
links between pages (``.html``); other repository files a notebook links to (``LICENSE``,
``docs/...``) are copied next to the pages so that every relative link still works.

The site works offline, also opened straight from disk (``file://``): no script comes from the
internet. The widget renderer (``@jupyter-widgets/html-manager`` 1.x), ``requirejs`` and MathJax 3
(for the equations) are npm packages, installed once with ``npm install --prefix <cache>`` (the
cache is ``.cache/site-js/`` in the repository, or ``$BONE_METS_COURSE_JS_CACHE``; npm comes with
Node.js) and copied into ``<out>/_static/``.

The layout mirrors the repository: ``<out>/index.html``, ``<out>/notebooks/.../*.html``,
``<out>/_static/``. The site is assembled in ``.<out>.building`` next to it and replaces ``<out>``
only when every notebook has run; a folder the builder did not make is never replaced. While the
site is built, the practice notebook's progress file points to a temporary place, so a builder's
own progress never ends up in the site.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

from course import EDUCATION_ONLY, __version__
from course.coursemap import LANDING, course_map
from course.paths import NOTEBOOKS, ROOT
from course.practice import PROGRESS_ENV

#: npm packages, pinned so that every build serves the same JavaScript.
NPM_PACKAGES = {
    "@jupyter-widgets/html-manager": "1.0.15",  # renders ipywidgets 8 state in static HTML
    "requirejs": "2.3.8",  # the AMD loader html-manager's embed-amd.js needs
    "mathjax": "3.2.2",  # equations in Markdown cells
}
JS_CACHE_ENV = "BONE_METS_COURSE_JS_CACHE"
DEFAULT_JS_CACHE = ROOT / ".cache" / "site-js"
DEFAULT_OUT = ROOT / "site"
STATIC = "_static"
#: A file in the output folder that marks it as a site this module built (and may replace).
MARKER = ".course-site"
DEFAULT_TIMEOUT_S = 300
DEFAULT_JOBS = max(1, min(4, os.cpu_count() or 1))

# Local scripts, relative to <out>/_static/.
REQUIRE_JS = "require.js"
WIDGET_RENDERER = "@jupyter-widgets/html-manager/dist/embed-amd.js"
MATHJAX = "mathjax/tex-chtml-full.js"
_UNUSED_BUNDLES = ("embed.js", "libembed-amd.js")

_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}
<script src="{{ resources.require_js_url }}"></script>
<script>
// AMD modules resolve from _static/, where the widget renderer's fonts are (its webpack
// publicPath is derived from the module's requirejs URL).
require.config({baseUrl: "{{ resources.site_static_url }}/"});
</script>
{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}
<script>
window.MathJax = {
  tex: {
    inlineMath: [['$', '$'], ['\\(', '\\)']],
    displayMath: [['$$', '$$'], ['\\[', '\\]']],
    processEscapes: true,
    processEnvironments: true
  },
  options: {ignoreHtmlClass: 'tex2jax_ignore', processHtmlClass: 'tex2jax_process'},
  startup: {
    ready: function () {
      MathJax.startup.defaultReady();
      // ipywidgets typesets widget labels through the MathJax 2 API: map it onto MathJax 3.
      MathJax.Hub = {Queue: function () {
        for (var i = 0; i < arguments.length; i++) {
          var job = arguments[i];
          if (Array.isArray(job) && job[0] === 'Typeset' && job[2]) {
            MathJax.typesetPromise([job[2]]);
          }
        }
      }};
    }
  },
  // Until MathJax 3 has loaded (the whole page is typeset when it has).
  Hub: {Queue: function () {}}
};
</script>
<script src="{{ resources.mathjax_url }}" defer></script>
{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}
{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">
.course-site-nav {
  font-family: var(--jp-ui-font-family, sans-serif); font-size: 14px;
  margin: 0 0 12px 0; padding: 8px 12px;
  border-left: 4px solid #0072B2; background: #EAF3FA; color: #1a1a1a;
}
.course-site-nav a { color: #005A8C; margin-right: 1.2em; }
.course-site-nav p { margin: 4px 0 0 0; }
/* Widgets use the notebook's interface font, as in JupyterLab. */
.jupyter-widgets { font-family: var(--jp-ui-font-family, system-ui, sans-serif); }
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.site_nav_top }}
{%- endblock body_header -%}
{%- block body_footer -%}
{{ resources.site_nav_bottom }}
{{ super() }}
{%- endblock body_footer -%}
"""


class SiteError(RuntimeError):
    """The site cannot be built; the message says why and what to do."""


@dataclass(frozen=True)
class Page:
    """One notebook of the site: its source, its page (relative to the output) and title."""

    source: Path
    html_path: str
    title: str
    seconds: float = 0.0


@dataclass(frozen=True)
class SiteResult:
    """What a build wrote: the output folder, the index, the pages and any warnings."""

    out: Path
    index: Path
    pages: tuple[Page, ...]
    seconds: float
    warnings: tuple[str, ...]


# --- the widget JavaScript ----------------------------------------------------------------------


def js_cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Where the npm packages are installed: ``path``, ``$BONE_METS_COURSE_JS_CACHE`` or the
    repository's ``.cache/site-js``."""
    if path is None:
        path = os.environ.get(JS_CACHE_ENV, "").strip() or DEFAULT_JS_CACHE
    return Path(path).expanduser().resolve()


def _installed_version(node_modules: Path, package: str) -> str | None:
    manifest = node_modules / package / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def missing_packages(cache: Path) -> list[str]:
    """The pinned packages (``name@version``) not installed in ``cache``."""
    modules = cache / "node_modules"
    return [
        f"{name}@{version}"
        for name, version in NPM_PACKAGES.items()
        if _installed_version(modules, name) != version
    ]


def ensure_widget_js(
    cache: str | os.PathLike[str] | None = None,
    *,
    npm: str | None = None,
    log: Callable[[str], None] = print,
) -> Path:
    """Install the pinned npm packages into ``cache`` if they are not there; return node_modules.

    Raises :class:`SiteError` with a clear message when npm is missing or the install fails.
    """
    folder = js_cache_dir(cache)
    if not missing_packages(folder):
        return folder / "node_modules"
    npm = npm or shutil.which("npm")
    missing = missing_packages(folder)
    if not npm:
        raise SiteError(
            "npm was not found, and the site needs the widget JavaScript "
            f"({', '.join(missing)}) served from local files. Install Node.js with npm "
            "(Debian/Ubuntu: sudo apt-get install npm; macOS: brew install node; Windows: "
            "https://nodejs.org), then run the build again. The packages are installed once into "
            f"{folder}."
        )
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder / ".install.lock"):
        # Another build (a parallel test worker) may have installed them while we waited.
        missing = missing_packages(folder)
        if missing:
            _npm_install(npm, folder, missing, log)
    return folder / "node_modules"


@contextlib.contextmanager
def _locked(path: Path):
    """An exclusive lock on ``path`` (POSIX); elsewhere nothing is locked."""
    try:
        import fcntl
    except ImportError:  # Windows: builds there are not run in parallel
        yield
        return
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _npm_install(npm: str, folder: Path, missing: list[str], log: Callable[[str], None]) -> None:
    cmd = [
        npm,
        "install",
        "--prefix",
        str(folder),
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        "--loglevel=error",
        *missing,
    ]
    log(f"Installing the widget JavaScript with npm into {folder} ...")
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SiteError(f"npm could not be run ({exc}).") from exc
    still = missing_packages(folder)
    if proc.returncode != 0 or still:
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise SiteError(
            f"npm install failed (exit code {proc.returncode}; missing: {', '.join(still)}). "
            f"Is the npm registry reachable? npm said:\n{tail}"
        )


def copy_static(node_modules: Path, static_dir: Path) -> None:
    """Copy the scripts the pages load (and the fonts they use) into ``static_dir``, with a
    ``LICENSES.txt`` naming each package, its version and licence."""
    if static_dir.exists():
        shutil.rmtree(static_dir)
    static_dir.mkdir(parents=True)
    shutil.copy2(node_modules / "requirejs" / "require.js", static_dir / REQUIRE_JS)
    manager = node_modules / "@jupyter-widgets" / "html-manager" / "dist"
    dist = static_dir / WIDGET_RENDERER.rsplit("/", 1)[0]
    dist.mkdir(parents=True)
    for path in manager.iterdir():
        # embed-amd.js is the bundle the pages load; the other files are the icon fonts it uses
        # and its licence notices. Source maps and the non-AMD bundles are not needed.
        if path.is_file() and path.suffix != ".map" and path.name not in _UNUSED_BUNDLES:
            shutil.copy2(path, dist / path.name)
        # Some of its modules are defined as "@jupyter-widgets/<name>": their fonts are looked
        # up one level higher (browsers fetch woff2, then woff, then ttf).
        if path.suffix in (".woff2", ".woff", ".ttf"):
            shutil.copy2(path, static_dir / "@jupyter-widgets" / path.name)
    mathjax = node_modules / "mathjax"
    mj = static_dir / "mathjax"
    mj.mkdir()
    shutil.copy2(mathjax / "es5" / "tex-chtml-full.js", mj / "tex-chtml-full.js")
    shutil.copy2(mathjax / "LICENSE", mj / "LICENSE")
    fonts = Path("output") / "chtml" / "fonts" / "woff-v2"
    shutil.copytree(mathjax / "es5" / fonts, mj / fonts)
    lines = ["JavaScript served with this site (installed from the npm registry):", ""]
    for name in NPM_PACKAGES:
        meta = json.loads((node_modules / name / "package.json").read_text(encoding="utf-8"))
        lines.append(f"- {name} {meta.get('version')}: {meta.get('license', 'see the package')}")
    (static_dir / "LICENSES.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- which notebooks, in which order -------------------------------------------------------------


def _title_of(path: Path) -> str:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return path.stem.replace("_", " ")


def notebooks_in_order(notebooks_dir: Path | None = None) -> list[Path]:
    """The landing notebook, then the course map's notebooks in order, then any others."""
    folder = NOTEBOOKS if notebooks_dir is None else Path(notebooks_dir)
    found = {
        p.resolve()
        for p in folder.rglob("*.ipynb")
        if ".ipynb_checkpoints" not in p.parts and not p.name.startswith(".")
    }
    ordered = [(folder / LANDING).resolve()]
    for module in course_map(notebooks_dir=folder):
        ordered += [(folder / nb.path).resolve() for nb in module.notebooks]
    first = [p for p in ordered if p in found]
    return first + sorted(found - set(first))


# --- executing and converting --------------------------------------------------------------------


def kernel_env(progress_file: Path) -> dict[str, str]:
    """The kernel's environment: inline figures, and a throw-away practice progress file."""
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)
    env[PROGRESS_ENV] = str(progress_file)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def execute_notebook(
    path: Path,
    *,
    timeout: int = DEFAULT_TIMEOUT_S,
    env: dict[str, str],
    ipc_dir: Path | None = None,
):
    """Run a notebook top to bottom in a fresh kernel, in its own folder; keep widget state.

    With ``ipc_dir`` (not on Windows) the kernel talks over IPC sockets in that folder.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    options = {}
    if ipc_dir is not None and os.name != "nt":
        # IPC sockets instead of TCP ports: kernels started side by side cannot pick the same
        # port (an absolute, per-kernel path is needed).
        from traitlets.config import Config

        ipc_dir.mkdir(parents=True, exist_ok=True)
        config = Config()
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(ipc_dir / "kernel")
        options["config"] = config
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=True,
        **options,
    )
    try:
        client.execute(env=env)
    except CellExecutionError as exc:
        first = str(exc).strip().splitlines()
        raise SiteError(
            f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} failed to run: "
            + (first[-1] if first else "a cell raised an error")
            + f"\n{exc}"
        ) from exc
    return nb


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"course_site.html.j2": _TEMPLATE})],
        template_file="course_site.html.j2",
    )


def _rel(from_page: str, to: str) -> str:
    """A relative URL from one page of the site to another path in it (both relative to out)."""
    start = Path(from_page).parent
    return quote(Path(os.path.relpath(to, start or ".")).as_posix())


def _nav(pages: Sequence[Page], index: int, *, top: bool, built: str) -> str:
    page = pages[index]
    links = [f"<a href='{_rel(page.html_path, 'index.html')}'>Course home</a>"]
    if index > 0:
        prev = pages[index - 1]
        links.append(
            f"<a href='{_rel(page.html_path, prev.html_path)}' rel='prev'>Previous: "
            f"{html.escape(prev.title)}</a>"
        )
    if index + 1 < len(pages):
        nxt = pages[index + 1]
        links.append(
            f"<a href='{_rel(page.html_path, nxt.html_path)}' rel='next'>Next: "
            f"{html.escape(nxt.title)}</a>"
        )
    note = ""
    if top:
        note = (
            "<p><b>Read-only copy.</b> This page shows the notebook as it ran on "
            f"{built}: figures and widgets show their saved state and do not recompute. To "
            "change a widget, answer a self-check or practise, open the course in JupyterLab "
            "(Binder or your own computer). <i>" + html.escape(EDUCATION_ONLY) + "</i></p>"
        )
    label = "Course pages" if top else "Course pages (end of page)"
    return f"<nav class='course-site-nav' aria-label='{label}'>{' '.join(links)}{note}</nav>"


_ATTR = re.compile(r"""\b(href|src)=(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|#|/|\{)", re.IGNORECASE)


def rewrite_links(
    text: str, *, page: Page, pages_by_source: dict[Path, Page], out: Path, warnings: list[str]
) -> str:
    """Point links to notebooks at their pages and copy linked repository files into ``out``."""
    src_dir = page.source.parent
    site_pages = {p.html_path for p in pages_by_source.values()} | {"index.html"}

    def fix(match: re.Match[str]) -> str:
        attr, quote_char, url = match.group(1), match.group(2), match.group(3)
        if not url or _EXTERNAL.match(url) or "\\" in url:
            return match.group(0)
        path_part, sep, fragment = url.partition("#")
        path_part = path_part.split("?", 1)[0]
        in_site = (out / page.html_path).parent / unquote(path_part)
        in_site = Path(os.path.normpath(in_site))
        if in_site.is_relative_to(out) and (
            in_site.exists() or in_site.relative_to(out).as_posix() in site_pages
        ):
            return match.group(0)  # already a link inside the site (scripts, page navigation)
        target = (src_dir / unquote(path_part)).resolve()
        if target.suffix == ".ipynb":
            linked = pages_by_source.get(target)
            if linked is None:
                warnings.append(f"{page.html_path}: links to {url}, which is not in this build")
                return match.group(0)
            new = _rel(page.html_path, linked.html_path)
        elif target.is_file() and target.is_relative_to(ROOT):
            relative = target.relative_to(ROOT)
            if relative.parts[0] in (".git", ".venv", ".cache", STATIC) or relative.parts[
                0
            ].startswith("."):
                warnings.append(f"{page.html_path}: links to {url}, which is not published")
                return match.group(0)
            copy = out / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            if not copy.exists():
                shutil.copy2(target, copy)
            new = _rel(page.html_path, relative.as_posix())
        else:
            if not target.exists():
                warnings.append(f"{page.html_path}: broken link {url}")
            return match.group(0)
        return f"{attr}={quote_char}{new}{sep}{fragment}{quote_char}"

    return _ATTR.sub(fix, text)


def convert(nb, *, page: Page, nav_top: str, nav_bottom: str) -> str:
    """The HTML of one executed notebook, loading every script from ``_static``."""
    exporter = _exporter()
    static = _rel(page.html_path, STATIC)
    exporter.require_js_url = f"{static}/{REQUIRE_JS}"
    exporter.widget_renderer_url = f"{static}/{WIDGET_RENDERER}"
    exporter.mathjax_url = f"{static}/{MATHJAX}"
    nb.metadata["title"] = page.title
    resources = {
        "site_nav_top": nav_top,
        "site_nav_bottom": nav_bottom,
        "site_static_url": static,
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


# --- the index page -----------------------------------------------------------------------------


def _binder_url() -> str | None:
    """The launch URL of the README's Binder badge (one source of truth), if there is one."""
    try:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
    except OSError:
        return None
    match = re.search(r"\((https://mybinder\.org/v2/[^)\s]+)\)", readme)
    return match.group(1) if match else None


def index_html(pages: Sequence[Page], *, notebooks_dir: Path, built: str) -> str:
    by_source = {p.source: p for p in pages}
    items: list[str] = []
    landing = by_source.get((notebooks_dir / LANDING).resolve())
    if landing is not None:
        items.append(
            f"<p class='start'><a href='{quote(landing.html_path)}'>Start here: "
            f"{html.escape(landing.title)}</a></p>"
        )
    listed = {landing.source} if landing is not None else set()
    for module in course_map(notebooks_dir=notebooks_dir):
        rows = []
        for nb in module.notebooks:
            source = (notebooks_dir / nb.path).resolve()
            page = by_source.get(source)
            if page is not None:
                listed.add(source)
                rows.append(
                    f"<li><a href='{quote(page.html_path)}'>{html.escape(nb.label)}</a></li>"
                )
            elif nb.available:
                rows.append(f"<li>{html.escape(nb.label)} <i>(not in this build)</i></li>")
            else:
                rows.append(f"<li>{html.escape(nb.label)} <i>(coming)</i></li>")
        coming = "" if module.status == "available" else " <i>(coming)</i>"
        items.append(
            f"<section><h2>Module {module.number}. {html.escape(module.title)}{coming}</h2>"
            f"<ul>{''.join(rows)}</ul></section>"
        )
    others = [p for p in pages if p.source not in listed]
    if others:
        rows = "".join(
            f"<li><a href='{quote(p.html_path)}'>{html.escape(p.title)}</a></li>" for p in others
        )
        items.append(f"<section><h2>Practice and more</h2><ul>{rows}</ul></section>")
    binder = _binder_url()
    binder_link = (
        f"<a href='{html.escape(binder)}'>open the course on Binder</a> (in the browser, nothing "
        "to install)"
        if binder
        else "open the course on Binder"
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Bone Metastases: an interactive Jupyter course (read-only site)</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 860px; margin: 2em auto; padding: 0 1em;
  line-height: 1.5; color: #1a1a1a; }}
a {{ color: #005A8C; }}
.note {{ border-left: 4px solid #0072B2; background: #EAF3FA; padding: 8px 12px; }}
.warn {{ border-left: 4px solid #E69F00; background: #FFF6E0; padding: 8px 12px; }}
.start {{ font-size: 120%; font-weight: bold; }}
h2 {{ font-size: 120%; margin-top: 1.4em; }}
</style>
</head>
<body>
<main>
<h1>Bone Metastases: an interactive Jupyter course</h1>
<p class="note"><b>This is a read-only copy of the course</b>, built on {built} (course version
{html.escape(__version__)}). Every notebook is shown as it ran then: text, figures and widgets
with their saved state. Widgets do not respond here, because no Python runs behind them. To use
them, answer self-checks and practise, {binder_link}, or run it on your own computer with
<code>python3 tasks.py lab</code>. The site works offline: save the whole folder to keep it.</p>
<p class="warn"><b>{html.escape(EDUCATION_ONLY)}</b></p>
{"".join(items)}
</main>
</body>
</html>
"""


# --- the build ---------------------------------------------------------------------------------


def _check_out(out: Path) -> None:
    """Refuse an output folder this module did not build (nothing is ever deleted there)."""
    if out == ROOT or ROOT.is_relative_to(out) or out.is_relative_to(NOTEBOOKS):
        raise SiteError(f"{out} cannot hold the site: choose a folder such as {DEFAULT_OUT}.")
    if out.exists():
        if not out.is_dir():
            raise SiteError(f"{out} exists and is not a folder.")
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SiteError(
                f"{out} is not empty and was not built by `python -m course.site build`; choose "
                "an empty or new folder (nothing was deleted)."
            )


def _select(ordered: list[Path], notebooks: Sequence[str | os.PathLike[str]], nb_dir: Path):
    wanted = set()
    for name in notebooks:
        path = Path(name)
        path = (path if path.is_absolute() else nb_dir / path).resolve()
        if not path.is_file():
            path = Path(name).resolve()
        if path not in ordered:
            raise SiteError(f"{name} is not a notebook of the course (under {nb_dir}).")
        wanted.add(path)
    return [p for p in ordered if p in wanted]


def build_site(
    *,
    out: str | os.PathLike[str] | None = None,
    notebooks: Sequence[str | os.PathLike[str]] | None = None,
    notebooks_dir: str | os.PathLike[str] | None = None,
    js_cache: str | os.PathLike[str] | None = None,
    timeout: int = DEFAULT_TIMEOUT_S,
    jobs: int | None = None,
    log: Callable[[str], None] = print,
) -> SiteResult:
    """Execute the notebooks, convert them to HTML and write the site into ``out``.

    ``notebooks`` limits the build to some notebooks (paths, absolute or relative to the
    notebooks folder); by default every notebook is built. ``jobs`` notebooks run at once
    (default: :data:`DEFAULT_JOBS`). The site is assembled in a staging folder next to ``out``
    and moves into place only when every notebook has run, so a failed build leaves the previous
    site as it was.
    """
    start = time.perf_counter()
    jobs = DEFAULT_JOBS if jobs is None else jobs
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ValueError(f"jobs must be a whole number of at least 1, not {jobs!r}.")
    nb_dir = (NOTEBOOKS if notebooks_dir is None else Path(notebooks_dir)).resolve()
    out_dir = (DEFAULT_OUT if out is None else Path(out)).expanduser().resolve()
    _check_out(out_dir)
    ordered = notebooks_in_order(nb_dir)
    if notebooks:
        ordered = _select(ordered, notebooks, nb_dir)
    node_modules = ensure_widget_js(js_cache, log=log)

    site_root = nb_dir.parent
    pages = [
        Page(p, p.relative_to(site_root).with_suffix(".html").as_posix(), _title_of(p))
        for p in ordered
    ]
    with tempfile.TemporaryDirectory(prefix="course-site-") as tmp:
        env = kernel_env(Path(tmp) / "progress.json")

        def run(numbered: tuple[int, Page]):
            number, page = numbered
            t0 = time.perf_counter()
            nb = execute_notebook(
                page.source, timeout=timeout, env=env, ipc_dir=Path(tmp) / f"k{number}"
            )
            seconds = time.perf_counter() - t0
            log(f"  ran {page.source.relative_to(site_root)} in {seconds:.1f} s")
            return nb, seconds

        log(f"Executing {len(pages)} notebook(s) ...")
        if jobs == 1:
            results = [run(p) for p in enumerate(pages)]
        else:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                results = list(pool.map(run, enumerate(pages)))

    staging = out_dir.with_name(f".{out_dir.name}.building")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        staging.mkdir(parents=True)
        (staging / MARKER).write_text(
            "Built by `python -m course.site build`; the whole folder is replaced on each build.\n",
            encoding="utf-8",
        )
        copy_static(node_modules, staging / STATIC)
        built = datetime.now(UTC).strftime("%Y-%m-%d")
        pages = [
            Page(p.source, p.html_path, p.title, seconds)
            for p, (_nb, seconds) in zip(pages, results, strict=True)
        ]
        by_source = {p.source: p for p in pages}
        warnings: list[str] = []
        for index, (page, (nb, _s)) in enumerate(zip(pages, results, strict=True)):
            body = convert(
                nb,
                page=page,
                nav_top=_nav(pages, index, top=True, built=built),
                nav_bottom=_nav(pages, index, top=False, built=built),
            )
            body = rewrite_links(
                body, page=page, pages_by_source=by_source, out=staging, warnings=warnings
            )
            target = staging / page.html_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        (staging / "index.html").write_text(
            index_html(pages, notebooks_dir=nb_dir, built=built), encoding="utf-8"
        )
        _check_out(out_dir)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        staging.rename(out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    warnings = list(dict.fromkeys(warnings))
    for warning in warnings:
        log(f"  warning: {warning}")
    return SiteResult(
        out_dir,
        out_dir / "index.html",
        tuple(pages),
        time.perf_counter() - start,
        tuple(warnings),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m course.site",
        description="Build a read-only HTML site of the executed course (works offline).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="execute the notebooks and write the site")
    build.add_argument("--out", default=str(DEFAULT_OUT), help="output folder (default: site/)")
    build.add_argument(
        "--notebook",
        action="append",
        dest="notebooks",
        metavar="PATH",
        help="build only this notebook (repeatable; relative to notebooks/)",
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=DEFAULT_JOBS,
        help="notebooks executed at once (default: %(default)s)",
    )
    build.add_argument(
        "--timeout", type=int, default=DEFAULT_TIMEOUT_S, help="seconds allowed per cell"
    )
    build.add_argument(
        "--js-cache",
        default=None,
        help=f"where npm installs the widget JavaScript (default: ${JS_CACHE_ENV} or "
        f"{DEFAULT_JS_CACHE.relative_to(ROOT)})",
    )
    args = parser.parse_args(argv)
    try:
        result = build_site(
            out=args.out,
            notebooks=args.notebooks,
            js_cache=args.js_cache,
            timeout=args.timeout,
            jobs=args.jobs,
        )
    except (SiteError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"Site written to {result.index} ({len(result.pages)} pages, {result.seconds:.0f} s). "
        f"Open it in a browser, or serve it with: python -m http.server -d {result.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
