"""Notebook 1.2: cascade data and diagram, the step-through view, Batson, soil and tropism."""

from __future__ import annotations

import csv

import numpy as np
import pytest
from matplotlib.figure import Figure

from course.plotting.cascade import (
    CascadeDiagram,
    batson_diagram,
    load_cascade_steps,
    load_tropism_table,
    soil_diagram,
    tropism_chart,
)
from course.widgets.cascade import CascadeView, step_html

STEP_NAMES = [
    "Local invasion",
    "Intravasation",
    "Survival in the circulation",
    "Arrest and extravasation",
    "Dormancy",
    "Colonization",
]
# Evidence sheet section 3.1 (SEER, secondary), Zhang 2022 and Svensson 2017 (verified).
TROPISM = {
    ("bone_in_metastatic", "prostate"): (88.7, "secondary"),
    ("bone_in_metastatic", "breast"): (53.7, "secondary"),
    ("bone_in_metastatic", "kidney"): (38.7, "secondary"),
    ("bone_in_metastatic", "thyroid_all"): (32.4, "yes"),
    ("bone_in_metastatic", "thyroid_follicular"): (61.5, "yes"),
    ("share_of_bone_metastases", "prostate"): (34.0, "yes"),
    ("share_of_bone_metastases", "breast"): (22.0, "yes"),
    ("share_of_bone_metastases", "lung"): (20.0, "yes"),
    ("share_of_bone_metastases", "other"): (24.0, "yes"),
}


def texts(fig: Figure) -> str:
    found = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        found += [t.get_text() for t in ax.texts]
        found += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        found += [t.get_text() for t in ax.get_yticklabels()]
    if fig._suptitle is not None:
        found.append(fig._suptitle.get_text())
    for legend in fig.legends:
        found += [t.get_text() for t in legend.get_texts()]
    return "\n".join(found)


# ----------------------------------------------------------------------------- data


def test_cascade_has_the_six_steps_in_order_with_sources():
    steps = load_cascade_steps()
    assert [s.name for s in steps] == STEP_NAMES
    assert [s.step for s in steps] == [1, 2, 3, 4, 5, 6]
    for step in steps:
        assert step.what_happens and step.what_could_block
        assert step.verified in ("yes", "secondary", "unverified")
        assert "Macedo" in step.source or "Weilbaecher" in step.source
    # The CXCR4 and sinusoid details are unverified in the evidence sheet: the row says so.
    assert steps[3].verified == "unverified"
    assert "up to 50%" in steps[5].what_could_block  # Weilbaecher 2011
    assert "do not eradicate" in steps[5].what_could_block


def test_cascade_loader_rejects_rows_without_source(tmp_path):
    bad = tmp_path / "cascade.csv"
    steps = load_cascade_steps()
    fields = list(steps[0].__dataclass_fields__)
    with bad.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        row = {f: getattr(steps[0], f) for f in fields}
        row["source"] = " "
        writer.writerow(row)
    with pytest.raises(ValueError, match="has no source"):
        load_cascade_steps(bad)


def test_cascade_loader_rejects_unknown_verified_status(tmp_path):
    bad = tmp_path / "cascade.csv"
    steps = load_cascade_steps()
    fields = list(steps[0].__dataclass_fields__)
    with bad.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        row = {f: getattr(steps[0], f) for f in fields}
        row["verified"] = "maybe"
        writer.writerow(row)
    with pytest.raises(ValueError, match="verified must be one of"):
        load_cascade_steps(bad)


def test_tropism_table_matches_the_evidence_cell_by_cell():
    rows = load_tropism_table()
    assert len(rows) == len(TROPISM) > 0
    got = {(r.measure, r.primary): (r.percent, r.verified) for r in rows}
    assert got == TROPISM
    shares = [r.percent for r in rows if r.measure == "share_of_bone_metastases"]
    assert sum(shares) == pytest.approx(100.0)
    for r in rows:
        assert r.source.strip() and r.denominator.strip()


def test_tropism_loader_rejects_percent_out_of_range(tmp_path):
    bad = tmp_path / "tropism.csv"
    rows = load_tropism_table()
    fields = list(rows[0].__dataclass_fields__)
    with bad.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        row = {f: getattr(rows[0], f) for f in fields}
        row["percent"] = 120
        writer.writerow(row)
    with pytest.raises(ValueError, match="percent must be 0-100"):
        load_tropism_table(bad)


# ----------------------------------------------------------------------------- figures


def test_tropism_chart_labels_values_and_hatches_secondary_rows():
    fig = tropism_chart(load_tropism_table())
    assert isinstance(fig, Figure)
    ax_left, ax_right = fig.axes
    assert "bone involvement" in ax_left.get_title()
    assert "by primary cancer" in ax_right.get_title()
    for ax in (ax_left, ax_right):
        assert "percent" in ax.get_xlabel()
        assert ax.get_xlim() == (0.0, 100.0)
    words = texts(fig)
    for value in ("88.7%", "61.5%", "53.7%", "38.7%", "32.4%", "34%", "22%", "20%", "24%"):
        assert value in words
    hatched = {
        lab.get_text().replace(" \u2020", ""): bar.get_hatch()
        for lab, bar in zip(ax_left.get_yticklabels(), ax_left.patches, strict=True)
    }
    assert hatched["Prostate"] == "//" and hatched["Thyroid, follicular"] in ("", None)
    assert "Svensson 2017" in words and "secondary" in words


def test_tropism_chart_needs_both_measures():
    rows = [r for r in load_tropism_table() if r.measure == "bone_in_metastatic"]
    with pytest.raises(ValueError, match="both measures"):
        tropism_chart(rows)


def test_batson_and_soil_diagrams_name_their_parts():
    batson = texts(batson_diagram())
    for word in ("Batson 1940", "valveless", "lung capillaries", "route B", "sacrum"):
        assert word in batson
    soil = texts(soil_diagram())
    for word in ("Weilbaecher 2011", "CXCL12", "CXCR4", "TGF-\u03b2", "sinusoid"):
        assert word in soil


def test_cascade_diagram_highlights_a_step_in_place():
    steps = load_cascade_steps()
    diagram = CascadeDiagram(steps)
    first = diagram.png()
    assert diagram.caption.get_text() == "Step 1 of 6: Local invasion"
    diagram.show_step(4)
    assert diagram.caption.get_text() == "Step 4 of 6: Arrest and extravasation"
    assert diagram.png() != first
    assert diagram.renderer.axes_draws == 1  # the diagram itself was drawn once


@pytest.mark.parametrize("bad", [0, 7, True, 2.5, "3"])
def test_cascade_diagram_rejects_bad_steps(bad):
    diagram = CascadeDiagram(load_cascade_steps())
    with pytest.raises(ValueError, match="step must be"):
        diagram.show_step(bad)


# ----------------------------------------------------------------------------- view


def test_cascade_view_steps_through_with_buttons_and_slider():
    view = CascadeView()
    assert view.result.step == 1
    before_image = view.pane.image.value
    before_text = view.pane.description.value
    view.controls["next"].click()
    assert view.result.name == "Intravasation"
    assert view.pane.image.value != before_image
    assert view.pane.description.value != before_text
    view.controls["step"].value = 6
    assert "Colonization" in view.panel.value and "What could block it" in view.panel.value
    view.controls["next"].click()  # stays on the last step
    assert view.result.step == 6
    view.controls["previous"].click()
    assert view.result.step == 5
    assert view.status.value == ""


def test_cascade_panel_flags_partly_checked_steps():
    steps = load_cascade_steps()
    assert "Note:" in step_html(steps[3], 6)
    assert "Note:" not in step_html(steps[0], 6)
    assert "&lt;" not in step_html(steps[0], 6)  # plain text, escaped, no stray markup


def test_blit_matches_a_full_redraw():
    """The fast path must show the same picture as drawing the figure from scratch."""
    diagram = CascadeDiagram(load_cascade_steps())
    diagram.show_step(5)
    diagram.png()
    fast = np.asarray(diagram.renderer.canvas.buffer_rgba()).copy()
    for artist in diagram.renderer.dynamic:
        artist.set_animated(False)
    diagram.renderer.canvas.draw()
    full = np.asarray(diagram.renderer.canvas.buffer_rgba())
    differing = np.any(fast != full, axis=-1).mean()
    assert differing < 0.002
