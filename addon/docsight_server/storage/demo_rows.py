"""Demo rows: purging them (the tables and purgers features declare) and the completion mark.

Seeding writes in many short transactions, so a stop half-way leaves part of a history. The
mark is written last: without it the history is incomplete and the next start seeds it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncConnection

from .meta_repo import get_meta, set_meta
from .schema import instance_meta

if TYPE_CHECKING:
    from ..registries import Registries
    from .database import Database

#: instance_meta key: the epoch the complete demo history ends at (absent while seeding).
DEMO_SEEDED_KEY = "demo_seeded_at"


async def purge_demo_rows(connection: AsyncConnection, registries: Registries) -> int:
    """Delete every demo row and return how many were removed (call inside a transaction)."""
    await connection.execute(delete(instance_meta).where(instance_meta.c.key == DEMO_SEEDED_KEY))
    removed = 0
    for purger in registries.demo_purgers:
        removed += await purger(connection)
    for table in registries.demo_tables:
        result = await connection.execute(delete(table).where(table.c.is_demo.is_(True)))
        removed += max(result.rowcount, 0)
    return removed


async def mark_demo_seeded(connection: AsyncConnection, until: int) -> None:
    """Record that the demo history up to `until` is complete."""
    await set_meta(connection, DEMO_SEEDED_KEY, str(until))


async def demo_seeded_until(database: Database) -> int | None:
    """Return where the complete demo history ends, or None while it is missing or partial."""
    async with database.read() as connection:
        value = await get_meta(connection, DEMO_SEEDED_KEY)
    return None if value is None else int(value)
