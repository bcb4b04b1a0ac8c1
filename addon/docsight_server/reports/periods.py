"""Facts drawn from a period aggregation: the worst values against the warning bands. (The
before/after verdict is analysis/period_compare.py's, shared with GET /api/comparison.)"""

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
