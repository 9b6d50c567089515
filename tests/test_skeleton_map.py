"""The skeleton diagram (course.plotting.skeleton) and the skeleton-map view, headless.

Facts checked here are typed in from the evidence sheet (medical_facts 3.3 and 3.4): prostate
cancer favors the lumbar spine, sacrum and pelvis (Batson 1940); acral metastases are rare and
most often from lung cancer (Jacofsky & Frassica); thoracic ~70% of symptomatic spinal lesions
(Tse). All are unmarked (verified) in the sheet.
"""

from __future__ import annotations

import itertools

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import course.widgets.skeleton_map as skeleton_map
from course.plotting.skeleton import (
    LEVEL_STYLES,
    LEVELS,
    REGIONS,
    RegionMark,
    draw_skeleton,
    highlight,
    skeleton_diagram,
)
from course.plotting.style import BONE, new_figure
from course.widgets.skeleton_map import (
    PRIMARIES,
    SkeletonMap,
    describe,
    profile_marks,
    site_profile,
)

PRIMARY_IDS = list(PRIMARIES)
EXPECTED_DROPDOWN = {"all", "breast", "prostate", "lung", "kidney", "thyroid", "myeloma"}


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgba[:3])


def test_collections_are_not_empty():
    assert PRIMARY_IDS and REGIONS and LEVELS and LEVEL_STYLES


# --- plotting --------------------------------------------------------------------------------


def test_draw_skeleton_gives_every_region_patches_on_the_axes():
    fig = new_figure()
    ax = fig.add_subplot()
    regions = draw_skeleton(ax)
    assert set(regions) == set(REGIONS)
    for name, patches in regions.items():
        assert patches, name
        for p in patches:
            assert p.axes is ax
            assert _hex(p.get_facecolor()) == BONE.lower()


def test_levels_differ_by_hatch_as_well_as_color():
    hatches = [s.hatch for s in LEVEL_STYLES.values()]
    colors = [s.facecolor for s in LEVEL_STYLES.values()]
    assert all(hatches) and len(set(hatches)) == len(hatches) == len(LEVELS)
    assert len(set(colors)) == len(colors)


def test_highlight_restyles_labels_and_resets():
    d = skeleton_diagram()
    assert isinstance(d.fig, Figure) and d.highlighted() == {}
    highlight(
        d,
        {
            "thoracic_spine": RegionMark("most common", "~70% of symptomatic spinal lesions"),
            "pelvis": RegionMark("common"),
        },
        title="T",
        subtitle="S",
    )
    assert d.highlighted() == {"thoracic_spine": "most common", "pelvis": "common"}
    spine = d.regions["thoracic_spine"][0]
    assert spine.get_hatch() == LEVEL_STYLES["most common"].hatch
    assert d.label_text("thoracic_spine") == (
        "Thoracic spine: most common\n~70% of symptomatic spinal lesions"
    )
    assert d.label_text("pelvis") == "Pelvis: common"
    assert d.label_text("skull") == ""
    assert d.title.get_text() == "T" and d.subtitle.get_text() == "S"
    # a second call resets what is no longer marked
    highlight(d, {"skull": RegionMark("rare")}, title="U")
    assert d.highlighted() == {"skull": "rare"}
    assert not spine.get_hatch() and d.label_text("thoracic_spine") == ""


def test_highlight_rejects_unknown_region_and_level():
    d = skeleton_diagram()
    with pytest.raises(ValueError, match="Unknown skeleton region"):
        highlight(d, {"elbow": RegionMark("common")}, title="x")
    with pytest.raises(ValueError, match="not one of"):
        highlight(d, {"pelvis": RegionMark("frequent")}, title="x")


def test_labels_never_overlap_and_stay_inside_the_figure():
    """All 16 labels at once, each with the longest text used by the data: no collisions."""
    d = skeleton_diagram()
    longest = max((s.frequency for s in skeleton_map.load_skeletal_sites()), key=len)
    highlight(d, {r: RegionMark("most common", longest) for r in REGIONS}, title="x")
    renderer = FigureCanvasAgg(d.fig).get_renderer()
    boxes = {r: lab.box.get_window_extent(renderer) for r, lab in d.labels.items()}
    width, height = d.fig.bbox.width, d.fig.bbox.height
    for region, box in boxes.items():
        assert box.x0 >= 0 and box.x1 <= width and box.y0 >= 0 and box.y1 <= height, region
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), (a, b)


# --- pure compute of the view ----------------------------------------------------------------


def test_dropdown_offers_the_required_primaries():
    assert set(PRIMARIES) == EXPECTED_DROPDOWN


@pytest.mark.parametrize("primary", PRIMARY_IDS)
def test_every_primary_has_a_highlighted_site_with_a_source(primary):
    profile = site_profile(primary)
    assert profile.sites
    for site in profile.sites:
        assert site.source.strip() and site.verified in ("yes", "secondary", "unverified")
    assert profile.lesion_type and profile.facts
    assert all(f.text for f in profile.facts)


def test_prostate_profile_favors_lumbar_spine_sacrum_and_pelvis():
    profile = site_profile("prostate")
    regions = profile.regions
    for region in ("lumbar_spine", "sacrum", "pelvis"):
        assert regions[region] == "most common"
    assert set(profile.specific_regions) == {"lumbar_spine", "sacrum", "pelvis"}
    assert not profile.general_pattern_only
    assert profile.incidence is not None and profile.incidence.incidence_text == "65\u201375%"


def test_lung_profile_marks_acral_sites_as_rare_lung_source():
    profile = site_profile("lung")
    acral = {s.region: s for s in profile.sites if s.region in ("forearm_hand", "lower_leg_foot")}
    assert {s.level for s in acral.values()} == {"rare"}
    assert all("lung" in s.frequency for s in acral.values())
    assert all(not s.general for s in acral.values())


def test_all_cancers_profile_has_the_spinal_split_and_no_sacrum():
    profile = site_profile("all")
    marks = profile_marks(profile)
    assert marks["thoracic_spine"] == RegionMark(
        "most common", "~70% of symptomatic spinal lesions"
    )
    assert marks["lumbar_spine"].text.startswith("~20%")
    assert marks["cervical_spine"].text.startswith("~10%")
    assert "sacrum" not in marks and "sternum" not in marks
    assert profile.incidence is None


@pytest.mark.parametrize("primary", ["breast", "kidney", "thyroid", "myeloma"])
def test_primaries_without_a_specific_map_say_so(primary):
    profile = site_profile(primary)
    assert profile.general_pattern_only
    assert all(s.general for s in profile.sites)
    assert "general pattern" in describe(profile)


def test_thyroid_profile_states_both_denominators():
    profile = site_profile("thyroid")
    text = " ".join(f.text for f in profile.facts)
    assert "3.9%" in text and "61.5%" in text
    assert profile.incidence.incidence_text == "60%"


def test_site_profile_rejects_unknown_primary():
    with pytest.raises(ValueError, match="not one of the choices"):
        site_profile("colon")


# --- the view (headless) ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def view() -> SkeletonMap:
    return SkeletonMap()


def test_view_has_controls_result_and_widget(view):
    assert set(view.controls) == {"primary"}
    assert view.widget is not None
    assert view.result.primary == "all"
    assert bytes(view.pane.image.value).startswith(b"\x89PNG")


@pytest.mark.parametrize("primary", [p for p in PRIMARY_IDS if p != "all"] + ["all"])
def test_changing_the_dropdown_updates_result_image_and_text(view, primary):
    if view.controls["primary"].value == primary:  # the view is shared: start somewhere else
        view.controls["primary"].value = next(p for p in PRIMARY_IDS if p != primary)
    before_image = view.pane.image.value
    before_description = view.pane.description.value
    view.controls["primary"].value = primary
    assert view.result.primary == primary
    assert view.status.value == ""
    assert view.pane.image.value != before_image
    assert view.pane.description.value != before_description
    assert view.diagram.highlighted() == view.result.regions
    assert PRIMARIES[primary] in view.info.value


def test_interaction_only_changes_artists_in_place(view):
    fig, axes = view.diagram.fig, list(view.diagram.fig.axes)
    patches = {r: tuple(map(id, ps)) for r, ps in view.diagram.regions.items()}
    view.controls["primary"].value = "lung"
    view.controls["primary"].value = "prostate"
    assert view.pane.fig is fig and list(fig.axes) == axes
    assert {r: tuple(map(id, ps)) for r, ps in view.diagram.regions.items()} == patches
    assert view.diagram.label_text("sacrum") == "Sacrum: most common\nfavored by prostate cancer"


def test_errors_show_inside_the_widget(monkeypatch):
    v = SkeletonMap()

    def broken(*_args, **_kwargs):
        raise ValueError("the sites table is broken")

    monkeypatch.setattr(skeleton_map, "site_profile", broken)
    v.controls["primary"].value = "breast"
    assert "Check the input" in v.status.value and "broken" in v.status.value
