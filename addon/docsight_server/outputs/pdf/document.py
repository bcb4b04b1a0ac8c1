"""A4 documents: margins, a header with the title and generation time, numbered footers."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from .fonts import FONT, register_fonts
from .styles import MUTED, RULE

MARGIN_SIDE = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
#: The width a flowable may take between the side margins.
CONTENT_WIDTH = A4[0] - 2 * MARGIN_SIDE


@dataclass(frozen=True, slots=True)
class PageFrame:
    """What every page repeats: the title and time in the header, a label in the footer.

    `page_label` is a format string with {page} and {pages} ("Page {page} of {pages}").
    """

    title: str
    generated: str
    footer: str
    page_label: str


def _numbered_canvas(frame: PageFrame) -> type[Canvas]:
    """Return a canvas class that draws the header and footer once the page count is known."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab calls it by this name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                _decorate(self, frame, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def _decorate(canvas: Canvas, frame: PageFrame, page: int, pages: int) -> None:
    """Draw the header line (title, generation time) and the footer (label, page x of y)."""
    width, height = A4
    canvas.saveState()
    canvas.setFont(FONT, 8)
    canvas.setFillColor(MUTED)
    top = height - MARGIN_TOP + 8 * mm
    canvas.drawString(MARGIN_SIDE, top, frame.title)
    canvas.drawRightString(width - MARGIN_SIDE, top, frame.generated)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_SIDE, top - 2 * mm, width - MARGIN_SIDE, top - 2 * mm)
    bottom = MARGIN_BOTTOM - 10 * mm
    canvas.line(MARGIN_SIDE, bottom + 4 * mm, width - MARGIN_SIDE, bottom + 4 * mm)
    canvas.drawString(MARGIN_SIDE, bottom, frame.footer)
    label = frame.page_label.format(page=page, pages=pages)
    canvas.drawRightString(width - MARGIN_SIDE, bottom, label)
    canvas.restoreState()


def build_pdf(story: Sequence[Flowable], frame: PageFrame, *, author: str = "DOCSight") -> bytes:
    """Lay out the flowables on A4 pages and return the PDF bytes."""
    register_fonts()
    # binary streams: ASCII85 (reportlab's default) is pure Python here and doubles the
    # time an embedded chart takes, for a file a quarter larger
    rl_config.useA85 = 0
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_SIDE,
        rightMargin=MARGIN_SIDE,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=frame.title,
        author=author,
        creator="DOCSight",
    )
    document.build(list(story), canvasmaker=_numbered_canvas(frame))
    return buffer.getvalue()
