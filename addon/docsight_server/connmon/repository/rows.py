"""How connection-monitor values are stored and shown: samples, method codes, raw rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..rollup import BucketStats, to_ms

METHOD_CODES: dict[str, int] = {"icmp": 1, "tcp": 2}
METHOD_NAMES: dict[int, str] = {code: name for name, code in METHOD_CODES.items()}
UNKNOWN_METHOD = "unknown"
SAMPLE_COLUMNS = ("target_id", "ts_ms", "latency_us", "method")

RawRow = tuple[int, int | None, int]  # ts_ms, latency_us (None = timeout), method code


@dataclass(frozen=True, slots=True)
class Sample:
    """One probe result to store (latency_ms None = timeout)."""

    target_id: int
    ts: float
    latency_ms: float | None
    method: str


def to_us(latency_ms: float | None) -> int | None:
    """Convert milliseconds to whole microseconds (None stays None, never negative)."""
    return None if latency_ms is None else max(0, round(latency_ms * 1000))


def method_code(method: str) -> int:
    """Return the stored code of a probe method name (0 for unknown names)."""
    return METHOD_CODES.get(str(method).lower(), 0)


def raw_json(ts_ms: int, latency_us: int | None, code: int) -> dict[str, Any]:
    """Return the API shape of one raw sample."""
    latency = to_ms(latency_us)
    return {
        "timestamp": ts_ms / 1000,
        "bucket_seconds": None,
        "latency_ms": latency,
        "min_latency_ms": latency,
        "max_latency_ms": latency,
        "p95_latency_ms": latency,
        "packet_loss_pct": 100.0 if latency_us is None else 0.0,
        "sample_count": 1,
        "timeout": 1 if latency_us is None else 0,
        "probe_method": METHOD_NAMES.get(code, UNKNOWN_METHOD),
    }


def stats_of_row(row: Any) -> BucketStats:
    """Return the statistics of one stored rollup row."""
    return BucketStats(
        bucket_start=row.bucket_start,
        bucket_seconds=row.bucket_seconds,
        sample_count=row.sample_count,
        timeouts=row.timeouts,
        latency_sum_us=row.latency_sum_us,
        min_us=row.min_us,
        max_us=row.max_us,
        p95_us=row.p95_us,
    )
