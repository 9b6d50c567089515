"""Fast re-rendering of a widget's figure: draw the static parts once, then only what moves.

A :class:`~course.widgets.base.FigurePane` re-renders its whole Figure on each change, which
takes 150-300 ms for figures with many patches or much text (a drawn skeleton, a nomogram with
its scales). :class:`BlitRenderer` keeps the same contract (one Figure, artists updated in
place, PNG bytes out) but renders the static background once, caches it, and on each change
restores it and draws only the *animated* artists before encoding the PNG. The layout is frozen
after the first draw, so the picture does not shift between interactions.

Used by the Module 3 views (flare, Bayes explorer, work-up pathway): a view sets
``pane.image.value = renderer.render()`` instead of calling ``pane.refresh()``, because a full
redraw skips artists marked animated.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course.plotting.style import course_style

__all__ = ["BlitRenderer", "png_bytes"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png_bytes(rgb: np.ndarray) -> bytes:
    """Encode an (height, width, 3) uint8 array as PNG (no row filters, fast zlib level 1).

    About twice as fast as a general-purpose encoder for the flat-colored images of diagrams,
    and the files are as small.
    """
    if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
        raise ValueError(
            f"Expected an (height, width, 3) uint8 array; got {rgb.shape} {rgb.dtype}."
        )
    height, width, _ = rgb.shape
    rows = np.empty((height, width * 3 + 1), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "None" for every row
    rows[:, 1:] = rgb.reshape(height, width * 3)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + _chunk(b"IEND", b"")
    )


class BlitRenderer:
    """Render ``fig`` to PNG bytes, redrawing only ``animated`` artists after the first time."""

    def __init__(self, fig: Figure, animated: Iterable[Artist]):
        self.fig = fig
        self.animated: list[Artist] = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.canvas = FigureCanvasAgg(fig)
        with course_style():
            self.canvas.draw()  # runs the layout engine once; animated artists are skipped
        fig.set_layout_engine("none")
        self.background = self.canvas.copy_from_bbox(fig.bbox)

    def add(self, artist: Artist) -> None:
        """Register one more animated artist (it must not be part of the cached background)."""
        artist.set_animated(True)
        self.animated.append(artist)

    def render(self) -> bytes:
        """Restore the cached background, draw the animated artists and return PNG bytes."""
        with course_style():
            self.canvas.restore_region(self.background)
            for artist in self.animated:
                if artist.get_visible():
                    self.fig.draw_artist(artist)
        rgba = np.asarray(self.canvas.buffer_rgba())
        return png_bytes(rgba[:, :, :3])
