"""Analyses <-> snapshots rows: what a snapshot row holds and how a stored snapshot is rebuilt."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..analysis.analyzer import analyze_records
from ..timeutil import iso_utc
from .blobs import pack, pack_raw, unpack
from .catalogs import UPSTREAM, ModulationCodes, SeriesCatalog
from .samples import channel_record
from .schema import SNAPSHOT_SCALARS
from .summary_parts import pack_parts, summary_parts, unpack_parts

SCALAR_NAMES = tuple(SNAPSHOT_SCALARS)
SNAPSHOT_WRITE_COLUMNS = (
    "ts",
    "is_demo",
    *SCALAR_NAMES,
    "health_issues",
    "extras",
    "raw_data",
    "summary_json",
)
SNAPSHOT_BULK_COLUMNS = ("id", *SNAPSHOT_WRITE_COLUMNS)
#: Summary parts that snapshots written before summary_json kept in their extras blob.
_SUMMARY_EXTRAS = ("error_baseline", "spike_suppression")


@dataclass(slots=True)
class NewSnapshot:
    """One analysed poll, ready to store."""

    ts: int
    analysis: dict[str, Any]
    extras: dict[str, Any] | None = None
    raw_data: Any = None
    is_demo: bool = False


def snapshot_values(ts: int, snapshot: NewSnapshot) -> tuple[Any, ...]:
    """Return a snapshots row (in SNAPSHOT_WRITE_COLUMNS order) for an analysed poll."""
    summary = snapshot.analysis["summary"]
    return (
        ts,
        snapshot.is_demo,
        *(summary.get(name) for name in SCALAR_NAMES),
        ",".join(summary.get("health_issues") or []),
        pack(snapshot.extras),
        pack_raw(snapshot.raw_data),
        pack_parts(summary),
    )


def summary_of_row(row: Any) -> dict[str, Any]:
    """Return the scalar summary (plus health_issues) of a snapshots row."""
    summary = {name: getattr(row, name) for name in SCALAR_NAMES}
    summary["health_issues"] = [issue for issue in (row.health_issues or "").split(",") if issue]
    return summary


#: A snapshot's normalized (not yet assessed) downstream and upstream channel records.
Lanes = tuple[list[dict[str, Any]], list[dict[str, Any]]]


def channel_lanes(
    sample_rows: Iterable[Any], series: SeriesCatalog, modulations: ModulationCodes
) -> Lanes:
    """Return the channel records of one snapshot's samples, each lane by channel id."""
    ds: list[dict[str, Any]] = []
    us: list[dict[str, Any]] = []
    for sample in sample_rows:
        sample_series = series.get(sample.series_id)
        if sample_series is None:
            continue
        lane = us if sample_series.direction == UPSTREAM else ds
        lane.append(channel_record(sample_series, sample, modulations))
    ds.sort(key=lambda record: record["channel_id"])
    us.sort(key=lambda record: record["channel_id"])
    return ds, us


def rebuild_analysis(row: Any, lanes: Lanes) -> dict[str, Any]:
    """Return {summary, ds_channels, us_channels} of a snapshots row and its channel records.

    The summary is the stored one: scalar columns, health_issues and the stored parts; a row
    stored without parts gets them from the re-analysed channels (and its extras blob).
    """
    rebuilt = analyze_records(*lanes)
    summary = rebuilt["summary"]
    summary.update(summary_of_row(row))
    stored = unpack_parts(row.summary_json)
    if stored is not None:
        summary.update(stored)
    else:
        extras = unpack(row.extras) or {}
        summary.update((key, extras[key]) for key in _SUMMARY_EXTRAS if key in extras)
    return rebuilt


def rebuilt_parts(row: Any, lanes: Lanes) -> dict[str, Any]:
    """Return the summary parts of a row stored without them, as /api/snapshots gives them."""
    return summary_parts(rebuild_analysis(row, lanes)["summary"])


def rebuild_snapshot(
    row: Any, sample_rows: Iterable[Any], series: SeriesCatalog, modulations: ModulationCodes
) -> dict[str, Any]:
    """Return the full stored analysis of a snapshots row and its channel samples."""
    rebuilt = rebuild_analysis(row, channel_lanes(sample_rows, series, modulations))
    extras = unpack(row.extras) or {}
    return {
        "snapshot_id": row.id,
        "ts": row.ts,
        "timestamp": iso_utc(row.ts),
        "summary": rebuilt["summary"],
        "ds_channels": rebuilt["ds_channels"],
        "us_channels": rebuilt["us_channels"],
        "analysis_meta": extras.get("analysis_meta"),
        "raw_data": unpack(row.raw_data),
        "is_demo": bool(row.is_demo),
    }
