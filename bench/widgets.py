"""Widget latency: for every view in course.widgets, time each interaction (compute + redraw).

    .venv/bin/python bench/widgets.py [--repeat 2]

Every view class that can be built without arguments and has ``.controls`` is found
automatically. Each control is swept over realistic values (every option of a dropdown, ten
positions of a slider, both states of a checkbox, a few numbers in a number box, a click on a
button); setting a value runs the view's observers synchronously, so the time to return is the
time until the new result and figure are ready. Prints median and p95 per widget (budget: p95 at
most 100 ms). Prints figures; it is not a timed test.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import pkgutil
import statistics
import time

import ipywidgets as w

import course.widgets as widgets_pkg


def views():
    for info in pkgutil.iter_modules(widgets_pkg.__path__):
        module = importlib.import_module(f"course.widgets.{info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = inspect.signature(cls).parameters.values()
            if any(
                p.default is p.empty and p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
                for p in params
            ):
                continue
            try:
                view = cls()
            except Exception:  # noqa: BLE001 - not a view
                continue
            if hasattr(view, "controls") and hasattr(view, "widget"):
                yield f"{info.name}.{name}", view


def sweep_values(control):
    """Realistic values for one control (the current value last, to restore it)."""
    current = getattr(control, "value", None)
    if isinstance(control, w.SelectMultiple):
        opts = [o[1] if isinstance(o, tuple) else o for o in control.options]
        values = [tuple(opts[: k + 1]) for k in range(min(len(opts), 6))]
    elif isinstance(control, w.Combobox):
        values = list(control.options)[:30]
    elif hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
    elif isinstance(control, w.Checkbox | w.ToggleButton):
        values = [not current, current]
    elif hasattr(control, "min") and hasattr(control, "max"):
        lo, hi = control.min, control.max
        values = [lo + (hi - lo) * k / 9 for k in range(10)]
        if isinstance(control, w.IntSlider | w.BoundedIntText | w.IntText):
            values = sorted({round(v) for v in values})
    elif isinstance(control, w.FloatText | w.IntText):
        base = current or 1.0
        values = [base * f for f in (0.9, 1.1, 1.2, 1.0)]
    elif isinstance(control, w.Button):
        return "click"
    else:
        return []
    return [*values, current]


def measure(view, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        for control in list(view.controls.values()):
            values = sweep_values(control)
            if values == "click":
                for _ in range(3):
                    t = time.perf_counter()
                    control.click()
                    times.append(time.perf_counter() - t)
                continue
            for value in values:
                if value == control.value:
                    continue
                t = time.perf_counter()
                try:
                    control.value = value
                except Exception:  # noqa: BLE001 - a value the control refuses is not timed
                    continue
                times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    print(f"{'widget':<42} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, view in views():
        times = sorted(measure(view, args.repeat))
        if not times:
            print(f"{name:<42} (no controls to sweep)")
            continue
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        flag = "" if p95 <= 0.100 else "  OVER BUDGET"
        print(
            f"{name:<42} {len(times):>4} {statistics.median(times) * 1000:>10.1f} "
            f"{p95 * 1000:>8.1f} {times[-1] * 1000:>8.1f}{flag}"
        )


if __name__ == "__main__":
    main()
