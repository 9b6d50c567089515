"""A figure pane that redraws only what moves: cached backgrounds plus "animated" artists.

:class:`BlitPane` is a :class:`course.widgets.base.FigurePane` for views whose controls change
two kinds of things: a few artists that move on every interaction (a cursor, a marker, a text
readout: the *animated* artists) and a background that changes only with a discrete choice
(which trial, which radionuclide). Each background is rendered once per ``key`` and kept; an
interaction then restores it, draws the animated artists on top and encodes the PNG. That keeps
the Module 4 widgets within the course's latency budget on a slow machine.

The figure's layout is computed by the first full draw and then frozen (layout engine
``"none"``), so later draws never move the axes.
"""

from __future__ import annotations

import io
from collections.abc import Hashable, Sequence

from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from course.plotting.style import course_style
from course.widgets.base import FigurePane

__all__ = ["BlitPane"]


class BlitPane(FigurePane):
    """A FigurePane with per-key cached backgrounds and animated artists drawn on top."""

    def __init__(
        self,
        fig: Figure,
        animated: Sequence[Artist] = (),
        *,
        description: str = "",
        width_px: int | None = None,
    ):
        self._animated = list(animated)
        for artist in self._animated:
            artist.set_animated(True)
        self._canvas = FigureCanvasAgg(fig)
        self._backgrounds: dict[Hashable, object] = {}
        self._pngs: dict[Hashable, bytes] = {}
        self.full_draws = 0
        super().__init__(fig, description=description, width_px=width_px)
        fig.set_layout_engine("none")

    def _encode(self) -> bytes:
        width, height = self._canvas.get_width_height()
        image = Image.frombuffer(
            "RGBA", (width, height), self._canvas.buffer_rgba(), "raw", "RGBA", 0, 1
        )
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def refresh(self, key: Hashable | None = None) -> None:
        """Re-render. With a ``key`` whose background is cached, only the animated artists are
        drawn again; ``key=None`` always redraws everything (and caches nothing)."""
        if not self._animated and key is not None and key in self._pngs:
            self.image.value = self._pngs[key]
            return
        with course_style():
            if key is None or key not in self._backgrounds:
                self._canvas.draw()
                self.full_draws += 1
                if key is not None:
                    self._backgrounds[key] = self._canvas.copy_from_bbox(self.fig.bbox)
            else:
                self._canvas.restore_region(self._backgrounds[key])
            for artist in self._animated:
                if artist.get_visible():
                    self.fig.draw_artist(artist)
        png = self._encode()
        if not self._animated and key is not None:
            self._pngs[key] = png
        self.image.value = png

    def forget(self) -> None:
        """Drop every cached background (call after changing the background artists)."""
        self._backgrounds.clear()
        self._pngs.clear()
