"""Practice mode for self-learners: draw, mark and score practice sets; keep progress locally.

A practice set is drawn from the *formative* items of the question bank (``use`` is
``"formative"`` or ``"both"``), for one module or one topic (a bank tag), with an explicit random
generator so that a seed gives the same set every time. Answers are marked with the bank's own
:func:`course.quiz.bank.check_answer`; the score is broken down by topic and lists the learning
objectives to revisit. Retrieval practice with feedback improves long-term retention more than
re-reading (Roediger and Karpicke 2006, see :data:`REFERENCE`), which is why the course offers it.

Progress is a small JSON file on the learner's own disk and is never sent anywhere. Its place
is, in order of precedence: the ``path`` argument, the environment variable
``BONE_METS_COURSE_PROGRESS``, then ``~/.bone_metastases_course/progress.json``. A missing file
is an empty record; a corrupt one is reported and set aside (kept as ``progress.json.corrupt``)
the next time progress is saved.

Pure: standard library and the course's bank and map only; nothing is read or written on import.
"""

from __future__ import annotations

import copy
import json
import math
import os
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from course.coursemap import course_map
from course.quiz.bank import Item, check_answer, formative_items

REFERENCE = (
    "Roediger HL, Karpicke JD. Test-enhanced learning: taking memory tests improves long-term "
    "retention. Psychol Sci. 2006;17(3):249-255. doi:10.1111/j.1467-9280.2006.01693.x"
)

#: The environment variable that moves the progress file (a path to a JSON file).
PROGRESS_ENV = "BONE_METS_COURSE_PROGRESS"
#: The progress file's default place, under the learner's home folder.
DEFAULT_PROGRESS_RELATIVE = Path(".bone_metastases_course") / "progress.json"
#: Marks a progress file (and a downloaded export) as this course's.
FORMAT = "bone-metastases-course/progress"
SCHEMA_VERSION = 1
#: At most this many finished practice sets are kept in the file (the oldest are dropped).
MAX_SESSIONS = 200

#: Tags that describe an item's format rather than its topic; they are not scored as topics.
FORMAT_TAGS = frozenset({"self-check", "vignette", "calculation", "case-decision", "free-text"})

Mode = Literal["tutor", "exam"]
MODES = ("tutor", "exam")
LoadStatus = Literal["ok", "missing", "corrupt"]

_MODULE = re.compile(r"^[0-9](\.[0-9])?$")


# --- choosing items -----------------------------------------------------------------------------


def _pool(items: Iterable[Item] | None) -> list[Item]:
    """The formative items to draw from: ``items`` (filtered to formative) or the course bank's."""
    if items is None:
        return formative_items()
    return [i for i in items if i.formative]


def _module_key(module: str) -> tuple[int, ...]:
    return tuple(int(p) for p in module.split("."))


def practice_modules(items: Iterable[Item] | None = None) -> tuple[str, ...]:
    """The notebook numbers ("1.1", "2.3", ...) that have formative items, in course order."""
    return tuple(sorted({i.module for i in _pool(items)}, key=_module_key))


def course_titles() -> tuple[dict[str, str], dict[str, str]]:
    """Titles from the course map: by notebook number ("2.2") and by module number ("2").

    Empty when the course map cannot be read (a copy of the package without its notebooks).
    """
    try:
        modules = course_map()
    except ValueError:
        return {}, {}
    notebooks = {nb.number: nb.title for m in modules for nb in m.notebooks}
    return notebooks, {str(m.number): m.title for m in modules}


def topics_of(item: Item) -> tuple[str, ...]:
    """The topics an item is scored under: its tags minus format tags, else its notebook."""
    topics = tuple(t for t in item.tags if t not in FORMAT_TAGS)
    return topics or (f"notebook {item.module}",)


def practice_topics(
    items: Iterable[Item] | None = None, *, min_items: int = 1
) -> tuple[tuple[str, int], ...]:
    """``(topic, number of formative items)`` pairs, most items first, then alphabetically.

    Topics are bank tags other than the format tags in :data:`FORMAT_TAGS`; ``min_items`` leaves
    out topics with fewer items than that.
    """
    if isinstance(min_items, bool) or not isinstance(min_items, int) or min_items < 1:
        raise ValueError(f"min_items must be a whole number of at least 1, not {min_items!r}.")
    counts: dict[str, int] = {}
    for item in _pool(items):
        for tag in item.tags:
            if tag not in FORMAT_TAGS:
                counts[tag] = counts.get(tag, 0) + 1
    return tuple(
        (tag, n)
        for tag, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= min_items
    )


def select_items(
    *, module: str | None = None, tag: str | None = None, items: Iterable[Item] | None = None
) -> list[Item]:
    """The formative items for a module and/or a topic, in bank order.

    ``module`` is a whole module (``"2"``: notebooks 2.1, 2.2, ...) or one notebook (``"2.2"``);
    ``tag`` is a topic (a bank tag). With neither, every formative item is returned. No match
    raises ``ValueError`` naming what is available.
    """
    pool = _pool(items)
    if module is not None:
        if not isinstance(module, str) or not _MODULE.match(module.strip()):
            raise ValueError(
                "A module is given as '2' (a whole module) or '2.2' (one notebook), "
                f"not {module!r}."
            )
        module = module.strip()
        whole = "." not in module
        pool = [
            i for i in pool if (i.module.split(".")[0] == module if whole else i.module == module)
        ]
        if not pool:
            raise ValueError(
                f"There are no practice items for module {module!r}. Modules with items: "
                f"{', '.join(practice_modules(items))}."
            )
    if tag is not None:
        if not isinstance(tag, str) or not tag.strip():
            raise ValueError(
                f"A topic is a non-empty bank tag such as 'radiotherapy', not {tag!r}."
            )
        tag = tag.strip()
        pool = [i for i in pool if tag in i.tags]
        if not pool:
            where = f" in module {module}" if module is not None else ""
            raise ValueError(f"There are no practice items on the topic {tag!r}{where}.")
    if not pool:
        raise ValueError("There are no formative items to practise with.")
    return pool


def _shuffled(rng: Any, group: list[Item]) -> list[Item]:
    if not group:
        return []
    if isinstance(rng, random.Random):
        return rng.sample(group, len(group))
    return [group[int(k)] for k in rng.permutation(len(group))]


def _check_rng(rng: Any) -> None:
    if isinstance(rng, random.Random):
        return
    if hasattr(rng, "permutation") and hasattr(rng, "integers") and hasattr(rng, "bit_generator"):
        return  # a numpy.random.Generator (checked by duck typing: numpy is not imported here)
    raise ValueError(
        "rng must be a random.Random(seed) or a numpy.random.Generator "
        f"(numpy.random.default_rng(seed)), not {type(rng).__name__}."
    )


def mastered_ids(progress: Mapping[str, Any] | None) -> frozenset[str]:
    """Ids of the items whose last recorded attempt in ``progress`` was right."""
    if not progress:
        return frozenset()
    entries = progress.get("items", {})
    return frozenset(k for k, v in entries.items() if isinstance(v, dict) and v.get("last_correct"))


def draw_practice_set(
    *,
    rng: Any,
    n_items: int = 5,
    module: str | None = None,
    tag: str | None = None,
    items: Iterable[Item] | None = None,
    progress: Mapping[str, Any] | None = None,
) -> tuple[Item, ...]:
    """Draw up to ``n_items`` formative items at random for a module and/or a topic.

    ``rng`` is a ``random.Random(seed)`` or a ``numpy.random.Generator``: the same seed gives the
    same set. When fewer items match than asked for, all of them are drawn (in random order).
    With a ``progress`` record, items not yet answered right at their last attempt come first.
    """
    _check_rng(rng)
    if isinstance(n_items, bool) or not isinstance(n_items, int) or n_items < 1:
        raise ValueError(
            f"The number of items must be a whole number of at least 1, not {n_items!r}."
        )
    pool = select_items(module=module, tag=tag, items=items)
    done = mastered_ids(progress)
    fresh = [i for i in pool if i.id not in done]
    again = [i for i in pool if i.id in done]
    order = _shuffled(rng, fresh) + _shuffled(rng, again)
    return tuple(order[:n_items])


# --- marking and scoring ------------------------------------------------------------------------


def is_unanswered(answer: object) -> bool:
    """No answer given: None, blank text, or a number that is not finite."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, float):
        return not math.isfinite(answer)
    return False


def mark(item: Item, answer: object) -> bool | None:
    """Right (True), wrong or unanswered (False), or self-marked free text (None)."""
    if item.type == "free_text":
        return None
    if is_unanswered(answer):
        return False
    return bool(check_answer(item, answer))


@dataclass(frozen=True)
class TopicScore:
    """Right answers out of the marked items on one topic (free text is self-marked, not here)."""

    topic: str
    correct: int
    marked: int

    @property
    def fraction(self) -> float:
        return self.correct / self.marked if self.marked else 0.0


@dataclass(frozen=True)
class Objective:
    """A learning objective to revisit and the notebook ("2.2") that teaches it."""

    module: str
    text: str


@dataclass(frozen=True)
class PracticeScore:
    """The score of a practice set.

    ``correct`` of ``marked`` items (single best answer and numeric; unanswered counts as wrong);
    ``self_marked`` free-text items; ``by_topic`` weakest topic first; ``revisit``: the objectives
    of the items answered wrong or left unanswered, in the order the items came.
    """

    correct: int
    marked: int
    unanswered: int
    self_marked: int
    by_topic: tuple[TopicScore, ...]
    revisit: tuple[Objective, ...]

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.marked if self.marked else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "correct": self.correct,
            "marked": self.marked,
            "unanswered": self.unanswered,
            "self_marked": self.self_marked,
            "percent": round(self.percent, 1),
            "by_topic": [
                {"topic": t.topic, "correct": t.correct, "marked": t.marked} for t in self.by_topic
            ],
            "revisit": [{"module": o.module, "objective": o.text} for o in self.revisit],
        }


def score_practice(items: Sequence[Item], answers: Mapping[str, object]) -> PracticeScore:
    """Score a practice set: ``answers`` maps item id to the learner's answer (missing: none)."""
    correct = marked = unanswered = self_marked = 0
    topics: dict[str, list[int]] = {}
    revisit: list[Objective] = []
    for item in items:
        answer = answers.get(item.id)
        result = mark(item, answer)
        if result is None:
            self_marked += 1
            continue
        marked += 1
        correct += result
        unanswered += is_unanswered(answer)
        for topic in topics_of(item):
            tally = topics.setdefault(topic, [0, 0])
            tally[0] += result
            tally[1] += 1
        if not result:
            objective = Objective(item.module, item.objective)
            if objective not in revisit:
                revisit.append(objective)
    by_topic = tuple(
        sorted(
            (TopicScore(t, c, m) for t, (c, m) in topics.items()),
            key=lambda s: (s.fraction, -s.marked, s.topic),
        )
    )
    return PracticeScore(correct, marked, unanswered, self_marked, by_topic, tuple(revisit))


# --- progress on disk ---------------------------------------------------------------------------


def progress_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Where progress is kept: ``path``, else ``$BONE_METS_COURSE_PROGRESS``, else the default."""
    if path is None:
        env = os.environ.get(PROGRESS_ENV, "").strip()
        path = env or (Path.home() / DEFAULT_PROGRESS_RELATIVE)
    return Path(path).expanduser()


def empty_progress() -> dict[str, Any]:
    """A progress record with nothing in it."""
    return {"format": FORMAT, "schema": SCHEMA_VERSION, "items": {}, "sessions": []}


def _now(when: datetime | None) -> str:
    return (when or datetime.now(UTC)).isoformat(timespec="seconds")


def _valid_entry(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    counts = (entry.get("attempts"), entry.get("correct"))
    if not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts):
        return False
    return (
        counts[1] <= counts[0]
        and entry.get("last_correct") in (True, False, None)
        and isinstance(entry.get("last_time", ""), str)
    )


def normalize_progress(raw: object) -> tuple[dict[str, Any], int]:
    """A clean progress record from parsed JSON, and how many unreadable entries were dropped.

    Accepts a progress record or a downloaded export (which holds one under ``"progress"``).
    Raises ``ValueError`` when ``raw`` is not a progress record at all.
    """
    if isinstance(raw, dict) and isinstance(raw.get("progress"), dict):
        raw = raw["progress"]
    if not isinstance(raw, dict) or not isinstance(raw.get("items"), dict):
        raise ValueError("This is not a progress file of the course (no 'items' table).")
    if raw.get("format", FORMAT) != FORMAT:
        raise ValueError(f"This file belongs to something else ({raw.get('format')!r}).")
    schema = raw.get("schema", SCHEMA_VERSION)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema > SCHEMA_VERSION:
        raise ValueError(
            f"This progress file has schema {schema!r}; this version of the course reads "
            f"schema {SCHEMA_VERSION} or older. Update the course to read it."
        )
    data = empty_progress()
    dropped = 0
    for item_id, entry in raw["items"].items():
        if isinstance(item_id, str) and _valid_entry(entry):
            data["items"][item_id] = copy.deepcopy(entry)
        else:
            dropped += 1
    sessions = raw.get("sessions", [])
    if not isinstance(sessions, list):
        sessions, dropped = [], dropped + 1
    for session in sessions:
        if isinstance(session, dict) and isinstance(session.get("finished"), str):
            data["sessions"].append(copy.deepcopy(session))
        else:
            dropped += 1
    return data, dropped


@dataclass(frozen=True)
class LoadedProgress:
    """A progress record read from ``path``: ``status`` is ok, missing or corrupt."""

    data: dict[str, Any]
    path: Path
    status: LoadStatus
    message: str


def load_progress(path: str | os.PathLike[str] | None = None) -> LoadedProgress:
    """Read the progress file; a missing or corrupt file gives an empty (or partial) record.

    Never raises for a bad file: the status and message say what happened, so the view can tell
    the learner. Only reads; nothing is written.
    """
    where = progress_path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedProgress(empty_progress(), where, "missing", "No progress saved yet.")
    except (OSError, UnicodeDecodeError) as exc:
        return LoadedProgress(
            empty_progress(), where, "corrupt", f"The progress file could not be read ({exc})."
        )
    try:
        data, dropped = normalize_progress(json.loads(text))
    except (json.JSONDecodeError, ValueError) as exc:
        return LoadedProgress(
            empty_progress(),
            where,
            "corrupt",
            f"The progress file is damaged and was not used ({exc}). It will be kept as "
            f"{where.name}.corrupt when new progress is saved.",
        )
    if dropped:
        return LoadedProgress(
            data,
            where,
            "corrupt",
            f"{dropped} damaged entr{'y was' if dropped == 1 else 'ies were'} left out of the "
            "progress file; the rest was read.",
        )
    return LoadedProgress(data, where, "ok", f"Progress read from {where}.")


def save_progress(data: Mapping[str, Any], path: str | os.PathLike[str] | None = None) -> Path:
    """Write the progress record atomically (a temporary file, then a rename); return the path.

    A file already there that is not a readable progress record is first renamed to
    ``<name>.corrupt``, so nothing the learner had is silently overwritten. Raises ``OSError``
    when the folder cannot be written.
    """
    where = progress_path(path)
    clean, _ = normalize_progress(dict(data))
    where.parent.mkdir(parents=True, exist_ok=True)
    if where.exists():
        try:
            normalize_progress(json.loads(where.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, ValueError):
            os.replace(where, where.with_name(where.name + ".corrupt"))
    tmp = where.with_name(where.name + ".tmp")
    tmp.write_text(json.dumps(clean, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, where)
    return where


def record_answer(
    data: Mapping[str, Any], item: Item, answer: object, *, when: datetime | None = None
) -> dict[str, Any]:
    """A new progress record with one more attempt at ``item`` (the input is not changed).

    An unanswered item is not an attempt and leaves the record as it was. Free text counts as an
    attempt with ``last_correct`` None (the learner marks it against the mark scheme).
    """
    new = copy.deepcopy(dict(data))
    new.setdefault("items", {})
    if is_unanswered(answer):
        return new
    result = mark(item, answer)
    entry = dict(new["items"].get(item.id, {"attempts": 0, "correct": 0}))
    entry["attempts"] = entry.get("attempts", 0) + 1
    entry["correct"] = entry.get("correct", 0) + (1 if result else 0)
    entry["last_correct"] = result
    entry["last_answer"] = answer if isinstance(answer, str | int | float) else str(answer)
    entry["last_time"] = _now(when)
    entry["module"] = item.module
    new["items"][item.id] = entry
    return new


def record_session(
    data: Mapping[str, Any],
    *,
    mode: Mode,
    selection: str,
    items: Sequence[Item],
    answers: Mapping[str, object],
    when: datetime | None = None,
) -> dict[str, Any]:
    """A new progress record with a finished practice set appended to ``sessions``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}.")
    new = copy.deepcopy(dict(data))
    score = score_practice(items, answers)
    new.setdefault("sessions", []).append(
        {
            "finished": _now(when),
            "mode": mode,
            "selection": selection,
            "items": [i.id for i in items],
            "score": score.as_dict(),
        }
    )
    new["sessions"] = new["sessions"][-MAX_SESSIONS:]
    return new


def merge_progress(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Combine two progress records (for example this session's and an uploaded download).

    For each item the entry with the later ``last_time`` wins, so merging the same file twice
    changes nothing; sessions are combined without duplicates, oldest first.
    """
    left, _ = normalize_progress(dict(a))
    right, _ = normalize_progress(dict(b))
    merged = empty_progress()
    for item_id in sorted(set(left["items"]) | set(right["items"])):
        candidates = [d["items"][item_id] for d in (left, right) if item_id in d["items"]]
        merged["items"][item_id] = max(candidates, key=lambda e: e.get("last_time", ""))
    seen: dict[str, dict[str, Any]] = {}
    for session in left["sessions"] + right["sessions"]:
        seen.setdefault(json.dumps(session, sort_keys=True), session)
    merged["sessions"] = sorted(seen.values(), key=lambda s: s["finished"])[-MAX_SESSIONS:]
    return merged


@dataclass(frozen=True)
class NotebookProgress:
    """Progress on one notebook's formative items: ``tried`` at least once, ``right`` at the
    last attempt (free text is tried but never right: the learner marks it)."""

    module: str
    total: int
    tried: int
    right: int


def progress_summary(
    data: Mapping[str, Any], items: Iterable[Item] | None = None
) -> tuple[NotebookProgress, ...]:
    """Per notebook ("1.1", ...): formative items, how many were tried and right at last try.

    Entries for ids no longer in the bank are ignored.
    """
    entries = data.get("items", {}) if isinstance(data, Mapping) else {}
    rows: dict[str, list[int]] = {}
    for item in _pool(items):
        tally = rows.setdefault(item.module, [0, 0, 0])
        tally[0] += 1
        entry = entries.get(item.id)
        if isinstance(entry, dict) and entry.get("attempts", 0) > 0:
            tally[1] += 1
            tally[2] += entry.get("last_correct") is True
    return tuple(NotebookProgress(m, *rows[m]) for m in sorted(rows, key=_module_key))


def export_payload(
    data: Mapping[str, Any],
    *,
    current: Mapping[str, Any] | None = None,
    when: datetime | None = None,
) -> dict[str, Any]:
    """What the download button saves: the progress record and the current practice set."""
    clean, _ = normalize_progress(dict(data))
    return {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "exported": _now(when),
        "note": "Your practice progress from the Bone Metastases course. Upload it in the "
        "practice notebook to continue; it stays on your computer.",
        "progress": clean,
        "current_set": copy.deepcopy(dict(current)) if current is not None else None,
    }


__all__ = [
    "DEFAULT_PROGRESS_RELATIVE",
    "FORMAT_TAGS",
    "LoadedProgress",
    "MODES",
    "Mode",
    "NotebookProgress",
    "Objective",
    "PROGRESS_ENV",
    "PracticeScore",
    "REFERENCE",
    "TopicScore",
    "course_titles",
    "draw_practice_set",
    "empty_progress",
    "export_payload",
    "is_unanswered",
    "load_progress",
    "mark",
    "mastered_ids",
    "merge_progress",
    "normalize_progress",
    "practice_modules",
    "practice_topics",
    "progress_path",
    "progress_summary",
    "record_answer",
    "record_session",
    "save_progress",
    "score_practice",
    "select_items",
    "topics_of",
]
