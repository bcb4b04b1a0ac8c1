"""What GET /api/comparison answers: two periods (upstream's P) and their delta (D)."""

from __future__ import annotations

from typing import Any

from ..http.schema import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    TIME_WINDOW,
    TIMESTAMP,
    JsonSchema,
    array,
    enum,
    mapping,
    nullable,
    obj,
)
from ..timeutil import iso_utc

DB = nullable({**NUMBER, "description": "Mean of the per-snapshot averages, 2 dp (null: none)"})
COUNTER = nullable(
    {**INTEGER, "description": "Cumulative counters of all snapshots added up (null: none)"}
)
SAMPLE: JsonSchema = obj(
    {
        "timestamp": TIMESTAMP,
        "ds_power_avg": nullable(NUMBER),
        "ds_snr_avg": nullable(NUMBER),
        "us_power_avg": nullable(NUMBER),
        "uncorr_errors": nullable(INTEGER),
        "health": nullable({"type": "string"}),
    }
)
PERIOD: JsonSchema = obj(
    {
        "snapshots": INTEGER,
        "avg": obj({"ds_power": DB, "ds_snr": DB, "us_power": DB}),
        "total": obj({"corr_errors": COUNTER, "uncorr_errors": COUNTER}),
        "errors_supported": BOOLEAN,
        "corr_errors_supported": BOOLEAN,
        "uncorr_errors_supported": BOOLEAN,
        "health_distribution": mapping(INTEGER),
        "timeseries": array(SAMPLE),
        **TIME_WINDOW,
    }
)
CHANGE = nullable({**NUMBER, "description": "B minus A, 2 dp (null when a period has none)"})
DELTA: JsonSchema = obj(
    {
        "ds_power": CHANGE,
        "ds_snr": CHANGE,
        "us_power": CHANGE,
        "uncorr_errors": nullable(
            {**INTEGER, "description": "B minus A (null unless both periods have the counter)"}
        ),
        "verdict": enum(["improved", "degraded", "unchanged"]),
    }
)
COMPARISON: JsonSchema = obj({"period_a": PERIOD, "period_b": PERIOD, "delta": DELTA})


def period_json(aggregate: dict[str, Any], start: int, end: int) -> dict[str, Any]:
    """Return upstream's period object from a period aggregation (storage/period_reads.py)."""
    totals = aggregate["totals"]
    return {
        "snapshots": aggregate["snapshot_count"],
        "avg": aggregate["averages"],
        "total": {
            "corr_errors": totals["ds_correctable_errors"],
            "uncorr_errors": totals["ds_uncorrectable_errors"],
        },
        "errors_supported": totals["errors_supported"],
        "corr_errors_supported": totals["correctable_supported"],
        "uncorr_errors_supported": totals["uncorrectable_supported"],
        "health_distribution": aggregate["health_distribution"],
        "timeseries": aggregate["samples"],
        "from": iso_utc(start),
        "to": iso_utc(end),
    }
