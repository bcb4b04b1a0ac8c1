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

SCALAR_NAMES = tuple(SNAPSHOT_SCALARS)
SNAPSHOT_WRITE_COLUMNS = ("ts", "is_demo", *SCALAR_NAMES, "health_issues", "extras", "raw_data")
SNAPSHOT_BULK_COLUMNS = ("id", *SNAPSHOT_WRITE_COLUMNS)
#: Summary parts kept in the snapshot's extras blob rather than in columns.
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
    )


def summary_of_row(row: Any) -> dict[str, Any]:
    """Return the scalar summary (plus health_issues) of a snapshots row."""
    summary = {name: getattr(row, name) for name in SCALAR_NAMES}
    summary["health_issues"] = [issue for issue in (row.health_issues or "").split(",") if issue]
    return summary


def rebuild_snapshot(
    row: Any, sample_rows: Iterable[Any], series: SeriesCatalog, modulations: ModulationCodes
) -> dict[str, Any]:
    """Return the full stored analysis of a snapshots row and its channel samples."""
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
    rebuilt = analyze_records(ds, us)
    summary = rebuilt["summary"]
    summary.update(summary_of_row(row))
    extras = unpack(row.extras) or {}
    for key in _SUMMARY_EXTRAS:
        if key in extras:
            summary[key] = extras[key]
    return {
        "snapshot_id": row.id,
        "ts": row.ts,
        "timestamp": iso_utc(row.ts),
        "summary": summary,
        "ds_channels": rebuilt["ds_channels"],
        "us_channels": rebuilt["us_channels"],
        "analysis_meta": extras.get("analysis_meta"),
        "raw_data": unpack(row.raw_data),
        "is_demo": bool(row.is_demo),
    }
