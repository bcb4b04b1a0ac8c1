"""Raw samples of whole hours, encoded once and reused while the hour's rows stay the same.

A day of 10-second samples is 8,640 rows: reading them costs ~5 ms and encoding them ~6 ms on
every request whose window moved, which a live monitor's window always has. Past hours rarely
change (new samples arrive at the present), so the encoded text of each whole hour is kept.
Before a kept hour is used, a digest of its rows (count and sums, from one grouped scan of the
key that costs a fraction of reading the rows) must equal the digest it was kept under, so a
change by any writer is seen: retention, the demo purge, a late sample, another process. Only
the window's partial first and last hours and hours that changed are read and encoded.
A text is kept under the digest of the rows it was made from, not the one the database gave:
where reads see no single snapshot (PostgreSQL's read committed) it still matches its key.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, bindparam, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.fetch import Prepared
from ..schema import cm_samples
from .reads import read_raw_ms
from .rows import RawRow
from .sample_json import raw_items

BLOCK_MS = 3_600_000
#: Encoded text kept at most (a day of 10-second samples of one target is 1.8 MB).
BUDGET_BYTES = 6 * 1024 * 1024
#: Encoding more rows than this runs in an executor, off the event loop.
EXECUTOR_ROWS = 5000
#: A row limit that never binds (LIMIT needs a number on every database).
NO_LIMIT = 2**62
#: The digest's weight keeps latencies moved between samples from cancelling out.
WEIGHT_MODULUS = 65536
#: Count, and sums of times, latencies (-1 for a timeout), methods and weighted latencies.
Digest = tuple[int, int, int, int, int]


def _digest_statement() -> Prepared:
    """Return the per-hour digests of a target's first `size` rows in [low, high]."""
    samples = cm_samples.c
    # constants written into the text: a bound divisor makes SQLite evaluate the grouping
    # expression apart from the selected one
    latency = func.coalesce(samples.latency_us, literal_column("-1")).label("latency")
    rows = (
        select(samples.ts_ms, latency, samples.method)
        .where(
            samples.target_id == bindparam("target"),
            samples.ts_ms >= bindparam("low"),
            samples.ts_ms <= bindparam("high"),
        )
        .order_by(samples.ts_ms)
        .limit(bindparam("size"))
        .subquery()
    )
    block = (rows.c.ts_ms // literal_column(str(BLOCK_MS), Integer)).label("block")
    return Prepared(
        select(
            block,
            func.count(),
            func.sum(rows.c.ts_ms),
            func.sum(rows.c.latency),
            func.sum(rows.c.method),
            func.sum(rows.c.latency * (rows.c.ts_ms % literal_column(str(WEIGHT_MODULUS)))),
        )
        .group_by(block)
        .order_by(block)
    )


_DIGESTS = _digest_statement()


async def hour_digests(
    connection: AsyncConnection, target_id: int, first: int, stop: int, limit: int
) -> list[tuple[int, Digest]]:
    """Return (hour, digest) of the hours first..stop-1 that hold rows, counting only the
    first `limit` rows (0: all)."""
    values = {
        "target": target_id,
        "low": first * BLOCK_MS,
        "high": stop * BLOCK_MS - 1,
        "size": limit or NO_LIMIT,
    }
    return [
        (int(block), (int(n), int(stamps), int(latencies), int(methods), int(weighted)))
        for block, n, stamps, latencies, methods, weighted in await _DIGESTS.fetch(
            connection, values
        )
    ]


def digest_of(rows: Sequence[RawRow]) -> Digest:
    """Return the digest of rows as the digest statement computes it."""
    latencies = [-1 if latency is None else latency for _, latency, _ in rows]
    stamps = [ts_ms for ts_ms, _, _ in rows]
    return (
        len(rows),
        sum(stamps),
        sum(latencies),
        sum(method for _, _, method in rows),
        sum(
            latency * (ts_ms % WEIGHT_MODULUS)
            for ts_ms, latency in zip(stamps, latencies, strict=True)
        ),
    )


@dataclass(frozen=True, slots=True)
class _Block:
    digest: Digest
    text: bytes


@dataclass(slots=True)
class _Part:
    """An hour of the answer and its text; `known` when the text came from a kept hour."""

    block: int
    known: bool
    text: bytes = b""


def _split(rows: Sequence[RawRow]) -> dict[int, list[RawRow]]:
    """Group rows by their hour."""
    found: dict[int, list[RawRow]] = {}
    for row in rows:
        found.setdefault(row[0] // BLOCK_MS, []).append(row)
    return found


def _encode_all(groups: Sequence[Sequence[RawRow]]) -> list[bytes]:
    """Encode each group of rows (CPU only)."""
    return [raw_items(rows) for rows in groups]


class RawBlocks:
    """The encoded text of whole hours of raw samples, least recently used first out."""

    def __init__(self, budget: int = BUDGET_BYTES) -> None:
        """Keep at most `budget` bytes of encoded text."""
        self._budget = budget
        self._blocks: OrderedDict[tuple[int, int], _Block] = OrderedDict()
        self._bytes = 0

    @property
    def kept_bytes(self) -> int:
        """Return the size of the text kept."""
        return self._bytes

    async def items(
        self, connection: AsyncConnection, target_id: int, low_ms: int, high_ms: int, limit: int
    ) -> tuple[list[bytes], int]:
        """Return the JSON texts of a target's raw rows in [low_ms, high_ms], oldest first, at
        most `limit` of them (0: all), and how many there are.

        Each text holds one or more rows' objects separated by commas; none is empty.
        """
        first, stop = -(-low_ms // BLOCK_MS), (high_ms + 1) // BLOCK_MS
        if first >= stop:
            rows = await read_raw_ms(connection, target_id, low_ms, high_ms, limit=limit)
            return _nonempty([await _encode_one(rows)]), len(rows)
        texts: list[bytes] = []
        head = await read_raw_ms(connection, target_id, low_ms, first * BLOCK_MS - 1, limit=limit)
        texts.append(await _encode_one(head))
        count = len(head)
        if limit and count >= limit:
            return _nonempty(texts), count
        hours, hour_count = await self._hours(
            connection, target_id, first, stop, limit - count if limit else 0
        )
        texts += hours
        count += hour_count
        if limit and count >= limit:
            return _nonempty(texts), count
        tail = await read_raw_ms(
            connection, target_id, stop * BLOCK_MS, high_ms, limit=limit - count if limit else 0
        )
        texts.append(await _encode_one(tail))
        return _nonempty(texts), count + len(tail)

    async def _hours(
        self, connection: AsyncConnection, target_id: int, first: int, stop: int, limit: int
    ) -> tuple[list[bytes], int]:
        """Return the texts of the hours first..stop-1 (up to `limit` rows) and the row count."""
        digests = await hour_digests(connection, target_id, first, stop, limit)
        count = sum(digest[0] for _, digest in digests)
        cut: tuple[int, Digest] | None = None
        if limit and count >= limit and digests:
            # the limit may end inside the last hour: its first rows are read, not kept
            cut = digests.pop()
        parts = [self._known(target_id, block, digest) for block, digest in digests]
        await self._fill(connection, target_id, parts)
        texts = [part.text for part in parts]
        if cut is not None:
            block, digest = cut
            rows = await read_raw_ms(
                connection,
                target_id,
                block * BLOCK_MS,
                (block + 1) * BLOCK_MS - 1,
                limit=digest[0],
            )
            texts.append(await _encode_one(rows))
        return texts, count

    def _known(self, target_id: int, block: int, digest: Digest) -> _Part:
        """Return the hour's part, with its text when the kept one has the same digest."""
        kept = self._blocks.get((target_id, block))
        if kept is not None and kept.digest == digest:
            self._blocks.move_to_end((target_id, block))
            return _Part(block, True, kept.text)
        return _Part(block, False)

    async def _fill(
        self, connection: AsyncConnection, target_id: int, parts: Sequence[_Part]
    ) -> None:
        """Read, encode and keep the hours among `parts` that have no text yet."""
        missing = [part for part in parts if not part.known]
        if not missing:
            return
        blocks = [part.block for part in missing]
        found: dict[int, list[RawRow]] = {}
        for low, high in _runs(blocks):
            found.update(
                _split(
                    await read_raw_ms(
                        connection, target_id, low * BLOCK_MS, (high + 1) * BLOCK_MS - 1
                    )
                )
            )
        groups = [found.get(block, []) for block in blocks]
        texts = await _encode_groups(groups)
        for part, rows, text in zip(missing, groups, texts, strict=True):
            part.text = text
            # kept under the digest of the rows read, so a kept text always matches its key
            self._keep(target_id, part.block, digest_of(rows), text)

    def _keep(self, target_id: int, block: int, digest: Digest, text: bytes) -> None:
        """Keep an hour's text, dropping the least recently used beyond the budget."""
        if len(text) > self._budget:
            return
        old = self._blocks.pop((target_id, block), None)
        if old is not None:
            self._bytes -= len(old.text)
        self._blocks[(target_id, block)] = _Block(digest, text)
        self._bytes += len(text)
        while self._bytes > self._budget:
            _, dropped = self._blocks.popitem(last=False)
            self._bytes -= len(dropped.text)


def _runs(blocks: Sequence[int]) -> list[tuple[int, int]]:
    """Return the runs of consecutive hours in ascending `blocks` as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for block in blocks:
        if runs and runs[-1][1] == block - 1:
            runs[-1] = (runs[-1][0], block)
        else:
            runs.append((block, block))
    return runs


def _nonempty(texts: Sequence[bytes]) -> list[bytes]:
    return [text for text in texts if text]


async def _encode_one(rows: Sequence[RawRow]) -> bytes:
    """Encode rows, in an executor when there are many."""
    [text] = await _encode_groups([rows])
    return text


async def _encode_groups(groups: Sequence[Sequence[RawRow]]) -> list[bytes]:
    """Encode each group of rows, in an executor when there are many rows in all."""
    if sum(len(rows) for rows in groups) <= EXECUTOR_ROWS:
        return _encode_all(groups)
    return await asyncio.get_running_loop().run_in_executor(None, _encode_all, groups)
