"""Snapshots stored before summary_json get their summary parts: on read, and in the background."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import func, select, update

from docsight_server.signal.backfill import SUMMARY_BACKFILL
from docsight_server.storage.blobs import pack, unpack
from docsight_server.storage.schema import snapshots
from docsight_server.storage.summary_parts import unpack_parts
from docsight_server.timeutil import parse_timestamp

from .harness import RunningServer
from .test_signal_routes import get_ok
from .test_trend_rows_full import assert_rows_match_snapshots, modem_rows

DAY = 86400
BACKFILL_LIMIT = 300  # seconds for 26,000 snapshots on a busy two-core test machine


async def make_pre_summary_json(server: RunningServer) -> None:
    """Turn every stored snapshot into what the code before summary_json wrote.

    summary_json NULL; a live poll's error_baseline and spike_suppression back in its extras.
    """
    database = server.context.database
    async with database.read() as connection:
        live = (
            await connection.execute(
                select(snapshots.c.id, snapshots.c.extras, snapshots.c.summary_json).where(
                    snapshots.c.extras.is_not(None)
                )
            )
        ).all()
    async with database.transaction() as connection:
        for snapshot_id, extras, stored in live:
            parts = unpack_parts(stored) or {}
            old_extras = {**(unpack(extras) or {})}
            old_extras.update(
                (key, parts[key]) for key in ("error_baseline", "spike_suppression") if key in parts
            )
            await connection.execute(
                update(snapshots)
                .where(snapshots.c.id == snapshot_id)
                .values(extras=pack(old_extras))
            )
        await connection.execute(update(snapshots).values(summary_json=None))
    server.context.signal.invalidate()  # as a restart would: nothing kept in memory


def assert_same_rows(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    """Assert the modem rows both answers hold are equal (a window may move by a row)."""
    earlier = {row["timestamp"]: row for row in modem_rows(before)}
    later = {row["timestamp"]: row for row in modem_rows(after)}
    common = earlier.keys() & later.keys()
    assert len(common) >= len(earlier) - 2
    assert all(earlier[stamp] == later[stamp] for stamp in common)


async def missing_between(server: RunningServer, start: int, end: int) -> int:
    """Return how many snapshots in [start, end] have no summary parts."""
    statement = select(func.count()).where(
        snapshots.c.summary_json.is_(None), snapshots.c.ts.between(start, end)
    )
    async with server.context.database.read() as connection:
        return int((await connection.execute(statement)).scalar_one())


async def test_old_snapshots_are_filled_on_read_then_in_the_background(
    demo_server: RunningServer,
) -> None:
    """A trends read fills its window the way /api/snapshots rebuilds; the backfill the rest."""
    backfill = demo_server.context.services[SUMMARY_BACKFILL]
    await asyncio.wait_for(backfill.done.wait(), BACKFILL_LIMIT)  # nothing to do after seeding
    await backfill.stop()
    day_before = await get_ok(demo_server, "/api/trends?range=1d")
    week_before = await get_ok(demo_server, "/api/trends?range=7d")
    await make_pre_summary_json(demo_server)

    day = await get_ok(demo_server, "/api/trends?range=1d")
    assert_same_rows(day_before, day)  # rebuilt from the samples: what the seeding stored
    rows = modem_rows(day)
    await assert_rows_match_snapshots(demo_server, [rows[0], rows[-1]])
    assert "error_baseline" in rows[-1]  # the live poll's, read back from its extras
    first, last = parse_timestamp(rows[0]["timestamp"]), parse_timestamp(rows[-1]["timestamp"])
    assert await missing_between(demo_server, first, last) == 0
    assert await missing_between(demo_server, 0, first - 1) > 25_000  # not filled yet

    await backfill.start()
    await asyncio.wait_for(backfill.done.wait(), BACKFILL_LIMIT)
    assert await missing_between(demo_server, 0, last + DAY) == 0
    assert backfill.filled > 25_000
    assert_same_rows(week_before, await get_ok(demo_server, "/api/trends?range=7d"))


async def test_backfill_with_nothing_to_do_finishes(open_server: RunningServer) -> None:
    """An empty database: the backfill ends at once and fills nothing."""
    backfill = open_server.context.services[SUMMARY_BACKFILL]
    await asyncio.wait_for(backfill.done.wait(), BACKFILL_LIMIT)
    assert backfill.filled == 0
    await backfill.stop()
    await backfill.stop()  # stopping twice is harmless
