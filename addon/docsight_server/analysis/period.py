"""Period aggregation (upstream §3.7): a window of snapshots rolled up for reports and comparisons.

Pure functions: `storage/period_reads.py` reads the window (the in-memory summary columns and
one grouped query over the channel samples) and hands the values in here.

Rules that are easy to get wrong, stated once:
- A snapshot without downstream channels (`ds_total` 0) carries 0.0 for its power and SNR
  figures (the analyzer's convention); such figures are not measurements and are skipped. SNR
  also counts as absent when the snapshot's highest SNR is 0 (no channel reported one).
- Counters count only where the snapshot's `errors_supported` is not false and the value is
  stored; `totals` add up the per-snapshot cumulative counters as upstream does (not deltas).
The channel parts (unhealthy channels, diagnostic notes) are in period_channels.py, the
before/after deltas and verdict in period_compare.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from .analyzer import ANALYZER_SCHEMA
from .thresholds import PROFILE_REF

#: Summary health values whose snapshots can hold warning or critical channels.
UNHEALTHY_SUMMARIES = frozenset({"marginal", "critical"})
#: The summary columns the aggregation reads, in the order `SnapshotColumns` holds them.
COLUMN_NAMES = (
    "health",
    "ds_total",
    "us_total",
    "ds_power_avg",
    "ds_snr_avg",
    "us_power_avg",
    "ds_power_max",
    "ds_power_min",
    "us_power_max",
    "ds_snr_min",
    "ds_snr_max",
    "ds_correctable_errors",
    "ds_uncorrectable_errors",
    "errors_supported",
)


@dataclass(frozen=True, slots=True)
class SnapshotColumns:
    """The window's snapshots, oldest first: their times (as text too) and summary columns."""

    timestamps: Sequence[str]
    values: Mapping[str, Sequence[Any]]

    def __len__(self) -> int:
        """Return the number of snapshots."""
        return len(self.timestamps)


class _Measured(NamedTuple):
    """Per snapshot: downstream channels measured, SNR measured, upstream channels measured."""

    ds: list[bool]
    snr: list[bool]
    us: list[bool]


def _measured(values: Mapping[str, Sequence[Any]]) -> _Measured:
    ds = [bool(total) for total in values["ds_total"]]
    snr = [
        has_ds and bool(highest) for has_ds, highest in zip(ds, values["ds_snr_max"], strict=True)
    ]
    return _Measured(ds, snr, [bool(total) for total in values["us_total"]])


def _masked(values: Sequence[Any], mask: list[bool]) -> list[Any]:
    """Return the values with None where the mask is false."""
    if all(mask):
        return list(values)
    return [value if keep else None for value, keep in zip(values, mask, strict=True)]


def _known(values: Iterable[Any]) -> list[Any]:
    return [value for value in values if value is not None]


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def _counter_values(values: Mapping[str, Sequence[Any]], name: str) -> list[int | None]:
    """Return a counter per snapshot, None where the snapshot says counters are unsupported."""
    supported = values["errors_supported"]
    if False not in supported:
        return list(values[name])
    return [
        None if flag is False else value
        for value, flag in zip(values[name], supported, strict=True)
    ]


def _samples(
    timestamps: Sequence[str], columns: tuple[list[Any], ...], health: Sequence[str]
) -> list[dict[str, Any]]:
    ds_power, ds_snr, us_power, uncorr = columns
    rows = zip(timestamps, ds_power, ds_snr, us_power, uncorr, health, strict=True)
    return [
        {
            "timestamp": stamp,
            "ds_power_avg": ds,
            "ds_snr_avg": snr,
            "us_power_avg": us,
            "uncorr_errors": errors,
            "health": state,
        }
        for stamp, ds, snr, us, errors, state in rows
    ]


def _worst(
    values: Mapping[str, Sequence[Any]],
    measured: _Measured,
    counters: tuple[list[int], list[int]],
    health: dict[str, int],
) -> dict[str, Any]:
    """Return upstream's `worst` block (ds_snr_warn_min is filled in by the read path)."""
    ds_power_max = _known(_masked(values["ds_power_max"], measured.ds))
    ds_power_min = _known(_masked(values["ds_power_min"], measured.ds))
    us_power_max = _known(_masked(values["us_power_max"], measured.us))
    ds_snr_min = _known(_masked(values["ds_snr_min"], measured.snr))
    corrected, uncorrected = counters
    return {
        # max(key=abs) keeps the first of equal magnitudes: the earliest snapshot wins
        "ds_power_max": max(ds_power_max, key=abs) if ds_power_max else None,
        "ds_power_min": max(ds_power_min, key=abs) if ds_power_min else None,
        "us_power_max": max(us_power_max) if us_power_max else None,
        "ds_snr_min": min(ds_snr_min) if ds_snr_min else None,
        "ds_snr_warn_min": None,
        "ds_uncorrectable_max": max(uncorrected) if uncorrected else None,
        "ds_correctable_max": max(corrected) if corrected else None,
        "health_critical_count": health.get("critical", 0),
        "health_marginal_count": health.get("marginal", 0),
        "health_tolerated_count": health.get("tolerated", 0),
        "total_snapshots": len(values["health"]),
    }


def _totals(corrected: list[int], uncorrected: list[int]) -> dict[str, Any]:
    """Return the sums of the cumulative counters (upstream's rule, not deltas), None when no
    snapshot had the counter."""
    return {
        "ds_correctable_errors": sum(corrected) if corrected else None,
        "ds_uncorrectable_errors": sum(uncorrected) if uncorrected else None,
        "correctable_supported": bool(corrected),
        "uncorrectable_supported": bool(uncorrected),
        "errors_supported": bool(corrected or uncorrected),
    }


def summarize_snapshots(columns: SnapshotColumns) -> dict[str, Any]:
    """Return the per-snapshot parts of the aggregation (everything but the channel parts).

    `worst.ds_snr_warn_min` is None here; the read path fills it from the channel that had the
    lowest SNR. `totals` are sums of cumulative counters (upstream's rule, not deltas) and None
    when no snapshot of the window reported that counter.
    """
    values = columns.values
    total = len(columns)
    measured = _measured(values)
    averages = (
        _masked(values["ds_power_avg"], measured.ds),
        _masked(values["ds_snr_avg"], measured.snr),
        _masked(values["us_power_avg"], measured.us),
    )
    corrected = _known(_counter_values(values, "ds_correctable_errors"))
    uncorrected_all = _counter_values(values, "ds_uncorrectable_errors")
    uncorrected = _known(uncorrected_all)
    health = dict(Counter(values["health"]))
    return {
        "snapshot_count": total,
        "first_observed_at": columns.timestamps[0] if total else None,
        "last_observed_at": columns.timestamps[-1] if total else None,
        "health_distribution": health,
        "worst": _worst(values, measured, (corrected, uncorrected), health),
        "averages": {
            name: _mean(_known(figures))
            for name, figures in zip(("ds_power", "ds_snr", "us_power"), averages, strict=True)
        },
        "totals": _totals(corrected, uncorrected),
        "samples": _samples(columns.timestamps, (*averages, uncorrected_all), values["health"]),
        "metric_coverage": {
            "ds_power": sum(measured.ds),
            "ds_snr": sum(measured.snr),
            "us_power": sum(measured.us),
            "ds_correctable_errors": len(corrected),
            "ds_uncorrectable_errors": len(uncorrected),
        },
    }


def worst_snr_position(columns: SnapshotColumns) -> int | None:
    """Return the index of the first snapshot with the window's lowest measured SNR."""
    lowest = _masked(columns.values["ds_snr_min"], _measured(columns.values).snr)
    known = _known(lowest)
    return lowest.index(min(known)) if known else None


def unhealthy_ranges(
    ts: Sequence[int], health: Sequence[str], max_ranges: int, min_gap: int
) -> list[tuple[int, int]]:
    """Return at most max_ranges [first, last] time ranges covering every marginal or critical
    snapshot, split at the longest runs of healthier snapshots between them (runs of more than
    min_gap snapshots: reading through a short run costs less than another query).

    Only those snapshots can hold warning or critical channels: a channel's warning or
    critical power, SNR or modulation always adds a marginal or critical summary issue.
    """
    bad = [index for index, state in enumerate(health) if state in UNHEALTHY_SUMMARIES]
    if not bad:
        return []
    gaps = sorted(
        range(1, len(bad)), key=lambda position: bad[position] - bad[position - 1], reverse=True
    )
    splits = sorted(
        position
        for position in gaps[: max_ranges - 1]
        if bad[position] - bad[position - 1] - 1 > min_gap
    )
    starts = [0, *splits]
    ends = [*(position - 1 for position in splits), len(bad) - 1]
    return [(ts[bad[first]], ts[bad[last]]) for first, last in zip(starts, ends, strict=True)]


def provenance(
    start: str | None, end: str | None, snapshot_ids: tuple[int | None, int | None]
) -> dict[str, Any]:
    """Return where the figures come from: the window, its first and last snapshot ids, the
    analyzer schema and the threshold profile the channel boundaries were taken from."""
    return {
        "source": "stored_snapshots",
        "window": {"start": start, "end": end},
        "snapshot_ids": {"first": snapshot_ids[0], "last": snapshot_ids[1]},
        "analyzer_schema": ANALYZER_SCHEMA,
        "threshold_profile": dict(PROFILE_REF),
    }
