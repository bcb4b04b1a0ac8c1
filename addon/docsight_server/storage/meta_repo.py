"""Instance metadata (instance id, discovery uuid): small key/value rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from .schema import instance_meta


async def get_meta(connection: AsyncConnection, key: str) -> str | None:
    """Return one metadata value, or None."""
    result = await connection.execute(
        select(instance_meta.c.value).where(instance_meta.c.key == key)
    )
    return result.scalar_one_or_none()


async def set_meta(connection: AsyncConnection, key: str, value: str) -> None:
    """Insert or replace one metadata value."""
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(instance_meta).values(key=key, value=value)
    statement = statement.on_conflict_do_update(
        index_elements=[instance_meta.c.key], set_={"value": value}
    )
    await connection.execute(statement)
