"""Reading samples: the {meta, samples} envelope, outages, CSV and ping-log text, recent state."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any, cast

import orjson
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database
from .. import export
from ..outages import find_outages
from ..rollup import (
    ORDER,
    TIERS,
    BucketStats,
    Plan,
    blend_segments,
    choose_plan,
    raw_part,
    rebucket,
    to_ms,
)
from ..schema import cm_samples
from .buckets import OpenBuckets
from .raw_blocks import RawBlocks
from .reads import read_buckets, read_raw, read_timeouts
from .rows import METHOD_NAMES, UNKNOWN_METHOD, RawRow, raw_json
from .sample_json import raw_array
from .window_cache import LATEST_MS, Window, WindowCache

#: Rendering more rows than this runs in an executor, off the event loop.
EXECUTOR_ROWS = 5000
#: Encoded answers kept for reuse, and the largest one kept (a day of 10-second samples is
#: 1.8 MB).
ANSWER_ENTRIES = 4
MAX_CACHED_BYTES = 4 * 1024 * 1024
#: Outage answers kept (a few targets, each for the report's two windows and the route).
OUTAGE_ENTRIES = 16

Piece = tuple[str, float | None, float | None]  # tier, start, end


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


def timeline(timeouts: Sequence[tuple[int, int | None]]) -> Iterator[tuple[float, bool]]:
    """Yield (ts, timed_out) for the timeouts and each answered sample that ends a run of them.

    Given (ts_ms, after_ms) per timeout, where after_ms is the next sample's time: when that is
    not the next timeout it was answered. The answered samples left out never end a run, so
    outages found in this timeline are those of all the samples.
    """
    for index, (ts_ms, after_ms) in enumerate(timeouts):
        yield ts_ms / 1000, True
        following = timeouts[index + 1][0] if index + 1 < len(timeouts) else None
        if after_ms is not None and after_ms != following:
            yield after_ms / 1000, False


def _outages_of(timeouts: Sequence[tuple[int, int | None]], threshold: int) -> list[dict[str, Any]]:
    """Return the outages given the timeouts and the sample after each (CPU only)."""
    return find_outages(timeline(timeouts), threshold)


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


def _meta(plan: Plan, width: int, tiers: set[str]) -> dict[str, Any]:
    bucket_seconds = None if plan.resolution == "raw" else TIERS[plan.resolution]
    used = [tier for tier in ORDER if tier in tiers]
    return {
        "resolution": plan.resolution,
        "bucket_seconds": width or bucket_seconds,
        "blended": plan.blended,
        "mixed": len(used) > 1,
        "tiers_used": used,
    }


@dataclass(frozen=True, slots=True)
class Read:
    """What a samples envelope is made from."""

    plan: Plan
    items: list[RawRow | BucketStats]
    tiers: set[str]
    points: int  # re-bucket to at most this many (0: keep)
    limit: int


def envelope(read: Read) -> dict[str, Any]:
    """Return the samples envelope {meta, samples} (CPU only)."""
    rows, width = render_items(read.items, read.points, read.limit)
    return {"meta": _meta(read.plan, width, read.tiers), "samples": rows}


def envelope_json(read: Read) -> bytes:
    """Return the samples envelope encoded as JSON (CPU only)."""
    if read.tiers <= {"raw"} and (read.points <= 0 or len(read.items) <= read.points):
        # raw samples only, none merged: the rows are encoded column by column
        rows = cast("list[RawRow]", read.items)
        kept = rows[: read.limit] if read.limit > 0 else rows
        meta = orjson.dumps(_meta(read.plan, 0, read.tiers))
        return b'{"meta":' + meta + b',"samples":' + raw_array(kept) + b"}"
    return orjson.dumps(envelope(read))


async def _off_loop[T](render: Callable[[Read], T], read: Read) -> T:
    """Render in an executor when there are many rows, so the probes' loop keeps running."""
    if len(read.items) <= EXECUTOR_ROWS:
        return render(read)
    return await asyncio.get_running_loop().run_in_executor(None, render, read)


def _ms(seconds: float | None) -> int | None:
    return None if seconds is None else round(seconds * 1000)


def _small(body: bytes) -> bool:
    return len(body) <= MAX_CACHED_BYTES


class SampleReader:
    """Reads a target's samples at a resolution, its outages and its export text."""

    def __init__(
        self, database: Database, buckets: OpenBuckets, clock: Callable[[], float]
    ) -> None:
        """Use `database` and the shared open buckets; `clock` gives "now" for blending."""
        self.database = database
        self._buckets = buckets
        self._clock = clock
        self._answers = WindowCache(database, buckets, entries=ANSWER_ENTRIES)
        self._outages = WindowCache(database, buckets, entries=OUTAGE_ENTRIES)
        self._blocks = RawBlocks()

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
        async with self.database.read() as connection:
            read = await self._read(connection, target_id, plan, start, end, limit, max_points)
        return await _off_loop(envelope, read)

    async def samples_json(
        self,
        target_id: int,
        start: float | None,
        end: float | None,
        *,
        resolution: str = "auto",
        limit: int = 10000,
        max_points: int | None = None,
    ) -> bytes:
        """Return the samples envelope as JSON; ValueError for an unknown resolution.

        An answer from raw samples alone is reused while the same samples lie in the window.
        """
        plan = choose_plan(resolution, start, end)
        raw_only = plan.resolution == "raw" and not plan.blended
        from_hours = raw_only and start is not None and not (max_points and max_points > 0)

        async def compute(connection: AsyncConnection) -> bytes:
            if from_hours and start is not None:
                return await self._raw_envelope(connection, target_id, plan, start, end, limit)
            read = await self._read(connection, target_id, plan, start, end, limit, max_points)
            return await _off_loop(envelope_json, read)

        if not raw_only:
            async with self.database.read() as connection:
                return await compute(connection)
        window = Window(_ms(start), _ms(end))
        key = ("samples", target_id, limit, max_points)
        body: bytes = await self._answers.get(key, [target_id], window, compute, keep=_small)
        return body

    async def _raw_envelope(
        self,
        connection: AsyncConnection,
        target_id: int,
        plan: Plan,
        start: float,
        end: float | None,
        limit: int,
    ) -> bytes:
        """Return the envelope of raw samples from a start, whole hours from kept text."""
        high_ms = LATEST_MS if end is None else round(end * 1000)
        texts, count = await self._blocks.items(
            connection, target_id, round(start * 1000), high_ms, max(limit, 0)
        )
        meta = orjson.dumps(_meta(plan, 0, {"raw"} if count else set()))
        pieces = [b'{"meta":', meta, b',"samples":[']
        for index, text in enumerate(texts):
            pieces += [b",", text] if index else [text]
        pieces.append(b"]}")
        return b"".join(pieces)

    async def _read(
        self,
        connection: AsyncConnection,
        target_id: int,
        plan: Plan,
        start: float | None,
        end: float | None,
        limit: int,
        max_points: int | None,
    ) -> Read:
        """Read what the envelope shows: the pieces of the plan, up to the limit."""
        if plan.blended:
            pieces = blend_segments(plan.resolution, start, end, self._clock())
        else:
            pieces = [(plan.resolution, start, end)]
        rebucketing = max_points is not None and max_points > 0
        remaining = 0 if rebucketing or limit <= 0 else limit
        items, tiers = await self._collect(connection, target_id, pieces, remaining)
        points = max_points if rebucketing and max_points is not None else 0
        return Read(plan, items, tiers, points, limit)

    async def _collect(
        self, connection: AsyncConnection, target_id: int, pieces: list[Piece], remaining: int
    ) -> tuple[list[RawRow | BucketStats], set[str]]:
        """Read the pieces oldest first, up to `remaining` items (0: all); return the tiers used."""
        items: list[RawRow | BucketStats] = []
        tiers: set[str] = set()
        for index, (tier, low, high) in enumerate(pieces):
            newest = index == len(pieces) - 1
            found: Sequence[RawRow | BucketStats]
            if tier == "raw":
                found = await read_raw(
                    connection, target_id, low, high, end_inclusive=newest, limit=remaining
                )
            else:
                buckets = await read_buckets(
                    connection,
                    self._buckets,
                    [target_id],
                    TIERS[tier],
                    low,
                    high,
                    end_inclusive=newest,
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
        return items, tiers

    async def outages(
        self, target_id: int, start: float | None, end: float | None, threshold: int
    ) -> list[dict[str, Any]]:
        """Return runs of at least `threshold` consecutive timeouts in the raw samples.

        Answers are reused while the same samples lie in the window (see window_cache).
        """

        async def compute(connection: AsyncConnection) -> list[dict[str, Any]]:
            timeouts = await read_timeouts(connection, target_id, start, end)
            if len(timeouts) <= EXECUTOR_ROWS:
                return _outages_of(timeouts, threshold)
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(None, _outages_of, timeouts, threshold)

        window = Window(_ms(start), _ms(end))
        key = ("outages", target_id, threshold)
        found = await self._outages.get(key, [target_id], window, compute)
        return [dict(outage) for outage in found]

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
                rows = await read_raw(connection, target_id, start, end)
            return await loop.run_in_executor(None, _raw_text, rows, tz, pinglog_host)
        if pinglog_host is not None:
            raise ValueError("the ping log lists raw samples: use resolution=raw")
        if resolution not in TIERS:
            raise ValueError(f"resolution must be one of raw, {', '.join(TIERS)}")
        async with self.database.read() as connection:
            buckets = await read_buckets(
                connection, self._buckets, [target_id], TIERS[resolution], start, end
            )
        return await loop.run_in_executor(None, export.aggregated_csv, buckets[target_id], tz)

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
