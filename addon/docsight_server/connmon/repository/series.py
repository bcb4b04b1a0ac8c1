"""Mean latency and loss over all enabled targets per time bucket (trends, correlation)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import func, select

from ...storage.database import Database
from ..rollup import loss_pct, to_ms
from ..schema import cm_rollups
from .buckets import OpenBuckets
from .targets import target_ids

SERIES_CACHE_S = 60.0
SERIES_CACHE_ENTRIES = 16

#: bucket start -> [sample count, timeouts, latency sum in microseconds]
Totals = dict[int, list[int]]


def _series_rows(merged: Totals) -> list[dict[str, Any]]:
    series = []
    for bucket_start in sorted(merged):
        count, timeouts, latency_sum = merged[bucket_start]
        answered = count - timeouts
        series.append(
            {
                "bucket_start": bucket_start,
                "avg_latency_ms": to_ms(latency_sum / answered) if answered else None,
                "packet_loss_pct": loss_pct(timeouts, count),
                "sample_count": count,
            }
        )
    return series


class LatencySeries:
    """Sums the stored rollups (plus the open buckets) of all enabled targets per bucket."""

    def __init__(self, database: Database, buckets: OpenBuckets) -> None:
        """Use `database` and the shared open buckets."""
        self.database = database
        self._buckets = buckets
        # Answers stay valid while no write happened since, and for SERIES_CACHE_S at most
        # (rows purged outside the repository age out that way).
        self._cache: dict[tuple[int, int, int], tuple[int, float, list[dict[str, Any]]]] = {}

    async def per_minute(self, start: float, end: float) -> list[dict[str, Any]]:
        """Return the mean latency and loss over all enabled targets per 60 s bucket."""
        return await self.per_bucket(start, end, 60)

    async def per_bucket(self, start: float, end: float, seconds: int) -> list[dict[str, Any]]:
        """Return mean latency and loss over all enabled targets per `seconds` bucket.

        `seconds` must be a multiple of 60; the coarsest stored tier dividing it is summed in
        the database (one grouped query), plus the tier's open buckets held in memory.
        """
        key = (int(start) // 60, int(end) // 60, seconds)
        cached = self._cache.get(key)
        now = time.monotonic()
        writes = self._buckets.writes
        if cached is not None and cached[0] == writes and now - cached[1] < SERIES_CACHE_S:
            return cached[2]
        series = await self._read(start, end, seconds)
        if len(self._cache) >= SERIES_CACHE_ENTRIES:
            self._cache.clear()
        self._cache[key] = (writes, now, series)
        return series

    async def _read(self, start: float, end: float, seconds: int) -> list[dict[str, Any]]:
        tier = max(tier for tier in (60, 300, 3600) if seconds % tier == 0)
        first = int(start // tier * tier)
        group = (cm_rollups.c.bucket_start // seconds * seconds).label("bucket")
        query = (
            select(
                group,
                func.sum(cm_rollups.c.sample_count),
                func.sum(cm_rollups.c.timeouts),
                func.sum(cm_rollups.c.latency_sum_us),
            )
            .where(
                cm_rollups.c.bucket_seconds == tier,
                cm_rollups.c.bucket_start >= first,
                cm_rollups.c.bucket_start <= end,
            )
            .group_by(group)
        )
        async with self.database.read() as connection:
            targets = await target_ids(connection, enabled_only=True)
            if not targets:
                return []
            rows = await connection.execute(query.where(cm_rollups.c.target_id.in_(targets)))
            merged: Totals = {int(row[0]): [int(row[1]), int(row[2]), int(row[3])] for row in rows}
        for target in targets:
            state = self._buckets.open.get((target, tier))
            if state is None or state.sample_count == 0 or not first <= state.bucket_start <= end:
                continue
            open_stats = state.stats()
            total = merged.setdefault(state.bucket_start // seconds * seconds, [0, 0, 0])
            total[0] += open_stats.sample_count
            total[1] += open_stats.timeouts
            total[2] += open_stats.latency_sum_us
        return _series_rows(merged)
