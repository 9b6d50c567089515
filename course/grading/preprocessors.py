"""nbgrader preprocessors that make autograde fair on real submissions.

:class:`DropEmptyNbgraderMetadata` works around an nbgrader 0.9 bug: when a student duplicates a
test cell, ``DeduplicateIds`` empties the copy's ``nbgrader`` metadata, and then
``OverwriteCells(add_missing_cells=True)`` fails on the empty dict (``KeyError: 'grade_id'``), so
the whole submission failed to grade. Removing the empty metadata lets the copy run as an ordinary
cell while the original is graded once.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor


class DropEmptyNbgraderMetadata(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if "nbgrader" in cell.metadata and not cell.metadata["nbgrader"]:
                del cell.metadata["nbgrader"]
        return nb, resources
