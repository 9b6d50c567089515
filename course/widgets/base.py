"""Building blocks shared by every view: figure panes, error boxes and the reference footer.

A view keeps one matplotlib Figure, updates its artists on each interaction and renders it to
PNG bytes shown in an ``ipywidgets.Image``. That keeps an interaction within the latency budget,
works the same in JupyterLab, in a static HTML export and in headless tests, and lets a test
check that the picture changed (``pane.image.value`` differs).
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as widgets
from matplotlib.figure import Figure

from course import EDUCATION_ONLY
from course.plotting.style import figure_to_png

ERROR_STYLE = (
    "border-left:4px solid #D55E00;background:#FDF0E8;padding:6px 10px;margin:4px 0;color:#5A2600"
)


def footer(reference: str | tuple[str, ...] | list[str]) -> widgets.HTML:
    """The reference(s) and the education-only notice, shown under every calculator and model."""
    refs = [reference] if isinstance(reference, str) else list(reference)
    items = "; ".join(html.escape(r) for r in refs)
    return widgets.HTML(
        f"<div style='font-size:85%;color:#444;margin-top:6px'>"
        f"<b>Source:</b> {items}<br><i>{html.escape(EDUCATION_ONLY)}</i></div>"
    )


def error_html(message: str) -> str:
    """An error message shown inside the widget (the notebook never sees a traceback)."""
    text = html.escape(message)
    return f"<div role='alert' style='{ERROR_STYLE}'><b>Check the input:</b> {text}</div>"


class FigurePane:
    """A Figure shown as a PNG image, with a text description beside it for screen readers.

    ``draw(fig)`` callbacks mutate the figure; :meth:`refresh` re-renders it. The description is
    visible text (not only an attribute) so every reader gets the same information.
    """

    def __init__(self, fig: Figure, *, description: str = "", width_px: int | None = None):
        self.fig = fig
        self.image = widgets.Image(format="png")
        if width_px:
            self.image.layout.width = f"{width_px}px"
        self.description = widgets.HTML()
        self.widget = widgets.VBox([self.image, self.description])
        self.set_description(description)
        self.refresh()

    def set_description(self, text: str) -> None:
        self.description.value = (
            f"<div style='font-size:90%;color:#333' aria-live='polite'>"
            f"<b>Figure description:</b> {html.escape(text)}</div>"
        )

    def refresh(self) -> None:
        self.image.value = figure_to_png(self.fig)


def guarded(update: Callable[[], None], status: widgets.HTML) -> Callable[..., None]:
    """Wrap a view's update so that a ValueError becomes a message inside the widget."""

    def handler(*_args: object) -> None:
        try:
            update()
        except ValueError as exc:
            status.value = error_html(str(exc))
        else:
            status.value = ""

    return handler
