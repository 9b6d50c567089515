"""One fast-redraw figure pane for every view: draw the static part once, then only what moves.

A :class:`~course.widgets.base.FigurePane` re-renders its whole Figure on each change, which
takes 150-300 ms for figures with many patches or much text (a drawn skeleton, a nomogram with
its scales). :class:`BlitPane` keeps the same contract (one Figure, artists updated in place, PNG
bytes in ``pane.image``) but keeps the static part of the figure as pixels: each
:meth:`BlitPane.refresh` restores them, draws only the *animated* artists on top and encodes the
PNG with :func:`png_bytes`. The layout is computed by the first draw and then frozen, so the
picture never shifts between interactions.
"""

from __future__ import annotations

import contextlib
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from course.plotting.style import course_style
from course.widgets.base import FigurePane

__all__ = ["BlitPane", "png_bytes"]

_LAST = object()  # refresh() without a key: the key of the previous refresh


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


class BlitPane(FigurePane):
    """A FigurePane that caches the static part of its figure and redraws only what moves.

    ``animated`` artists are drawn on every refresh, over a cached background. A view whose
    static part has a few states names them with a ``key`` (the constructor's for the first
    picture, then :meth:`refresh`'s; ``None`` throughout otherwise); one background is cached
    per key, the ``max_backgrounds`` most recently used. A new key draws the whole figure except
    the animated artists, or, with ``keyed`` artists, restores one shared base and draws just
    those. Without animated artists the PNG of each key is kept, too.

    After changing a static artist under the same key, call :meth:`invalidate`; ``cache=False``
    does that on every refresh (for a view whose static part changes each time). ``rc`` adds
    rcParams to the course style while drawing. ``source`` is for a figure object that blits
    itself (:mod:`course.plotting.blit`): the pane then only shows the PNG that ``source()``
    returns, and the other options do nothing.
    """

    def __init__(
        self,
        fig: Figure,
        animated: Sequence[Artist] = (),
        *,
        keyed: Sequence[Artist] = (),
        key: Hashable = None,
        max_backgrounds: int = 16,
        cache: bool = True,
        rc: Mapping[str, object] | None = None,
        source: Callable[[], bytes] | None = None,
        description: str = "",
        width_px: int | None = None,
    ):
        self._animated = list(animated)
        self._keyed = list(keyed)
        for artist in (*self._animated, *self._keyed):
            artist.set_animated(True)
        self._source = source
        self._canvas = FigureCanvasAgg(fig) if source is None else None
        self._key = key
        self._cache = cache
        self._rc = dict(rc or {})
        self.max_backgrounds = max_backgrounds
        self._base = None  # the figure without keyed and animated artists (with ``keyed``)
        self._backgrounds: OrderedDict[Hashable, object] = OrderedDict()
        self._pngs: dict[Hashable, bytes] = {}
        #: How many times the whole figure was drawn (the slow path), for tests and benchmarks.
        self.full_draws = 0
        super().__init__(fig, description=description, width_px=width_px)

    def invalidate(self) -> None:
        """Forget every cached picture; the next refresh draws the whole figure again."""
        self._base = None
        self._backgrounds.clear()
        self._pngs.clear()

    def refresh(self, key: Hashable = _LAST) -> None:
        """Show the figure in its current state; ``key`` names its static part (default: the
        key of the previous refresh)."""
        self.image.value = self.render(key)

    def render(self, key: Hashable = _LAST) -> bytes:
        """The figure as PNG bytes (see :meth:`refresh`)."""
        if self._source is not None:
            return self._source()
        if key is _LAST:
            key = self._key
        self._key = key
        if not self._cache:
            self.invalidate()
        if key in self._pngs:
            self._backgrounds.move_to_end(key)
            return self._pngs[key]
        canvas = self._canvas
        extra_rc = mpl.rc_context(self._rc) if self._rc else contextlib.nullcontext()
        with course_style(), extra_rc:
            background = self._backgrounds.get(key)
            if background is not None:
                self._backgrounds.move_to_end(key)
                canvas.restore_region(background)
            else:
                if not self._keyed:
                    self._draw_all()
                elif self._base is None:
                    self._draw_all()
                    self._base = canvas.copy_from_bbox(self.fig.bbox)
                else:
                    canvas.restore_region(self._base)
                self._draw(self._keyed)
                self._backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
                while len(self._backgrounds) > self.max_backgrounds:
                    old, _ = self._backgrounds.popitem(last=False)
                    self._pngs.pop(old, None)
            self._draw(self._animated)
        png = png_bytes(np.asarray(canvas.buffer_rgba())[:, :, :3])
        if not self._animated:
            self._pngs[key] = png
        return png

    def _draw_all(self) -> None:
        """Draw the figure without the animated artists, then freeze its layout."""
        self._canvas.draw()
        self.full_draws += 1
        self.fig.set_layout_engine("none")

    def _draw(self, artists: list[Artist]) -> None:
        for artist in artists:
            if artist.get_visible():
                self.fig.draw_artist(artist)
