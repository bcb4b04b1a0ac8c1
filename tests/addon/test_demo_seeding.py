"""Demo seeding beside other writers: short batches, a busy database is a 503, the WAL shrinks.

Seeding writes about a million rows. Written in one transaction it held SQLite's write lock
for the whole time: `POST /api/tokens` waited 14-33 s and sometimes failed with a 500
"database is locked", and a 38 MB write-ahead log stayed beside the database.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from docsight_server.context import ServerContext
from docsight_server.demo.seeders import HISTORY_DAYS
from docsight_server.storage import database as database_module
from docsight_server.storage.demo_rows import demo_seeded_until
from docsight_server.storage.schema import snapshots

from .conftest import ServerFactory
from .harness import wait_for_snapshot

#: Seeding on a busy two-core machine; the test waits for it, nothing promises this figure.
SEEDING_LIMIT = 300
FULL_HISTORY = HISTORY_DAYS * 96


async def demo_snapshots(context: ServerContext) -> int:
    """Return how many demo snapshots are committed."""
    async with context.database.read() as connection:
        statement = select(func.count()).where(snapshots.c.is_demo.is_(True))
        return int((await connection.execute(statement)).scalar_one())


async def until_seeding_wrote(context: ServerContext) -> None:
    """Return once seeding has committed its first batches."""
    while True:
        if await demo_snapshots(context):
            return
        await asyncio.sleep(0.05)  # polling the table: seeding announces no progress


async def test_writes_during_seeding_are_served_between_batches(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """Tokens created while a fresh demo seeds are stored at once, long before it ends."""
    data_dir = tmp_path / "data"
    async with server_factory({"DEMO_MODE": "true"}, data_dir=data_dir) as server:
        context = server.context
        await asyncio.wait_for(until_seeding_wrote(context), SEEDING_LIMIT)
        for number in range(5):
            status, body, _ = await server.request(
                "POST", "/api/tokens", json={"name": f"during seeding {number}"}
            )
            assert status == 201, body  # between two batches: never a 500, never a 503
        # the writes got in between two batches, not after the whole history
        assert await demo_seeded_until(context.database) is None
        assert await demo_snapshots(context) < FULL_HISTORY - 96

        await wait_for_snapshot(context, SEEDING_LIMIT)
        assert await demo_seeded_until(context.database) is not None
        _, listed, _ = await server.request("GET", "/api/tokens")
        names = {token["name"] for token in listed["tokens"]}
        assert names >= {f"during seeding {n}" for n in range(5)}
        # the write-ahead log was folded back after the bulk writes
        wal = data_dir / "docsight.db-wal"
        assert not wal.exists() or wal.stat().st_size < 1_000_000


async def test_a_database_locked_too_long_answers_503(
    server_factory: ServerFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that outwaits the busy timeout is a 503 with Retry-After, never a 500."""
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 100)
    data_dir = tmp_path / "data"
    async with server_factory(data_dir=data_dir) as server:
        status, _, _ = await server.request("POST", "/api/tokens", json={"name": "before"})
        assert status == 201
        # another program (a backup tool, the sqlite3 shell) holds the write lock
        holder = sqlite3.connect(data_dir / "docsight.db", isolation_level=None)
        try:
            holder.execute("BEGIN IMMEDIATE")
            status, body, response = await server.request(
                "POST", "/api/tokens", json={"name": "while locked"}
            )
            assert status == 503
            assert body == {"error": "The database is busy; try again in a moment"}
            assert response.headers["Retry-After"] == "2"
            status, _, _ = await server.request("GET", "/api/tokens")
            assert status == 200  # readers are never blocked by a writer
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        status, _, _ = await server.request("POST", "/api/tokens", json={"name": "after"})
        assert status == 201
