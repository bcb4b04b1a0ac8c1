"""Fast multi-row inserts through the driver (demo seeding writes about a million rows)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection


async def bulk_insert(
    connection: AsyncConnection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows (tuples in `columns` order) inside the connection's transaction."""
    if not rows:
        return
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    if connection.dialect.name == "sqlite":
        names = ", ".join(columns)
        marks = ", ".join("?" for _ in columns)
        await driver.executemany(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)
    elif connection.dialect.name == "postgresql":
        await driver.copy_records_to_table(table.name, records=rows, columns=list(columns))
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        await connection.execute(
            table.insert(), [dict(zip(columns, row, strict=True)) for row in rows]
        )
