"""Text helpers: plain text made safe for reportlab's paragraph markup, and letter blocks."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

#: Control characters other than tab and newline: the paragraph parser cannot take them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain_text(text: object) -> str:
    """Return text without control characters (tabs and line breaks kept, as \\n)."""
    return _CONTROL.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def markup(text: object) -> str:
    """Return text with &, < and > escaped, control characters dropped and line breaks kept."""
    return escape(plain_text(text)).replace("\n", "<br/>")


def paragraph(text: object, style: ParagraphStyle, *, bold: bool = False) -> Paragraph:
    """Return a Paragraph of plain text (escaped), optionally bold."""
    body = markup(text)
    return Paragraph(f"<b>{body}</b>" if bold else body, style)


def text_blocks(text: str, style: ParagraphStyle) -> list[Paragraph]:
    """Return one Paragraph per blank-line-separated block of a plain text (a letter)."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [Paragraph(markup(block), style) for block in blocks if block.strip()]


def bullet_list(items: list[str], style: ParagraphStyle) -> list[Paragraph]:
    """Return one bulleted Paragraph per item (indented under its bullet)."""
    indented = ParagraphStyle(f"{style.name}_bullet", parent=style, leftIndent=12, bulletIndent=2)
    return [Paragraph(markup(item), indented, bulletText="•") for item in items]


def heading(text: object, style: ParagraphStyle, room_cm: float = 4) -> list[Flowable]:
    """Return a heading that starts a new page when less than `room_cm` is left below it.

    Not keepWithNext: that would also move a long table that follows to the next page whole,
    leaving a page half empty; tables split across pages on their own.
    """
    return [CondPageBreak(room_cm * cm), paragraph(text, style)]
