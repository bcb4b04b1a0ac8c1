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
