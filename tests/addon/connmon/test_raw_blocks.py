"""Raw samples of whole hours are encoded once and reused only while the hour's rows are the same.

Each answer is compared with the envelope built the long way (every row read and encoded), on
SQLite and PostgreSQL, across windows cut anywhere, limits that end inside an hour, and changes
made behind the store's back after the hours were kept.
"""

from __future__ import annotations

import random

import orjson
from sqlalchemy import delete, update

from docsight_server.connmon.repository import ConnMonStore, Sample
from docsight_server.connmon.repository.raw_blocks import (
    BLOCK_MS,
    RawBlocks,
    digest_of,
    hour_digests,
)
from docsight_server.connmon.repository.reads import read_raw_ms
from docsight_server.connmon.repository.sample_json import raw_items
from docsight_server.connmon.schema import cm_samples
from docsight_server.storage.database import Database

from . import test_store as shared
from .test_store import T0, new_target, random_samples

database_url = shared.database_url
database = shared.database
clock = shared.clock
store = shared.store

#: Samples every 20-40 s over about 20 hours ending near T0.
SPAN_START_MS = (T0 - 20 * 3600) * 1000
SAMPLE_COUNT = 2400


async def answers_agree(
    store: ConnMonStore, target: int, start: float, end: float | None, limit: int
) -> bytes:
    """Assert the encoded answer equals the envelope built the long way; return it."""
    body = await store.reader.samples_json(target, start, end, resolution="raw", limit=limit)
    envelope = await store.reader.samples(target, start, end, resolution="raw", limit=limit)
    assert body == orjson.dumps(envelope), (start, end, limit)
    return body


async def seeded(store: ConnMonStore) -> int:
    """Create a target with about 20 hours of samples (and a neighbour's samples beside them)."""
    target = await new_target(store)
    other = await new_target(store, "other")
    samples = random_samples(target, SPAN_START_MS, SAMPLE_COUNT, seed=21, step=(20_000, 40_000))
    await store.writer.add_samples(samples)
    neighbour = random_samples(other, SPAN_START_MS, 300, seed=22, step=(60_000, 240_000))
    await store.writer.add_samples(neighbour)
    return target


async def test_answers_equal_the_long_way_for_any_window_and_limit(store: ConnMonStore) -> None:
    """Windows cut inside hours, on hour edges and beyond the samples; limits ending anywhere."""
    target = await seeded(store)
    rng = random.Random(7)
    hour_edge = (SPAN_START_MS // BLOCK_MS + 3) * BLOCK_MS / 1000
    windows: list[tuple[float, float | None]] = [
        (SPAN_START_MS / 1000 - 7200, None),
        (hour_edge, hour_edge + 5 * 3600),
        (hour_edge, hour_edge + 5 * 3600 - 0.001),
        (hour_edge + 0.001, hour_edge + 3600),
        (hour_edge - 60, hour_edge + 60),
        (T0 - 86400.0, T0 + 0.0),
    ]
    for _ in range(12):
        low, high = sorted(rng.uniform(SPAN_START_MS / 1000, T0) for _ in range(2))
        windows.append((round(low, 3), round(high, 3)))
    for start, end in windows:
        for limit in (0, 1, 17, 333, 10_000):
            await answers_agree(store, target, start, end, limit)
    # asked again, from kept hours
    for start, end in windows:
        await answers_agree(store, target, start, end, 0)


async def blocks_agree(
    blocks: RawBlocks, database: Database, target: int, low_ms: int, high_ms: int
) -> bytes:
    """Assert the text from `blocks` equals the rows read and encoded now; return it."""
    async with database.read() as connection:
        texts, count = await blocks.items(connection, target, low_ms, high_ms, 0)
        rows = await read_raw_ms(connection, target, low_ms, high_ms)
    assert b",".join(texts) == raw_items(rows)
    assert count == len(rows)
    return b",".join(texts)


async def test_changes_to_kept_hours_are_seen(store: ConnMonStore, database: Database) -> None:
    """Late samples, deletions and edits made outside the store show in the next text."""
    target = await seeded(store)
    blocks = RawBlocks()
    low_ms, high_ms = (T0 - 18 * 3600) * 1000 + 1234, (T0 - 2 * 3600) * 1000 - 77
    first = await blocks_agree(blocks, database, target, low_ms, high_ms)
    kept = blocks.kept_bytes
    assert kept > len(first) * 0.8
    assert await blocks_agree(blocks, database, target, low_ms, high_ms) == first
    assert blocks.kept_bytes == kept
    middle_ms = low_ms + 6 * 3_600_000

    await store.writer.add_samples([Sample(target, middle_ms / 1000 + 0.5, 42.0, "tcp")])
    late = await blocks_agree(blocks, database, target, low_ms, high_ms)
    assert late != first
    async with database.transaction() as connection:
        await connection.execute(
            delete(cm_samples).where(
                cm_samples.c.target_id == target,
                cm_samples.c.ts_ms.between(middle_ms - 600_000, middle_ms),
            )
        )
    deleted = await blocks_agree(blocks, database, target, low_ms, high_ms)
    assert deleted != late
    # the same sample times with other latencies: a re-seeded hour
    async with database.transaction() as connection:
        await connection.execute(
            update(cm_samples)
            .where(
                cm_samples.c.target_id == target,
                cm_samples.c.ts_ms.between(middle_ms + 600_000, middle_ms + 1_800_000),
            )
            .values(latency_us=cm_samples.c.latency_us + 1)
        )
    edited = await blocks_agree(blocks, database, target, low_ms, high_ms)
    assert edited != deleted
    async with database.transaction() as connection:
        await connection.execute(
            update(cm_samples)
            .where(cm_samples.c.target_id == target, cm_samples.c.ts_ms >= middle_ms + 3_600_000)
            .values(method=1 - cm_samples.c.method)
        )
    assert await blocks_agree(blocks, database, target, low_ms, high_ms) != edited


async def test_the_database_digest_is_the_digest_of_the_rows(
    store: ConnMonStore, database: Database
) -> None:
    """Each hour's digest from the database equals the digest of its rows read back, so kept
    hours are found again (on PostgreSQL the sums come back as decimals)."""
    target = await seeded(store)
    first, stop = SPAN_START_MS // BLOCK_MS, T0 * 1000 // BLOCK_MS + 1
    async with database.read() as connection:
        digests = await hour_digests(connection, target, first, stop, 0)
        rows = await read_raw_ms(connection, target, first * BLOCK_MS, stop * BLOCK_MS - 1)
        limited = await hour_digests(connection, target, first, stop, 500)
    assert len(digests) >= 19
    for hour, digest in digests:
        assert digest == digest_of([row for row in rows if row[0] // BLOCK_MS == hour])
    assert sum(digest[0] for _, digest in limited) == 500
    assert limited[:-1] == digests[: len(limited) - 1]


async def test_kept_text_stays_within_its_budget(store: ConnMonStore, database: Database) -> None:
    """Hours beyond the budget push out the least recently used; answers stay right."""
    target = await seeded(store)
    blocks = RawBlocks(budget=40_000)
    low_ms, high_ms = SPAN_START_MS, T0 * 1000
    async with database.read() as connection:
        texts, count = await blocks.items(connection, target, low_ms, high_ms, 0)
        again, count_again = await blocks.items(connection, target, low_ms, high_ms, 0)
        rows = await read_raw_ms(connection, target, low_ms, high_ms)
    assert 0 < blocks.kept_bytes <= 40_000
    assert count == count_again == len(rows)
    assert b",".join(texts) == b",".join(again)
    assert orjson.loads(b"[" + b",".join(texts) + b"]")[-1]["timestamp"] == rows[-1][0] / 1000
