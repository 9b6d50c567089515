"""Module 5.2 and 5.3 drawings: procedure schematics, evidence plots and the NOMS pathway view."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from course.calculators.noms import NOMS_CASES, decide_case
from course.plotting.local_evidence import load_local_trials, plot_ablation_pain, plot_patchell
from course.plotting.noms import NomsPathwayChart
from course.plotting.procedures import PROCEDURES, TITLES, procedure_diagram
from course.widgets.noms import (
    CUSTOM,
    NomsPathway,
    case_summary_html,
    describe,
    reasoning_html,
)

# Procedure -> number of panels and words that must be labelled on the drawing.
EXPECTED = {
    "prophylactic_fixation": (2, ["intramedullary nail", "Mirels 9 or more", "radiotherapy"]),
    "reconstruction": (2, ["acetabulum", "prosthetic head", "stem"]),
    "decompression": (2, ["epidural tumor", "pedicle screws", "CSF all around"]),
    "en_bloc_resection": (2, ["one\npiece", "healthy tissue", "implant"]),
    "embolization": (1, ["catheter", "particles or coils", "hypervascular"]),
    "vertebral_augmentation": (2, ["cement (PMMA)", "balloon", "decompresses the cord"]),
    "thermal_ablation": (1, ["probe", "ablation zone", "ice ball"]),
    "cementoplasty": (1, ["cement fills", "needle", "fixation"]),
}


def test_every_procedure_is_tested():
    assert EXPECTED and set(EXPECTED) == set(PROCEDURES) == set(TITLES)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_procedure_diagram(kind):
    panels, words = EXPECTED[kind]
    fig = procedure_diagram(kind)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == panels
    assert "schematic, not to scale" in fig._suptitle.get_text()
    assert TITLES[kind] in fig._suptitle.get_text()
    texts = " ".join(t.get_text() for ax in fig.axes for t in ax.texts)
    for word in words:
        assert word in texts, f"{kind}: no label with {word!r}"
    patches = [p for ax in fig.axes for p in ax.patches if isinstance(p, Patch)]
    assert len(patches) >= 5
    # Tumor is drawn with a hatch as well as a color, so it does not rely on color alone.
    if kind not in ("vertebral_augmentation",):
        assert any(p.get_hatch() for p in patches)


@pytest.mark.parametrize("kind", PROCEDURES)
def test_labels_stay_inside_the_figure(kind):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = procedure_diagram(kind)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    for ax in fig.axes:
        for text in ax.texts:
            box = text.get_window_extent(renderer)
            inside = box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1
            assert inside, f"{kind}: label {text.get_text()[:30]!r} is cut off"


def test_unknown_procedure():
    with pytest.raises(ValueError, match="No diagram for 'laser'"):
        procedure_diagram("laser")


def test_patchell_plot():
    fig = plot_patchell()
    (ax,) = fig.axes
    texts = {t.get_text() for t in ax.texts}
    assert {"84%", "57%", "62%", "19%"} <= texts
    assert ax.get_ylim()[1] == 100


def test_ablation_plot():
    fig = plot_ablation_pain()
    (ax,) = fig.axes
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert set(lines) == {"Goetz 2004 (radiofrequency ablation)", "Callstrom 2013 (cryoablation)"}
    goetz = lines["Goetz 2004 (radiofrequency ablation)"]
    assert list(goetz.get_xdata()) == [0, 4, 12, 24]
    assert list(goetz.get_ydata()) == [7.9, 4.5, 3.0, 1.4]
    assert "(0-10" in ax.get_ylabel() and "Weeks" in ax.get_xlabel()
    assert len({ln.get_marker() for ln in lines.values()}) == 2  # not color alone


def test_ablation_plot_needs_rows():
    rows = {k: v for k, v in load_local_trials().items() if v["topic"] != "ablation"}
    with pytest.raises(ValueError, match="no ablation rows"):
        plot_ablation_pain(rows)


# --- NOMS pathway chart and view ----------------------------------------------------------------


def test_pathway_chart_texts():
    chart = NomsPathwayChart()
    decision = decide_case(next(c for c in NOMS_CASES if c.key == "melanoma_compression"))
    chart.update(decision)
    assert "Bilsky 3" in chart.findings[0].get_text()
    assert "separation surgery" in chart.conclusions[1].get_text()
    assert chart.plan.get_text().startswith("Dexamethasone 16 mg now;")
    assert len(chart.dynamic_artists()) == 9
    with pytest.raises(ValueError, match="NomsDecision"):
        chart.update("surgery")


def test_view_loads_cases_and_explains():
    view = NomsPathway()
    assert view.result.radiotherapy == "conventional"  # first case: myeloma
    first_png = bytes(view.pane.image.value)
    view.controls["case"].value = "melanoma_compression"
    assert view.result.surgery == "separation_surgery"
    assert view.controls["bilsky_grade"].value == "3"
    assert view.controls["sins_total"].value == 9
    assert bytes(view.pane.image.value) != first_png
    assert "Ms. Amira Haddad" in view.story.value
    assert "Source:" in view.reasoning.value and "Patchell" in view.reasoning.value
    assert "Separation surgery" in view.pane.description.value or "separation surgery" in (
        view.pane.description.value
    )


def test_view_findings_change_the_plan():
    view = NomsPathway(case="rcc_low_grade")
    assert view.result.surgery == "none" and view.result.radiotherapy == "stereotactic"
    view.controls["bilsky_grade"].value = "2"
    assert view.result.surgery == "separation_surgery"
    assert "findings changed" in view.story.value
    view.controls["sins_total"].value = 14
    assert view.result.surgery == "separation_and_stabilization"
    view.controls["fit_for_surgery"].value = False
    assert view.result.surgery == "none" and view.result.radiotherapy == "conventional"
    view.controls["expected_survival_months"].value = 24
    view.controls["histology"].value = "myeloma"
    assert view.result.radiotherapy == "conventional"


def test_view_custom_patient():
    view = NomsPathway()
    view.controls["case"].value = CUSTOM
    assert "Your own patient" in view.story.value
    view.controls["neurology"].value = "deficit"
    assert view.result.dexamethasone is True


def test_view_rejects_unknown_case():
    with pytest.raises(ValueError, match="Unknown case 'x'"):
        NomsPathway(case="x")


def test_html_helpers():
    case = NOMS_CASES[3]
    decision = decide_case(case)
    summary = case_summary_html(case)
    assert "synthetic case" in summary and "SINS 17" in summary
    text = reasoning_html(decision)
    assert text.count("<li>") == 4 and "Plan:" in text
    assert describe(decision).startswith("Four boxes")
