"""Range reads the read side shares: raw samples in keyset pages, rollup buckets with open ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.selectable import Alias

from ...storage.fetch import Prepared
from ..rollup import BucketStats
from ..schema import TIMEOUT_INDEX, cm_rollups, cm_samples
from .buckets import OpenBuckets
from .rows import RawRow, stats_of_row
from .window_cache import EARLIEST_MS, LATEST_MS, Window

#: Raw samples are read in parts of this many rows (one part holds the loop ~10 ms).
RAW_READ_PART = 5000


async def read_raw(
    connection: AsyncConnection,
    target_id: int,
    start: float | None,
    end: float | None,
    *,
    end_inclusive: bool = True,
    limit: int = 0,
) -> list[RawRow]:
    """Return a target's raw rows in [start, end] oldest first (limit <= 0: all)."""
    end_ms = None if end is None else round(end * 1000)
    if end_ms is not None and not end_inclusive:
        end_ms -= 1
    low_ms = None if start is None else round(start * 1000)
    return await read_raw_ms(connection, target_id, low_ms, end_ms, limit=limit)


_RAW_RANGE = Prepared(
    select(cm_samples.c.ts_ms, cm_samples.c.latency_us, cm_samples.c.method)
    .where(
        cm_samples.c.target_id == bindparam("target"),
        cm_samples.c.ts_ms >= bindparam("low"),
        cm_samples.c.ts_ms <= bindparam("high"),
    )
    .order_by(cm_samples.c.ts_ms)
    .limit(bindparam("size"))
)


async def read_raw_ms(
    connection: AsyncConnection,
    target_id: int,
    low_ms: int | None,
    high_ms: int | None,
    *,
    limit: int = 0,
) -> list[RawRow]:
    """Return a target's raw rows in [low_ms, high_ms] oldest first (None: open; limit 0: all)."""
    values = {
        "target": target_id,
        "low": EARLIEST_MS if low_ms is None else low_ms,
        "high": LATEST_MS if high_ms is None else high_ms,
    }
    # A week of 1-second samples is 600,000 rows: read them in parts (keyset pages) so
    # that no single read holds the event loop, and the probes sharing it, for long.
    rows: list[RawRow] = []
    while True:
        size = RAW_READ_PART if limit <= 0 else min(RAW_READ_PART, limit - len(rows))
        part = cast("list[RawRow]", await _RAW_RANGE.fetch(connection, {**values, "size": size}))
        rows.extend(part)
        if len(part) < size or (limit > 0 and len(rows) >= limit):
            break
        values["low"] = part[-1][0] + 1
    return rows


class TimeoutRows(Alias):
    """cm_samples read through its index of timeouts (named so on SQLite, see below)."""

    inherit_cache = True


@compiles(TimeoutRows, "sqlite")
def _timeout_rows_sqlite(element: TimeoutRows, compiler: Any, **kw: Any) -> str:
    # Without statistics SQLite prefers the primary key (every sample of the target) over the
    # partial index; PostgreSQL's planner has statistics and needs no hint.
    text = str(compiler.visit_alias(element, **kw))
    return f"{text} INDEXED BY {TIMEOUT_INDEX}" if kw.get("asfrom") else text


def _timeouts_statement() -> Prepared:
    """Return each timeout of t in [low, high] with the time of the sample after it."""
    lost = TimeoutRows._construct(cm_samples, name="lost")
    after = cm_samples.alias("after")
    low: BindParameter[int] = bindparam("low")
    high: BindParameter[int] = bindparam("high")
    next_ts = (
        select(func.min(after.c.ts_ms))
        .where(after.c.target_id == bindparam("t"), after.c.ts_ms > lost.c.ts_ms)
        .where(after.c.ts_ms <= high)
        .scalar_subquery()
    )
    return Prepared(
        select(lost.c.ts_ms, next_ts)
        .where(lost.c.target_id == bindparam("t"), lost.c.latency_us.is_(None))
        .where(lost.c.ts_ms >= low, lost.c.ts_ms <= high)
        .order_by(lost.c.ts_ms)
    )


TIMEOUTS = _timeouts_statement()


async def read_timeouts(
    connection: AsyncConnection, target_id: int, start: float | None, end: float | None
) -> list[tuple[int, int | None]]:
    """Return a target's timeouts in [start, end] oldest first, each as (ts_ms, after_ms).

    after_ms is the time of the sample right after the timeout within the range (None when
    there is none). Timeouts come from their own index and each next sample is one key lookup,
    so the cost follows the number of timeouts, not the number of samples in the range.
    """
    window = Window(
        None if start is None else round(start * 1000), None if end is None else round(end * 1000)
    )
    values = {"t": target_id, "low": window.low(), "high": window.high()}
    return [
        (int(ts), None if nxt is None else int(nxt))
        for ts, nxt in await TIMEOUTS.fetch(connection, values)
    ]


async def read_buckets(
    connection: AsyncConnection,
    buckets: OpenBuckets,
    target_ids: Sequence[int],
    seconds: int,
    start: float | None,
    end: float | None,
    *,
    end_inclusive: bool = True,
) -> dict[int, list[BucketStats]]:
    """Return each target's buckets overlapping [start, end], open buckets included."""
    query = select(cm_rollups).where(
        cm_rollups.c.target_id.in_(list(target_ids)), cm_rollups.c.bucket_seconds == seconds
    )
    first = None if start is None else int(start // seconds * seconds)
    if first is not None:
        query = query.where(cm_rollups.c.bucket_start >= first)
    if end is not None:
        query = query.where(
            cm_rollups.c.bucket_start <= end if end_inclusive else cm_rollups.c.bucket_start < end
        )
    found: dict[int, dict[int, BucketStats]] = {target: {} for target in target_ids}
    for row in await connection.execute(query):
        found[row.target_id][row.bucket_start] = stats_of_row(row)
    for target in target_ids:
        state = buckets.open.get((target, seconds))
        if state is None or state.sample_count == 0:
            continue
        begin = state.bucket_start
        inside_end = end is None or (begin <= end if end_inclusive else begin < end)
        if (first is None or begin >= first) and inside_end:
            found[target][begin] = state.stats()
    return {target: [rows[key] for key in sorted(rows)] for target, rows in found.items()}
