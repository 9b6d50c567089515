"""The question bank: items as data (TOML files in ``quizzes/bank/``), their schema and validator.

One TOML file holds the items of one module, as an array of tables ``[[item]]``. Every item has:

- ``id``: unique, lowercase letters, digits and hyphens (``q01-blastic-fracture``); it is the
  nbgrader ``grade_id`` of the item's test cell, so the gradebook maps back to the bank;
- ``type``: ``"single_best_answer"``, ``"numeric"`` or ``"free_text"``;
- ``module`` (``"1.1"``), ``objective`` (the learning objective it checks), ``use``
  (``"formative"``, ``"summative"`` or ``"both"``), ``tags``, ``difficulty`` (``"easy"``,
  ``"medium"``, ``"hard"``), ``points`` (default 1), ``stem`` (Markdown), ``references``
  (at least one, with DOI or PMID where there is one) and ``explanation`` (the teaching point);
- single best answer: ``options`` (3 to 6 tables with ``key``, ``text``, ``explanation``: why that
  option is right or wrong) and ``answer`` (the key of the one correct option);
- numeric: ``answer`` (a number), ``tolerance`` (absolute, >= 0) and ``units`` (text, may be "");
- free text: ``model_answer`` and ``mark_scheme`` (tables with ``points`` and ``criterion``, whose
  points add up to the item's points).

Quizzes are listed in ``quizzes/bank/quizzes.toml``: ``[quiz.<name>]`` with a ``title``, an
``intro`` and the ordered ``items`` (ids of summative or both-use items).

Pure: standard library only.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from course.paths import BANK

ItemType = Literal["single_best_answer", "numeric", "free_text"]
ITEM_TYPES = ("single_best_answer", "numeric", "free_text")
USES = ("formative", "summative", "both")
DIFFICULTIES = ("easy", "medium", "hard")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,60}$")
QUIZ_NAME_PATTERN = re.compile(r"^q\d\d_[a-z_]+$")
MODULE_PATTERN = re.compile(r"^\d\.\d$")


class BankError(ValueError):
    """An item or quiz in the bank does not follow the schema."""


@dataclass(frozen=True)
class Option:
    key: str
    text: str
    explanation: str


@dataclass(frozen=True)
class MarkCriterion:
    points: float
    criterion: str


@dataclass(frozen=True)
class Item:
    id: str
    type: str
    module: str
    objective: str
    use: str
    tags: tuple[str, ...]
    difficulty: str
    stem: str
    references: tuple[str, ...]
    explanation: str
    points: float = 1.0
    options: tuple[Option, ...] = ()
    answer: str | float | None = None
    tolerance: float | None = None
    units: str | None = None
    model_answer: str | None = None
    mark_scheme: tuple[MarkCriterion, ...] = ()
    source_file: str = field(default="", compare=False)

    @property
    def formative(self) -> bool:
        return self.use in ("formative", "both")

    @property
    def summative(self) -> bool:
        return self.use in ("summative", "both")

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(o.key for o in self.options)

    def option(self, key: str) -> Option:
        for o in self.options:
            if o.key == key:
                return o
        raise KeyError(key)


@dataclass(frozen=True)
class Quiz:
    name: str
    title: str
    intro: str
    items: tuple[Item, ...]

    @property
    def max_points(self) -> float:
        return sum(i.points for i in self.items)


def _req(raw: dict, key: str, where: str, kind: type | tuple[type, ...] = str):
    if key not in raw:
        raise BankError(f"{where}: the field {key!r} is missing.")
    value = raw[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise BankError(f"{where}: the field {key!r} has the wrong type ({type(value).__name__}).")
    if isinstance(value, str) and not value.strip():
        raise BankError(f"{where}: the field {key!r} is empty.")
    return value


_COMMON = {
    "id",
    "type",
    "module",
    "objective",
    "use",
    "tags",
    "difficulty",
    "stem",
    "references",
    "explanation",
    "points",
}
_BY_TYPE = {
    "single_best_answer": {"options", "answer"},
    "numeric": {"answer", "tolerance", "units"},
    "free_text": {"model_answer", "mark_scheme"},
}


def parse_item(raw: dict, *, source_file: str = "") -> Item:
    """Check one raw TOML table against the schema and return an :class:`Item`."""
    where = f"{source_file or 'bank'} item {raw.get('id', '?')!r}"
    item_id = _req(raw, "id", where)
    if not ID_PATTERN.match(item_id):
        raise BankError(f"{where}: ids use lowercase letters, digits and hyphens (3-61 chars).")
    item_type = _req(raw, "type", where)
    if item_type not in ITEM_TYPES:
        raise BankError(f"{where}: type must be one of {ITEM_TYPES}, not {item_type!r}.")
    unknown = set(raw) - _COMMON - _BY_TYPE[item_type]
    if unknown:
        raise BankError(f"{where}: unknown field(s) for a {item_type} item: {sorted(unknown)}.")
    module = _req(raw, "module", where)
    if not MODULE_PATTERN.match(module):
        raise BankError(f"{where}: module must look like '1.1', not {module!r}.")
    use = _req(raw, "use", where)
    if use not in USES:
        raise BankError(f"{where}: use must be one of {USES}.")
    difficulty = _req(raw, "difficulty", where)
    if difficulty not in DIFFICULTIES:
        raise BankError(f"{where}: difficulty must be one of {DIFFICULTIES}.")
    tags = tuple(_req(raw, "tags", where, list))
    if not tags or not all(isinstance(t, str) and t for t in tags):
        raise BankError(f"{where}: tags must be a non-empty list of strings.")
    refs = tuple(_req(raw, "references", where, list))
    if not refs or not all(isinstance(r, str) and r.strip() for r in refs):
        raise BankError(f"{where}: at least one reference is needed.")
    points = raw.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int | float) or points <= 0:
        raise BankError(f"{where}: points must be a positive number.")
    common = dict(
        id=item_id,
        type=item_type,
        module=module,
        objective=_req(raw, "objective", where),
        use=use,
        tags=tags,
        difficulty=difficulty,
        stem=_req(raw, "stem", where),
        references=refs,
        explanation=_req(raw, "explanation", where),
        points=float(points),
        source_file=source_file,
    )
    if item_type == "single_best_answer":
        raw_options = _req(raw, "options", where, list)
        if not 3 <= len(raw_options) <= 6:
            raise BankError(f"{where}: a single-best-answer item has 3 to 6 options.")
        options = []
        for n, o in enumerate(raw_options):
            ow = f"{where} option {n + 1}"
            if not isinstance(o, dict) or set(o) != {"key", "text", "explanation"}:
                raise BankError(f"{ow}: an option has exactly key, text and explanation.")
            options.append(
                Option(_req(o, "key", ow), _req(o, "text", ow), _req(o, "explanation", ow))
            )
        keys = [o.key for o in options]
        if keys != [chr(ord("A") + n) for n in range(len(keys))]:
            raise BankError(f"{where}: option keys must be A, B, C, ... in order, not {keys}.")
        answer = _req(raw, "answer", where)
        if answer not in keys:
            raise BankError(f"{where}: the answer {answer!r} is not one of the options {keys}.")
        return Item(**common, options=tuple(options), answer=answer)
    if item_type == "numeric":
        answer = _req(raw, "answer", where, (int, float))
        tolerance = _req(raw, "tolerance", where, (int, float))
        if not math.isfinite(answer) or not math.isfinite(tolerance) or tolerance < 0:
            raise BankError(f"{where}: answer must be finite and tolerance finite and >= 0.")
        units = raw.get("units")
        if not isinstance(units, str):
            raise BankError(f'{where}: units must be given as text (use "" for none).')
        return Item(**common, answer=float(answer), tolerance=float(tolerance), units=units)
    model_answer = _req(raw, "model_answer", where)
    scheme_raw = _req(raw, "mark_scheme", where, list)
    scheme = []
    for n, c in enumerate(scheme_raw):
        cw = f"{where} mark scheme line {n + 1}"
        if not isinstance(c, dict) or set(c) != {"points", "criterion"}:
            raise BankError(f"{cw}: each line has exactly points and criterion.")
        pts = c["points"]
        if isinstance(pts, bool) or not isinstance(pts, int | float) or pts <= 0:
            raise BankError(f"{cw}: points must be positive.")
        scheme.append(MarkCriterion(float(pts), _req(c, "criterion", cw)))
    if not scheme or abs(sum(c.points for c in scheme) - common["points"]) > 1e-9:
        raise BankError(f"{where}: the mark scheme's points must add up to the item's points.")
    return Item(**common, model_answer=model_answer, mark_scheme=tuple(scheme))


def load_items(bank_dir: Path | None = None) -> dict[str, Item]:
    """Load and validate every item in the bank; ids must be unique across files."""
    bank_dir = Path(bank_dir) if bank_dir is not None else BANK
    items: dict[str, Item] = {}
    files = sorted(p for p in bank_dir.glob("*.toml") if p.name != "quizzes.toml")
    if not files:
        raise BankError(f"No item files (*.toml) were found in {bank_dir}.")
    for path in files:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        if set(data) != {"item"} or not isinstance(data["item"], list):
            raise BankError(f"{path.name}: an item file holds only [[item]] tables.")
        for raw in data["item"]:
            item = parse_item(raw, source_file=path.name)
            if item.id in items:
                raise BankError(
                    f"{path.name}: the id {item.id!r} is also used in {items[item.id].source_file}."
                )
            items[item.id] = item
    return items


def load_quizzes(bank_dir: Path | None = None) -> dict[str, Quiz]:
    """Load the quiz definitions and resolve their items (summative or both-use only)."""
    bank_dir = Path(bank_dir) if bank_dir is not None else BANK
    items = load_items(bank_dir)
    with (bank_dir / "quizzes.toml").open("rb") as fh:
        data = tomllib.load(fh)
    quizzes: dict[str, Quiz] = {}
    for name, raw in data.get("quiz", {}).items():
        where = f"quizzes.toml quiz {name!r}"
        if not QUIZ_NAME_PATTERN.match(name):
            raise BankError(f"{where}: quiz names look like 'q01_biology'.")
        ids = _req(raw, "items", where, list)
        if len(set(ids)) != len(ids) or not ids:
            raise BankError(f"{where}: items must be a non-empty list without repeats.")
        resolved = []
        for item_id in ids:
            if item_id not in items:
                raise BankError(f"{where}: no item with id {item_id!r} in the bank.")
            if not items[item_id].summative:
                raise BankError(f"{where}: item {item_id!r} is formative only.")
            resolved.append(items[item_id])
        quizzes[name] = Quiz(
            name, _req(raw, "title", where), _req(raw, "intro", where), tuple(resolved)
        )
    return quizzes


@cache
def bank() -> dict[str, Item]:
    """The course's bank, loaded once per process."""
    return load_items()


def get_item(item_id: str) -> Item:
    """One item of the course's bank by id, with a clear error for an unknown id."""
    try:
        return bank()[item_id]
    except KeyError:
        raise KeyError(f"There is no item {item_id!r} in the question bank.") from None


def formative_items(*, module: str | None = None, tag: str | None = None) -> list[Item]:
    """Formative (or both-use) items, optionally for one module or one tag, in bank order."""
    return [
        i
        for i in bank().values()
        if i.formative and (module is None or i.module == module) and (tag is None or tag in i.tags)
    ]


def check_answer(item: Item, answer: object) -> bool | None:
    """Whether an answer is correct (None for free text, which a person marks)."""
    if item.type == "single_best_answer":
        return isinstance(answer, str) and answer.strip().upper() == item.answer
    if item.type == "numeric":
        if isinstance(answer, bool) or not isinstance(answer, int | float):
            return False
        return math.isfinite(answer) and abs(answer - item.answer) <= item.tolerance + 1e-12
    return None
