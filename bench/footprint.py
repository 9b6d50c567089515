"""Installed size of the course's runtime environment, and which packages dominate it.

    .venv/bin/python bench/footprint.py [--top 15]

Walks the dependency tree of the course's runtime requirements (pyproject's dependencies, not
the dev tools) in the current environment and sums each distribution's installed files.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
from pathlib import Path


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_names(dist: md.Distribution) -> list[str]:
    names = []
    for req in dist.requires or []:
        if "extra ==" in req:
            continue
        names.append(norm(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0]))
    return names


def runtime_closure(root: str) -> set[str]:
    seen: set[str] = set()
    todo = [norm(root)]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen.add(name)
        todo.extend(requirement_names(dist))
    return seen


def size_bytes(dist: md.Distribution) -> int:
    total = 0
    for f in dist.files or []:
        path = Path(dist.locate_file(f))
        if path.is_file():
            total += path.stat().st_size
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    names = runtime_closure("bone-metastases-course") - {"bone-metastases-course"}
    sizes = sorted(((size_bytes(md.distribution(n)), n) for n in names), reverse=True)
    total = sum(s for s, _ in sizes)
    print(f"runtime environment: {len(sizes)} packages, {total / 1e6:.0f} MB installed")
    print(f"{'package':<32} {'MB':>7} {'share':>6}")
    for s, n in sizes[: args.top]:
        print(f"{n:<32} {s / 1e6:>7.1f} {s / total:>6.0%}")


if __name__ == "__main__":
    main()
