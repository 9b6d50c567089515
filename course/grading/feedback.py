"""A feedback preprocessor that removes what would leak the key from students' feedback.

nbgrader's ``ClearHiddenTests`` removes hidden tests from the cell sources, but the traceback of
a failing hidden test still prints the failing line, and a solution region could survive in a
free-text cell the student never touched. :class:`CleanFeedback` (configured in
``quizzes/nbgrader_config.py``) therefore:

- replaces every error output of a graded cell with a short message without a traceback: the
  visible format messages we wrote ourselves are kept, anything else becomes a neutral sentence;
- strips solution and hidden-test regions anywhere they are left;
- adds the item's explanation from the bank after each graded cell, so the feedback teaches.
"""

from __future__ import annotations

import re

from nbformat.v4 import new_markdown_cell, new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from course.quiz.bank import bank
from course.quiz.render import markdown_to_html

_REGION = re.compile(
    r"###\s*BEGIN (SOLUTION|HIDDEN TESTS).*?###\s*END (SOLUTION|HIDDEN TESTS)\s*", re.DOTALL
)
#: Messages of our visible format checks start like this (see course.quiz.builder).
_FORMAT_MESSAGE = re.compile(r"^answer_q\d+ must be ")


def _clean_error(output: dict) -> dict:
    evalue = str(output.get("evalue", ""))
    if output.get("ename") == "AssertionError" and _FORMAT_MESSAGE.match(evalue):
        text = f"Not accepted: {evalue}\n"
    elif output.get("ename") == "AssertionError":
        text = "This answer did not earn the points for this question.\n"
    else:
        text = (
            f"This question could not be graded because the code raised {output.get('ename')}"
            " (for example an answer variable that was never set, or an error in the cell).\n"
        )
    return new_output("stream", name="stdout", text=text)


class CleanFeedback(NbGraderPreprocessor):
    """Keep the key out of feedback and add each item's explanation."""

    def preprocess(self, nb, resources):
        items = bank()
        cells = []
        for cell in nb.cells:
            cell.source = _REGION.sub("", cell.source)
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code":
                cell.outputs = [
                    _clean_error(o) if o.get("output_type") == "error" else o for o in cell.outputs
                ]
            cells.append(cell)
            item = items.get(meta.get("grade_id", "")) if meta.get("grade") else None
            if item is not None:
                why = markdown_to_html(item.explanation, inline=True)
                cells.append(
                    new_markdown_cell(
                        "<div style='border-left:4px solid #0072B2;padding:4px 10px'>"
                        f"<b>Explanation.</b> {why}</div>"
                    )
                )
        nb.cells = cells
        return nb, resources
