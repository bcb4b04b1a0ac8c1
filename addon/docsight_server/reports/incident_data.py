"""Reads an incident, its journal entries and their attachments' names (read-only queries on
the journal's tables, the contract agreed for this), and the incident's time window."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..context import ServerContext
from ..journal.schema import incidents, journal_attachments, journal_entries
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


def _calendar_day(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def incident_window(incident: dict[str, Any], zone: ZoneInfo, now: int) -> Window | None:
    """Return the incident's window: local midnight of start_date to the end of end_date
    (or now while it has none); None without a start date."""
    first = _calendar_day(incident.get("start_date"))
    if first is None:
        return None
    start = int(datetime.combine(first, time.min, zone).timestamp())
    last = _calendar_day(incident.get("end_date"))
    if last is None:
        return Window(start, max(now, start))
    end = int(datetime.combine(last + timedelta(days=1), time.min, zone).timestamp()) - 1
    return Window(start, max(end, start))
