"""Module 4 data tables: every row has a source and a status, and the numbers add up.

Dosing arithmetic follows medical facts 7.5 (Xgeva about 13 x 120 mg = 1,560 mg a year vs
Prolia 120 mg; Zometa every 4 weeks about 10-fold more than Reclast). Beta ranges are recomputed
with the Katz-Penfold range-energy relation (Rev Mod Phys 1952;24:28) and checked against the one
published maximum range found (Lu-177 1.6 mm, Ting 2010). The alpha range and the cell size are
not verified by the course's sources and must stay marked so.
"""

from __future__ import annotations

import csv
import math
import tomllib

import pytest

from course.models.decay import radionuclide
from course.paths import ROOT, data_file

TABLES = [
    "bone_agent_products.csv",
    "radiation_ranges.csv",
    "radiopharmaceutical_regimens.csv",
]
STATUSES = {"yes", "secondary", "unverified"}


def rows(name: str) -> list[dict[str, str]]:
    with data_file(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_collections_are_not_empty():
    assert TABLES
    assert all(rows(name) for name in TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_a_source_and_a_status(name):
    table = rows(name)
    assert {"source", "verified"} <= set(table[0])
    for row in table:
        assert row["source"].strip(), row
        assert row["verified"] in STATUSES, row


@pytest.mark.parametrize("name", TABLES)
def test_every_table_is_registered_in_sources_toml(name):
    with (ROOT / "assets" / "SOURCES.toml").open("rb") as fh:
        assets = tomllib.load(fh)["asset"]
    entry = next(a for a in assets if a["path"] == f"assets/data/{name}")
    assert entry["license"] == "CC-BY-4.0" and entry["source"] and entry["title"]


# ---------------------------------------------------------------------------------------------
# Products and doses
# ---------------------------------------------------------------------------------------------


def products() -> dict[str, dict[str, str]]:
    return {r["product"]: r for r in rows("bone_agent_products.csv")}


@pytest.mark.parametrize("product", list(products()))
def test_yearly_exposure_is_dose_times_doses_per_year(product):
    row = products()[product]
    per_year = float(row["doses_per_year"])
    assert per_year == pytest.approx(52 / float(row["interval_weeks"]), abs=0.01)
    assert float(row["annual_mg"]) == pytest.approx(float(row["dose_mg"]) * per_year, abs=0.1)


def test_label_doses():
    p = products()
    assert (p["Xgeva"]["dose_mg"], p["Xgeva"]["interval_weeks"]) == ("120", "4")
    assert (p["Prolia"]["dose_mg"], p["Prolia"]["interval_weeks"]) == ("60", "26")
    assert (p["Zometa"]["dose_mg"], p["Zometa"]["interval_weeks"]) == ("4", "4")
    assert (p["Reclast/Aclasta"]["dose_mg"], p["Reclast/Aclasta"]["interval_weeks"]) == ("5", "52")
    assert p["Xgeva"]["drug"] == p["Prolia"]["drug"] == "denosumab"
    assert p["Zometa"]["purpose"] == "bone metastases"
    assert p["Reclast/Aclasta"]["purpose"] == "osteoporosis"


def test_xgeva_is_13_times_prolia_and_zometa_about_10_times_reclast():
    p = products()
    assert float(p["Xgeva"]["annual_mg"]) == 1560
    assert float(p["Prolia"]["annual_mg"]) == 120
    assert float(p["Xgeva"]["annual_mg"]) / float(p["Prolia"]["annual_mg"]) == 13
    ratio = float(p["Zometa"]["annual_mg"]) / float(p["Reclast/Aclasta"]["annual_mg"])
    assert 10 <= ratio < 11


# ---------------------------------------------------------------------------------------------
# Ranges
# ---------------------------------------------------------------------------------------------


def katz_penfold_mm(emax_mev: float) -> float:
    """Maximum electron range at unit density (mm), Katz & Penfold 1952, 0.01-2.5 MeV."""
    return 10 * 0.412 * emax_mev ** (1.265 - 0.0954 * math.log(emax_mev))


def ranges() -> dict[str, dict[str, str]]:
    return {r["item"]: r for r in rows("radiation_ranges.csv")}


@pytest.mark.parametrize(
    "isotope, emax_mev", [("Sr-89", 1.49), ("Sm-153", 0.81), ("Lu-177", 0.498)]
)
def test_beta_ranges_follow_katz_penfold_at_the_maximum_energy(isotope, emax_mev):
    row = ranges()[f"{isotope} beta"]
    assert radionuclide(isotope).max_particle_energy_mev == emax_mev
    assert float(row["length_um"]) / 1000 == pytest.approx(katz_penfold_mm(emax_mev), rel=0.005)
    assert "Katz" in row["source"]


def test_lu177_agrees_with_the_published_maximum_range():
    # Ting 2010, Table 2: Rmax 1.6 mm (mean 0.67 mm) for Lu-177.
    assert float(ranges()["Lu-177 beta"]["length_um"]) / 1000 == pytest.approx(1.6, abs=0.05)


def test_beta_ranges_are_ordered_by_energy_and_alpha_is_far_shorter():
    r = {k: float(v["length_um"]) for k, v in ranges().items()}
    assert r["Sr-89 beta"] > r["Sm-153 beta"] > r["Lu-177 beta"] > 10 * r["Ra-223 alpha"]


def test_unverified_lengths_are_marked():
    r = ranges()
    assert r["Ra-223 alpha"]["verified"] == "unverified"
    assert r["cell"]["verified"] == "unverified"
    assert float(r["Ra-223 alpha"]["length_um"]) == 100  # the "< 100 micrometers" bound
    assert r["trabecula"]["doi_or_pmid"] == "PMID 2605050"


# ---------------------------------------------------------------------------------------------
# Regimens
# ---------------------------------------------------------------------------------------------


def test_regimens_match_the_evidence_sheet():
    reg = {r["isotope"]: r for r in rows("radiopharmaceutical_regimens.csv")}
    assert set(reg) == {"Ra-223", "Sr-89", "Sm-153", "Lu-177"}
    # quantitative models 3: Ra-223 55 kBq/kg every 4 weeks x 6; Lu-177 7.4 GBq every 6 weeks
    assert (reg["Ra-223"]["activity_mbq"], reg["Ra-223"]["per_kg"]) == ("0.055", "yes")
    assert (reg["Ra-223"]["interval_weeks"], reg["Ra-223"]["administrations"]) == ("4", "6")
    assert (reg["Lu-177"]["activity_mbq"], reg["Lu-177"]["interval_weeks"]) == ("7400", "6")
    # medical facts 8.3: Sm-153-EDTMP 37 MBq/kg (Indian J Cancer 2006)
    assert (reg["Sm-153"]["activity_mbq"], reg["Sm-153"]["per_kg"]) == ("37", "yes")
    # Sr-89 is not in the evidence sheet: kept as secondary
    assert reg["Sr-89"]["verified"] == "secondary"
