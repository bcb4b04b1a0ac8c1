"""Observations of one protocol group, counted the ways every view needs (pure)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..analysis.modulation_health import (
    baseline_health_index,
    distribution_pct,
    group_health_index,
    low_qam_limit,
    max_qam,
    share_pct,
)

if TYPE_CHECKING:
    from .tally import Cell


@dataclass(slots=True)
class Observations:
    """Observations of one protocol group over some stretch, counted several ways."""

    direction: str
    docsis_version: str
    limit: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    orders: Counter[int] = field(default_factory=Counter)
    per_channel: dict[int, Counter[int]] = field(default_factory=dict)
    low: int = 0
    degraded: set[int] = field(default_factory=set)
    channels: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        """Look the group's low-QAM limit up once."""
        self.limit = low_qam_limit(self.direction, self.docsis_version)

    @property
    def total(self) -> int:
        """Return how many observations were counted."""
        return sum(self.labels.values())

    @property
    def numeric(self) -> int:
        """Return how many observations had a QAM order."""
        return sum(self.orders.values())

    def add(self, cell: Cell) -> None:
        """Count a tally cell."""
        self.labels[cell.label] += cell.count
        self.channels.add(cell.channel_id)
        qam = cell.qam
        if qam is None:
            return
        self.orders[qam] += cell.count
        orders = self.per_channel.get(cell.channel_id)
        if orders is None:
            orders = self.per_channel[cell.channel_id] = Counter()
        orders[qam] += cell.count
        if qam <= self.limit:
            self.low += cell.count
            self.degraded.add(cell.channel_id)

    def merge(self, other: Observations) -> None:
        """Add another stretch's observations of the same group."""
        self.labels.update(other.labels)
        self.orders.update(other.orders)
        for channel, orders in other.per_channel.items():
            mine = self.per_channel.get(channel)
            if mine is None:
                self.per_channel[channel] = Counter(orders)
            else:
                mine.update(orders)
        self.low += other.low
        self.degraded |= other.degraded
        self.channels |= other.channels

    def health_index(self, baselines: dict[int, int]) -> float | None:
        """Return the group's index: DS against each channel's baseline, US against max QAM."""
        if self.direction == "ds":
            return baseline_health_index(self.per_channel, baselines)
        return group_health_index(self.orders, max_qam(self.direction, self.docsis_version))

    def counts(self, baselines: dict[int, int]) -> dict[str, Any]:
        """Return the fields a group and each of its days share."""
        return {
            "health_index": self.health_index(baselines),
            "low_qam_pct": share_pct(self.low, self.total),
            "distribution": distribution_pct(self.labels),
            "degraded_channel_count": len(self.degraded),
            "sample_count": self.total,
            "numeric_sample_count": self.numeric,
            "low_qam_sample_count": self.low,
        }


def observe_cells(direction: str, cells: Iterable[Cell]) -> dict[str, Observations]:
    """Return the observations of cells by DOCSIS version."""
    groups: dict[str, Observations] = {}
    for cell in cells:
        group = groups.get(cell.docsis_version)
        if group is None:
            group = groups[cell.docsis_version] = Observations(direction, cell.docsis_version)
        group.add(cell)
    return groups
