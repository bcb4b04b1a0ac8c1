"""Stored traceroutes with their hops."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database
from ...storage.fetch import row_by_id
from ...timeutil import iso_utc
from ..rollup import to_ms
from ..schema import cm_trace_hops, cm_traces
from .rows import to_us

if TYPE_CHECKING:
    from ..trace import TraceResult


def trace_json(row: Any) -> dict[str, Any]:
    """Return the API shape of a trace row (without hops)."""
    return {
        "id": row.id,
        "trace_id": row.id,
        "target_id": row.target_id,
        "timestamp": iso_utc(row.ts),
        "trigger_reason": row.trigger_reason,
        "reached_target": bool(row.reached_target),
        "hop_count": row.hop_count,
        "route_fingerprint": row.route_fingerprint,
    }


def hop_json(hop: Any) -> dict[str, Any]:
    """Return the API shape of a hop row."""
    return {
        "hop_index": hop.hop_index,
        "hop_ip": hop.hop_ip,
        "hop_host": hop.hop_host,
        "latency_ms": to_ms(hop.latency_us),
        "probes_responded": hop.probes_responded,
    }


async def insert_trace(
    connection: AsyncConnection,
    target_id: int,
    ts: float,
    trigger_reason: str,
    result: TraceResult,
    *,
    is_demo: bool = False,
) -> int:
    """Insert a traceroute and its hops inside the caller's transaction; return its id."""
    inserted = await connection.execute(
        insert(cm_traces).values(
            target_id=target_id,
            ts=int(ts),
            trigger_reason=trigger_reason,
            hop_count=len(result.hops),
            route_fingerprint=result.fingerprint,
            reached_target=result.reached,
            is_demo=is_demo,
        )
    )
    key = inserted.inserted_primary_key
    assert key is not None
    trace_id = int(key[0])
    if result.hops:
        await connection.execute(
            insert(cm_trace_hops),
            [
                {
                    "trace_id": trace_id,
                    "hop_index": hop.index,
                    "hop_ip": hop.ip,
                    "hop_host": hop.host,
                    "latency_us": to_us(hop.latency_ms),
                    "probes_responded": hop.probes_responded,
                }
                for hop in result.hops
            ],
        )
    return trace_id


class Traces:
    """Stores traceroutes and reads them back, one or a target's list."""

    def __init__(self, database: Database) -> None:
        """Use `database`."""
        self.database = database

    async def add(
        self,
        target_id: int,
        ts: float,
        trigger_reason: str,
        result: TraceResult,
        *,
        is_demo: bool = False,
    ) -> int:
        """Store a traceroute with its hops and return its id."""
        async with self.database.transaction() as connection:
            return await insert_trace(
                connection, target_id, ts, trigger_reason, result, is_demo=is_demo
            )

    async def for_target(
        self, target_id: int, start: float | None, end: float | None, limit: int
    ) -> list[dict[str, Any]]:
        """Return a target's traceroutes, newest first (limit <= 0: all)."""
        query = select(cm_traces).where(cm_traces.c.target_id == target_id)
        if start is not None:
            query = query.where(cm_traces.c.ts >= start)
        if end is not None:
            query = query.where(cm_traces.c.ts <= end)
        query = query.order_by(cm_traces.c.ts.desc(), cm_traces.c.id.desc())
        if limit > 0:
            query = query.limit(limit)
        async with self.database.read() as connection:
            rows = (await connection.execute(query)).all()
        return [trace_json(row) for row in rows]

    async def get(self, trace_id: int) -> dict[str, Any] | None:
        """Return one traceroute with its hops, or None."""
        async with self.database.read() as connection:
            row = await row_by_id(connection, cm_traces, trace_id)
            if row is None:
                return None
            hops = (
                await connection.execute(
                    select(cm_trace_hops)
                    .where(cm_trace_hops.c.trace_id == trace_id)
                    .order_by(cm_trace_hops.c.hop_index)
                )
            ).all()
        found = trace_json(row)
        found["hops"] = [hop_json(hop) for hop in hops]
        return found
