"""Connection-monitor targets: the hosts that are probed, and how."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database, after_commit
from ...storage.fetch import Prepared
from ..schema import cm_rollups, cm_samples, cm_targets, cm_trace_hops, cm_traces
from .buckets import OpenBuckets

TARGET_FIELDS = ("label", "host", "enabled", "poll_interval_ms", "probe_method", "tcp_port")
ALL_TARGETS = Prepared(select(cm_targets).order_by(cm_targets.c.id))


def target_json(row: Mapping[str, Any]) -> dict[str, Any]:
    """Return the API shape of a target row (given by column name)."""
    return {
        "id": row["id"],
        "label": row["label"],
        "host": row["host"],
        "enabled": bool(row["enabled"]),
        "poll_interval_ms": row["poll_interval_ms"],
        "probe_method": row["probe_method"],
        "tcp_port": row["tcp_port"],
        "is_demo": bool(row["is_demo"]),
        "created_at": row["created_at"],
    }


async def target_ids(connection: AsyncConnection, *, enabled_only: bool = False) -> list[int]:
    """Return the ids of all (or the enabled) targets in id order."""
    query = select(cm_targets.c.id).order_by(cm_targets.c.id)
    if enabled_only:
        query = query.where(cm_targets.c.enabled.is_(True))
    return list((await connection.execute(query)).scalars())


class Targets:
    """Creates, lists, changes and deletes targets (deleting one deletes its data)."""

    def __init__(
        self, database: Database, buckets: OpenBuckets, clock: Callable[[], float]
    ) -> None:
        """Use `database`; `clock` gives the creation time of new targets."""
        self.database = database
        self._buckets = buckets
        self._clock = clock
        self._known: tuple[int, list[dict[str, Any]]] | None = None

    async def all(self) -> list[dict[str, Any]]:
        """Return every target in id order (kept in memory until the targets change)."""
        version = self._buckets.target_writes
        if self._known is None or self._known[0] != version:
            async with self.database.read() as connection:
                rows = await ALL_TARGETS.fetch(connection, {})
            names = cm_targets.c.keys()
            found = [target_json(dict(zip(names, row, strict=True))) for row in rows]
            if self._buckets.target_writes != version:  # changed while reading: not kept
                return found
            self._known = (version, found)
        return [dict(target) for target in self._known[1]]

    async def get(self, target_id: int) -> dict[str, Any] | None:
        """Return one target, or None."""
        return next((target for target in await self.all() if target["id"] == target_id), None)

    async def add(
        self,
        label: str,
        host: str,
        *,
        poll_interval_ms: int,
        probe_method: str,
        tcp_port: int,
        is_demo: bool = False,
    ) -> int:
        """Create a target (enabled when it has a host) and return its id."""
        self._buckets.targets_changed()
        host = (host or "").strip()
        async with self.database.transaction() as connection:
            after_commit(connection, self._buckets.targets_changed)
            result = await connection.execute(
                insert(cm_targets).values(
                    label=label,
                    host=host,
                    enabled=bool(host),
                    poll_interval_ms=poll_interval_ms,
                    probe_method=probe_method,
                    tcp_port=tcp_port,
                    is_demo=is_demo,
                    created_at=int(self._clock()),
                )
            )
            key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    async def update(self, target_id: int, changes: Mapping[str, Any]) -> bool:
        """Change some fields of a target (a non-empty host enables it); False if unknown."""
        self._buckets.targets_changed()
        values = {name: changes[name] for name in TARGET_FIELDS if name in changes}
        if isinstance(values.get("host"), str):
            values["host"] = values["host"].strip()
            if values["host"] and "enabled" not in values:
                values["enabled"] = True
        async with self.database.transaction() as connection:
            after_commit(connection, self._buckets.targets_changed)
            if not values:
                found = await connection.execute(
                    select(cm_targets.c.id).where(cm_targets.c.id == target_id)
                )
                return found.first() is not None
            result = await connection.execute(
                update(cm_targets).where(cm_targets.c.id == target_id).values(**values)
            )
        return result.rowcount > 0

    async def delete(self, target_id: int) -> bool:
        """Delete a target with its samples, rollups and traceroutes; False if unknown."""
        self._buckets.targets_changed()
        async with self._buckets.lock:
            async with self.database.transaction() as connection:
                after_commit(connection, self._buckets.targets_changed)
                traces = select(cm_traces.c.id).where(cm_traces.c.target_id == target_id)
                await connection.execute(
                    delete(cm_trace_hops).where(cm_trace_hops.c.trace_id.in_(traces))
                )
                for table in (cm_traces, cm_rollups, cm_samples):
                    await connection.execute(delete(table).where(table.c.target_id == target_id))
                result = await connection.execute(
                    delete(cm_targets).where(cm_targets.c.id == target_id)
                )
            self._buckets.forget(target_id)
        return result.rowcount > 0
