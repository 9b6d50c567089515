"""A tiny, safe Markdown-to-HTML renderer for item text shown in widgets.

Item text uses a small subset of Markdown: paragraphs, **bold**, *italic*, `code`, and line
breaks. Everything else is escaped, so bank text can never inject HTML into a page.
"""

from __future__ import annotations

import html
import re

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_CODE = re.compile(r"`([^`]+)`")


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<b>\1</b>", out)
    return _ITALIC.sub(r"<i>\1</i>", out)


def markdown_to_html(text: str, *, inline: bool = False) -> str:
    """Render the Markdown subset; ``inline=True`` joins paragraphs with line breaks."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    rendered = [_inline(p).replace("\n", " ") for p in paragraphs]
    if inline:
        return "<br>".join(rendered)
    return "".join(f"<p>{p}</p>" for p in rendered)
