# JupyterHub configuration for a class of the course (started by `classctl.py start`).
#
# Everything class-specific comes from the class settings file (class.toml, path in
# $COURSE_CLASS_CONFIG); this file turns them into JupyterHub settings. What it sets up:
#   - real Unix users through LocalProcessSpawner (hub user name = Unix user name);
#   - every user's server runs from the class's environment (<prefix>/venv), with nbgrader's
#     exchange at <prefix>/exchange, and opens on the landing notebook of their own copy of the
#     course (~/bone-metastases-course, in the repository's layout; new files are added at
#     every start, the learner's own changes are kept);
#   - the formgrader is a hub service named after the course, run as the grader account in the
#     course folder; only the hub group formgrade-<course> (instructors and graders) may open it;
#   - students are the hub group nbgrader-<course> (nbgrader's JupyterHubAuthPlugin reads it);
#   - a `class-admin` service token (root-only file) for scripts: starting servers, tokens.
# Local additions (another authenticator, TLS details, limits): Python files in
# <prefix>/etc/jupyterhub_config.d/, loaded last, in name order.
import os
import pwd
import shutil
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from classconfig import LANDING, STUDENT_COPY, STUDENT_FOLDER, load  # noqa: E402

c = get_config()  # noqa: F821
s = load(os.environ.get("COURSE_CLASS_CONFIG", "/opt/bone-metastases/etc/class.toml"))

# --- network and state ---------------------------------------------------------------------------
c.JupyterHub.ip = s.ip
c.JupyterHub.port = s.port
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = s.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{s.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(s.proxy_command)]
c.ConfigurableHTTPProxy.pid_file = str(s.hub_dir / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{s.hub_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(s.hub_dir / "jupyterhub_cookie_secret")
if s.ssl_cert:
    c.JupyterHub.ssl_cert = s.ssl_cert
    c.JupyterHub.ssl_key = s.ssl_key

# --- who may log in ------------------------------------------------------------------------------
if s.authenticator == "shared-password":
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = s.password_file.read_text().strip()
elif s.authenticator == "pam":
    c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(s.people)
# Only the people in class.toml log in: not the grader account, which is a hub user (below)
# only so that nbgrader finds its course through its groups.
c.Authenticator.allow_existing_users = False
# Instructors are not hub admins: an admin can open every student's server. Their role below
# gives them the admin page, and starting and stopping servers, without that.
c.Authenticator.admin_users = set()

# --- everyone's server ---------------------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(s.bin / "jupyterhub-singleuser")]
c.Spawner.environment = {
    "PATH": f"{s.bin}:/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    # No JUPYTER_PLATFORM_DIRS: per-user settings (staff's Course List) live in ~/.jupyter.
}
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/{STUDENT_FOLDER}/{LANDING}"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90
if s.cull_idle_after:
    # Each server stops its idle kernels and then itself: memory comes back between classes
    # (LocalProcessSpawner cannot cap memory; see docs/deployment.md).
    c.Spawner.args = [
        f"--MappingKernelManager.cull_idle_timeout={s.cull_idle_after}",
        "--MappingKernelManager.cull_interval=300",
        f"--ServerApp.shutdown_no_activity_timeout={s.cull_idle_after}",
    ]
# nbgrader's JupyterHubAuthPlugin reads the user's own groups with the server's token; the
# course list (staff) reads the services.
c.Spawner.server_token_scopes = [
    "users:activity!user",
    "read:users:name!user",
    "read:users:groups!user",
    "list:services",
    "read:services",
]


def copy_course_for(spawner):
    """Before each start: add the parts of the course the user does not have yet (never
    overwriting their work), owned by them, in a private home."""
    user = pwd.getpwnam(spawner.user.name)
    dest = Path(user.pw_dir) / STUDENT_FOLDER
    for top in STUDENT_COPY:
        src = s.course_src / top
        for path in [src, *sorted(src.rglob("*"))] if src.is_dir() else [src]:
            rel = path.relative_to(s.course_src)
            if any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
                continue
            target = dest / rel
            if target.exists() or not path.exists():
                continue
            if path.is_dir():
                target.mkdir(parents=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)
    for root, dirs, files in os.walk(dest):
        for name in [*dirs, *files, ""]:
            p = os.path.join(root, name) if name else root
            if os.lstat(p).st_uid != user.pw_uid:
                os.lchown(p, user.pw_uid, user.pw_gid)
    os.chmod(user.pw_dir, 0o700)


c.Spawner.pre_spawn_hook = copy_course_for

# --- groups, roles and the formgrader service ----------------------------------------------------
c.JupyterHub.load_groups = {
    # nbgrader's docs put the grader account in the group too: the formgrader looks up the
    # courses of the account it runs as.
    s.formgrade_group: {"users": [*s.staff, s.grader_account]},
    s.student_group: {"users": list(s.students)},
}
c.JupyterHub.load_roles = [
    {
        "name": "course-staff",
        "description": "Instructors and graders: the formgrader service and the admin page",
        "groups": [s.formgrade_group],
        "scopes": [
            f"access:services!service={s.course_id}",
            "admin-ui",
            "list:users",
            "read:users",
            "read:servers",
            "servers",
        ],
    },
    {
        "name": "nbgrader-service",
        "description": "The formgrader: enrol students in the course's hub group",
        "services": [s.course_id],
        "scopes": [
            "list:users",
            "read:users",
            "read:users:groups",
            "list:groups",
            "read:groups",
            "groups",
            "list:services",
            "read:services",
        ],
    },
    {
        "name": "class-admin",
        "description": "Scripts run by the deployer (classctl, the class test)",
        "services": ["class-admin"],
        "scopes": [
            "admin:users",
            "admin:servers",
            "tokens",
            "list:users",
            "read:users",
            "access:servers",
            "admin:groups",
            "list:services",
            "read:services",
        ],
    },
]
course_folder = Path(pwd.getpwnam(s.grader_account).pw_dir) / "course"
c.JupyterHub.services = [
    {
        "name": s.course_id,
        "url": f"http://127.0.0.1:{s.service_port}",
        "command": [
            str(s.bin / "jupyterhub-singleuser"),
            f"--ServerApp.root_dir={course_folder}",
        ],
        "user": s.grader_account,
        "cwd": str(course_folder),
        "environment": {
            "PATH": f"{s.bin}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            # nbgrader's hub plugin names its caller (enrolling students from the formgrader).
            "JUPYTERHUB_USER": s.grader_account,
        },
        "oauth_no_confirm": True,
    },
    {"name": "class-admin", "api_token": s.admin_token_file.read_text().strip()},
]

# --- local additions -----------------------------------------------------------------------------
if s.extra_config_dir.is_dir():
    for extra in sorted(s.extra_config_dir.glob("*.py")):
        load_subconfig(str(extra))  # noqa: F821
