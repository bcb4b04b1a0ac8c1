"""What the modulation routes answer: the distribution, intraday and trend shapes (upstream's)."""

from __future__ import annotations

from ..http.schema import (
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    JsonSchema,
    array,
    enum,
    mapping,
    nullable,
    obj,
)
from .capacity import STATUSES

DIRECTION = enum(["ds", "us"])
LOCAL_DATE: JsonSchema = {"type": "string", "format": "date", "description": "Local date"}
CLOCK: JsonSchema = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "description": "HH:MM"}
INDEX = nullable({**NUMBER, "minimum": 0, "maximum": 100, "description": "0-100, null: no QAM"})
PERCENT: JsonSchema = {**NUMBER, "minimum": 0, "maximum": 100}
COUNT: JsonSchema = {**INTEGER, "minimum": 0}
MBPS = nullable({**NUMBER, "description": "Mbit/s"})
DISTRIBUTION = mapping({**PERCENT, "description": "Share of observations in percent"})

_SHARED_COUNTS: dict[str, JsonSchema] = {
    "health_index": INDEX,
    "low_qam_pct": PERCENT,
    "distribution": DISTRIBUTION,
    "degraded_channel_count": COUNT,
    "sample_count": {**COUNT, "description": "Channel observations"},
    "numeric_sample_count": COUNT,
    "low_qam_sample_count": COUNT,
}

GROUP_DAY: JsonSchema = obj({"date": LOCAL_DATE, **_SHARED_COUNTS})

PROTOCOL_GROUP: JsonSchema = obj(
    {
        "docsis_version": STRING,
        "max_qam": STRING,
        "channel_count": COUNT,
        "channel_ids": array(INTEGER),
        **_SHARED_COUNTS,
        "dominant_modulation": nullable(STRING),
        "days": array(GROUP_DAY),
    }
)

CAPACITY: JsonSchema = obj(
    {
        "direction": enum(["downstream", "upstream"]),
        "sample_count": {**COUNT, "description": "Polls with channels in this direction"},
        "capacity_sample_count": COUNT,
        "capacity_min_mbps": MBPS,
        "capacity_avg_mbps": MBPS,
        "capacity_max_mbps": MBPS,
        "capacity_current_mbps": MBPS,
        "tariff_mbps": MBPS,
        "tariff_met_sample_count": nullable(COUNT),
        "below_tariff_sample_count": nullable(COUNT),
        "tariff_met_pct": nullable(PERCENT),
        "calculated_channel_samples": COUNT,
        "total_channel_samples": COUNT,
        "unsupported_channel_samples": COUNT,
        "unsupported_channel_families": mapping(COUNT),
        "coverage_pct": PERCENT,
        "full_coverage_sample_count": COUNT,
        "status": enum(STATUSES),
    }
)
CAPACITY_HISTORY: JsonSchema = obj({"downstream": CAPACITY, "upstream": CAPACITY})

DISTRIBUTION_ANSWER: JsonSchema = obj(
    {
        "direction": DIRECTION,
        "protocol_groups": array(PROTOCOL_GROUP),
        "aggregate": obj({"health_index": INDEX, "low_qam_pct": PERCENT}),
        "sample_count": {**COUNT, "description": "Polls in the window"},
        "expected_samples": {**COUNT, "description": "Days with polls x median polls a day"},
        "sample_density": {**NUMBER, "minimum": 0, "maximum": 1},
        "disclaimer": STRING,
        "capacity_history": CAPACITY_HISTORY,
    }
)

DEGRADED_EVENT: JsonSchema = obj(
    {
        "start": CLOCK,
        "end": CLOCK,
        "label": STRING,
        "qam": INTEGER,
        "count": COUNT,
        "hours": {**NUMBER, "description": "Polls x the day's poll interval"},
        "duration_minutes": COUNT,
        "pct": PERCENT,
        "point_in_time": BOOLEAN,
    }
)

INTRADAY_CHANNEL: JsonSchema = obj(
    {
        "channel_id": INTEGER,
        "frequency": STRING,
        "health_index": INDEX,
        "degraded": BOOLEAN,
        "summary": {**STRING, "examples": ["4.5h (30%) at 16QAM between 14:00\u201318:30"]},
        "degraded_events": array(DEGRADED_EVENT),
        "degraded_sample_pct": PERCENT,
        "worst_modulation": {**STRING, "description": "Empty when never degraded"},
        "timeline": array(obj({"time": CLOCK, "modulation": STRING})),
    }
)

INTRADAY_ANSWER: JsonSchema = obj(
    {
        "direction": DIRECTION,
        "date": LOCAL_DATE,
        "protocol_groups": array(
            obj({"docsis_version": STRING, "max_qam": STRING, "channels": array(INTRADAY_CHANNEL)})
        ),
        "disclaimer": STRING,
        "capacity_history": CAPACITY_HISTORY,
    }
)

TREND_ANSWER: JsonSchema = array(
    obj(
        {
            "date": LOCAL_DATE,
            "health_index": INDEX,
            "low_qam_pct": PERCENT,
            "dominant_modulation": nullable(STRING),
            "sample_count": {**COUNT, "description": "Channel observations that day"},
        }
    )
)
