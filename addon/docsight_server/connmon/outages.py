"""Pure outage detection: runs of consecutive timeouts at or above a threshold."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def _outage(start: float, last: float, end: float | None, count: int) -> dict[str, Any]:
    finish = last if end is None else end
    return {
        "start": start,
        "end": end,
        "duration_seconds": round(finish - start, 1),
        "timeout_count": count,
    }


def find_outages(samples: Iterable[tuple[float, bool]], threshold: int) -> list[dict[str, Any]]:
    """Return outages from (ts, timed_out) pairs in time order.

    An outage is a run of at least `threshold` consecutive timeouts; `end` is the timestamp of the
    first answered probe after it (None while it goes on, when the duration runs to the last
    timeout seen).
    """
    limit = max(threshold, 1)
    found: list[dict[str, Any]] = []
    run_start: float | None = None
    run_last = 0.0
    count = 0
    for ts, timed_out in samples:
        if timed_out:
            if run_start is None:
                run_start = ts
            run_last = ts
            count += 1
            continue
        if run_start is not None and count >= limit:
            found.append(_outage(run_start, run_last, ts, count))
        run_start = None
        count = 0
    if run_start is not None and count >= limit:
        found.append(_outage(run_start, run_last, None, count))
    return found
