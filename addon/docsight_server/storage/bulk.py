"""Fast multi-row inserts through the driver (demo seeding writes about a million rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection

from .sqlite_driver import sqlite_executemany


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
