"""Answers over a time window, reused while exactly the same samples lie inside it.

Statistics over "the last 48 hours" or "the last 60 seconds" are asked for with a window that
moves with the clock, so the window never repeats; the samples inside it change only when one
is written, deleted, or when an edge passes a sample. An entry remembers, besides the write
counter it was computed at, the oldest sample at or after its start and the oldest sample after
its end: a later window that neither drops the first nor takes in the second holds the same
samples, so the answer is the same.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database
from ..schema import cm_samples
from .buckets import OpenBuckets

#: Writes in this process bump the counters (buckets.py); rows changed by anything else (a
#: hand-edited database) age out after this long.
MAX_AGE_S = 60.0
MAX_ENTRIES = 8


@dataclass(frozen=True, slots=True)
class Window:
    """A range of sample times in milliseconds, both ends inclusive (None: open)."""

    start_ms: int | None
    end_ms: int | None


@dataclass(frozen=True, slots=True)
class _Entry:
    key: Hashable
    writes: int
    made: float
    window: Window
    first_ms: int | None  # the oldest sample at or after window.start_ms (None: none)
    after_ms: int | None  # the oldest sample after window.end_ms (None: none)
    value: Any

    def holds(self, key: Hashable, writes: int, window: Window, now: float) -> bool:
        """Return whether `window` holds the same samples as this entry's window."""
        if key != self.key or writes != self.writes or now - self.made > MAX_AGE_S:
            return False
        return self._same_start(window.start_ms) and self._same_end(window.end_ms)

    def _same_start(self, start_ms: int | None) -> bool:
        old = self.window.start_ms
        if start_ms is None or old is None:
            return start_ms == old
        return old <= start_ms and (self.first_ms is None or start_ms <= self.first_ms)

    def _same_end(self, end_ms: int | None) -> bool:
        old = self.window.end_ms
        if end_ms is None or old is None:
            return end_ms == old
        return old <= end_ms and (self.after_ms is None or end_ms < self.after_ms)


def _oldest(values: Sequence[Any]) -> int | None:
    found = [int(value) for value in values if value is not None]
    return min(found) if found else None


async def edges(
    connection: AsyncConnection, targets: Sequence[int], window: Window
) -> tuple[int | None, int | None]:
    """Return the oldest sample at or after the start and the oldest after the end (any target).

    One statement of two key lookups per target.
    """
    samples = cm_samples.c
    columns = []
    for target in targets:
        first = select(func.min(samples.ts_ms)).where(samples.target_id == target)
        if window.start_ms is not None:
            first = first.where(samples.ts_ms >= window.start_ms)
        columns.append(first.scalar_subquery())
        if window.end_ms is not None:
            after = select(func.min(samples.ts_ms)).where(
                samples.target_id == target, samples.ts_ms > window.end_ms
            )
            columns.append(after.scalar_subquery())
    if not columns:
        return None, None
    row = (await connection.execute(select(*columns))).one()
    step = 1 if window.end_ms is None else 2
    return _oldest(row[0::step]), None if step == 1 else _oldest(row[1::2])


class WindowCache:
    """A few answers over windows of samples, each valid while the same samples are inside."""

    def __init__(
        self,
        database: Database,
        buckets: OpenBuckets,
        *,
        entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Use the write counter of `buckets`; keep `entries` answers; `clock` ages them."""
        self._database = database
        self._buckets = buckets
        self._size = entries
        self._clock = clock
        self._entries: list[_Entry] = []

    async def get(
        self,
        key: Hashable,
        targets: Sequence[int],
        window: Window,
        compute: Callable[[AsyncConnection], Awaitable[Any]],
        *,
        keep: Callable[[Any], bool] | None = None,
    ) -> Any:
        """Return the answer for `key` over `window`, from an entry or from `compute()`.

        `key` names the question and must include `targets`; `compute` gets a read connection.
        An answer computed while a write happened, or one `keep` refuses, is not kept.
        """
        writes, now = self._buckets.writes, self._clock()
        for entry in self._entries:
            if entry.holds(key, writes, window, now):
                return entry.value
        async with self._database.read() as connection:
            value = await compute(connection)
            if keep is not None and not keep(value):
                return value
            first_ms, after_ms = await edges(connection, targets, window)
        if self._buckets.writes == writes:
            self._entries = [entry for entry in self._entries if entry.writes == writes]
            self._entries.append(_Entry(key, writes, now, window, first_ms, after_ms, value))
            del self._entries[: -self._size]
        return value
