"""What the connection-monitor routes answer (JSON Schema for the API document and the tests)."""

from __future__ import annotations

from ..http.schema import (
    BOOLEAN,
    EPOCH_SECONDS,
    FLAG,
    INTEGER,
    NUMBER,
    STRING,
    TIMESTAMP,
    array,
    enum,
    mapping,
    nullable,
    obj,
)
from .rollup import ORDER
from .service import PROBE_METHODS

MS = nullable(NUMBER)

TARGET = obj(
    {
        "id": INTEGER,
        "label": STRING,
        "host": {**STRING, "description": "Empty when the target has none (disabled)"},
        "enabled": BOOLEAN,
        "poll_interval_ms": INTEGER,
        "probe_method": enum(PROBE_METHODS),
        "tcp_port": INTEGER,
        "is_demo": BOOLEAN,
        "created_at": EPOCH_SECONDS,
    }
)
CREATED = obj({"id": INTEGER})

#: A raw sample (timeout and probe_method) or a bucket of a tier (avg_latency_ms).
SAMPLE = obj(
    {
        "timestamp": {**NUMBER, "description": "Epoch seconds (the bucket start for buckets)"},
        "bucket_seconds": nullable(INTEGER),
        "latency_ms": MS,
        "min_latency_ms": MS,
        "max_latency_ms": MS,
        "p95_latency_ms": MS,
        "packet_loss_pct": nullable(NUMBER),
        "sample_count": INTEGER,
    },
    {
        "avg_latency_ms": MS,
        "timeout": FLAG,
        "probe_method": STRING,
    },
)
SAMPLE_META = obj(
    {
        "resolution": enum(ORDER),
        "bucket_seconds": nullable(INTEGER),
        "blended": BOOLEAN,
        "mixed": BOOLEAN,
        "tiers_used": array(enum(ORDER)),
    }
)
SAMPLES = obj({"meta": SAMPLE_META, "samples": array(SAMPLE)})

_LATENCY = {
    "sample_count": INTEGER,
    "avg_latency_ms": MS,
    "min_latency_ms": MS,
    "max_latency_ms": MS,
    "packet_loss_pct": nullable(NUMBER),
}
TARGET_STATS = obj({**_LATENCY, "latency_count": INTEGER, "p95_latency_ms": MS})
STATS = mapping(TARGET_STATS)
SUMMARY = mapping(obj({"label": STRING, "host": STRING, "enabled": BOOLEAN, **_LATENCY}))

OUTAGE = obj(
    {
        "start": {**NUMBER, "description": "Epoch seconds of the first timeout"},
        "end": {**nullable(NUMBER), "description": "The first answer after it; null: ongoing"},
        "duration_seconds": NUMBER,
        "timeout_count": INTEGER,
    }
)
OUTAGES = array(OUTAGE)

TRACE = obj(
    {
        "id": INTEGER,
        "trace_id": INTEGER,
        "target_id": INTEGER,
        "timestamp": TIMESTAMP,
        "trigger_reason": enum(("manual", "outage", "packet_loss")),
        "reached_target": BOOLEAN,
        "hop_count": INTEGER,
        "route_fingerprint": STRING,
    }
)
HOP = obj(
    {
        "hop_index": INTEGER,
        "hop_ip": nullable(STRING),
        "hop_host": nullable(STRING),
        "latency_ms": MS,
        "probes_responded": INTEGER,
    }
)
TRACE_WITH_HOPS = obj({**TRACE["properties"], "hops": array(HOP)})
TRACES = array(TRACE)

PINNED_DAY = obj(
    {
        "date": {"type": "string", "format": "date"},
        "label": nullable(STRING),
        "created_at": EPOCH_SECONDS,
        "utc_start": EPOCH_SECONDS,
        "utc_end": {**EPOCH_SECONDS, "description": "Epoch seconds after the day (exclusive)"},
    }
)
PINNED_DAYS = array(PINNED_DAY)

CAPABILITY = obj({"method": enum(("icmp", "tcp"))}, {"reason": STRING, "hint": STRING})
