"""Self-check views (tutor mode): one bank item, an answer, and immediate per-option feedback.

``self_check("q01-...")`` returns a view whose ``.widget`` a notebook displays. For a
single-best-answer item the learner picks an option and presses *Check*: the view marks the
choice right or wrong and explains every option. Numeric items take a number (the units are
shown) and free-text items reveal the model answer and the mark scheme for self-marking.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import ipywidgets as widgets

from course.quiz.bank import Item, check_answer, get_item
from course.quiz.render import markdown_to_html

OK_STYLE = "border-left:4px solid #009E73;background:#E9F7F2;padding:6px 10px;margin:4px 0"
NO_STYLE = "border-left:4px solid #D55E00;background:#FDF0E8;padding:6px 10px;margin:4px 0"
INFO_STYLE = "border-left:4px solid #0072B2;background:#EAF3FA;padding:6px 10px;margin:4px 0"


@dataclass(frozen=True)
class CheckResult:
    """What the learner answered and whether it was right (None: free text, self-marked)."""

    item_id: str
    answer: object
    correct: bool | None


class SelfCheck:
    """A tutor-mode view of one bank item."""

    def __init__(self, item: Item):
        self.item = item
        self.result: CheckResult | None = None
        self.controls: dict[str, widgets.Widget] = {}
        header = widgets.HTML(
            f"<div style='{INFO_STYLE}'><b>Self-check</b> "
            f"<span style='color:#555'>(not graded; objective: {html.escape(item.objective)})"
            f"</span><br>{markdown_to_html(item.stem)}</div>"
        )
        self.feedback = widgets.HTML()
        check = widgets.Button(description="Check", button_style="primary", icon="check")
        check.on_click(lambda _b: self.check())
        self.controls["check"] = check
        if item.type == "single_best_answer":
            choice = widgets.RadioButtons(
                options=[(f"{o.key}. {o.text}", o.key) for o in item.options],
                value=None,
                layout=widgets.Layout(width="auto"),
                style={"description_width": "0px"},
            )
            self.controls["answer"] = choice
            body = [choice]
        elif item.type == "numeric":
            number = widgets.FloatText(value=None, description="Answer:")
            self.controls["answer"] = number
            unit = widgets.HTML(f"&nbsp;{html.escape(item.units or '')}")
            body = [widgets.HBox([number, unit])]
        else:
            text = widgets.Textarea(
                placeholder="Write your answer, then compare it with the model answer.",
                layout=widgets.Layout(width="95%", height="90px"),
            )
            self.controls["answer"] = text
            check.description = "Show model answer"
            check.icon = "eye"
            body = [text]
        self.widget = widgets.VBox([header, *body, check, self.feedback])

    def check(self) -> CheckResult:
        """Mark the current answer and show the explanations."""
        item = self.item
        value = self.controls["answer"].value
        if item.type == "single_best_answer":
            if value is None:
                self.feedback.value = f"<div style='{NO_STYLE}'>Pick an option first.</div>"
                self.result = CheckResult(item.id, None, False)
                return self.result
            correct = bool(check_answer(item, value))
            rows = []
            for o in item.options:
                mark = "✔ correct" if o.key == item.answer else "✘"
                chosen = " (your choice)" if o.key == value else ""
                why = markdown_to_html(o.explanation, inline=True)
                rows.append(f"<li><b>{o.key}</b> {mark}{chosen}: {why}</li>")
            verdict = "Correct." if correct else f"Not quite: the best answer is {item.answer}."
            style = OK_STYLE if correct else NO_STYLE
            teaching = markdown_to_html(item.explanation, inline=True)
            self.feedback.value = (
                f"<div style='{style}'><b>{verdict}</b> {teaching}<ul>{''.join(rows)}</ul></div>"
            )
        elif item.type == "numeric":
            correct = value is not None and bool(check_answer(item, value))
            verdict = (
                "Correct."
                if correct
                else f"Not quite: the answer is {item.answer:g} {html.escape(item.units or '')}"
                f" (within {item.tolerance:g})."
            )
            style = OK_STYLE if correct else NO_STYLE
            self.feedback.value = (
                f"<div style='{style}'><b>{verdict}</b> "
                f"{markdown_to_html(item.explanation, inline=True)}</div>"
            )
        else:
            correct = None
            scheme = "".join(
                f"<li>{c.points:g} point(s): {html.escape(c.criterion)}</li>"
                for c in item.mark_scheme
            )
            self.feedback.value = (
                f"<div style='{INFO_STYLE}'><b>Model answer:</b> "
                f"{markdown_to_html(item.model_answer or '', inline=True)}"
                f"<br><b>Mark your answer against:</b><ul>{scheme}</ul></div>"
            )
        self.result = CheckResult(item.id, value, correct)
        return self.result


def self_check(item_id: str) -> SelfCheck:
    """The self-check view of a formative bank item, by id."""
    item = get_item(item_id)
    if not item.formative:
        raise ValueError(f"Item {item_id!r} is summative only and cannot be used as a self-check.")
    return SelfCheck(item)
