"""Detail parts of the summary: counter and capacity coverage, per-family signal overviews."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .health import CHANNEL_HEALTH, CHANNEL_RANK
from .qam import qam_order
from .records import Record
from .thresholds import ds_power_band, snr_limits, us_power_band

#: Placeholder health of a metric (or direction) without any data.
MISSING = "missing"
_WORST_FIRST = tuple(reversed(CHANNEL_HEALTH))
_FAMILY_ORDER = ("sc_qam", "ofdm", "ofdma", "unknown")
_DIMENSION_PRIORITY = {"power": 0, "snr": 1, "mer": 1, "modulation": 2}
_UNITS = {"power": "dBmV", "snr": "dB", "mer": "dB", "modulation": None}


def worst_health(levels: Iterable[str | None]) -> str | None:
    """Return the worst channel health among levels (other entries ignored), None if none."""
    found = set(levels)
    for level in _WORST_FIRST:
        if level in found:
            return level
    return None


def _grouped(records: Sequence[Record]) -> dict[str, list[Record]]:
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(record.get("channel_family") or "unknown", []).append(record)
    known = [name for name in _FAMILY_ORDER if name in groups]
    return {name: groups[name] for name in known + sorted(set(groups) - set(known))}


def _counter_counts(records: Sequence[Record]) -> dict[str, int]:
    correctable = uncorrectable = comparable = partial = 0
    for record in records:
        has_corr = record.get("correctable_errors") is not None
        has_uncorr = record.get("uncorrectable_errors") is not None
        correctable += has_corr
        uncorrectable += has_uncorr
        if has_corr and has_uncorr:
            comparable += 1
        elif has_corr or has_uncorr:
            partial += 1
    return {
        "total_channels": len(records),
        "correctable_channels": correctable,
        "uncorrectable_channels": uncorrectable,
        "comparable_channels": comparable,
        "partial_channels": partial,
        "unsupported_channels": len(records) - comparable - partial,
    }


def error_counter_coverage(ds: Sequence[Record]) -> dict[str, Any]:
    """Return how many downstream channels expose each error counter, overall and per family."""
    coverage: dict[str, Any] = _counter_counts(ds)
    coverage["families"] = {
        family: _counter_counts(records) for family, records in _grouped(ds).items()
    }
    return coverage


def _capacity_counts(records: Sequence[Record]) -> dict[str, int]:
    calculated = sum(1 for record in records if record.get("theoretical_bitrate") is not None)
    total = len(records)
    return {"calculated": calculated, "total": total, "unsupported": total - calculated}


def capacity_coverage(ds: Sequence[Record], us: Sequence[Record]) -> dict[str, Any]:
    """Return how many channels per direction have a theoretical bitrate."""
    return {"downstream": _capacity_counts(ds), "upstream": _capacity_counts(us)}


def judged_modulation(record: Record) -> str:
    """Return the modulation a channel is judged by (an OFDMA channel's profile modulation)."""
    if record.get("channel_family") == "ofdma" and record.get("profile_modulation"):
        return str(record["profile_modulation"])
    return str(record.get("modulation") or "")


def _metric(records: Sequence[Record], key: str, health_key: str) -> dict[str, Any]:
    measured = [record for record in records if record.get(key) is not None]
    if not measured:
        return {"available": False, "min": None, "avg": None, "max": None, "health": MISSING}
    values = [record[key] for record in measured]
    return {
        "available": True,
        "min": round(min(values), 1),
        "avg": round(sum(values) / len(values), 1),
        "max": round(max(values), 1),
        "health": worst_health(record.get(health_key) or "good" for record in measured),
    }


def _modulation_sort_key(value: str) -> tuple[bool, int, str]:
    order = qam_order(value)
    return (order is None, order or 0, value)


def _modulation(records: Sequence[Record]) -> dict[str, Any]:
    by_value: dict[str, str] = {}
    for record in records:
        value = judged_modulation(record)
        if not value:
            continue
        level = record.get("modulation_health") or "good"
        previous = by_value.get(value)
        by_value[value] = level if previous is None else worst_health((previous, level)) or level
    if not by_value:
        return {
            "available": False,
            "value": None,
            "secondary": None,
            "distinct": [],
            "values": [],
            "health": MISSING,
        }
    distinct = sorted(by_value, key=_modulation_sort_key)
    return {
        "available": True,
        "value": distinct[0],
        "secondary": distinct[-1] if len(distinct) > 1 else None,
        "distinct": distinct,
        "values": [{"value": value, "health": by_value[value]} for value in distinct],
        "health": worst_health(by_value.values()),
    }


def _power_excess(record: Record, direction: str, family: str) -> float:
    if direction == "downstream":
        band = ds_power_band(record.get("modulation") or "", family)
    else:
        band = us_power_band(family)
    power: float = record["power"]
    return max(band.good[0] - power, power - band.good[1])


def _candidates(record: Record, direction: str, family: str) -> Iterable[tuple[str, str, float]]:
    """Yield (dimension, health, badness) for every dimension of a record that is not good."""
    level = record.get("power_health")
    if level and level != "good" and record.get("power") is not None:
        yield "power", level, _power_excess(record, direction, family)
    level = record.get("snr_health")
    if direction == "downstream" and level and level != "good" and record.get("snr") is not None:
        limit = snr_limits(record.get("modulation") or "", family).good_min
        yield ("mer" if family == "ofdm" else "snr"), level, limit - record["snr"]
    level = record.get("modulation_health")
    if level and level != "good":
        yield "modulation", level, -float(qam_order(judged_modulation(record)) or 0)


def _driver(records: Sequence[Record], direction: str, family: str) -> dict[str, Any] | None:
    best: tuple[int, int, float] | None = None
    chosen: dict[str, Any] | None = None
    for record in records:
        for dimension, level, badness in _candidates(record, direction, family):
            key = (CHANNEL_RANK.get(level, 0), -_DIMENSION_PRIORITY[dimension], badness)
            if best is not None and key <= best:
                continue
            best = key
            if dimension == "modulation":
                value: Any = judged_modulation(record)
            else:
                value = record["power"] if dimension == "power" else record["snr"]
            chosen = {
                "channel_id": record.get("channel_id"),
                "dimension": dimension,
                "family": family,
                "direction": direction,
                "health": level,
                "unit": _UNITS[dimension],
                "value": value,
            }
    return chosen


def _family_overview(records: Sequence[Record], direction: str, family: str) -> dict[str, Any]:
    counts = dict.fromkeys(CHANNEL_HEALTH, 0)
    for record in records:
        level = record.get("health") or "good"
        if level in counts:
            counts[level] += 1
    health = worst_health(level for level, count in counts.items() if count) or "good"
    driver = None if health == "good" else _driver(records, direction, family)
    overview: dict[str, Any] = {
        "family": family,
        "count": len(records),
        "health": health,
        "health_cause": None if driver is None else driver["dimension"],
        "health_counts": counts,
        "health_driver": driver,
        "power": _metric(records, "power", "power_health"),
    }
    if direction == "downstream":
        overview["mer" if family == "ofdm" else "snr"] = _metric(records, "snr", "snr_health")
    overview["modulation"] = _modulation(records)
    return overview


def _direction_overview(records: Sequence[Record], direction: str) -> dict[str, Any]:
    families = {
        family: _family_overview(members, direction, family)
        for family, members in _grouped(records).items()
    }
    health = worst_health(overview["health"] for overview in families.values())
    return {"health": health or MISSING, "families": families}


def signal_families(ds: Sequence[Record], us: Sequence[Record]) -> dict[str, Any]:
    """Return the per-direction, per-family signal overview of assessed channel records."""
    return {
        "downstream": _direction_overview(ds, "downstream"),
        "upstream": _direction_overview(us, "upstream"),
    }
