"""The event log: every SQL statement about events lives here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import ColumnElement, Select, and_, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ..timeutil import iso_utc
from .bulk import bulk_insert
from .database import Database
from .fetch import fetch_tuples
from .keep_windows import older_outside_windows
from .schema import events

OPERATIONAL_TYPES = ("monitoring_started", "monitoring_stopped")
EVENT_WRITE_COLUMNS = (
    "ts",
    "severity",
    "event_type",
    "message",
    "details",
    "acknowledged",
    "is_demo",
)


@dataclass(frozen=True, slots=True)
class EventFilter:
    """The filters of /api/events and its export and count.

    `severity` is one severity or several (any of them matches); `start` and `end` bound the
    event time (epoch seconds, both included).
    """

    severity: str | tuple[str, ...] | None = None
    event_type: str | None = None
    event_prefix: str | None = None
    acknowledged: bool | None = None
    exclude_operational: bool = False
    start: int | None = None
    end: int | None = None

    def apply(self, statement: Select[Any]) -> Select[Any]:
        """Return the statement with these filters added."""
        conditions: list[ColumnElement[bool]] = []
        if self.severity:
            wanted = (self.severity,) if isinstance(self.severity, str) else self.severity
            conditions.append(events.c.severity.in_(wanted))
        if self.event_type:
            conditions.append(events.c.event_type == self.event_type)
        if self.event_prefix:
            escaped = (
                self.event_prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            )
            conditions.append(events.c.event_type.like(f"{escaped}%", escape="\\"))
        if self.acknowledged is not None:
            conditions.append(events.c.acknowledged.is_(self.acknowledged))
        if self.exclude_operational:
            conditions.append(events.c.event_type.not_in(OPERATIONAL_TYPES))
        if self.start is not None:
            conditions.append(events.c.ts >= self.start)
        if self.end is not None:
            conditions.append(events.c.ts <= self.end)
        return statement.where(and_(*conditions)) if conditions else statement


def event_row(ts: int, event: Mapping[str, Any], *, is_demo: bool = False) -> tuple[Any, ...]:
    """Return the row for an event dict {severity, event_type, message, details}."""
    details = event.get("details")
    return (
        ts,
        event["severity"],
        event["event_type"],
        event["message"],
        None if details is None else orjson.dumps(details).decode(),
        bool(event.get("acknowledged", False)),
        is_demo,
    )


def event_dict(row: Any) -> dict[str, Any]:
    """Return the API shape of an event row (UTC timestamp with Z)."""
    return {
        "id": row.id,
        "timestamp": iso_utc(row.ts),
        "severity": row.severity,
        "event_type": row.event_type,
        "message": row.message,
        "details": None if row.details is None else orjson.loads(row.details),
        "acknowledged": int(bool(row.acknowledged)),
    }


class EventStore:
    """Reads and writes the event log."""

    def __init__(self, database: Database) -> None:
        """Bind to the database."""
        self.database = database

    async def add(
        self,
        connection: AsyncConnection,
        ts: int,
        new_events: Sequence[Mapping[str, Any]],
        *,
        is_demo: bool = False,
    ) -> list[dict[str, Any]]:
        """Insert events inside the caller's transaction; return them in the API shape."""
        stored = []
        for event in new_events:
            values = dict(
                zip(EVENT_WRITE_COLUMNS, event_row(ts, event, is_demo=is_demo), strict=True)
            )
            result = await connection.execute(events.insert().values(**values))
            row = dict(values, id=int(result.inserted_primary_key[0]))
            stored.append(event_dict(_Row(row)))
        return stored

    async def add_bulk(self, connection: AsyncConnection, rows: list[tuple[Any, ...]]) -> None:
        """Insert prepared event rows (from `event_row`) in one go."""
        await bulk_insert(connection, events, EVENT_WRITE_COLUMNS, rows)

    async def list(
        self, event_filter: EventFilter, limit: int | None, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Return matching events, newest first."""
        statement = event_filter.apply(select(events)).order_by(
            events.c.ts.desc(), events.c.id.desc()
        )
        if limit is not None:
            statement = statement.limit(limit)
        if offset:
            statement = statement.offset(offset)
        async with self.database.read() as connection:
            return [event_dict(row) for row in await connection.execute(statement)]

    async def export_rows(self, event_filter: EventFilter, limit: int) -> Sequence[tuple[Any, ...]]:
        """Return matching events newest first as stored: (ts, severity, event_type, message,
        acknowledged, details text), for the CSV export."""
        columns = (
            events.c.ts,
            events.c.severity,
            events.c.event_type,
            events.c.message,
            events.c.acknowledged,
            events.c.details,
        )
        statement = (
            event_filter.apply(select(*columns))
            .order_by(events.c.ts.desc(), events.c.id.desc())
            .limit(limit)
        )
        async with self.database.read() as connection:
            return await fetch_tuples(connection, statement)

    async def count(self, event_filter: EventFilter) -> int:
        """Return how many events match."""
        statement = event_filter.apply(select(func.count(events.c.id)))
        async with self.database.read() as connection:
            return int((await connection.execute(statement)).scalar_one())

    async def acknowledge(self, event_id: int) -> bool:
        """Mark one event acknowledged; False when it does not exist."""
        async with self.database.transaction() as connection:
            result = await connection.execute(
                update(events).where(events.c.id == event_id).values(acknowledged=True)
            )
        return result.rowcount > 0

    async def acknowledge_all(self) -> int:
        """Mark every unacknowledged event acknowledged; return how many changed."""
        async with self.database.transaction() as connection:
            result = await connection.execute(
                update(events).where(events.c.acknowledged.is_(False)).values(acknowledged=True)
            )
        return max(result.rowcount, 0)

    async def latest_ts(self, event_type: str) -> int | None:
        """Return when the newest event of a type happened, or None."""
        statement = select(func.max(events.c.ts)).where(events.c.event_type == event_type)
        async with self.database.read() as connection:
            latest = (await connection.execute(statement)).scalar_one_or_none()
        return None if latest is None else int(latest)

    async def delete_before(
        self, connection: AsyncConnection, cutoff: int, keep: Sequence[tuple[int, int]]
    ) -> int:
        """Delete events older than cutoff outside the keep windows."""
        condition = older_outside_windows(events.c.ts, cutoff, keep)
        result = await connection.execute(delete(events).where(condition))
        return max(result.rowcount, 0)


class _Row:
    """Attribute access over a dict (for shaping rows that were just inserted)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)
