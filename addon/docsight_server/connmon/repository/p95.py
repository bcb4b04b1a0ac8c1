"""The maximum and the nearest-rank P95 of answered latencies, read off the highest few.

The P95 of `answered` latencies is the n-th highest, n = answered - p95_offset(answered) (about
5 %). A target's previous answer for a window of about the same length leaves a floor a little
below its P95; the pass that counts the samples (stats.py) also lists the latencies at or above
that floor, and the highest of those are the answer. The floor never changes an answer: when
fewer than n lie above it, it was too high, and the highest n + a spare are read in a sorted
pass of their own (without a floor, as on a target's first answer).
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import Integer, bindparam, literal_column, select, union_all
from sqlalchemy.ext.asyncio import AsyncConnection

from ...storage.fetch import Prepared
from ..rollup import p95_offset
from ..schema import cm_samples
from .window_cache import Window

#: Keep this share of n more than the P95 needs: the lowest of them is the next floor.
SPARE = 0.25
#: Floors kept (targets x window lengths) before they are dropped all at once.
MAX_FLOORS = 256
#: Above every latency (a 32-bit column): the floor of a target that has none, listing nothing.
NO_FLOOR = 2**31 - 1

Top = tuple[int | None, int | None]  # max, P95 (microseconds)


def needed(answered: int) -> int:
    """Return how many of the highest latencies reach down to the nearest-rank P95."""
    return answered - p95_offset(answered)


def _kept(answered: int) -> int:
    wanted = needed(answered)
    return wanted + math.ceil(wanted * SPARE)


class Floors:
    """Per target and window length (to a factor of two): a latency a little below the P95."""

    def __init__(self) -> None:
        """Start without floors."""
        self._floors: dict[tuple[int, int], int] = {}

    @staticmethod
    def _key(target: int, window: Window) -> tuple[int, int]:
        return target, (window.high() - window.low()).bit_length()

    def get(self, target: int, window: Window) -> int:
        """Return the floor for a target's window (NO_FLOOR when there is none)."""
        return self._floors.get(self._key(target, window), NO_FLOOR)

    def top(self, target: int, window: Window, highest: list[int], answered: int) -> Top:
        """Return (max, P95) from latencies highest first that reach the P95; keep the floor."""
        if not highest:  # deleted since they were counted (each statement reads anew)
            return None, None
        kept = highest[: _kept(answered)]
        if len(self._floors) >= MAX_FLOORS:
            self._floors.clear()
        self._floors[self._key(target, window)] = kept[-1]
        return kept[0], kept[min(needed(answered), len(kept)) - 1]


def listed_top(listed: str | None, answered: int) -> list[int] | None:
    """Return the latencies listed at or above a floor, highest first, when they reach the P95
    of `answered` (None when the floor was too high, or there was none)."""
    if not listed:
        return None
    values = sorted(map(int, listed.split(",")), reverse=True)
    return values if len(values) >= needed(answered) else None


@functools.lru_cache(maxsize=16)
def _highest_statement(count: int) -> Prepared:
    """Return (index, latency) for the highest m{i} answered latencies of target t{i} in
    [low, high], for `count` targets."""
    samples = cm_samples.c
    parts = []
    for index in range(count):
        top = (
            select(samples.latency_us.label("value"))
            .where(
                samples.target_id == bindparam(f"t{index}"),
                samples.latency_us.is_not(None),
                samples.ts_ms >= bindparam("low"),
                samples.ts_ms <= bindparam("high"),
            )
            .order_by(samples.latency_us.desc())
            .limit(bindparam(f"m{index}"))
            .subquery()
        )
        parts.append(select(literal_column(str(index), Integer), top.c.value))
    return Prepared(parts[0] if count == 1 else union_all(*parts))


async def highest(
    connection: AsyncConnection, answered: Mapping[int, int], window: Window
) -> dict[int, list[int]]:
    """Return per target its highest n + spare answered latencies, highest first."""
    targets = list(answered)
    if not targets:
        return {}
    values: dict[str, int] = {"low": window.low(), "high": window.high()}
    for index, target in enumerate(targets):
        values[f"t{index}"] = target
        values[f"m{index}"] = _kept(answered[target])
    found: dict[int, list[int]] = defaultdict(list)
    for index, value in await _highest_statement(len(targets)).fetch(connection, values):
        found[targets[int(index)]].append(int(value))
    return {target: sorted(found[target], reverse=True) for target in targets}
