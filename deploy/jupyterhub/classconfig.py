"""The class settings file (class.toml), read by ``classctl.py`` and by ``jupyterhub_config.py``.

Standard library only: it runs under Debian's ``/usr/bin/python3`` (classctl) and inside the
class's own environment (the hub). ``class.example.toml`` documents every setting.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

USER_NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
COURSE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
AUTHENTICATORS = ("shared-password", "pam", "custom")
#: Where each user's copy of the course goes (under their home).
STUDENT_FOLDER = "bone-metastases-course"
#: What the copy holds, in the repository's layout so that the notebooks' links work.
STUDENT_COPY = (
    "notebooks",
    "docs",
    "README.md",
    "LICENSE",
    "LICENSE-CONTENT.md",
    "CONTRIBUTING.md",
    "CITATION.cff",
)
#: The landing notebook, relative to STUDENT_FOLDER.
LANDING = "notebooks/00_start_here.ipynb"


class ClassConfigError(ValueError):
    """The class settings file is missing something or contradicts itself."""


@dataclass(frozen=True)
class ClassSettings:
    course_id: str
    prefix: Path
    ip: str = "127.0.0.1"
    port: int = 8000
    authenticator: str = "shared-password"
    ssl_cert: str = ""
    ssl_key: str = ""
    cull_idle_after: int = 3600
    gradebook_url: str = ""
    instructors: tuple[str, ...] = ()
    graders: tuple[str, ...] = ()
    students: tuple[str, ...] = ()
    grader_account: str = ""
    source: Path | None = field(default=None, compare=False)

    # --- where things live under the prefix -------------------------------------------------
    @property
    def course_src(self) -> Path:
        """The installed copy of the course repository (read-only for users)."""
        return self.prefix / "course"

    @property
    def venv(self) -> Path:
        return self.prefix / "venv"

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def proxy_command(self) -> Path:
        return self.prefix / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy"

    @property
    def exchange(self) -> Path:
        return self.prefix / "exchange"

    @property
    def etc(self) -> Path:
        return self.prefix / "etc"

    @property
    def settings_file(self) -> Path:
        return self.etc / "class.toml"

    @property
    def password_file(self) -> Path:
        return self.etc / "shared-password"

    @property
    def extra_config_dir(self) -> Path:
        return self.etc / "jupyterhub_config.d"

    @property
    def hub_dir(self) -> Path:
        """The hub's state: its database, cookie secret, the admin token (root only)."""
        return self.prefix / "hub"

    @property
    def admin_token_file(self) -> Path:
        return self.hub_dir / "class-admin.token"

    @property
    def created_users_file(self) -> Path:
        """Accounts that classctl created (and may therefore delete)."""
        return self.etc / "created-users.txt"

    # --- ports: the public one and three private ones next to it ----------------------------
    @property
    def hub_port(self) -> int:
        return self.port + 1

    @property
    def proxy_api_port(self) -> int:
        return self.port + 2

    @property
    def service_port(self) -> int:
        return self.port + 3

    # --- people ----------------------------------------------------------------------------
    @property
    def staff(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.instructors + self.graders))

    @property
    def people(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.staff + self.students))

    @property
    def formgrade_group(self) -> str:
        return f"formgrade-{self.course_id}"

    @property
    def student_group(self) -> str:
        return f"nbgrader-{self.course_id}"


def _names(section: dict, key: str) -> tuple[str, ...]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClassConfigError(f"[people] {key} must be a list of user names")
    for name in value:
        if not USER_NAME.match(name):
            raise ClassConfigError(
                f"[people] {key}: {name!r} is not a valid Unix user name (lower case letters, "
                "digits, '-' and '_', starting with a letter or '_', at most 32 characters)"
            )
    return tuple(value)


def parse(data: dict, *, source: Path | None = None) -> ClassSettings:
    """Check a parsed class.toml and return the settings; raise ClassConfigError with a reason."""
    course_id = data.get("course_id", "")
    if not isinstance(course_id, str) or not COURSE_ID.match(course_id):
        raise ClassConfigError(
            "course_id must be lower case letters, digits and '-' (it names a hub service)"
        )
    prefix = data.get("prefix", "")
    if not isinstance(prefix, str) or not prefix.startswith("/"):
        raise ClassConfigError("prefix must be an absolute path, e.g. /opt/bone-metastases")
    hub = data.get("hub", {})
    people = data.get("people", {})
    gradebook = data.get("gradebook", {})
    authenticator = hub.get("authenticator", "shared-password")
    if authenticator not in AUTHENTICATORS:
        raise ClassConfigError(
            f"[hub] authenticator must be one of {', '.join(AUTHENTICATORS)}; for OAuth, LDAP or "
            "LTI use 'custom' and set it in <prefix>/etc/jupyterhub_config.d/"
        )
    port = hub.get("port", 8000)
    if not isinstance(port, int) or not 1 <= port <= 65532:
        raise ClassConfigError("[hub] port must be a number from 1 to 65532 (it uses port+1..+3)")
    url = gradebook.get("url", "")
    if url and not url.startswith(("postgresql", "sqlite:///")):
        raise ClassConfigError("[gradebook] url must be a postgresql+psycopg2:// or sqlite:/// URL")
    settings = ClassSettings(
        course_id=course_id,
        prefix=Path(prefix),
        ip=str(hub.get("ip", "127.0.0.1")),
        port=port,
        authenticator=authenticator,
        ssl_cert=str(hub.get("ssl_cert", "")),
        ssl_key=str(hub.get("ssl_key", "")),
        cull_idle_after=int(hub.get("cull_idle_after", 3600)),
        gradebook_url=url,
        instructors=_names(people, "instructors"),
        graders=_names(people, "graders"),
        students=_names(people, "students"),
        grader_account=str(people.get("grader_account", f"grader-{course_id}")),
        source=source,
    )
    if not USER_NAME.match(settings.grader_account):
        raise ClassConfigError("[people] grader_account is not a valid Unix user name")
    if not settings.instructors:
        raise ClassConfigError("[people] instructors: a class needs at least one instructor")
    both = set(settings.students) & set(settings.staff)
    if both:
        raise ClassConfigError(
            f"{', '.join(sorted(both))}: a person is either a student or staff, not both"
        )
    if settings.grader_account in settings.people:
        raise ClassConfigError(
            "[people] grader_account is the service's own account, not a person's: pick another"
        )
    if bool(settings.ssl_cert) != bool(settings.ssl_key):
        raise ClassConfigError("[hub] ssl_cert and ssl_key go together")
    return settings


def load(path: str | Path) -> ClassSettings:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ClassConfigError(f"{path}: no such class settings file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ClassConfigError(f"{path}: {exc}") from None
    return parse(data, source=path)
