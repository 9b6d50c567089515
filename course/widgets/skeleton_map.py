"""The skeleton map: where bone metastases from a chosen primary cancer usually occur.

A dropdown picks a primary cancer (or all cancers). The view highlights the typical sites on a
schematic skeleton (:mod:`course.plotting.skeleton`), pattern-coded by how often each site is
involved and labelled in words, and shows a text panel with the lesion type and key facts, each
with its source.

Data: ``assets/data/skeletal_sites.csv`` (primary, region, level, frequency, source, verified).
Rows for ``all`` give the general pattern of all cancers; rows for a primary override or add to
it. Where our sources give no distribution specific to a primary, the map says so and shows the
general pattern. A number appears only where the evidence gives one with its source; otherwise
the level is qualitative ("most common", "common", "rare").

Pure compute (:func:`load_skeletal_sites`, :func:`site_profile`) + pure plotting + a thin view
(:class:`SkeletonMap`). For education only, not for clinical decisions.
"""

from __future__ import annotations

import csv
import html
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets

from course.paths import data_file
from course.plotting.epidemiology import IncidenceRow, load_incidence_table
from course.plotting.skeleton import (
    LEVELS,
    REGIONS,
    RegionMark,
    SkeletonDiagram,
    highlight,
    skeleton_diagram,
)
from course.widgets.base import footer, guarded
from course.widgets.blit import BlitPane

DATA_FILE = "skeletal_sites.csv"
VERIFIED_VALUES = ("yes", "secondary", "unverified")

#: Dropdown choices: id -> name shown to the learner ("all" is the general pattern).
PRIMARIES: dict[str, str] = {
    "all": "All cancers",
    "breast": "Breast cancer",
    "prostate": "Prostate cancer",
    "lung": "Lung cancer",
    "kidney": "Kidney (renal cell) cancer",
    "thyroid": "Thyroid cancer",
    "myeloma": "Multiple myeloma (primary marrow cancer)",
}

REFERENCES: tuple[str, ...] = (
    "Jacofsky DJ, Frassica DA, Frassica FJ. Metastatic disease to bone (Hospital Physician review)",
    "Tse V. Spinal metastasis. Medscape/eMedicine (2018)",
    "Batson OV. Ann Surg 1940;112:138-149, doi:10.1097/00000658-194007000-00016",
    "Roodman GD. Mechanisms of bone metastasis. N Engl J Med 2004;350:1655-1664",
    "Coleman RE. Cancer Treat Rev 2001;27:165-176 (table via secondary sources)",
    "Svensson E et al. BMJ Open 2017;7:e016022, doi:10.1136/bmjopen-2017-016022",
    "Choksi P et al. J Clin Endocrinol Metab 2017;102:1254-1260, PMID 28324052",
    "Zhang R et al. Front Oncol 2022, doi:10.3389/fonc.2022.955629",
)


@dataclass(frozen=True)
class SkeletalSite:
    """One row of the sites table."""

    primary: str
    region: str
    level: str
    frequency: str
    source: str
    doi_or_pmid: str
    verified: str
    notes: str = ""


@dataclass(frozen=True)
class SiteMark:
    """A highlighted site; ``general`` is True when it comes from the all-cancer rows."""

    region: str
    region_name: str
    level: str
    frequency: str
    source: str
    verified: str
    general: bool

    @property
    def label(self) -> str:
        """The text shown under the region name on the map."""
        return self.frequency


@dataclass(frozen=True)
class Fact:
    text: str
    source: str


@dataclass(frozen=True)
class PrimaryFacts:
    """Lesion type and key facts of a primary, each fact with its source (evidence sheet)."""

    lesion_type: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class SiteProfile:
    """What the view shows for one choice: highlighted sites, lesion type, facts, Coleman row."""

    primary: str
    name: str
    sites: tuple[SiteMark, ...]
    lesion_type: str
    facts: tuple[Fact, ...]
    incidence: IncidenceRow | None
    specific_regions: tuple[str, ...]

    @property
    def regions(self) -> dict[str, str]:
        """Region id -> level of every highlighted site."""
        return {s.region: s.level for s in self.sites}

    @property
    def general_pattern_only(self) -> bool:
        """True when our sources give no site pattern specific to this primary."""
        return self.primary != "all" and not self.specific_regions


# Facts from the course evidence sheet (medical_facts.md sections 1, 2.7, 3 and 12), written out
# here because project code never reads that sheet at run time.
PRIMARY_FACTS: dict[str, PrimaryFacts] = {
    "all": PrimaryFacts(
        "Lytic (bone destroyed), blastic (disorganized new bone) or mixed: two ends of one "
        "continuum, and most patients show both processes (Roodman 2004).",
        (
            Fact(
                "Bone metastases occur in up to ~70% of patients with advanced breast or "
                "prostate cancer.",
                "Roodman 2004",
            ),
            Fact(
                "Prostate, breast, lung, kidney and thyroid cancers cause about 80% of skeletal "
                "metastases.",
                "Jacofsky & Frassica",
            ),
            Fact(
                "The spine is the most common site; the femur is the most common long bone.",
                "Ramsey 2020",
            ),
            Fact(
                "Axial, red-marrow-rich bones predominate; acral metastases (beyond the elbow or "
                "knee) are rare and most often come from lung cancer.",
                "Jacofsky & Frassica",
            ),
        ),
    ),
    "breast": PrimaryFacts(
        "Mostly lytic or mixed (Roodman 2004; Coleman 1997).",
        (
            Fact(
                "The most common cause of bone metastases in women; bone is the most common site "
                "of first distant relapse.",
                "Coleman 1997",
            ),
            Fact(
                "After bone metastasis, 51% were alive at 1 year and 13% at 5 years in a Danish "
                "cohort (17,251 patients with bone metastases).",
                "Svensson 2017",
            ),
        ),
    ),
    "prostate": PrimaryFacts(
        "Predominantly blastic, yet bone resorption is increased too; blastic lesions still cause "
        "pain and pathological fractures because the new bone is of poor quality (Roodman 2004).",
        (
            Fact(
                "Bone is involved in about 90% of men with metastatic castration-resistant "
                "prostate cancer.",
                "review PMC5378096",
            ),
            Fact(
                "Favors the lumbar spine, sacrum and pelvis, in keeping with the valveless "
                "vertebral venous plexus that links the pelvic veins with the spine.",
                "Batson 1940",
            ),
            Fact(
                "The most common primary (34%) among 17,251 Danish patients with bone metastases.",
                "Svensson 2017",
            ),
        ),
    ),
    "lung": PrimaryFacts(
        "Non-small-cell lung cancer usually lytic, small-cell lung cancer often blastic (teaching "
        "table after Roodman 2004; its exact listing is not verified).",
        (
            Fact(
                "The most common primary among patients whose bone metastases are present when "
                "the cancer is diagnosed.",
                "Ryan 2022",
            ),
            Fact(
                "The shortest survival: about 10% are alive 1 year after bone metastasis.",
                "Svensson 2017",
            ),
            Fact(
                "Acral metastases (hand, foot) are rare, and lung cancer is their most common "
                "source.",
                "Jacofsky & Frassica",
            ),
        ),
    ),
    "kidney": PrimaryFacts(
        "Mostly lytic and hypervascular (Kidney Cancer 2020 systematic review; Chen & Kuo 2016).",
        (
            Fact(
                "Bone metastases in about one-third (20-35%) of advanced renal cell carcinoma.",
                "Kidney Cancer 2020 systematic review",
            ),
            Fact(
                "Hypervascular lesions bleed: embolization before surgery is used to reduce "
                "blood loss.",
                "Kidney Cancer 2020 systematic review; Umer 2018",
            ),
        ),
    ),
    "thyroid": PrimaryFacts(
        "Mostly lytic (teaching table after Roodman 2004; its exact listing is not verified).",
        (
            Fact(
                "Among all thyroid cancer patients bone metastases are uncommon: 3.9% of 30,063 "
                "developed them during follow-up, and 0.5% of 64,083 had them at diagnosis.",
                "Choksi 2017; Zhang 2022",
            ),
            Fact(
                "Among thyroid cancers already metastatic at diagnosis, 32.4% involved bone "
                "(61.5% for follicular carcinoma).",
                "Zhang 2022",
            ),
            Fact(
                "A skeletal event roughly doubles mortality (HR 2.14); follicular and medullary "
                "types carry more risk than papillary.",
                "Choksi 2017",
            ),
        ),
    ),
    "myeloma": PrimaryFacts(
        "Purely lytic (Thorsteinsdottir 2019); a bone scan is often negative because there is "
        "little new bone formation (Leng 2019).",
        (
            Fact(
                "Not a metastasis: a primary cancer of plasma cells in the bone marrow, managed "
                "alongside bone metastases (drug labels list it as a separate population).",
                "Xgeva US label",
            ),
            Fact("Lytic lesions in more than 60% of patients at diagnosis.", "Leng 2019"),
            Fact("Bisphosphonates or denosumab are recommended from diagnosis.", "ESMO 2020"),
        ),
    ),
}

_GENERAL_NOTE = (
    "Our sources give no site distribution specific to this cancer, so the map shows the general "
    "pattern of all cancers."
)


# ---------------------------------------------------------------------------------------------
# Pure compute
# ---------------------------------------------------------------------------------------------


def parse_skeletal_sites(records: list[dict[str, str]]) -> tuple[SkeletalSite, ...]:
    """Check raw CSV records of the sites table (errors name the row and the problem)."""
    rows = []
    seen = set()
    for n, rec in enumerate(records, start=1):
        where = f"{DATA_FILE} row {n}"
        for key in ("primary", "region", "level", "source", "verified"):
            if not (rec.get(key) or "").strip():
                raise ValueError(f"{where}: the column {key!r} is empty; every row needs it.")
        primary, region, level = rec["primary"], rec["region"], rec["level"]
        if primary not in PRIMARIES:
            raise ValueError(f"{where}: unknown primary {primary!r}; use one of {list(PRIMARIES)}.")
        if region not in REGIONS:
            raise ValueError(f"{where}: unknown region {region!r}; use one of {list(REGIONS)}.")
        if level not in LEVELS:
            raise ValueError(f"{where}: level {level!r} is not one of {list(LEVELS)}.")
        if rec["verified"] not in VERIFIED_VALUES:
            raise ValueError(f"{where}: verified must be one of {list(VERIFIED_VALUES)}.")
        if (primary, region) in seen:
            raise ValueError(f"{where}: {primary}/{region} appears twice.")
        seen.add((primary, region))
        rows.append(
            SkeletalSite(
                primary=primary,
                region=region,
                level=level,
                frequency=(rec.get("frequency") or "").strip(),
                source=rec["source"].strip(),
                doi_or_pmid=(rec.get("doi_or_pmid") or "").strip(),
                verified=rec["verified"].strip(),
                notes=(rec.get("notes") or "").strip(),
            )
        )
    return tuple(rows)


def load_skeletal_sites(path: Path | str | None = None) -> tuple[SkeletalSite, ...]:
    """Read and check ``assets/data/skeletal_sites.csv`` (or the file at ``path``)."""
    csv_path = Path(path) if path is not None else data_file(DATA_FILE)
    with csv_path.open(newline="", encoding="utf-8") as fh:
        return parse_skeletal_sites(list(csv.DictReader(fh)))


def site_profile(
    primary: str,
    *,
    sites: tuple[SkeletalSite, ...] | None = None,
    incidence: tuple[IncidenceRow, ...] | None = None,
) -> SiteProfile:
    """The sites, lesion type and facts for one choice of the dropdown.

    Rows of the primary override the all-cancer rows region by region; the other all-cancer rows
    are kept and marked as general.
    """
    if primary not in PRIMARIES:
        raise ValueError(
            f"{primary!r} is not one of the choices: {', '.join(PRIMARIES)} (use the ids)."
        )
    sites = load_skeletal_sites() if sites is None else sites
    incidence = load_incidence_table() if incidence is None else incidence
    general = {s.region: s for s in sites if s.primary == "all"}
    specific = {s.region: s for s in sites if s.primary == primary and primary != "all"}
    merged = {**general, **specific}
    marks = tuple(
        SiteMark(
            region=region,
            region_name=REGIONS[region],
            level=s.level,
            frequency=s.frequency,
            source=s.source,
            verified=s.verified,
            general=region not in specific and primary != "all",
        )
        for region in REGIONS
        if (s := merged.get(region)) is not None
    )
    facts = PRIMARY_FACTS[primary]
    row = next((r for r in incidence if r.primary == primary), None)
    return SiteProfile(
        primary=primary,
        name=PRIMARIES[primary],
        sites=marks,
        lesion_type=facts.lesion_type,
        facts=facts.facts,
        incidence=row,
        specific_regions=tuple(r for r in REGIONS if r in specific),
    )


def profile_marks(profile: SiteProfile) -> dict[str, RegionMark]:
    """The region marks to draw for a profile."""
    return {s.region: RegionMark(s.level, s.label) for s in profile.sites}


def profile_title(profile: SiteProfile) -> tuple[str, str]:
    """Figure title and subtitle for a profile."""
    if profile.primary == "all":
        return (
            "Where bone metastases occur: all cancers",
            "The axial, red-marrow-rich skeleton predominates (Jacofsky & Frassica; spine: Tse)",
        )
    if profile.primary == "myeloma":
        title = "Multiple myeloma: a primary marrow cancer, not a metastasis"
    else:
        title = f"Where bone metastases occur: {profile.name.lower()}"
    if profile.primary == "prostate":
        sub = "Favored sites from Batson 1940; the other sites show the general pattern"
    elif profile.primary == "lung":
        sub = "Acral sites are rare, but lung is their usual source; other sites: general pattern"
    else:
        sub = "No site pattern specific to this cancer in our sources: general pattern shown"
    return title, sub


def describe(profile: SiteProfile) -> str:
    """A text description of the figure (what a sighted learner sees), for every reader."""
    parts = [f"Front view of a schematic skeleton for {profile.name.lower()}."]
    hatch_words = {"most common": "cross-hatched", "common": "diagonal lines", "rare": "dotted"}
    for level in LEVELS:
        names = [s.region_name.lower() for s in profile.sites if s.level == level]
        if names:
            parts.append(f"{level.capitalize()} ({hatch_words[level]}): {', '.join(names)}.")
    parts.append("All other bones are not highlighted.")
    if profile.general_pattern_only:
        parts.append(_GENERAL_NOTE)
    return " ".join(parts)


def profile_html(profile: SiteProfile) -> str:
    """The text panel: lesion type, how often bone is involved, key facts, and the sites table."""
    e = html.escape
    out = [f"<h4 style='margin:2px 0 6px 0'>{e(profile.name)}</h4>"]
    out.append(f"<p style='margin:4px 0'><b>Lesion type:</b> {e(profile.lesion_type)}</p>")
    row = profile.incidence
    if row is not None:
        what = "Bone involvement" if profile.primary == "myeloma" else "Bone metastases"
        out.append(
            f"<p style='margin:4px 0'><b>{what} in advanced disease:</b> {e(row.incidence_text)}; "
            f"<b>median survival after bone metastasis:</b> {e(row.survival_text)} "
            "(Coleman 2001; figures checked via secondary sources).</p>"
        )
    items = "".join(
        f"<li>{e(f.text)}{f' <i>({e(f.source)})</i>' if f.source else ''}</li>"
        for f in profile.facts
    )
    out.append(f"<b>Key facts</b><ul style='margin:2px 0 6px 0;padding-left:18px'>{items}</ul>")
    if profile.general_pattern_only:
        out.append(f"<p style='margin:4px 0'><i>{e(_GENERAL_NOTE)}</i></p>")
    rows = "".join(
        "<tr>"
        f"<td>{e(s.region_name)}</td><td>{e(s.level)}</td>"
        f"<td>{e(s.frequency) or '&ndash;'}</td>"
        f"<td>{e(s.source)}{' <i>(all cancers)</i>' if s.general else ''}</td>"
        f"<td>{e(s.verified)}</td>"
        "</tr>"
        for s in profile.sites
    )
    out.append(
        "<details><summary><b>Sites on the map and their sources</b></summary>"
        "<table style='font-size:85%;border-collapse:collapse'>"
        "<tr><th align='left'>Site</th><th align='left'>Level</th><th align='left'>Detail</th>"
        f"<th align='left'>Source</th><th align='left'>Verified</th></tr>{rows}</table></details>"
    )
    return "<div style='font-size:92%;line-height:1.35'>" + "".join(out) + "</div>"


# ---------------------------------------------------------------------------------------------
# View
# ---------------------------------------------------------------------------------------------


class SkeletonMap:
    """Pick a primary cancer; see its typical skeletal sites, lesion type and key facts."""

    def __init__(self, primary: str = "all"):
        self._sites = load_skeletal_sites()
        self._incidence = load_incidence_table()
        self.diagram: SkeletonDiagram = skeleton_diagram()
        self.controls: dict[str, widgets.Widget] = {
            "primary": widgets.Dropdown(
                options=[(name, key) for key, name in PRIMARIES.items()],
                value=primary if primary in PRIMARIES else "all",
                description="Primary cancer:",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="420px"),
            )
        }
        self.result: SiteProfile | None = None
        self.status = widgets.HTML()
        self.info = widgets.HTML(layout=widgets.Layout(min_width="300px", max_width="760px"))
        self._warm_label_cache()
        self._compute_and_draw()
        # Every choice restyles the whole diagram, so every refresh draws it all. Matplotlib
        # renders text glyph by glyph, which dominates this figure's redraw; unhinted glyphs
        # render faster and look the same at this size.
        self.pane = BlitPane(
            self.diagram.fig,
            cache=False,
            rc={"text.hinting": "no_hinting"},
            description=describe(self.result),
            width_px=760,
        )
        self.controls["primary"].observe(guarded(self.update, self.status), names="value")
        legend_note = widgets.HTML(
            "<div style='font-size:85%;color:#444'>Each level has its own fill pattern "
            "(cross-hatched, diagonal lines, dotted) and the labels name it in words, so no "
            "meaning depends on color.</div>"
        )
        self.widget = widgets.VBox(
            [
                self.controls["primary"],
                self.status,
                widgets.Box(
                    [self.pane.widget, self.info],
                    layout=widgets.Layout(flex_flow="row wrap", align_items="flex-start"),
                ),
                legend_note,
                footer(REFERENCES),
            ]
        )

    def _warm_label_cache(self) -> None:
        """Lay out every primary's labels once, so the first choice of each is as fast as later
        ones (label glyph outlines are cached per text)."""
        for key in PRIMARIES:
            profile = site_profile(key, sites=self._sites, incidence=self._incidence)
            title, subtitle = profile_title(profile)
            highlight(self.diagram, profile_marks(profile), title=title, subtitle=subtitle)

    def _compute_and_draw(self) -> None:
        profile = site_profile(
            self.controls["primary"].value, sites=self._sites, incidence=self._incidence
        )
        title, subtitle = profile_title(profile)
        highlight(self.diagram, profile_marks(profile), title=title, subtitle=subtitle)
        self.info.value = profile_html(profile)
        self.result = profile

    def update(self) -> None:
        """Recompute for the chosen primary, restyle the artists in place and re-render."""
        self._compute_and_draw()
        self.pane.set_description(describe(self.result))
        self.pane.refresh()


__all__ = [
    "PRIMARIES",
    "PRIMARY_FACTS",
    "SiteMark",
    "SiteProfile",
    "SkeletalSite",
    "SkeletonMap",
    "describe",
    "load_skeletal_sites",
    "profile_html",
    "profile_marks",
    "site_profile",
]
