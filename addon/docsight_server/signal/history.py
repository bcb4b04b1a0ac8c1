"""Reading signal history for the routes: channel series and unwrapped counters."""

from __future__ import annotations

import itertools
import operator
from typing import TYPE_CHECKING, Any

from ..analysis.unwrap import unwrap_aggregate_counters, unwrap_channel_counters
from ..storage.catalogs import DOWNSTREAM, UPSTREAM, Series
from ..storage.samples import health_name
from ..storage.summary_cache import SummaryColumns
from ..timeutil import iso_utc_many

if TYPE_CHECKING:
    from ..storage.signal_repo import SignalStore

#: Roll-overs are found by replaying counters from this far before the window.
UNWRAP_ANCHOR_SECONDS = 92 * 86400
DIRECTIONS = {"ds": DOWNSTREAM, "us": UPSTREAM}
COUNTER_KEYS = ("ds_correctable_errors", "ds_uncorrectable_errors")


def _drop_positions(values: list[int | None]) -> list[int]:
    """Return the indexes where a counter is lower than the value before it (None ignored)."""
    present = [value for value in values if value is not None]
    if len(present) != len(values):
        return [-1]  # gaps: let the full unwrap walk the series
    return [index for index, lower in enumerate(map(operator.lt, present[1:], present)) if lower]


def _unwrap_sparse(values: list[int | None], first: int) -> list[int | None]:
    """Return values[first:] unwrapped; only drops are replayed, the rest is one offset."""
    drops = _drop_positions(values)
    if not drops:
        return values[first:]
    if drops == [-1] or any(index + 1 >= first for index in drops):
        return unwrap_aggregate_counters(values)[first:]
    # between drops the counter only grows: replaying the drop pairs gives the same offset
    replay = [value for index in drops for value in (values[index], values[index + 1])]
    replay.append(values[first - 1])
    offset = int(unwrap_aggregate_counters(replay)[-1] or 0) - int(replay[-1] or 0)
    window = values[first:]
    return window if not offset else [int(value or 0) + offset for value in window]


def unwrapped_counters(
    summaries: SummaryColumns, start: int, first: int, last: int
) -> dict[str, list[int | None]]:
    """Return the window's error totals with roll-overs unwrapped.

    The 92 days before `start` are replayed first so the window starts with the right offset.
    """
    anchor, _ = summaries.span(start - UNWRAP_ANCHOR_SECONDS, start)
    return {
        name: _unwrap_sparse(summaries.column(name, anchor, last), first - anchor)
        for name in COUNTER_KEYS
    }


def series_for_selector(all_series: list[Series], direction: int, selector: str) -> list[Series]:
    """Return the series with a selector in a direction."""
    return [s for s in all_series if s.direction == direction and s.selector == selector]


def series_for_channel(all_series: list[Series], direction: int, channel_id: int) -> list[Series]:
    """Return the series with a channel id in a direction."""
    return [s for s in all_series if s.direction == direction and s.channel_id == channel_id]


class AmbiguousChannelError(ValueError):
    """Two channels share the id in one snapshot."""


def merge_samples(grouped: dict[int, list[Any]], series: list[Series]) -> list[tuple[Series, Any]]:
    """Merge the samples of several series into one time line; AmbiguousChannelError on overlap."""
    merged = [(item, row) for item in series for row in grouped.get(item.id, [])]
    if len(series) == 1:
        return merged  # one series is already in time order and unique per time
    merged.sort(key=lambda pair: pair[1][1])
    for before, after in itertools.pairwise(merged):
        if before[1][1] == after[1][1]:
            raise AmbiguousChannelError
    return merged


def channel_points(
    store: SignalStore, merged: list[tuple[Series, Any]], *, with_frequency: bool, with_health: bool
) -> list[dict[str, Any]]:
    """Return the API points of one channel's samples (counters unwrapped)."""
    # columns of the sample rows, by position (the order of SAMPLE_COLUMNS)
    (_, ts, power, snr, corrected, uncorrected, modulation, _, _, health) = (
        zip(*(row for _series, row in merged), strict=True) if merged else ((),) * 10
    )
    names = store.modulations.names()
    columns: dict[str, list[Any]] = {
        "timestamp": iso_utc_many(list(ts)),
        "power": [None if value is None else value / 100 for value in power],
        "snr": [None if value is None else value / 100 for value in snr],
        "correctable_errors": unwrap_channel_counters(list(corrected)),
        "uncorrectable_errors": unwrap_channel_counters(list(uncorrected)),
        "modulation": [names.get(code) for code in modulation],
    }
    if with_health:
        columns["health"] = [health_name(code) for code in health]
    if with_frequency:
        columns["frequency"] = [series.frequency for series, _row in merged]
    keys = tuple(columns)
    return [dict(zip(keys, values, strict=True)) for values in zip(*columns.values(), strict=True)]
