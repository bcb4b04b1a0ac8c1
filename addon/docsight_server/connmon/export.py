"""Connection-monitor exports: spreadsheet-safe CSV (raw or aggregated) and a text ping log."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime, tzinfo
from typing import Any

from .rollup import BucketStats, loss_pct, to_ms

RAW_COLUMNS = ("datetime", "latency_ms", "timeout", "probe_method")
AGGREGATED_COLUMNS = (
    "datetime",
    "avg_latency_ms",
    "min_latency_ms",
    "max_latency_ms",
    "p95_latency_ms",
    "packet_loss_pct",
    "sample_count",
)
#: A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: Any) -> Any:
    """Return a cell value that a spreadsheet will not evaluate (text gets a leading quote)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def local_text(ts: float, tz: tzinfo) -> str:
    """Format epoch seconds as naive local time YYYY-MM-DD HH:MM:SS in `tz`."""
    return datetime.fromtimestamp(ts, tz).strftime("%Y-%m-%d %H:%M:%S")


def _render(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return buffer.getvalue()


def raw_csv(samples: Iterable[tuple[float, float | None, str]], tz: tzinfo) -> str:
    """Return CSV text for raw samples given as (ts, latency_ms or None for a timeout, method)."""
    return _render(
        RAW_COLUMNS,
        (
            (local_text(ts, tz), latency, 1 if latency is None else 0, method)
            for ts, latency, method in samples
        ),
    )


def aggregated_csv(buckets: Iterable[BucketStats], tz: tzinfo) -> str:
    """Return CSV text for rollup buckets."""
    return _render(
        AGGREGATED_COLUMNS,
        (
            (
                local_text(bucket.bucket_start, tz),
                to_ms(bucket.avg_us),
                to_ms(bucket.min_us),
                to_ms(bucket.max_us),
                to_ms(bucket.p95_us),
                loss_pct(bucket.timeouts, bucket.sample_count),
                bucket.sample_count,
            )
            for bucket in buckets
        ),
    )


def pinglog(samples: Iterable[tuple[float, float | None, str]], host: str, tz: tzinfo) -> str:
    """Return a ping log, one line per raw sample: local time with ms, zone, host, outcome."""
    lines = []
    for ts, latency, method in samples:
        moment = datetime.fromtimestamp(ts, tz)
        stamp = f"{moment:%Y-%m-%d %H:%M:%S}.{moment.microsecond // 1000:03d} {moment:%Z}"
        outcome = "timeout - -" if latency is None else f"pong {latency:.2f} ms"
        lines.append(f"{stamp} {host} {outcome} {method}\n")
    return "".join(lines)
