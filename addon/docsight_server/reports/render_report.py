"""The report PDF (run in a worker process): plain data in, PDF bytes out."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

from ..outputs.pdf.document import PageFrame, build_pdf
from ..outputs.pdf.text import paragraph
from .render_history import charts_section, history_section, letter_section, thresholds_section
from .render_sections import (
    Kit,
    comparison_section,
    connection_section,
    make_kit,
    notes_section,
    status_section,
)


def page_frame(kit: Kit, title: str, generated: int) -> PageFrame:
    """Return the header and footer texts of a document."""
    return PageFrame(
        title=title,
        generated=kit.label("generated", when=kit.fmt.moment(generated)),
        footer=kit.label("footer"),
        page_label=kit.words.pdf["page"],
    )


def title_block(kit: Kit, title: str, window: dict[str, Any] | None) -> list[Flowable]:
    """Return the document title and, with a window, the period it covers."""
    story = [paragraph(title, kit.styles.title)]
    if window is not None:
        start, end = kit.fmt.moment(window["start"]), kit.fmt.moment(window["end"])
        story.append(paragraph(kit.label("subtitle", start=start, end=end), kit.styles.small))
    return story


def render_report(data: dict[str, Any]) -> bytes:
    """Return the report PDF: connection, status, notes, comparison, history, charts,
    thresholds and the complaint letter."""
    kit = make_kit(data)
    title = kit.label("report_title")
    story: list[Flowable] = [
        *title_block(kit, title, data["window"]),
        *connection_section(kit, data["connection"], data["window"]),
        *status_section(kit, data["status"]),
        *notes_section(kit, data["aggregate"]),
        *comparison_section(kit, data["comparison"]),
        *history_section(kit, data["aggregate"], "history"),
        *charts_section(kit, data),
        *thresholds_section(kit, data["thresholds"]),
        *letter_section(kit, data["letter"]),
    ]
    return build_pdf(story, page_frame(kit, title, data["generated"]))
