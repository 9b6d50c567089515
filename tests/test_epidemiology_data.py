"""Data tables of module 1.1 and the incidence/survival chart (course.plotting.epidemiology).

Expected values are typed in from the evidence sheet (medical_facts sections 3.2 and 3.3), not read
from the data files. Coleman's table is marked [secondary] there (verified only through secondary
reproductions), so its rows must say ``secondary``; the spinal split (thoracic ~70%, lumbar ~20%,
cervical ~10%; Tse, Medscape) is unmarked (verified).
"""

from __future__ import annotations

import csv
import tomllib

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from course.paths import ROOT, data_file
from course.plotting.epidemiology import (
    IncidenceRow,
    incidence_survival_chart,
    load_incidence_table,
    parse_incidence_rows,
)
from course.plotting.skeleton import LEVELS, REGIONS
from course.widgets.skeleton_map import PRIMARIES, load_skeletal_sites, parse_skeletal_sites

# Coleman 2001 table as given in the evidence sheet (section 3.2): incidence (%) and median
# survival (months) as (low, high); single values have low == high.
COLEMAN = {
    "myeloma": ((70, 95), (6, 54)),
    "breast": ((65, 75), (19, 25)),
    "prostate": ((65, 75), (12, 53)),
    "thyroid": ((60, 60), (48, 48)),
    "bladder": ((40, 40), (6, 9)),
    "lung": ((30, 40), (6, 7)),
    "kidney": ((20, 25), (12, 12)),
    "melanoma": ((14, 45), (6, 6)),
}
SPINE = {  # Tse (Medscape): share of symptomatic spinal lesions
    "thoracic_spine": "~70%",
    "lumbar_spine": "~20%",
    "cervical_spine": "~10%",
}


@pytest.fixture(scope="module")
def rows() -> tuple[IncidenceRow, ...]:
    return load_incidence_table()


@pytest.fixture(scope="module")
def raw_incidence() -> list[dict[str, str]]:
    with data_file("bone_metastasis_incidence.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_collections_are_not_empty(rows):
    assert COLEMAN and SPINE and rows and load_skeletal_sites()


# --- the incidence table ---------------------------------------------------------------------


def test_incidence_table_matches_coleman_cell_by_cell(rows):
    by_primary = {r.primary: r for r in rows}
    assert set(by_primary) == set(COLEMAN)
    for primary, ((inc_lo, inc_hi), (surv_lo, surv_hi)) in COLEMAN.items():
        r = by_primary[primary]
        assert (r.incidence_low_pct, r.incidence_high_pct) == (inc_lo, inc_hi), primary
        assert (r.survival_low_months, r.survival_high_months) == (surv_lo, surv_hi), primary


@pytest.mark.parametrize("primary", sorted(COLEMAN))
def test_every_incidence_row_has_source_and_is_marked_secondary(rows, primary):
    r = next(r for r in rows if r.primary == primary)
    assert "Coleman" in r.source and "2001" in r.source
    assert r.verified == "secondary"  # evidence sheet: [secondary]
    assert "doi:" in r.doi_or_pmid or "PMID" in r.doi_or_pmid


def test_raw_csv_has_source_and_verified_on_every_row(raw_incidence):
    assert raw_incidence
    for rec in raw_incidence:
        assert rec["source"].strip() and rec["verified"] in ("yes", "secondary", "unverified")


def test_range_texts(rows):
    by_primary = {r.primary: r for r in rows}
    assert by_primary["breast"].incidence_text == "65\u201375%"
    assert by_primary["thyroid"].incidence_text == "60%"
    assert by_primary["thyroid"].survival_text == "48 months"
    assert by_primary["lung"].survival_text == "6\u20137 months"
    assert by_primary["breast"].incidence_mid_pct == 70


def _record(**changes: str) -> dict[str, str]:
    base = {
        "primary": "breast",
        "label": "Breast",
        "incidence_low_pct": "65",
        "incidence_high_pct": "75",
        "survival_low_months": "19",
        "survival_high_months": "25",
        "source": "Coleman 2001",
        "doi_or_pmid": "",
        "verified": "secondary",
        "notes": "",
    }
    return {**base, **changes}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": " "}, "source"),
        ({"verified": "maybe"}, "verified"),
        ({"incidence_low_pct": "80"}, "reversed"),
        ({"survival_low_months": "30"}, "reversed"),
        ({"incidence_high_pct": "120"}, "100%"),
        ({"incidence_low_pct": "about 65"}, "must be a number"),
        ({"survival_high_months": "nan"}, "finite"),
    ],
)
def test_bad_incidence_rows_are_rejected(changes, message):
    with pytest.raises(ValueError, match=message):
        parse_incidence_rows([_record(**changes)])


def test_duplicate_primary_is_rejected():
    with pytest.raises(ValueError, match="only once"):
        parse_incidence_rows([_record(), _record()])


# --- the skeletal sites table ----------------------------------------------------------------


def test_sites_have_source_verified_and_known_codes():
    sites = load_skeletal_sites()
    for s in sites:
        assert s.source.strip(), s
        assert s.verified in ("yes", "secondary", "unverified")
        assert s.region in REGIONS and s.level in LEVELS and s.primary in PRIMARIES


def test_numbers_appear_only_where_the_source_gives_them():
    """Only the spinal split (Tse) carries percentages; every other site is qualitative."""
    with_numbers = {
        (s.primary, s.region): s.frequency for s in load_skeletal_sites() if "%" in s.frequency
    }
    assert set(with_numbers) == {("all", region) for region in SPINE}
    for region, value in SPINE.items():
        assert with_numbers[("all", region)].startswith(value)
        assert "symptomatic spinal lesions" in with_numbers[("all", region)]


def test_prostate_rows_cite_batson_and_lung_rows_are_acral():
    sites = load_skeletal_sites()
    prostate = {s.region: s for s in sites if s.primary == "prostate"}
    assert set(prostate) == {"lumbar_spine", "sacrum", "pelvis"}
    assert all("Batson" in s.source and "1940" in s.source for s in prostate.values())
    lung = {s.region for s in sites if s.primary == "lung"}
    assert lung == {"forearm_hand", "lower_leg_foot"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"region": "elbow"}, "unknown region"),
        ({"level": "frequent"}, "level"),
        ({"primary": "colon"}, "unknown primary"),
        ({"source": ""}, "source"),
        ({"verified": "probably"}, "verified"),
    ],
)
def test_bad_site_rows_are_rejected(changes, message):
    rec = {
        "primary": "all",
        "region": "pelvis",
        "level": "common",
        "frequency": "",
        "source": "Jacofsky & Frassica",
        "doi_or_pmid": "",
        "verified": "yes",
        "notes": "",
        **changes,
    }
    with pytest.raises(ValueError, match=message):
        parse_skeletal_sites([rec])


def test_assets_are_registered_in_sources_toml():
    with (ROOT / "assets" / "SOURCES.toml").open("rb") as fh:
        assets = {a["path"]: a for a in tomllib.load(fh)["asset"]}
    for name in ("bone_metastasis_incidence.csv", "skeletal_sites.csv"):
        entry = assets[f"assets/data/{name}"]
        for key in ("title", "creator", "source", "license"):
            assert entry[key].strip()


# --- the chart -------------------------------------------------------------------------------


def _bars(ax) -> list[Rectangle]:
    return [p for container in ax.containers for p in container]


def test_chart_returns_a_figure_with_one_bar_per_primary_and_panel(rows):
    fig = incidence_survival_chart(rows)
    assert isinstance(fig, Figure)
    axes = [ax for ax in fig.axes if ax.containers]
    assert len(axes) == 2
    for ax in axes:
        assert len(_bars(ax)) == len(rows) == 8


def test_chart_axes_are_labelled_with_units(rows):
    fig = incidence_survival_chart(rows)
    inc, surv = (ax for ax in fig.axes if ax.containers)
    assert "%" in inc.get_xlabel() and "months" in surv.get_xlabel()
    assert inc.get_ylabel() == "Primary cancer"
    assert inc.get_title() and surv.get_title()
    assert fig.get_suptitle()


def test_chart_rows_are_sorted_and_bars_span_the_ranges(rows):
    fig = incidence_survival_chart(rows)
    inc = next(ax for ax in fig.axes if ax.containers)
    labels = [t.get_text() for t in inc.get_yticklabels()]
    ticks = list(inc.get_yticks())
    top_to_bottom = [label for _, label in sorted(zip(ticks, labels, strict=True), reverse=True)]
    assert top_to_bottom[0] == "Myeloma*"  # highest midpoint (82.5%)
    assert top_to_bottom[-1] == "Kidney (renal)"  # lowest midpoint (22.5%)
    by_y = {round(b.get_y() + b.get_height() / 2): b for b in _bars(inc)}
    breast = by_y[ticks[labels.index("Breast")]]
    assert breast.get_x() == 65 and breast.get_width() == pytest.approx(10)


def test_single_values_get_a_marker_and_myeloma_is_hatched(rows):
    fig = incidence_survival_chart(rows)
    inc, surv = (ax for ax in fig.axes if ax.containers)
    singles_inc = sum(r.incidence_low_pct == r.incidence_high_pct for r in rows)
    singles_surv = sum(r.survival_low_months == r.survival_high_months for r in rows)
    assert len([ln for ln in inc.lines if ln.get_marker() == "D"]) == singles_inc == 2
    assert len([ln for ln in surv.lines if ln.get_marker() == "D"]) == singles_surv == 3
    hatched = [b for b in _bars(inc) if b.get_hatch()]
    assert len(hatched) == 1  # myeloma: not a metastasis


def test_chart_value_labels_are_written(rows):
    fig = incidence_survival_chart(rows)
    inc = next(ax for ax in fig.axes if ax.containers)
    texts = {t.get_text() for t in inc.texts}
    assert {"65\u201375%", "60%", "20\u201325%"} <= texts


def test_chart_rejects_bad_options(rows):
    with pytest.raises(ValueError, match="at least one row"):
        incidence_survival_chart([])
    with pytest.raises(ValueError, match="sort_by"):
        incidence_survival_chart(rows, sort_by="alphabet")  # type: ignore[arg-type]


def test_chart_sorted_by_survival(rows):
    fig = incidence_survival_chart(rows, sort_by="survival")
    inc = next(ax for ax in fig.axes if ax.containers)
    labels = [t.get_text() for t in inc.get_yticklabels()]
    ticks = list(inc.get_yticks())
    top = max(zip(ticks, labels, strict=True))[1]
    assert top == "Thyroid"  # 48 months, the longest single median
