"""Theoretical SC-QAM capacity over a window against the booked tariff (pure).

Each poll's capacity (the sum of its SC-QAM channels' symbol rate x bits per symbol) is stored
with the snapshot; channels of other families (OFDM, OFDMA) have none and are counted as
unsupported, so coverage says how much of the line the figure describes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from ..analysis.modulation_health import share_pct
from .tally import Tally

NAMES = {"ds": "downstream", "us": "upstream"}
STATUSES = ("unavailable", "below_some_samples", "above_tariff_throughout", "observed")


def tariff_mbps(booked_mbps: object, connection_kbps: object) -> float | None:
    """Return the booked speed in Mbit/s: the setting when > 0, else the modem's kbit/s / 1000."""
    for value, scale in ((booked_mbps, 1), (connection_kbps, 1000)):
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return round(value / scale, 3)
    return None


def _status(measured: int, below: int, tariff: float | None) -> str:
    if not measured:
        return "unavailable"
    if tariff is None:
        return "observed"
    return "below_some_samples" if below else "above_tariff_throughout"


def capacity_history(
    direction: str,
    capacities: Sequence[float | None],
    tallies: Sequence[Tally],
    tariff: float | None,
) -> dict[str, Any]:
    """Return one direction's capacity summary for the polls of a window.

    `capacities` are the window's per-poll capacities in time order (None: not calculable);
    `tallies` the same window's tallies of that direction.
    """
    measured = [value for value in capacities if value is not None]
    calculated = sum(tally.with_capacity for tally in tallies)
    total = sum(tally.observations for tally in tallies)
    unsupported: Counter[str] = Counter()
    for tally in tallies:
        unsupported.update(tally.without_capacity)
    met = sum(1 for value in measured if tariff is not None and value >= tariff)
    below = len(measured) - met if tariff is not None else 0
    met_pct = share_pct(met, len(measured)) if tariff is not None and measured else None
    return {
        "direction": NAMES[direction],
        "sample_count": sum(tally.polls for tally in tallies),
        "capacity_sample_count": len(measured),
        "capacity_min_mbps": round(min(measured), 1) if measured else None,
        "capacity_avg_mbps": round(sum(measured) / len(measured), 1) if measured else None,
        "capacity_max_mbps": round(max(measured), 1) if measured else None,
        "capacity_current_mbps": measured[-1] if measured else None,
        "tariff_mbps": tariff,
        "tariff_met_sample_count": met if tariff is not None else None,
        "below_tariff_sample_count": below if tariff is not None else None,
        "tariff_met_pct": met_pct,
        "calculated_channel_samples": calculated,
        "total_channel_samples": total,
        "unsupported_channel_samples": total - calculated,
        "unsupported_channel_families": dict(sorted(unsupported.items())),
        "coverage_pct": share_pct(calculated, total),
        "full_coverage_sample_count": sum(tally.full_coverage_polls for tally in tallies),
        "status": _status(len(measured), below, tariff),
    }
