"""The course map: its plan, statuses read from the files, its Markdown, and the landing page."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from course.coursemap import (
    LANDING,
    all_notebooks,
    course_map,
    course_map_markdown,
    find_notebook,
)
from course.paths import NOTEBOOKS
from course.quiz.bank import QUIZ_NAME_PATTERN, get_item

# The plan the course issues give (number -> path under notebooks/); the map must match it.
EXPECTED_PATHS = {
    "1.1": "01_biology/01_what_is_bone_metastasis.ipynb",
    "1.2": "01_biology/02_how_cancer_reaches_bone.ipynb",
    "1.3": "01_biology/03_the_vicious_cycle.ipynb",
    "2.1": "02_presentation/01_pain_and_skeletal_events.ipynb",
    "2.2": "02_presentation/02_pathological_fracture.ipynb",
    "2.3": "02_presentation/03_spine_and_cord_compression.ipynb",
    "2.4": "02_presentation/04_hypercalcemia.ipynb",
    "3.1": "03_diagnosis/01_imaging.ipynb",
    "3.2": "03_diagnosis/02_test_accuracy.ipynb",
    "3.3": "03_diagnosis/03_labs_and_biopsy.ipynb",
    "4.1": "04_systemic/01_goals_and_systemic_therapy.ipynb",
    "4.2": "04_systemic/02_bone_targeted_agents.ipynb",
    "4.3": "04_systemic/03_radiopharmaceuticals.ipynb",
    "5.1": "05_local/01_radiotherapy.ipynb",
    "5.2": "05_local/02_surgery_and_interventions.ipynb",
    "5.3": "05_local/03_the_team_decides.ipynb",
    "6.1": "06_supportive/01_pain.ipynb",
    "6.2": "06_supportive/02_living_with_bone_metastases.ipynb",
    "6.3": "06_supportive/03_prognosis.ipynb",
    "7.1": "07_capstone/01_one_patient_start_to_finish.ipynb",
}
EXPECTED_QUIZZES = [
    "q01_biology",
    "q02_presentation",
    "q03_diagnosis",
    "q04_systemic",
    "q05_local",
    "q06_supportive",
    "q07_final",
]
LANDING_PATH = NOTEBOOKS / LANDING


def _touch(root: Path, relative: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{}", encoding="utf-8")


# --- the plan -------------------------------------------------------------------------------


def test_plan_has_the_issue_paths_in_order():
    notebooks = all_notebooks()
    assert [nb.number for nb in notebooks] == list(EXPECTED_PATHS)
    assert {nb.number: nb.path for nb in notebooks} == EXPECTED_PATHS
    assert len({nb.title for nb in notebooks}) == len(notebooks)


def test_numbering_is_consecutive_and_matches_folders():
    modules = course_map()
    assert [m.number for m in modules] == list(range(1, 8))
    for module in modules:
        assert module.notebooks, f"module {module.number} has no notebooks"
        for index, nb in enumerate(module.notebooks, start=1):
            assert nb.number == f"{module.number}.{index}"
            folder, filename = nb.path.split("/")
            assert folder.startswith(f"{module.number:02d}_")
            assert filename.startswith(f"{index:02d}_") and filename.endswith(".ipynb")


def test_quizzes_one_per_module_with_nbgrader_names():
    modules = course_map()
    assert [m.quiz.name for m in modules] == EXPECTED_QUIZZES
    for module in modules:
        assert QUIZ_NAME_PATTERN.match(module.quiz.name)
        assert module.quiz.name.startswith(f"q{module.number:02d}_")


# --- statuses are read from the files, never written down -------------------------------------


def test_status_follows_the_files(tmp_path):
    quiz_dir = tmp_path / "quiz_source"
    quiz_dir.mkdir()
    _touch(tmp_path, EXPECTED_PATHS["1.1"])
    _touch(tmp_path, EXPECTED_PATHS["2.3"])
    modules = course_map(notebooks_dir=tmp_path, quiz_source_dir=quiz_dir)
    status = {nb.number: nb.status for nb in all_notebooks(modules)}
    assert {n for n, s in status.items() if s == "available"} == {"1.1", "2.3"}
    assert sum(s == "coming" for s in status.values()) == 18
    assert [m.status for m in modules] == ["available", "available"] + ["coming"] * 5
    assert all(m.quiz.status == "coming" for m in modules)

    # A notebook and a quiz land: the map updates itself.
    _touch(tmp_path, EXPECTED_PATHS["7.1"])
    (quiz_dir / "q01_biology").mkdir()
    modules = course_map(notebooks_dir=tmp_path, quiz_source_dir=quiz_dir)
    assert find_notebook("7.1", modules).status == "available"
    assert modules[6].status == "available"
    assert modules[0].quiz.status == "available"
    assert modules[1].quiz.status == "coming"


def test_a_folder_named_like_a_notebook_is_not_a_notebook(tmp_path):
    (tmp_path / EXPECTED_PATHS["1.2"]).mkdir(parents=True)
    assert find_notebook("1.2", course_map(notebooks_dir=tmp_path)).status == "coming"


def test_real_map_matches_the_files():
    notebooks = all_notebooks()
    assert notebooks
    for nb in notebooks:
        exists = (NOTEBOOKS / nb.path).is_file()
        if nb.available:
            assert exists, f"{nb.number} is listed as available but {nb.path} is missing"
        else:
            assert nb.status == "coming"
            assert not exists, f"{nb.number} exists at {nb.path} but is listed as coming"


def test_missing_notebooks_folder_is_an_error_not_an_empty_course(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        course_map(notebooks_dir=tmp_path / "nowhere")


def test_find_notebook():
    nb = find_notebook("2.4")
    assert nb.title == "Hypercalcemia of malignancy"
    assert nb.label == "2.4 Hypercalcemia of malignancy"
    with pytest.raises(ValueError, match=r"no notebook '8\.1'"):
        find_notebook("8.1")


# --- the Markdown map --------------------------------------------------------------------------


def test_markdown_links_available_and_marks_the_rest_coming(tmp_path):
    for number in ("1.1", "1.3", "5.2"):
        _touch(tmp_path, EXPECTED_PATHS[number])
    text = course_map_markdown(notebooks_dir=tmp_path, quiz_source_dir=tmp_path)
    assert text.startswith("**3 of 20 notebooks are available.**")
    for nb in all_notebooks(course_map(notebooks_dir=tmp_path)):
        link = f"[{nb.label}]({nb.path})"
        if nb.number in ("1.1", "1.3", "5.2"):
            assert link in text
            assert f"{nb.label} *(coming)*" not in text
        else:
            assert link not in text
            assert f"- {nb.label} *(coming)*" in text
    assert "**Module 5. Local treatment**\n" in text
    assert "**Module 4. Systemic treatment** *(coming)*" in text
    assert text.count("graded with nbgrader): *(coming)*") == 7


def test_real_markdown_map():
    text = course_map_markdown()
    notebooks = all_notebooks()
    ready = [nb for nb in notebooks if nb.available]
    assert f"**{len(ready)} of {len(notebooks)} notebooks are available.**" in text
    for nb in notebooks:
        if nb.available:
            assert f"[{nb.label}]({nb.path})" in text
        else:
            assert f"- {nb.label} *(coming)*" in text
    for target in re.findall(r"\]\(([^)]+)\)", text):
        assert (LANDING_PATH.parent / target).is_file(), target


def test_available_notebooks_carry_their_number_in_the_title():
    ready = [nb for nb in all_notebooks() if nb.available]
    if not ready:
        pytest.skip("no teaching notebook is available yet")
    for nb in ready:
        first = nbformat.read(NOTEBOOKS / nb.path, as_version=4).cells[0].source
        assert first.lstrip().startswith(f"# {nb.number} "), nb.path


# --- the landing notebook stays in step with the map ----------------------------------------------


@pytest.fixture(scope="module")
def landing():
    return nbformat.read(LANDING_PATH, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_landing_links_to_notebooks_exist(landing):
    links = re.findall(r"\[([^\]]+)\]\(([^)\s]+\.ipynb)\)", _markdown(landing))
    assert links
    by_path = {nb.path: nb for nb in all_notebooks()}
    # Notebooks outside the module map (practice mode) must exist; map entries must also match.
    extras = {"99_practice/01_practice_quiz.ipynb"}
    for label, target in links:
        if target in extras:
            assert (LANDING_PATH.parent / target).is_file(), target
            continue
        assert target in by_path, f"link to {target} is not a notebook of the course map"
        assert label == by_path[target].label
        assert (LANDING_PATH.parent / target).is_file(), (
            f"the landing page links to {target}, which does not exist yet: mark it as coming"
        )


def test_landing_coming_mentions_are_current(landing):
    """The FAQ says "N.M Title *(coming in module N)*" only while that notebook is coming.

    When a notebook lands this test fails until the FAQ links to it instead.
    """
    mentions = re.findall(r"(\d\.\d) ([^*;\n]+?) \*\(coming in module (\d)\)\*", _markdown(landing))
    coming = [nb for m in course_map() for nb in m.notebooks if nb.status == "coming"]
    if coming:
        assert mentions, "the FAQ names the notebooks that are still coming"
    for number, title, module in mentions:
        nb = find_notebook(number)
        assert title == nb.title, f"FAQ title for {number} differs from the course map"
        assert number.split(".")[0] == module
        assert nb.status == "coming", f"{number} is available now: link to {nb.path} in the FAQ"


def test_landing_shows_the_map_and_a_formative_self_check(landing):
    code = "\n".join(c.source for c in landing.cells if c.cell_type == "code")
    assert "display(Markdown(course_map_markdown()))" in code
    item_ids = re.findall(r'self_check\("([a-z0-9-]+)"\)', code)
    assert item_ids == ["start-breast-deposit-in-femur"]
    item = get_item(item_ids[0])
    assert item.formative and "orientation" in item.tags
    assert item.answer == "B" and "spread to bone" in item.option("B").text
