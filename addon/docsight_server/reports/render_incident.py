"""The incident dossier PDF (run in a worker process): the incident, its connection, the
signal analysis of its window, its journal entries and the complaint letter."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Spacer

from ..outputs.pdf.document import build_pdf
from ..outputs.pdf.tables import key_value_table
from ..outputs.pdf.text import paragraph
from .render_history import charts_section, history_section, letter_section
from .render_report import page_frame, title_block
from .render_sections import Kit, connection_section, make_kit, notes_section


def _incident_period(kit: Kit, incident: dict[str, Any]) -> str:
    start, end = incident.get("start_date"), incident.get("end_date")
    if not start:
        return kit.label("not_set")
    if not end:
        return kit.label("incident_open_end", start=kit.fmt.day(start))
    return f"{kit.fmt.day(start)} – {kit.fmt.day(end)}"


def incident_section(kit: Kit, incident: dict[str, Any], entry_count: int) -> list[Flowable]:
    """Return the incident summary: name, status, period, number of entries, description."""
    status = kit.words.status.get(str(incident["status"]), str(incident["status"]))
    pairs = [
        (kit.label("incident_name"), incident["name"]),
        (kit.label("incident_status"), status),
        (kit.label("incident_period"), _incident_period(kit, incident)),
        (kit.label("incident_entries"), kit.fmt.count(entry_count)),
    ]
    story = [*kit.heading("incident"), key_value_table(pairs, kit.styles, kit.width)]
    description = str(incident.get("description") or "").strip()
    if description:  # below the table: a table row cannot continue on the next page
        story += kit.subheading("incident_description")
        story.append(kit.text(description))
    return story


def entries_section(kit: Kit, entries: list[dict[str, Any]]) -> list[Flowable]:
    """Return the journal entries, oldest first, each with its attachments' names."""
    story: list[Flowable] = kit.heading("entries")
    if not entries:
        return [*story, kit.text(kit.label("no_entries"))]
    for entry in entries:
        block: list[Flowable] = [
            paragraph(f"{kit.fmt.day(entry['date'])} – {entry['title']}", kit.styles.subheading)
        ]
        if entry.get("description"):
            block.append(kit.text(entry["description"]))
        if entry.get("attachments"):
            names = ", ".join(entry["attachments"])
            block.append(paragraph(kit.label("attachments", names=names), kit.styles.small))
        story += [KeepTogether(block[:2]), *block[2:], Spacer(1, 3)]
    return story


def render_incident(data: dict[str, Any]) -> bytes:
    """Return the incident dossier PDF."""
    kit = make_kit(data)
    incident = data["incident"]
    title = kit.label("incident_title")
    story: list[Flowable] = [
        *title_block(kit, f"{title}: {incident['name']}", data["window"]),
        *incident_section(kit, incident, len(data["entries"])),
        *connection_section(kit, data["connection"], data["window"]),
    ]
    if data["window"] is None:
        story += [*kit.heading("signal_analysis"), kit.text(kit.label("no_start_date"))]
    else:
        if data.get("capped_days"):  # a long incident: only its newest days are analysed
            start = kit.fmt.moment(data["window"]["start"])
            days = data["capped_days"]
            story.append(kit.text(kit.label("window_capped", days=days, start=start)))
        story += history_section(kit, data["aggregate"], "signal_analysis")
        story += notes_section(kit, data["aggregate"])
        story += charts_section(kit, data)
    story += entries_section(kit, data["entries"])
    story += letter_section(kit, data["letter"])
    return build_pdf(story, page_frame(kit, title, data["generated"]))
