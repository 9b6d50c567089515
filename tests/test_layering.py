"""The package's layering (DESIGN.md section 1), checked by scanning imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "course"
PURE = ("models", "calculators", "quiz")
UI = ("matplotlib", "ipywidgets", "IPython")
# What each layer may import from the course package.
ALLOWED = {
    "models": {"models", "paths"},
    "calculators": {"calculators", "paths"},
    "quiz": {"quiz", "paths"},
    "plotting": {"plotting", "models", "calculators", "paths"},
    "widgets": {
        "widgets",
        "plotting",
        "models",
        "calculators",
        "quiz",
        "paths",
        "practice",
        "coursemap",
        "",
    },
    "grading": {"grading", "quiz", "models", "calculators", "plotting", "paths", ""},
}
FILES = sorted(PKG.rglob("*.py"))


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_files_found():
    assert len(FILES) > 10


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(PKG)) for p in FILES])
def test_layer_rules(path):
    rel = path.relative_to(PKG)
    layer = rel.parts[0] if len(rel.parts) > 1 else None
    for name in imports(path):
        top = name.split(".")[0]
        if layer in PURE:
            assert top not in UI, f"{rel} imports {name}: pure layers never import UI libraries"
        if top == "ipywidgets":
            assert layer == "widgets", f"{rel}: only course.widgets imports ipywidgets"
        if top == "course" and layer is not None:
            sub = name.split(".")[1] if "." in name else ""
            assert sub in ALLOWED[layer], f"{rel} imports {name}: not allowed from {layer}"


def test_import_course_is_light():
    import subprocess
    import sys

    code = (
        "import sys, course; heavy = ('numpy', 'matplotlib', 'ipywidgets', 'scipy'); "
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"`import course` pulled in {out.stdout.strip()}"
