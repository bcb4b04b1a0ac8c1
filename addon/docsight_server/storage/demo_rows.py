"""Purging demo data: the tables and purgers the enabled features declare."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

if TYPE_CHECKING:
    from ..registries import Registries


async def purge_demo_rows(connection: AsyncConnection, registries: Registries) -> int:
    """Delete every demo row and return how many were removed (call inside a transaction)."""
    removed = 0
    for purger in registries.demo_purgers:
        removed += await purger(connection)
    for table in registries.demo_tables:
        result = await connection.execute(delete(table).where(table.c.is_demo.is_(True)))
        removed += max(result.rowcount, 0)
    return removed
