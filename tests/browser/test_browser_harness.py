"""The harness itself can fail: a cell that raises is seen as an error and stops Run All, and a
widget whose observer was removed (it no longer updates) fails the widget check."""

from __future__ import annotations

import nbformat
import pytest

from .test_browser_widgets import Interaction, _check_interaction

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.timeout(120)]


def _write_notebook(lab, name: str, sources: list[str]) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_code_cell(src) for src in sources]
    path = lab.server.root_dir / "harness" / name
    path.parent.mkdir(exist_ok=True)
    nbformat.write(nb, path)
    return f"harness/{name}"


def test_the_checks_catch_a_widget_that_stops_updating_and_an_error(lab):
    """One notebook (to keep the suite fast): the 1.1 skeleton map with its dropdown's observer
    removed, then a cell writing to stderr, a cell that raises, and a cell Run All never reaches.
    """
    relpath = _write_notebook(
        lab,
        "broken.ipynb",
        [
            "from course.widgets.skeleton_map import SkeletonMap",
            "skeleton_map = SkeletonMap()\n"
            "skeleton_map.controls['primary'].unobserve_all('value')  # the bug\n"
            "skeleton_map.widget",
            "import sys\nprint('a warning', file=sys.stderr)",
            "1 / 0",
            "print('never reached')",
        ],
    )
    lab.open(relpath)
    lab.run_all()

    errors = lab.error_outputs()
    assert len(errors) == 2, errors
    assert "a warning" in errors[0]
    assert "ZeroDivisionError" in errors[1]
    assert lab.code_prompts() == ["[1]:", "[2]:", "[3]:", "[4]:", "[ ]:"]

    step = Interaction(
        "harness_dead_skeleton_map", "dropdown", "Primary cancer:", choose="Prostate cancer"
    )
    with pytest.raises(AssertionError, match="did not change after using 'Primary cancer:'"):
        _check_interaction(lab, step, change_timeout_s=3)
