"""Round-trip delay buckets in lan_rtd_samples: merged writes, history, weekly statistics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.bulk import bulk_insert
from ..rtd import WEEK_S, RtdBucket, RtdStatistics, merge
from ..schema import lan_rtd_samples
from .rows import bucket_from_row

RTD_COLUMNS = ("device_id", "ts", "sent", "lost", "min_ms", "median_ms", "max_ms", "is_demo")


def bucket_row(bucket: RtdBucket, *, is_demo: bool = False) -> tuple[Any, ...]:
    """Return the lan_rtd_samples row of a bucket in RTD_COLUMNS order."""
    return (
        bucket.device_id,
        bucket.ts,
        bucket.sent,
        bucket.lost,
        bucket.min_ms,
        bucket.median_ms,
        bucket.max_ms,
        is_demo,
    )


async def write_buckets(
    connection: AsyncConnection, buckets: Sequence[RtdBucket], *, is_demo: bool = False
) -> None:
    """Store buckets inside the caller's transaction, merging into rows already stored."""
    if not buckets:
        return
    table = lan_rtd_samples
    existing_rows = await connection.execute(
        select(table).where(
            table.c.device_id.in_(sorted({b.device_id for b in buckets})),
            table.c.ts.in_(sorted({b.ts for b in buckets})),
        )
    )
    existing = {(int(row.device_id), int(row.ts)): bucket_from_row(row) for row in existing_rows}
    fresh: list[RtdBucket] = []
    for bucket in buckets:
        stored = existing.get((bucket.device_id, bucket.ts))
        if stored is None:
            fresh.append(bucket)
            continue
        merged = existing[(bucket.device_id, bucket.ts)] = merge(stored, bucket)
        await connection.execute(
            update(table)
            .where(table.c.device_id == merged.device_id, table.c.ts == merged.ts)
            .values(
                sent=merged.sent,
                lost=merged.lost,
                min_ms=merged.min_ms,
                median_ms=merged.median_ms,
                max_ms=merged.max_ms,
            )
        )
    if fresh:
        await connection.execute(
            table.insert(),
            [dict(zip(RTD_COLUMNS, bucket_row(b, is_demo=is_demo), strict=True)) for b in fresh],
        )


async def insert_buckets(
    connection: AsyncConnection, buckets: Iterable[RtdBucket], *, is_demo: bool
) -> int:
    """Store many new buckets at once (the demo's week); return how many."""
    rows = [bucket_row(bucket, is_demo=is_demo) for bucket in buckets]
    await bulk_insert(connection, lan_rtd_samples, RTD_COLUMNS, rows)
    return len(rows)


async def read_statistics(connection: AsyncConnection, now: int) -> list[RtdStatistics]:
    """Return the statistics of every device with RTD samples in the last 7 days."""
    table = lan_rtd_samples
    since = now - WEEK_S
    in_week = (table.c.ts >= since) & (table.c.ts <= now)
    averages = await connection.execute(
        select(
            table.c.device_id,
            func.avg(table.c.min_ms).label("avg_min"),
            func.avg(table.c.median_ms).label("avg_median"),
            func.avg(table.c.max_ms).label("avg_max"),
            func.max(table.c.ts).label("latest_ts"),
        )
        .where(in_week)
        .group_by(table.c.device_id)
        .order_by(table.c.device_id)
    )
    found = list(averages)
    if not found:
        return []
    latest_rows = await connection.execute(
        # rows of other devices at the same times come along; the lookup below ignores them
        select(table).where(table.c.ts.in_(sorted({int(row.latest_ts) for row in found})))
    )
    latest = {(int(row.device_id), int(row.ts)): bucket_from_row(row) for row in latest_rows}
    return [_statistics(row, latest[(int(row.device_id), int(row.latest_ts))]) for row in found]


def _statistics(row: Any, bucket: RtdBucket) -> RtdStatistics:
    return RtdStatistics(
        device_id=int(row.device_id),
        avg_min=None if row.avg_min is None else float(row.avg_min),
        avg_median=None if row.avg_median is None else float(row.avg_median),
        avg_max=None if row.avg_max is None else float(row.avg_max),
        latest_median=bucket.median_ms,
        latest_sent_packet_count=bucket.sent,
        latest_lost_packet_count=bucket.lost,
        timestamp=bucket.ts,
    )


async def read_history(
    connection: AsyncConnection, device_id: int, start: int, end: int
) -> list[RtdBucket]:
    """Return one device's RTD buckets between start and end, oldest first."""
    rows = await connection.execute(
        select(lan_rtd_samples)
        .where(
            lan_rtd_samples.c.device_id == device_id,
            lan_rtd_samples.c.ts >= start,
            lan_rtd_samples.c.ts <= end,
        )
        .order_by(lan_rtd_samples.c.ts)
    )
    return [bucket_from_row(row) for row in rows]


async def delete_before(connection: AsyncConnection, cutoff: int) -> int:
    """Delete RTD buckets older than cutoff; return how many."""
    result = await connection.execute(delete(lan_rtd_samples).where(lan_rtd_samples.c.ts < cutoff))
    return max(result.rowcount, 0)
