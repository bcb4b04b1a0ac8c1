"""The fast read paths give the answers of a plain scan: outages, moving windows, samples JSON.

Outages come from an index of timeouts, statistics and raw sample answers are reused while the
same samples lie in the window; each test compares with the long way round (every sample, or a
store without reused answers) so the answers stay what they were. (Statistics and the encoding
of raw samples: test_stats_reads.py.)
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from datetime import UTC
from pathlib import Path
from typing import Any

import aiosqlite
import orjson
import pytest
from sqlalchemy import event, insert

from docsight_server.connmon.outages import find_outages
from docsight_server.connmon.repository import ConnMonStore, Sample
from docsight_server.connmon.repository.sample_reads import timeline
from docsight_server.connmon.schema import cm_targets
from docsight_server.features import FEATURES
from docsight_server.registries import build_registries
from docsight_server.storage import open_database
from docsight_server.storage.database import Database
from docsight_server.storage.demo_rows import purge_demo_rows
from docsight_server.storage.sqlite_driver import sqlite_driver

from . import test_store as shared
from .test_store import DAY, T0, Clock, new_target, random_samples

# The store tests' fixtures: an empty SQLite or PostgreSQL database, its store, the fake clock.
database_url = shared.database_url
database = shared.database
clock = shared.clock
store = shared.store

STEP = 10.0


def outages_the_long_way(
    samples: list[Sample], start: float | None, end: float | None, threshold: int
) -> list[dict[str, object]]:
    """Return the outages found by scanning every sample of the range (the old read path)."""
    start_ms = None if start is None else round(start * 1000)
    end_ms = None if end is None else round(end * 1000)
    inside = sorted(
        (round(sample.ts * 1000), sample.latency_ms is None)
        for sample in samples
        if (start_ms is None or round(sample.ts * 1000) >= start_ms)
        and (end_ms is None or round(sample.ts * 1000) <= end_ms)
    )
    return find_outages(((ts_ms / 1000, lost) for ts_ms, lost in inside), threshold)


def test_timeline_keeps_the_answers_that_end_runs() -> None:
    """Timeouts stay; after each run only the first answered sample is kept."""
    timeouts = [(1000, 2000), (2000, 3000), (5000, None), (7000, 9000), (9000, None)]
    assert list(timeline(timeouts)) == [
        (1.0, True),
        (2.0, True),
        (3.0, False),
        (5.0, True),
        (7.0, True),
        (9.0, True),
    ]
    assert list(timeline([])) == []


async def test_outages_equal_a_scan_of_every_sample(store: ConnMonStore) -> None:
    """Runs across gaps, cut by the range's edges or still going: as a full scan finds them."""
    target = await new_target(store)
    other = await new_target(store, "other")
    samples = random_samples(target, (T0 - DAY) * 1000, 3000, seed=11)
    samples += [Sample(target, T0 - 5.0 + index, None, "icmp") for index in range(5)]
    await store.writer.add_samples(samples)
    await store.writer.add_samples(random_samples(other, (T0 - DAY) * 1000, 500, seed=12))
    stamps = [sample.ts for sample in samples]
    rng = random.Random(5)
    ranges: list[tuple[float | None, float | None]] = [(None, None), (None, T0 - 3600.0)]
    ranges += [(stamps[100], None), (stamps[200], stamps[2000]), (stamps[0] - 1, stamps[-1])]
    for _ in range(12):
        low, high = sorted(rng.uniform(stamps[0], stamps[-1]) for _ in range(2))
        ranges.append((round(low, 3), round(high, 3)))
    for start, end in ranges:
        for threshold in (1, 2, 5, 30):
            found = await store.reader.outages(target, start, end, threshold)
            assert found == outages_the_long_way(samples, start, end, threshold), (start, end)
    assert await store.reader.outages(4242, None, None, 1) == []


async def test_outages_of_a_moving_window_follow_writes(store: ConnMonStore) -> None:
    """Outages over a window that moves on, asked again after timeouts are written into it."""
    target = await new_target(store)
    samples = [Sample(target, T0 - 600 + index * STEP, 5.0, "icmp") for index in range(60)]
    await store.writer.add_samples(samples)
    for shift in (0.0, 3.0, 9.99):
        assert await store.reader.outages(target, T0 - 600 + shift, T0 + shift, 3) == []
    lost = [Sample(target, T0 - 300 + second, None, "icmp") for second in range(1, 5)]
    await store.writer.add_samples(lost)
    samples += lost
    for shift in (0.0, 3.0, 9.99, 10.0):
        start, end = T0 - 600 + shift, T0 + shift
        found = await store.reader.outages(target, start, end, 3)
        assert found == outages_the_long_way(samples, start, end, 3)
        assert [outage["timeout_count"] for outage in found] == [4]


async def moving_windows(store: ConnMonStore, fresh: ConnMonStore, span: float) -> None:
    """Ask both stores for windows that move by less and by more than a sample's spacing."""
    for shift in (0.0, 0.2, 4.999, 5.0, 5.0005, 9.0, 10.0, 31.0, 600.0, -3.0):
        start, end = T0 - span + shift, T0 + shift
        assert await store.stats.between(start, end) == await fresh.stats.between(start, end)
        assert await store.stats.since(start) == await fresh.stats.since(start)


async def test_moving_windows_answer_like_a_fresh_store(
    store: ConnMonStore, database: Database, clock: Clock
) -> None:
    """Statistics over a window that moves with the clock equal those of a store that never
    reused an answer, also after writes, late samples, retention and a deleted target."""
    first = await new_target(store, "a")
    second = await new_target(store, "b")
    await store.writer.add_samples(
        [
            Sample(target, T0 - 3600 + index * STEP + offset, latency, "icmp")
            for target, offset in ((first, 0.0), (second, 5.0))
            for index, latency in enumerate(
                None if index % 17 == 3 else 1.0 + (index * 7919 % 500) / 10 for index in range(361)
            )
        ]
    )

    def fresh() -> ConnMonStore:
        return ConnMonStore(database, clock=clock, zone=lambda: UTC)

    for span in (3600.0, 60.0):
        await moving_windows(store, fresh(), span)
    await store.writer.add_samples([Sample(first, T0 + 7.0, 250.0, "icmp")])  # inside the window
    await moving_windows(store, fresh(), 60.0)
    await store.writer.add_samples([Sample(second, T0 - 1800.5, None, "tcp")])  # a late one
    await moving_windows(store, fresh(), 3600.0)
    await store.retention.apply(T0 + 7 * DAY - 1800, 0)  # raw keeps 7 days: the older half goes
    await moving_windows(store, fresh(), 3600.0)
    await store.targets.delete(second)
    assert set(await store.stats.between(T0 - 3600, T0)) == {str(first)}
    await moving_windows(store, fresh(), 3600.0)


async def test_answers_forget_targets_purged_with_the_demo(
    store: ConnMonStore, database: Database
) -> None:
    """Demo rows purged outside the repository do not come back from a reused answer."""
    kept = await new_target(store, "kept")
    demo = await store.targets.add(
        "demo",
        "192.0.2.1",
        poll_interval_ms=10_000,
        probe_method="auto",
        tcp_port=443,
        is_demo=True,
    )
    await store.writer.add_samples(
        [Sample(target, T0 - 30.0, 3.0, "icmp") for target in (kept, demo)]
    )
    assert set(await store.stats.between(T0 - 60, T0)) == {str(kept), str(demo)}
    assert set(await store.stats.since(T0 - 60)) == {kept, demo}
    async with database.transaction() as connection:
        await purge_demo_rows(connection, build_registries(FEATURES))
    assert set(await store.stats.between(T0 - 60, T0)) == {str(kept)}
    assert set(await store.stats.since(T0 - 60)) == {kept}
    assert [target["id"] for target in await store.targets.all()] == [kept]
    assert await store.targets.get(demo) is None


async def test_targets_seeded_with_their_samples_are_listed(
    store: ConnMonStore, database: Database
) -> None:
    """Targets the demo seeder inserts itself show once their samples are committed."""
    assert await store.targets.all() == []
    async with database.transaction() as connection:
        result = await connection.execute(
            insert(cm_targets).values(
                label="seeded",
                host="192.0.2.9",
                enabled=True,
                poll_interval_ms=10_000,
                probe_method="auto",
                tcp_port=443,
                is_demo=True,
                created_at=T0,
            )
        )
        assert result.inserted_primary_key is not None
        seeded = int(result.inserted_primary_key[0])
        await store.writer.add_demo_history(connection, [Sample(seeded, T0 - 5.0, 1.0, "icmp")])
        assert await store.targets.all() == []  # not committed yet
    assert [target["label"] for target in await store.targets.all()] == ["seeded"]
    assert (await store.targets.get(seeded) or {}).get("host") == "192.0.2.9"


@pytest.mark.parametrize(
    ("start", "end", "options"),
    [
        (None, None, {"resolution": "raw"}),
        (T0 - 3600.0, T0, {}),
        (T0 - 3600.0, T0, {"limit": 17}),
        (T0 - 3600.0, T0, {"max_points": 40}),
        (T0 - 3 * DAY, T0, {"limit": 0}),
        (T0 - 3600.0, T0, {"resolution": "1min"}),
    ],
)
async def test_samples_json_is_the_envelope(
    store: ConnMonStore,
    start: float | None,
    end: float | None,
    options: dict[str, int | str],
) -> None:
    """The encoded answer is the envelope, encoded; repeated, it is the same bytes until a
    sample enters the window."""
    target = await new_target(store)
    await store.writer.add_samples(random_samples(target, (T0 - 4 * DAY) * 1000, 2000, seed=3))
    await store.writer.add_samples(random_samples(target, (T0 - 3000) * 1000, 300, seed=4))
    limit = int(options.get("limit", 10000))
    points = options.get("max_points")
    resolution = str(options.get("resolution", "auto"))

    async def both() -> tuple[bytes, bytes]:
        body = await store.reader.samples_json(
            target,
            start,
            end,
            resolution=resolution,
            limit=limit,
            max_points=None if points is None else int(points),
        )
        envelope = await store.reader.samples(
            target,
            start,
            end,
            resolution=resolution,
            limit=limit,
            max_points=None if points is None else int(points),
        )
        return body, orjson.dumps(envelope)

    body, expected = await both()
    assert body == expected
    assert (await both())[0] == body
    # the first sample of the window, so that a limited answer changes too
    await store.writer.add_samples([Sample(target, T0 - 3599.5, 99.0, "tcp")])
    body_after, expected_after = await both()
    assert body_after == expected_after
    assert body_after != body


class Statements:
    """Records the SQL text of every statement the database runs.

    Statements through SQLAlchemy are seen by its cursor event; on SQLite the read paths also
    send compiled statements straight to the driver (storage/fetch.py Prepared), seen by the
    driver's trace callback (with the values written in), set on each connection handed out.
    """

    def __init__(self, database: Database) -> None:
        """Listen on the database's engine and, on SQLite, on each connection it hands out."""
        self.seen: list[str] = []
        self._listening = True
        self._engine = database.engine.sync_engine
        event.listen(self._engine, "before_cursor_execute", self._record)
        event.listen(self._engine, "checkout", self._trace)

    def _record(self, _conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        self._note(sql)

    def _note(self, sql: str) -> None:
        if self._listening:
            self.seen.append(sql)

    def _trace(self, dbapi_connection: Any, *_: Any) -> None:
        if isinstance(getattr(dbapi_connection, "driver_connection", None), aiosqlite.Connection):
            dbapi_connection.run_async(lambda driver: driver.set_trace_callback(self._note))

    def close(self) -> None:
        """Stop listening."""
        self._listening = False
        event.remove(self._engine, "before_cursor_execute", self._record)
        event.remove(self._engine, "checkout", self._trace)


@pytest.fixture
async def sqlite_database(tmp_path: Path) -> AsyncIterator[Database]:
    """Yield a migrated SQLite database (for what only SQLite's planner is asked about)."""
    db = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'plans.db'}")
    try:
        yield db
    finally:
        await db.close()


async def test_outages_read_the_timeout_index(sqlite_database: Database, clock: Clock) -> None:
    """On SQLite the outage query walks the index of timeouts, not every sample of the target.

    (PostgreSQL's planner chooses from its statistics; the answers are compared on both.)
    """
    store = ConnMonStore(sqlite_database, clock=clock, zone=lambda: UTC)
    target = await new_target(store)
    await store.writer.add_samples(random_samples(target, (T0 - DAY) * 1000, 500, seed=2))
    statements = Statements(sqlite_database)
    try:
        assert await store.reader.outages(target, T0 - DAY, T0, 5)
    finally:
        statements.close()
    [sql] = {seen for seen in statements.seen if "latency_us IS NULL" in seen}
    async with sqlite_database.read() as connection:
        driver = await sqlite_driver(connection)
        plan = await driver.execute_fetchall("EXPLAIN QUERY PLAN " + sql, ())
    details = [str(row[-1]) for row in plan]
    assert any("USING INDEX ix_cm_samples_timeouts" in detail for detail in details), details


async def test_a_moving_window_reads_the_samples_once(
    store: ConnMonStore, database: Database
) -> None:
    """While no sample enters or leaves it, a window that moves on is answered from memory."""
    target = await new_target(store)
    await store.writer.add_samples(
        [Sample(target, T0 - 3600 + index * STEP, 2.0, "icmp") for index in range(360)]
    )
    first = await store.stats.between(T0 - 3609, T0)  # the oldest sample is at T0 - 3600
    statements = Statements(database)
    try:
        for shift in (1.0, 5.0, 9.0):
            assert await store.stats.between(T0 - 3609 + shift, T0 + shift) == first
        reused = list(statements.seen)
        await store.stats.between(T0 - 3000, T0)  # other samples: these are read
    finally:
        statements.close()
    assert not [sql for sql in reused if "cm_samples" in sql]
    assert [sql for sql in statements.seen if "cm_samples" in sql]
