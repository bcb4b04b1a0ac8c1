"""Stored configuration: one row per key, JSON-encoded values, secrets already encrypted."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from ..timeutil import now_epoch
from .schema import config_entries


async def load_config(connection: AsyncConnection) -> dict[str, Any]:
    """Return every stored key with its decoded value."""
    rows = await connection.execute(select(config_entries.c.key, config_entries.c.value))
    return {key: json.loads(value) for key, value in rows}


async def save_config(connection: AsyncConnection, values: Mapping[str, Any]) -> None:
    """Insert or replace stored keys (call inside a transaction)."""
    if not values:
        return
    now = now_epoch()
    rows = [{"key": k, "value": json.dumps(v), "updated_at": now} for k, v in values.items()]
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(config_entries).values(rows)
    statement = statement.on_conflict_do_update(
        index_elements=[config_entries.c.key],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
    )
    await connection.execute(statement)


async def delete_config(connection: AsyncConnection, keys: list[str]) -> None:
    """Remove stored keys."""
    await connection.execute(delete(config_entries).where(config_entries.c.key.in_(keys)))
