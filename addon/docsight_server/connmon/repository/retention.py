"""Retention: each tier keeps its span (raw 7 days, 1 min 30 days, ...), pinned days stay."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, delete, or_, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database, after_commit
from ..rollup import DAY, KEEP_SECONDS, ORDER, TIERS
from ..schema import cm_pinned_days, cm_rollups, cm_samples, cm_trace_hops, cm_traces
from .buckets import OpenBuckets
from .targets import target_ids

Span = tuple[int, int]  # a pinned day: [utc_start, utc_end)


def cutoffs(now: float, retention_days: int) -> dict[str, float | None]:
    """Return per tier the epoch second before which it keeps nothing (None: keeps all)."""
    found: dict[str, float | None] = {}
    for tier in ORDER:
        keep = KEEP_SECONDS[tier]
        cutoff = None if keep is None else now - keep
        if retention_days > 0:
            limit = now - retention_days * DAY
            cutoff = limit if cutoff is None else max(cutoff, limit)
        found[tier] = cutoff
    return found


async def _prune_target(
    connection: AsyncConnection, target: int, limits: dict[str, float | None], pins: Sequence[Span]
) -> int:
    """Delete a target's raw samples and rollups older than their tier keeps, outside pins."""
    removed = 0
    raw_cutoff = limits["raw"]
    if raw_cutoff is not None:
        column = cm_samples.c.ts_ms
        outside = [or_(column < low * 1000, column >= high * 1000) for low, high in pins]
        result = await connection.execute(
            delete(cm_samples).where(
                cm_samples.c.target_id == target,
                column < round(raw_cutoff * 1000),
                and_(true(), *outside),
            )
        )
        removed += max(result.rowcount, 0)
    for tier, seconds in TIERS.items():
        cutoff = limits[tier]
        if cutoff is None:
            continue
        begin = cm_rollups.c.bucket_start
        outside = [or_(begin >= high, begin <= low - seconds) for low, high in pins]
        result = await connection.execute(
            delete(cm_rollups).where(
                cm_rollups.c.target_id == target,
                cm_rollups.c.bucket_seconds == seconds,
                begin <= cutoff - seconds,
                and_(true(), *outside),
            )
        )
        removed += max(result.rowcount, 0)
    return removed


async def _prune_traces(connection: AsyncConnection, limit: float, pins: Sequence[Span]) -> int:
    """Delete traceroutes (and their hops) older than `limit`, outside pinned days."""
    outside = [or_(cm_traces.c.ts < low, cm_traces.c.ts >= high) for low, high in pins]
    old = select(cm_traces.c.id).where(cm_traces.c.ts < limit, and_(true(), *outside))
    await connection.execute(delete(cm_trace_hops).where(cm_trace_hops.c.trace_id.in_(old)))
    result = await connection.execute(
        delete(cm_traces).where(cm_traces.c.ts < limit, and_(true(), *outside))
    )
    return max(result.rowcount, 0)


class Retention:
    """Deletes what the tiers no longer keep, and all older than the retention setting."""

    def __init__(self, database: Database, buckets: OpenBuckets) -> None:
        """Use `database`; deleting holds the buckets' lock so no sample write interleaves."""
        self.database = database
        self._buckets = buckets

    async def apply(self, now: float, retention_days: int) -> int:
        """Delete what the tiers no longer keep (and all older than retention_days when > 0).

        Rows inside a pinned day are kept. Returns how many rows were removed.
        """
        self._buckets.changed()
        limits = cutoffs(now, retention_days)
        removed = 0
        async with self._buckets.lock, self.database.transaction() as connection:
            after_commit(connection, self._buckets.changed)
            pins = (
                (
                    await connection.execute(
                        select(cm_pinned_days.c.utc_start, cm_pinned_days.c.utc_end)
                    )
                )
                .tuples()
                .all()
            )
            for target in await target_ids(connection):
                removed += await _prune_target(connection, target, limits, pins)
            if retention_days > 0:
                removed += await _prune_traces(connection, now - retention_days * DAY, pins)
        return removed
