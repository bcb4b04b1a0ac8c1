"""Reading stored summary parts for a window, and filling in the parts of older snapshots.

Snapshots stored before summary_json existed have no parts. They are filled from the stored
channel samples exactly as /api/snapshots/{ts} re-analyses them (`rebuilt_parts`): by the
summary backfill in the background, and by a trends read that meets one first.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import orjson
from sqlalchemy import bindparam, func, select, update

from .database import DatabaseBusyError
from .fetch import fetch_tuples
from .schema import channel_samples, snapshots
from .snapshot_rows import Lanes, channel_lanes, rebuilt_parts
from .summary_parts import deflate_json

if TYPE_CHECKING:
    from .signal_repo import SignalStore

_LOGGER = logging.getLogger(__name__)

#: Snapshots filled per step: ~6,000 samples read, ~0.1 s of analysis, one short write.
FILL_BATCH = 200
#: (snapshot ts, JSON object bytes of its parts, the value to store)
FilledParts = tuple[int, bytes, bytes]


async def parts_window(store: SignalStore, start: int, end: int) -> list[tuple[Any, ...]]:
    """Return (ts, summary_json) of the snapshots with start <= ts <= end, oldest first."""
    statement = (
        select(snapshots.c.ts, snapshots.c.summary_json)
        .where(snapshots.c.ts.between(start, end))
        .order_by(snapshots.c.ts)
    )
    async with store.database.read() as connection:
        return await fetch_tuples(connection, statement)


async def count_missing_parts(store: SignalStore) -> int:
    """Return how many snapshots are stored without summary parts."""
    statement = select(func.count()).where(snapshots.c.summary_json.is_(None))
    async with store.database.read() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def missing_parts_after(store: SignalStore, after: int, limit: int) -> list[int]:
    """Return the times of up to `limit` snapshots without parts stored after `after`."""
    statement = (
        select(snapshots.c.ts)
        .where(snapshots.c.summary_json.is_(None), snapshots.c.ts > after)
        .order_by(snapshots.c.ts)
        .limit(limit)
    )
    async with store.database.read() as connection:
        return [int(row[0]) for row in await fetch_tuples(connection, statement)]


async def fill_parts(store: SignalStore, stamps: Sequence[int]) -> dict[int, bytes]:
    """Compute, store and return (JSON object bytes by ts) the parts of these snapshots.

    Snapshots that no longer exist are left out. Used for snapshots stored without parts (or
    with unreadable ones); a database too busy to take the values still gets them returned.
    """
    filled: dict[int, bytes] = {}
    ordered = sorted(set(stamps))
    for offset in range(0, len(ordered), FILL_BATCH):
        batch = await _compute_batch(store, ordered[offset : offset + FILL_BATCH])
        await _store_batch(store, batch)
        filled.update((ts, encoded) for ts, encoded, _ in batch)
    return filled


async def _compute_batch(store: SignalStore, stamps: list[int]) -> list[FilledParts]:
    """Read the rows and samples of these snapshots and re-analyse them off the event loop."""
    async with store.database.read() as connection:
        await store.ensure_catalogs(connection)
        statement = select(snapshots).where(snapshots.c.ts.in_(stamps))
        rows = (await connection.execute(statement)).all()
        if not rows:
            return []
        series_ids = [series.id for series in store.series.all()]
        samples = (
            await connection.execute(
                select(channel_samples).where(
                    channel_samples.c.series_id.in_(series_ids),
                    channel_samples.c.ts.in_(stamps),
                )
            )
        ).all()
        if any(store.series.get(sample.series_id) is None for sample in samples):
            await store.series.load(connection)
        by_ts: dict[int, list[Any]] = defaultdict(list)
        for sample in samples:
            by_ts[sample.ts].append(sample)
        # catalog lookups stay on the event loop (a purge may clear the catalogs meanwhile)
        work = [
            (row, channel_lanes(by_ts.get(row.ts, ()), store.series, store.modulations))
            for row in rows
        ]
    return await asyncio.get_running_loop().run_in_executor(None, _rebuild_all, work)


def _rebuild_all(work: Sequence[tuple[Any, Lanes]]) -> list[FilledParts]:
    """Return the re-analysed parts of each row (CPU work: runs in an executor)."""
    out = []
    for row, lanes in work:
        encoded = orjson.dumps(rebuilt_parts(row, lanes))
        out.append((int(row.ts), encoded, deflate_json(encoded)))
    return out


async def _store_batch(store: SignalStore, batch: list[FilledParts]) -> None:
    """Write filled parts in one short background transaction (skipped when too busy)."""
    if not batch:
        return
    statement = (
        update(snapshots)
        .where(snapshots.c.ts == bindparam("at_ts"))
        .values(summary_json=bindparam("parts"))
    )
    try:
        async with store.database.background_transaction() as connection:
            await connection.execute(
                statement, [{"at_ts": ts, "parts": stored} for ts, _, stored in batch]
            )
    except DatabaseBusyError as err:  # the parts are computed again on the next read
        _LOGGER.warning("Summary parts of %d snapshots not stored: %s", len(batch), err)
