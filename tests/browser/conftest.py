"""Fixtures for the real-browser tests: JupyterLab on 127.0.0.1 driven by Debian's Chromium.

The server is started once per session with a token, on a free port, with every Jupyter,
IPython, matplotlib and JupyterLab settings/workspace folder, and ``HOME`` itself, in a temporary
directory (nothing in the user's home is read or written). It serves a temporary *copy* of
``notebooks/`` so that running cells, autosave or a stray Ctrl+S never write into the repository;
the ``course`` package still finds its assets through ``course.paths`` (editable install). The
quiz test puts a generated student version into the same temporary root.

Chromium is Debian's ``/usr/bin/chromium`` (``apt-get install chromium``), launched by
Playwright's Python package with ``executable_path``; ``playwright install`` is never used.
Without Chromium or Playwright the browser tests skip with a message, except under ``CI=true``,
where they fail: CI must run them.

Screenshots go to ``tests/artifacts/`` (git-ignored), one descriptive PNG per step.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
IN_CI = os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")  # as tests/conftest.py
SERVER_START_TIMEOUT_S = 60
#: The active notebook only: JupyterLab keeps hidden panels in the DOM.
PANEL = ".jp-NotebookPanel:not(.lm-mod-hidden)"
ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)


def _missing_requirements() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "Playwright's Python package is not installed (pip install the course's dev extras; "
            "never run `playwright install`)"
        )
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"Chromium was not found at {CHROMIUM} (Debian: apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    """Skip (or, under CI=true, fail) when Chromium or Playwright is missing."""
    reason = _missing_requirements()
    if reason is None:
        return
    if IN_CI:
        pytest.fail(f"CI=true and the browser tests cannot run: {reason}.", pytrace=False)
    pytest.skip(f"Browser tests skipped: {reason}. They run in CI (CI=true).")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _request(url: str, *, method: str = "GET", timeout: float = 5.0) -> tuple[int, bytes]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (localhost)
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class LabServer:
    """A running JupyterLab: its URL, token, served root and a few REST helpers."""

    def __init__(self, *, port: int, token: str, root_dir: Path, proc: subprocess.Popen, log: Path):
        self.port = port
        self.token = token
        self.root_dir = root_dir
        self.proc = proc
        self.log = log
        self.base = f"http://127.0.0.1:{port}"

    def api(self, path: str, *, method: str = "GET") -> tuple[int, bytes]:
        sep = "&" if "?" in path else "?"
        return _request(f"{self.base}/api/{path}{sep}token={self.token}", method=method)

    def lab_url(self, relpath: str) -> str:
        """The URL that opens ``relpath`` (relative to the served root) in a fresh workspace."""
        return f"{self.base}/lab/tree/{relpath}?reset&token={self.token}"

    def kernels(self) -> list[dict]:
        status, body = self.api("kernels")
        return json.loads(body) if status == 200 else []

    def stop_kernels(self) -> None:
        """Shut down every session and kernel (kernels outlive the browser page)."""
        status, body = self.api("sessions")
        for session in json.loads(body) if status == 200 else []:
            self.api(f"sessions/{session['id']}", method="DELETE")
        for kernel in self.kernels():
            self.api(f"kernels/{kernel['id']}", method="DELETE")

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def _write_lab_settings(settings_dir: Path) -> None:
    """User settings: no news/update toast, no autosave (nothing is saved unless a test saves)."""
    settings = {
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
            "fetchNews": "false",
            "checkForUpdates": False,
        },
        "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    }
    for rel, value in settings.items():
        path = settings_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value), encoding="utf-8")


@pytest.fixture(scope="session")
def lab_server(browser_requirements, tmp_path_factory) -> Iterator[LabServer]:
    """JupyterLab on 127.0.0.1 with a token, serving a temporary copy of the course notebooks."""
    base = tmp_path_factory.mktemp("jupyterlab")
    root = base / "root"
    shutil.copytree(
        ROOT / "notebooks",
        root / "notebooks",
        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"),
    )
    dirs = {
        "JUPYTER_CONFIG_DIR": base / "config",
        "JUPYTER_DATA_DIR": base / "data",
        "JUPYTER_RUNTIME_DIR": base / "runtime",
        "IPYTHONDIR": base / "ipython",
        "MPLCONFIGDIR": base / "matplotlib",
        "JUPYTERLAB_SETTINGS_DIR": base / "lab-user-settings",
        "JUPYTERLAB_WORKSPACES_DIR": base / "lab-workspaces",
        # Anything else a kernel writes under ~ (a practice-progress file, caches) stays here.
        "HOME": base / "home",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    _write_lab_settings(dirs["JUPYTERLAB_SETTINGS_DIR"])

    env = dict(os.environ)
    env.update({k: str(v) for k, v in dirs.items()})
    # Kernels and nbgrader's helper programs (alembic) come from this interpreter's environment.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("MPLBACKEND", None)  # the kernel uses the inline backend, as a learner's does
    env.pop("NBGRADER_DB_URL", None)
    env["PYTHONUNBUFFERED"] = "1"

    port = _free_port()
    token = secrets.token_hex(24)
    log = base / "jupyterlab.log"
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--port-retries=0",
        f"--IdentityProvider.token={token}",
        "--allow-root",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={dirs['JUPYTERLAB_SETTINGS_DIR']}",
        f"--LabApp.workspaces_dir={dirs['JUPYTERLAB_WORKSPACES_DIR']}",
        "--LabApp.news_url=",
        "--ServerApp.terminals_enabled=False",
    ]
    with log.open("wb") as fh:
        proc = subprocess.Popen(
            cmd, cwd=root, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = LabServer(port=port, token=token, root_dir=root, proc=proc, log=log)
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"JupyterLab exited with code {proc.returncode} at start-up:\n"
                    f"{server.log_tail()}",
                    pytrace=False,
                )
            try:
                status, _ = server.api("status", method="GET")
            except OSError:
                status = 0
            if status == 200:
                break
            if time.monotonic() > deadline:
                pytest.fail(
                    f"JupyterLab did not answer within {SERVER_START_TIMEOUT_S} s:\n"
                    f"{server.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield server
    finally:
        _stop_server(server)


def _stop_server(server: LabServer) -> None:
    """Stop kernels, ask the server to shut down, then make sure its process group is gone."""
    proc = server.proc
    if proc.poll() is None:
        try:
            server.stop_kernels()
            server.api("shutdown", method="POST")
        except OSError:
            pass
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


@pytest.fixture(scope="session")
def browser(browser_requirements):
    """Debian's Chromium, headless, launched by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Lab:
    """One browser page on the JupyterLab server, with the steps a learner takes."""

    def __init__(self, page, server: LabServer, artifacts: Path):
        self.page = page
        self.server = server
        self.artifacts = artifacts

    @property
    def panel(self):
        return self.page.locator(PANEL)

    def open(self, relpath: str, *, timeout_ms: int = 30_000) -> None:
        """Open a notebook in a fresh workspace; wait until every cell is rendered and the
        kernel is idle."""
        nb = json.loads((self.server.root_dir / relpath).read_text(encoding="utf-8"))
        self.n_code_cells = sum(c["cell_type"] == "code" for c in nb["cells"])
        self.page.goto(self.server.lab_url(relpath))
        self.panel.locator(".jp-Notebook").wait_for(state="visible", timeout=timeout_ms)
        self.page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel + ' .jp-CodeCell').length === n",
            arg=[PANEL, self.n_code_cells],
            timeout=timeout_ms,
        )
        self.wait_kernel_idle(timeout_ms=timeout_ms)
        # Collapse the file browser so the notebook (and the screenshots) get the width.
        current = self.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if current.count():
            current.first.click()

    def wait_kernel_idle(self, *, timeout_ms: int = 30_000) -> None:
        self.panel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
            state="attached", timeout=timeout_ms
        )

    def run_all(self, *, timeout_ms: int = 60_000) -> None:
        """Run > Run All Cells from the menu bar, then wait until no cell is queued or running.

        Right after a notebook opens, JupyterLab can drop a Run All while the kernel connection
        is still being set up (the cells stay ``[ ]``); the command is repeated if no cell has
        started within 5 s.
        """
        started = """(sel) => [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')]
            .some((e) => /\\[(\\*|\\d+)\\]/.test(e.textContent))"""
        for attempt in range(3):
            # The notebook's tab first, so that it is JupyterLab's current notebook.
            self.page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.jp-mod-current").first.click()
            self.page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            self.page.locator(".lm-Menu-item", has_text="Run All Cells").first.click()
            try:
                self.page.wait_for_function(started, arg=PANEL, timeout=5_000, polling=100)
                break
            except Exception:  # noqa: BLE001 - playwright's TimeoutError; try again
                if attempt == 2:
                    raise
                print(f"Run All did not start (attempt {attempt + 1}); repeating it")
                self.page.keyboard.press("Escape")
        # Done when every code cell shows an execution count, or when Run All stopped at an
        # error (the cells after it go back to [ ]): no cell queued or running, and an error
        # output is shown.
        self.page.wait_for_function(
            """([sel, errors]) => {
                const panel = document.querySelector(sel);
                if (!panel) return false;
                const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                    .map((e) => e.textContent.trim());
                if (prompts.length === 0 || prompts.some((p) => p.includes('*'))) return false;
                if (prompts.every((p) => /^\\[\\d+\\]:$/.test(p))) return true;
                return panel.querySelector(errors) !== null;
            }""",
            arg=[PANEL, ERROR_OUTPUTS],
            timeout=timeout_ms,
            polling=100,
        )
        self.wait_kernel_idle(timeout_ms=timeout_ms)

    def code_prompts(self) -> list[str]:
        return [
            t.strip()
            for t in self.panel.locator(".jp-CodeCell .jp-InputPrompt").all_text_contents()
        ]

    def error_outputs(self) -> list[str]:
        return [t.strip()[:500] for t in self.panel.locator(ERROR_OUTPUTS).all_text_contents()]

    def output_containing(self, text: str):
        """The output area (one cell's outputs) whose rendered text contains ``text``."""
        return self.panel.locator(".jp-Cell-outputArea", has_text=text).first

    def screenshot(self, name: str, *, element=None) -> Path:
        """Save what the learner sees as tests/artifacts/<name>.png, with ``element`` (if
        given) scrolled to the top of the notebook."""
        path = self.artifacts / f"{name}.png"
        if element is not None:
            element.wait_for(state="visible")
            element.evaluate("(e) => e.scrollIntoView({block: 'start'})")
        # Let the notebook's virtual scrolling paint the cells now in view.
        self.page.wait_for_timeout(400)
        self.page.screenshot(path=str(path))
        return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser_context(browser):
    """One browser context for the session: its HTTP cache keeps JupyterLab's scripts, so each
    test's fresh page loads faster. Each test still opens its notebook with ``?reset``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def lab(request, lab_server, browser_context, artifacts) -> Iterator[Lab]:
    """A fresh browser page; at the end the page closes and every kernel is shut down.

    When the test fails, the page as it was is saved as tests/artifacts/FAILED_<test>.png.
    """
    page = browser_context.new_page()
    try:
        yield Lab(page, lab_server, artifacts)
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            name = re.sub(r"[^A-Za-z0-9_.+-]+", "_", request.node.name)
            try:
                page.screenshot(path=str(artifacts / f"FAILED_{name}.png"))
            except Exception:  # noqa: BLE001 - a failed screenshot must not hide the failure
                pass
        page.close()
        lab_server.stop_kernels()
