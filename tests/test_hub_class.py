"""A whole class on JupyterHub, end to end, with real Unix users (deploy/jupyterhub).

The deployment is installed with its own tool (``classctl.py install`` and ``users``) in a
temporary prefix, with one instructor, one grader (TA), three students and the grader account,
and a PostgreSQL gradebook; the hub runs on 127.0.0.1. Then, as each person would:

* the instructor generates and releases quiz 1 through the formgrader service's API;
* a student logs in through the hub's login page in Chromium, lands on the course and sees the
  released quiz in Nbgrader > Assignment List (and no formgrader); the instructor, logged in the
  same way, has the Course List and sees the quiz in the formgrader;
* the other students' servers are started through the hub's REST API; students fetch, answer
  (all right; every other item wrong) and submit through their own servers; the third fetches
  and answers but never submits; one submits a copy in a classmate's name;
* security: a student cannot read the instructor's course folder, another student's files or
  submission, the hub's token, or release into the exchange; cannot open the formgrader service
  or another student's server; has no formgrader of their own;
* the instructor collects; the grader account runs the class-scale autograde (2 jobs, PostgreSQL);
  the TA grades the free-text answers through the formgrader; feedback is generated, released and
  fetched (and leaks no key); the exported grades are exactly what the bank says.

A second test runs the one-command demo (``classctl.py demo``) as the docs show it, checks that it
serves a class with quiz 1 released, stops it with Ctrl+C and removes it.

Needs root (accounts), Debian's python3-venv, Node.js/npm, PostgreSQL (COURSE_TEST_PG_ADMIN_URL)
and Chromium: ``.ci/run`` provides them. Elsewhere the test skips with the reason; under CI=true
it fails instead. Everything it creates (accounts, prefix, database) is removed afterwards.
"""

from __future__ import annotations

import csv
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import IN_CI, PG_ADMIN_URL, _new_pg_database

from course.grading.submissions import all_choices, fill
from course.quiz.bank import load_quizzes

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))
from classctl import user_exists  # noqa: E402
from trial import COURSE, SYSTEM_PYTHON, TrialClass  # noqa: E402

QUIZ = "q01_biology"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("hub"), pytest.mark.timeout(1200)]


def _require(what: str) -> None:
    """Skip with the reason on a laptop without root, Chromium or PostgreSQL; fail under CI."""
    reason = _missing()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but the {what} cannot run: {reason}")
        pytest.skip(f"{what}: {reason}")


def _missing() -> str | None:
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        return "needs root on Linux (it creates and removes Unix accounts)"
    for tool in ("useradd", "userdel", "runuser", "npm", "node"):
        if not shutil.which(tool):
            return f"{tool} is not installed (Debian: passwd, util-linux, nodejs, npm)"
    venv_ok = subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"], capture_output=True)
    if venv_ok.returncode:
        return "Debian's python3-venv is not installed"
    if not PG_ADMIN_URL:
        return "no PostgreSQL test server (COURSE_TEST_PG_ADMIN_URL; .ci/run starts one)"
    if not Path("/usr/bin/chromium").exists():
        return "Chromium is not installed (Debian: chromium)"
    try:
        import playwright.sync_api  # noqa: F401
        import requests  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (the course's dev extras)"
    return None


class HubClass(TrialClass):
    """The trial class, seen by the test: requests as a person, commands as a Unix user."""

    tokens: dict[str, str]

    def request(self, method: str, path: str, *, as_user: str | None = None, **kwargs):
        import requests

        token = self.admin_token if as_user is None else self.token(as_user)
        headers = {"Authorization": f"token {token}", **kwargs.pop("headers", {})}
        kwargs.setdefault("timeout", 120)
        kwargs.setdefault("allow_redirects", False)
        return requests.request(method, self.url + path.lstrip("/"), headers=headers, **kwargs)

    def token(self, user: str) -> str:
        """A token of the user's own (as their browser session would have), made by the admin."""
        if user not in self.tokens:
            r = self.request("POST", f"hub/api/users/{user}/tokens", json={"note": "class test"})
            assert r.status_code == 201, r.text
            self.tokens[user] = r.json()["token"]
        return self.tokens[user]

    def as_unix_user(self, user: str, *cmd: str, cwd: str | None = None):
        home = f"/home/{user}"
        env = [
            f"HOME={home}",
            f"USER={user}",
            "LANG=C.UTF-8",
            f"PATH={self.prefix}/venv/bin:/usr/bin:/bin",
        ]
        return subprocess.run(
            ["runuser", "-u", user, "--", "env", "-i", *env, *cmd],
            capture_output=True,
            text=True,
            cwd=cwd or home,
        )


@pytest.fixture(scope="module")
def hub_class():
    _require("JupyterHub class test")
    h = HubClass(students=3)
    h.tokens = {}
    h.db_url = _new_pg_database(f"bmc_class_{h.tag}")
    try:
        h.install()
        h.start()
        yield h
    finally:
        h.stop(keep_log=ARTIFACTS / "hub_class_hub.log")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "hub_class_timings.json").write_text(json.dumps(h.timings, indent=1))
        _drop_database(h.db_url)


def _drop_database(db_url: str) -> None:
    import psycopg2

    name = db_url.rsplit("/", 1)[1]
    conn = psycopg2.connect(PG_ADMIN_URL)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


# --- the steps -----------------------------------------------------------------------------------


def _ok(response, what: str) -> dict | list:
    assert response.status_code == 200, f"{what}: HTTP {response.status_code} {response.text[:500]}"
    data = response.json()
    if isinstance(data, dict) and "success" in data:
        assert data["success"], f"{what} failed: {json.dumps(data)[:2000]}"
    return data


def formgrader(h: HubClass, user: str, method: str, api: str, **kwargs):
    return h.request(method, f"services/{COURSE}/formgrader/api/{api}", as_user=user, **kwargs)


def start_server(h: HubClass, user: str) -> None:
    r = h.request("POST", f"hub/api/users/{user}/server")
    assert r.status_code in (201, 202, 400), r.text  # 400: already running
    deadline = time.monotonic() + 90
    while True:
        model = h.request("GET", f"hub/api/users/{user}").json()
        if model["servers"].get("", {}).get("ready"):
            return
        assert time.monotonic() < deadline, f"{user}'s server did not start:\n{h.hub_log()}"
        time.sleep(0.5)


def assignments(h: HubClass, student: str) -> dict[str, str]:
    data = _ok(
        h.request(
            "GET", f"user/{student}/assignments", as_user=student, params={"course_id": COURSE}
        ),
        f"{student} lists assignments",
    )
    return {a["assignment_id"]: a["status"] for a in data["value"]}


def student_action(h: HubClass, student: str, action: str) -> dict:
    return _ok(
        h.request(
            "POST",
            f"user/{student}/assignments/{action}",
            as_user=student,
            data={"course_id": COURSE, "assignment_id": QUIZ},
        ),
        f"{student}: {action}",
    )


def notebook_path() -> str:
    return f"{COURSE}/{QUIZ}/{QUIZ}.ipynb"


def _log_in(browser, h: HubClass, user: str):
    """A fresh browser context (its own cookies) logged in through the hub's login page."""
    page = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    page.goto(h.url + "hub/login", wait_until="domcontentloaded")
    page.fill("#username_input", user)
    page.fill("#password_input", h.password)
    page.click("#login_submit")
    # The spawn page, then the user's JupyterLab.
    page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=120_000)
    return page


def _nbgrader_menu(page) -> list[str]:
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    menu = page.locator(".lm-Menu:visible")
    menu.wait_for()
    return menu.locator(".lm-Menu-itemLabel").all_inner_texts()


def browser_checks(h: HubClass, student: str, instructor: str) -> None:
    """A student meets the course and the quiz, without instructor tools; the instructor finds
    the course's formgrader and the released quiz in it."""
    from browser.conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = _log_in(browser, h, student)
            assert page.url.endswith("/bone-metastases-course/notebooks/00_start_here.ipynb"), (
                page.url
            )
            panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
            panel.locator("h1").first.wait_for(timeout=60_000)
            heading = panel.locator("h1").first.inner_text()
            assert "bone metastases" in heading.lower(), heading
            page.screenshot(path=str(ARTIFACTS / "hub_class_student_landing.png"))
            entries = _nbgrader_menu(page)
            assert "Assignment List" in entries, entries
            assert not any("Formgrader" in e for e in entries), entries
            assert not any("Course List" in e for e in entries), entries
            page.locator(".lm-Menu:visible .lm-Menu-itemLabel", has_text="Assignment List").click()
            released = page.locator("#released_assignments_list")
            released.get_by_text(QUIZ).wait_for(timeout=60_000)
            page.screenshot(path=str(ARTIFACTS / "hub_class_student_assignment_list.png"))

            staff = _log_in(browser, h, instructor)
            entries = _nbgrader_menu(staff)
            assert "Course List" in entries, entries
            staff.keyboard.press("Escape")
            staff.goto(h.url + f"services/{COURSE}/formgrader", wait_until="domcontentloaded")
            staff.get_by_text("Manage Assignments").first.wait_for(timeout=60_000)
            row = staff.locator("tr", has_text=QUIZ).first
            row.wait_for(timeout=60_000)
            assert "released" in row.inner_text(), row.inner_text()
            staff.screenshot(path=str(ARTIFACTS / "hub_class_instructor_formgrader.png"))
        finally:
            browser.close()


def test_a_class_on_jupyterhub(hub_class: HubClass):
    h = hub_class
    quiz = load_quizzes()[QUIZ]
    right_student, partly_student, never_student = h.student_names
    auto_items = [i for i in quiz.items if i.type != "free_text"]
    free_items = [i for i in quiz.items if i.type == "free_text"]
    assert auto_items and free_items, "quiz 1 needs auto-graded and free-text items"
    steps = h.timings
    t = time.perf_counter()

    # 1. The instructor generates and releases quiz 1 from the formgrader service.
    page = h.request(
        "GET", f"services/{COURSE}/formgrader", as_user=h.instructor, allow_redirects=True
    )
    assert page.status_code == 200 and "formgrader" in page.url, (page.status_code, page.url)
    _ok(formgrader(h, h.instructor, "POST", f"assignment/{QUIZ}/assign"), "generate")
    _ok(formgrader(h, h.instructor, "POST", f"assignment/{QUIZ}/release"), "release")
    assert (h.exchange / "outbound" / QUIZ / f"{QUIZ}.ipynb").is_file()
    steps["release"] = time.perf_counter() - t

    # 2. Through the hub's login page in Chromium: a student meets the course and the quiz, and
    #    the instructor finds the formgrader.
    t = time.perf_counter()
    # In a thread of its own: Playwright's sync API refuses to run where an event loop is
    # already running (the browser tests' session-wide Playwright, in the same xdist worker).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(browser_checks, h, never_student, h.instructor).result()
    steps["browser login"] = time.perf_counter() - t

    # 3. The other servers are started through the REST API; everyone fetches and answers.
    t = time.perf_counter()
    for student in (right_student, partly_student):
        start_server(h, student)
    steps["start two servers"] = time.perf_counter() - t
    t = time.perf_counter()
    alternate = {i.id: ("right" if k % 2 == 0 else "wrong") for k, i in enumerate(quiz.items)}
    for item in free_items:
        alternate[item.id] = "blank"
    plans = {
        right_student: all_choices(quiz, "right"),
        partly_student: alternate,
        never_student: all_choices(quiz, "right"),
    }
    expected = {}
    for student, choices in plans.items():
        assert assignments(h, student) == {QUIZ: "released"}
        student_action(h, student, "fetch")
        nb = h.request("GET", f"user/{student}/api/contents/{notebook_path()}", as_user=student)
        assert nb.status_code == 200, nb.text[:300]
        submission = fill(nb.json()["content"], quiz, choices, name=student)
        expected[student] = submission
        saved = h.request(
            "PUT",
            f"user/{student}/api/contents/{notebook_path()}",
            as_user=student,
            json={"type": "notebook", "format": "json", "content": submission.notebook},
        )
        assert saved.status_code == 200, saved.text[:300]
    for student in (right_student, partly_student):
        student_action(h, student, "submit")
        assert assignments(h, student)[QUIZ] == "submitted"
    assert assignments(h, never_student)[QUIZ] == "fetched"
    # A student submits their own (partly wrong) answers in a classmate's name, later than the
    # classmate: nbgrader's settings are the student's to choose, so nothing stops the submit.
    forged = h.as_unix_user(
        partly_student,
        "nbgrader",
        "submit",
        QUIZ,
        "--course",
        COURSE,
        f"--CourseDirectory.student_id={right_student}",
        "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin",
        cwd=f"/home/{partly_student}",
    )
    assert forged.returncode == 0, forged.stdout[-2000:] + forged.stderr[-2000:]
    forged_name = f"{right_student}+{QUIZ}+"
    assert sum(p.name.startswith(forged_name) for p in (h.exchange / "inbound").iterdir()) == 2
    steps["students fetch, answer, submit"] = time.perf_counter() - t

    # 4. Security: files, exchange, hub token, other servers, the formgrader.
    other = partly_student
    submitted = sorted((h.exchange / "inbound").iterdir())
    assert len(submitted) == 3, submitted
    right_uid = pwd.getpwnam(right_student).pw_uid
    right_submission = next(p for p in submitted if p.stat().st_uid == right_uid)
    denied = {
        "the instructor's course folder (solutions)": [
            "cat",
            str(h.course_folder / "source" / QUIZ / f"{QUIZ}.ipynb"),
        ],
        "the gradebook password": ["cat", str(h.course_folder / "nbgrader_config.py")],
        "another student's answers": ["cat", f"/home/{right_student}/{notebook_path()}"],
        "the list of submissions": ["ls", str(h.exchange / "inbound")],
        "the hub's admin token": ["cat", str(h.prefix / "hub" / "class-admin.token")],
        "releasing into the exchange": ["touch", str(h.exchange / "outbound" / "fake")],
        "another student's submission, by its name": [
            "cat",
            str(right_submission / f"{QUIZ}.ipynb"),
        ],
    }
    for what, cmd in denied.items():
        proc = h.as_unix_user(other, *cmd)
        assert proc.returncode != 0 and "Permission denied" in proc.stderr, (
            f"a student could reach {what}: {' '.join(cmd)} -> {proc.returncode} {proc.stderr}"
        )
    # ... and the control: the same student reads their own work.
    assert h.as_unix_user(other, "cat", f"/home/{other}/{notebook_path()}").returncode == 0
    assert (
        h.request("GET", f"user/{right_student}/api/contents/{COURSE}", as_user=other).status_code
        == 403
    )
    assert (
        h.request(
            "GET", f"services/{COURSE}/formgrader", as_user=other, allow_redirects=True
        ).status_code
        == 403
    )
    assert formgrader(h, other, "GET", "assignments").status_code == 403
    # ... nor by going round the proxy to the service's own port on 127.0.0.1.
    import requests

    direct = f"http://127.0.0.1:{h.port + 3}/services/{COURSE}/formgrader/api/assignments"
    for headers in ({"Authorization": f"token {h.token(other)}"}, {}):
        r = requests.get(direct, headers=headers, allow_redirects=False, timeout=30)
        assert r.status_code in (302, 403), (headers.keys(), r.status_code)
        assert "assignment_id" not in r.text
    assert formgrader(h, other, "POST", f"assignment/{QUIZ}/collect").status_code == 403
    assert h.request("GET", f"user/{other}/formgrader", as_user=other).status_code == 404
    page_config = h.request("GET", f"user/{other}/lab", as_user=other).text
    assert '"@jupyter/nbgrader:formgrader"' in page_config.split('"disabledExtensions"', 1)[1][:600]

    # 5. The instructor collects; the class-scale autograde runs on the PostgreSQL gradebook.
    t = time.perf_counter()
    collected_log = _ok(
        formgrader(h, h.instructor, "POST", f"assignment/{QUIZ}/collect"), "collect"
    )
    # The submission in the classmate's name is reported, not collected (the export below
    # shows the classmate's own answers were graded).
    assert f"names {right_student} but was submitted by {partly_student}" in collected_log["log"]
    collected = sorted(p.name for p in (h.course_folder / "submitted").iterdir())
    assert collected == sorted([right_student, partly_student]), collected
    steps["collect"] = time.perf_counter() - t
    t = time.perf_counter()
    graded = h.as_unix_user(
        h.grader,
        "python",
        "-m",
        "course.grading",
        "autograde",
        QUIZ,
        "--jobs",
        "2",
        cwd=str(h.course_folder),
    )
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    assert "SQLite" not in graded.stdout + graded.stderr, "the gradebook must be PostgreSQL"
    steps["autograde (2 jobs)"] = time.perf_counter() - t

    # 6. The TA grades the free-text answers in the formgrader (full marks for the right one).
    t = time.perf_counter()
    subs = _ok(formgrader(h, h.ta, "GET", f"submitted_notebooks/{QUIZ}/{QUIZ}"), "submissions")
    by_student = {s["student"]: s for s in subs}
    assert set(by_student) == {right_student, partly_student}, by_student.keys()
    for student, sub in by_student.items():
        grades = _ok(
            formgrader(h, h.ta, "GET", "grades", params={"submission_id": sub["id"]}), "grades"
        )
        manual = [g for g in grades if g["needs_manual_grade"]]
        wanted = set(expected[student].needs_manual)
        assert {g["name"] for g in manual} == wanted, (student, manual)
        for g in manual:
            r = formgrader(
                h,
                h.ta,
                "PUT",
                f"grade/{g['id']}",
                json={"manual_score": g["max_score"], "extra_credit": 0},
            )
            assert r.status_code == 200, r.text[:300]
    steps["manual grading"] = time.perf_counter() - t

    # 7. Feedback: generated and released by the instructor, fetched by the students.
    t = time.perf_counter()
    _ok(formgrader(h, h.instructor, "POST", f"assignment/{QUIZ}/generate_feedback"), "feedback")
    _ok(formgrader(h, h.instructor, "POST", f"assignment/{QUIZ}/release_feedback"), "release fb")
    from test_pipeline import leaks

    for student in (right_student, partly_student):
        student_action(h, student, "fetch_feedback")
        folder = f"{COURSE}/{QUIZ}/feedback"
        listing = h.request("GET", f"user/{student}/api/contents/{folder}", as_user=student)
        assert listing.status_code == 200, listing.text[:300]
        (stamp,) = [d["name"] for d in listing.json()["content"]]
        html = h.request(
            "GET",
            f"user/{student}/api/contents/{folder}/{stamp}/{QUIZ}.html",
            as_user=student,
            params={"format": "text", "type": "file"},
        )
        assert html.status_code == 200, html.text[:300]
        text = html.json()["content"]
        assert leaks(text, quiz) == [], f"{student}'s feedback leaks {leaks(text, quiz)}"
        score = (
            quiz.max_points if student == right_student else (expected[student].expected_auto_score)
        )
        assert re.search(rf"Score: {score:g}(\.0)? / {quiz.max_points:g}", text), (
            f"{student}'s feedback does not show {score}/{quiz.max_points}"
        )
    steps["feedback"] = time.perf_counter() - t

    # 8. The exported grades, exactly.
    export = h.as_unix_user(
        h.grader, "nbgrader", "export", "--to", "grades.csv", cwd=str(h.course_folder)
    )
    assert export.returncode == 0, export.stderr[-2000:]
    rows = {
        r["student_id"]: r
        for r in csv.DictReader((h.course_folder / "grades.csv").open(encoding="utf-8"))
        if r["assignment"] == QUIZ
    }
    assert set(rows) == set(h.student_names), rows.keys()
    full = quiz.max_points
    want = {
        right_student: full,
        partly_student: expected[partly_student].expected_auto_score,
        never_student: 0.0,
    }
    got = {s: float(r["score"]) for s, r in rows.items()}
    assert got == want, got
    assert float(rows[right_student]["max_score"]) == full
    assert rows[never_student]["timestamp"] in ("", "None"), rows[never_student]
    assert 0 < want[partly_student] < full


def test_the_one_command_demo_serves_a_class_and_is_removed_cleanly():
    """`classctl.py demo` as the docs show it (on a free port and a scratch prefix)."""
    import requests
    from trial import free_port_block

    _require("demo test")
    names = ["demo-instructor", "demo-ta", "demo-grader"] + [f"demo-student{i}" for i in (1, 2, 3)]
    taken = [n for n in names if user_exists(n)]
    if taken:
        pytest.skip(f"accounts {', '.join(taken)} exist already (a demo is installed here)")
    base = Path(f"/tmp/bmc-demo-{os.getpid()}")
    base.mkdir(mode=0o755)
    os.chmod(base, 0o755)
    prefix, port, log = base / "prefix", free_port_block(), base / "demo.log"
    classctl = ROOT / "deploy" / "jupyterhub" / "classctl.py"
    with open(log, "wb") as out:
        demo = subprocess.Popen(
            [SYSTEM_PYTHON, classctl, "demo", "--prefix", prefix, "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 600
        while "JupyterHub is now running" not in log.read_text(errors="replace"):
            assert demo.poll() is None, log.read_text(errors="replace")[-4000:]
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-4000:]
            time.sleep(1)
        text = log.read_text(errors="replace")
        password = re.search(r"shared password: (\S+)\)", text).group(1)
        assert password == (prefix / "etc" / "shared-password").read_text().strip()
        assert f"services/{COURSE}/formgrader" in text and "remove --config" in text
        url = f"http://127.0.0.1:{port}/"
        assert requests.get(url + "hub/login", timeout=30).status_code == 200
        token = (prefix / "hub" / "class-admin.token").read_text().strip()
        users = requests.get(
            url + "hub/api/users", headers={"Authorization": f"token {token}"}, timeout=30
        ).json()
        assert {u["name"] for u in users} >= {"demo-student1", "demo-instructor"}
        released = prefix / "exchange" / COURSE / "outbound" / "q01_biology" / "q01_biology.ipynb"
        assert released.is_file(), "the demo releases quiz 1"
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGINT)  # Ctrl+C, as the docs say
            try:
                demo.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(demo.pid, signal.SIGKILL)
        removed = subprocess.run(
            [SYSTEM_PYTHON, classctl, "remove", "--config", prefix / "etc" / "class.toml"],
            capture_output=True,
            text=True,
        )
        shutil.rmtree(base, ignore_errors=True)
    assert removed.returncode == 0, removed.stderr
    assert [n for n in names if user_exists(n)] == []
    assert not prefix.exists()
