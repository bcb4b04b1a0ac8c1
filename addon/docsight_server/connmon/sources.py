"""Connection-monitor rows for /api/trends, /api/correlation and the LLM report."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

from ..outputs.llm_export import EVENT_WINDOW_HOURS
from ..timeutil import iso_utc
from .keys import CONNECTION_MONITOR
from .service import ConnectionMonitor

if TYPE_CHECKING:
    from ..context import ServerContext

SOURCE = "connection_monitor"
TREND_MAX_SPAN_S = 86400
MINUTE = 60
#: Long correlation windows are merged into coarser buckets so the timeline stays small.
CORRELATION_MAX_POINTS = 1440


def _monitor(context: ServerContext) -> ConnectionMonitor:
    return context.services[CONNECTION_MONITOR]


def _row(ts: float, latency: float | None, loss: float | None) -> dict[str, Any]:
    return {
        "timestamp": iso_utc(ts),
        "source": SOURCE,
        "connection_monitor_latency_ms": None if latency is None else round(latency, 2),
        "connection_monitor_packet_loss_pct": None if loss is None else round(loss, 2),
    }


async def trend_rows(context: ServerContext, start: int, end: int) -> list[dict[str, Any]]:
    """Return 1-minute rows for ranges of at most 24 h while the monitor is active."""
    if end - start > TREND_MAX_SPAN_S or not _monitor(context).active:
        return []
    buckets = await _monitor(context).store.series.per_minute(start, end)
    return [
        _row(bucket["bucket_start"], bucket["avg_latency_ms"], bucket["packet_loss_pct"])
        for bucket in buckets
        if bucket.get("sample_count")
    ]


def correlation_bucket_seconds(span: float) -> int:
    """Return the bucket length that keeps a window within CORRELATION_MAX_POINTS entries,
    a whole number of the stored tier it is summed from (1 min, 5 min or 1 h)."""
    wanted = max(span, MINUTE) / CORRELATION_MAX_POINTS
    for tier in (3600, 300, MINUTE):
        if wanted > tier or tier == MINUTE:
            return tier * max(1, math.ceil(wanted / tier))
    return MINUTE


async def correlation_entries(context: ServerContext, start: int, end: int) -> list[dict[str, Any]]:
    """Return latency and loss entries of the window (coarser buckets for long windows)."""
    monitor = _monitor(context)
    if not monitor.active:
        return []
    seconds = correlation_bucket_seconds(end - start)
    buckets = await monitor.store.series.per_bucket(start, end, seconds)
    entries = []
    for bucket in buckets:
        if not bucket.get("sample_count"):
            continue
        entry = _row(bucket["bucket_start"], bucket["avg_latency_ms"], bucket["packet_loss_pct"])
        entry["sample_count"] = int(bucket["sample_count"])
        entries.append(entry)
    return entries


def _number(value: Any, unit: str = "") -> str:
    return "n/a" if value is None else f"{float(value):.1f}{unit}"


async def export_section(context: ServerContext, mode: str) -> str | None:
    """Return the report section: per-target latency, loss and outages of the event window."""
    monitor = _monitor(context)
    targets = await monitor.store.targets.all()
    if not targets:
        return None
    hours = EVENT_WINDOW_HOURS.get(mode, 48)
    end = time.time()
    start = end - hours * 3600
    stats = await monitor.store.stats.between(start, end)
    threshold = int(context.settings.get("connection_monitor_outage_threshold") or 5)
    lines = [
        "## Connection monitor",
        "",
        f"Round-trip latency and packet loss to chosen targets over the last {hours} hours "
        f"(an outage is {threshold} or more lost probes in a row).",
        "",
        "| Target | Probes | Avg latency | P95 latency | Max latency | Packet loss | Outages |",
        "|---|---|---|---|---|---|---|",
    ]
    for target in targets:
        # Host names and addresses stay out: the report is pasted into third-party tools.
        target_stats = stats.get(str(target["id"])) or {}
        outages = await monitor.store.reader.outages(int(target["id"]), start, end, threshold)
        label = str(target["label"]).replace("|", "/")
        lines.append(
            f"| {label} | {target_stats.get('sample_count', 0)} "
            f"| {_number(target_stats.get('avg_latency_ms'), ' ms')} "
            f"| {_number(target_stats.get('p95_latency_ms'), ' ms')} "
            f"| {_number(target_stats.get('max_latency_ms'), ' ms')} "
            f"| {_number(target_stats.get('packet_loss_pct'), ' %')} | {len(outages)} |"
        )
    return "\n".join(lines)
