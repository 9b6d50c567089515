# nbgrader configuration of the course (the nbgrader course root is this folder, quizzes/).
# Run nbgrader commands from this folder:
#   cd quizzes && nbgrader generate_assignment q01_biology
# docs/instructor_guide.md walks through the whole cycle.
import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "bone-metastases"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The gradebook: SQLite in this folder by default. For several graders or parallel autograde,
# point it at PostgreSQL, e.g. with the environment variable
#   NBGRADER_DB_URL=postgresql+psycopg2://grader:secret@127.0.0.1:5432/bone_metastases
if os.environ.get("NBGRADER_DB_URL"):
    c.CourseDirectory.db_url = os.environ["NBGRADER_DB_URL"]

# Student versions: an answer cell keeps its placeholder line (answer_q1 = "") and loses the
# solution region; free-text cells show a prompt.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE (replace this text)"

# Autograde: a per-cell time limit so one student's infinite loop cannot stall the class,
# deleted test cells are put back (so they are graded, not silently left for manual grading),
# and long outputs are cut.
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "30"))
c.Execute.interrupt_on_timeout = True
c.OverwriteCells.add_missing_cells = True
# A duplicated test cell must not make the whole submission fail (an nbgrader 0.9 bug with
# add_missing_cells): drop the emptied metadata of the copy before the cells are restored.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "course.grading.preprocessors.DropEmptyNbgraderMetadata",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# os._exit() in a submission would kill the kernel and fail the whole submission: the grading
# kernel turns it into SystemExit, like sys.exit(), so only that cell fails.
c.Execute.extra_arguments = [
    "--HistoryManager.hist_file=:memory:",
    "--IPKernelApp.exec_lines=import course.grading.kernel_guard",
]
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 20

# Feedback released to students: their answers, their scores and each item's explanation, but
# never the hidden tests, the solutions, or a traceback that quotes a hidden line.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbgrader.preprocessors.ClearHiddenTests",
    "course.grading.feedback.CleanFeedback",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
