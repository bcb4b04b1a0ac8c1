"""Presentation-only unwrapping of uint32 error counters that rolled over.

Modems expose cumulative error counters as unsigned 32-bit values. When one passes
4 294 967 295 it starts again near zero, which a chart would show as a cliff. These helpers
turn an oldest-first series into a monotonic one for trend and history responses; stored
snapshots are never changed.

A drop that looks like a roll-over adds one period (2^32) to a running offset; any other drop
is a real counter reset (modem restart) and clears the offset. ``None`` values stay ``None``
and are skipped, so a gap in the series does not break the chain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

UINT32_PERIOD = 2**32
#: A roll-over starts from at least this value (75 % of the period) ...
WRAP_FROM_MIN = UINT32_PERIOD * 3 // 4
#: ... and lands at most this high (25 % of the period).
WRAP_TO_MAX = UINT32_PERIOD // 4


def _single_counter_wrapped(previous: int, current: int) -> bool:
    """Return whether a drop of one counter looks like a uint32 roll-over."""
    return previous % UINT32_PERIOD >= WRAP_FROM_MIN and current % UINT32_PERIOD <= WRAP_TO_MAX


def _aggregate_wrapped(previous: int, current: int) -> bool:
    """Return whether a drop of a sum of channel counters looks like roll-overs.

    When k of the summed channels roll over and the others grow by g in total, the sum drops
    by k·2^32 - g. So the drop modulo 2^32 equals 2^32 - g: it is at least 75 % of the period
    exactly when the growth hidden behind the roll-overs is at most 25 % of a period. A genuine
    reset (all channels back near zero) leaves an arbitrary remainder and is rejected unless
    it happens to match; the single-counter rule is accepted as well.
    """
    drop_remainder = (previous - current) % UINT32_PERIOD
    return drop_remainder >= WRAP_FROM_MIN or _single_counter_wrapped(previous, current)


def _unwrap(values: Sequence[int | None], wrapped: Callable[[int, int], bool]) -> list[int | None]:
    """Unwrap a series using the given roll-over test."""
    result: list[int | None] = []
    offset = 0
    previous_raw: int | None = None
    for value in values:
        if value is None:
            result.append(None)
            continue
        if previous_raw is not None and value < previous_raw:
            if wrapped(previous_raw, value):
                # Several channels of an aggregate can roll over between two polls.
                offset += ((previous_raw - value) // UINT32_PERIOD + 1) * UINT32_PERIOD
            else:
                offset = 0
        result.append(value + offset)
        previous_raw = value
    return result


def unwrap_channel_counters(values: list[int | None]) -> list[int | None]:
    """Unwrap one channel's counter series (oldest first) across uint32 roll-overs."""
    return _unwrap(values, _single_counter_wrapped)


def unwrap_aggregate_counters(values: list[int | None]) -> list[int | None]:
    """Unwrap a summed counter series (oldest first), e.g. ``ds_uncorrectable_errors``."""
    return _unwrap(values, _aggregate_wrapped)
