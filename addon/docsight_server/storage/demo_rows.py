"""Purging demo data: every table with an is_demo column registers here."""

from __future__ import annotations

from sqlalchemy import Table, delete
from sqlalchemy.ext.asyncio import AsyncConnection

DEMO_TABLES: list[Table] = []


def register_demo_table(table: Table) -> Table:
    """Mark a table as holding demo rows (is_demo = true) that migration to live removes."""
    if "is_demo" not in table.c:
        raise ValueError(f"{table.name} has no is_demo column")
    DEMO_TABLES.append(table)
    return table


async def purge_demo_rows(connection: AsyncConnection) -> int:
    """Delete every demo row and return how many were removed (call inside a transaction)."""
    removed = 0
    for table in DEMO_TABLES:
        result = await connection.execute(delete(table).where(table.c.is_demo.is_(True)))
        removed += max(result.rowcount, 0)
    return removed
