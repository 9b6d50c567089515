"""Module 1.2/1.3 bank items: schema, keys reproduced by the course model, self-check wiring."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from course.models.remodeling import simulate, simulate_with_tumor, steady_state
from course.quiz.bank import check_answer, load_items

ROOT = Path(__file__).resolve().parents[1]
BANK_FILE = ROOT / "quizzes" / "bank" / "m1_2_biology.toml"
NOTEBOOKS = [
    ROOT / "notebooks" / "01_biology" / "02_how_cancer_reaches_bone.ipynb",
    ROOT / "notebooks" / "01_biology" / "03_the_vicious_cycle.ipynb",
]
SUMMATIVE = [
    "q01-paget-seed-soil",
    "q01-fuchs-ewing-history",
    "q01-batson-prostate-spine",
    "q01-cascade-dormancy",
    "q01-tropism-share-vs-rate",
    "q01-denosumab-mimics-opg",
    "q01-vicious-cycle-tgfb",
    "q01-blastic-mechanism",
    "q01-komarova-critical-g11",
    "q01-komarova-bone-minimum",
    "q01-ayati-treatment-benefit",
    "q01-vicious-cycle-explain",
]


def file_ids() -> list[str]:
    with BANK_FILE.open("rb") as fh:
        return [raw["id"] for raw in tomllib.load(fh)["item"]]


ITEMS = load_items()
MINE = [ITEMS[i] for i in file_ids()]


def test_items_load_and_follow_the_module_rules():
    assert len(MINE) >= 20
    for item in MINE:
        assert item.id.startswith("q01-")
        assert item.module in ("1.2", "1.3")
        assert item.references and item.explanation.strip()
        if item.type == "single_best_answer" and item.summative:
            assert item.option_keys == ("A", "B", "C", "D", "E")
        if item.type == "single_best_answer":
            assert all(o.explanation.strip() for o in item.options)


def test_summative_list_is_complete_and_ordered_as_reported():
    summative = [i.id for i in MINE if i.summative]
    assert summative == SUMMATIVE
    kinds = [ITEMS[i].type for i in SUMMATIVE]
    assert kinds.count("numeric") == 1 and kinds.count("free_text") == 1
    assert len(SUMMATIVE) >= 8


def test_run_the_model_item_is_keyed_by_the_course_model():
    item = ITEMS["q01-komarova-bone-minimum"]
    run = simulate(300)
    learner_value = float(run.bone_mass.min())
    assert check_answer(item, learner_value)
    assert check_answer(item, round(learner_value, 1))  # "to one decimal place"
    assert not check_answer(item, 90.0)  # a rough reading of the plot is not enough
    assert not check_answer(item, 100.0 - learner_value)  # the loss instead of the minimum
    assert "simulate(300)" in item.stem and item.units == "%"


def test_ayati_item_claims_are_what_the_model_does():
    """q01-ayati-treatment-benefit and q01-check-ayati-anabolic rest on these runs."""
    untreated = simulate_with_tumor(1200)
    both = simulate_with_tumor(1200, treatment_start_day=600, anabolic=0.001, antitumor=0.008)
    v2 = simulate_with_tumor(1200, treatment_start_day=600, antitumor=0.008)
    v1 = simulate_with_tumor(1200, treatment_start_day=600, anabolic=0.001)
    assert both.bone_mass[-1] == pytest.approx(57.2, abs=0.1)
    assert untreated.bone_mass[-1] == pytest.approx(3.1, abs=0.1)
    assert v2.bone_mass[-1] == pytest.approx(62.4, abs=0.1)
    assert v2.bone_mass[-1] > both.bone_mass[-1]
    assert v1.bone_mass[-1] < untreated.bone_mass[-1] < 5.0
    assert "below 0 %" in v1.message
    assert both.tumor[-1] == pytest.approx(25.0, abs=0.1)


def test_critical_g11_item_claims_are_what_the_model_does():
    """q01-komarova-critical-g11 and q01-check-bigger-kick: neutral orbits keep their size."""
    xbar1, xbar2 = steady_state(g11=1.1)
    peaks = []
    for extra in (5.0, 10.0, 15.0):
        run = simulate(1600, g11=1.1, initial=(xbar1 + extra, xbar2, 100.0))
        first, late = run.t < 100, run.t > 1000
        peaks.append(run.osteoclasts[late].max())
        assert run.osteoclasts[late].max() == pytest.approx(run.osteoclasts[first].max(), rel=1e-3)
    assert peaks[0] < peaks[1] < peaks[2]  # a bigger stimulus gives a bigger orbit


def test_self_checks_in_the_notebooks_exist_and_cover_the_formative_items():
    used = set()
    for path in NOTEBOOKS:
        used |= set(re.findall(r'self_check\(\\?"([a-z0-9-]+)\\?"\)', path.read_text()))
    assert used, "the notebooks use self-checks"
    for item_id in used:
        assert ITEMS[item_id].formative, item_id
    formative = {i.id for i in MINE if i.use == "formative"}
    assert formative <= used
