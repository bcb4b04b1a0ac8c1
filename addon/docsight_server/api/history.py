"""Reading signal history for the routes: trend rows, channel series, unwrapped counters."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from ..analysis.unwrap import unwrap_aggregate_counters, unwrap_channel_counters
from ..storage.catalogs import DOWNSTREAM, UPSTREAM, Series
from ..storage.samples import from_centi, health_name
from ..storage.signal_repo import SCALAR_NAMES
from ..timeutil import iso_utc_many

if TYPE_CHECKING:
    from ..storage.signal_repo import SignalStore

#: Roll-overs are found by replaying counters from this far before the window.
UNWRAP_ANCHOR_SECONDS = 92 * 86400
DIRECTIONS = {"ds": DOWNSTREAM, "us": UPSTREAM}
COUNTER_KEYS = ("ds_correctable_errors", "ds_uncorrectable_errors")


async def unwrapped_totals(
    store: SignalStore, start: int, end: int
) -> tuple[list[int | None], list[int | None]]:
    """Return the window's correctable and uncorrectable totals with roll-overs unwrapped."""
    anchor = await store.counter_rows(start - UNWRAP_ANCHOR_SECONDS, start - 1)
    window = await store.counter_rows(start, end)
    rows = anchor + window
    corrected = unwrap_aggregate_counters([row[1] for row in rows])
    uncorrected = unwrap_aggregate_counters([row[2] for row in rows])
    return corrected[len(anchor) :], uncorrected[len(anchor) :]


async def trend_rows(store: SignalStore, start: int, end: int) -> list[dict[str, Any]]:
    """Return one row per snapshot: timestamp, every scalar summary field and health_issues."""
    rows = await store.summary_rows(start, end)
    corrected, uncorrected = await unwrapped_totals(store, start, end)
    stamps = iso_utc_many([row[0] for row in rows])
    names = SCALAR_NAMES
    result = []
    for index, row in enumerate(rows):
        item = dict(zip(names, row[1:-1], strict=True))
        item["timestamp"] = stamps[index]
        item["health_issues"] = [issue for issue in row[-1].split(",") if issue]
        item["ds_correctable_errors"] = corrected[index]
        item["ds_uncorrectable_errors"] = uncorrected[index]
        result.append(item)
    return result


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
    merged.sort(key=lambda pair: pair[1].ts)
    for before, after in itertools.pairwise(merged):
        if before[1].ts == after[1].ts:
            raise AmbiguousChannelError
    return merged


def channel_points(
    store: SignalStore, merged: list[tuple[Series, Any]], *, with_frequency: bool, with_health: bool
) -> list[dict[str, Any]]:
    """Return the API points of one channel's samples (counters unwrapped)."""
    stamps = iso_utc_many([row.ts for _series, row in merged])
    corrected = unwrap_channel_counters([row.corrected for _series, row in merged])
    uncorrected = unwrap_channel_counters([row.uncorrected for _series, row in merged])
    points = []
    for index, (series, row) in enumerate(merged):
        point: dict[str, Any] = {
            "timestamp": stamps[index],
            "power": from_centi(row.power),
            "snr": from_centi(row.snr),
            "correctable_errors": corrected[index],
            "uncorrectable_errors": uncorrected[index],
            "modulation": store.modulation_name(row.modulation),
        }
        if with_health:
            point["health"] = health_name(row.health)
        if with_frequency:
            point["frequency"] = series.frequency
        points.append(point)
    return points
