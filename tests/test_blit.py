"""The one fast-redraw pane (course.widgets.blit): pictures, caches, full redraws, the encoder."""

from __future__ import annotations

import io

import matplotlib as mpl
import numpy as np
import pytest
from matplotlib.artist import Artist
from matplotlib.patches import Rectangle
from PIL import Image

from course.plotting.style import figure_to_png, new_figure
from course.widgets import blit
from course.widgets.blit import BlitPane, png_bytes

WIDTH_IN, HEIGHT_IN = 4.0, 3.0  # 400 x 300 pixels at the course's 100 dpi


def _decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _figure():
    """A figure with a static line and fixed limits, so nothing but the tested artists moves."""
    fig = new_figure(width_in=WIDTH_IN, height_in=HEIGHT_IN)
    ax = fig.add_subplot()
    ax.plot([0, 10], [0, 10], color="#0072B2")
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 10)
    ax.set_title("static title")
    return fig, ax


def _pixel_box(artist: Artist, fig, pad: int = 3) -> tuple[slice, slice]:
    """Rows and columns of the image that the artist covers (padded), top row first."""
    box = artist.get_window_extent(fig.canvas.get_renderer())
    height = fig.bbox.height
    rows = slice(max(0, int(height - box.y1) - pad), int(height - box.y0) + pad + 1)
    cols = slice(max(0, int(box.x0) - pad), int(box.x1) + pad + 1)
    return rows, cols


class _RcProbe(Artist):
    """An artist that records some rcParams each time it is drawn."""

    def __init__(self):
        super().__init__()
        self.seen: list[tuple[str, list[str]]] = []

    def draw(self, renderer):
        self.seen.append((mpl.rcParams["text.hinting"], list(mpl.rcParams["font.family"])))


# ---------------------------------------------------------------------------------------------
# The picture
# ---------------------------------------------------------------------------------------------


def test_png_decodes_to_the_figure_size():
    fig, ax = _figure()
    (dot,) = ax.plot([5], [5], "o", ms=12, color="#D55E00")
    pane = BlitPane(fig, [dot])
    assert bytes(pane.image.value).startswith(b"\x89PNG")
    assert _decode(pane.image.value).shape == (round(HEIGHT_IN * 100), round(WIDTH_IN * 100), 3)


def test_blitted_picture_matches_a_full_redraw():
    fig, ax = _figure()
    (moving,) = ax.plot([0, 10], [10, 0], color="#D55E00", lw=2)
    pane = BlitPane(fig, [moving])
    blitted = _decode(pane.image.value)
    moving.set_animated(False)
    full = _decode(figure_to_png(fig))
    assert blitted.shape == full.shape
    assert np.mean(np.abs(blitted - full)) < 1.0
    assert (np.abs(blitted - full).max(axis=2) > 0).mean() < 0.01  # antialiasing at most


def test_moving_an_animated_artist_changes_pixels_only_where_it_was_and_is():
    fig, ax = _figure()
    square = Rectangle((1, 1), 1.5, 1.5, facecolor="#D55E00", edgecolor="black")
    ax.add_patch(square)
    pane = BlitPane(fig, [square])
    before = _decode(pane.image.value)
    old = _pixel_box(square, fig)
    draws = pane.full_draws

    square.set_xy((7, 7))
    pane.refresh()
    after = _decode(pane.image.value)
    new = _pixel_box(square, fig)

    changed = np.abs(after - before).max(axis=2) > 0
    assert changed[old].sum() > 100 and changed[new].sum() > 100
    near = np.zeros_like(changed)
    near[old] = near[new] = True
    assert not changed[~near].any(), "pixels far from the moving artist changed"
    assert pane.full_draws == draws  # the background was restored, not redrawn


def test_an_invisible_animated_artist_is_not_drawn():
    fig, ax = _figure()
    square = Rectangle((6, 1), 2, 2, facecolor="black")
    ax.add_patch(square)
    pane = BlitPane(fig, [square])
    shown = _decode(pane.image.value)
    square.set_visible(False)
    pane.refresh()
    hidden = _decode(pane.image.value)
    rows, cols = _pixel_box(square, fig, pad=-3)
    assert (shown[rows, cols] == 0).all()
    assert (hidden[rows, cols].sum(axis=2) > 150).all()  # no black left: grid and white only


# ---------------------------------------------------------------------------------------------
# Per-key backgrounds
# ---------------------------------------------------------------------------------------------


def test_a_background_is_drawn_once_per_key_and_reused():
    fig, ax = _figure()
    static = ax.text(5, 5, "A", fontsize=30, ha="center", va="center")
    (cursor,) = ax.plot([2], [8], "o", ms=10)
    pane = BlitPane(fig, [cursor], key="A")
    assert pane.full_draws == 1
    first_a = _decode(pane.image.value)

    static.set_text("B")
    pane.refresh("B")
    assert pane.full_draws == 2
    picture_b = _decode(pane.image.value)
    assert not np.array_equal(picture_b, first_a)

    static.set_text("A")
    pane.refresh("A")
    assert pane.full_draws == 2  # cached
    assert np.array_equal(_decode(pane.image.value), first_a)

    cursor.set_data([8], [2])
    pane.refresh()  # no key: the previous one ("A")
    assert pane.full_draws == 2
    moved = _decode(pane.image.value)
    assert not np.array_equal(moved, first_a)
    rows, cols = _pixel_box(static, fig)
    assert np.array_equal(moved[rows, cols], first_a[rows, cols])  # still the "A" background


def test_only_the_most_recent_backgrounds_are_kept():
    fig, ax = _figure()
    (cursor,) = ax.plot([2], [8], "o")
    pane = BlitPane(fig, [cursor], key=0, max_backgrounds=2)
    pane.refresh(1)
    pane.refresh(0)  # 0 is now the most recent, 1 the oldest
    pane.refresh(2)  # evicts 1
    assert pane.full_draws == 3
    pane.refresh(0)
    assert pane.full_draws == 3
    pane.refresh(1)
    assert pane.full_draws == 4


def test_keyed_artists_are_drawn_over_one_base_per_key():
    fig, ax = _figure()
    label = ax.text(5, 2, "one", fontsize=20, ha="center")
    (cursor,) = ax.plot([2], [8], "o", ms=10)
    pane = BlitPane(fig, [cursor], keyed=[label], key="one")
    one = _decode(pane.image.value)
    label.set_text("two")
    pane.refresh("two")
    two = _decode(pane.image.value)
    assert pane.full_draws == 1  # the base was drawn once; only the label was drawn again
    rows, cols = _pixel_box(label, fig)
    changed = np.abs(two - one).max(axis=2) > 0
    assert changed[rows, cols].any()
    outside = np.ones_like(changed)
    outside[rows, cols] = False
    assert not changed[outside].any()
    label.set_text("one")
    pane.refresh("one")
    assert np.array_equal(_decode(pane.image.value), one)


def test_without_animated_artists_the_png_of_a_key_is_reused(monkeypatch):
    encoded = []
    monkeypatch.setattr(blit, "png_bytes", lambda rgb: encoded.append(1) or png_bytes(rgb))
    fig, ax = _figure()
    static = ax.text(5, 5, "A", fontsize=30)
    pane = BlitPane(fig, key="A")
    png_a = pane.image.value
    static.set_text("B")
    pane.refresh("B")
    pane.refresh("A")
    assert pane.image.value == png_a and pane.full_draws == 2
    assert len(encoded) == 2  # "A" was neither drawn nor encoded again


# ---------------------------------------------------------------------------------------------
# Full redraws and the frozen layout
# ---------------------------------------------------------------------------------------------


def test_a_changed_static_artist_shows_after_invalidate():
    fig, ax = _figure()
    (static,) = ax.plot([0, 10], [5, 5], color="#0072B2", lw=6)
    (cursor,) = ax.plot([2], [8], "o", ms=10)
    pane = BlitPane(fig, [cursor])
    blue = _decode(pane.image.value)
    static.set_color("#E69F00")
    pane.refresh()
    assert np.array_equal(_decode(pane.image.value), blue)  # the cached background
    pane.invalidate()
    pane.refresh()
    orange = _decode(pane.image.value)
    assert pane.full_draws == 2
    rows, cols = _pixel_box(static, fig, pad=0)
    middle = orange[(rows.start + rows.stop) // 2, cols][10:-10]
    assert (middle == (0xE6, 0x9F, 0x00)).all(axis=1).mean() > 0.8


def test_cache_false_redraws_everything_every_time():
    fig, ax = _figure()
    static = ax.text(5, 5, "A", fontsize=30)
    pane = BlitPane(fig, cache=False)
    png_a = pane.image.value
    static.set_text("B")
    pane.refresh()
    assert pane.image.value != png_a and pane.full_draws == 2


def test_the_layout_is_frozen_after_the_first_draw():
    fig, ax = _figure()  # constrained layout
    (cursor,) = ax.plot([2], [8], "o")
    pane = BlitPane(fig, [cursor])
    position = ax.get_position().bounds
    ax.set_ylabel("a long label\nover\nseveral\nlines", fontsize=20)
    pane.invalidate()
    pane.refresh()
    assert ax.get_position().bounds == position


def test_drawing_uses_the_course_style_and_the_extra_rc():
    fig, ax = _figure()
    probe = _RcProbe()
    fig.add_artist(probe)
    BlitPane(fig, rc={"text.hinting": "no_hinting"})
    assert probe.seen == [("no_hinting", ["DejaVu Sans"])]


def test_a_source_supplies_the_png():
    fig, _ = _figure()
    pictures = iter([b"first", b"second"])
    pane = BlitPane(fig, source=lambda: next(pictures))
    assert pane.image.value == b"first"
    pane.refresh()
    assert pane.image.value == b"second" and pane.full_draws == 0


# ---------------------------------------------------------------------------------------------
# The encoder
# ---------------------------------------------------------------------------------------------


def test_png_bytes_round_trips_exactly():
    rgb = np.random.default_rng(0).integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    image = Image.open(io.BytesIO(png_bytes(rgb)))
    assert image.size == (5, 7) and image.mode == "RGB"
    assert np.array_equal(np.asarray(image), rgb)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((4, 5, 4), dtype=np.uint8),  # RGBA
        np.zeros((4, 5, 2), dtype=np.uint8),
        np.zeros((4, 5), dtype=np.uint8),  # grey
        np.zeros((4, 5, 3, 1), dtype=np.uint8),
        np.zeros((4, 5, 3), dtype=np.float64),
        np.zeros((4, 5, 3), dtype=np.uint16),
        np.zeros((4, 5, 3), dtype=np.int8),
    ],
    ids=["rgba", "two-channels", "2d", "4d", "float", "uint16", "int8"],
)
def test_png_bytes_rejects_wrong_shapes_and_dtypes(bad):
    with pytest.raises(ValueError, match="height, width, 3"):
        png_bytes(bad)
