#!/usr/bin/env python3
"""Stand up, run and remove a class of the course on JupyterHub (Linux, as root).

    classctl.py install --config class.toml   the course, its environment, the proxy, the
                                               exchange, the grader account and its course folder
    classctl.py users   --config class.toml   Unix accounts for everyone in [people] (private
                                               homes) and the students in the gradebook
    classctl.py start   --config class.toml   run the hub in the foreground (Ctrl+C stops it)
    classctl.py release --config class.toml Q  generate and release quiz Q (as the grader account)
    classctl.py remove  --config class.toml   delete the accounts classctl created and the prefix
    classctl.py demo                           all of the above for a demo class on 127.0.0.1:8000

Standard library only, for Debian's /usr/bin/python3 (3.11). docs/deployment.md is the guide;
class.example.toml documents the settings. Everything is idempotent: run install and users again
after changing the settings or pulling a new version of the course (learners' files are kept).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import pwd
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from classconfig import (  # noqa: E402
    ClassConfigError,
    ClassSettings,
    load,
    parse,
)

REPO = HERE.parents[1]
SYSTEM_PYTHON = Path("/usr/bin/python3")
PROXY_PACKAGE = "configurable-http-proxy@5.3.0"
#: Repository parts a class does not need (and must not copy: virtual environments, caches).
SKIP_NAMES = {
    ".git",
    ".venv",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    "node_modules",
    ".cache",
    ".helpers",
    "site",
    ".site.building",
    ".install-stamp",
}
#: nbgrader working folders inside quizzes/ (created by a cycle, never copied).
COURSE_WORK = {"release", "submitted", "autograded", "feedback", "gradebook.db", ".autograde"}
MANAGED_BEGIN = "# --- class gradebook (written by deploy/jupyterhub/classctl.py) ---"
MANAGED_END = "# --- end of class gradebook ---"
#: nbgrader's lab plugins and server extensions, by who gets them (nbgrader's JupyterHub docs).
LAB_STAFF_ONLY = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")
LAB_COURSE_LIST = "@jupyter/nbgrader:course-list"
SERVER_FORMGRADER = "nbgrader.server_extensions.formgrader"
SERVER_COURSE_LIST = "nbgrader.server_extensions.course_list"


def say(message: str) -> None:
    print(f"[classctl] {message}", flush=True)


def run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a command; when it fails, stop with what it printed (even if it was captured)."""
    check = kwargs.pop("check", True)
    if kwargs.get("capture_output"):
        kwargs.setdefault("text", True)
    proc = subprocess.run([str(c) for c in cmd], **kwargs)
    if check and proc.returncode:
        shown = " ".join(str(c) for c in cmd if not str(c).startswith(("HOME=", "PATH=", "LANG=")))
        output = "\n".join(x[-3000:] for x in (proc.stdout, proc.stderr) if x)
        sys.exit(f"classctl: this failed (exit {proc.returncode}): {shown}\n{output}".rstrip())
    return proc


def require_root() -> None:
    if os.name != "posix" or os.geteuid() != 0:
        sys.exit(
            "classctl.py must run as root on Linux (it creates Unix accounts): sudo python3 ..."
        )


def user_env(settings: ClassSettings, user: str) -> dict[str, str]:
    home = pwd.getpwnam(user).pw_dir
    return {
        "HOME": home,
        "USER": user,
        "LOGNAME": user,
        "LANG": "C.UTF-8",
        "PATH": f"{settings.bin}:/usr/local/bin:/usr/bin:/bin",
    }


def as_user(settings: ClassSettings, user: str, cmd: list, *, cwd=None, env=None, **kwargs):
    """Run ``cmd`` as ``user`` with a clean environment that uses the class's venv."""
    full = {**user_env(settings, user), **(env or {})}
    return run(
        ["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in full.items()], *cmd],
        cwd=cwd or full["HOME"],
        **kwargs,
    )


# --- accounts -----------------------------------------------------------------------------------


def user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def ensure_account(settings: ClassSettings, name: str) -> Path:
    """Create the Unix account if missing (recorded so remove may delete it); home mode 700."""
    if not user_exists(name):
        run(["useradd", "--create-home", "--shell", "/bin/bash", name])
        created = settings.created_users_file
        have = created.read_text().split() if created.exists() else []
        created.write_text("\n".join([*have, name]) + "\n")
        say(f"created the account {name}")
    home = Path(pwd.getpwnam(name).pw_dir)
    home.mkdir(parents=True, exist_ok=True)
    # useradd's homes are world-readable on Debian: another user could read an instructor's
    # solutions or a classmate's answers.
    os.chmod(home, 0o700)
    return home


def chown_tree(path: Path, user: str) -> None:
    pw = pwd.getpwnam(user)
    for root, dirs, files in os.walk(path):
        for name in [*dirs, *files]:
            os.lchown(os.path.join(root, name), pw.pw_uid, pw.pw_gid)
    os.lchown(path, pw.pw_uid, pw.pw_gid)


# --- install ------------------------------------------------------------------------------------


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = {n for n in names if n in SKIP_NAMES or n.endswith(".egg-info")}
    if Path(directory).name == "quizzes":
        skip |= {n for n in names if n in COURSE_WORK}
    if Path(directory).name == "tests":
        skip |= {n for n in names if n == "artifacts"}
    return skip


def copy_course(settings: ClassSettings) -> None:
    """A clean, world-readable copy of the repository at <prefix>/course (what users import)."""
    dest = settings.course_src
    if dest.resolve() == REPO.resolve():
        return
    staging = dest.with_name("course.new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(REPO, staging, ignore=_ignore, symlinks=True)
    old = dest.with_name("course.old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    staging.rename(dest)
    shutil.rmtree(old, ignore_errors=True)
    run(["chmod", "-R", "u=rwX,go=rX", dest])
    say(f"course copied to {dest}")


def install_environment(settings: ClassSettings) -> None:
    """The class's Python environment on Debian's python3 (readable and runnable by every user)."""
    if not SYSTEM_PYTHON.exists():
        sys.exit("Debian's python3 is needed: apt-get install python3 python3-venv")
    stamp = settings.venv / ".class-stamp"
    wanted = hashlib.sha256((settings.course_src / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text().strip() == wanted:
        # The editable install still points at the refreshed copy; nothing else changed.
        return
    if not (settings.bin / "python").exists():
        run([SYSTEM_PYTHON, "-m", "venv", settings.venv])
    say("installing the course and JupyterHub into the class environment (a minute or two)")
    run(
        [
            settings.bin / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--editable",
            f"{settings.course_src}[hub]",
        ]
    )
    stamp.write_text(wanted + "\n")


def install_proxy(settings: ClassSettings) -> None:
    if settings.proxy_command.exists():
        return
    if not shutil.which("npm"):
        sys.exit("npm is needed for JupyterHub's proxy: apt-get install nodejs npm")
    say(f"installing {PROXY_PACKAGE} from the npm registry")
    run(
        [
            "npm",
            "install",
            "--silent",
            "--no-fund",
            "--no-audit",
            "--prefix",
            settings.prefix / "proxy",
            PROXY_PACKAGE,
        ]
    )


def jupyter(settings: ClassSettings, *args) -> None:
    run([settings.bin / "jupyter", *args], capture_output=True)


def configure_jupyter(settings: ClassSettings) -> None:
    """Everyone's defaults (sys-prefix): the exchange, the course, no instructor tools."""
    etc = settings.venv / "etc" / "jupyter"
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        "# The class's global nbgrader settings (written by deploy/jupyterhub/classctl.py).\n"
        "from nbgrader.auth import JupyterHubAuthPlugin\n\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n"
        "c.Exchange.path_includes_course = True\n"
        "# Students see the assignments of the courses whose hub group (nbgrader-<course>) they\n"
        "# are in; staff are in formgrade-<course>.\n"
        "c.Authenticator.plugin_class = JupyterHubAuthPlugin\n"
        "# Submissions readable by the grader account's group only, not by classmates who learn\n"
        "# a folder name (nbgrader's own submit leaves them world-readable).\n"
        'c.ExchangeFactory.submit = "course.grading.exchange.GroupOnlySubmit"\n'
        "# Collect only what each student's own account submitted (nbgrader merely warns).\n"
        'c.ExchangeFactory.collect = "course.grading.exchange.OwnerCheckedCollect"\n'
    )
    # Students must not get the formgrader, the create-assignment toolbar or the course list;
    # staff and the grader account turn them back on at user level (JupyterLab >= 4.1 locks
    # sys-prefix choices unless they are unlocked).
    for ext in (SERVER_FORMGRADER, SERVER_COURSE_LIST):
        jupyter(settings, "server", "extension", "disable", "--sys-prefix", ext)
    plugins = (*LAB_STAFF_ONLY, LAB_COURSE_LIST)
    jupyter(settings, "labextension", "disable", "--level=sys_prefix", *plugins)
    jupyter(settings, "labextension", "unlock", "--level=sys_prefix", *plugins)
    # No "Would you like to get notified about official Jupyter news?" pop-up for a class.
    jupyter(
        settings,
        "labextension",
        "disable",
        "--level=sys_prefix",
        "@jupyterlab/apputils-extension:announcements",
    )


def write_user_jupyter_config(home: Path, *, server: dict[str, bool], lab: dict[str, bool]) -> None:
    import json

    jdir = home / ".jupyter"
    (jdir / "labconfig").mkdir(parents=True, exist_ok=True)
    (jdir / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": server}}, indent=2) + "\n"
    )
    # page_config.json's disabledExtensions: true hides a plugin, false shows it.
    (jdir / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {k: not v for k, v in lab.items()}}, indent=2) + "\n"
    )


def managed_block(settings: ClassSettings) -> str:
    if not settings.gradebook_url:
        return ""
    return (
        f"{MANAGED_BEGIN}\nc.CourseDirectory.db_url = {settings.gradebook_url!r}\n{MANAGED_END}\n"
    )


def set_gradebook(config_file: Path, settings: ClassSettings) -> None:
    text = config_file.read_text()
    if MANAGED_BEGIN in text:
        head, rest = text.split(MANAGED_BEGIN, 1)
        tail = rest.split(MANAGED_END, 1)[1].lstrip("\n") if MANAGED_END in rest else ""
        text = head + tail
    config_file.write_text(text.rstrip("\n") + "\n\n" + managed_block(settings))


def course_folder(settings: ClassSettings) -> Path:
    return Path(pwd.getpwnam(settings.grader_account).pw_dir) / "course"


def install_grader_account(settings: ClassSettings) -> None:
    """The account that owns the course folder (sources, submissions, gradebook) and runs the
    formgrader service. Missing files are added from the course; the instructor's edits stay."""
    home = ensure_account(settings, settings.grader_account)
    course = home / "course"
    src = settings.course_src / "quizzes"
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if rel.parts[0] in COURSE_WORK or "__pycache__" in rel.parts:
            continue
        target = course / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    set_gradebook(course / "nbgrader_config.py", settings)
    jdir = home / ".jupyter"
    jdir.mkdir(exist_ok=True)
    (jdir / "nbgrader_config.py").write_text(
        "# nbgrader commands run from anywhere use the class's course folder.\n"
        "c = get_config()  # noqa: F821\n"
        f"load_subconfig({str(course / 'nbgrader_config.py')!r})  # noqa: F821\n"
    )
    write_user_jupyter_config(
        home,
        server={
            SERVER_FORMGRADER: True,
            SERVER_COURSE_LIST: False,
            "nbgrader.server_extensions.assignment_list": False,
        },
        lab={
            **{p: True for p in LAB_STAFF_ONLY},
            LAB_COURSE_LIST: False,
            "@jupyter/nbgrader:assignment-list": False,
        },
    )
    chown_tree(home, settings.grader_account)
    # The gradebook URL holds a password.
    os.chmod(course / "nbgrader_config.py", 0o600)


def sync_settings(settings: ClassSettings, config_path: Path) -> None:
    """The hub reads <prefix>/etc/class.toml: keep it the file the deployer edits."""
    settings.etc.mkdir(parents=True, exist_ok=True)
    if config_path.resolve() != settings.settings_file.resolve():
        shutil.copy(config_path, settings.settings_file)
    os.chmod(settings.settings_file, 0o600)  # may hold the gradebook password


def install(settings: ClassSettings, config_path: Path) -> None:
    require_root()
    if not shutil.which("runuser") or not shutil.which("useradd"):
        sys.exit("runuser and useradd (Debian: util-linux, passwd) are needed")
    prefix = settings.prefix
    prefix.mkdir(parents=True, exist_ok=True)
    os.chmod(prefix, 0o755)
    settings.etc.mkdir(exist_ok=True)
    os.chmod(settings.etc, 0o755)
    settings.hub_dir.mkdir(exist_ok=True)
    os.chmod(settings.hub_dir, 0o700)
    settings.exchange.mkdir(exist_ok=True)
    os.chmod(settings.exchange, 0o1777)  # nbgrader's exchange: world-writable, sticky
    settings.extra_config_dir.mkdir(exist_ok=True)
    sync_settings(settings, config_path)
    if settings.authenticator == "shared-password" and not settings.password_file.exists():
        settings.password_file.write_text(secrets.token_urlsafe(12) + "\n")
    if settings.password_file.exists():
        os.chmod(settings.password_file, 0o600)
    if not settings.admin_token_file.exists():
        settings.admin_token_file.write_text(secrets.token_hex(32) + "\n")
    os.chmod(settings.admin_token_file, 0o600)
    copy_course(settings)
    install_environment(settings)
    install_proxy(settings)
    configure_jupyter(settings)
    install_grader_account(settings)
    say(f"installed the class {settings.course_id} in {prefix}")


# --- people -------------------------------------------------------------------------------------


def users(settings: ClassSettings, config_path: Path | None = None) -> None:
    require_root()
    if config_path is not None:
        sync_settings(settings, config_path)  # the roster the hub loads at its next start
    for name in settings.people:
        home = ensure_account(settings, name)
        if name in settings.staff:
            # Staff see the Courses menu (a link to the formgrader service), not its tools.
            write_user_jupyter_config(
                home, server={SERVER_COURSE_LIST: True}, lab={LAB_COURSE_LIST: True}
            )
            chown_tree(home / ".jupyter", name)
    add_students_to_gradebook(settings)
    say(f"{len(settings.people)} accounts ready ({len(settings.students)} students)")


def add_students_to_gradebook(settings: ClassSettings) -> None:
    """Every student in the gradebook, so that exports list those who never submitted."""
    if not settings.students:
        return
    roster = io.StringIO()
    writer = csv.writer(roster)
    writer.writerow(["id", "first_name", "last_name", "email"])
    for name in settings.students:
        writer.writerow([name, "", "", ""])
    course = course_folder(settings)
    path = course / ".roster.csv"
    path.write_text(roster.getvalue())
    chown_tree(path, settings.grader_account)
    # Hub groups come from class.toml (jupyterhub_config.py), so nbgrader is told not to
    # call the hub here (the hub may not be running yet).
    as_user(
        settings,
        settings.grader_account,
        [
            "nbgrader",
            "db",
            "student",
            "import",
            str(path),
            "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin",
        ],
        cwd=course,
        capture_output=True,
    )
    path.unlink()


def release(settings: ClassSettings, quiz: str) -> None:
    require_root()
    course = course_folder(settings)
    if not (course / "source" / quiz).is_dir():
        quizzes = sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
        sys.exit(f"No quiz {quiz!r} in {course / 'source'}; there are: {', '.join(quizzes)}")
    for step in (["generate_assignment", quiz, "--force"], ["release_assignment", quiz, "--force"]):
        as_user(
            settings,
            settings.grader_account,
            ["nbgrader", *step, "--Authenticator.plugin_class=nbgrader.auth.NoAuthPlugin"],
            cwd=course,
            capture_output=True,
        )
    say(f"released {quiz}: students fetch it from Nbgrader > Assignment List")


# --- run ----------------------------------------------------------------------------------------


def hub_command(settings: ClassSettings) -> tuple[list[str], dict[str, str]]:
    config = settings.course_src / "deploy" / "jupyterhub" / "jupyterhub_config.py"
    env = {
        "PATH": f"{settings.bin}:/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": "/root",
        "COURSE_CLASS_CONFIG": str(settings.settings_file),
    }
    return [str(settings.bin / "jupyterhub"), "-f", str(config)], env


def start(settings: ClassSettings, config_path: Path | None = None) -> None:
    require_root()
    if config_path is not None:
        sync_settings(settings, config_path)
    cmd, env = hub_command(settings)
    scheme = "https" if settings.ssl_cert else "http"
    say(f"starting the hub on {scheme}://{settings.ip}:{settings.port}/ (Ctrl+C stops it)")
    os.chdir(settings.hub_dir)
    os.execve(cmd[0], cmd, env)


def remove(settings: ClassSettings) -> None:
    """Delete the accounts classctl created (with their homes) and the prefix."""
    require_root()
    created = settings.created_users_file
    names = created.read_text().split() if created.exists() else []
    for name in names:
        if user_exists(name):
            run(["pkill", "-KILL", "-u", name], check=False)
            run(["userdel", "--remove", name], check=False, capture_output=True)
            say(f"deleted the account {name}")
    shutil.rmtree(settings.prefix, ignore_errors=True)
    say(f"removed {settings.prefix}")


# --- demo ---------------------------------------------------------------------------------------

DEMO = {
    "course_id": "bone-metastases",
    "prefix": "/opt/bone-metastases-demo",
    "hub": {"ip": "127.0.0.1", "port": 8000, "authenticator": "shared-password"},
    "gradebook": {"url": ""},
    "people": {
        "instructors": ["demo-instructor"],
        "graders": ["demo-ta"],
        "students": ["demo-student1", "demo-student2", "demo-student3"],
        "grader_account": "demo-grader",
    },
}


def demo_toml(args) -> str:
    people = DEMO["people"]
    lines = [
        "# A demo class written by `classctl.py demo` (remove it with `classctl.py remove "
        f"--config {args.prefix}/etc/class.toml`).",
        f'course_id = "{DEMO["course_id"]}"',
        f'prefix = "{args.prefix}"',
        "[hub]",
        'ip = "127.0.0.1"',
        f"port = {args.port}",
        'authenticator = "shared-password"',
        "[gradebook]",
        f'url = "{args.db_url}"',
        "[people]",
        *(
            f"{k} = {list(people[k])!r}".replace("'", '"')
            for k in ("instructors", "graders", "students")
        ),
        f'grader_account = "{people["grader_account"]}"',
    ]
    return "\n".join(lines) + "\n"


def demo(args) -> None:
    require_root()
    text = demo_toml(args)
    import tomllib

    settings = parse(tomllib.loads(text))
    settings.etc.mkdir(parents=True, exist_ok=True)
    path = settings.settings_file
    path.write_text(text)
    install(settings, path)
    users(settings)
    release(settings, args.quiz)
    password = settings.password_file.read_text().strip()
    url = f"http://127.0.0.1:{settings.port}/"
    print(
        f"\nDemo class ready at {url}  (shared password: {password})\n"
        f"  students:   {', '.join(settings.students)}   (they land on the course; the quiz "
        f"{args.quiz} is under Nbgrader > Assignment List)\n"
        f"  instructor: {settings.instructors[0]}, grader: {settings.graders[0]}  (the formgrader: "
        f"{url}services/{settings.course_id}/formgrader, in its own tab)\n"
        f"Stop with Ctrl+C; delete everything with:\n"
        f"  sudo python3 {Path(__file__)} remove --config {path}\n",
        flush=True,
    )
    start(settings)


# --- command line -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    helps = {
        "install": "install or update the class (course, environment, proxy, exchange, grader)",
        "users": "create the accounts in [people], enrol the students; after roster edits",
        "start": "run the hub in the foreground (Ctrl+C stops it)",
        "release": "generate and release a quiz as the grader account",
        "remove": "delete the accounts classctl created and the whole prefix",
        "check": "check a class settings file",
    }
    for name, text in helps.items():
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("--config", required=True, type=Path, help="the class settings (TOML)")
        if name == "release":
            p.add_argument("quiz", help="a quiz folder name, e.g. q01_biology")
    d = sub.add_parser("demo", help="a demo class on 127.0.0.1 (shared password, SQLite)")
    d.add_argument("--prefix", default=DEMO["prefix"])
    d.add_argument("--port", type=int, default=8000)
    d.add_argument("--db-url", default="", help="a PostgreSQL gradebook (default: SQLite)")
    d.add_argument("--quiz", default="q01_biology", help="the quiz released for the demo")
    args = parser.parse_args(argv)
    try:
        if args.command == "demo":
            demo(args)
            return 0
        settings = load(args.config)
    except ClassConfigError as exc:
        print(f"classctl: {exc}", file=sys.stderr)
        return 2
    if args.command == "check":
        print(f"{args.config}: OK ({len(settings.people)} people, course {settings.course_id})")
    elif args.command == "install":
        install(settings, args.config)
    elif args.command == "users":
        users(settings, args.config)
    elif args.command == "release":
        release(settings, args.quiz)
    elif args.command == "start":
        start(settings, args.config)
    elif args.command == "remove":
        remove(settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
