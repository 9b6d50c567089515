"""Latency of the Module 1 widgets: one interaction = solve the model (if any) + redraw the figure.

    .venv/bin/python bench/remodeling_widgets.py [--repeats 2]

Drives :class:`course.widgets.remodeling.RemodelingView` (Komarova 2003),
:class:`course.widgets.remodeling.TumorTreatmentView` (Ayati 2010) and
:class:`course.widgets.cascade.CascadeView` (the metastatic cascade, notebook 1.2) headless,
by setting control values as a learner would (sweeps over each slider, up and down), and prints
the median and the 95th percentile of the wall time per interaction, plus the CPU time of this
process (which is not inflated when other processes compete for the machine). Budget: p95 <= 100 ms.
This prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from course.widgets.cascade import CascadeView
from course.widgets.remodeling import RemodelingView, TumorTreatmentView


def _sweep(view, name: str, values) -> list[tuple[float, float]]:
    times = []
    for value in values:
        wall, cpu = time.perf_counter(), time.process_time()
        view.controls[name].value = value
        times.append((time.perf_counter() - wall, time.process_time() - cpu))
        if view.status.value:
            raise RuntimeError(f"{name}={value!r}: {view.status.value}")
    return times


def _up_down(values) -> list:
    values = list(values)
    return values + values[::-1][1:]


def komarova(repeats: int) -> list[tuple[float, float]]:
    view = RemodelingView()
    times = []
    for _ in range(repeats):
        times += _sweep(view, "g11", _up_down(round(x, 2) for x in np.arange(0.3, 1.301, 0.05)))
        times += _sweep(view, "g12", _up_down(round(x, 2) for x in np.arange(0.5, 1.51, 0.1)))
        times += _sweep(view, "g21", _up_down(round(x, 2) for x in np.arange(-1.0, 0.01, 0.1)))
        times += _sweep(view, "g22", _up_down(round(x, 2) for x in np.arange(-0.5, 0.51, 0.1)))
        times += _sweep(view, "extra", _up_down(np.arange(0.0, 30.01, 2.5)))
        times += _sweep(view, "days", _up_down(range(100, 1501, 100)))
        for preset in ("critical", "unstable", "damped", "standard"):
            times += _sweep(view, "preset", [preset])
    return times


def tumor(repeats: int) -> list[tuple[float, float]]:
    view = TumorTreatmentView()
    times = []
    for _ in range(repeats):
        times += _sweep(view, "start", _up_down(range(0, 1151, 50)))
        times += _sweep(
            view, "antitumor", _up_down(round(x, 3) for x in np.arange(0, 0.0121, 0.001))
        )
        times += _sweep(
            view, "antiresorptive", _up_down(round(x, 2) for x in np.arange(0, 1.001, 0.1))
        )
        times += _sweep(
            view, "anabolic", _up_down(round(x, 4) for x in np.arange(0, 0.0041, 0.0005))
        )
        for scenario in ("untreated", "antitumor", "antiresorptive", "both", "anabolic", "ayati"):
            times += _sweep(view, "scenario", [scenario])
    return times


def cascade(repeats: int) -> list[tuple[float, float]]:
    view = CascadeView()
    times = []
    for _ in range(repeats):
        times += _sweep(view, "step", _up_down(range(1, 7)))
    return times


def _report(name: str, times: list[tuple[float, float]]) -> None:
    wall = [w * 1000 for w, _ in times]
    cpu = [c * 1000 for _, c in times]
    print(
        f"{name:28s} n={len(times):4d}  wall median {statistics.median(wall):6.1f} ms, "
        f"p95 {np.percentile(wall, 95):6.1f} ms | cpu median {statistics.median(cpu):6.1f} ms, "
        f"p95 {np.percentile(cpu, 95):6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    _report("Komarova (RemodelingView)", komarova(args.repeats))
    _report("Ayati (TumorTreatmentView)", tumor(args.repeats))
    _report("Cascade (CascadeView)", cascade(args.repeats * 3))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
