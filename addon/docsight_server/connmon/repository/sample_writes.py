"""Writing probe results: raw samples plus exact, incremental rollups of 1 min, 5 min and 1 h.

The bucket a target is currently filling lives in memory (`OpenBuckets`) and is written when a
newer bucket starts or on `flush`; a late sample for an older bucket recomputes that bucket from
the raw rows; after a restart the open buckets are rebuilt from the raw rows newer than the
last written bucket.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.bulk import bulk_insert
from ...storage.database import Database, after_commit
from ..rollup import ROLLUP_COLUMNS, TIER_SECONDS, BucketStats, bucket_stats, rollup_all
from ..schema import cm_rollups, cm_samples, cm_targets
from .buckets import OpenBuckets
from .rows import SAMPLE_COLUMNS, Sample, method_code, to_us

ROLLUP_VALUES = ROLLUP_COLUMNS[3:]

#: target_id -> ts_ms -> (latency_us or None, method code)
Batch = dict[int, dict[int, tuple[int | None, int]]]


def _upsert_statement(dialect: str) -> Any:
    maker = sqlite.insert if dialect == "sqlite" else postgresql.insert
    statement = maker(cm_rollups)
    return statement.on_conflict_do_update(
        index_elements=["target_id", "bucket_seconds", "bucket_start"],
        set_={name: statement.excluded[name] for name in ROLLUP_VALUES},
    )


async def upsert_rollups(
    connection: AsyncConnection, rows: Sequence[tuple[int, BucketStats]]
) -> None:
    """Insert or replace rollup buckets given as (target_id, stats)."""
    if not rows:
        return
    await connection.execute(
        _upsert_statement(connection.dialect.name),
        [dict(zip(ROLLUP_COLUMNS, stats.as_row(target), strict=True)) for target, stats in rows],
    )


def _demo_rows(
    samples: Iterable[Sample],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    raw: list[tuple[Any, ...]] = []
    per_target: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for sample in samples:
        ts_ms = round(sample.ts * 1000)
        latency = to_us(sample.latency_ms)
        raw.append((sample.target_id, ts_ms, latency, method_code(sample.method)))
        per_target[sample.target_id].append((ts_ms, latency))
    rollups: list[tuple[Any, ...]] = []
    for target, pairs in per_target.items():
        for seconds in TIER_SECONDS:
            rollups.extend(stats.as_row(target) for stats in rollup_all(pairs, seconds))
    return raw, rollups


def _batch(samples: Sequence[Sample]) -> Batch:
    """Group samples by target and millisecond (the first of duplicates wins)."""
    batch: Batch = defaultdict(dict)
    for sample in samples:
        ts_ms = round(sample.ts * 1000)
        batch[sample.target_id].setdefault(
            ts_ms, (to_us(sample.latency_ms), method_code(sample.method))
        )
    return batch


async def _drop_unknown_and_stored(connection: AsyncConnection, batch: Batch) -> None:
    """Remove samples of unknown targets and samples already stored from the batch."""
    known = set(
        (
            await connection.execute(
                select(cm_targets.c.id).where(cm_targets.c.id.in_(list(batch)))
            )
        ).scalars()
    )
    for target_id in [target for target in batch if target not in known]:
        del batch[target_id]
    if not batch:
        return
    low = min(min(rows) for rows in batch.values())
    high = max(max(rows) for rows in batch.values())
    stored = await connection.execute(
        select(cm_samples.c.target_id, cm_samples.c.ts_ms).where(
            cm_samples.c.target_id.in_(list(batch)),
            cm_samples.c.ts_ms >= low,
            cm_samples.c.ts_ms <= high,
        )
    )
    for target_id, ts_ms in stored:
        batch[target_id].pop(ts_ms, None)


async def _bucket_from_raw(
    connection: AsyncConnection, target_id: int, seconds: int, start: int
) -> BucketStats:
    latencies = (
        await connection.execute(
            select(cm_samples.c.latency_us).where(
                cm_samples.c.target_id == target_id,
                cm_samples.c.ts_ms >= start * 1000,
                cm_samples.c.ts_ms < (start + seconds) * 1000,
            )
        )
    ).scalars()
    return bucket_stats(start, seconds, latencies)


class SampleWriter:
    """Stores probe results and keeps the rollup tiers exact as they arrive."""

    def __init__(self, database: Database, buckets: OpenBuckets) -> None:
        """Use `database` and the shared open buckets."""
        self.database = database
        self._buckets = buckets

    async def add_samples(self, samples: Sequence[Sample]) -> None:
        """Store probe results and bring the rollups up to date (unknown targets are dropped)."""
        self._buckets.changed()
        if not samples:
            return
        batch = _batch(samples)
        async with self._buckets.lock:
            try:
                async with self.database.transaction() as connection:
                    await self._write_samples(connection, batch)
            except BaseException:
                for target_id in batch:  # memory may be ahead of the rolled-back rows
                    self._buckets.forget(target_id)
                raise
            finally:
                self._buckets.changed()  # answers read while the write was open are stale too

    async def _write_samples(self, connection: AsyncConnection, batch: Batch) -> None:
        await _drop_unknown_and_stored(connection, batch)
        if not batch:
            return
        for target_id in batch:
            if target_id not in self._buckets.loaded:
                await self._rebuild(connection, target_id)
        rows = [
            {"target_id": target, "ts_ms": ts_ms, "latency_us": latency, "method": code}
            for target, values in batch.items()
            for ts_ms, (latency, code) in values.items()
        ]
        if not rows:
            return
        await connection.execute(insert(cm_samples), rows)
        closed: list[tuple[int, BucketStats]] = []
        late: set[tuple[int, int, int]] = set()
        count = self._buckets.count
        for target_id, values in batch.items():
            for ts_ms in sorted(values):
                latency = values[ts_ms][0]
                for seconds in TIER_SECONDS:
                    count(target_id, seconds, ts_ms, latency, closed, late)
        await upsert_rollups(connection, closed)
        recomputed = [
            (target_id, await _bucket_from_raw(connection, target_id, seconds, start))
            for target_id, seconds, start in sorted(late)
        ]
        await upsert_rollups(connection, recomputed)

    async def _rebuild(self, connection: AsyncConnection, target_id: int) -> None:
        """Recreate the open buckets (and any unwritten closed ones) from the raw rows."""
        result = await connection.execute(
            select(cm_rollups.c.bucket_seconds, func.max(cm_rollups.c.bucket_start))
            .where(cm_rollups.c.target_id == target_id)
            .group_by(cm_rollups.c.bucket_seconds)
        )
        latest: dict[int, int] = {row[0]: row[1] for row in result}
        since = {seconds: latest.get(seconds) for seconds in TIER_SECONDS}
        starts = [value for value in since.values() if value is not None]
        from_ms = min(starts) * 1000 if len(starts) == len(TIER_SECONDS) else None
        query = select(cm_samples.c.ts_ms, cm_samples.c.latency_us).where(
            cm_samples.c.target_id == target_id
        )
        if from_ms is not None:
            query = query.where(cm_samples.c.ts_ms >= from_ms)
        rows = (await connection.execute(query.order_by(cm_samples.c.ts_ms))).tuples().all()
        buckets = self._buckets
        closed: list[tuple[int, BucketStats]] = []
        for seconds in TIER_SECONDS:
            key = (target_id, seconds)
            buckets.open.pop(key, None)
            buckets.floor.pop(key, None)
            written = since[seconds]
            written_ms = None if written is None else written * 1000
            unused: set[tuple[int, int, int]] = set()
            for ts_ms, latency in rows:
                if written_ms is None or ts_ms >= written_ms:
                    buckets.count(target_id, seconds, ts_ms, latency, closed, unused)
            if key not in buckets.open and written is not None:
                buckets.floor[key] = written + seconds
        await upsert_rollups(connection, closed)
        buckets.loaded.add(target_id)

    async def flush(self, now: float | None = None) -> int:
        """Write the open buckets; with `now`, those that ended by then are closed and dropped."""
        buckets = self._buckets
        buckets.changed()
        async with buckets.lock:
            items = list(buckets.open.items())
            if not items:
                return 0
            try:
                async with self.database.transaction() as connection:
                    await upsert_rollups(
                        connection, [(key[0], state.stats()) for key, state in items]
                    )
            finally:
                buckets.changed()
            if now is not None:
                for key, state in items:
                    end = state.bucket_start + state.bucket_seconds
                    if end <= now and buckets.open.get(key) is state:
                        del buckets.open[key]
                        buckets.floor[key] = end
            return len(items)

    async def add_demo_history(self, connection: AsyncConnection, samples: Iterable[Sample]) -> int:
        """Bulk-insert raw samples and their rollups (inside the caller's transaction)."""
        self._buckets.targets_changed()
        loop = asyncio.get_running_loop()
        raw, rollups = await loop.run_in_executor(None, _demo_rows, list(samples))
        await bulk_insert(connection, cm_samples, SAMPLE_COLUMNS, raw)
        await bulk_insert(connection, cm_rollups, ROLLUP_COLUMNS, rollups)
        # the demo seeder writes its targets in the same transaction
        after_commit(connection, self._buckets.targets_changed)
        return len(raw) + len(rollups)
