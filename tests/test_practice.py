"""Practice mode: draws, scoring by topic, objectives to revisit, the progress file, the view."""

from __future__ import annotations

import base64
import json
import random
import re
from datetime import UTC, datetime

import numpy as np
import pytest

from course import practice
from course.practice import (
    PROGRESS_ENV,
    Objective,
    TopicScore,
    draw_practice_set,
    empty_progress,
    export_payload,
    load_progress,
    merge_progress,
    practice_modules,
    practice_topics,
    progress_path,
    progress_summary,
    record_answer,
    record_session,
    save_progress,
    score_practice,
    select_items,
    topics_of,
)
from course.quiz.bank import formative_items, parse_item

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)


def sba(item_id, module, tags, *, answer="B", objective=None, use="formative"):
    return parse_item(
        {
            "id": item_id,
            "type": "single_best_answer",
            "module": module,
            "objective": objective or f"Objective of {item_id}.",
            "use": use,
            "tags": list(tags),
            "difficulty": "easy",
            "stem": f"Stem of {item_id}?",
            "references": ["Test reference (PMID 1)"],
            "explanation": f"Why {answer} is right.",
            "answer": answer,
            "options": [
                {"key": k, "text": f"option {k}", "explanation": f"about {k}"} for k in "ABC"
            ],
        }
    )


def numeric(item_id, module, tags, *, answer=12.6, tolerance=0.1):
    return parse_item(
        {
            "id": item_id,
            "type": "numeric",
            "module": module,
            "objective": f"Objective of {item_id}.",
            "use": "both",
            "tags": list(tags),
            "difficulty": "medium",
            "stem": "Compute.",
            "references": ["Test reference (PMID 1)"],
            "explanation": "Worked answer.",
            "answer": answer,
            "tolerance": tolerance,
            "units": "mg/dL",
        }
    )


def free(item_id, module, tags):
    return parse_item(
        {
            "id": item_id,
            "type": "free_text",
            "module": module,
            "objective": f"Objective of {item_id}.",
            "use": "formative",
            "tags": list(tags),
            "difficulty": "hard",
            "stem": "Explain.",
            "references": ["Test reference (PMID 1)"],
            "explanation": "Two points.",
            "model_answer": "Point one and point two.",
            "mark_scheme": [{"points": 1, "criterion": "point one"}],
        }
    )


# A small synthetic bank: modules 1.1, 1.2 and 2.1; one summative item that must never be drawn.
ITEMS = [
    sba("p-a1", "1.1", ["bone", "self-check"], objective="Define a bone metastasis."),
    sba("p-a2", "1.1", ["bone", "spread"], answer="C", objective="Name where cancer spreads."),
    sba("p-b1", "1.2", ["spread", "vignette"], objective="Explain the metastatic cascade."),
    numeric("p-b2", "1.2", ["calcium", "calculation"]),
    sba("p-c1", "2.1", ["pain"], answer="A", objective="Define a skeletal-related event."),
    free("p-c2", "2.1", ["pain", "free-text"]),
    sba("p-s1", "2.1", ["pain"], use="summative"),
]
BY_ID = {i.id: i for i in ITEMS}
FORMATIVE_IDS = {i.id for i in ITEMS if i.formative}


# --- choosing items -----------------------------------------------------------------------------


def test_modules_and_topics_of_the_synthetic_bank():
    assert practice_modules(ITEMS) == ("1.1", "1.2", "2.1")
    # Format tags (self-check, vignette, calculation, free-text) are not topics.
    assert practice_topics(ITEMS) == (("bone", 2), ("pain", 2), ("spread", 2), ("calcium", 1))
    assert practice_topics(ITEMS, min_items=2) == (("bone", 2), ("pain", 2), ("spread", 2))
    assert topics_of(BY_ID["p-a1"]) == ("bone",)
    only_format = sba("p-x1", "3.1", ["self-check", "vignette"])
    assert topics_of(only_format) == ("notebook 3.1",)
    with pytest.raises(ValueError, match="min_items must be a whole number"):
        practice_topics(ITEMS, min_items=0)


def test_select_by_whole_module_notebook_and_topic():
    assert [i.id for i in select_items(items=ITEMS)] == [
        "p-a1",
        "p-a2",
        "p-b1",
        "p-b2",
        "p-c1",
        "p-c2",
    ]
    assert [i.id for i in select_items(module="1", items=ITEMS)] == ["p-a1", "p-a2", "p-b1", "p-b2"]
    assert [i.id for i in select_items(module="1.2", items=ITEMS)] == ["p-b1", "p-b2"]
    assert [i.id for i in select_items(tag="spread", items=ITEMS)] == ["p-a2", "p-b1"]
    assert [i.id for i in select_items(module="1.1", tag="spread", items=ITEMS)] == ["p-a2"]
    # The summative-only item is never offered for practice.
    assert [i.id for i in select_items(module="2.1", items=ITEMS)] == ["p-c1", "p-c2"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"module": "3"}, "no practice items for module '3'.*1.1, 1.2, 2.1"),
        ({"module": "1.x"}, "given as '2' \\(a whole module\\) or '2.2'"),
        ({"module": 1}, "given as '2'"),
        ({"tag": "nothing"}, "no practice items on the topic 'nothing'"),
        ({"tag": "  "}, "non-empty bank tag"),
        ({"module": "2.1", "tag": "bone"}, "topic 'bone' in module 2.1"),
    ],
)
def test_select_errors_say_what_is_available(kwargs, message):
    with pytest.raises(ValueError, match=message):
        select_items(items=ITEMS, **kwargs)


def test_draws_are_deterministic_with_either_generator():
    first = draw_practice_set(rng=random.Random(7), n_items=4, items=ITEMS)
    again = draw_practice_set(rng=random.Random(7), n_items=4, items=ITEMS)
    assert first == again and len(first) == 4
    assert {i.id for i in first} <= FORMATIVE_IDS
    assert len({i.id for i in first}) == 4  # without replacement
    np_first = draw_practice_set(rng=np.random.default_rng(7), n_items=4, items=ITEMS)
    np_again = draw_practice_set(rng=np.random.default_rng(7), n_items=4, items=ITEMS)
    assert np_first == np_again and {i.id for i in np_first} <= FORMATIVE_IDS
    # Different seeds give different orders (checked over several seeds, not one pair).
    orders = {
        tuple(i.id for i in draw_practice_set(rng=random.Random(s), n_items=6, items=ITEMS))
        for s in range(10)
    }
    assert len(orders) > 1
    # A generator carries on: two draws from one generator are not forced to repeat.
    rng = random.Random(1)
    sets = {
        tuple(i.id for i in draw_practice_set(rng=rng, n_items=6, items=ITEMS)) for _ in range(5)
    }
    assert len(sets) > 1


def test_asking_for_more_items_than_exist_gives_all_of_them():
    drawn = draw_practice_set(rng=random.Random(0), n_items=20, module="1.2", items=ITEMS)
    assert sorted(i.id for i in drawn) == ["p-b1", "p-b2"]


@pytest.mark.parametrize("n_items", [0, -1, True, 2.0, "3"])
def test_bad_number_of_items(n_items):
    with pytest.raises(ValueError, match="number of items must be a whole number"):
        draw_practice_set(rng=random.Random(0), n_items=n_items, items=ITEMS)


@pytest.mark.parametrize("rng", [None, 42, np.random.RandomState(0)])
def test_rng_must_be_explicit(rng):
    with pytest.raises(ValueError, match="rng must be a random.Random"):
        draw_practice_set(rng=rng, items=ITEMS)


def test_items_not_yet_right_come_first():
    progress = empty_progress()
    for item_id in ("p-a1", "p-a2", "p-b1"):
        progress = record_answer(progress, BY_ID[item_id], BY_ID[item_id].answer, when=T0)
    progress = record_answer(progress, BY_ID["p-b2"], 1.0, when=T0)  # wrong: not mastered
    assert practice.mastered_ids(progress) == {"p-a1", "p-a2", "p-b1"}
    for seed in range(5):
        drawn = draw_practice_set(
            rng=random.Random(seed), n_items=6, items=ITEMS, progress=progress
        )
        ids = [i.id for i in drawn]
        assert set(ids[:3]) == {"p-b2", "p-c1", "p-c2"}
        assert set(ids[3:]) == {"p-a1", "p-a2", "p-b1"}


def test_course_bank_offers_practice_in_every_module_with_items():
    items = formative_items()
    modules = practice_modules()
    assert modules == tuple(sorted({i.module for i in items}, key=lambda m: float(m)))
    assert len(modules) >= 10
    for module in modules:
        drawn = draw_practice_set(rng=random.Random(0), n_items=3, module=module)
        assert drawn and all(i.formative and i.module == module for i in drawn)
    topics = dict(practice_topics())
    assert "self-check" not in topics and "radiotherapy" in topics


# --- marking and scoring ------------------------------------------------------------------------


def test_score_by_topic_and_objectives_to_revisit():
    chosen = [BY_ID[k] for k in ("p-a1", "p-a2", "p-b1", "p-b2", "p-c1", "p-c2")]
    answers = {
        "p-a1": "b",  # right (case and spaces are forgiven by the bank)
        "p-a2": "A",  # wrong
        "p-b1": None,  # unanswered
        "p-b2": 12.65,  # right within tolerance 0.1
        "p-c1": "A",  # right
        "p-c2": "my own words",  # free text: self-marked
    }
    score = score_practice(chosen, answers)
    assert (score.correct, score.marked, score.unanswered, score.self_marked) == (3, 5, 1, 1)
    assert score.percent == pytest.approx(60.0)
    assert score.by_topic == (
        TopicScore("spread", 0, 2),
        TopicScore("bone", 1, 2),
        TopicScore("calcium", 1, 1),
        TopicScore("pain", 1, 1),
    )
    assert score.revisit == (
        Objective("1.1", "Name where cancer spreads."),
        Objective("1.2", "Explain the metastatic cascade."),
    )
    as_dict = score.as_dict()
    assert as_dict["percent"] == 60.0
    assert as_dict["by_topic"][0] == {"topic": "spread", "correct": 0, "marked": 2}
    assert as_dict["revisit"][0] == {"module": "1.1", "objective": "Name where cancer spreads."}


def test_numeric_tolerance_boundaries_and_blank_answers():
    item = BY_ID["p-b2"]  # 12.6 +/- 0.1
    assert practice.mark(item, 12.7) is True and practice.mark(item, 12.5) is True
    assert practice.mark(item, 12.71) is False and practice.mark(item, 12.49) is False
    assert practice.mark(item, float("nan")) is False
    assert practice.mark(BY_ID["p-a1"], "   ") is False
    assert practice.mark(BY_ID["p-c2"], "anything") is None
    score = score_practice([item], {})
    assert (score.correct, score.marked, score.unanswered) == (0, 1, 1)
    assert score.revisit == (Objective("1.2", "Objective of p-b2."),)


def test_same_objective_is_listed_once():
    twins = [
        sba("p-t1", "1.1", ["bone"], objective="Same objective."),
        sba("p-t2", "1.1", ["bone"], objective="Same objective."),
    ]
    score = score_practice(twins, {"p-t1": "A", "p-t2": "C"})
    assert score.revisit == (Objective("1.1", "Same objective."),)
    assert score_practice(twins, {"p-t1": "B", "p-t2": "B"}).revisit == ()


# --- the progress file --------------------------------------------------------------------------


def test_progress_path_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    assert progress_path() == tmp_path / "home" / ".bone_metastases_course" / "progress.json"
    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "env.json"))
    assert progress_path() == tmp_path / "env.json"
    assert progress_path(tmp_path / "arg.json") == tmp_path / "arg.json"


def test_progress_round_trip(tmp_path):
    path = tmp_path / "deep" / "folder" / "progress.json"
    loaded = load_progress(path)
    assert loaded.status == "missing" and loaded.data == empty_progress()
    assert not path.exists()  # loading never writes
    data = record_answer(empty_progress(), BY_ID["p-a1"], "B", when=T0)
    data = record_answer(data, BY_ID["p-a1"], "A", when=T1)
    data = record_answer(data, BY_ID["p-b2"], 12.6, when=T1)
    data = record_answer(data, BY_ID["p-c2"], "text", when=T1)
    data = record_answer(data, BY_ID["p-b1"], None, when=T1)  # unanswered: not an attempt
    data = record_session(
        data,
        mode="exam",
        selection="module 1",
        items=[BY_ID["p-a1"], BY_ID["p-b2"]],
        answers={"p-a1": "A", "p-b2": 12.6},
        when=T1,
    )
    assert save_progress(data, path) == path
    back = load_progress(path)
    assert back.status == "ok" and back.data == data
    entry = back.data["items"]["p-a1"]
    assert entry == {
        "attempts": 2,
        "correct": 1,
        "last_correct": False,
        "last_answer": "A",
        "last_time": "2026-01-06T09:00:00+00:00",
        "module": "1.1",
    }
    assert back.data["items"]["p-c2"]["last_correct"] is None
    assert "p-b1" not in back.data["items"]
    session = back.data["sessions"][0]
    assert session["mode"] == "exam" and session["items"] == ["p-a1", "p-b2"]
    assert session["score"]["correct"] == 1 and session["score"]["marked"] == 2
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_record_answer_does_not_change_its_input():
    before = empty_progress()
    after = record_answer(before, BY_ID["p-a1"], "B", when=T0)
    assert before == empty_progress() and after["items"]["p-a1"]["attempts"] == 1


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "[]",
        '{"items": []}',
        '{"format": "something-else", "items": {}}',
        '{"schema": 99, "items": {}}',
        "\udcff".encode("utf-8", "surrogateescape").decode("latin-1"),
    ],
)
def test_corrupt_file_is_reported_and_kept_aside_when_saving(tmp_path, content):
    path = tmp_path / "progress.json"
    path.write_text(content, encoding="utf-8")
    loaded = load_progress(path)
    assert loaded.status == "corrupt" and loaded.data == empty_progress()
    assert "damaged" in loaded.message or "could not be read" in loaded.message
    save_progress(record_answer(loaded.data, BY_ID["p-a1"], "B", when=T0), path)
    assert (tmp_path / "progress.json.corrupt").read_text(encoding="utf-8") == content
    assert load_progress(path).status == "ok"


def test_damaged_entries_are_dropped_and_the_rest_kept(tmp_path):
    good = record_answer(empty_progress(), BY_ID["p-a1"], "B", when=T0)
    raw = json.loads(json.dumps(good))
    raw["items"]["broken"] = {"attempts": "many"}
    raw["items"]["impossible"] = {"attempts": 1, "correct": 2}
    raw["sessions"] = [{"no": "finish time"}]
    path = tmp_path / "progress.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    loaded = load_progress(path)
    assert loaded.status == "corrupt" and "3 damaged entries" in loaded.message
    assert loaded.data == good


def test_merge_keeps_the_latest_entry_and_is_idempotent():
    a = record_answer(empty_progress(), BY_ID["p-a1"], "A", when=T0)
    b = record_answer(empty_progress(), BY_ID["p-a1"], "B", when=T1)
    b = record_answer(b, BY_ID["p-c1"], "A", when=T0)
    b = record_session(b, mode="tutor", selection="x", items=[BY_ID["p-c1"]], answers={}, when=T1)
    merged = merge_progress(a, b)
    assert merged["items"]["p-a1"]["last_correct"] is True
    assert set(merged["items"]) == {"p-a1", "p-c1"}
    assert merge_progress(merged, b) == merged
    assert merge_progress(b, a)["items"] == merged["items"]
    # A downloaded export is accepted as well as a bare progress record.
    assert merge_progress(a, export_payload(b, when=T1)) == merged


def test_progress_summary_per_notebook():
    data = record_answer(empty_progress(), BY_ID["p-a1"], "B", when=T0)
    data = record_answer(data, BY_ID["p-a2"], "A", when=T0)
    data = record_answer(data, BY_ID["p-c2"], "text", when=T0)
    data["items"]["gone-from-bank"] = {"attempts": 1, "correct": 1, "last_correct": True}
    rows = {r.module: (r.total, r.tried, r.right) for r in progress_summary(data, ITEMS)}
    assert rows == {"1.1": (2, 2, 1), "1.2": (2, 0, 0), "2.1": (2, 1, 0)}


# --- the view, driven headless ------------------------------------------------------------------


def decode_download(view) -> dict:
    match = re.search(r"href='data:application/json;base64,([A-Za-z0-9+/=]+)'", view.download.value)
    assert match, view.download.value
    assert "download='bone_metastases_practice_progress.json'" in view.download.value
    return json.loads(base64.b64decode(match.group(1)).decode("utf-8"))


@pytest.fixture
def view(tmp_path):
    from course.widgets.practice import PracticeView

    return PracticeView(seed=3, items=ITEMS, progress_path=tmp_path / "progress.json")


def answer_right(view):
    item = view.practice_set[view.position]
    view.current.controls["answer"].value = item.answer if item.type != "free_text" else "text"


def test_view_starts_empty_and_says_work_on_binder_is_lost(view, tmp_path):
    text = view.widget.children[0].value
    assert "Binder" in text and "deleted when the session ends" in text
    assert view.result is None and view.current is None
    assert "progress.json</code>" in view.store_status.value
    assert "on this computer only" in view.store_status.value
    assert "0 of 6 practice items right" in view.progress_panel.value
    payload = decode_download(view)
    assert payload["progress"] == empty_progress() and payload["current_set"] is None
    # The topic list replaces the module list when "By topic" is chosen.
    assert view.controls["topic"].layout.display == "none"
    view.controls["by"].value = "topic"
    assert view.controls["module"].layout.display == "none"
    assert view.controls["topic"].layout.display is None
    assert [v for _label, v in view.controls["topic"].options] == ["bone", "pain", "spread"]
    values = [v for _label, v in view.controls["module"].options]
    assert values == ["all", "1", "1.1", "1.2", "2", "2.1"]


def test_tutor_mode_explains_each_item_and_saves_every_answer(view, tmp_path):
    view.controls["module"].value = "1"
    view.controls["n_items"].value = 3
    view.controls["mode"].value = "tutor"
    view.controls["start"].click()
    assert len(view.practice_set) == 3 and "Item 1 of 3" in view.counter.value
    first = view.practice_set[0]
    current = view.current
    assert current.controls["check"].layout.display != "none"
    # Check without choosing: the self-check asks for an option; nothing is recorded.
    if first.type == "single_best_answer":
        current.controls["check"].click()
        assert "Pick an option first" in current.feedback.value and view.answers == {}
    if first.type == "single_best_answer":
        wrong = next(k for k in first.option_keys if k != first.answer)
    else:
        wrong = 1.0
    current.controls["answer"].value = wrong
    current.controls["check"].click()
    assert "Not quite" in current.feedback.value  # the explanation comes at once
    assert current.controls["answer"].disabled and view.answers == {first.id: wrong}
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["items"][first.id]["last_correct"] is False
    assert view.result.correct == 0 and view.result.marked == 1
    assert decode_download(view)["current_set"]["items"][0]["answer"] == wrong
    view.controls["next"].click()
    answer_right(view)
    view.current.controls["check"].click()
    view.controls["next"].click()
    assert view.controls["next"].description == "Finish and see my score"
    answer_right(view)
    view.current.controls["check"].click()
    view.controls["next"].click()
    assert view.finished and view.current is None
    assert (view.result.correct, view.result.marked) == (2, 3)
    assert "Your score: 2 of 3 (67%)" in view.summary.value
    assert "Objectives to revisit" in view.summary.value
    assert html_escape(first.objective) in view.summary.value
    assert view.review.children == ()  # tutor mode: explanations were given along the way
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert len(saved["sessions"]) == 1 and saved["sessions"][0]["mode"] == "tutor"
    assert "1 practice set(s) finished" in view.progress_panel.value


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_exam_mode_explains_at_the_end_with_a_score_by_topic(view, tmp_path):
    view.controls["by"].value = "topic"
    view.controls["topic"].value = "pain"
    view.controls["n_items"].value = 5
    view.controls["mode"].value = "exam"
    view.controls["start"].click()
    assert "Only 2 items match" in view.status.value
    assert sorted(i.id for i in view.practice_set) == ["p-c1", "p-c2"]
    assert view.current.controls["check"].layout.display == "none"
    for _ in view.practice_set:
        item = view.practice_set[view.position]
        if item.type == "single_best_answer":
            view.current.controls["answer"].value = "C"  # wrong (the key is A)
        else:
            view.current.controls["answer"].value = "my answer"
        assert view.current.feedback.value == ""  # no feedback during the exam
        view.controls["next"].click()
    assert view.finished
    assert (view.result.correct, view.result.marked, view.result.self_marked) == (0, 1, 1)
    assert view.result.by_topic == (TopicScore("pain", 0, 1),)
    assert "Score by topic" in view.summary.value and "pain" in view.summary.value
    assert "Define a skeletal-related event." in view.summary.value
    assert "1 free-text item(s) to mark yourself" in view.summary.value
    review_text = " ".join(box.children[1].children[-1].value for box in view.review.children)
    assert "the best answer is A" in review_text and "Model answer" in review_text
    payload = decode_download(view)
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert payload["progress"] == saved
    assert payload["current_set"]["finished"] is True
    assert payload["current_set"]["score"]["by_topic"] == [
        {"topic": "pain", "correct": 0, "marked": 1}
    ]
    assert {i["id"]: i["answer"] for i in payload["current_set"]["items"]} == {
        "p-c1": "C",
        "p-c2": "my answer",
    }


def test_exam_mode_unanswered_items_are_shown_with_their_answer(view):
    view.controls["module"].value = "1.2"
    view.controls["mode"].value = "exam"
    view.controls["start"].click()
    view.controls["next"].click()
    view.controls["next"].click()
    assert view.result.unanswered == 2 and view.result.correct == 0
    assert "2 left unanswered" in view.summary.value
    feedback = [box.children[1].children[-1].value for box in view.review.children]
    assert all("Not answered." in f for f in feedback)
    assert any("12.6 mg/dL" in f for f in feedback)


def test_a_new_set_prefers_items_not_yet_right(view):
    view.controls["module"].value = "1.1"
    view.controls["n_items"].value = 1
    view.controls["start"].click()
    first = view.practice_set[0]
    answer_right(view)
    view.current.controls["check"].click()
    view.controls["next"].click()
    view.controls["start"].click()
    assert view.practice_set[0].id != first.id


def test_errors_are_shown_inside_the_view(tmp_path):
    from course.widgets.practice import PracticeView

    view = PracticeView(seed=1, items=[BY_ID["p-a1"]], progress_path=tmp_path / "p.json")
    view.controls["by"].value = "topic"  # no topic has the two items the list asks for
    view.controls["start"].click()
    assert "role='alert'" in view.status.value and "no topic to choose" in view.status.value
    assert view.practice_set == () and view.result is None


def test_corrupt_progress_file_is_shown_in_the_view(tmp_path):
    from course.widgets.practice import PracticeView

    path = tmp_path / "progress.json"
    path.write_text("{oops", encoding="utf-8")
    view = PracticeView(seed=1, items=ITEMS, progress_path=path)
    assert "role='alert'" in view.store_status.value and "damaged" in view.store_status.value
    view.controls["start"].click()
    answer_right(view)
    view.current.controls["check"].click()
    assert (tmp_path / "progress.json.corrupt").read_text(encoding="utf-8") == "{oops"
    assert load_progress(path).status == "ok"


def test_unwritable_progress_is_reported_not_raised(tmp_path):
    from course.widgets.practice import PracticeView

    blocker = tmp_path / "a_file"
    blocker.write_text("x", encoding="utf-8")
    view = PracticeView(seed=1, items=ITEMS, progress_path=blocker / "progress.json")
    view.controls["start"].click()
    answer_right(view)
    view.current.controls["check"].click()
    assert "could not be saved" in view.store_status.value
    assert "download link" in view.store_status.value
    assert decode_download(view)["progress"]["items"]  # the download still has the answer


def test_progress_file_is_shown_as_the_learner_would_type_it(tmp_path, monkeypatch):
    from course.widgets.practice import PracticeView

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    monkeypatch.delenv(PROGRESS_ENV, raising=False)
    view = PracticeView(seed=1, items=ITEMS)
    assert view.progress_file == tmp_path / ".bone_metastases_course" / "progress.json"
    assert "<code>~/.bone_metastases_course/progress.json</code>" in view.store_status.value


def test_env_var_moves_the_progress_file(tmp_path, monkeypatch):
    from course.widgets.practice import PracticeView

    monkeypatch.setenv(PROGRESS_ENV, str(tmp_path / "elsewhere.json"))
    view = PracticeView(seed=1, items=ITEMS)
    assert view.progress_file == tmp_path / "elsewhere.json"
    view.controls["start"].click()
    answer_right(view)
    view.current.controls["check"].click()
    assert (tmp_path / "elsewhere.json").is_file()


def upload(view, name: str, content: bytes) -> None:
    view.controls["upload"].value = (
        {
            "name": name,
            "type": "application/json",
            "size": len(content),
            "content": memoryview(content),
            "last_modified": T0,
        },
    )


def test_upload_restores_a_downloaded_file(view, tmp_path):
    earlier = record_answer(empty_progress(), BY_ID["p-b1"], "B", when=T0)
    upload(view, "saved.json", json.dumps(export_payload(earlier, when=T0)).encode())
    assert "was added" in view.store_status.value
    assert view.progress["items"]["p-b1"]["last_correct"] is True
    assert "1 of 6 practice items right" in view.progress_panel.value
    assert load_progress(tmp_path / "progress.json").data == view.progress
    assert decode_download(view)["progress"]["items"]["p-b1"]["attempts"] == 1
    assert view.controls["upload"].value == ()
    upload(view, "notes.json", b"[1, 2, 3]")
    assert "could not be read as course progress" in view.store_status.value
    assert view.progress["items"].keys() == {"p-b1"}


def test_view_with_the_course_bank(tmp_path):
    from course.widgets.practice import PracticeView

    view = PracticeView(seed=2026, progress_path=tmp_path / "p.json")
    view.controls["n_items"].value = 4
    view.controls["start"].click()
    assert len(view.practice_set) == 4 and all(i.formative for i in view.practice_set)
    labels = [label for label, _v in view.controls["module"].options]
    assert any(label.startswith("Module 2. Presentation") for label in labels)
    assert any("2.2 Pathological fracture" in label for label in labels)
