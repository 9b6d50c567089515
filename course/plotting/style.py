"""The course's plotting style: a color-blind-safe palette and a local style context.

Colors are the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal Design"), safe for the
common forms of color-vision deficiency. Meaning is never carried by color alone: plots pair
every color with a marker, hatch, line style or text label (see ``MARKERS`` and ``HATCHES``).

Nothing here changes matplotlib's global state on import; use :func:`course_style` as a context
manager, or :func:`new_figure`, which applies it to the figure it creates.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import matplotlib as mpl
from matplotlib.figure import Figure

#: Okabe-Ito palette, in the order used for series.
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "sky": "#56B4E9",
    "purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
SERIES: tuple[str, ...] = (
    PALETTE["blue"],
    PALETTE["orange"],
    PALETTE["green"],
    PALETTE["vermillion"],
    PALETTE["purple"],
    PALETTE["sky"],
    PALETTE["black"],
)
#: Markers and hatches paired with SERIES so that no meaning depends on color alone.
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P", "X")
LINESTYLES: tuple[str, ...] = ("-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), "-")
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "--", "++")
#: Neutral tones for anatomy and backgrounds.
BONE = "#E8E2D0"
BONE_EDGE = "#6B6152"
GRID = "#D9D9D9"

RC: dict[str, object] = {
    "axes.prop_cycle": mpl.cycler(color=list(SERIES)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 10,
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.family": "DejaVu Sans",
}


@contextlib.contextmanager
def course_style() -> Iterator[None]:
    """Apply the course style inside a ``with`` block only."""
    with mpl.rc_context(RC):
        yield


def new_figure(*, width_in: float = 7.0, height_in: float = 4.0, **kwargs: object) -> Figure:
    """Create a standalone Figure (not registered with pyplot) in the course style.

    A Figure made this way is not shown automatically and does not leak memory through pyplot's
    figure manager: widgets keep one and redraw it; notebooks display it explicitly.
    """
    with course_style():
        fig = Figure(figsize=(width_in, height_in), layout="constrained", **kwargs)
    return fig


def figure_to_png(fig: Figure, *, dpi: int = 100) -> bytes:
    """Render a figure to PNG bytes (used by widgets to update an Image without flicker)."""
    import io

    buffer = io.BytesIO()
    with course_style():
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
