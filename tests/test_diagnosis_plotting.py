"""Module 3 pure code: schematic scans, flare curves, the Fagan nomogram, the frequency tree, the
accuracy table loader and the work-up pathway."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from course.calculators.accuracy import natural_frequencies, post_test_probability
from course.plotting import bayes, diagnosis, workup
from course.plotting.style import new_figure

# ---------------------------------------------------------------------------------------------
# Schematic images
# ---------------------------------------------------------------------------------------------

STATIC_FIGURES = [
    diagnosis.what_each_test_sees_figure,
    diagnosis.bone_scan_gallery_figure,
    diagnosis.lytic_lesion_missed_figure,
    workup.rougraff_yield_figure,
    workup.workup_figure,
]


def test_static_figure_list_is_not_empty():
    assert len(STATIC_FIGURES) == 5


@pytest.mark.parametrize("make", STATIC_FIGURES, ids=lambda f: f.__name__)
def test_static_figures_are_titled_figures(make):
    fig = make()
    assert isinstance(fig, Figure)
    titles = [ax.get_title() for ax in fig.axes] + [
        fig._suptitle.get_text() if fig._suptitle else ""
    ]
    assert any(t.strip() for t in titles), "every figure has a title"


def _spot_grays(artists):
    return {site: core.get_facecolor()[0] for site, (core, _halo) in artists.hot_spots.items()}


def test_bone_scan_draws_hot_spots_kidneys_and_bladder():
    fig = new_figure()
    ax = fig.add_subplot()
    scan = diagnosis.draw_bone_scan(ax, hot_spots=["T7", "sacrum"])
    assert set(scan.hot_spots) == {"T7", "sacrum"}
    assert len(scan.kidneys) == 2 and scan.bladder is not None
    assert len(scan.bones) > 60  # skull, 24 vertebrae, 24 ribs, limbs, pelvis
    grays = _spot_grays(scan)
    bone_gray = scan.bones[0].get_facecolor()[0]
    assert all(g < bone_gray for g in grays.values()), "hot spots are darker than normal bone"


def test_superscan_has_no_kidneys_and_darker_bones():
    fig = new_figure()
    ax1, ax2 = fig.subplots(1, 2)
    normal = diagnosis.draw_bone_scan(ax1)
    superscan = diagnosis.draw_bone_scan(
        ax2, bone_uptake=0.62, axial_extra=0.3, kidney_uptake=0.0, soft_tissue_uptake=0.0
    )
    assert superscan.kidneys == [] and superscan.soft_tissue == []
    assert normal.kidneys and normal.soft_tissue
    assert superscan.bones[0].get_facecolor()[0] < normal.bones[0].get_facecolor()[0]


def test_hot_spot_uptake_can_be_changed_and_hidden():
    fig = new_figure()
    scan = diagnosis.draw_bone_scan(fig.add_subplot(), hot_spots={"L2": 0.3}, extra_sites=["T11"])
    core, halo = scan.hot_spots["T11"]
    assert not core.get_visible() and not halo.get_visible()
    light = scan.hot_spots["L2"][0].get_facecolor()[0]
    scan.set_hot_spot("L2", 1.0)
    assert scan.hot_spots["L2"][0].get_facecolor()[0] < light
    scan.set_hot_spot("T11", 0.8)
    assert core.get_visible()


def test_uptake_gray_is_monotonic_and_clipped():
    levels = [diagnosis.uptake_gray(u)[0] for u in np.linspace(0, 1, 11)]
    assert levels == sorted(levels, reverse=True)
    assert diagnosis.uptake_gray(-1) == diagnosis.uptake_gray(0)
    assert diagnosis.uptake_gray(2) == diagnosis.uptake_gray(1)


def test_unknown_hot_spot_site_is_rejected_with_the_choices():
    fig = new_figure()
    with pytest.raises(ValueError, match="Unknown hot-spot site 'knee'.*T7"):
        diagnosis.draw_bone_scan(fig.add_subplot(), hot_spots=["knee"])


def test_spine_mri_marks_the_lesion_levels():
    fig = new_figure()
    ax = fig.add_subplot()
    bodies = diagnosis.draw_spine_mri(ax, lesions={"T10": 0.7})
    assert list(bodies)[:2] == ["T9", "T10"] and "L5" in bodies
    labels = {t.get_text() for t in ax.texts}
    assert {"T10", "L2", "front", "back"} <= labels
    with pytest.raises(ValueError, match="Lesion level 'C2' is not drawn"):
        diagnosis.draw_spine_mri(fig.add_subplot(), lesions=["C2"])


def test_patient_right_is_on_the_viewer_left():
    x_right_rib = diagnosis.HOT_SPOT_SITES["right rib 4"][0]
    x_left_rib = diagnosis.HOT_SPOT_SITES["left rib 6"][0]
    assert x_right_rib < 5.0 < x_left_rib


# ---------------------------------------------------------------------------------------------
# Flare curves (schematic shapes that follow the published description)
# ---------------------------------------------------------------------------------------------

WEEKS = np.arange(0, 37)


def test_every_course_starts_at_baseline():
    for course in diagnosis.FLARE_COURSES:
        assert diagnosis.flare_uptake(0.0, course=course) == pytest.approx(1.0)


def test_flare_peaks_inside_the_window_and_falls_below_baseline_later():
    uptake = diagnosis.flare_uptake(WEEKS, course="flare")
    peak_week = int(WEEKS[np.argmax(uptake)])
    assert 2 <= peak_week <= 13, "flare appears about 2 weeks to 3 months after treatment starts"
    assert uptake.max() > 1.5
    assert uptake[26] < 1.0 and uptake[36] < 1.0, "uptake falls on a later scan"


def test_progression_keeps_rising_and_response_keeps_falling():
    assert np.all(np.diff(diagnosis.flare_uptake(WEEKS, course="progression")) > 0)
    assert np.all(np.diff(diagnosis.flare_uptake(WEEKS, course="response")) < 0)


def test_flare_and_progression_look_alike_early_but_not_late():
    early_flare = diagnosis.flare_uptake(6.0, course="flare")
    early_prog = diagnosis.flare_uptake(6.0, course="progression")
    assert early_flare > 1.0 and early_prog > 1.0
    assert diagnosis.flare_uptake(30.0, course="flare") < 1.0
    assert diagnosis.flare_uptake(30.0, course="progression") > 2.0


def test_new_lesions_come_and_go_in_flare_but_stay_in_progression():
    flare = [diagnosis.flare_new_lesions(w, course="flare") for w in (0, 8, 30)]
    prog = [diagnosis.flare_new_lesions(w, course="progression") for w in (0, 8, 30)]
    assert flare[0] == 0 and flare[1] > 0.9 and flare[2] < 0.1
    assert prog[0] == 0 and prog[2] == 1.0
    assert diagnosis.flare_new_lesions(20, course="response") == 0.0


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf"), True])
def test_flare_rejects_bad_times(bad):
    with pytest.raises(ValueError, match="weeks of 0 or more"):
        diagnosis.flare_uptake(bad, course="flare")


def test_flare_rejects_unknown_course():
    with pytest.raises(ValueError, match="must be one of 'flare', 'response', 'progression'"):
        diagnosis.flare_uptake(3, course="stable")


# ---------------------------------------------------------------------------------------------
# The accuracy table loader
# ---------------------------------------------------------------------------------------------

ROWS = bayes.load_imaging_accuracy()


def test_table_is_loaded_with_a_source_on_every_row():
    assert len(ROWS) >= 10
    for row in ROWS:
        assert row.source and row.verified in {"yes", "secondary", "unverified"}
        assert 0.0 <= row.sensitivity <= 1.0 and 0.0 <= row.specificity <= 1.0


@pytest.mark.parametrize(
    "source, short",
    [
        ("Yang HL et al. Eur Radiol 2011;21(12):2604-2617 (meta-analysis)", "Yang 2011"),
        ("Surg Oncol 2013;22:261-266 (meta-analysis, 7 studies)", "Surg Oncol 2013"),
        ("Clin Oncol 2011 meta-analysis of 14 articles (possibly Liu T et al.)", "Clin Oncol 2011"),
        ("Zhou J et al. Skeletal Radiol 2019;48:1915", "Zhou 2019"),
    ],
)
def test_short_source(source, short):
    row = bayes.AccuracyRow("x", "y", 0.5, 0.5, source, "", "yes", "")
    assert row.short_source == short


def test_yang_bone_scan_row_is_first_and_labelled():
    first = ROWS[0]
    assert (first.modality, first.sensitivity, first.specificity) == (
        "bone scintigraphy",
        0.860,
        0.814,
    )
    assert first.label == "bone scintigraphy | various primary cancers | Yang 2011"


def test_missing_table_gives_a_clear_error():
    with pytest.raises(FileNotFoundError, match="was not found"):
        bayes.load_imaging_accuracy("no_such_table.csv")


@pytest.mark.parametrize(
    "p, text", [(0.0, "0%"), (0.002, "0.2%"), (0.0689, "6.9%"), (0.66, "66%"), (0.996, "99.6%")]
)
def test_format_percent(p, text):
    assert bayes.format_percent(p) == text


# ---------------------------------------------------------------------------------------------
# Fagan nomogram: a straight line through pre-test probability and LR ends at the post-test one
# ---------------------------------------------------------------------------------------------


def _logit(p):
    return math.log(p / (1 - p))


@pytest.mark.parametrize(
    "pretest, sens, spec", [(0.30, 0.86, 0.81), (0.05, 0.906, 0.954), (0.70, 0.918, 0.688)]
)
def test_fagan_lines_are_straight_and_end_at_the_post_test_probability(pretest, sens, spec):
    fig = new_figure()
    fagan = bayes.draw_fagan(fig.add_subplot(), pretest=pretest, sensitivity=sens, specificity=spec)
    for line, result in ((fagan.positive_line, "positive"), (fagan.negative_line, "negative")):
        x, y = line.get_data()
        assert list(x) == [0.0, 1.0, 2.0]
        assert y[0] == pytest.approx(-_logit(pretest))
        assert y[1] - y[0] == pytest.approx(y[2] - y[1]), "the three points are collinear"
        post = post_test_probability(pretest, sens, spec, result=result)
        assert y[2] == pytest.approx(_logit(post))
    assert fagan.positive_text.get_text() == bayes.format_percent(
        post_test_probability(pretest, sens, spec)
    )


def test_fagan_worked_example_labels():
    fig = new_figure()
    fagan = bayes.draw_fagan(fig.add_subplot(), pretest=0.30, sensitivity=0.86, specificity=0.81)
    assert fagan.positive_text.get_text() == "66%"
    assert fagan.negative_text.get_text() == "6.9%"


def test_fagan_infinite_ratio_goes_to_the_top_of_the_scale():
    fig = new_figure()
    fagan = bayes.draw_fagan(fig.add_subplot(), pretest=0.05, sensitivity=0.97, specificity=1.0)
    _x, y = fagan.positive_line.get_data()
    assert y[1] > 3.45 and y[2] > y[1], "through the infinity mark to the end of the post scale"
    assert fagan.positive_text.get_text() == "100%"
    fagan.update(0.05, 0.86, 0.814)
    _x, y = fagan.positive_line.get_data()
    assert y[2] == pytest.approx(_logit(post_test_probability(0.05, 0.86, 0.814)))


# ---------------------------------------------------------------------------------------------
# Natural-frequency tree
# ---------------------------------------------------------------------------------------------


def test_frequency_tree_shows_the_worked_example_counts():
    fig = new_figure()
    tree = bayes.draw_frequency_tree(fig.add_subplot(), natural_frequencies(0.3, 0.86, 0.81))
    counts = {k: t.get_text() for k, t in tree.counts.items()}
    assert counts == {
        "root": "1,000",
        "diseased": "300",
        "healthy": "700",
        "tp": "258",
        "fn": "42",
        "fp": "133",
        "tn": "567",
    }
    assert "258 of 391 (66%)" in tree.summary_positive.get_text()
    assert "42 of 609 (6.9%)" in tree.summary_negative.get_text()


def test_frequency_tree_updates_and_can_leave_out_the_summary():
    fig = new_figure()
    tree = bayes.draw_frequency_tree(
        fig.add_subplot(), natural_frequencies(0.3, 0.86, 0.81), summary=False
    )
    assert tree.summary_positive is None
    tree.update(natural_frequencies(0.05, 0.97, 1.0))
    assert tree.counts["fp"].get_text() == "0" and tree.counts["tp"].get_text() == "49"


def test_tree_summary_handles_no_positive_results():
    freq = natural_frequencies(0.0, 0.9, 1.0)
    positive, _negative = bayes.tree_summary(freq)
    assert "no such results" in positive


def test_post_test_curves_need_rows_and_plot_two_panels():
    fig = bayes.post_test_curves_figure(ROWS[:4])
    assert len(fig.axes) == 2
    assert len(fig.axes[0].get_lines()) == 5  # four tests and the "no test" diagonal
    assert "Pre-test probability" in fig.axes[0].get_xlabel()
    with pytest.raises(ValueError, match="at least one row"):
        bayes.post_test_curves_figure([])


# ---------------------------------------------------------------------------------------------
# Work-up pathway
# ---------------------------------------------------------------------------------------------

COMBINATIONS = list(
    itertools.product(
        workup.LESION_COUNTS,
        workup.APPEARANCES,
        workup.MYELOMA_SCREENS,
        workup.IMAGING_FINDINGS,
    )
)


def test_combinations_are_not_empty():
    assert len(COMBINATIONS) == 2 * 3 * 2 * 3


@pytest.mark.parametrize("lesions, appearance, screen, imaging", COMBINATIONS)
def test_every_path_starts_with_history_and_ends_at_an_outcome(
    lesions, appearance, screen, imaging
):
    path = workup.workup_path(
        lesions=lesions, appearance=appearance, myeloma_screen=screen, imaging=imaging
    )
    assert path.steps[:2] == ("history", "labs")
    assert path.steps[-1] == path.outcome and path.outcome in workup.OUTCOMES
    assert all(edge in {(a, b) for a, b, _ in workup.EDGES} for edge in path.edges)
    assert path.notes, "every path explains itself"


def test_lytic_lesion_with_abnormal_screen_goes_to_hematology():
    path = workup.workup_path(lesions="multiple", appearance="lytic", myeloma_screen="abnormal")
    assert path.steps == ("history", "labs", "myeloma")


def test_blastic_lesion_ignores_the_myeloma_screen():
    path = workup.workup_path(lesions="multiple", appearance="blastic", myeloma_screen="abnormal")
    assert path.outcome == "multiple"
    assert "ignored" in path.notes[0]


def test_solitary_lesion_without_primary_goes_to_a_sarcoma_center():
    path = workup.workup_path(lesions="solitary", appearance="lytic")
    assert path.steps == ("history", "labs", "xray", "ct", "solitary")
    assert "sarcoma" in " ".join(path.notes)


def test_primary_found_on_chest_xray_still_gets_ct_and_a_biopsy():
    path = workup.workup_path(lesions="multiple", appearance="mixed", imaging="chest_xray")
    assert path.steps == ("history", "labs", "xray", "ct", "primary")
    assert "43%" in " ".join(path.notes)


def test_solitary_lesion_with_a_primary_warns_about_histology_before_surgery():
    path = workup.workup_path(lesions="solitary", appearance="lytic", imaging="ct")
    assert path.outcome == "primary"
    assert "own histology" in " ".join(path.notes)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"lesions": "two", "appearance": "lytic"}, "number of lesions must be one of"),
        ({"lesions": "solitary", "appearance": "sclerotic"}, "appearance of the lesion"),
        ({"lesions": "solitary", "appearance": "lytic", "imaging": "pet"}, "imaging finding"),
        (
            {"lesions": "solitary", "appearance": "lytic", "myeloma_screen": "high"},
            "myeloma screen result",
        ),
    ],
)
def test_workup_rejects_unknown_findings(kwargs, message):
    with pytest.raises(ValueError, match=message):
        workup.workup_path(**kwargs)


def test_show_path_highlights_only_the_path():
    fig = new_figure()
    artists = workup.draw_workup(fig.add_subplot())
    path = workup.workup_path(lesions="solitary", appearance="blastic")
    artists.show_path(path)
    for node in workup.NODES:
        assert artists.frames[node].get_visible() == (node in path.steps)
        assert artists.dim[node].get_visible() == (node not in path.steps)
    assert artists.arrows[("ct", "solitary")].get_visible()
    assert not artists.arrows[("ct", "primary")].get_visible()
    assert artists.frames["solitary"].get_linewidth() > artists.frames["ct"].get_linewidth()


def test_rougraff_numbers_are_the_published_ones():
    assert dict(workup.ROUGRAFF_YIELD) == {
        "history and examination": 8.0,
        "chest X-ray": 43.0,
        "CT of the chest (further)": 15.0,
        "CT of abdomen and pelvis (further)": 13.0,
    }
    assert (workup.ROUGRAFF_OVERALL, workup.ROUGRAFF_BIOPSY_ALONE) == (85.0, 35.0)
    assert "doi:10.2106/00004623-199309000-00003" in workup.REFERENCE


def test_rougraff_figure_has_six_bars_with_hatches():
    fig = workup.rougraff_yield_figure()
    bars = fig.axes[0].patches
    assert len(bars) == 6
    assert {b.get_hatch() for b in bars[-2:]} == {"//", ".."}
