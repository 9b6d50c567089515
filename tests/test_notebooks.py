"""Every learner notebook: DESIGN.md skeleton, stripped outputs, links, headless execution."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
ALL = sorted(NOTEBOOKS.rglob("*.ipynb"))
ALL = [p for p in ALL if ".ipynb_checkpoints" not in p.parts]
TEACHING = [p for p in ALL if p.name != "00_start_here.ipynb"]
IDS = [str(p.relative_to(NOTEBOOKS)) for p in ALL]
TEACHING_IDS = [str(p.relative_to(NOTEBOOKS)) for p in TEACHING]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]+)\)")
HTML_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)


def load(path: Path):
    return nbformat.read(path, as_version=4)


def markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def headings(nb, level: int) -> list[str]:
    marks = "#" * level + " "
    return [
        line[len(marks) :].strip()
        for src in markdown(nb)
        for line in src.splitlines()
        if line.startswith(marks)
    ]


def test_collections_are_not_empty():
    assert (NOTEBOOKS / "00_start_here.ipynb") in ALL
    assert len(TEACHING) >= 1


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_stripped_valid_and_python3(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    nb = nbformat.from_dict(raw)
    nbformat.validate(nb)
    assert raw["metadata"]["kernelspec"]["name"] == "python3"
    for cell in raw["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [], f"outputs left in {path.name}"
            assert cell["execution_count"] is None, f"execution count left in {path.name}"


@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_links_and_images(path):
    nb = load(path)
    for src in markdown(nb):
        for alt, _target in IMAGE.findall(src):
            assert alt.strip(), f"an image without alt text in {path.name}"
        for tag in HTML_IMG.findall(src):
            assert re.search(r"\balt=\"[^\"]+\"", tag), f"<img> without alt in {path.name}"
        for target in LINK.findall(src):
            if re.match(r"^(https?:|mailto:|#)", target):
                continue
            local = unquote(target.split("#")[0])
            assert (path.parent / local).exists(), f"broken link {target!r} in {path.name}"


@pytest.mark.parametrize("path", TEACHING, ids=TEACHING_IDS)
def test_teaching_skeleton(path):
    nb = load(path)
    h1 = headings(nb, 1)
    assert len(h1) == 1 and re.match(r"^\d\.\d ", h1[0]), f"one H1 '# N.M Title': {h1}"
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("# ")
    assert len(first.source.strip().splitlines()) >= 2, "a one-sentence summary under the title"
    h2 = headings(nb, 2)
    for required in ("Learning objectives", "Setup", "Key points", "References", "What's next"):
        assert required in h2, f"missing '## {required}' in {path.name}"
    assert h2.index("Learning objectives") < h2.index("Setup") < h2.index("Key points")
    assert h2.index("Key points") < h2.index("References") < h2.index("What's next")
    objectives = next(s for s in markdown(nb) if "## Learning objectives" in s)
    bullets = [ln for ln in objectives.splitlines() if re.match(r"^\s*[-*] ", ln)]
    assert 3 <= len(bullets) <= 5, f"3-5 learning objectives, found {len(bullets)}"
    assert re.search(r"\*\*Time:\*\*", objectives) and re.search(
        r"\*\*Prerequisites:\*\*", objectives
    )

    numbered = [h for h in h2 if re.match(r"^\d+\. ", h)]
    assert len(numbered) >= 2, "numbered sections '## 1. ...'"
    assert [int(h.split(".")[0]) for h in numbered] == list(range(1, len(numbered) + 1))

    # Each numbered section ends with '### Check your understanding'.
    sections: list[list[str]] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    sections.append([line])
                elif sections:
                    sections[-1].append(line)
        elif sections:
            sections[-1].append(cell.source)
    for sec in sections:
        if re.match(r"^## \d+\. ", sec[0]):
            body = "\n".join(sec)
            assert "### Check your understanding" in body, f"{sec[0]!r} has no check"

    # Setup: the only import cell, importing from course (IPython.display allowed).
    setup_index = next(
        i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and "## Setup" in c.source
    )
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    import_cells = [c for c in code_cells if re.search(r"^\s*(import|from)\s", c.source, re.M)]
    assert len(import_cells) == 1, f"exactly one import cell in {path.name}"
    setup = nb.cells[setup_index + 1]
    assert setup.cell_type == "code" and setup is import_cells[0]
    for line in setup.source.splitlines():
        if re.match(r"^\s*(import|from)\s", line):
            assert re.match(r"^\s*from (course(\.\w+)*|IPython\.display) import ", line), line
            assert "*" not in line
    joined = "\n".join(c.source for c in code_cells)
    for banned in ("sys.path", "pip install", "!pip", "%pip", "urllib", "requests."):
        assert banned not in joined, f"{banned!r} in {path.name}"

    refs = next(s for s in markdown(nb) if "## References" in s)
    assert re.search(r"^\s*1\. ", refs, re.M), "numbered references"
    assert re.search(r"(doi|PMID|pmid|10\.\d{4,})", refs), "references carry DOI or PMID"
    nxt = next(s for s in markdown(nb) if "## What's next" in s)
    assert LINK.search(nxt), "What's next links somewhere"
    assert "education only" in "\n".join(markdown(nb)).lower()


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL, ids=IDS)
def test_executes_headless(path):
    nb = load(path)
    client = NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", (
                f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
            )
            if out.output_type == "stream" and out.name == "stderr":
                pytest.fail(f"{path.name} wrote to stderr: {out.text[:500]}")
    assert elapsed < 120
