"""Per-target statistics over raw samples: a range (/stats) and the recent window (/summary)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database
from ..rollup import loss_pct, p95_offset, to_ms
from ..schema import cm_samples
from .buckets import OpenBuckets
from .targets import Targets
from .window_cache import Window, WindowCache

#: count, answered, latency sum, min and max (microseconds) of one target's samples
Aggregate = tuple[int, int, int | None, int | None, int | None]
NOTHING: Aggregate = (0, 0, None, None, None)


def _conditions(start_ms: int | None, end_ms: int | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start_ms is not None:
        conditions.append(cm_samples.c.ts_ms >= start_ms)
    if end_ms is not None:
        conditions.append(cm_samples.c.ts_ms <= end_ms)
    return conditions


async def _aggregate(
    connection: AsyncConnection, targets: list[int], start_ms: int | None, end_ms: int | None
) -> dict[int, Aggregate]:
    """Return target -> (count, answered, sum_us, min_us, max_us) over raw samples."""
    if not targets:
        return {}
    conditions = [cm_samples.c.target_id.in_(targets), *_conditions(start_ms, end_ms)]
    query = (
        select(
            cm_samples.c.target_id,
            func.count(),
            func.count(cm_samples.c.latency_us),
            func.sum(cm_samples.c.latency_us),
            func.min(cm_samples.c.latency_us),
            func.max(cm_samples.c.latency_us),
        )
        .where(*conditions)
        .group_by(cm_samples.c.target_id)
    )
    return {
        row[0]: (int(row[1]), int(row[2]), row[3], row[4], row[5])
        for row in await connection.execute(query)
    }


def _summary(count: int, answered: int, total: Any, low: Any, high: Any) -> dict[str, Any]:
    return {
        "sample_count": count,
        "avg_latency_ms": to_ms(int(total) / answered) if answered else None,
        "min_latency_ms": to_ms(low),
        "max_latency_ms": to_ms(high),
        "packet_loss_pct": loss_pct(count - answered, count),
    }


async def _p95(
    connection: AsyncConnection,
    target: int,
    answered: int,
    start_ms: int | None,
    end_ms: int | None,
) -> float | None:
    """Return the nearest-rank P95 latency (ms) of a target's answered samples."""
    conditions = [
        cm_samples.c.target_id == target,
        cm_samples.c.latency_us.is_not(None),
        *_conditions(start_ms, end_ms),
    ]
    # Counted from the top, the sort keeps only the highest 5 % (a small heap) in memory.
    p95 = (
        await connection.execute(
            select(cm_samples.c.latency_us)
            .where(*conditions)
            .order_by(cm_samples.c.latency_us.desc())
            .offset(answered - 1 - p95_offset(answered))
            .limit(1)
        )
    ).scalar()
    return to_ms(p95)


async def _between(
    connection: AsyncConnection, targets: list[int], start_ms: int | None, end_ms: int | None
) -> dict[str, dict[str, Any]]:
    found = await _aggregate(connection, targets, start_ms, end_ms)
    result: dict[str, dict[str, Any]] = {}
    for target in targets:
        count, answered, total, low, high = found.get(target, NOTHING)
        entry = _summary(count, answered, total, low, high)
        entry["latency_count"] = answered
        entry["p95_latency_ms"] = None
        if answered:
            entry["p95_latency_ms"] = await _p95(connection, target, answered, start_ms, end_ms)
        result[str(target)] = entry
    return result


def _copy[K](answer: dict[K, dict[str, Any]]) -> dict[K, dict[str, Any]]:
    """Return a copy a caller may change without changing the cached answer."""
    return {key: dict(value) for key, value in answer.items()}


class SampleStats:
    """Latency (avg/min/max/P95), loss and counts per target, computed in the database.

    Answers are reused while the same samples lie in the window (see window_cache).
    """

    def __init__(self, database: Database, buckets: OpenBuckets, targets: Targets) -> None:
        """Use `database` and `targets`; the counters of `buckets` tell when answers are stale."""
        self.database = database
        self._targets = targets
        self._cache = WindowCache(database, buckets)

    async def _ids(self) -> list[int]:
        return [int(target["id"]) for target in await self._targets.all()]

    async def between(self, start: float | None, end: float | None) -> dict[str, dict[str, Any]]:
        """Return per-target range statistics over raw samples, keyed by the id as text."""
        window = Window(
            None if start is None else round(start * 1000),
            None if end is None else round(end * 1000),
        )
        targets = await self._ids()

        async def compute(connection: AsyncConnection) -> dict[str, dict[str, Any]]:
            return await _between(connection, targets, window.start_ms, window.end_ms)

        answer = await self._cache.get(("between", tuple(targets)), targets, window, compute)
        return _copy(answer)

    async def since(
        self, since: float, targets: Sequence[int] | None = None
    ) -> dict[int, dict[str, Any]]:
        """Return per-target statistics of the raw samples since `since` (for /summary).

        `targets` (ids in id order) saves reading them again when the caller has them.
        """
        window = Window(round(since * 1000), None)
        ids = list(targets) if targets is not None else await self._ids()

        async def compute(connection: AsyncConnection) -> dict[int, dict[str, Any]]:
            found = await _aggregate(connection, ids, window.start_ms, None)
            return {target: _summary(*found.get(target, NOTHING)) for target in ids}

        answer = await self._cache.get(("since", tuple(ids)), ids, window, compute)
        return _copy(answer)
