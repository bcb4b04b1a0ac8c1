"""Snapshots and channel samples: every SQL statement of the signal history lives here."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import orjson
from sqlalchemy import Row, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from .bulk import bulk_insert
from .catalogs import DOWNSTREAM, UPSTREAM, ModulationCodes, Series, SeriesCatalog
from .database import Database, after_commit
from .fetch import fetch_tuples
from .history_json import channel_history_json
from .keep_windows import older_outside_windows
from .recent_parts import RecentRows
from .samples import SAMPLE_COLUMNS, modulation_names, sample_row
from .schema import channel_samples, channel_series, snapshots
from .snapshot_rows import (
    SCALAR_NAMES,
    SNAPSHOT_BULK_COLUMNS,
    SNAPSHOT_WRITE_COLUMNS,
    NewSnapshot,
    rebuild_snapshot,
    snapshot_values,
    summary_of_row,
)
from .summary_cache import SummaryColumns
from .summary_parts import summary_parts

_LOGGER = logging.getLogger(__name__)

SUMMARY_COLUMNS = [snapshots.c[name] for name in SCALAR_NAMES]


def _lanes(analysis: dict[str, Any]) -> tuple[tuple[int, list[dict[str, Any]]], ...]:
    return (
        (DOWNSTREAM, analysis.get("ds_channels") or []),
        (UPSTREAM, analysis.get("us_channels") or []),
    )


_FREE_TS_BATCH = 64


class SignalStore:
    """Writes and reads the signal history; keeps the small catalogs in memory."""

    def __init__(self, database: Database) -> None:
        """Bind to the database; catalogs load on first use."""
        self.database = database
        self.series = SeriesCatalog()
        self.modulations = ModulationCodes()
        self.summaries = SummaryColumns()
        self.recent_rows = RecentRows()
        #: Bumped on every change; response caches key on it.
        self.version = 0

    def invalidate(self, *, deleted_before: int | None = None) -> None:
        """Forget cached catalogs and summaries and mark every cached response stale.

        `deleted_before`: only snapshots older than this went away, so newer kept trends
        rows stay.
        """
        self.series.forget()
        self.modulations.loaded = False
        self.summaries.invalidate()
        if deleted_before is None:
            self.recent_rows.clear()
        else:
            self.recent_rows.drop_before(deleted_before)
        self.version += 1

    async def warm(self) -> None:
        """Load the in-memory summaries ahead of the first trends request."""
        if not self.summaries.loaded:
            async with self.database.read() as connection:
                await self.summaries.ensure(connection)

    async def summary_window(self, start: int, end: int) -> tuple[SummaryColumns, int, int]:
        """Return the in-memory summaries and the index range of [start, end]."""
        await self.warm()
        first, last = self.summaries.span(start, end)
        return self.summaries, first, last

    async def ensure_catalogs(self, connection: AsyncConnection) -> None:
        """Load the series and modulation catalogs when they are not loaded."""
        if not self.series.loaded:
            await self.series.load(connection)
        if not self.modulations.loaded:
            await self.modulations.load(connection)

    async def _free_ts(self, connection: AsyncConnection, ts: int) -> int:
        # /api/snapshots/<timestamp> addresses snapshots by second, so two polls never share one:
        # a taken second moves the snapshot to the next free one (one query per 64 taken seconds).
        while True:
            taken = (
                (
                    await connection.execute(
                        select(snapshots.c.ts)
                        .where(snapshots.c.ts >= ts)
                        .order_by(snapshots.c.ts)
                        .limit(_FREE_TS_BATCH)
                    )
                )
                .scalars()
                .all()
            )
            for stored in taken:
                if stored != ts:
                    return ts
                ts += 1
            if len(taken) < _FREE_TS_BATCH:
                return ts

    async def save(self, connection: AsyncConnection, snapshot: NewSnapshot) -> tuple[int, int]:
        """Store one snapshot inside the caller's transaction; return (snapshot id, ts)."""
        try:
            await self.ensure_catalogs(connection)
            ts = await self._free_ts(connection, snapshot.ts)
            snapshot_id = await self._insert_snapshot(connection, snapshot, ts)
            await self.prepare(connection, [snapshot.analysis])
            rows = self.rows_for(ts, snapshot.analysis)
            await bulk_insert(connection, channel_samples, SAMPLE_COLUMNS, rows)
        except BaseException:
            self.invalidate()  # the transaction rolls back; cached ids may be gone
            raise
        summary = snapshot.analysis["summary"]
        tail = orjson.dumps(summary_parts(summary))[1:]
        after_commit(connection, lambda: self._committed(ts, summary, tail))
        return snapshot_id, ts

    def _committed(self, ts: int, summary: dict[str, Any], tail: bytes) -> None:
        self.summaries.append(ts, summary)
        self.recent_rows.put_many(((ts, (tail, 0, None)),), ts)
        self.version += 1

    @staticmethod
    async def _insert_snapshot(connection: AsyncConnection, snapshot: NewSnapshot, ts: int) -> int:
        values = dict(zip(SNAPSHOT_WRITE_COLUMNS, snapshot_values(ts, snapshot), strict=True))
        result = await connection.execute(snapshots.insert().values(**values))
        return int(result.inserted_primary_key[0])

    async def prepare(
        self, connection: AsyncConnection, analyses: Sequence[dict[str, Any]]
    ) -> None:
        """Create the series and modulation codes these analyses need (before `rows_for`)."""
        await self.ensure_catalogs(connection)
        names: set[str] = set()
        for analysis in analyses:
            for direction, records in _lanes(analysis):
                for record in records:
                    names |= modulation_names(record)
                await self.series.ensure_lineup(connection, direction, records)
        await self.modulations.ensure(connection, names)

    def rows_for(self, ts: int, analysis: dict[str, Any]) -> list[tuple[Any, ...]]:
        """Return sample rows for an analysis whose series and codes are prepared (sync)."""
        rows = []
        seen: set[int] = set()
        for direction, records in _lanes(analysis):
            for record in records:
                series = self.series.known(direction, record)
                if series.id not in seen:
                    seen.add(series.id)
                    rows.append(sample_row(series.id, ts, record, self.modulations))
        return rows

    async def next_id(self, connection: AsyncConnection) -> int:
        """Return the first free snapshot id (bulk loads assign ids themselves)."""
        return int((await connection.execute(select(func.max(snapshots.c.id)))).scalar() or 0) + 1

    async def save_prepared(
        self,
        connection: AsyncConnection,
        snapshot_rows: list[tuple[Any, ...]],
        sample_rows: list[tuple[Any, ...]],
    ) -> None:
        """Insert rows made by `snapshot_values` (with ids) and `rows_for` in one go."""
        try:
            await bulk_insert(connection, snapshots, SNAPSHOT_BULK_COLUMNS, snapshot_rows)
            await bulk_insert(connection, channel_samples, SAMPLE_COLUMNS, sample_rows)
            if connection.dialect.name == "postgresql":
                await connection.exec_driver_sql(
                    "SELECT setval(pg_get_serial_sequence('snapshots', 'id'), "
                    "(SELECT MAX(id) FROM snapshots))"
                )
        except BaseException:
            self.invalidate()
            raise
        after_commit(connection, self.invalidate)

    async def timestamps(self) -> list[int]:
        """Return every snapshot time, newest first."""
        async with self.database.read() as connection:
            result = await connection.execute(
                select(snapshots.c.ts).order_by(snapshots.c.ts.desc())
            )
            return list(result.scalars())

    async def count(self) -> int:
        """Return how many snapshots are stored."""
        async with self.database.read() as connection:
            return int((await connection.execute(select(func.count(snapshots.c.id)))).scalar_one())

    async def latest(self) -> dict[str, Any] | None:
        """Return the newest stored snapshot in full, or None."""
        return await self._load_one(
            snapshots.c.ts == select(func.max(snapshots.c.ts)).scalar_subquery()
        )

    async def at(self, ts: int) -> dict[str, Any] | None:
        """Return the snapshot stored at exactly this epoch second, or None."""
        return await self._load_one(snapshots.c.ts == ts)

    async def _load_one(self, condition: Any) -> dict[str, Any] | None:
        async with self.database.read() as connection:
            await self.ensure_catalogs(connection)
            row = (await connection.execute(select(snapshots).where(condition))).first()
            if row is None:
                return None
            sample_rows = await self._samples_at(connection, row.ts)
            if any(self.series.get(sample.series_id) is None for sample in sample_rows):
                await self.series.load(connection)
        return rebuild_snapshot(row, sample_rows, self.series, self.modulations)

    async def _samples_at(self, connection: AsyncConnection, ts: int) -> list[Row[Any]]:
        """Return every channel's sample at one time (one key seek per series)."""
        series_ids = [series.id for series in self.series.all()]
        if not series_ids:
            return []
        statement = select(channel_samples).where(
            channel_samples.c.series_id.in_(series_ids), channel_samples.c.ts == ts
        )
        return list((await connection.execute(statement)).all())

    async def summary_rows(self, start: int, end: int) -> list[tuple[Any, ...]]:
        """Return (ts, scalars..., health_issues) tuples with start <= ts <= end, oldest first."""
        statement = (
            select(snapshots.c.ts, *SUMMARY_COLUMNS, snapshots.c.health_issues)
            .where(snapshots.c.ts.between(start, end))
            .order_by(snapshots.c.ts)
        )
        async with self.database.read() as connection:
            rows = await fetch_tuples(connection, statement)
        if connection.dialect.name == "sqlite":  # the driver returns 0/1 for the boolean
            flag = SCALAR_NAMES.index("errors_supported") + 1
            rows = [
                (*row[:flag], None if row[flag] is None else bool(row[flag]), *row[flag + 1 :])
                for row in rows
            ]
        return rows

    async def counter_rows(self, start: int, end: int) -> list[tuple[Any, ...]]:
        """Return (ts, ds_correctable_errors, ds_uncorrectable_errors) tuples, oldest first."""
        statement = (
            select(
                snapshots.c.ts,
                snapshots.c.ds_correctable_errors,
                snapshots.c.ds_uncorrectable_errors,
            )
            .where(snapshots.c.ts.between(start, end))
            .order_by(snapshots.c.ts)
        )
        async with self.database.read() as connection:
            return await fetch_tuples(connection, statement)

    async def all_series(self) -> list[Series]:
        """Return every channel series ever stored."""
        async with self.database.read() as connection:
            if not self.series.loaded:
                await self.series.load(connection)
        return self.series.all()

    async def samples(
        self, series_ids: Sequence[int], start: int, end: int
    ) -> dict[int, list[tuple[Any, ...]]]:
        """Return sample tuples (SAMPLE_COLUMNS order) per series in [start, end], oldest first."""
        statement = (
            select(channel_samples)
            .where(
                channel_samples.c.series_id.in_(list(series_ids)),
                channel_samples.c.ts.between(start, end),
            )
            .order_by(channel_samples.c.series_id, channel_samples.c.ts)
        )
        grouped: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        async with self.database.read() as connection:
            await self.ensure_catalogs(connection)
            for row in await fetch_tuples(connection, statement):
                grouped[row[0]].append(row)
        return grouped

    async def sample_bounds(
        self, series_ids: Sequence[int], start: int, end: int
    ) -> tuple[int | None, int | None, int]:
        """Return the first and last sample time and the sample count in [start, end]."""
        statement = select(
            func.min(channel_samples.c.ts), func.max(channel_samples.c.ts), func.count()
        ).where(
            channel_samples.c.series_id.in_(list(series_ids)),
            channel_samples.c.ts.between(start, end),
        )
        async with self.database.read() as connection:
            first, last, count = (await connection.execute(statement)).one()
        return first, last, int(count)

    async def history_json(self, series_id: int, start: int, end: int) -> str | None:
        """Return one series' history points as JSON built by SQLite, or None (see there)."""
        async with self.database.read() as connection:
            return await channel_history_json(connection, series_id, start, end)

    def modulation_name(self, code: int | None) -> str | None:
        """Return the name of a stored modulation code."""
        return self.modulations.name(code)

    async def delete_before(
        self, connection: AsyncConnection, cutoff: int, keep: Sequence[tuple[int, int]]
    ) -> int:
        """Delete snapshots (and their samples) older than cutoff outside the keep windows."""
        condition = older_outside_windows(snapshots.c.ts, cutoff, keep)
        await self.ensure_catalogs(connection)
        doomed = select(snapshots.c.ts).where(condition)
        await connection.execute(
            delete(channel_samples).where(
                channel_samples.c.series_id.in_([series.id for series in self.series.all()]),
                channel_samples.c.ts < cutoff,
                channel_samples.c.ts.in_(doomed),
            )
        )
        result = await connection.execute(delete(snapshots).where(condition))
        removed = max(result.rowcount, 0)
        if removed:
            after_commit(connection, lambda: self.invalidate(deleted_before=cutoff))
        return removed


async def purge_demo_samples(connection: AsyncConnection) -> int:
    """Delete the samples of demo snapshots and the series left without samples."""
    demo_ts = select(snapshots.c.ts).where(snapshots.c.is_demo.is_(True))
    result = await connection.execute(
        delete(channel_samples).where(channel_samples.c.ts.in_(demo_ts))
    )
    used = select(channel_samples.c.series_id).distinct()
    await connection.execute(delete(channel_series).where(channel_series.c.id.not_in(used)))
    return max(result.rowcount, 0)


__all__ = [
    "SCALAR_NAMES",
    "SNAPSHOT_BULK_COLUMNS",
    "NewSnapshot",
    "SignalStore",
    "purge_demo_samples",
    "snapshot_values",
    "summary_of_row",
]
