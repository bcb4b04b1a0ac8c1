"""Turns at the write lock: bulk batches start only in gaps, requests wait at most one batch."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from docsight_server.storage import Database, open_database
from docsight_server.storage.bulk import BatchWriter, StopRequestedError


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite database with a scratch table."""
    database = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'turns.db'}")
    async with database.transaction() as connection:
        await connection.execute(text("CREATE TABLE log (what TEXT)"))
    try:
        yield database
    finally:
        await database.close()


async def _log(connection: AsyncConnection, what: str) -> None:
    await connection.execute(text("INSERT INTO log VALUES (:what)"), {"what": what})


async def test_a_request_waits_for_the_running_batch_only(database: Database) -> None:
    """A write that arrives mid-batch goes next; the following batch waits for it."""
    in_batch, release = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def batches() -> None:
        async with database.background_transaction() as connection:
            await _log(connection, "batch 1")
            in_batch.set()
            await release.wait()
        order.append("batch 1")
        async with database.background_transaction() as connection:
            await _log(connection, "batch 2")
        order.append("batch 2")

    async def request() -> None:
        async with database.transaction() as connection:
            await _log(connection, "request")
        order.append("request")

    bulk = asyncio.create_task(batches())
    await in_batch.wait()
    writer = asyncio.create_task(request())
    await asyncio.sleep(0)  # the request is now waiting for its turn
    release.set()
    await asyncio.gather(bulk, writer)
    assert order == ["batch 1", "request", "batch 2"]
    async with database.read() as connection:
        stored = [row[0] for row in await connection.execute(text("SELECT what FROM log"))]
    assert stored == ["batch 1", "request", "batch 2"]


async def test_a_batch_writer_stops_between_batches(database: Database) -> None:
    """Once `stopping()` is true, the next batch is refused and nothing more is written."""
    stopping = False
    writer = BatchWriter(database, lambda: stopping)
    async with writer.batch() as connection:
        await _log(connection, "first")
    stopping = True
    with pytest.raises(StopRequestedError):
        async with writer.batch() as connection:
            await _log(connection, "second")
    async with database.read() as connection:
        stored = [row[0] for row in await connection.execute(text("SELECT what FROM log"))]
    assert stored == ["first"]


def _try_to_write(path: Path) -> bool:
    """Return True when another connection gets SQLite's write lock at once."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


async def test_a_write_transaction_is_atomic_from_its_first_read(
    database: Database, tmp_path: Path
) -> None:
    """Read-modify-write: the write lock is held from the first read, so no other writer
    can change what was read before the transaction writes (a PATCH racing a DELETE)."""
    path = tmp_path / "turns.db"
    loop = asyncio.get_running_loop()
    async with database.transaction() as connection:
        await connection.execute(text("SELECT count(*) FROM log"))
        assert not await loop.run_in_executor(None, _try_to_write, path)
    assert await loop.run_in_executor(None, _try_to_write, path)
    async with database.read() as connection:
        await connection.execute(text("SELECT count(*) FROM log"))
        assert await loop.run_in_executor(None, _try_to_write, path)  # reads lock nothing
