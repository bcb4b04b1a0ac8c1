"""The evidence checklist's SQL: the incident, its journal entries, and events in a window.

Reads the journal's tables (journal/schema.py is the agreed contract) and the shared events
table; nothing here writes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ..journal.schema import incidents, journal_entries
from ..storage.schema import events


async def incident(connection: AsyncConnection, incident_id: int) -> Row[Any] | None:
    """Return the incident's id, name, start_date and end_date, or None."""
    statement = select(
        incidents.c.id, incidents.c.name, incidents.c.start_date, incidents.c.end_date
    ).where(incidents.c.id == incident_id)
    return (await connection.execute(statement)).first()


async def incident_entries(connection: AsyncConnection, incident_id: int) -> tuple[int, str | None]:
    """Return how many journal entries the incident has and the newest one's date."""
    statement = select(func.count(), func.max(journal_entries.c.date)).where(
        journal_entries.c.incident_id == incident_id
    )
    count, newest = (await connection.execute(statement)).one()
    return int(count), newest


async def entries_between(
    connection: AsyncConnection, first_day: str, last_day: str
) -> tuple[int, str | None]:
    """Return how many journal entries fall on the local dates first_day..last_day and the
    newest date."""
    statement = select(func.count(), func.max(journal_entries.c.date)).where(
        journal_entries.c.date.between(first_day, last_day)
    )
    count, newest = (await connection.execute(statement)).one()
    return int(count), newest


async def events_between(
    connection: AsyncConnection, start: int, end: int
) -> tuple[int, int | None]:
    """Return how many events happened in [start, end] and the newest one's time."""
    statement = select(func.count(), func.max(events.c.ts)).where(events.c.ts.between(start, end))
    count, newest = (await connection.execute(statement)).one()
    return int(count), None if newest is None else int(newest)
