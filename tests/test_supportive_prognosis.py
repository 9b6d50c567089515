"""Module 6.3: survival data and figure, score-band figure, Tokuhashi and Katagiri views."""

from __future__ import annotations

import csv

import ipywidgets as widgets
import pytest
from matplotlib.figure import Figure

from course.calculators.prognosis import UNVERIFIED, katagiri_primary_group, katagiri_score
from course.paths import data_file
from course.plotting.prognosis import (
    CONTEMPORARY_SURVIVAL_FILE,
    ScoreBand,
    load_contemporary_survival,
    load_median_survival,
    score_band_figure,
    survival_by_primary_figure,
    update_score_band,
)
from course.widgets.prognosis import KatagiriView, TokuhashiView, unverified_notes

# --- data --------------------------------------------------------------------------------------

# Svensson 2017 (BMJ Open 7:e016022) and Zhang 2023 (BMJ Open 13:e069908), evidence sheet 3.2.
CONTEMPORARY = {
    ("breast", "1-year survival after bone metastasis"): 51,
    ("lung", "1-year survival after bone metastasis"): 10,
    ("breast", "5-year survival after bone metastasis"): 13,
    ("thyroid", "5-year survival, bone-only metastases at diagnosis"): 46.9,
    ("breast", "5-year survival, bone-only metastases at diagnosis"): 32.1,
    ("prostate", "5-year survival, bone-only metastases at diagnosis"): 25.9,
}
# Coleman 2001 median survival (months) [secondary], evidence sheet 3.2.
COLEMAN = {
    "myeloma": (6, 54),
    "breast": (19, 25),
    "prostate": (12, 53),
    "thyroid": (48, 48),
    "bladder": (6, 9),
    "lung": (6, 7),
    "kidney": (12, 12),
    "melanoma": (6, 6),
}


def test_contemporary_table_values_sources_and_status():
    rows = load_contemporary_survival()
    assert len(rows) == len(CONTEMPORARY) > 0
    for row in rows:
        assert CONTEMPORARY[(row.primary, row.measure)] == row.percent
        assert row.verified == "yes"
        assert ("Svensson" in row.source) or ("Zhang" in row.source)
        if "Svensson" in row.source:
            assert "28893744" in row.doi_or_pmid and "bmjopen-2017-016022" in row.doi_or_pmid
    with data_file(CONTEMPORARY_SURVIVAL_FILE).open(encoding="utf-8") as fh:
        header = next(csv.reader(fh))
    assert "source" in header and "verified" in header


def test_median_survival_read_from_the_module_1_table():
    rows = {r.primary: r for r in load_median_survival()}
    assert set(COLEMAN) <= set(rows)
    for primary, (low, high) in COLEMAN.items():
        assert (rows[primary].low_months, rows[primary].high_months) == (low, high)
        assert rows[primary].verified == "secondary"
        assert "Coleman" in rows[primary].source
    assert rows["breast"].text == "19-25 mo" and rows["thyroid"].text == "48 mo"


def _write(tmp_path, text):
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "primary,label,measure,percent,population,source,doi_or_pmid,verified\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("lung,Lung,1-year,10,pop,,x,yes\n", "needs a source"),
        ("lung,Lung,1-year,10,pop,src,x,maybe\n", "verified must be one of"),
        ("lung,Lung,1-year,ten,pop,src,x,yes\n", "must be a number"),
        ("lung,Lung,1-year,120,pop,src,x,yes\n", "at most 100"),
        ("", "has no rows"),
    ],
)
def test_contemporary_loader_rejects_bad_rows(tmp_path, body, message):
    with pytest.raises(ValueError, match=message):
        load_contemporary_survival(_write(tmp_path, HEAD + body))


def test_median_loader_rejects_missing_columns(tmp_path):
    with pytest.raises(ValueError, match="lacks the column"):
        load_median_survival(_write(tmp_path, "primary,label,source,verified\nx,X,s,yes\n"))


# --- figures --------------------------------------------------------------------------------


def test_survival_figure_has_both_panels_labelled_and_sourced():
    fig = survival_by_primary_figure()
    assert isinstance(fig, Figure)
    left, right = fig.axes[:2]
    assert "months" in left.get_xlabel() and "%" in right.get_xlabel()
    assert left.get_title() and right.get_title()
    assert [t.get_text() for t in left.get_yticklabels()][-1] == "Thyroid", "longest at the top"
    left_text = " ".join(t.get_text() for t in left.texts)
    right_text = " ".join(t.get_text() for t in right.texts)
    assert "Coleman 2001" in left_text and "48 mo" in left_text
    assert "Svensson 2017" in right_text and "Zhang 2023" in right_text
    assert "51%" in right_text and "46.9%" in right_text
    hatches = {p.get_hatch() for p in right.patches}
    assert len(hatches) == 3, "each measure has its own hatch, not only a color"


def test_survival_figure_needs_rows():
    with pytest.raises(ValueError, match="at least one row"):
        survival_by_primary_figure([], None)


BANDS = [ScoreBand(0, 8, "low"), ScoreBand(9, 11, "mid"), ScoreBand(12, 15, "high")]


def test_score_band_figure_and_update():
    art = score_band_figure(title="T", xlabel="Total (points)", bands=BANDS, max_total=15)
    assert art.ax.get_title() == "T" and art.ax.get_xlabel() == "Total (points)"
    assert len(art.ax.patches) == 3 and len({p.get_hatch() for p in art.ax.patches}) == 3
    update_score_band(art, total=12, text="Total 12")
    assert list(art.marker.get_xdata()) == [12] and art.label.get_text() == "Total 12"
    for bad in (16, -1, 3.0, True):
        with pytest.raises(ValueError, match="whole number from 0 to 15"):
            update_score_band(art, total=bad, text="x")


@pytest.mark.parametrize(
    ("bands", "max_total", "message"),
    [
        ([], 15, "at least one band"),
        ([ScoreBand(1, 8, "a"), ScoreBand(9, 15, "b")], 15, "contiguous from 0"),
        ([ScoreBand(0, 8, "a"), ScoreBand(10, 15, "b")], 15, "contiguous from 0"),
        ([ScoreBand(0, 8, "a"), ScoreBand(9, 14, "b")], 15, "end at max_total"),
    ],
)
def test_score_band_figure_rejects_bad_bands(bands, max_total, message):
    with pytest.raises(ValueError, match=message):
        score_band_figure(title="T", xlabel="x", bands=bands, max_total=max_total)


def _html(view) -> str:
    return " ".join(c.value for c in view.widget.children if isinstance(c, widgets.HTML))


# --- Tokuhashi view ---------------------------------------------------------------------------

ANA_TOKUHASHI = dict(
    general_condition="moderate",
    extraspinal_bone_metastases="1_to_2",
    vertebral_body_metastases="1",
    major_organ_metastases="none",
    primary_site="breast",
    palsy="none",
)


@pytest.fixture(scope="module")
def tokuhashi():
    return TokuhashiView(**ANA_TOKUHASHI)


def test_tokuhashi_view_ana_13(tokuhashi):
    assert tokuhashi.result.total == 13 and tokuhashi.result.band == "1_year_or_more"
    assert "Total 13/15" in tokuhashi.output.value
    assert "in the 12-15 band" in tokuhashi.pane.description.value
    assert set(tokuhashi.controls) == set(ANA_TOKUHASHI)


# Band edges on both sides, reached from Ana's 13 by changing one or two controls:
# 13 - primary 5->0 (lung) = 8; kidney 3 -> 11; rectum 4 -> 12; lung + good KPS -> 9.
EDGES = [
    ({"primary_site": "lung"}, 8, "under_6_months"),
    ({"primary_site": "lung", "general_condition": "good"}, 9, "6_months_or_more"),
    ({"primary_site": "kidney"}, 11, "6_months_or_more"),
    ({"primary_site": "rectum"}, 12, "1_year_or_more"),
]


@pytest.mark.parametrize(("changes", "total", "band"), EDGES)
def test_tokuhashi_view_band_edges(changes, total, band):
    view = TokuhashiView(**ANA_TOKUHASHI)
    before = view.pane.image.value
    for name, value in changes.items():
        view.controls[name].value = value
    assert (view.result.total, view.result.band) == (total, band)
    assert f"Total {total}/15" in view.output.value
    assert view.pane.image.value != before
    assert f"marks the total, {total}," in view.pane.description.value
    assert view.status.value == ""


def test_tokuhashi_view_flags_unverified_and_cites(tokuhashi):
    html = _html(tokuhashi)
    assert "Not verified for this course" in html
    assert "agreement rates" in html and "reference doi" in html
    assert "Tokuhashi Y" in html and "education only" in html.lower()


def test_tokuhashi_view_rejects_bad_initial_values():
    with pytest.raises(ValueError, match="primary_site must be one of"):
        TokuhashiView(primary_site="colon")


# --- Katagiri view ----------------------------------------------------------------------------

ANA_KATAGIRI = dict(
    primary="breast (hormone-dependent)",
    visceral_metastases="none",
    lab_data="normal",
    ecog_ps=1,
    previous_chemotherapy=False,
    multiple_skeletal_metastases=True,
)
DAVID_KATAGIRI = dict(
    primary="lung (without molecularly targeted therapy)",
    visceral_metastases="nodular",
    lab_data="abnormal",
    ecog_ps=3,
    previous_chemotherapy=True,
    multiple_skeletal_metastases=True,
)


def test_katagiri_view_ana_and_david():
    ana = KatagiriView(**ANA_KATAGIRI)
    assert (ana.result.total, ana.result.band) == (1, "low")
    assert "1-year survival 91%" in ana.output.value
    david = KatagiriView(**DAVID_KATAGIRI)
    assert (david.result.total, david.result.band) == (8, "high")
    assert "6-month survival 27% and 1-year survival 6%" in david.output.value
    assert "least burdensome" in david.output.value


# Edges from Ana's 1: moderate primary (+2) -> 3; + nodular visceral -> 4 (intermediate);
# + abnormal lab, previous chemo -> 6; + ECOG 3 -> 7 (high).
# The Katagiri point values are [unverified] (confirmed only through calculator code). These
# tests check the view's wiring: each total is also compared with the calculator itself, whose
# own tests (tests/test_calc_prognosis.py) hold the point table; the band edges 3/4 and 6/7 come
# from the verified abstract.
KATAGIRI_EDGES = [
    ({"primary": "kidney (renal cell carcinoma)"}, 3, "low"),
    (
        {"primary": "kidney (renal cell carcinoma)", "visceral_metastases": "nodular"},
        4,
        "intermediate",
    ),
    (
        {
            "primary": "kidney (renal cell carcinoma)",
            "visceral_metastases": "nodular",
            "lab_data": "abnormal",
            "previous_chemotherapy": True,
        },
        6,
        "intermediate",
    ),
    (
        {
            "primary": "kidney (renal cell carcinoma)",
            "visceral_metastases": "nodular",
            "lab_data": "abnormal",
            "previous_chemotherapy": True,
            "ecog_ps": 3,
        },
        7,
        "high",
    ),
]


@pytest.mark.parametrize(("changes", "total", "band"), KATAGIRI_EDGES)
def test_katagiri_view_band_edges(changes, total, band):
    view = KatagiriView(**ANA_KATAGIRI)
    before = view.pane.image.value
    for name, value in changes.items():
        view.controls[name].value = value
    assert (view.result.total, view.result.band) == (total, band)
    settings = {**ANA_KATAGIRI, **changes}
    primary = katagiri_primary_group(settings.pop("primary"))
    assert view.result == katagiri_score(primary_group=primary, **settings)
    assert f"Total {total}/10" in view.output.value
    assert view.pane.image.value != before
    assert f"in the {band} risk group" in view.pane.description.value
    if band == "intermediate":
        assert "not verified" in view.output.value


def test_katagiri_view_shows_every_unverified_note():
    view = KatagiriView(**ANA_KATAGIRI)
    html = _html(view)
    notes = unverified_notes("katagiri")
    assert len(notes) == sum(k.startswith("katagiri.") for k in UNVERIFIED) > 0
    for topic, _text in notes:
        assert f"<b>{topic}</b>" in html
    assert "Point values unverified" in view.output.value
    assert "LDH" in html and "bilirubin" in html, "the laboratory categories are explained"
    assert "Katagiri H" in html and "education only" in html.lower()
    primary_labels = [label for label, _ in view.controls["primary"].options]
    assert "Breast (hormone-dependent): slow growth (0 points)" in primary_labels


def test_katagiri_view_rejects_bad_initial_values():
    with pytest.raises(ValueError, match="not in the Katagiri primary-tumor list"):
        KatagiriView(primary="colon")
    with pytest.raises(ValueError, match="ecog_ps"):
        KatagiriView(ecog_ps=5)
