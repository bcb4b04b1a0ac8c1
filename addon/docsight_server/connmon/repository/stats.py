"""Per-target statistics over raw samples: a range (/stats) and the recent window (/summary)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database
from ...storage.fetch import Prepared
from ..rollup import loss_pct, p95_offset, to_ms
from ..schema import cm_rollups, cm_samples
from .buckets import OpenBuckets
from .targets import Targets
from .window_cache import Window, WindowCache

#: count, answered, latency sum, min and max (microseconds) of one target's samples
Aggregate = tuple[int, int, int | None, int | None, int | None]
NOTHING: Aggregate = (0, 0, None, None, None)
#: The rollup tier whose bucket maxima bound the P95 from below (see _top).
BOUND_SECONDS = 60


def _inside() -> list[ColumnElement[bool]]:
    """Return the conditions of a raw sample inside [low, high] (milliseconds)."""
    return [cm_samples.c.ts_ms >= bindparam("low"), cm_samples.c.ts_ms <= bindparam("high")]


def _targets(count: int) -> list[Any]:
    return [bindparam(f"t{index}") for index in range(count)]


@functools.lru_cache(maxsize=16)
def _aggregate_statement(count: int) -> Prepared:
    """Return count, answered, sum, min and max per target of `count` (t0.., low, high)."""
    samples = cm_samples.c
    return Prepared(
        select(
            samples.target_id,
            func.count(),
            func.count(samples.latency_us),
            func.sum(samples.latency_us),
            func.min(samples.latency_us),
            func.max(samples.latency_us),
        )
        .where(samples.target_id.in_(_targets(count)), *_inside())
        .group_by(samples.target_id)
    )


def _floor(index: int) -> ScalarSelect[Any]:
    """Return the k-th highest maximum of the target's minute buckets inside the window.

    Each of those buckets holds a sample at least that high, so at least k samples are: the
    k-th highest sample is not lower (while the rollups match the raw rows; _top checks).
    """
    rollups = cm_rollups.c
    return (
        select(rollups.max_us)
        .where(
            rollups.target_id == bindparam(f"t{index}"),
            rollups.bucket_seconds == BOUND_SECONDS,
            rollups.bucket_start >= bindparam("first_bucket"),
            rollups.bucket_start <= bindparam("last_bucket"),
        )
        .order_by(rollups.max_us.desc())
        .limit(1)
        .offset(bindparam(f"k{index}"))
        .scalar_subquery()
    )


def _top(index: int, bounded: bool) -> ScalarSelect[Any]:
    """Return the (k+1)-th highest answered latency of target t{index} in the window.

    `bounded` leaves out samples under _floor first, so the sort keeps only a few; when the
    rollups do not match the raw rows fewer than k+1 may be left and the answer is NULL.
    """
    samples = cm_samples.c
    conditions = [samples.target_id == bindparam(f"t{index}"), *_inside()]
    conditions.append(samples.latency_us.is_not(None))
    if bounded:
        conditions.append(samples.latency_us >= func.coalesce(_floor(index), samples.latency_us))
    # Counted from the top, the sort keeps only the highest 5 % (a small heap) in memory.
    return (
        select(samples.latency_us)
        .where(*conditions)
        .order_by(samples.latency_us.desc())
        .limit(1)
        .offset(bindparam(f"k{index}"))
        .scalar_subquery()
    )


@functools.lru_cache(maxsize=32)
def _p95_statement(count: int, bounded: bool) -> Prepared:
    """Return the P95 of `count` targets (t0.., k0.., low, high, first_bucket, last_bucket)."""
    return Prepared(select(*(_top(index, bounded) for index in range(count))))


async def _aggregate(
    connection: AsyncConnection, targets: list[int], window: Window
) -> dict[int, Aggregate]:
    """Return target -> (count, answered, sum_us, min_us, max_us) over raw samples."""
    if not targets:
        return {}
    values: dict[str, Any] = {f"t{index}": target for index, target in enumerate(targets)}
    values.update(low=window.low(), high=window.high())
    rows = await _aggregate_statement(len(targets)).fetch(connection, values)
    return {row[0]: (int(row[1]), int(row[2]), row[3], row[4], row[5]) for row in rows}


def _summary(count: int, answered: int, total: Any, low: Any, high: Any) -> dict[str, Any]:
    return {
        "sample_count": count,
        "avg_latency_ms": to_ms(int(total) / answered) if answered else None,
        "min_latency_ms": to_ms(low),
        "max_latency_ms": to_ms(high),
        "packet_loss_pct": loss_pct(count - answered, count),
    }


async def _p95s(
    connection: AsyncConnection, answered: dict[int, int], window: Window, bounded: bool
) -> dict[int, int | None]:
    """Return the nearest-rank P95 (microseconds) per target given its answered count."""
    targets = list(answered)
    if not targets:
        return {}
    values: dict[str, Any] = {"low": window.low(), "high": window.high()}
    # minute buckets wholly inside the window
    values["first_bucket"] = -(-window.low() // 1000 // BOUND_SECONDS) * BOUND_SECONDS
    values["last_bucket"] = (window.high() + 1) // 1000 // BOUND_SECONDS * BOUND_SECONDS
    values["last_bucket"] -= BOUND_SECONDS
    for index, target in enumerate(targets):
        count = answered[target]
        values[f"t{index}"] = target
        values[f"k{index}"] = count - 1 - p95_offset(count)
    [row] = await _p95_statement(len(targets), bounded).fetch(connection, values)
    return dict(zip(targets, row, strict=True))


async def _between(
    connection: AsyncConnection, targets: list[int], window: Window
) -> dict[str, dict[str, Any]]:
    found = await _aggregate(connection, targets, window)
    answered = {target: found[target][1] for target in targets if found.get(target, NOTHING)[1]}
    p95 = await _p95s(connection, answered, window, bounded=True)
    missing = {target: answered[target] for target, value in p95.items() if value is None}
    p95.update(await _p95s(connection, missing, window, bounded=False))
    result: dict[str, dict[str, Any]] = {}
    for target in targets:
        count, latency_count, total, low, high = found.get(target, NOTHING)
        entry = _summary(count, latency_count, total, low, high)
        entry["latency_count"] = latency_count
        entry["p95_latency_ms"] = to_ms(p95.get(target))
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
            return await _between(connection, targets, window)

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
            found = await _aggregate(connection, ids, window)
            return {target: _summary(*found.get(target, NOTHING)) for target in ids}

        answer = await self._cache.get(("since", tuple(ids)), ids, window, compute)
        return _copy(answer)
