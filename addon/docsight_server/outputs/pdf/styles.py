"""Paragraph styles and colours of DOCSight PDFs (DejaVu Sans, A4 body text)."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from .fonts import FONT, FONT_BOLD, register_fonts

ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#5f6b7a")
RULE = colors.HexColor("#c8d0da")
ZEBRA = colors.HexColor("#f2f5f9")
HEADER_FILL = colors.HexColor("#dfe7f1")
#: Cell fills by health word (the analyser's vocabulary).
HEALTH_FILLS = {
    "good": colors.HexColor("#d8f0dc"),
    "tolerated": colors.HexColor("#eef6d8"),
    "marginal": colors.HexColor("#fff0c2"),
    "warning": colors.HexColor("#fff0c2"),
    "critical": colors.HexColor("#f8d0cc"),
}


@dataclass(frozen=True, slots=True)
class Styles:
    """The paragraph styles a document uses."""

    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_bold_right: ParagraphStyle
    letter: ParagraphStyle


def build_styles() -> Styles:
    """Return the styles (registering the fonts first)."""
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=4)
    return Styles(
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=17,
            leading=21,
            textColor=ACCENT,
            spaceAfter=6,
        ),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
        ),
        subheading=ParagraphStyle(
            "subheading",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=3,
        ),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        cell=ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        cell_right=ParagraphStyle(
            "cell_right", parent=body, fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT
        ),
        cell_bold=ParagraphStyle(
            "cell_bold", parent=body, fontName=FONT_BOLD, fontSize=8, leading=10, spaceAfter=0
        ),
        cell_bold_right=ParagraphStyle(
            "cell_bold_right",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=8,
            leading=10,
            spaceAfter=0,
            alignment=TA_RIGHT,
        ),
        letter=ParagraphStyle("letter", parent=body, fontSize=9.5, leading=13.5, spaceAfter=7),
    )
