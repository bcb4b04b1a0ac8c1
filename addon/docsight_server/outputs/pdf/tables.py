"""Tables: a bold header row, zebra rows, and cells coloured by the health they show."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from .fonts import FONT, FONT_BOLD
from .styles import HEADER_FILL, HEALTH_FILLS, RULE, ZEBRA, Styles
from .text import markup, plain_text

Cell = str | int | float | None
#: Horizontal padding of a cell (each side).
_PADDING = 4


@dataclass(frozen=True, slots=True)
class Column:
    """A table column: its heading, width (points; 0 shares what is left) and alignment."""

    heading: str
    width: float = 0
    align: str = "LEFT"
    #: The column holds health words ("good", "critical", ...): fill its cells by health.
    health: bool = False


def _cell_text(value: Cell) -> str:
    return "–" if value is None or value == "" else str(value)


def _widths(columns: Sequence[Column], total: float) -> list[float]:
    fixed = sum(column.width for column in columns)
    shared = [column for column in columns if not column.width]
    rest = max(total - fixed, 0) / len(shared) if shared else 0
    return [column.width or rest for column in columns]


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    styles: Styles,
    width: float,
    *,
    health_labels: dict[str, str] | None = None,
) -> Table:
    """Return a table whose long cells wrap; `health_labels` translates health words."""
    labels = health_labels or {}
    header = [
        Paragraph(
            markup(column.heading),
            styles.cell_bold_right if column.align == "RIGHT" else styles.cell_bold,
        )
        for column in columns
    ]
    body: list[list[str | Paragraph]] = []
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTNAME", (0, 1), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), styles.cell.fontSize),
        ("LEADING", (0, 1), (-1, -1), styles.cell.leading),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
        ("BOX", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), _PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _PADDING),
    ]
    widths = _widths(columns, width)
    for position, column in enumerate(columns):
        if column.align == "RIGHT":
            commands.append(("ALIGN", (position, 1), (position, -1), "RIGHT"))
    for index, row in enumerate(rows, start=1):
        cells: list[str | Paragraph] = []
        for position, (column, value) in enumerate(zip(columns, row, strict=True)):
            text = _cell_text(value)
            if column.health and text in HEALTH_FILLS:
                fill = HEALTH_FILLS[text]
                commands.append(("BACKGROUND", (position, index), (position, index), fill))
                text = labels.get(text, text)
            cells.append(_cell(text, column, widths[position], styles))
        if index % 2 == 0:
            commands.insert(0, ("BACKGROUND", (0, index), (-1, index), ZEBRA))
        body.append(cells)
    table = Table([header, *body], colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle(commands))
    return table


def _cell(text: str, column: Column, width: float, styles: Styles) -> str | Paragraph:
    """Return a cell that fits its column as a plain string, else a Paragraph that wraps.

    Plain strings are drawn as they are; a Paragraph per cell costs ten times as much to lay
    out, and channel tables have hundreds of cells.
    """
    plain = plain_text(text)
    fits = stringWidth(plain, FONT, styles.cell.fontSize) <= width - 2 * _PADDING
    if fits and "\n" not in plain:
        return plain
    style = styles.cell_right if column.align == "RIGHT" else styles.cell
    return Paragraph(markup(text), style)


def key_value_table(pairs: Sequence[tuple[str, Cell]], styles: Styles, width: float) -> Table:
    """Return a two-column table of labels (bold) and values, without a header row."""
    label_width = min(width * 0.4, 200)
    rows = [
        [
            Paragraph(markup(label), styles.cell_bold),
            Paragraph(markup(_cell_text(value)), styles.cell),
        ]
        for label, value in pairs
    ]
    # splitInRow: a long value (an address of many lines) may continue on the next page
    table = Table(rows, colWidths=[label_width, width - label_width], hAlign="LEFT", splitInRow=1)
    commands: list[tuple[object, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -2), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    table.setStyle(TableStyle(commands))
    return table
