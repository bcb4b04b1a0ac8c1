"""Facts drawn from a period aggregation: the worst values against the warning bands, and the
before/after verdict (upstream §3.7 rules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..analysis.thresholds import ds_power_band, snr_limits, us_power_band

#: The rows upstream's letter compares against: 256QAM downstream, SC-QAM upstream.
REFERENCE_MODULATION = "256QAM"
REFERENCE_FAMILY = "sc_qam"


@dataclass(frozen=True, slots=True)
class Reading:
    """A worst value with the band it is judged against and whether it lies outside."""

    value: float
    low: float
    high: float
    outside: bool


def _beyond(value: float, low: float, high: float) -> float:
    return max(low - value, value - high)


def worst_ds_power(worst: dict[str, Any]) -> Reading | None:
    """Return the downstream power farthest from the warning band (highest or lowest)."""
    low, high = ds_power_band(REFERENCE_MODULATION, REFERENCE_FAMILY).warning
    values = [worst.get(name) for name in ("ds_power_max", "ds_power_min")]
    known = [float(value) for value in values if value is not None]
    if not known:
        return None
    value = max(known, key=lambda item: _beyond(item, low, high))
    return Reading(value, low, high, not low <= value <= high)


def worst_us_power(worst: dict[str, Any]) -> Reading | None:
    """Return the highest upstream power against the SC-QAM warning band."""
    value = worst.get("us_power_max")
    if value is None:
        return None
    low, high = us_power_band(REFERENCE_FAMILY).warning
    return Reading(float(value), low, high, not low <= float(value) <= high)


def worst_snr(worst: dict[str, Any]) -> Reading | None:
    """Return the lowest SNR against its warning threshold (`high` is unused: no upper end)."""
    value = worst.get("ds_snr_min")
    if value is None:
        return None
    limit = worst.get("ds_snr_warn_min")
    if limit is None:
        limit = snr_limits(REFERENCE_MODULATION, REFERENCE_FAMILY).warning_min
    return Reading(float(value), float(limit), float(limit), float(value) < float(limit))


def _difference(after: float | None, before: float | None) -> float | None:
    if after is None or before is None:
        return None
    return round(after - before, 2)


def compare_periods(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Return the deltas (after - before) and the verdict improved/degraded/unchanged.

    Score: +1 if SNR rose by more than 1 dB, -1 if it fell by more than 1 dB, -1 if the
    uncorrectable total rose by more than 10, +1 if it fell; above 0 improved, below degraded.
    """
    deltas: dict[str, Any] = {
        name: _difference(after["averages"].get(name), before["averages"].get(name))
        for name in ("ds_power", "ds_snr", "us_power")
    }
    uncorrectable = _difference(
        after["totals"].get("ds_uncorrectable_errors"),
        before["totals"].get("ds_uncorrectable_errors"),
    )
    deltas["uncorr_errors"] = None if uncorrectable is None else int(uncorrectable)
    score = 0
    snr = deltas["ds_snr"]
    if snr is not None and snr > 1:
        score += 1
    elif snr is not None and snr < -1:
        score -= 1
    if uncorrectable is not None and uncorrectable > 10:
        score -= 1
    elif uncorrectable is not None and uncorrectable < 0:
        score += 1
    verdict = "improved" if score > 0 else "degraded" if score < 0 else "unchanged"
    return {**deltas, "verdict": verdict}
