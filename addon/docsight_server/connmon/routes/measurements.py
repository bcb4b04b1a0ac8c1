"""Routes for measurements: samples, statistics, the 60-second summary, outages, export."""

from __future__ import annotations

import time
from typing import Any

from aiohttp import web

from ...api.routing import inputs
from ...http.errors import ApiError
from ...http.responses import json_bytes, json_cached
from ...http.schema import Reply, error, text
from .. import schemas
from ..validation import EXPORT_QUERY, OUTAGES_QUERY, RANGE, SAMPLES_QUERY
from .common import (
    NO_TARGET,
    TARGET_ID,
    context_of,
    monitor_of,
    route,
    store_of,
    target_of,
    time_range,
)

SUMMARY_WINDOW_S = 60


async def get_samples(request: web.Request) -> web.Response:
    """Return a target's samples in the upstream envelope ({meta, samples})."""
    target = await target_of(request)
    start, end = time_range(request)
    query = inputs(request).query
    body = await store_of(request).reader.samples_json(
        int(target["id"]),
        start,
        end,
        resolution=query["resolution"],
        limit=query["limit"],
        max_points=query.get("max_points"),
    )
    return json_cached(body)


async def get_stats(request: web.Request) -> web.Response:
    """Return per-target statistics over a range."""
    start, end = time_range(request)
    return json_bytes(await store_of(request).stats.between(start, end))


def _summary_entry(target: dict[str, Any], stats: dict[str, Any]) -> dict[str, Any]:
    return {
        "label": target["label"],
        "host": target["host"],
        "enabled": target["enabled"],
        "sample_count": stats.get("sample_count", 0),
        "avg_latency_ms": stats.get("avg_latency_ms"),
        "min_latency_ms": stats.get("min_latency_ms"),
        "max_latency_ms": stats.get("max_latency_ms"),
        "packet_loss_pct": stats.get("packet_loss_pct"),
    }


async def get_summary(request: web.Request) -> web.Response:
    """Return each target's statistics over the last 60 s ({} when the monitor is off)."""
    monitor = monitor_of(request)
    if not monitor.active:
        return json_bytes({})
    store = monitor.store
    targets = await store.targets.all()
    ids = [int(target["id"]) for target in targets]
    window = await store.stats.since(time.time() - SUMMARY_WINDOW_S, ids)
    summary = {
        str(target["id"]): _summary_entry(target, window.get(int(target["id"])) or {})
        for target in targets
    }
    return json_bytes(summary)


async def get_outages(request: web.Request) -> web.Response:
    """Return a target's outages: runs of at least `threshold` consecutive timeouts."""
    target = await target_of(request)
    start, end = time_range(request)
    threshold = inputs(request).query.get("threshold")
    if threshold is None:
        setting = context_of(request).settings.get("connection_monitor_outage_threshold")
        threshold = int(setting or 5)
    outages = await store_of(request).reader.outages(int(target["id"]), start, end, threshold)
    return json_bytes(outages)


async def export_samples(request: web.Request) -> web.Response:
    """Return a target's samples as a CSV or ping-log download (server-local times)."""
    target = await target_of(request)
    query = inputs(request).query
    fmt, resolution = query["format"], query["resolution"]
    if fmt == "pinglog" and resolution != "raw":
        raise ApiError(400, "format pinglog lists raw samples: use resolution=raw")
    start, end = time_range(request)
    host = str(target.get("host") or "-") if fmt == "pinglog" else None
    body = await store_of(request).reader.export_text(
        int(target["id"]),
        resolution,
        start,
        end,
        context_of(request).local_zone(),
        pinglog_host=host,
    )
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    extension, content_type = ("txt", "text/plain") if fmt == "pinglog" else ("csv", "text/csv")
    filename = f"connection-monitor-{target['id']}-{resolution}-{stamp}.{extension}"
    return web.Response(
        text=body,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def get_capability(request: web.Request) -> web.Response:
    """Return the probe method in use (icmp or tcp) and why."""
    return json_bytes(monitor_of(request).capability().as_json())


ROUTES = (
    route(
        "GET",
        f"/samples/{TARGET_ID}",
        get_samples,
        "A target's samples ({meta, samples}) at a chosen or automatic resolution",
        {
            200: Reply("Envelope {meta, samples}, oldest first", schemas.SAMPLES),
            400: error("Bad parameter"),
            404: NO_TARGET,
        },
        query=SAMPLES_QUERY,
    ),
    route(
        "GET",
        "/stats",
        get_stats,
        "Per-target latency (avg/min/max/P95), loss and counts over a range",
        {
            200: Reply("Statistics by target id", schemas.STATS),
            400: error("Bad parameter"),
        },
        query=RANGE,
    ),
    route(
        "GET",
        "/summary",
        get_summary,
        "Per-target statistics over the last 60 s ({} when the monitor is disabled)",
        {200: Reply("Statistics of the last 60 s by target id", schemas.SUMMARY)},
    ),
    route(
        "GET",
        f"/outages/{TARGET_ID}",
        get_outages,
        "A target's outages (runs of consecutive timeouts)",
        {200: Reply("Outages, oldest first", schemas.OUTAGES), 404: NO_TARGET},
        query=OUTAGES_QUERY,
    ),
    route(
        "GET",
        f"/export/{TARGET_ID}",
        export_samples,
        "A target's samples as CSV (columns per resolution) or a raw ping log",
        {
            200: text(
                "CSV download (a plain-text ping log with format=pinglog)", "text/csv", "text/plain"
            ),
            400: error("Bad format or parameter"),
            404: NO_TARGET,
        },
        query=EXPORT_QUERY,
    ),
    route(
        "GET",
        "/capability",
        get_capability,
        "How targets are probed (icmp or tcp) and why",
        {200: Reply("The probe method and why", schemas.CAPABILITY)},
    ),
)
