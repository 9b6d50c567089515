"""Print, per notebook and quiz, headless execution time and the kernel's peak memory,
and the import time of `course`.

    .venv/bin/python bench/notebooks.py [--runs 3]

Budgets (docs/performance.md): each notebook at most 10 s and 300 MB; `import course` at most
0.3 s. This prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
PEAK_CELL = "import resource as _r; print('PEAK_KB', _r.getrusage(_r.RUSAGE_SELF).ru_maxrss)"


def run_once(path: Path) -> tuple[float, float]:
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_CELL))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs)
    peak_mb = int(text.split()[1]) / 1024 if "PEAK_KB" in text else float("nan")
    return elapsed, peak_mb


def landing_first_cell(runs: int) -> list[float]:
    """Seconds from starting a kernel to the landing notebook's first code cell having run."""
    path = ROOT / "notebooks" / "00_start_here.ipynb"
    times = []
    for _ in range(runs):
        nb = nbformat.read(path, as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        nb.cells = [first]
        client = NotebookClient(
            nb,
            timeout=120,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        client.execute()
        times.append(time.perf_counter() - start)
    return times


def import_time(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import time; t=time.perf_counter(); import course; print(time.perf_counter()-t)",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        times.append(float(out.stdout))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    targets = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    targets += sorted((ROOT / "quizzes" / "source").rglob("*.ipynb"))
    targets = [p for p in targets if ".ipynb_checkpoints" not in p.parts]
    print(f"{'notebook':<60} {'median s':>9} {'max s':>7} {'peak MB':>8}")
    total = 0.0
    for path in targets:
        results = [run_once(path) for _ in range(args.runs)]
        times = [r[0] for r in results]
        peak = max(r[1] for r in results)
        total += statistics.median(times)
        flag = "" if statistics.median(times) <= 10 and peak <= 300 else "  OVER BUDGET"
        name = str(path.relative_to(ROOT))
        print(f"{name:<60} {statistics.median(times):>9.2f} {max(times):>7.2f} {peak:>8.0f}{flag}")
    print(f"{'total (sum of medians)':<60} {total:>9.2f}")
    first = landing_first_cell(max(args.runs, 3))
    print(f"landing notebook, kernel start + first cell: median {statistics.median(first):.2f} s")
    t = import_time(max(args.runs, 5))
    print(
        f"import course: median {statistics.median(t) * 1000:.0f} ms, "
        f"max {max(t) * 1000:.0f} ms (budget 300 ms)"
    )


if __name__ == "__main__":
    main()
