"""Answers over a time window, reused while exactly the same samples lie inside it.

Statistics over "the last 48 hours" or "the last 60 seconds" are asked for with a window that
moves with the clock, so the window never repeats; the samples inside it change only when one
is written, deleted, or when an edge passes a sample. An entry remembers, besides the write
counter it was computed at, the oldest sample at or after its start and the oldest sample after
its end: a later window that neither drops the first nor takes in the second holds the same
samples, so the answer is the same.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import BindParameter, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.database import Database
from ...storage.fetch import Prepared
from ..schema import cm_samples
from .buckets import OpenBuckets

#: Writes in this process bump the counters (buckets.py); rows changed by anything else (a
#: hand-edited database) age out after this long.
MAX_AGE_S = 60.0
MAX_ENTRIES = 8
#: The oldest sample at or after a window's start and the oldest after its end (None: none).
Edges = tuple[int | None, int | None]
#: Sample times beyond any real one: an open end of a window, bound as a value so that one
#: statement serves windows with and without ends.
EARLIEST_MS = -(2**62)
LATEST_MS = 2**62


@dataclass(frozen=True, slots=True)
class Window:
    """A range of sample times in milliseconds, both ends inclusive (None: open)."""

    start_ms: int | None
    end_ms: int | None

    def low(self) -> int:
        """Return the first millisecond inside (EARLIEST_MS when open)."""
        return EARLIEST_MS if self.start_ms is None else self.start_ms

    def high(self) -> int:
        """Return the last millisecond inside (LATEST_MS when open)."""
        return LATEST_MS if self.end_ms is None else self.end_ms


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


@functools.lru_cache(maxsize=16)
def _edges_statement(count: int) -> Prepared:
    """Return the edge lookups of `count` targets (parameters t0.., low, high)."""
    samples = cm_samples.c
    columns = []
    for index in range(count):
        target: BindParameter[int] = bindparam(f"t{index}")
        first = select(func.min(samples.ts_ms)).where(
            samples.target_id == target, samples.ts_ms >= bindparam("low")
        )
        after = select(func.min(samples.ts_ms)).where(
            samples.target_id == target, samples.ts_ms > bindparam("high")
        )
        columns += [first.scalar_subquery(), after.scalar_subquery()]
    return Prepared(select(*columns))


async def edges(connection: AsyncConnection, targets: Sequence[int], window: Window) -> Edges:
    """Return the oldest sample at or after the start and the oldest after the end (any target).

    One statement of two key lookups per target.
    """
    if not targets:
        return None, None
    values = {f"t{index}": target for index, target in enumerate(targets)}
    values.update(low=window.low(), high=window.high())
    [row] = await _edges_statement(len(targets)).fetch(connection, values)
    return _oldest(row[0::2]), _oldest(row[1::2])


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
        edges_of: Callable[[Any], Edges] | None = None,
    ) -> Any:
        """Return the answer for `key` over `window`, from an entry or from `compute()`.

        `key` names the question and must include `targets`; `compute` gets a read connection.
        An answer computed while a write happened, or one `keep` refuses, is not kept.
        `edges_of` reads the window's edges (see `edges`) off a computed answer that holds
        them, saving their lookup.
        """
        writes, now = self._buckets.writes, self._clock()
        for entry in self._entries:
            if entry.holds(key, writes, window, now):
                return entry.value
        async with self._database.read() as connection:
            value = await compute(connection)
            if keep is not None and not keep(value):
                return value
            if edges_of is not None:
                first_ms, after_ms = edges_of(value)
            else:
                first_ms, after_ms = await edges(connection, targets, window)
        if self._buckets.writes == writes:
            self._entries = [entry for entry in self._entries if entry.writes == writes]
            self._entries.append(_Entry(key, writes, now, window, first_ms, after_ms, value))
            del self._entries[: -self._size]
        return value
