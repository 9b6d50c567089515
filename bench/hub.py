"""A class on JupyterHub on this machine: server start times, memory per user, CPU per notebook.

    sudo .venv/bin/python bench/hub.py [--students 8] [--notebook notebooks/07_capstone/...]

Installs a throw-away class with deploy/jupyterhub (real Unix users, LocalProcessSpawner),
then, as a class would at the start of a lesson:
  1. every student's server is started at once through the hub's REST API;
  2. idle memory per user (PSS of all the user's processes: the server, nothing else yet);
  3. one student opens the notebook (a session, as JupyterLab does) and runs every cell alone;
  4. all students run it at the same time;
  5. memory per user after the notebook (server + kernel), and the kernel's CPU seconds.
Prints a table and writes bench/results/hub.json; removes the class afterwards. It prints
figures for docs/deployment.md; it is not a timed test. Needs root, like classctl.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

import nbformat
import requests
from jupyter_client import BlockingKernelClient

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "deploy" / "jupyterhub"))
from classconfig import STUDENT_FOLDER  # noqa: E402
from trial import TrialClass  # noqa: E402

DEFAULT_NOTEBOOK = "notebooks/07_capstone/01_one_patient_start_to_finish.ipynb"
CLK_TCK = os.sysconf("SC_CLK_TCK")


def pss_mb_of_uid(uid: int) -> float:
    """Proportional set size of all processes of a Unix user, in MB (shared pages split)."""
    total_kb = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if proc.stat().st_uid != uid:
                continue
            for line in (proc / "smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
                    break
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return total_kb / 1024


def kernel_cpu_seconds(kernel_id: str) -> float:
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            if f"kernel-{kernel_id}.json" not in cmdline:
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (FileNotFoundError, ProcessLookupError):
            continue
    return float("nan")


class Bench:
    def __init__(self, trial: TrialClass, notebook: Path):
        self.t = trial
        self.notebook = notebook
        self.code = [
            c.source
            for c in nbformat.read(ROOT / notebook, as_version=4).cells
            if c.cell_type == "code"
        ]
        self.headers = {"Authorization": f"token {trial.admin_token}"}

    def api(self, method: str, path: str, **kw):
        return requests.request(method, self.t.url + path, headers=self.headers, timeout=300, **kw)

    def start_server(self, user: str) -> float:
        t0 = time.perf_counter()
        r = self.api("POST", f"hub/api/users/{user}/server")
        assert r.status_code in (201, 202), r.text
        while (
            not self.api("GET", f"hub/api/users/{user}").json()["servers"].get("", {}).get("ready")
        ):
            time.sleep(0.2)
        return time.perf_counter() - t0

    def open_notebook(self, user: str) -> str:
        """A session for the notebook, as JupyterLab creates; returns the kernel id."""
        path = f"{STUDENT_FOLDER}/{self.notebook.as_posix()}"
        r = self.api(
            "POST",
            f"user/{user}/api/sessions",
            json={"path": path, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        assert r.status_code == 201, r.text
        return r.json()["kernel"]["id"]

    def run_notebook(self, user: str, kernel_id: str) -> float:
        runtime = Path("/home") / user / ".local/share/jupyter/runtime"
        connection = runtime / f"kernel-{kernel_id}.json"
        deadline = time.monotonic() + 60
        while not connection.exists():
            assert time.monotonic() < deadline, f"no connection file {connection}"
            time.sleep(0.2)
        client = BlockingKernelClient()
        client.load_connection_file(str(connection))
        client.start_channels()
        try:
            client.wait_for_ready(timeout=60)
            t0 = time.perf_counter()
            for source in self.code:
                reply = client.execute_interactive(source, timeout=300, output_hook=lambda m: None)
                assert reply["content"]["status"] == "ok", reply["content"]
            return time.perf_counter() - t0
        finally:
            client.stop_channels()


def uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--notebook", default=DEFAULT_NOTEBOOK)
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        sys.exit("bench/hub.py creates Unix accounts: run it as root")
    notebook = Path(args.notebook)
    trial = TrialClass(students=args.students)
    result: dict = {
        "students": args.students,
        "notebook": notebook.as_posix(),
        "cores": os.cpu_count(),
    }
    try:
        print(f"installing a class of {args.students} students ...", flush=True)
        trial.install()
        trial.start()
        b = Bench(trial, notebook)  # the learner's copy mirrors the repository's layout
        users = trial.student_names

        starts: dict[str, float] = {}
        t0 = time.perf_counter()
        threads = [
            threading.Thread(target=lambda u=u: starts.__setitem__(u, b.start_server(u)))
            for u in users
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        result["all servers started, s"] = time.perf_counter() - t0
        result["server start, median s"] = statistics.median(starts.values())
        result["server start, max s"] = max(starts.values())
        time.sleep(3)
        idle = [pss_mb_of_uid(uid(u)) for u in users]
        result["idle server, MB per user (median)"] = statistics.median(idle)

        kernels = {u: b.open_notebook(u) for u in users}
        alone = b.run_notebook(users[0], kernels[users[0]])
        result["notebook alone, s"] = alone
        cpu_alone = kernel_cpu_seconds(kernels[users[0]])

        walls: dict[str, float] = {}
        # Everyone else runs it together (the first student's kernel already has).
        others = users[1:]
        t0 = time.perf_counter()
        threads = [
            threading.Thread(target=lambda u=u: walls.__setitem__(u, b.run_notebook(u, kernels[u])))
            for u in others
        ]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        result[f"notebook, {len(others)} at once: wall s (median)"] = statistics.median(
            walls.values()
        )
        result[f"notebook, {len(others)} at once: all done s"] = time.perf_counter() - t0
        cpu = [kernel_cpu_seconds(kernels[u]) for u in others]
        result["kernel CPU s per run (median, incl. start)"] = statistics.median([cpu_alone, *cpu])
        busy = [pss_mb_of_uid(uid(u)) for u in users]
        result["server + kernel after the notebook, MB per user (median)"] = statistics.median(busy)
        result["server + kernel after the notebook, MB per user (max)"] = max(busy)
        result["install, s"] = trial.timings.get("install")
        result["hub start, s"] = trial.timings.get("hub start")
    finally:
        trial.stop()

    width = max(map(len, result))
    for key, value in result.items():
        shown = f"{value:.2f}" if isinstance(value, float) else str(value)
        print(f"{key:<{width}}  {shown}")
    out = ROOT / "bench" / "results" / "hub.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"written to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
