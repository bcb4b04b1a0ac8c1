"""Incidents: listing with entry counts, one incident, writes, and the windows retention keeps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ...timeutil import iso_utc
from ..schema import incidents, journal_entries

_INCIDENT_FIELDS = ("id", "name", "description", "status", "start_date", "end_date", "icon")


def _listing() -> Select[Any]:
    entry_count = (
        select(func.count())
        .select_from(journal_entries)
        .where(journal_entries.c.incident_id == incidents.c.id)
        .scalar_subquery()
    )
    return select(incidents, entry_count.label("entry_count")).order_by(
        incidents.c.created_at.desc(), incidents.c.id.desc()
    )


def incident_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Return an incident as the API shows it (times in UTC with Z)."""
    incident = {name: row[name] for name in _INCIDENT_FIELDS}
    incident["created_at"] = iso_utc(row["created_at"])
    incident["updated_at"] = iso_utc(row["updated_at"])
    incident["entry_count"] = int(row["entry_count"])
    return incident


async def list_incidents(connection: AsyncConnection, status: str | None) -> list[dict[str, Any]]:
    """Return the incidents (optionally of one status), newest first."""
    statement = _listing()
    if status is not None:
        statement = statement.where(incidents.c.status == status)
    result = await connection.execute(statement)
    return [incident_json(row) for row in result.mappings()]


async def get_incident(connection: AsyncConnection, incident_id: int) -> dict[str, Any] | None:
    """Return one incident with its entry count, or None."""
    statement = _listing().where(incidents.c.id == incident_id)
    row = (await connection.execute(statement)).mappings().first()
    return None if row is None else incident_json(row)


async def incident_exists(connection: AsyncConnection, incident_id: int) -> bool:
    """Return True when the incident exists."""
    statement = select(incidents.c.id).where(incidents.c.id == incident_id)
    return (await connection.execute(statement)).first() is not None


async def incident_dates(
    connection: AsyncConnection, incident_id: int
) -> tuple[str | None, str | None] | None:
    """Return (start_date, end_date) of an incident, or None when there is no such incident."""
    statement = select(incidents.c.start_date, incidents.c.end_date).where(
        incidents.c.id == incident_id
    )
    row = (await connection.execute(statement)).first()
    return None if row is None else (row[0], row[1])


async def insert_incident(
    connection: AsyncConnection, values: Mapping[str, Any], now: int, *, is_demo: bool = False
) -> int:
    """Insert an incident; return its id."""
    result = await connection.execute(
        incidents.insert().values(
            name=values["name"],
            description=values.get("description") or "",
            status=values.get("status") or "open",
            start_date=values.get("start_date"),
            end_date=values.get("end_date"),
            icon=values.get("icon"),
            created_at=values.get("created_at", now),
            updated_at=values.get("created_at", now),
            is_demo=is_demo,
        )
    )
    return int(result.inserted_primary_key[0])


async def update_incident(
    connection: AsyncConnection, incident_id: int, changes: Mapping[str, Any], now: int
) -> bool:
    """Change the given fields of an incident; return False when there is no such incident."""
    statement = (
        update(incidents).where(incidents.c.id == incident_id).values(**changes, updated_at=now)
    )
    return (await connection.execute(statement)).rowcount > 0


async def delete_incident(connection: AsyncConnection, incident_id: int) -> bool:
    """Delete an incident; its entries stay, unassigned. Return False when there was none."""
    # the foreign key would do it too; explicit, so it holds wherever the key is not enforced
    await connection.execute(
        update(journal_entries)
        .where(journal_entries.c.incident_id == incident_id)
        .values(incident_id=None)
    )
    result = await connection.execute(delete(incidents).where(incidents.c.id == incident_id))
    return result.rowcount > 0


async def dated_incidents(connection: AsyncConnection) -> list[tuple[str, str | None]]:
    """Return (start_date, end_date) of every incident that has a start date."""
    statement = select(incidents.c.start_date, incidents.c.end_date).where(
        incidents.c.start_date.is_not(None)
    )
    return [(str(start), end) for start, end in await connection.execute(statement)]
