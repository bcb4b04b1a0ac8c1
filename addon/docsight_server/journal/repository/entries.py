"""Journal entries: listing with filters, one entry, writes, batch changes and export rows.

Every function runs inside the caller's transaction or read.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ...timeutil import iso_utc
from ..schema import journal_attachments, journal_entries
from .attachments import attachment_count, attachments_of
from .search import contains_any_case

_ENTRY_FIELDS = ("id", "date", "title", "description", "icon", "incident_id")


@dataclass(frozen=True, slots=True)
class EntryFilter:
    """Which entries a list or export shows; incident_id 0 means "not in any incident"."""

    search: str | None = None
    incident_id: int | None = None
    date_from: str | None = None
    date_to: str | None = None


def _conditions(entry_filter: EntryFilter) -> list[ColumnElement[bool]]:
    table = journal_entries.c
    conditions: list[ColumnElement[bool]] = []
    if entry_filter.search:
        needle = entry_filter.search
        conditions.append(
            or_(
                contains_any_case(table.title, needle),
                contains_any_case(table.description, needle),
            )
        )
    if entry_filter.incident_id == 0:
        conditions.append(table.incident_id.is_(None))
    elif entry_filter.incident_id is not None:
        conditions.append(table.incident_id == entry_filter.incident_id)
    if entry_filter.date_from is not None:
        conditions.append(table.date >= entry_filter.date_from)
    if entry_filter.date_to is not None:
        conditions.append(table.date <= entry_filter.date_to)
    return conditions


def _listing(entry_filter: EntryFilter) -> Select[Any]:
    table = journal_entries.c
    return (
        select(journal_entries, attachment_count(table.id).label("attachment_count"))
        .where(*_conditions(entry_filter))
        .order_by(table.date.desc(), table.id.desc())
    )


def entry_json(row: Mapping[Any, Any]) -> dict[str, Any]:
    """Return an entry as the API shows it (times in UTC with Z)."""
    entry = {name: row[name] for name in _ENTRY_FIELDS}
    entry["created_at"] = iso_utc(row["created_at"])
    entry["updated_at"] = iso_utc(row["updated_at"])
    entry["attachment_count"] = int(row["attachment_count"])
    return entry


async def list_entries(
    connection: AsyncConnection, entry_filter: EntryFilter, limit: int | None, offset: int = 0
) -> list[dict[str, Any]]:
    """Return matching entries, newest date first (then newest id), a page of them."""
    statement = _listing(entry_filter).offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    result = await connection.execute(statement)
    return [entry_json(row) for row in result.mappings()]


async def get_entry(connection: AsyncConnection, entry_id: int) -> dict[str, Any] | None:
    """Return one entry with its attachments, or None."""
    statement = _listing(EntryFilter()).where(journal_entries.c.id == entry_id)
    row = (await connection.execute(statement)).mappings().first()
    if row is None:
        return None
    return {**entry_json(row), "attachments": await attachments_of(connection, entry_id)}


async def entry_exists(connection: AsyncConnection, entry_id: int) -> bool:
    """Return True when the entry exists."""
    statement = select(journal_entries.c.id).where(journal_entries.c.id == entry_id)
    return (await connection.execute(statement)).first() is not None


async def insert_entry(
    connection: AsyncConnection, values: Mapping[str, Any], now: int, *, is_demo: bool = False
) -> int:
    """Insert an entry (date, title, description, icon, incident_id); return its id."""
    result = await connection.execute(
        journal_entries.insert().values(
            date=values["date"],
            title=values["title"],
            description=values.get("description") or "",
            icon=values.get("icon"),
            incident_id=values.get("incident_id"),
            created_at=values.get("created_at", now),
            updated_at=values.get("created_at", now),
            is_demo=is_demo,
        )
    )
    return int(result.inserted_primary_key[0])


async def insert_entries(
    connection: AsyncConnection, rows: list[Mapping[str, Any]], now: int
) -> None:
    """Insert many entries of date, title and description (an import)."""
    if rows:
        await connection.execute(
            journal_entries.insert(),
            [
                {
                    "date": row["date"],
                    "title": row["title"],
                    "description": row.get("description") or "",
                    "created_at": now,
                    "updated_at": now,
                    "is_demo": False,
                }
                for row in rows
            ],
        )


async def update_entry(
    connection: AsyncConnection, entry_id: int, changes: Mapping[str, Any], now: int
) -> bool:
    """Change the given fields of an entry; return False when there is no such entry."""
    statement = (
        update(journal_entries)
        .where(journal_entries.c.id == entry_id)
        .values(**changes, updated_at=now)
    )
    result = await connection.execute(statement)
    return result.rowcount > 0


async def delete_entries(
    connection: AsyncConnection, entry_ids: Collection[int] | None
) -> tuple[int, list[str]]:
    """Delete entries (None: all of them); return how many and their attachments' file names.

    The attachment rows go with their entries (foreign key cascade); the caller removes the
    files once the transaction has committed.
    """
    names = select(journal_attachments.c.stored_name)
    statement = delete(journal_entries)
    if entry_ids is not None:
        names = names.where(journal_attachments.c.entry_id.in_(list(entry_ids)))
        statement = statement.where(journal_entries.c.id.in_(list(entry_ids)))
    stored = [str(name) for name in (await connection.execute(names)).scalars()]
    result = await connection.execute(statement)
    return max(result.rowcount, 0), stored


async def set_incident(
    connection: AsyncConnection, entry_ids: Collection[int], incident_id: int | None, now: int
) -> int:
    """Put entries into an incident (None: out of any); return how many entries changed."""
    table = journal_entries.c
    condition: ColumnElement[bool] = table.id.in_(list(entry_ids))
    if incident_id is None:
        condition = and_(condition, table.incident_id.is_not(None))
    else:
        condition = and_(
            condition, or_(table.incident_id.is_(None), table.incident_id != incident_id)
        )
    statement = (
        update(journal_entries).where(condition).values(incident_id=incident_id, updated_at=now)
    )
    result = await connection.execute(statement)
    return max(result.rowcount, 0)


async def missing_entries(connection: AsyncConnection, entry_ids: Collection[int]) -> list[int]:
    """Return the ids among entry_ids that name no entry, ascending."""
    statement = select(journal_entries.c.id).where(journal_entries.c.id.in_(list(entry_ids)))
    found = set((await connection.execute(statement)).scalars())
    return sorted(set(entry_ids) - found)


async def entries_of_incident(
    connection: AsyncConnection, incident_id: int
) -> list[dict[str, Any]]:
    """Return the entries of an incident, oldest date first."""
    statement = (
        _listing(EntryFilter(incident_id=incident_id))
        .order_by(None)
        .order_by(journal_entries.c.date, journal_entries.c.id)
    )
    result = await connection.execute(statement)
    return [entry_json(row) for row in result.mappings()]


async def stored_pairs(connection: AsyncConnection) -> set[tuple[str, str]]:
    """Return the (date, title) of every stored entry (an import skips those as duplicates)."""
    statement = select(journal_entries.c.date, journal_entries.c.title)
    return {(str(date), str(title)) for date, title in await connection.execute(statement)}
