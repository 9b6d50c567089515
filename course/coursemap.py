"""The course map: modules 1-7, their notebooks and quizzes, and which of them exist yet.

The plan (numbers, titles, paths) is data in this module. Whether a notebook or a quiz is
``"available"`` or ``"coming"`` is never written down: :func:`course_map` looks at the files, so
the map shown in ``notebooks/00_start_here.ipynb`` updates itself as notebooks and quizzes land.

- A notebook is available when its file exists under ``notebooks/`` (``course.paths.NOTEBOOKS``).
- A quiz is available when its nbgrader source folder exists (``course.paths.QUIZ_SOURCE/<name>``).

:func:`course_map_markdown` renders the map as Markdown with links relative to the landing
notebook (``notebooks/00_start_here.ipynb``); the notebook shows it with ``IPython.display``.

Pure: standard library only, no widgets, nothing read or written on import.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from course.paths import NOTEBOOKS, QUIZ_SOURCE

Status = Literal["available", "coming"]

#: The landing notebook, relative to ``notebooks/``; links in the Markdown map start from here.
LANDING = "00_start_here.ipynb"

# (module number, module title, quiz name, ((notebook number, title, path under notebooks/), ...))
_PLAN: tuple[tuple[int, str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        1,
        "Biology: how cancer reaches and changes bone",
        "q01_biology",
        (
            ("1.1", "What is a bone metastasis?", "01_biology/01_what_is_bone_metastasis.ipynb"),
            ("1.2", "How cancer reaches bone", "01_biology/02_how_cancer_reaches_bone.ipynb"),
            ("1.3", "The vicious cycle", "01_biology/03_the_vicious_cycle.ipynb"),
        ),
    ),
    (
        2,
        "Presentation: symptoms and complications",
        "q02_presentation",
        (
            (
                "2.1",
                "Pain and skeletal-related events",
                "02_presentation/01_pain_and_skeletal_events.ipynb",
            ),
            ("2.2", "Pathological fracture", "02_presentation/02_pathological_fracture.ipynb"),
            (
                "2.3",
                "The spine and spinal cord compression",
                "02_presentation/03_spine_and_cord_compression.ipynb",
            ),
            ("2.4", "Hypercalcemia of malignancy", "02_presentation/04_hypercalcemia.ipynb"),
        ),
    ),
    (
        3,
        "Diagnosis",
        "q03_diagnosis",
        (
            ("3.1", "Imaging", "03_diagnosis/01_imaging.ipynb"),
            ("3.2", "How accurate is a test?", "03_diagnosis/02_test_accuracy.ipynb"),
            ("3.3", "Blood tests and biopsy", "03_diagnosis/03_labs_and_biopsy.ipynb"),
        ),
    ),
    (
        4,
        "Systemic treatment",
        "q04_systemic",
        (
            (
                "4.1",
                "Goals of treatment and systemic therapy",
                "04_systemic/01_goals_and_systemic_therapy.ipynb",
            ),
            ("4.2", "Bone-targeted agents", "04_systemic/02_bone_targeted_agents.ipynb"),
            ("4.3", "Radiopharmaceuticals", "04_systemic/03_radiopharmaceuticals.ipynb"),
        ),
    ),
    (
        5,
        "Local treatment",
        "q05_local",
        (
            ("5.1", "Radiotherapy", "05_local/01_radiotherapy.ipynb"),
            (
                "5.2",
                "Surgery and interventional procedures",
                "05_local/02_surgery_and_interventions.ipynb",
            ),
            ("5.3", "The team decides", "05_local/03_the_team_decides.ipynb"),
        ),
    ),
    (
        6,
        "Supportive care and prognosis",
        "q06_supportive",
        (
            ("6.1", "Managing pain", "06_supportive/01_pain.ipynb"),
            (
                "6.2",
                "Living with bone metastases",
                "06_supportive/02_living_with_bone_metastases.ipynb",
            ),
            ("6.3", "Prognosis and quality of life", "06_supportive/03_prognosis.ipynb"),
        ),
    ),
    (
        7,
        "Capstone",
        "q07_final",
        (
            (
                "7.1",
                "One patient from start to finish",
                "07_capstone/01_one_patient_start_to_finish.ipynb",
            ),
        ),
    ),
)


@dataclass(frozen=True)
class NotebookEntry:
    """One teaching notebook: ``number`` ("1.1"), ``title``, ``path`` under notebooks/, status."""

    number: str
    title: str
    path: str
    status: Status

    @property
    def available(self) -> bool:
        return self.status == "available"

    @property
    def label(self) -> str:
        """Number and title, as in the notebook's H1 (``1.1 What is a bone metastasis?``)."""
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class QuizEntry:
    """One module quiz (an nbgrader assignment): its ``name`` (``q01_biology``) and status."""

    name: str
    status: Status

    @property
    def available(self) -> bool:
        return self.status == "available"


@dataclass(frozen=True)
class Module:
    """One module: ``number`` (1-7), ``title``, its ``notebooks`` in order and its ``quiz``."""

    number: int
    title: str
    notebooks: tuple[NotebookEntry, ...]
    quiz: QuizEntry

    @property
    def status(self) -> Status:
        """``available`` when at least one of its notebooks is, else ``coming``."""
        return "available" if any(n.available for n in self.notebooks) else "coming"


def _directory(path: Path | str | None, default: Path, what: str) -> Path:
    folder = default if path is None else Path(path)
    if not folder.is_dir():
        raise ValueError(
            f"The {what} folder {str(folder)!r} does not exist, so the course map cannot tell "
            "which parts are available. Is the course installed from a complete copy of the "
            "repository?"
        )
    return folder


def course_map(
    *, notebooks_dir: Path | str | None = None, quiz_source_dir: Path | str | None = None
) -> tuple[Module, ...]:
    """The course map, with each notebook's and quiz's status read from the files now.

    ``notebooks_dir`` defaults to ``course.paths.NOTEBOOKS`` and ``quiz_source_dir`` to
    ``course.paths.QUIZ_SOURCE``. A missing notebooks folder raises ``ValueError`` (it would
    otherwise show every notebook as coming); a missing quiz source folder means no quiz yet.
    """
    nb_dir = _directory(notebooks_dir, NOTEBOOKS, "notebooks")
    quiz_dir = QUIZ_SOURCE if quiz_source_dir is None else Path(quiz_source_dir)
    modules = []
    for number, title, quiz_name, planned in _PLAN:
        notebooks = tuple(
            NotebookEntry(
                nb_number,
                nb_title,
                path,
                "available" if (nb_dir / path).is_file() else "coming",
            )
            for nb_number, nb_title, path in planned
        )
        quiz = QuizEntry(quiz_name, "available" if (quiz_dir / quiz_name).is_dir() else "coming")
        modules.append(Module(number, title, notebooks, quiz))
    return tuple(modules)


def all_notebooks(modules: tuple[Module, ...] | None = None) -> tuple[NotebookEntry, ...]:
    """Every notebook of the map in course order (of ``modules``, or of :func:`course_map`)."""
    modules = course_map() if modules is None else modules
    return tuple(nb for m in modules for nb in m.notebooks)


def find_notebook(number: str, modules: tuple[Module, ...] | None = None) -> NotebookEntry:
    """The notebook numbered ``number`` ("2.3"); ``ValueError`` if the course has no such one."""
    for nb in all_notebooks(modules):
        if nb.number == number:
            return nb
    known = ", ".join(nb.number for nb in all_notebooks(modules))
    raise ValueError(f"There is no notebook {number!r} in the course; the notebooks are {known}.")


def course_map_markdown(
    *, notebooks_dir: Path | str | None = None, quiz_source_dir: Path | str | None = None
) -> str:
    """The course map as Markdown: links for available notebooks, "(coming)" for planned ones.

    Links are relative to the landing notebook ``notebooks/00_start_here.ipynb``. Quizzes are
    listed by name without a link: their source folders hold the solutions, and learners get the
    student version from nbgrader (a class) or the course's build of it (Binder, laptop).
    """
    modules = course_map(notebooks_dir=notebooks_dir, quiz_source_dir=quiz_source_dir)
    notebooks = all_notebooks(modules)
    ready = sum(nb.available for nb in notebooks)
    lines = [
        f"**{ready} of {len(notebooks)} notebooks are available.** Items marked *(coming)* are "
        "planned and will appear here when they are published.",
        "",
    ]
    for module in modules:
        suffix = "" if module.status == "available" else " *(coming)*"
        lines.append(f"**Module {module.number}. {module.title}**{suffix}")
        lines.append("")
        for nb in module.notebooks:
            if nb.available:
                lines.append(f"- [{nb.label}]({nb.path})")
            else:
                lines.append(f"- {nb.label} *(coming)*")
        quiz_status = "available" if module.quiz.available else "*(coming)*"
        lines.append(f"- Quiz `{module.quiz.name}` (graded with nbgrader): {quiz_status}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


__all__ = [
    "LANDING",
    "Module",
    "NotebookEntry",
    "QuizEntry",
    "Status",
    "all_notebooks",
    "course_map",
    "course_map_markdown",
    "find_notebook",
]
