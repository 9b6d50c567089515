"""Practice quizzes for self-learners: a set of formative bank items in tutor or exam mode.

``PracticeView()`` shows the settings (a module or a topic, how many items, tutor or exam mode)
and a *Start practice* button. Each item is a :class:`~course.widgets.selfcheck.SelfCheck` view:

- **tutor mode**: the learner answers and presses *Check*; the self-check explains every option at
  once, and *Next item* moves on;
- **exam mode**: the self-check's *Check* button is hidden; *Next item* keeps the answer without
  feedback; at the end every item is shown again with its explanations.

Both modes end with a score by topic and the learning objectives to revisit
(:func:`course.practice.score_practice`). Every answer is recorded in the learner's local progress
file (:mod:`course.practice`; nothing is sent anywhere), the progress panel shows the whole course,
and a download link (a ``data:`` URL, rebuilt after each answer) saves progress and answers as
JSON, because work on Binder is lost when the session ends. A downloaded file can be uploaded
again to continue.
"""

from __future__ import annotations

import base64
import html
import json
import os
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from course import EDUCATION_ONLY
from course.practice import (
    REFERENCE,
    PracticeScore,
    course_titles,
    draw_practice_set,
    export_payload,
    is_unanswered,
    load_progress,
    merge_progress,
    normalize_progress,
    practice_modules,
    practice_topics,
    progress_summary,
    record_answer,
    record_session,
    save_progress,
    score_practice,
    select_items,
    topics_of,
)
from course.quiz.bank import Item
from course.quiz.render import markdown_to_html
from course.widgets.base import error_html
from course.widgets.selfcheck import INFO_STYLE, NO_STYLE, OK_STYLE, SelfCheck

#: The name of the downloaded file.
DOWNLOAD_NAME = "bone_metastases_practice_progress.json"
#: Topics offered in the topic list need at least this many formative items.
MIN_TOPIC_ITEMS = 2
MAX_ITEMS = 20

BINDER_NOTE = (
    "<b>Working on Binder?</b> Everything in a Binder session, including your practice progress, "
    "is deleted when the session ends (on mybinder.org after about 10 minutes without activity). "
    "Use <i>Download my progress and answers</i> before you leave, and upload the file next time "
    "to continue. On your own computer, progress is kept in the file named below. Nothing is sent "
    "anywhere."
)
WARN_STYLE = "border-left:4px solid #E69F00;background:#FFF6E0;padding:6px 10px;margin:4px 0"
TABLE_STYLE = "border-collapse:collapse;margin:4px 0"
CELL = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:left"
NUM = "padding:2px 8px;border-bottom:1px solid #ddd;text-align:right"
BAR = CELL + ";font-family:monospace;color:#0072B2"


def _bar(fraction: float, width: int = 10) -> str:
    """A text bar (the numbers are always printed beside it: no meaning by the bar alone)."""
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def _display_path(path: Path) -> str:
    """The path as a learner would type it: ``~/...`` inside the home folder."""
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


class PracticeView:
    """A practice quiz with tutor and exam modes, a course-wide progress panel and a download.

    ``seed`` (or an explicit ``rng``: ``random.Random`` or ``numpy.random.Generator``) makes the
    draws repeatable; ``progress_path`` overrides where progress is kept (see
    :func:`course.practice.progress_path`); ``items`` replaces the course bank (tests).
    """

    def __init__(
        self,
        *,
        seed: int | None = None,
        rng: Any = None,
        progress_path: str | os.PathLike[str] | None = None,
        items: list[Item] | None = None,
        n_items: int = 5,
    ):
        self._rng = rng if rng is not None else random.Random(seed)
        self._items = list(items) if items is not None else None
        self._titles, self._module_titles = course_titles()
        loaded = load_progress(progress_path)
        self.progress_file = loaded.path
        self.progress: dict[str, Any] = loaded.data
        self.result: PracticeScore | None = None
        self.practice_set: tuple[Item, ...] = ()
        self.answers: dict[str, object] = {}
        self.checks: list[SelfCheck] = []
        self._touched: set[str] = set()
        self.position = 0
        self.mode = "tutor"
        self.selection = ""
        self.finished = False

        pool = select_items(items=self._items)
        module_options = [(f"All modules ({len(pool)} items)", "all")]
        for number in sorted({m.split(".")[0] for m in practice_modules(self._items)}, key=int):
            count = len(select_items(module=number, items=self._items))
            title = self._module_titles.get(number, "")
            module_options.append((f"Module {number}. {title} ({count} items)", number))
            for nb in practice_modules(self._items):
                if nb.split(".")[0] == number:
                    n = len(select_items(module=nb, items=self._items))
                    module_options.append((f"    {self._label(nb)} ({n} items)", nb))
        topics = practice_topics(self._items, min_items=MIN_TOPIC_ITEMS)
        wide = {"description_width": "initial"}
        self.controls: dict[str, widgets.Widget] = {
            "by": widgets.ToggleButtons(
                options=[("By module", "module"), ("By topic", "topic")],
                value="module",
                description="Practise:",
                tooltips=["Items from one module or notebook", "Items on one topic, any module"],
                style=wide,
            ),
            "module": widgets.Dropdown(
                options=module_options,
                value="all",
                description="Module:",
                layout=widgets.Layout(width="560px"),
                style=wide,
            ),
            "topic": widgets.Dropdown(
                options=[(f"{t} ({n} items)", t) for t, n in topics],
                value=topics[0][0] if topics else None,
                description="Topic:",
                layout=widgets.Layout(width="560px", display="none"),
                style=wide,
            ),
            "n_items": widgets.IntSlider(
                value=max(1, min(MAX_ITEMS, n_items)),
                min=1,
                max=MAX_ITEMS,
                description="Number of items:",
                style=wide,
            ),
            "mode": widgets.ToggleButtons(
                options=[("Tutor mode", "tutor"), ("Exam mode", "exam")],
                value="tutor",
                description="Mode:",
                tooltips=[
                    "Check each answer and read the explanation at once",
                    "Answer everything first; explanations and score at the end",
                ],
                style=wide,
            ),
            "start": widgets.Button(
                description="Start practice", button_style="primary", icon="play"
            ),
            "next": widgets.Button(
                description="Next item",
                icon="arrow-right",
                disabled=True,
                layout=widgets.Layout(display="none"),
            ),
            "upload": widgets.FileUpload(
                accept=".json,application/json",
                multiple=False,
                description="Upload progress",
                icon="upload",
            ),
        }
        self.controls["by"].observe(self._on_by, names="value")
        self.controls["start"].on_click(lambda _b: self.start())
        self.controls["next"].on_click(lambda _b: self.next_item())
        self.controls["upload"].observe(self._on_upload, names="value")

        self.mode_help = widgets.HTML()
        self.controls["mode"].observe(lambda _c: self._show_mode_help(), names="value")
        self._show_mode_help()
        self.status = widgets.HTML()
        self.counter = widgets.HTML()
        self.item_box = widgets.VBox()
        self.quiz_box = widgets.VBox(
            [self.counter, self.item_box, self.controls["next"]],
            layout=widgets.Layout(display="none"),
        )
        self.summary = widgets.HTML()
        self.review = widgets.VBox()
        self.store_status = widgets.HTML()
        self.progress_panel = widgets.HTML()
        self.download = widgets.HTML()
        header = widgets.HTML(
            f"<div style='{INFO_STYLE}'><b>Practice quiz</b> (not graded): items drawn from the "
            "course's question bank, with an explanation for every answer.</div>"
            f"<div style='{WARN_STYLE}' role='note'>{BINDER_NOTE}</div>"
        )
        settings = widgets.VBox(
            [
                self.controls["by"],
                self.controls["module"],
                self.controls["topic"],
                self.controls["n_items"],
                self.controls["mode"],
                self.mode_help,
                self.controls["start"],
            ]
        )
        saving = widgets.VBox(
            [
                widgets.HTML("<b>Your progress</b>"),
                self.store_status,
                self.progress_panel,
                widgets.HBox([self.download, self.controls["upload"]]),
            ]
        )
        footer = widgets.HTML(
            "<div style='font-size:85%;color:#444;margin-top:6px'><b>Why practise?</b> Answering "
            "questions and getting feedback helps you remember for longer than re-reading: "
            f"{html.escape(REFERENCE)}<br><i>{html.escape(EDUCATION_ONLY)}</i></div>"
        )
        self.widget = widgets.VBox(
            [
                header,
                settings,
                self.status,
                self.quiz_box,
                self.summary,
                self.review,
                saving,
                footer,
            ]
        )
        self._refresh_store_status(loaded.message if loaded.status == "corrupt" else None)
        self._refresh_progress()
        self._refresh_download()

    # --- labels and small views ----------------------------------------------------------------

    def _label(self, module: str) -> str:
        title = self._titles.get(module)
        return f"{module} {title}" if title else module

    def _show_mode_help(self) -> None:
        if self.controls["mode"].value == "tutor":
            text = "Tutor mode: check each answer and read why every option is right or wrong."
        else:
            text = "Exam mode: answer every item first; the explanations and your score by topic "
            text += "come at the end."
        self.mode_help.value = f"<div style='color:#333;font-size:90%'>{text}</div>"

    def _on_by(self, _change: object = None) -> None:
        by_module = self.controls["by"].value == "module"
        self.controls["module"].layout.display = None if by_module else "none"
        self.controls["topic"].layout.display = "none" if by_module else None

    @property
    def current(self) -> SelfCheck | None:
        """The self-check view of the item now shown (None when no set is running)."""
        if self.finished or not self.checks or self.position >= len(self.checks):
            return None
        return self.checks[self.position]

    # --- the practice set ------------------------------------------------------------------------

    def _selection(self) -> tuple[str | None, str | None, str]:
        if self.controls["by"].value == "topic":
            tag = self.controls["topic"].value
            if tag is None:
                raise ValueError("There is no topic to choose: the bank has too few items.")
            return None, tag, f"topic {tag}"
        module = self.controls["module"].value
        if module == "all":
            return None, None, "all modules"
        label = f"module {module}" if "." not in module else self._label(module)
        return module, None, label

    def start(self) -> None:
        """Draw a new set with the current settings and show its first item."""
        try:
            module, tag, label = self._selection()
            wanted = self.controls["n_items"].value
            drawn = draw_practice_set(
                rng=self._rng,
                n_items=wanted,
                module=module,
                tag=tag,
                items=self._items,
                progress=self.progress,
            )
        except ValueError as exc:
            self.status.value = error_html(str(exc))
            return
        self.mode = self.controls["mode"].value
        self.selection = label
        self.practice_set = drawn
        self.answers = {}
        self.position = 0
        self.finished = False
        self.result = None
        self.summary.value = ""
        self.review.children = ()
        self.checks = [SelfCheck(item) for item in drawn]
        self._touched = set()
        for item, view in zip(drawn, self.checks, strict=True):
            # A number box starts at 0, so an untouched one is "not answered", not "0".
            view.controls["answer"].observe(
                lambda _c, item_id=item.id: self._touched.add(item_id), names="value"
            )
            if self.mode == "exam":
                view.controls["check"].layout.display = "none"
            else:
                view.controls["check"].on_click(
                    lambda _b, item=item, view=view: self._on_tutor_check(item, view)
                )
        note = ""
        if len(drawn) < wanted:
            note = f" Only {len(drawn)} items match, so you get all of them."
        self.status.value = (
            f"<div style='{INFO_STYLE}' role='status'>{len(drawn)} items from "
            f"{html.escape(label)}, {self.mode} mode.{note} Items you have not yet answered "
            "correctly come first.</div>"
        )
        self.quiz_box.layout.display = None
        self.controls["next"].layout.display = None
        self._show_item()

    def _show_item(self) -> None:
        item = self.practice_set[self.position]
        topics = ", ".join(topics_of(item))
        where = html.escape(self._label(item.module))
        self.counter.value = (
            f"<div style='margin:6px 0'><b>Item {self.position + 1} of "
            f"{len(self.practice_set)}</b> <span style='color:#555'>({where}; "
            f"topics: {html.escape(topics)}; {item.difficulty})</span></div>"
        )
        self.item_box.children = (self.checks[self.position].widget,)
        last = self.position == len(self.practice_set) - 1
        nxt = self.controls["next"]
        nxt.description = "Finish and see my score" if last else "Next item"
        nxt.icon = "flag-checkered" if last else "arrow-right"
        nxt.disabled = False

    def _on_tutor_check(self, item: Item, view: SelfCheck) -> None:
        """After the self-check has marked and explained the answer: record it, once."""
        if view.result is None or item.id in self.answers:
            return
        if item.type == "single_best_answer" and view.result.answer is None:
            return  # the self-check asked the learner to pick an option first
        self._record(item, self._answer_of(item, view))
        view.controls["answer"].disabled = True
        view.controls["check"].disabled = True

    def next_item(self) -> None:
        """Keep the current answer (exam mode) or skip (tutor, unchecked); move on or finish."""
        view = self.current
        if view is None:
            return
        item = self.practice_set[self.position]
        if item.id not in self.answers:
            if self.mode == "exam":
                self._record(item, self._answer_of(item, view))
            else:
                self.answers[item.id] = None  # skipped without checking
                self._update_score()
        self.position += 1
        if self.position < len(self.practice_set):
            self._show_item()
        else:
            self.finish()

    def _answer_of(self, item: Item, view: SelfCheck) -> object:
        if item.type == "numeric" and item.id not in self._touched:
            return None
        return view.controls["answer"].value

    def _record(self, item: Item, answer: object, *, when: datetime | None = None) -> None:
        self.answers[item.id] = None if is_unanswered(answer) else answer
        self.progress = record_answer(self.progress, item, answer, when=when)
        self._update_score()
        self._save()

    def _update_score(self) -> None:
        reached = [i for i in self.practice_set if i.id in self.answers]
        self.result = score_practice(reached, self.answers)
        self._refresh_progress()
        self._refresh_download()

    def finish(self) -> PracticeScore:
        """End the set: score by topic, objectives to revisit, and (exam mode) the review."""
        for item in self.practice_set[self.position :]:
            self.answers.setdefault(item.id, None)
        self.position = len(self.practice_set)
        self.finished = True
        self.result = score_practice(self.practice_set, self.answers)
        self.progress = record_session(
            self.progress,
            mode=self.mode,
            selection=self.selection,
            items=self.practice_set,
            answers=self.answers,
        )
        self._save()
        self.controls["next"].disabled = True
        self.controls["next"].layout.display = "none"
        self.item_box.children = ()
        self.counter.value = ""
        self.quiz_box.layout.display = "none"
        self.summary.value = self._summary_html(self.result)
        if self.mode == "exam":
            self.review.children = [
                self._review(i, v) for i, v in zip(self.practice_set, self.checks, strict=True)
            ]
        self._refresh_progress()
        self._refresh_download()
        return self.result

    def _review(self, item: Item, view: SelfCheck) -> widgets.Widget:
        view.controls["answer"].disabled = True
        if item.type != "free_text" and is_unanswered(self.answers.get(item.id)):
            key = (
                item.answer
                if item.type == "single_best_answer"
                else f"{item.answer:g} {item.units or ''}"
            )
            view.feedback.value = (
                f"<div style='{NO_STYLE}'><b>Not answered.</b> The answer is "
                f"{html.escape(str(key).strip())}. "
                f"{markdown_to_html(item.explanation, inline=True)}</div>"
            )
        else:
            view.check()
        n = self.practice_set.index(item) + 1
        return widgets.VBox([widgets.HTML(f"<b>Review of item {n}</b>"), view.widget])

    def _summary_html(self, score: PracticeScore) -> str:
        style = OK_STYLE if score.marked and score.correct == score.marked else INFO_STYLE
        parts = [
            f"<div style='{style}' role='status'><b>Your score: {score.correct} of {score.marked}"
            f" ({score.percent:.0f}%)</b> in {html.escape(self.selection)}, {self.mode} mode."
        ]
        if score.unanswered:
            parts.append(f" {score.unanswered} left unanswered (counted as not right).")
        if score.self_marked:
            parts.append(
                f" {score.self_marked} free-text item(s) to mark yourself against the model answer."
            )
        parts.append("</div>")
        if score.by_topic:
            rows = "".join(
                f"<tr><td style='{CELL}'>{html.escape(t.topic)}</td>"
                f"<td style='{NUM}'>{t.correct} of {t.marked}</td>"
                f"<td style='{NUM}'>{100 * t.fraction:.0f}%</td>"
                f"<td style='{BAR}' aria-hidden='true'>{_bar(t.fraction)}</td></tr>"
                for t in score.by_topic
            )
            parts.append(
                f"<table style='{TABLE_STYLE}'><caption style='text-align:left'><b>Score by "
                f"topic</b> (weakest first)</caption><tr><th style='{CELL}'>Topic</th>"
                f"<th style='{NUM}'>Right</th><th style='{NUM}'>%</th><th></th></tr>"
                f"{rows}</table>"
            )
        if score.revisit:
            items = "".join(
                f"<li>{html.escape(o.text)} <i>(notebook "
                f"{html.escape(self._label(o.module))})</i></li>"
                for o in score.revisit
            )
            parts.append(
                f"<div style='{NO_STYLE}'><b>Objectives to revisit</b><ul>{items}</ul></div>"
            )
        elif score.marked:
            parts.append(
                f"<div style='{OK_STYLE}'>Nothing to revisit in this set: well done.</div>"
            )
        return "".join(parts)

    # --- progress: file, panel, download, upload -------------------------------------------------

    def _save(self) -> None:
        try:
            save_progress(self.progress, self.progress_file)
        except (OSError, ValueError) as exc:
            self._refresh_store_status(
                f"Your progress could not be saved to {self.progress_file} ({exc}). Use the "
                "download link to keep it."
            )
        else:
            self._refresh_store_status(None)

    def _refresh_store_status(self, problem: str | None) -> None:
        where = html.escape(_display_path(self.progress_file))
        if problem:
            self.store_status.value = (
                f"<div role='alert' style='{NO_STYLE}'>{html.escape(problem)}</div>"
                f"<div style='font-size:90%'>Progress file: <code>{where}</code></div>"
            )
        else:
            self.store_status.value = (
                f"<div style='font-size:90%'>Progress file (on this computer only): "
                f"<code>{where}</code></div>"
            )

    def _refresh_progress(self) -> None:
        rows = []
        totals = [0, 0, 0]
        for row in progress_summary(self.progress, self._items):
            totals = [totals[0] + row.total, totals[1] + row.tried, totals[2] + row.right]
            fraction = row.right / row.total if row.total else 0.0
            rows.append(
                f"<tr><td style='{CELL}'>{html.escape(self._label(row.module))}</td>"
                f"<td style='{NUM}'>{row.total}</td><td style='{NUM}'>{row.tried}</td>"
                f"<td style='{NUM}'>{row.right}</td>"
                f"<td style='{BAR}' aria-hidden='true'>{_bar(fraction)}</td>"
                "</tr>"
            )
        sessions = len(self.progress.get("sessions", []))
        self.progress_panel.value = (
            f"<details><summary>Progress across the course: {totals[2]} of {totals[0]} practice "
            f"items right at your last try, {totals[1]} tried, {sessions} practice set(s) "
            f"finished</summary><table style='{TABLE_STYLE}'><tr><th style='{CELL}'>Notebook</th>"
            f"<th style='{NUM}'>Items</th><th style='{NUM}'>Tried</th>"
            f"<th style='{NUM}'>Right at last try</th><th></th></tr>{''.join(rows)}</table>"
            "</details>"
        )

    def current_set(self) -> dict[str, Any] | None:
        """The set in progress (or just finished) as plain data, for the download."""
        if not self.practice_set:
            return None
        return {
            "mode": self.mode,
            "selection": self.selection,
            "finished": self.finished,
            "items": [
                {
                    "id": i.id,
                    "module": i.module,
                    "objective": i.objective,
                    "answer": self.answers.get(i.id),
                    "answered": i.id in self.answers,
                }
                for i in self.practice_set
            ],
            "score": self.result.as_dict() if self.result is not None else None,
        }

    def download_payload(self) -> dict[str, Any]:
        """What the download link holds (see :func:`course.practice.export_payload`)."""
        return export_payload(self.progress, current=self.current_set())

    def _refresh_download(self) -> None:
        text = json.dumps(self.download_payload(), indent=1, sort_keys=True)
        encoded = base64.b64encode(text.encode("utf-8")).decode("ascii")
        self.download.value = (
            f"<a download='{DOWNLOAD_NAME}' href='data:application/json;base64,{encoded}' "
            "style='display:inline-block;padding:4px 10px;border:1px solid #0072B2;"
            "border-radius:3px;color:#0072B2;text-decoration:none;margin-right:8px'>"
            "⬇ Download my progress and answers (JSON)</a>"
        )

    def _on_upload(self, change: dict) -> None:
        files = change.get("new") or ()
        if not files:
            return
        upload = files[0]
        try:
            raw = json.loads(bytes(upload["content"]).decode("utf-8"))
            incoming, dropped = normalize_progress(raw)
        except (ValueError, UnicodeDecodeError, KeyError, TypeError) as exc:
            self._refresh_store_status(
                f"{upload.get('name', 'The file')} could not be read as course progress ({exc})."
            )
            return
        self.controls["upload"].value = ()  # ready for the next file
        self.progress = merge_progress(self.progress, incoming)
        self._save()
        note = f" ({dropped} damaged entries left out)" if dropped else ""
        self.store_status.value += (
            f"<div style='{OK_STYLE}' role='status'>Progress from "
            f"{html.escape(str(upload.get('name', 'the file')))} was added{note}.</div>"
        )
        self._refresh_progress()
        self._refresh_download()


__all__ = ["DOWNLOAD_NAME", "PracticeView"]
