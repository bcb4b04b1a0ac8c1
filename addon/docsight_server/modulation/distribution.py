"""The multi-day views: per protocol group distribution with daily rows, and the trend (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..analysis.modulation_health import (
    DISCLAIMER,
    dominant_modulation,
    max_qam,
    share_pct,
    weighted_mean,
)
from .observations import Observations
from .tally import Tally


@dataclass(slots=True)
class Group:
    """One protocol group over the window: all its observations and those of each day."""

    overall: Observations
    days: list[tuple[str, Observations]] = field(default_factory=list)

    def baselines(self) -> dict[int, int]:
        """Return each channel's highest QAM order in the window."""
        return {channel: max(orders) for channel, orders in self.overall.per_channel.items()}


def observe(direction: str, tallies: Sequence[Tally]) -> dict[str, Group]:
    """Return the protocol groups of day tallies, by DOCSIS version (days in tally order)."""
    groups: dict[str, Group] = {}
    for tally in tallies:
        for version, day in tally.groups.items():
            group = groups.get(version)
            if group is None:
                group = groups[version] = Group(Observations(direction, version))
            group.overall.merge(day)
            group.days.append((tally.day, day))
    return dict(sorted(groups.items()))


def _group_answer(direction: str, version: str, group: Group) -> dict[str, Any]:
    baselines = group.baselines()
    overall = group.overall
    summary = overall.counts(baselines)
    return {
        "docsis_version": version,
        "max_qam": f"{max_qam(direction, version)}QAM",
        "channel_count": len(overall.channels),
        "channel_ids": sorted(overall.channels),
        "health_index": summary["health_index"],
        "low_qam_pct": summary["low_qam_pct"],
        "dominant_modulation": dominant_modulation(overall.labels),
        "degraded_channel_count": summary["degraded_channel_count"],
        "distribution": summary["distribution"],
        "sample_count": summary["sample_count"],
        "numeric_sample_count": summary["numeric_sample_count"],
        "low_qam_sample_count": summary["low_qam_sample_count"],
        "days": [{"date": date, **day.counts(baselines)} for date, day in group.days],
    }


def _expected_polls(daily_polls: list[int]) -> int:
    """Return days x the median polls a day (the upper median, as upstream)."""
    if not daily_polls:
        return 0
    if len(daily_polls) == 1:
        return daily_polls[0]
    return len(daily_polls) * sorted(daily_polls)[len(daily_polls) // 2]


def distribution(direction: str, tallies: Sequence[Tally]) -> dict[str, Any]:
    """Return the distribution answer (without capacity_history) for day tallies in order."""
    groups = [
        _group_answer(direction, version, group)
        for version, group in observe(direction, tallies).items()
    ]
    daily_polls = [tally.polls for tally in tallies if tally.polls]
    polls = sum(daily_polls)
    expected = _expected_polls(daily_polls)
    health = weighted_mean((group["health_index"], group["channel_count"]) for group in groups)
    low = sum(group["low_qam_sample_count"] for group in groups)
    total = sum(group["sample_count"] for group in groups)
    return {
        "direction": direction,
        "protocol_groups": groups,
        "aggregate": {
            "health_index": None if health is None else round(health, 1),
            "low_qam_pct": share_pct(low, total),
        },
        "sample_count": polls,
        "expected_samples": expected,
        "sample_density": min(round(polls / expected, 2), 1.0) if expected else 0,
        "disclaimer": DISCLAIMER,
    }


def trend(direction: str, tallies: Sequence[Tally]) -> list[dict[str, Any]]:
    """Return one row a day over all protocol groups: index, low-QAM share, dominant label."""
    rows: dict[str, dict[str, Any]] = {}
    for group in observe(direction, tallies).values():
        baselines = group.baselines()
        for date, day in group.days:
            row = rows.setdefault(date, {"labels": Counter(), "indices": [], "low": 0})
            row["labels"].update(day.labels)
            row["indices"].append((day.health_index(baselines), day.total))
            row["low"] += day.low
    answer = []
    for date in sorted(rows):
        row = rows[date]
        samples = sum(row["labels"].values())
        health = weighted_mean(row["indices"])
        answer.append(
            {
                "date": date,
                "health_index": None if health is None else round(health, 1),
                "low_qam_pct": share_pct(row["low"], samples),
                "dominant_modulation": dominant_modulation(row["labels"]),
                "sample_count": samples,
            }
        )
    return answer
