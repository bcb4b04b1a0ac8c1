"""The modem's last known state (uptime, firmware, WAN addresses, device and connection info)."""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from .schema import device_state

STATE_KEYS = ("uptime_seconds", "sw_version", "wan_ipv4", "wan_ipv6")


async def load_device_state(connection: AsyncConnection) -> dict[str, Any] | None:
    """Return the stored state ({uptime_seconds, sw_version, wan_ipv4, wan_ipv6, device_info,
    connection_info}) or None."""
    row = (await connection.execute(select(device_state).where(device_state.c.id == 1))).first()
    if row is None:
        return None
    state = {key: getattr(row, key) for key in STATE_KEYS}
    state["device_info"] = orjson.loads(row.device_info) if row.device_info else {}
    state["connection_info"] = orjson.loads(row.connection_info) if row.connection_info else {}
    return state


async def save_device_state(
    connection: AsyncConnection,
    info: dict[str, Any],
    connection_info: dict[str, Any] | None,
    now: int,
) -> None:
    """Store the latest device info (and connection info when known)."""
    values: dict[str, Any] = {key: info.get(key) for key in STATE_KEYS}
    values["device_info"] = orjson.dumps(info).decode()
    if connection_info is not None:
        values["connection_info"] = orjson.dumps(connection_info).decode()
    values["updated_at"] = now
    insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = insert(device_state).values(id=1, **values)
    statement = statement.on_conflict_do_update(index_elements=[device_state.c.id], set_=values)
    await connection.execute(statement)
