"""Chart series from the aggregation's samples: columns, new errors per interval, at most
~1,000 points (bucket means; error counts are summed so no error disappears)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

MAX_POINTS = 1000
AVERAGED = ("ds_power", "ds_snr", "us_power")


def new_errors(counters: Sequence[int | None]) -> list[int | None]:
    """Return how many errors each sample added to the cumulative counter.

    A counter that went down was reset (a modem restart): its new value is what it added.
    The first known counter has nothing to compare with and adds nothing.
    """
    added: list[int | None] = []
    previous: int | None = None
    for value in counters:
        if value is None:
            added.append(None)
            continue
        if previous is None:
            added.append(0)
        else:
            added.append(value - previous if value >= previous else value)
        previous = value
    return added


def _mean(values: Sequence[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return round(sum(known) / len(known), 2) if known else None


def _total(values: Sequence[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _epoch(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def chart_series(
    samples: Sequence[dict[str, Any]], limit: int = MAX_POINTS
) -> dict[str, list[Any]]:
    """Return {times, ds_power, ds_snr, us_power, new_errors}, bucketed down to `limit` points."""
    columns: dict[str, list[Any]] = {
        "times": [_epoch(sample["timestamp"]) for sample in samples],
        "ds_power": [sample["ds_power_avg"] for sample in samples],
        "ds_snr": [sample["ds_snr_avg"] for sample in samples],
        "us_power": [sample["us_power_avg"] for sample in samples],
        "new_errors": new_errors([sample["uncorr_errors"] for sample in samples]),
    }
    size = math.ceil(len(samples) / limit) if samples else 1
    if size <= 1:
        return columns
    ranges = [slice(first, first + size) for first in range(0, len(samples), size)]
    bucketed: dict[str, list[Any]] = {
        "times": [columns["times"][part.start] for part in ranges],
        "new_errors": [_total(columns["new_errors"][part]) for part in ranges],
    }
    for name in AVERAGED:
        bucketed[name] = [_mean(columns[name][part]) for part in ranges]
    return bucketed
