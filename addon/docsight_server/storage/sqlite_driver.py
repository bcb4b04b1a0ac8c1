"""Statements sent straight to the SQLite driver, past SQLAlchemy's row objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.ext.asyncio import AsyncConnection


async def sqlite_driver(connection: AsyncConnection) -> aiosqlite.Connection:
    """Return the aiosqlite connection under a SQLAlchemy connection to SQLite."""
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    if not isinstance(driver, aiosqlite.Connection):
        raise TypeError(f"not an aiosqlite connection: {type(driver).__name__}")
    return driver


async def sqlite_fetchall(
    connection: AsyncConnection, sql: str, params: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """Run one statement on the SQLite driver and return its rows as plain tuples."""
    driver = await sqlite_driver(connection)
    rows = await driver.execute_fetchall(sql, params)
    # aiosqlite annotates rows as sqlite3.Row; without a row_factory they are plain tuples.
    return cast("list[tuple[Any, ...]]", rows)


async def sqlite_executemany(
    connection: AsyncConnection, sql: str, rows: Iterable[Sequence[Any]]
) -> None:
    """Run one statement for many parameter rows on the SQLite driver."""
    driver = await sqlite_driver(connection)
    await driver.executemany(sql, rows)


#: SQLite's primary result codes for "another connection holds the lock".
SQLITE_BUSY = 5
SQLITE_LOCKED = 6


def is_busy(error: BaseException) -> bool:
    """Return True when an error (or the driver error under it) says the database is locked."""
    original = getattr(error, "orig", error)
    code = getattr(original, "sqlite_errorcode", None)
    # extended codes (SQLITE_BUSY_SNAPSHOT, ...) keep the primary code in the low byte
    return isinstance(code, int) and (code & 0xFF) in (SQLITE_BUSY, SQLITE_LOCKED)


async def sqlite_checkpoint(connection: AsyncConnection) -> tuple[int, int, int]:
    """Copy the write-ahead log into the database and truncate it; return SQLite's verdict.

    A passive pass first copies most pages without blocking writers, so the truncating pass
    that follows holds them off only briefly. The verdict is (busy, log pages, checkpointed).
    """
    driver = await sqlite_driver(connection)
    await driver.execute_fetchall("PRAGMA wal_checkpoint(PASSIVE)", ())
    rows = list(await driver.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)", ()))
    busy, log, done = rows[0]
    return int(busy), int(log), int(done)
