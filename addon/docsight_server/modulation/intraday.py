"""One local day, channel by channel: modulation transitions and degraded spells (pure).

Times are local clock times (HH:MM) of the requested local day, not timestamps.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from typing import Any
from zoneinfo import ZoneInfo

from ..analysis.modulation_health import (
    DISCLAIMER,
    baseline_health_index,
    group_health_index,
    low_qam_limit,
    max_qam,
    observed_label,
)
from ..storage.catalogs import Series

#: A poll stands for this long when the day has too few polls to measure the cadence.
DEFAULT_POLL_SECONDS = 900


@dataclass(frozen=True, slots=True)
class Period:
    """Consecutive observations of one channel at the same label."""

    start: int
    end: int
    label: str
    qam: int | None
    count: int


@dataclass(slots=True)
class ChannelDay:
    """One channel's observations of the day, in time order."""

    frequency: str
    points: list[tuple[int, str, int | None]]


def periods(points: Sequence[tuple[int, str, int | None]]) -> list[Period]:
    """Collapse (ts, label, qam) points in time order into runs of the same label."""
    runs: list[Period] = []
    for ts, label, qam in points:
        last = runs[-1] if runs else None
        if last is not None and last.label == label:
            runs[-1] = Period(last.start, ts, label, qam, last.count + 1)
        else:
            runs.append(Period(ts, ts, label, qam, 1))
    return runs


class Clock:
    """Local HH:MM of epoch seconds in one zone (each distinct poll time formatted once)."""

    def __init__(self, zone: ZoneInfo) -> None:
        """Bind to the zone."""
        self._zone = zone
        self._texts: dict[int, str] = {}

    def __call__(self, ts: int) -> str:
        """Return the local clock time of ts."""
        text = self._texts.get(ts)
        if text is None:
            text = self._texts[ts] = datetime.fromtimestamp(ts, self._zone).strftime("%H:%M")
        return text


def poll_seconds(times: Iterable[int]) -> float:
    """Return the median gap between distinct poll times (DEFAULT_POLL_SECONDS below two)."""
    ordered = sorted(set(times))
    gaps = [later - earlier for earlier, later in pairwise(ordered)]
    return float(statistics.median(gaps)) if gaps else float(DEFAULT_POLL_SECONDS)


def degraded_events(
    runs: Sequence[Period], limit: int, step: float, clock: Clock
) -> list[dict[str, Any]]:
    """Return the runs at or below the low-QAM limit with their share of the day's samples."""
    total = sum(run.count for run in runs)
    return [
        {
            "start": clock(run.start),
            "end": clock(run.end),
            "label": run.label,
            "qam": run.qam,
            "count": run.count,
            "hours": round(run.count * step / 3600, 1),
            "duration_minutes": (run.end - run.start) // 60,
            "pct": round(run.count / total * 100) if total else 0,
            "point_in_time": run.start == run.end,
        }
        for run in runs
        if run.qam is not None and run.qam <= limit
    ]


def summary_text(events: Sequence[Mapping[str, Any]]) -> str:
    """Return "4.5h (30%) at 16QAM between 14:00-18:30" for each event, joined by "; "."""
    parts = []
    for event in events:
        head = f"{event['hours']}h ({event['pct']}%) at {event['label']}"
        if event["point_in_time"]:
            parts.append(f"{head} around {event['start']}")
        else:
            parts.append(f"{head} between {event['start']}\u2013{event['end']}")
    return "; ".join(parts)


def _channel(
    direction: str, version: str, channel_id: int, day: ChannelDay, step: float, clock: Clock
) -> dict[str, Any]:
    runs = periods(day.points)
    orders = Counter(qam for _ts, _label, qam in day.points if qam is not None)
    if direction == "ds":
        health = baseline_health_index({channel_id: orders}, {channel_id: max(orders, default=0)})
    else:
        health = group_health_index(orders, max_qam(direction, version))
    events = degraded_events(runs, low_qam_limit(direction, version), step, clock)
    degraded = sum(event["count"] for event in events)
    worst = min(events, key=lambda event: (event["qam"], -event["count"])) if events else None
    return {
        "channel_id": channel_id,
        "frequency": day.frequency,
        "health_index": health,
        "degraded": bool(events),
        "summary": summary_text(events),
        "degraded_events": events,
        "degraded_sample_pct": round(degraded / len(day.points) * 100) if day.points else 0,
        "worst_modulation": worst["label"] if worst else "",
        "timeline": [{"time": clock(run.start), "modulation": run.label} for run in runs],
    }


def channel_days(
    rows: Iterable[Sequence[Any]], series: Mapping[int, Series], names: Mapping[int, str]
) -> dict[tuple[str, int], ChannelDay]:
    """Group (ts, series id, modulation code, profile code) rows by (DOCSIS version, channel)."""
    days: dict[tuple[str, int], ChannelDay] = {}
    for ts, series_id, modulation, profile in rows:
        known = series.get(series_id)
        if known is None:
            continue
        label, qam = observed_label(
            None if profile is None else names.get(profile),
            None if modulation is None else names.get(modulation),
        )
        day = days.setdefault((known.docsis_version, known.channel_id), ChannelDay("", []))
        day.frequency = known.frequency
        day.points.append((ts, label, qam))
    for day in days.values():
        day.points.sort(key=lambda point: point[0])  # two series of one channel interleave
    return days


def intraday(
    direction: str,
    date: str,
    days: Mapping[tuple[str, int], ChannelDay],
    zone: ZoneInfo,
) -> dict[str, Any]:
    """Return the intraday answer (without capacity_history) for a day's channel rows."""
    clock = Clock(zone)
    step = poll_seconds(ts for day in days.values() for ts, _label, _qam in day.points)
    groups = []
    for version in sorted({version for version, _channel_id in days}):
        channels = [
            _channel(direction, version, channel_id, days[(version, channel_id)], step, clock)
            for channel_version, channel_id in sorted(days)
            if channel_version == version
        ]
        groups.append(
            {
                "docsis_version": version,
                "max_qam": f"{max_qam(direction, version)}QAM",
                "channels": channels,
            }
        )
    return {
        "direction": direction,
        "date": date,
        "protocol_groups": groups,
        "disclaimer": DISCLAIMER,
    }
