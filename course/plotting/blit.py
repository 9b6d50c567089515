"""Fast re-rendering of a figure whose axes stay put while a few artists change (blitting).

A widget that redraws a whole figure on every slider move spends most of its time laying out and
rasterizing text (tick labels, titles, axis labels), which does not change between moves. A
:class:`BlitRenderer` keeps, for each axes, its picture without the *dynamic* artists (lines,
markers, highlight patches) as pixels, and on each update restores the pixels and draws only the
dynamic artists on top. When the limits of one axes change, only that axes is drawn again
(pictures are cached per set of limits, so moving back to earlier limits is cheap).

Use :func:`sticky_limits` to choose axis limits that change rarely: the current limits are kept
while the data fit in them and fill a reasonable part of them.

Pure matplotlib + Pillow (a matplotlib dependency); no pyplot state, no widgets.
"""

from __future__ import annotations

import io
import math
from collections import OrderedDict
from collections.abc import Iterable

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox
from PIL import Image

from course.plotting.style import course_style

__all__ = ["BlitRenderer", "nice_step", "sticky_limits"]

_CACHE_SIZE = 12


def nice_step(span: float, *, intervals: int = 5) -> float:
    """A 'nice' tick step (1, 2, 2.5 or 5 times a power of ten) for about ``intervals`` ticks."""
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / intervals
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= factor * power * (1 + 1e-12):
            return factor * power
    return 10.0 * power  # pragma: no cover - the loop always returns


def sticky_limits(
    low: float,
    high: float,
    current: tuple[float, float] | None = None,
    *,
    fill: float = 0.35,
    include_zero: bool = False,
    grow: float = 2.0,
    min_span: float = 1e-9,
) -> tuple[float, float]:
    """Axis limits for data in ``[low, high]`` that change only when they must.

    Keep ``current`` while it contains the data and the data span at least ``fill`` of it.
    When the data no longer fit, the limits grow on the side(s) that overflow by at least
    ``grow - 1`` times the current span, so a sweep that keeps enlarging the data rescales only
    a few times. Otherwise (first call, or data much smaller than the limits) the limits are
    fitted to the data with a 5 % margin. New limits are rounded outwards to a nice step. With
    ``include_zero`` the limits always reach zero.
    """
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    nonnegative, nonpositive = low >= 0, high <= 0
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    span = high - low
    target_low, target_high = low, high
    if current is not None:
        c_low, c_high = current
        c_span = c_high - c_low
        fits = c_low <= low and high <= c_high
        if fits and c_span > 0 and span >= fill * c_span:
            return current
        if not fits and c_span > 0 and span >= fill * c_span:
            extra = (grow - 1.0) * c_span
            if low < c_low:
                target_low = min(low, c_low - extra)
            else:
                target_low = c_low
            if high > c_high:
                target_high = max(high, c_high + extra)
            else:
                target_high = c_high
            if include_zero:
                target_low, target_high = min(target_low, 0.0), max(target_high, 0.0)
            span = target_high - target_low
            low, high = target_low, target_high
    if span < min_span:
        pad = max(abs(high) * 0.05, 1.0)
        low, high = low - pad, high + pad
        span = high - low
    margin = 0.05 * span
    step = nice_step(span + 2 * margin, intervals=3)  # coarse: fewer distinct limits to cache
    new_low = math.floor((low - margin) / step) * step
    new_high = math.ceil((high + margin) / step) * step
    if include_zero and nonnegative:
        new_low = 0.0
    if include_zero and nonpositive:
        new_high = 0.0
    return (new_low, new_high)


class BlitRenderer:
    """Render a figure to PNG quickly when only some artists and some axis limits change.

    ``dynamic`` artists are marked animated and drawn on top at every :meth:`png` call. Each axes
    owns a *cell*, a rectangle of the figure around it (its tick labels, axis labels and title)
    that does not overlap the cells of the other axes. A cell's picture without the dynamic
    artists is cached per set of that axes' limits, so when one axes rescales only that axes is
    drawn again. Figure-level artists (suptitle, figure legends) are drawn once into a blank
    background, so keep them outside the axes (for example in a band under the title).

    Anything that changes an axes' look without changing its limits (a new title, a new tick
    formatter) must be followed by :meth:`invalidate`.
    """

    def __init__(
        self,
        fig: Figure,
        dynamic: Iterable[Artist],
        *,
        dpi: float | None = None,
        compress_level: int = 1,
    ):
        self.fig = fig
        self.dynamic: list[Artist] = list(dynamic)
        for artist in self.dynamic:
            artist.set_animated(True)
        if dpi is not None:
            fig.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(fig)
        self.compress_level = compress_level
        self._blank: dict[Axes, object] | None = None
        self._cells: dict[Axes, Bbox] = {}
        self._cache: dict[Axes, OrderedDict[tuple, object]] = {}
        #: How many times an axes was drawn from scratch (the slow path), for benchmarks.
        self.axes_draws = 0

    @property
    def axes(self) -> list[Axes]:
        return [ax for ax in self.fig.axes if ax.get_visible()]

    def invalidate(self) -> None:
        """Forget every cached picture (call after a change that limits do not capture)."""
        self._blank = None
        self._cache.clear()

    def _cells_in_pixels(self) -> dict[Axes, Bbox]:
        """Non-overlapping rectangles (pixels), one around each axes, splitting the gaps."""
        width, height = self.canvas.get_width_height()
        boxes = {ax: ax.get_position() for ax in self.axes}
        cells = {}
        for ax, b in boxes.items():
            left, right, bottom, top = 0.0, 1.0, 0.0, 1.0
            for other, o in boxes.items():
                if other is ax:
                    continue
                overlaps_rows = o.y0 < b.y1 and o.y1 > b.y0
                overlaps_cols = o.x0 < b.x1 and o.x1 > b.x0
                if overlaps_rows and o.x1 <= b.x0:
                    left = max(left, (o.x1 + b.x0) / 2)
                if overlaps_rows and o.x0 >= b.x1:
                    right = min(right, (b.x1 + o.x0) / 2)
                if overlaps_cols and o.y1 <= b.y0:
                    bottom = max(bottom, (o.y1 + b.y0) / 2)
                if overlaps_cols and o.y0 >= b.y1:
                    top = min(top, (b.y1 + o.y0) / 2)
            cells[ax] = Bbox.from_extents(
                round(left * width),
                round(bottom * height),
                round(right * width),
                round(top * height),
            )
        return cells

    def _draw_blank(self) -> None:
        """Draw the figure without its axes (figure patch, suptitle, figure legends)."""
        hidden = self.axes
        for ax in hidden:
            ax.set_visible(False)
        try:
            self.canvas.draw()
        finally:
            for ax in hidden:
                ax.set_visible(True)
        self._cells = self._cells_in_pixels()
        self._blank = {ax: self.canvas.copy_from_bbox(cell) for ax, cell in self._cells.items()}
        self._cache = {ax: OrderedDict() for ax in self._cells}

    def render(self) -> None:
        """Bring the canvas up to date: cached axes pictures plus the dynamic artists."""
        with course_style():
            if self._blank is None or set(self._blank) != set(self.axes):
                self._draw_blank()
            renderer = self.canvas.get_renderer()
            for ax, cell in self._cells.items():
                key = (*ax.get_xlim(), *ax.get_ylim(), ax.get_xscale(), ax.get_yscale())
                cache = self._cache[ax]
                picture = cache.get(key)
                if picture is None:
                    self.canvas.restore_region(self._blank[ax])
                    ax.draw(renderer)
                    picture = self.canvas.copy_from_bbox(cell)
                    cache[key] = picture
                    self.axes_draws += 1
                    while len(cache) > _CACHE_SIZE:
                        cache.popitem(last=False)
                else:
                    cache.move_to_end(key)
                    self.canvas.restore_region(picture)
            for artist in self.dynamic:
                if artist.get_visible():
                    artist.draw(renderer)

    def png(self) -> bytes:
        """The current picture as PNG bytes."""
        self.render()
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw")
        image = image.convert("RGB")  # opaque figure: smaller and faster to encode
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=self.compress_level)
        return buffer.getvalue()
