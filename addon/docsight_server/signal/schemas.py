"""What the signal routes answer: JSON Schemas for the OpenAPI document and the route tests."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Float, Integer
from sqlalchemy.types import TypeEngine

from ..http.schema import (
    ANY,
    BOOLEAN,
    FLAG,
    INTEGER,
    NUMBER,
    STRING,
    TIMESTAMP,
    TRUE,
    JsonSchema,
    array,
    enum,
    mapping,
    nullable,
    obj,
)
from ..storage.schema import SNAPSHOT_SCALARS

OBJECT: JsonSchema = {"type": "object"}
HEALTH_LEVEL = nullable(STRING)


def _column_schema(kind: type[TypeEngine[Any]] | TypeEngine[Any]) -> JsonSchema:
    cls = kind if isinstance(kind, type) else type(kind)
    if issubclass(cls, Boolean):
        return BOOLEAN
    if issubclass(cls, Integer):
        return INTEGER
    if issubclass(cls, Float):
        return NUMBER
    return STRING


#: Every scalar summary field (one stored column each), null when the modem does not say.
SUMMARY_SCALARS: dict[str, JsonSchema] = {
    name: nullable(_column_schema(kind)) for name, kind in SNAPSHOT_SCALARS.items()
}

_SUMMARY_FIELDS: dict[str, JsonSchema] = {
    **SUMMARY_SCALARS,
    "health_issues": array(STRING),
    "error_counter_coverage": OBJECT,
    "capacity_coverage": OBJECT,
    "signal_families": OBJECT,
}
SUMMARY = obj({"health": nullable(STRING), "health_issues": array(STRING)}, _SUMMARY_FIELDS)

_CHANNEL_REQUIRED: dict[str, JsonSchema] = {
    "channel_id": INTEGER,
    "frequency": STRING,
    "power": nullable(NUMBER),
    "modulation": nullable(STRING),
    "docsis_version": STRING,
    "channel_family": STRING,
    "health": STRING,
    "health_detail": STRING,
}
_CHANNEL_OPTIONAL: dict[str, JsonSchema] = {
    "snr": nullable(NUMBER),
    "correctable_errors": nullable(INTEGER),
    "uncorrectable_errors": nullable(INTEGER),
    "multiplex": nullable(STRING),
    "profile_modulation": nullable(STRING),
    "theoretical_bitrate": nullable(NUMBER),
    "power_health": HEALTH_LEVEL,
    "snr_health": HEALTH_LEVEL,
    "modulation_health": HEALTH_LEVEL,
}
#: One assessed downstream or upstream channel (snr and counters are downstream only).
CHANNEL = obj(_CHANNEL_REQUIRED, _CHANNEL_OPTIONAL)
#: A channel of /api/channels: with its stable selector.
SELECTED_CHANNEL = obj(
    {
        **_CHANNEL_REQUIRED,
        "selector": STRING,
        "selector_required": BOOLEAN,
        "legacy_channel_id": nullable(INTEGER),
    },
    _CHANNEL_OPTIONAL,
)

#: What the primary collector returns: the modem and demo collectors give all three parts.
ANALYSIS = obj(
    optional={
        "summary": obj(optional=_SUMMARY_FIELDS),
        "ds_channels": array(CHANNEL),
        "us_channels": array(CHANNEL),
    }
)
CHANNELS = obj(
    {
        "ds_channels": array(SELECTED_CHANNEL),
        "us_channels": array(SELECTED_CHANNEL),
        "summary": nullable(SUMMARY),
    }
)
SNAPSHOT = obj(
    {
        "snapshot_id": INTEGER,
        "timestamp": TIMESTAMP,
        "summary": SUMMARY,
        "ds_channels": array(CHANNEL),
        "us_channels": array(CHANNEL),
        "analysis_meta": nullable(OBJECT),
        "raw_data": ANY,
    }
)
SNAPSHOT_TIMES = array(TIMESTAMP)
_COUNTER_COVERAGE = dict.fromkeys(
    (
        "total_channels",
        "correctable_channels",
        "uncorrectable_channels",
        "comparable_channels",
        "partial_channels",
        "unsupported_channels",
    ),
    INTEGER,
)
_CAPACITY_COUNTS = obj({"calculated": INTEGER, "total": INTEGER, "unsupported": INTEGER})
_FAMILY_METRIC = obj(
    {"available": BOOLEAN, "health": STRING},
    {"min": nullable(NUMBER), "avg": nullable(NUMBER), "max": nullable(NUMBER)},
)
_FAMILY_OVERVIEW = obj(
    {
        "family": STRING,
        "count": INTEGER,
        "health": STRING,
        "health_cause": nullable(STRING),
        "health_counts": mapping(INTEGER),
        "health_driver": nullable(OBJECT),
        "power": _FAMILY_METRIC,
        "modulation": OBJECT,
    },
    {"snr": _FAMILY_METRIC, "mer": _FAMILY_METRIC},
)
_DIRECTION_FAMILIES = obj({"health": STRING, "families": mapping(_FAMILY_OVERVIEW)})
#: The summary parts without a column, as a trends row carries them (upstream's shapes vary,
#: so every object allows more fields).
TREND_SUMMARY_PARTS: dict[str, JsonSchema] = {
    "error_counter_coverage": obj(
        {**_COUNTER_COVERAGE, "families": mapping(obj(_COUNTER_COVERAGE))}
    ),
    "capacity_coverage": obj({"downstream": _CAPACITY_COUNTS, "upstream": _CAPACITY_COUNTS}),
    "signal_families": obj({"downstream": _DIRECTION_FAMILIES, "upstream": _DIRECTION_FAMILIES}),
    "error_baseline": OBJECT,
    "spike_suppression": OBJECT,
}
#: A trends row: the signal core's rows carry the whole stored summary of their snapshot,
#: other features' rows (with a `source`) their own fields.
TREND_ROW = obj(
    {"timestamp": TIMESTAMP},
    {
        **SUMMARY_SCALARS,
        "health_issues": array(STRING),
        **TREND_SUMMARY_PARTS,
        "source": STRING,
    },
)

_POINT = {
    "timestamp": TIMESTAMP,
    "power": nullable(NUMBER),
    "snr": nullable(NUMBER),
    "correctable_errors": nullable(INTEGER),
    "uncorrectable_errors": nullable(INTEGER),
    "modulation": nullable(STRING),
}
CHANNEL_HISTORY = array(obj({**_POINT, "health": STRING}))
CHANNEL_COMPARE = mapping(array(obj({**_POINT, "frequency": STRING})))

DEVICE = obj(
    optional={
        "manufacturer": nullable(STRING),
        "model": nullable(STRING),
        "hw_version": nullable(STRING),
        "sw_version": nullable(STRING),
        "docsis_status": nullable(STRING),
        "uptime_seconds": nullable(INTEGER),
        "reboot_reason": nullable(STRING),
        "wan_ipv4": nullable(STRING),
        "wan_ipv6": nullable(STRING),
    }
)
CONNECTION = obj(
    {
        "isp_name": nullable(STRING),
        "connection_type": nullable(STRING),
        "max_downstream_kbps": nullable(INTEGER),
        "max_upstream_kbps": nullable(INTEGER),
    }
)
_BAND = array(NUMBER)
THRESHOLDS = obj(
    {
        "id": STRING,
        "version": STRING,
        "name": STRING,
        "downstream_power": mapping(obj({"good": _BAND, "warning": _BAND, "critical": _BAND})),
        "upstream_power": mapping(obj({"good": _BAND, "warning": _BAND, "critical": _BAND})),
        "snr": mapping(obj({"good_min": NUMBER, "warning_min": NUMBER, "critical_min": NUMBER})),
        "upstream_modulation": obj({"critical_max_qam": INTEGER, "warning_max_qam": INTEGER}),
        "errors": OBJECT,
    }
)

_GENRE = enum(("ok", "warn", "bad"))
GAMING_SCORE = obj(
    {
        "enabled": BOOLEAN,
        "score": nullable(INTEGER),
        "grade": nullable(STRING),
        "has_speedtest": BOOLEAN,
        "components": mapping(obj({"score": NUMBER, "weight": NUMBER})),
        "genres": obj({"fps": _GENRE, "moba": _GENRE, "mmo": _GENRE, "strategy": _GENRE}),
        "raw": OBJECT,
    }
)
#: What an event says, in the events list and as a correlation timeline entry.
_EVENT_TEXT: dict[str, JsonSchema] = {"severity": STRING, "event_type": STRING, "message": STRING}
#: One entry of the correlation timeline; each source adds its own fields.
CORRELATION_ENTRY = obj(
    {"timestamp": TIMESTAMP, "source": STRING},
    {"health": nullable(STRING), **_EVENT_TEXT, "details": ANY},
)
CORRELATION = array(CORRELATION_ENTRY)

EVENT = obj(
    {
        "id": INTEGER,
        "timestamp": TIMESTAMP,
        **_EVENT_TEXT,
        "details": nullable(OBJECT),
        "acknowledged": FLAG,
    }
)
EVENTS_PAGE = obj(
    {"events": array(EVENT), "unacknowledged_count": INTEGER},
    {"page": INTEGER, "per_page": INTEGER, "total": INTEGER},
)
EVENT_COUNT = obj({"count": INTEGER})
ACKNOWLEDGED_ALL = obj({"success": TRUE, "count": INTEGER})
LLM_REPORT = obj({"text": STRING})

POLLED = obj({"success": TRUE, "analysis": ANALYSIS})
#: A failure names the unreadable page and a hint (capture the pages) where it can.
_FAILURE_DETAILS = {
    "page": {**STRING, "description": "The modem path that could not be read"},
    "hint": {**STRING, "description": "What the user can do about the failure"},
}
MODEM_TEST = obj(
    {"success": BOOLEAN},
    {"model": STRING, "error": STRING, "error_kind": STRING, **_FAILURE_DETAILS},
)
COLLECTOR_STATUS = obj(
    {
        "name": STRING,
        "enabled": BOOLEAN,
        "consecutive_failures": INTEGER,
        "penalty_seconds": INTEGER,
        "poll_interval": INTEGER,
        "effective_interval": INTEGER,
        "last_poll": NUMBER,
        "next_poll_in": INTEGER,
        "last_error": nullable(STRING),
        "primary": BOOLEAN,
    },
    {
        "driver": STRING,
        "driver_notes": array(STRING),
        # Present while the last scheduled run failed.
        "last_error_kind": {**STRING, "description": "auth, timeout, unexpected_page, ..."},
        "last_error_page": _FAILURE_DETAILS["page"],
        "hint": _FAILURE_DETAILS["hint"],
    },
)
COLLECTORS_STATUS = array(COLLECTOR_STATUS)
DRIVER = obj(
    {
        "key": STRING,
        "name": STRING,
        "default_url": STRING,
        "default_user": STRING,
        "username_required": BOOLEAN,
        "credentials_required": BOOLEAN,
        "models": STRING,
        "login_method": STRING,
    }
)
DRIVERS = obj({"drivers": array(DRIVER), "count": INTEGER})
PROBE_MATCH = obj({"key": STRING, "name": STRING, "confidence": INTEGER, "url": STRING})
PROBE_RESULT = obj(
    {
        "success": BOOLEAN,
        "modem_type": nullable(STRING),
        "modem_url": nullable(STRING),
        "matches": array(PROBE_MATCH),
    }
)
MODEM_CAPTURE = obj(
    {
        "name": STRING,
        "path": STRING,
        "requests": INTEGER,
        "ok": BOOLEAN,
        "error": nullable(STRING),
        "ds_channels": INTEGER,
        "us_channels": INTEGER,
    }
)
MODEM_CAPTURE_FILE = obj(
    {
        "format": {"const": "docsight-modem-capture"},
        "version": INTEGER,
        "driver": STRING,
        "captured_at": TIMESTAMP,
        "product_version": STRING,
        "redacted": array(STRING),
        "notes": array(STRING),
        "exchanges": array(OBJECT),
        "outcome": OBJECT,
    }
)
