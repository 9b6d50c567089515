"""A throw-away class on this machine, for the class test and the hub benchmark.

``TrialClass`` writes a class.toml into a fresh folder under /tmp, installs the class with
classctl.py (its own tool, as a deployer would), starts the hub on free ports, and on ``stop()``
stops the hub and removes the accounts, the prefix and the folder. Needs root, like classctl.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSCTL = HERE / "classctl.py"
SYSTEM_PYTHON = "/usr/bin/python3"
COURSE = "bone-metastases"


def free_port_block(n: int = 4) -> int:
    """The first of n consecutive free ports on 127.0.0.1 (the hub uses port..port+3)."""
    for _ in range(200):
        base = secrets.randbelow(20000) + 20000
        socks = []
        try:
            for p in range(base, base + n):
                s = socket.socket()
                s.bind(("127.0.0.1", p))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no block of free ports on 127.0.0.1")


def classctl(*args) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [SYSTEM_PYTHON, str(CLASSCTL), *map(str, args)], capture_output=True, text=True
    )
    if proc.returncode:
        raise RuntimeError(
            f"classctl {' '.join(map(str, args))} exited {proc.returncode}\n"
            f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
        )
    return proc


@dataclass
class TrialClass:
    """One instructor, one grader (TA), ``students`` students, a grader account."""

    students: int = 3
    db_url: str = ""
    tag: str = field(default_factory=lambda: secrets.token_hex(2))
    timings: dict[str, float] = field(default_factory=dict)
    hub: subprocess.Popen | None = None

    def __post_init__(self) -> None:
        self.base = Path(f"/tmp/bmc-class-{self.tag}")
        self.prefix = self.base / "prefix"
        self.config = self.base / "class.toml"
        self.log = self.base / "hub.log"
        self.port = 0
        self.instructor = f"bmc{self.tag}-inst"
        self.ta = f"bmc{self.tag}-ta"
        self.student_names = [f"bmc{self.tag}-s{i}" for i in range(1, self.students + 1)]
        self.grader = f"bmc{self.tag}-grader"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def exchange(self) -> Path:
        return self.prefix / "exchange" / COURSE

    @property
    def course_folder(self) -> Path:
        return Path("/home") / self.grader / "course"

    @property
    def admin_token(self) -> str:
        return (self.prefix / "hub" / "class-admin.token").read_text().strip()

    @property
    def password(self) -> str:
        return (self.prefix / "etc" / "shared-password").read_text().strip()

    def write_config(self) -> None:
        self.base.mkdir(mode=0o755)
        os.chmod(self.base, 0o755)  # the class's users must reach the prefix below it
        self.port = free_port_block()
        self.config.write_text(
            f'course_id = "{COURSE}"\nprefix = "{self.prefix}"\n'
            f'[hub]\nip = "127.0.0.1"\nport = {self.port}\nauthenticator = "shared-password"\n'
            f'[gradebook]\nurl = "{self.db_url}"\n'
            f'[people]\ninstructors = ["{self.instructor}"]\ngraders = ["{self.ta}"]\n'
            f"students = {json.dumps(self.student_names)}\n"
            f'grader_account = "{self.grader}"\n'
        )

    def install(self) -> None:
        self.write_config()
        for step in ("install", "users"):
            t0 = time.perf_counter()
            classctl(step, "--config", self.config)
            self.timings[step] = time.perf_counter() - t0

    def start(self, timeout: float = 90) -> None:
        t0 = time.perf_counter()
        with open(self.log, "wb") as out:
            self.hub = subprocess.Popen(
                [SYSTEM_PYTHON, str(CLASSCTL), "start", "--config", str(self.config)],
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.hub.poll() is not None:
                raise RuntimeError(f"the hub exited early:\n{self.hub_log()}")
            try:
                with urllib.request.urlopen(self.url + "hub/api", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not answer in {timeout} s:\n{self.hub_log()}")
            time.sleep(0.5)
        self.timings["hub start"] = time.perf_counter() - t0

    def hub_log(self) -> str:
        return self.log.read_text(errors="replace")[-6000:] if self.log.exists() else ""

    def stop(self, keep_log: Path | None = None) -> None:
        """Stop the hub (and with it every server), then remove everything the trial made."""
        if self.hub is not None and self.hub.poll() is None:
            os.killpg(self.hub.pid, signal.SIGTERM)
            try:
                self.hub.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.hub.pid, signal.SIGKILL)
        if keep_log is not None and self.log.exists():
            keep_log.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(self.log, keep_log)
        if self.config.exists():
            subprocess.run(
                [SYSTEM_PYTHON, str(CLASSCTL), "remove", "--config", str(self.config)],
                capture_output=True,
            )
        shutil.rmtree(self.base, ignore_errors=True)
