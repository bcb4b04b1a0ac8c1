"""Modulation health: QAM labels, the health index, low-QAM share and distributions (pure).

Counts come in as {QAM order: observations} or {label: observations}: the callers tally
observations once and never keep one object per sample.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from functools import lru_cache

from .qam import clean_modulation, qam_order

#: Highest QAM order of a protocol group: the health index reaches 100 there.
MAX_QAM = {("ds", "3.0"): 256, ("ds", "3.1"): 4096, ("us", "3.0"): 64, ("us", "3.1"): 1024}
#: For a DOCSIS version the table does not know (4.0, a driver's odd text).
FALLBACK_MAX_QAM = 4096
#: Observations at or below this order count as low QAM ...
LOW_QAM = 16
#: ... except where a group's normal operating point is far higher.
LOW_QAM_BY_GROUP = {("us", "3.1"): 64}
#: QPSK (4QAM, 2 bits a symbol) is the floor of the index: it scores 0.
FLOOR_BITS = 2
UNKNOWN = "Unknown"
NON_QAM_LABELS = ("OFDM", "OFDMA")
DISCLAIMER = (
    "Health indices and modulation statistics are estimates based on periodic polling samples "
    "and may not reflect every modulation change between polls."
)


def max_qam(direction: str, docsis_version: str) -> int:
    """Return the QAM order at which a protocol group's health index is 100."""
    return MAX_QAM.get((direction, docsis_version), FALLBACK_MAX_QAM)


def low_qam_limit(direction: str, docsis_version: str) -> int:
    """Return the highest QAM order that counts as low (degraded) in a protocol group."""
    return LOW_QAM_BY_GROUP.get((direction, docsis_version), LOW_QAM)


@lru_cache(maxsize=256)
def modulation_label(name: str | None) -> tuple[str, int | None]:
    """Return the canonical label and QAM order of a modulation ("QPSK" -> ("4QAM", 4)).

    OFDM and OFDMA keep their names with no order; anything else unparseable is "Unknown".
    Cached: a modem reports a handful of names, and kept tallies then share the label texts.
    """
    order = qam_order(name)
    if order is not None and order >= 2:  # "0QAM"/"1QAM" carry no bits: not a measurement
        return f"{order}QAM", order
    cleaned = clean_modulation(name)
    if cleaned in NON_QAM_LABELS:
        return cleaned, None
    return UNKNOWN, None


def observed_label(profile: str | None, modulation: str | None) -> tuple[str, int | None]:
    """Return the label of one observation: the profile modulation, else the modulation."""
    return modulation_label(profile or modulation)


def _clamped(value: float) -> float:
    return min(100.0, max(0.0, value))


def group_health_index(orders: Mapping[int, int], ceiling: int) -> float | None:
    """Return 100·(mean log2 order - 2)/(log2 ceiling - 2), clamped 0-100, to one decimal.

    `orders` maps QAM orders to observation counts; None when there are none.
    """
    total = sum(orders.values())
    if not total:
        return None
    span = math.log2(ceiling) - FLOOR_BITS
    if span <= 0:
        return 100.0
    mean_bits = sum(math.log2(order) * count for order, count in orders.items()) / total
    return round(_clamped(100 * (mean_bits - FLOOR_BITS) / span), 1)


def baseline_score(order: int, baseline: int) -> float:
    """Return one observation's score against its channel's best order, clamped 0-100."""
    span = math.log2(max(baseline, 4)) - FLOOR_BITS
    if span <= 0:
        return 100.0
    return _clamped(100 * (math.log2(order) - FLOOR_BITS) / span)


def baseline_health_index[K: Hashable](
    per_channel: Mapping[K, Mapping[int, int]], baselines: Mapping[K, int]
) -> float | None:
    """Return the mean score of observations each against its channel's baseline (1 decimal).

    `per_channel` maps a channel to {QAM order: count}; a channel missing from `baselines`
    is scored against each observation's own order (100).
    """
    total = 0
    score_sum = 0.0
    for channel, orders in per_channel.items():
        baseline = baselines.get(channel)
        for order, count in orders.items():
            score_sum += baseline_score(order, baseline or order) * count
            total += count
    return round(score_sum / total, 1) if total else None


def share_pct(part: int, whole: int) -> float:
    """Return part/whole in percent to one decimal (0 for an empty whole)."""
    return round(part / whole * 100, 1) if whole > 0 else 0


def label_order(label: str) -> tuple[int, int, str]:
    """Return the sort key of a label: QAM orders ascending, then OFDM, OFDMA, Unknown."""
    order = qam_order(label) if label.endswith("QAM") else None
    if order is not None:
        return 0, order, ""
    return 1, 0, label


def distribution_pct(counts: Mapping[str, int]) -> dict[str, float]:
    """Return {label: percent} to one decimal that adds up to exactly 100.0 in tenths.

    Largest remainders get the leftover tenths (ties: the larger count, then label order),
    so rounding never shows 99.9 or 100.1 in total.
    """
    total = sum(counts.values())
    if not total:
        return {}
    labels = sorted(counts, key=label_order)
    tenths = {label: counts[label] * 1000 // total for label in labels}
    leftover = 1000 - sum(tenths.values())
    by_remainder = sorted(
        labels,
        key=lambda label: (-(counts[label] * 1000 % total), -counts[label], label_order(label)),
    )
    for label in by_remainder[:leftover]:
        tenths[label] += 1
    return {label: tenths[label] / 10 for label in labels}


def dominant_modulation(counts: Mapping[str, int]) -> str | None:
    """Return the most observed label; a tie goes to the higher QAM order (QAM before others)."""
    if not counts:
        return None

    def rank(label: str) -> tuple[int, int, int]:
        order = qam_order(label) if label.endswith("QAM") else None
        return counts[label], order is not None, order or 0

    return max(sorted(counts, key=label_order), key=rank)


def weighted_mean(pairs: Iterable[tuple[float | None, int]]) -> float | None:
    """Return the weighted mean of (value, weight) pairs, skipping None values and weights ≤ 0."""
    total_weight = 0
    weighted = 0.0
    for value, weight in pairs:
        if value is not None and weight > 0:
            total_weight += weight
            weighted += value * weight
    return weighted / total_weight if total_weight else None
