"""Module 4 widgets driven headless: the evidence explorer and the decay and dose view.

Controls are set in plain Python; the tests check the computed result against the models, that
the rendered PNG changes (or, where only text changes, does not), and that the published figures
and descriptions carry the right numbers.
"""

from __future__ import annotations

import pytest

from course.models.decay import half_life_days, remaining_fraction
from course.models.survival import exponential_survival
from course.widgets.blit import BlitPane
from course.widgets.evidence import (
    SRE_TRIALS,
    SURVIVAL_TRIALS,
    EvidenceExplorer,
    published_figures_html,
)
from course.widgets.radiopharm import (
    DecayDoseView,
    injected_activity_mbq,
    load_regimens,
)

ISOTOPES = ["Ra-223", "Sr-89", "Sm-153", "Lu-177"]


@pytest.fixture(scope="module")
def sre():
    return EvidenceExplorer(SRE_TRIALS, initial="Fizazi 2011", month=12)


@pytest.fixture(scope="module")
def decay():
    return DecayDoseView(isotope="Ra-223", day=28, weight_kg=70)


def test_collections_are_not_empty():
    assert len(SRE_TRIALS) == 3 and len(SURVIVAL_TRIALS) == 2 and ISOTOPES


# ---------------------------------------------------------------------------------------------
# Evidence explorer
# ---------------------------------------------------------------------------------------------


def test_explorer_initial_state(sre):
    r = sre.result
    assert r.trial == "Fizazi 2011" and r.month == 12
    assert r.control == pytest.approx(exponential_survival(17.1, 12))
    assert r.experimental == pytest.approx(exponential_survival(20.7, 12))
    assert r.comparator == pytest.approx(exponential_survival(17.1 / 0.82, 12))
    assert sre.controls["month"].max == 48
    html = sre.published.value
    for text in ("20.7 months vs 17.1 months", "0.82 (95% CI 0.71-0.95)", "Lancet 2011", "0.83"):
        assert text in html
    assert "reconstruction" in sre.pane.description.value.lower()
    assert sre.pane.image.value[:4] == b"\x89PNG"


def test_explorer_month_moves_the_cursor_only(sre):
    before = sre.pane.image.value
    draws = sre.pane.full_draws
    sre.controls["month"].value = 30
    assert sre.result.month == 30
    assert sre.result.control == pytest.approx(exponential_survival(17.1, 30))
    assert sre.pane.image.value != before
    assert sre.pane.full_draws == draws  # the background was reused
    assert "At month 30" in sre.pane.description.value


def test_explorer_switching_trials_updates_figures_and_slider(sre):
    sre.controls["trial"].value = "Stopeck 2010"
    r = sre.result
    assert r.trial == "Stopeck 2010" and r.experimental is None and r.median_ratio is None
    assert sre.controls["month"].max == 72
    assert "not reached vs 26.4 months" in sre.published.value
    assert "32.2 months" in sre.published.value
    assert "median was not reached" in sre.pane.description.value
    sre.controls["trial"].value = "Henry 2011"
    assert sre.controls["month"].max == 48
    assert "20.5 months vs 16.3 months" in sre.published.value
    assert sre.status.value == ""


def test_explorer_comparator_checkbox(sre):
    sre.controls["trial"].value = "Fizazi 2011"
    before = sre.pane.image.value
    sre.controls["comparator"].value = False
    assert sre.pane.image.value != before
    assert "hazard ratio" not in sre.pane.description.value.split("published median")[-1]
    sre.controls["comparator"].value = True
    assert "built from the hazard ratio 0.82" in sre.pane.description.value


def test_survival_explorer_shows_alsympca_and_vision():
    view = EvidenceExplorer(SURVIVAL_TRIALS, month=12)
    assert view.result.trial == "ALSYMPCA (Parker 2013)"
    assert view.result.experimental == pytest.approx(0.5722, abs=1e-4)
    assert view.result.control == pytest.approx(0.4790, abs=1e-4)
    assert "14.9 months vs 11.3 months" in view.published.value
    view.controls["trial"].value = "VISION (Sartor 2021)"
    assert view.result.comparator_median_months == pytest.approx(18.23, abs=0.01)
    assert "0.62 (95% CI 0.52-0.74)" in view.published.value
    assert "PMC8446332" in view.published.value
    assert view.controls["trial"].options == SURVIVAL_TRIALS


def test_explorer_rejects_bad_arguments():
    with pytest.raises(ValueError, match="Unknown trial"):
        EvidenceExplorer(["No such trial"])
    with pytest.raises(ValueError, match="not among the trials"):
        EvidenceExplorer(SRE_TRIALS, initial="VISION")
    with pytest.raises(ValueError, match="at least one trial"):
        EvidenceExplorer([])


def test_published_html_escapes_and_cites():
    from course.plotting.evidence import reconstruct

    html = published_figures_html(reconstruct("ALSYMPCA"))
    assert "Published figures" in html and "Reconstruction" in html
    assert "11.3 / 14.9 = 0.76" in html and "reported Cox HR 0.70" in html
    assert "<script" not in html


# ---------------------------------------------------------------------------------------------
# Decay and dose view
# ---------------------------------------------------------------------------------------------


def test_decay_initial_state(decay):
    r = decay.result
    assert r.isotope == "Ra-223" and r.day == 28
    assert r.fraction == pytest.approx(remaining_fraction("Ra-223", 28))
    assert r.fraction == pytest.approx(0.18305, abs=1e-5)  # quantitative models 3
    assert r.injected_mbq == pytest.approx(0.055 * 70)
    assert r.remaining_mbq == pytest.approx(0.055 * 70 * r.fraction)
    assert r.particle_range_um == 100
    assert "[unverified]" in decay.card.value
    assert "18.3% left" in decay.card.value
    assert "18.3%" in decay.decay_pane.description.value


@pytest.mark.parametrize("isotope", ISOTOPES)
def test_decay_isotope_switch_changes_both_figures(decay, isotope):
    decay.controls["isotope"].value = "Ra-223" if isotope != "Ra-223" else "Lu-177"
    decay_before = decay.decay_pane.image.value
    range_before = decay.range_pane.image.value
    decay.controls["isotope"].value = isotope
    r = decay.result
    assert r.isotope == isotope
    assert r.half_life_days == half_life_days(isotope)
    assert r.fraction == pytest.approx(remaining_fraction(isotope, r.day))
    assert decay.decay_pane.image.value != decay_before
    assert decay.range_pane.image.value != range_before
    assert isotope in decay.range_pane.description.value
    assert decay.status.value == ""


def test_decay_day_slider(decay):
    decay.controls["isotope"].value = "Sm-153"
    before = decay.decay_pane.image.value
    decay.controls["day"].value = 7
    assert decay.result.fraction == pytest.approx(remaining_fraction("Sm-153", 7))
    assert decay.result.half_lives == pytest.approx(7 / half_life_days("Sm-153"))
    assert decay.decay_pane.image.value != before


def test_weight_changes_text_not_picture_and_only_per_kg(decay):
    decay.controls["isotope"].value = "Ra-223"
    decay.controls["day"].value = 28
    picture = decay.decay_pane.image.value
    decay.controls["weight"].value = 100
    assert decay.result.injected_mbq == pytest.approx(5.5)
    assert decay.decay_pane.image.value == picture
    assert "5.5 MBq" in decay.card.value
    assert not decay.controls["weight"].disabled
    decay.controls["isotope"].value = "Lu-177"
    assert decay.controls["weight"].disabled
    assert decay.result.injected_mbq == 7400
    assert "7.4 GBq" in decay.card.value


def test_backgrounds_are_cached_per_isotope(decay):
    pane = decay.decay_pane
    assert isinstance(pane, BlitPane)
    draws = pane.full_draws
    for iso in ISOTOPES:
        decay.controls["isotope"].value = iso
        decay.controls["day"].value = 14
    assert pane.full_draws == draws


def test_regimens_and_activity():
    regimens = load_regimens()
    assert injected_activity_mbq(regimens["Ra-223"], 80) == pytest.approx(4.4)
    assert injected_activity_mbq(regimens["Sm-153"], 80) == pytest.approx(2960)
    assert injected_activity_mbq(regimens["Sr-89"], 80) == 150
    with pytest.raises(ValueError, match="between 20 and 250 kg"):
        injected_activity_mbq(regimens["Ra-223"], 5)
    with pytest.raises(ValueError, match="number of kilograms"):
        injected_activity_mbq(regimens["Ra-223"], True)


def test_decay_view_rejects_an_unknown_isotope():
    with pytest.raises(ValueError, match="Unknown isotope"):
        DecayDoseView(isotope="I-131")


def test_widgets_have_footers_with_sources(decay, sre):
    decay_footer = decay.widget.children[-1].value
    assert "ICRP" in decay_footer and "Katz" in decay_footer
    assert "education only" in decay_footer.lower()
    assert "Parker" in sre.widget.children[-1].value
