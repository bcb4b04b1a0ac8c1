"""Connection-monitor storage: targets, raw samples, incremental rollups, pins and traceroutes.

Raw samples are (target_id, ts_ms, latency_us, method code). Rollups of 60 s, 300 s and 3600 s
are computed exactly from the raw samples of their bucket: the bucket a target is currently
filling lives in memory (`OpenBucket`) and is written when a newer bucket starts or on `flush`;
a late sample for an older bucket recomputes that bucket from the raw rows; after a restart the
open buckets are rebuilt from the raw rows newer than the last written bucket.
"""

from __future__ import annotations

import asyncio
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from datetime import time as clock_time
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, delete, func, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from ..storage.bulk import bulk_insert
from ..storage.connmon_schema import (
    cm_pinned_days,
    cm_rollups,
    cm_samples,
    cm_targets,
    cm_trace_hops,
    cm_traces,
)
from ..storage.database import Database
from ..timeutil import iso_utc
from . import export
from .outages import find_outages
from .rollup import (
    DAY,
    KEEP_SECONDS,
    ORDER,
    ROLLUP_COLUMNS,
    TIER_SECONDS,
    TIERS,
    BucketStats,
    OpenBucket,
    blend_segments,
    bucket_stats,
    choose_plan,
    loss_pct,
    p95_offset,
    raw_part,
    rebucket,
    rollup_all,
    to_ms,
)

if TYPE_CHECKING:
    from .trace import TraceResult

METHOD_CODES: dict[str, int] = {"icmp": 1, "tcp": 2}
METHOD_NAMES: dict[int, str] = {code: name for name, code in METHOD_CODES.items()}
UNKNOWN_METHOD = "unknown"
TARGET_FIELDS = ("label", "host", "enabled", "poll_interval_ms", "probe_method", "tcp_port")
SAMPLE_COLUMNS = ("target_id", "ts_ms", "latency_us", "method")
ROLLUP_VALUES = ROLLUP_COLUMNS[3:]
#: Rendering more rows than this runs in an executor, off the event loop.
EXECUTOR_ROWS = 5000
#: Raw samples are read in parts of this many rows (one part holds the loop ~10 ms).
RAW_READ_PART = 5000

RawRow = tuple[int, int | None, int]  # ts_ms, latency_us (None = timeout), method code
OpenKey = tuple[int, int]  # target_id, bucket_seconds


SERIES_CACHE_S = 60.0
SERIES_CACHE_ENTRIES = 16


@dataclass(frozen=True, slots=True)
class Sample:
    """One probe result to store (latency_ms None = timeout)."""

    target_id: int
    ts: float
    latency_ms: float | None
    method: str


def to_us(latency_ms: float | None) -> int | None:
    """Convert milliseconds to whole microseconds (None stays None, never negative)."""
    return None if latency_ms is None else max(0, round(latency_ms * 1000))


def method_code(method: str) -> int:
    """Return the stored code of a probe method name (0 for unknown names)."""
    return METHOD_CODES.get(str(method).lower(), 0)


def raw_json(ts_ms: int, latency_us: int | None, code: int) -> dict[str, Any]:
    """Return the API shape of one raw sample."""
    latency = to_ms(latency_us)
    return {
        "timestamp": ts_ms / 1000,
        "bucket_seconds": None,
        "latency_ms": latency,
        "min_latency_ms": latency,
        "max_latency_ms": latency,
        "p95_latency_ms": latency,
        "packet_loss_pct": 100.0 if latency_us is None else 0.0,
        "sample_count": 1,
        "timeout": 1 if latency_us is None else 0,
        "probe_method": METHOD_NAMES.get(code, UNKNOWN_METHOD),
    }


def _raw_triples(rows: Sequence[RawRow]) -> list[tuple[float, float | None, str]]:
    """Return (epoch seconds, latency ms or None, method name) per raw row."""
    return [
        (ts_ms / 1000, to_ms(latency), METHOD_NAMES.get(code, UNKNOWN_METHOD))
        for ts_ms, latency, code in rows
    ]


def _raw_text(rows: Sequence[RawRow], tz: tzinfo, pinglog_host: str | None) -> str:
    """Render raw rows as CSV, or as a ping log for `pinglog_host` (CPU only)."""
    triples = _raw_triples(rows)
    if pinglog_host is None:
        return export.raw_csv(triples, tz)
    return export.pinglog(triples, pinglog_host, tz)


def _outages_of(rows: Sequence[RawRow], threshold: int) -> list[dict[str, Any]]:
    """Return the outages in raw rows (CPU only)."""
    return find_outages(((ts_ms / 1000, latency is None) for ts_ms, latency, _ in rows), threshold)


def render_items(
    items: Sequence[RawRow | BucketStats], max_points: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """Return API rows (re-bucketed to max_points when > 0, then cut to limit) and the width."""
    if max_points <= 0 or len(items) <= max_points:
        kept = items[:limit] if limit > 0 else items
        return [
            item.as_json() if isinstance(item, BucketStats) else raw_json(*item) for item in kept
        ], 0
    parts = [
        item if isinstance(item, BucketStats) else raw_part(item[0], item[1]) for item in items
    ]
    merged, width = rebucket(parts, max_points)
    rows = [bucket.as_json() for bucket in merged]
    return (rows[:limit] if limit > 0 else rows), width


def _local_zone() -> tzinfo:
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


def _target_json(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "label": row.label,
        "host": row.host,
        "enabled": bool(row.enabled),
        "poll_interval_ms": row.poll_interval_ms,
        "probe_method": row.probe_method,
        "tcp_port": row.tcp_port,
        "is_demo": bool(row.is_demo),
        "created_at": row.created_at,
    }


def _trace_json(row: Any) -> dict[str, Any]:
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


def _stats_row(row: Any) -> BucketStats:
    return BucketStats(
        bucket_start=row.bucket_start,
        bucket_seconds=row.bucket_seconds,
        sample_count=row.sample_count,
        timeouts=row.timeouts,
        latency_sum_us=row.latency_sum_us,
        min_us=row.min_us,
        max_us=row.max_us,
        p95_us=row.p95_us,
    )


def _upsert_statement(dialect: str) -> Any:
    maker = sqlite.insert if dialect == "sqlite" else postgresql.insert
    statement = maker(cm_rollups)
    return statement.on_conflict_do_update(
        index_elements=["target_id", "bucket_seconds", "bucket_start"],
        set_={name: statement.excluded[name] for name in ROLLUP_VALUES},
    )


async def upsert_rollups(
    connection: AsyncConnection, rows: Sequence[tuple[int, BucketStats]]
) -> None:
    """Insert or replace rollup buckets given as (target_id, stats)."""
    if not rows:
        return
    await connection.execute(
        _upsert_statement(connection.dialect.name),
        [dict(zip(ROLLUP_COLUMNS, stats.as_row(target), strict=True)) for target, stats in rows],
    )


def _demo_rows(
    samples: Iterable[Sample],
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    raw: list[tuple[Any, ...]] = []
    per_target: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for sample in samples:
        ts_ms = round(sample.ts * 1000)
        latency = to_us(sample.latency_ms)
        raw.append((sample.target_id, ts_ms, latency, method_code(sample.method)))
        per_target[sample.target_id].append((ts_ms, latency))
    rollups: list[tuple[Any, ...]] = []
    for target, pairs in per_target.items():
        for seconds in TIER_SECONDS:
            rollups.extend(stats.as_row(target) for stats in rollup_all(pairs, seconds))
    return raw, rollups


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


class ConnMonStore:
    """Every SQL statement about connection-monitor data, plus the open rollup buckets."""

    def __init__(
        self,
        database: Database,
        *,
        clock: Callable[[], float] = time.time,
        zone: Callable[[], tzinfo] | None = None,
    ) -> None:
        """Use `database`; `clock` gives "now" and `zone` the zone of pinned calendar days."""
        self.database = database
        self._clock = clock
        self._zone = zone or _local_zone
        self._open: dict[OpenKey, OpenBucket] = {}
        # Where no bucket is open: the end of the newest bucket already written, so an older
        # sample is known to be late (its bucket gets recomputed from raw, not restarted).
        self._floor: dict[OpenKey, int] = {}
        self._loaded: set[int] = set()
        self._lock = asyncio.Lock()
        # Answers of `series` (trends, correlation): valid while no write happened since, and
        # for SERIES_CACHE_SECONDS at most (rows purged outside the store age out that way).
        self._writes = 0
        self._series_cache: dict[tuple[int, int, int], tuple[int, float, list[dict[str, Any]]]] = {}

    # --- targets -------------------------------------------------------------------------------

    async def list_targets(self) -> list[dict[str, Any]]:
        """Return every target in id order."""
        async with self.database.read() as connection:
            rows = (await connection.execute(select(cm_targets).order_by(cm_targets.c.id))).all()
        return [_target_json(row) for row in rows]

    async def get_target(self, target_id: int) -> dict[str, Any] | None:
        """Return one target, or None."""
        async with self.database.read() as connection:
            row = (
                await connection.execute(select(cm_targets).where(cm_targets.c.id == target_id))
            ).first()
        return None if row is None else _target_json(row)

    async def add_target(
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
        self._writes += 1
        host = (host or "").strip()
        async with self.database.transaction() as connection:
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

    async def update_target(self, target_id: int, changes: Mapping[str, Any]) -> bool:
        """Change some fields of a target (a non-empty host enables it); False if unknown."""
        self._writes += 1
        values = {name: changes[name] for name in TARGET_FIELDS if name in changes}
        if isinstance(values.get("host"), str):
            values["host"] = values["host"].strip()
            if values["host"] and "enabled" not in values:
                values["enabled"] = True
        async with self.database.transaction() as connection:
            if not values:
                found = await connection.execute(
                    select(cm_targets.c.id).where(cm_targets.c.id == target_id)
                )
                return found.first() is not None
            result = await connection.execute(
                update(cm_targets).where(cm_targets.c.id == target_id).values(**values)
            )
        return result.rowcount > 0

    async def delete_target(self, target_id: int) -> bool:
        """Delete a target with its samples, rollups and traceroutes; False if unknown."""
        self._writes += 1
        async with self._lock:
            async with self.database.transaction() as connection:
                traces = select(cm_traces.c.id).where(cm_traces.c.target_id == target_id)
                await connection.execute(
                    delete(cm_trace_hops).where(cm_trace_hops.c.trace_id.in_(traces))
                )
                for table in (cm_traces, cm_rollups, cm_samples):
                    await connection.execute(delete(table).where(table.c.target_id == target_id))
                result = await connection.execute(
                    delete(cm_targets).where(cm_targets.c.id == target_id)
                )
            self._forget(target_id)
        return result.rowcount > 0

    def discard_open_buckets(self) -> None:
        """Drop all in-memory bucket state (e.g. after demo rows were purged); rebuilt from raw."""
        self._writes += 1
        self._open.clear()
        self._floor.clear()
        self._loaded.clear()

    def _forget(self, target_id: int) -> None:
        self._loaded.discard(target_id)
        for seconds in TIER_SECONDS:
            self._open.pop((target_id, seconds), None)
            self._floor.pop((target_id, seconds), None)

    # --- writing samples -----------------------------------------------------------------------

    async def add_samples(self, samples: Sequence[Sample]) -> None:
        """Store probe results and bring the rollups up to date (unknown targets are dropped)."""
        self._writes += 1
        if not samples:
            return
        batch: dict[int, dict[int, tuple[int | None, int]]] = defaultdict(dict)
        for sample in samples:
            ts_ms = round(sample.ts * 1000)
            batch[sample.target_id].setdefault(
                ts_ms, (to_us(sample.latency_ms), method_code(sample.method))
            )
        async with self._lock:
            try:
                async with self.database.transaction() as connection:
                    await self._write_samples(connection, batch)
            except BaseException:
                for target_id in batch:  # memory may be ahead of the rolled-back rows
                    self._forget(target_id)
                raise

    async def _write_samples(
        self, connection: AsyncConnection, batch: dict[int, dict[int, tuple[int | None, int]]]
    ) -> None:
        known = set(
            (
                await connection.execute(
                    select(cm_targets.c.id).where(cm_targets.c.id.in_(list(batch)))
                )
            ).scalars()
        )
        for target_id in [target for target in batch if target not in known]:
            del batch[target_id]
        if not batch:
            return
        low = min(min(rows) for rows in batch.values())
        high = max(max(rows) for rows in batch.values())
        stored = await connection.execute(
            select(cm_samples.c.target_id, cm_samples.c.ts_ms).where(
                cm_samples.c.target_id.in_(list(batch)),
                cm_samples.c.ts_ms >= low,
                cm_samples.c.ts_ms <= high,
            )
        )
        for target_id, ts_ms in stored:
            batch[target_id].pop(ts_ms, None)
        for target_id in batch:
            if target_id not in self._loaded:
                await self._rebuild(connection, target_id)
        rows = [
            {"target_id": target, "ts_ms": ts_ms, "latency_us": latency, "method": code}
            for target, values in batch.items()
            for ts_ms, (latency, code) in values.items()
        ]
        if not rows:
            return
        await connection.execute(insert(cm_samples), rows)
        closed: list[tuple[int, BucketStats]] = []
        late: set[tuple[int, int, int]] = set()
        for target_id, values in batch.items():
            for ts_ms in sorted(values):
                latency = values[ts_ms][0]
                for seconds in TIER_SECONDS:
                    self._count(target_id, seconds, ts_ms, latency, closed, late)
        await upsert_rollups(connection, closed)
        recomputed = [
            (target_id, await self._bucket_from_raw(connection, target_id, seconds, start))
            for target_id, seconds, start in sorted(late)
        ]
        await upsert_rollups(connection, recomputed)

    def _count(
        self,
        target_id: int,
        seconds: int,
        ts_ms: int,
        latency: int | None,
        closed: list[tuple[int, BucketStats]],
        late: set[tuple[int, int, int]],
    ) -> None:
        start = ts_ms // (seconds * 1000) * seconds
        key = (target_id, seconds)
        state = self._open.get(key)
        floor = self._floor.get(key) if state is None else state.bucket_start
        if floor is not None and start < floor:
            late.add((target_id, seconds, start))
            return
        if state is None or start > state.bucket_start:
            if state is not None:
                closed.append((target_id, state.stats()))
            state = self._open[key] = OpenBucket(start, seconds)
        state.add(latency)

    async def _bucket_from_raw(
        self, connection: AsyncConnection, target_id: int, seconds: int, start: int
    ) -> BucketStats:
        latencies = (
            await connection.execute(
                select(cm_samples.c.latency_us).where(
                    cm_samples.c.target_id == target_id,
                    cm_samples.c.ts_ms >= start * 1000,
                    cm_samples.c.ts_ms < (start + seconds) * 1000,
                )
            )
        ).scalars()
        return bucket_stats(start, seconds, latencies)

    async def _rebuild(self, connection: AsyncConnection, target_id: int) -> None:
        """Recreate the open buckets (and any unwritten closed ones) from the raw rows."""
        result = await connection.execute(
            select(cm_rollups.c.bucket_seconds, func.max(cm_rollups.c.bucket_start))
            .where(cm_rollups.c.target_id == target_id)
            .group_by(cm_rollups.c.bucket_seconds)
        )
        latest: dict[int, int] = {row[0]: row[1] for row in result}
        since = {seconds: latest.get(seconds) for seconds in TIER_SECONDS}
        starts = [value for value in since.values() if value is not None]
        from_ms = min(starts) * 1000 if len(starts) == len(TIER_SECONDS) else None
        query = select(cm_samples.c.ts_ms, cm_samples.c.latency_us).where(
            cm_samples.c.target_id == target_id
        )
        if from_ms is not None:
            query = query.where(cm_samples.c.ts_ms >= from_ms)
        rows = (await connection.execute(query.order_by(cm_samples.c.ts_ms))).tuples().all()
        closed: list[tuple[int, BucketStats]] = []
        for seconds in TIER_SECONDS:
            key = (target_id, seconds)
            self._open.pop(key, None)
            self._floor.pop(key, None)
            written = since[seconds]
            written_ms = None if written is None else written * 1000
            unused: set[tuple[int, int, int]] = set()
            for ts_ms, latency in rows:
                if written_ms is None or ts_ms >= written_ms:
                    self._count(target_id, seconds, ts_ms, latency, closed, unused)
            if key not in self._open and written is not None:
                self._floor[key] = written + seconds
        await upsert_rollups(connection, closed)
        self._loaded.add(target_id)

    async def flush(self, now: float | None = None) -> int:
        """Write the open buckets; with `now`, those that ended by then are closed and dropped."""
        self._writes += 1
        async with self._lock:
            items = list(self._open.items())
            if not items:
                return 0
            async with self.database.transaction() as connection:
                await upsert_rollups(connection, [(key[0], state.stats()) for key, state in items])
            if now is not None:
                for key, state in items:
                    end = state.bucket_start + state.bucket_seconds
                    if end <= now and self._open.get(key) is state:
                        del self._open[key]
                        self._floor[key] = end
            return len(items)

    async def add_demo_history(self, connection: AsyncConnection, samples: Iterable[Sample]) -> int:
        """Bulk-insert raw samples and their rollups (inside the caller's transaction)."""
        self._writes += 1
        loop = asyncio.get_running_loop()
        raw, rollups = await loop.run_in_executor(None, _demo_rows, list(samples))
        await bulk_insert(connection, cm_samples, SAMPLE_COLUMNS, raw)
        await bulk_insert(connection, cm_rollups, ROLLUP_COLUMNS, rollups)
        return len(raw) + len(rollups)

    # --- reading samples -----------------------------------------------------------------------

    async def _raw(
        self,
        connection: AsyncConnection,
        target_id: int,
        start: float | None,
        end: float | None,
        *,
        end_inclusive: bool = True,
        limit: int = 0,
    ) -> list[RawRow]:
        query = select(cm_samples.c.ts_ms, cm_samples.c.latency_us, cm_samples.c.method).where(
            cm_samples.c.target_id == target_id
        )
        if start is not None:
            query = query.where(cm_samples.c.ts_ms >= round(start * 1000))
        if end is not None:
            end_ms = round(end * 1000)
            query = query.where(
                cm_samples.c.ts_ms <= end_ms if end_inclusive else cm_samples.c.ts_ms < end_ms
            )
        # A week of 1-second samples is 600,000 rows: read them in parts (keyset pages) so
        # that no single read holds the event loop, and the probes sharing it, for long.
        rows: list[RawRow] = []
        after: int | None = None
        while True:
            size = RAW_READ_PART if limit <= 0 else min(RAW_READ_PART, limit - len(rows))
            page = query if after is None else query.where(cm_samples.c.ts_ms > after)
            part = list(
                (await connection.execute(page.order_by(cm_samples.c.ts_ms).limit(size))).tuples()
            )
            rows.extend(part)
            if len(part) < size or (limit > 0 and len(rows) >= limit):
                break
            after = part[-1][0]
        return rows

    async def _buckets(
        self,
        connection: AsyncConnection,
        target_ids: Sequence[int],
        seconds: int,
        start: float | None,
        end: float | None,
        *,
        end_inclusive: bool = True,
    ) -> dict[int, list[BucketStats]]:
        """Return each target's buckets overlapping [start, end], open buckets included."""
        query = select(cm_rollups).where(
            cm_rollups.c.target_id.in_(list(target_ids)), cm_rollups.c.bucket_seconds == seconds
        )
        first = None if start is None else int(start // seconds * seconds)
        if first is not None:
            query = query.where(cm_rollups.c.bucket_start >= first)
        if end is not None:
            query = query.where(
                cm_rollups.c.bucket_start <= end
                if end_inclusive
                else cm_rollups.c.bucket_start < end
            )
        found: dict[int, dict[int, BucketStats]] = {target: {} for target in target_ids}
        for row in await connection.execute(query):
            found[row.target_id][row.bucket_start] = _stats_row(row)
        for target in target_ids:
            state = self._open.get((target, seconds))
            if state is None or state.sample_count == 0:
                continue
            begin = state.bucket_start
            inside_end = end is None or (begin <= end if end_inclusive else begin < end)
            if (first is None or begin >= first) and inside_end:
                found[target][begin] = state.stats()
        return {target: [rows[key] for key in sorted(rows)] for target, rows in found.items()}

    async def samples(
        self,
        target_id: int,
        start: float | None,
        end: float | None,
        *,
        resolution: str = "auto",
        limit: int = 10000,
        max_points: int | None = None,
    ) -> dict[str, Any]:
        """Return the samples envelope {meta, samples}; ValueError for an unknown resolution."""
        plan = choose_plan(resolution, start, end)
        if plan.blended:
            pieces = blend_segments(plan.resolution, start, end, self._clock())
        else:
            pieces = [(plan.resolution, start, end)]
        rebucketing = max_points is not None and max_points > 0
        remaining = 0 if rebucketing or limit <= 0 else limit
        items: list[RawRow | BucketStats] = []
        tiers: set[str] = set()
        async with self.database.read() as connection:
            for index, (tier, low, high) in enumerate(pieces):
                newest = index == len(pieces) - 1
                found: Sequence[RawRow | BucketStats]
                if tier == "raw":
                    found = await self._raw(
                        connection, target_id, low, high, end_inclusive=newest, limit=remaining
                    )
                else:
                    buckets = await self._buckets(
                        connection, [target_id], TIERS[tier], low, high, end_inclusive=newest
                    )
                    found = buckets[target_id]
                    if remaining:
                        found = found[:remaining]
                if found:
                    tiers.add(tier)
                    items.extend(found)
                if remaining:
                    remaining -= len(found)
                    if remaining <= 0:
                        break
        bucket_seconds = None if plan.resolution == "raw" else TIERS[plan.resolution]
        points = max_points if rebucketing and max_points is not None else 0
        if len(items) > EXECUTOR_ROWS:
            loop = asyncio.get_running_loop()
            rows, width = await loop.run_in_executor(None, render_items, items, points, limit)
        else:
            rows, width = render_items(items, points, limit)
        bucket_seconds = width or bucket_seconds
        used = [tier for tier in ORDER if tier in tiers]
        return {
            "meta": {
                "resolution": plan.resolution,
                "bucket_seconds": bucket_seconds,
                "blended": plan.blended,
                "mixed": len(used) > 1,
                "tiers_used": used,
            },
            "samples": rows,
        }

    async def _target_ids(
        self, connection: AsyncConnection, *, enabled_only: bool = False
    ) -> list[int]:
        query = select(cm_targets.c.id).order_by(cm_targets.c.id)
        if enabled_only:
            query = query.where(cm_targets.c.enabled.is_(True))
        return list((await connection.execute(query)).scalars())

    async def _aggregate(
        self,
        connection: AsyncConnection,
        target_ids: list[int],
        start_ms: int | None,
        end_ms: int | None,
    ) -> dict[int, tuple[int, int, int | None, int | None, int | None]]:
        """Return target -> (count, answered, sum_us, min_us, max_us) over raw samples."""
        if not target_ids:
            return {}
        conditions: list[ColumnElement[bool]] = [cm_samples.c.target_id.in_(target_ids)]
        if start_ms is not None:
            conditions.append(cm_samples.c.ts_ms >= start_ms)
        if end_ms is not None:
            conditions.append(cm_samples.c.ts_ms <= end_ms)
        query = (
            select(
                cm_samples.c.target_id,
                func.count(),
                func.count(cm_samples.c.latency_us),
                func.sum(cm_samples.c.latency_us),
                func.min(cm_samples.c.latency_us),
                func.max(cm_samples.c.latency_us),
            )
            .where(*conditions)
            .group_by(cm_samples.c.target_id)
        )
        return {
            row[0]: (int(row[1]), int(row[2]), row[3], row[4], row[5])
            for row in await connection.execute(query)
        }

    @staticmethod
    def _summary(count: int, answered: int, total: Any, low: Any, high: Any) -> dict[str, Any]:
        return {
            "sample_count": count,
            "avg_latency_ms": to_ms(int(total) / answered) if answered else None,
            "min_latency_ms": to_ms(low),
            "max_latency_ms": to_ms(high),
            "packet_loss_pct": loss_pct(count - answered, count),
        }

    async def stats(self, start: float | None, end: float | None) -> dict[str, dict[str, Any]]:
        """Return per-target range statistics over raw samples, keyed by the id as text."""
        start_ms = None if start is None else round(start * 1000)
        end_ms = None if end is None else round(end * 1000)
        result: dict[str, dict[str, Any]] = {}
        async with self.database.read() as connection:
            target_ids = await self._target_ids(connection)
            found = await self._aggregate(connection, target_ids, start_ms, end_ms)
            for target in target_ids:
                count, answered, total, low, high = found.get(target, (0, 0, None, None, None))
                entry = self._summary(count, answered, total, low, high)
                entry["latency_count"] = answered
                entry["p95_latency_ms"] = None
                if answered:
                    conditions = [
                        cm_samples.c.target_id == target,
                        cm_samples.c.latency_us.is_not(None),
                    ]
                    if start_ms is not None:
                        conditions.append(cm_samples.c.ts_ms >= start_ms)
                    if end_ms is not None:
                        conditions.append(cm_samples.c.ts_ms <= end_ms)
                    rank = p95_offset(answered)
                    p95 = (
                        await connection.execute(
                            select(cm_samples.c.latency_us)
                            .where(*conditions)
                            .order_by(cm_samples.c.latency_us)
                            .offset(rank)
                            .limit(1)
                        )
                    ).scalar()
                    entry["p95_latency_ms"] = to_ms(p95)
                result[str(target)] = entry
        return result

    async def trailing_timeouts(self, target_id: int) -> tuple[int, float | None]:
        """Return how many timeouts follow a target's newest answer, and the first one's time."""
        samples = cm_samples.c
        async with self.database.read() as connection:
            last_answer = (
                await connection.execute(
                    select(samples.ts_ms)
                    .where(samples.target_id == target_id, samples.latency_us.is_not(None))
                    .order_by(samples.ts_ms.desc())
                    .limit(1)
                )
            ).scalar()
            query = select(func.count(), func.min(samples.ts_ms)).where(
                samples.target_id == target_id
            )
            if last_answer is not None:
                query = query.where(samples.ts_ms > last_answer)
            count, first = (await connection.execute(query)).one()
        return int(count), None if first is None else int(first) / 1000

    async def latest_sample_ts(self, target_id: int) -> float | None:
        """Return the epoch second of a target's newest raw sample, or None."""
        async with self.database.read() as connection:
            newest = (
                await connection.execute(
                    select(func.max(cm_samples.c.ts_ms)).where(cm_samples.c.target_id == target_id)
                )
            ).scalar()
        return None if newest is None else int(newest) / 1000

    async def window_stats(self, since: float) -> dict[int, dict[str, Any]]:
        """Return per-target statistics of the raw samples since `since` (for /summary)."""
        async with self.database.read() as connection:
            target_ids = await self._target_ids(connection)
            found = await self._aggregate(connection, target_ids, round(since * 1000), None)
        return {
            target: self._summary(*found.get(target, (0, 0, None, None, None)))
            for target in target_ids
        }

    async def outages(
        self, target_id: int, start: float | None, end: float | None, threshold: int
    ) -> list[dict[str, Any]]:
        """Return runs of at least `threshold` consecutive timeouts in the raw samples."""
        async with self.database.read() as connection:
            rows = await self._raw(connection, target_id, start, end)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, _outages_of, rows, threshold)

    async def export_text(
        self,
        target_id: int,
        resolution: str,
        start: float | None,
        end: float | None,
        tz: tzinfo,
        *,
        pinglog_host: str | None = None,
    ) -> str:
        """Return CSV of raw samples or one rollup tier, or a ping log of raw samples.

        A ping log (`pinglog_host` set) needs resolution raw; ValueError for other names.
        """
        loop = asyncio.get_running_loop()
        if resolution == "raw":
            async with self.database.read() as connection:
                rows = await self._raw(connection, target_id, start, end)
            return await loop.run_in_executor(None, _raw_text, rows, tz, pinglog_host)
        if pinglog_host is not None:
            raise ValueError("the ping log lists raw samples: use resolution=raw")
        if resolution not in TIERS:
            raise ValueError(f"resolution must be one of raw, {', '.join(TIERS)}")
        async with self.database.read() as connection:
            buckets = await self._buckets(connection, [target_id], TIERS[resolution], start, end)
        return await loop.run_in_executor(None, export.aggregated_csv, buckets[target_id], tz)

    async def minute_series(self, start: float, end: float) -> list[dict[str, Any]]:
        """Return the mean latency and loss over all enabled targets per 60 s bucket."""
        return await self.series(start, end, 60)

    async def series(self, start: float, end: float, seconds: int) -> list[dict[str, Any]]:
        """Return mean latency and loss over all enabled targets per `seconds` bucket.

        `seconds` must be a multiple of 60; the coarsest stored tier dividing it is summed in
        the database (one grouped query), plus the tier's open buckets held in memory.
        """
        key = (int(start) // 60, int(end) // 60, seconds)
        cached = self._series_cache.get(key)
        now = time.monotonic()
        if cached is not None and cached[0] == self._writes and now - cached[1] < SERIES_CACHE_S:
            return cached[2]
        writes = self._writes
        series = await self._series(start, end, seconds)
        if len(self._series_cache) >= SERIES_CACHE_ENTRIES:
            self._series_cache.clear()
        self._series_cache[key] = (writes, now, series)
        return series

    async def _series(self, start: float, end: float, seconds: int) -> list[dict[str, Any]]:
        tier = max(tier for tier in (60, 300, 3600) if seconds % tier == 0)
        first = int(start // tier * tier)
        group = (cm_rollups.c.bucket_start // seconds * seconds).label("bucket")
        query = (
            select(
                group,
                func.sum(cm_rollups.c.sample_count),
                func.sum(cm_rollups.c.timeouts),
                func.sum(cm_rollups.c.latency_sum_us),
            )
            .where(
                cm_rollups.c.bucket_seconds == tier,
                cm_rollups.c.bucket_start >= first,
                cm_rollups.c.bucket_start <= end,
            )
            .group_by(group)
        )
        async with self.database.read() as connection:
            target_ids = await self._target_ids(connection, enabled_only=True)
            if not target_ids:
                return []
            rows = await connection.execute(query.where(cm_rollups.c.target_id.in_(target_ids)))
            merged = {int(row[0]): [int(row[1]), int(row[2]), int(row[3])] for row in rows}
        for target in target_ids:
            state = self._open.get((target, tier))
            if state is None or state.sample_count == 0 or not first <= state.bucket_start <= end:
                continue
            open_stats = state.stats()
            total = merged.setdefault(state.bucket_start // seconds * seconds, [0, 0, 0])
            total[0] += open_stats.sample_count
            total[1] += open_stats.timeouts
            total[2] += open_stats.latency_sum_us
        series = []
        for bucket_start in sorted(merged):
            count, timeouts, latency_sum = merged[bucket_start]
            answered = count - timeouts
            series.append(
                {
                    "bucket_start": bucket_start,
                    "avg_latency_ms": to_ms(latency_sum / answered) if answered else None,
                    "packet_loss_pct": loss_pct(timeouts, count),
                    "sample_count": count,
                }
            )
        return series

    # --- pinned days ---------------------------------------------------------------------------

    async def pinned_days(self) -> list[dict[str, Any]]:
        """Return the pinned days, newest first."""
        async with self.database.read() as connection:
            rows = (
                await connection.execute(
                    select(cm_pinned_days).order_by(cm_pinned_days.c.day.desc())
                )
            ).all()
        return [
            {
                "date": row.day,
                "label": row.label,
                "created_at": row.created_at,
                "utc_start": row.utc_start,
                "utc_end": row.utc_end,
            }
            for row in rows
        ]

    async def pin_day(self, day: date, label: str) -> bool:
        """Pin a local calendar day so retention keeps it; False if it was pinned already."""
        zone = self._zone()
        first = int(datetime.combine(day, clock_time.min, zone).timestamp())
        after = int(datetime.combine(day + timedelta(days=1), clock_time.min, zone).timestamp())
        text = day.isoformat()
        try:
            async with self.database.transaction() as connection:
                exists = (
                    await connection.execute(
                        select(cm_pinned_days.c.day).where(cm_pinned_days.c.day == text)
                    )
                ).first()
                if exists is not None:
                    return False
                await connection.execute(
                    insert(cm_pinned_days).values(
                        day=text,
                        label=label,
                        created_at=int(self._clock()),
                        utc_start=first,
                        utc_end=after,
                    )
                )
        except IntegrityError:
            return False  # pinned by a concurrent request between the check and the insert
        return True

    async def unpin_day(self, day: date) -> bool:
        """Unpin a day; False if it was not pinned."""
        async with self.database.transaction() as connection:
            result = await connection.execute(
                delete(cm_pinned_days).where(cm_pinned_days.c.day == day.isoformat())
            )
        return result.rowcount > 0

    # --- traceroutes ---------------------------------------------------------------------------

    async def add_trace(
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

    async def traces(
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
        return [_trace_json(row) for row in rows]

    async def trace(self, trace_id: int) -> dict[str, Any] | None:
        """Return one traceroute with its hops, or None."""
        async with self.database.read() as connection:
            row = (
                await connection.execute(select(cm_traces).where(cm_traces.c.id == trace_id))
            ).first()
            if row is None:
                return None
            hops = (
                await connection.execute(
                    select(cm_trace_hops)
                    .where(cm_trace_hops.c.trace_id == trace_id)
                    .order_by(cm_trace_hops.c.hop_index)
                )
            ).all()
        found = _trace_json(row)
        found["hops"] = [
            {
                "hop_index": hop.hop_index,
                "hop_ip": hop.hop_ip,
                "hop_host": hop.hop_host,
                "latency_ms": to_ms(hop.latency_us),
                "probes_responded": hop.probes_responded,
            }
            for hop in hops
        ]
        return found

    # --- retention -----------------------------------------------------------------------------

    async def apply_retention(self, now: float, retention_days: int) -> int:
        """Delete what the tiers no longer keep (and all older than retention_days when > 0).

        Rows inside a pinned day are kept. Returns how many rows were removed.
        """
        self._writes += 1
        cutoffs: dict[str, float | None] = {}
        for tier in ORDER:
            keep = KEEP_SECONDS[tier]
            cutoff = None if keep is None else now - keep
            if retention_days > 0:
                limit = now - retention_days * DAY
                cutoff = limit if cutoff is None else max(cutoff, limit)
            cutoffs[tier] = cutoff
        removed = 0
        async with self._lock, self.database.transaction() as connection:
            pins = (
                (
                    await connection.execute(
                        select(cm_pinned_days.c.utc_start, cm_pinned_days.c.utc_end)
                    )
                )
                .tuples()
                .all()
            )
            target_ids = await self._target_ids(connection)
            raw_cutoff = cutoffs["raw"]
            for target in target_ids:
                if raw_cutoff is not None:
                    column = cm_samples.c.ts_ms
                    outside = [
                        or_(column < low * 1000, column >= high * 1000) for low, high in pins
                    ]
                    result = await connection.execute(
                        delete(cm_samples).where(
                            cm_samples.c.target_id == target,
                            column < round(raw_cutoff * 1000),
                            and_(true(), *outside),
                        )
                    )
                    removed += max(result.rowcount, 0)
                for tier, seconds in TIERS.items():
                    cutoff = cutoffs[tier]
                    if cutoff is None:
                        continue
                    begin = cm_rollups.c.bucket_start
                    outside = [or_(begin >= high, begin <= low - seconds) for low, high in pins]
                    result = await connection.execute(
                        delete(cm_rollups).where(
                            cm_rollups.c.target_id == target,
                            cm_rollups.c.bucket_seconds == seconds,
                            begin <= cutoff - seconds,
                            and_(true(), *outside),
                        )
                    )
                    removed += max(result.rowcount, 0)
            if retention_days > 0:
                limit = now - retention_days * DAY
                outside = [or_(cm_traces.c.ts < low, cm_traces.c.ts >= high) for low, high in pins]
                old = select(cm_traces.c.id).where(cm_traces.c.ts < limit, and_(true(), *outside))
                await connection.execute(
                    delete(cm_trace_hops).where(cm_trace_hops.c.trace_id.in_(old))
                )
                result = await connection.execute(
                    delete(cm_traces).where(cm_traces.c.ts < limit, and_(true(), *outside))
                )
                removed += max(result.rowcount, 0)
        return removed
