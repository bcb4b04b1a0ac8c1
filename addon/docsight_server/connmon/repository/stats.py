"""Per-target statistics over raw samples: a range (/stats) and the recent window (/summary).

A range takes one pass over the samples for all targets: count, sum and minimum (timeouts
counted from their own index), and the latencies above each target's floor for the maximum and
the P95 (p95.py); a target without a usable floor takes a sorted pass over its highest. The
statements are compiled once (storage/fetch.py Prepared).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Integer,
    String,
    bindparam,
    case,
    cast,
    func,
    literal_column,
    null,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql.expression import FromClause

from ...storage.database import Database
from ...storage.fetch import Prepared
from ..rollup import loss_pct, to_ms
from ..schema import cm_samples
from .buckets import OpenBuckets
from .p95 import NO_FLOOR, Floors, Top, highest, listed_top
from .reads import TimeoutRows
from .targets import Targets
from .window_cache import Window, WindowCache

#: count, answered, latency sum, min and max (microseconds) of one target's samples
Aggregate = tuple[int, int, int | None, int | None, int | None]
NOTHING: Aggregate = (0, 0, None, None, None)
#: count, answered, latency sum and min, and the latencies at or above the floor as text
Counted = tuple[int, int, int | None, int | None, str | None]
#: /summary's answer by target id, and the time of the oldest sample in its window
Recent = tuple[dict[int, dict[str, Any]], int | None]


def _inside(table: FromClause = cm_samples) -> list[ColumnElement[bool]]:
    """Return the conditions of a sample of `table` inside [low, high] (milliseconds)."""
    return [table.c.ts_ms >= bindparam("low"), table.c.ts_ms <= bindparam("high")]


def _targets(count: int) -> list[Any]:
    return [bindparam(f"t{index}") for index in range(count)]


def _values(targets: Sequence[int], window: Window) -> dict[str, Any]:
    values: dict[str, Any] = {f"t{index}": target for index, target in enumerate(targets)}
    values.update(low=window.low(), high=window.high())
    return values


@functools.lru_cache(maxsize=16)
def _recent_statement(count: int) -> Prepared:
    """Return count, answered, sum, min, max and the oldest time per target (t0.., low, high)."""
    samples = cm_samples.c
    return Prepared(
        select(
            samples.target_id,
            func.count(),
            func.count(samples.latency_us),
            func.sum(samples.latency_us),
            func.min(samples.latency_us),
            func.max(samples.latency_us),
            func.min(samples.ts_ms),
        )
        .where(samples.target_id.in_(_targets(count)), *_inside())
        .group_by(samples.target_id)
    )


@functools.lru_cache(maxsize=32)
def _counts_statement(count: int, listing: bool) -> Prepared:
    """Return per target t{i}: index, count, sum, min, timeouts and, as text, its latencies at
    or above f{i} (t0.., f0.., low, high; NULL without `listing`, which costs a little per
    sample)."""
    samples = cm_samples.c
    lost = TimeoutRows._construct(cm_samples, name="lost")
    parts = []
    for index in range(count):
        target: BindParameter[int] = bindparam(f"t{index}")
        timeouts = (
            select(func.count())
            .where(lost.c.target_id == target, lost.c.latency_us.is_(None), *_inside(lost))
            .scalar_subquery()
        )
        above = case((samples.latency_us >= bindparam(f"f{index}"), samples.latency_us))
        listed = func.aggregate_strings(cast(above, String), ",") if listing else null()
        parts.append(
            select(
                literal_column(str(index), Integer),
                func.count(),
                func.sum(samples.latency_us),
                func.min(samples.latency_us),
                timeouts,
                listed,
            ).where(samples.target_id == target, *_inside())
        )
    return Prepared(parts[0] if count == 1 else union_all(*parts))


async def _counts(
    connection: AsyncConnection, targets: list[int], window: Window, floors: Floors
) -> dict[int, Counted]:
    """Return target -> (count, answered, sum_us, min_us, listed) over raw samples, where
    listed is the latencies at or above the target's floor as text."""
    values = _values(targets, window)
    for index, target in enumerate(targets):
        values[f"f{index}"] = floors.get(target, window)
    listing = any(values[f"f{index}"] != NO_FLOOR for index in range(len(targets)))
    rows = await _counts_statement(len(targets), listing).fetch(connection, values)
    return {
        targets[int(row[0])]: (int(row[1]), int(row[1]) - int(row[4]), row[2], row[3], row[5])
        for row in rows
    }


async def _recent(
    connection: AsyncConnection, targets: list[int], window: Window
) -> tuple[dict[int, Aggregate], int | None]:
    """Return target -> (count, answered, sum_us, min_us, max_us) over raw samples, and the
    time of the oldest sample inside (of any target; None when there is none)."""
    if not targets:
        return {}, None
    rows = await _recent_statement(len(targets)).fetch(connection, _values(targets, window))
    oldest = min((int(row[6]) for row in rows), default=None)
    return {row[0]: (int(row[1]), int(row[2]), row[3], row[4], row[5]) for row in rows}, oldest


def _summary(count: int, answered: int, total: Any, low: Any, high: Any) -> dict[str, Any]:
    return {
        "sample_count": count,
        "avg_latency_ms": to_ms(int(total) / answered) if answered else None,
        "min_latency_ms": to_ms(low),
        "max_latency_ms": to_ms(high),
        "packet_loss_pct": loss_pct(count - answered, count),
    }


async def _tops(
    connection: AsyncConnection, counted: dict[int, Counted], window: Window, floors: Floors
) -> dict[int, Top]:
    """Return target -> (max, P95): from the listed latencies where they reach the P95, else
    from a sorted read of the highest."""
    tops: dict[int, Top] = {}
    unlisted: dict[int, int] = {}
    for target, (_, answered, _, _, listed) in counted.items():
        if not answered:
            continue
        highest_first = listed_top(listed, answered)
        if highest_first is None:
            unlisted[target] = answered
        else:
            tops[target] = floors.top(target, window, highest_first, answered)
    for target, highest_first in (await highest(connection, unlisted, window)).items():
        tops[target] = floors.top(target, window, highest_first, unlisted[target])
    return tops


async def _between(
    connection: AsyncConnection, targets: list[int], window: Window, floors: Floors
) -> dict[str, dict[str, Any]]:
    counted = await _counts(connection, targets, window, floors) if targets else {}
    tops = await _tops(connection, counted, window, floors)
    result: dict[str, dict[str, Any]] = {}
    for target in targets:
        count, latency_count, total, low, _ = counted.get(target, (0, 0, None, None, None))
        high, p95 = tops.get(target, (None, None))
        entry = _summary(count, latency_count, total, low, high)
        entry["latency_count"] = latency_count
        entry["p95_latency_ms"] = to_ms(p95)
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
        self._floors = Floors()

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
            return await _between(connection, targets, window, self._floors)

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

        async def compute(connection: AsyncConnection) -> Recent:
            found, oldest = await _recent(connection, ids, window)
            return {target: _summary(*found.get(target, NOTHING)) for target in ids}, oldest

        # The oldest sample inside is the window's first edge; with no end there is no other.
        answer: Recent = await self._cache.get(
            ("since", tuple(ids)), ids, window, compute, edges_of=lambda found: (found[1], None)
        )
        return _copy(answer[0])
