"""Purging demo data: every table with an is_demo column registers here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import Table, delete
from sqlalchemy.ext.asyncio import AsyncConnection

DemoPurger = Callable[[AsyncConnection], Awaitable[int]]

DEMO_TABLES: list[Table] = []
#: Run before the tables are emptied: rows that find their demo parents through those tables.
DEMO_PURGERS: list[DemoPurger] = []


def register_demo_table(table: Table) -> Table:
    """Mark a table as holding demo rows (is_demo = true) that migration to live removes."""
    if "is_demo" not in table.c:
        raise ValueError(f"{table.name} has no is_demo column")
    if table not in DEMO_TABLES:
        DEMO_TABLES.append(table)
    return table


def register_demo_purger(purger: DemoPurger) -> DemoPurger:
    """Add a function that deletes dependent demo rows (returns how many)."""
    if purger not in DEMO_PURGERS:
        DEMO_PURGERS.append(purger)
    return purger


async def purge_demo_rows(connection: AsyncConnection) -> int:
    """Delete every demo row and return how many were removed (call inside a transaction)."""
    removed = 0
    for purger in DEMO_PURGERS:
        removed += await purger(connection)
    for table in DEMO_TABLES:
        result = await connection.execute(delete(table).where(table.c.is_demo.is_(True)))
        removed += max(result.rowcount, 0)
    return removed
