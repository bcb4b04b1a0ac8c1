"""Bulk writes: fast multi-row inserts, in short batches that let other writers in.

Demo seeding writes about a million rows. One transaction for all of them would hold SQLite's
write lock for many seconds; batches of a few thousand rows hold it for milliseconds each.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from .sqlite_driver import sqlite_executemany

if TYPE_CHECKING:
    from .database import Database

#: Rows per batch: about 10-20 ms of write lock on a small machine.
BATCH_ROWS = 2000


class StopRequestedError(Exception):
    """Bulk work ended between two batches because the server is stopping."""


class BatchWriter:
    """Writes bulk data as many short transactions; checks `stopping()` before each one."""

    def __init__(self, database: Database, stopping: Callable[[], bool] = lambda: False) -> None:
        """Write through `database`; stop (StopRequestedError) once `stopping()` is true."""
        self.database = database
        self._stopping = stopping

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[AsyncConnection]:
        """Yield a connection in one short transaction, begun after the writers waiting now."""
        if self._stopping():
            raise StopRequestedError
        async with self.database.background_transaction() as connection:
            yield connection


async def bulk_insert(
    connection: AsyncConnection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows (tuples in `columns` order) inside the connection's transaction."""
    if not rows:
        return
    if connection.dialect.name == "sqlite":
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
        await sqlite_executemany(connection, sql, rows)
    elif connection.dialect.name == "postgresql":
        raw = await connection.get_raw_connection()
        asyncpg_connection: Any = raw.driver_connection  # asyncpg ships no type information
        await asyncpg_connection.copy_records_to_table(
            table.name, records=rows, columns=list(columns)
        )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        await connection.execute(
            table.insert(), [dict(zip(columns, row, strict=True)) for row in rows]
        )
