"""Reads an incident, its journal entries and their attachments' names (read-only queries on
the journal's tables, the contract agreed for this), and the incident's time window (the
journal's rule from journal/windows.py, the other agreed import)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..context import ServerContext
from ..journal.schema import incidents, journal_attachments, journal_entries
from ..journal.windows import incident_window as incident_span
from .window import Window

INCIDENT_FIELDS = ("id", "name", "description", "status", "start_date", "end_date")


async def load_incident(
    context: ServerContext, incident_id: int
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """Return the incident and its entries (oldest first, with attachment names), or None."""
    entries_query = (
        select(
            journal_entries.c.id,
            journal_entries.c.date,
            journal_entries.c.title,
            journal_entries.c.description,
        )
        .where(journal_entries.c.incident_id == incident_id)
        .order_by(journal_entries.c.date, journal_entries.c.id)
    )
    async with context.database.read() as connection:
        columns = [incidents.c[name] for name in INCIDENT_FIELDS]
        row = (
            await connection.execute(select(*columns).where(incidents.c.id == incident_id))
        ).first()
        if row is None:
            return None
        entry_rows = (await connection.execute(entries_query)).all()
        names: dict[int, list[str]] = {}
        if entry_rows:
            attachments = (
                select(journal_attachments.c.entry_id, journal_attachments.c.filename)
                .where(journal_attachments.c.entry_id.in_([entry.id for entry in entry_rows]))
                .order_by(journal_attachments.c.id)
            )
            for entry_id, filename in (await connection.execute(attachments)).all():
                names.setdefault(entry_id, []).append(filename)
    incident = dict(zip(INCIDENT_FIELDS, row, strict=True))
    entries = [
        {
            "date": entry.date,
            "title": entry.title,
            "description": entry.description,
            "attachments": names.get(entry.id, []),
        }
        for entry in entry_rows
    ]
    return incident, entries


def incident_window(
    incident: dict[str, Any], zone: ZoneInfo, now: int
) -> tuple[Window, bool] | None:
    """Return the incident's window (journal/windows.py's rule, as the timeline and the
    checklist use it) and whether it was cut to the newest 90 days; None without a usable
    start date. An empty window (not begun yet, dates reversed) becomes its first second."""
    if not incident.get("start_date"):
        return None
    try:
        start, end, capped = incident_span(
            str(incident["start_date"]), incident.get("end_date") or None, zone, now
        )
    except ValueError:
        return None
    return Window(start, max(end, start)), capped
