"""Signal data: device, connection, snapshots, trends, channels, thresholds, channel history."""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from ..analysis.selectors import annotate_selectors
from ..analysis.thresholds import public_profile
from ..analysis.windows import RANGES, WindowError, rolling, window
from ..auth import Access
from ..context import ServerContext
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.params import choice_param, int_param
from ..http.responses import json_bytes, json_cached
from ..storage.device_repo import load_device_state
from ..timeutil import iso_utc_many, now_epoch, parse_timestamp
from .cache import response_cache
from .history import (
    DIRECTIONS,
    AmbiguousChannelError,
    channel_points,
    merge_samples,
    series_for_channel,
    series_for_selector,
    trend_rows,
)
from .routing import QueryParam, RouteDef

MAX_COMPARE = 64
DEFAULT_HISTORY_DAYS = 7


async def _stored_device(context: ServerContext) -> dict[str, Any] | None:
    async with context.database.read() as connection:
        return await load_device_state(connection)


async def get_device(request: web.Request) -> web.Response:
    """Return the modem's device info (from the last poll, or stored before the first)."""
    context = request.app[CONTEXT]
    info = context.state.device_info
    if not info:
        stored = await _stored_device(context)
        info = stored["device_info"] if stored else {}
    return json_bytes(info)


async def get_connection(request: web.Request) -> web.Response:
    """Return ISP name, connection type and provisioned speeds."""
    context = request.app[CONTEXT]
    info = context.state.connection_info
    if info is None:
        stored = await _stored_device(context)
        info = stored["connection_info"] if stored else {}
    return json_bytes(
        {
            "isp_name": context.settings.get("isp_name") or None,
            "connection_type": info.get("connection_type"),
            "max_downstream_kbps": info.get("max_downstream_kbps"),
            "max_upstream_kbps": info.get("max_upstream_kbps"),
        }
    )


async def list_snapshots(request: web.Request) -> web.Response:
    """Return every snapshot time, newest first (UTC, Z)."""
    store = request.app[CONTEXT].signal

    async def build() -> bytes:
        return orjson.dumps(iso_utc_many(await store.timestamps()))

    return json_cached(await response_cache(request).get("snapshots", store.version, build))


async def get_snapshot(request: web.Request) -> web.Response:
    """Return one stored snapshot in full."""
    text = request.match_info["timestamp"]
    try:
        ts = parse_timestamp(text)
    except ValueError as err:
        raise ApiError(400, "timestamp must be ISO 8601, e.g. 2026-03-10T14:30:00Z") from err
    snapshot = await request.app[CONTEXT].signal.at(ts)
    if snapshot is None:
        raise ApiError(404, "Snapshot not found")
    keys = ("snapshot_id", "timestamp", "summary", "ds_channels", "us_channels")
    body = {key: snapshot[key] for key in keys}
    body["analysis_meta"] = snapshot["analysis_meta"]
    body["raw_data"] = snapshot["raw_data"]
    return json_bytes(body)


async def get_trends(request: web.Request) -> web.Response:
    """Return trend rows for a rolling range or a legacy day/week/month view."""
    context = request.app[CONTEXT]
    range_name = request.query.get("range", "1d")
    try:
        start, end = window(
            range_name, request.query.get("date"), now_epoch(), context.local_zone()
        )
    except WindowError as err:
        raise ApiError(400, str(err)) from err
    rows: list[dict[str, Any]] = await trend_rows(context.signal, start, end)
    if range_name in RANGES:
        for source in context.registries.trend_sources:
            rows.extend(await source(context, start, end))
        rows.sort(key=lambda row: row["timestamp"])
    return json_bytes(rows)


async def get_channels(request: web.Request) -> web.Response:
    """Return the latest stored channels (with selectors) and the current summary."""
    context = request.app[CONTEXT]

    async def build() -> bytes:
        latest = await context.signal.latest()
        summary = context.state.analysis["summary"] if context.state.analysis else None
        if latest is None:
            return orjson.dumps({"ds_channels": [], "us_channels": [], "summary": summary})
        return orjson.dumps(
            {
                "ds_channels": annotate_selectors(latest["ds_channels"]),
                "us_channels": annotate_selectors(latest["us_channels"]),
                "summary": summary if summary is not None else latest["summary"],
            }
        )

    version = (context.signal.version, context.state.snapshot_id)
    return json_cached(await response_cache(request).get("channels", version, build))


async def get_thresholds(_request: web.Request) -> web.Response:
    """Return the active threshold profile."""
    return json_bytes(public_profile())


def history_window(request: web.Request) -> tuple[int, int]:
    """Return the window from `range` (1h…90d) or legacy `days` (1-90, default 7)."""
    now = now_epoch()
    range_name = request.query.get("range")
    if range_name:
        try:
            return rolling(range_name, now)
        except WindowError as err:
            raise ApiError(400, str(err)) from err
    days = int_param(request, "days", DEFAULT_HISTORY_DAYS, minimum=1, maximum=90, clamp=True)
    return now - int(days or DEFAULT_HISTORY_DAYS) * 86400, now


async def get_channel_history(request: web.Request) -> web.Response:
    """Return one channel's power, SNR, counters, modulation and health over time."""
    context = request.app[CONTEXT]
    direction = DIRECTIONS[choice_param(request, "direction", ("ds", "us"), "ds")]
    selector = request.query.get("selector")
    channel_id = int_param(request, "channel_id", None)
    if not selector and channel_id is None:
        raise ApiError(400, "selector or channel_id is required")
    start, end = history_window(request)
    all_series = await context.signal.all_series()
    if selector:
        series = series_for_selector(all_series, direction, selector)
    else:
        series = series_for_channel(all_series, direction, int(channel_id or 0))
    if not series:
        return json_bytes([])
    ids = tuple(item.id for item in series)
    # the same samples in the window give the same answer until the store changes
    bounds = await context.signal.sample_bounds(ids, start, end)

    async def build() -> bytes:
        if len(series) == 1:
            text = await context.signal.history_json(series[0].id, start, end)
            if text is not None:
                return text.encode()
        grouped = await context.signal.samples(ids, start, end)
        try:
            merged = merge_samples(grouped, series)
        except AmbiguousChannelError as err:
            raise ApiError(400, "channel_id matches several channels; use selector") from err
        return orjson.dumps(
            channel_points(context.signal, merged, with_frequency=False, with_health=True)
        )

    cache = response_cache(request)
    return json_cached(await cache.get(("history", ids, bounds), context.signal.version, build))


def _compare_keys(request: web.Request) -> tuple[str, list[str]]:
    selectors = request.query.get("selectors")
    channels = request.query.get("channels")
    if selectors:
        return "selector", [item for item in selectors.split(",") if item]
    if channels:
        keys = [item.strip() for item in channels.split(",") if item.strip()]
        for key in keys:
            try:
                int(key)
            except ValueError as err:
                raise ApiError(400, "channels must be integers separated by commas") from err
        return "channel", keys
    raise ApiError(400, "selectors or channels is required")


async def get_channel_compare(request: web.Request) -> web.Response:
    """Return several channels' histories keyed by the requested selector or id."""
    context = request.app[CONTEXT]
    direction = DIRECTIONS[choice_param(request, "direction", ("ds", "us"), "ds")]
    kind, keys = _compare_keys(request)
    if not keys:
        raise ApiError(400, "At least one channel is required")
    if len(keys) > MAX_COMPARE:
        raise ApiError(400, f"At most {MAX_COMPARE} channels can be compared")
    start, end = history_window(request)
    all_series = await context.signal.all_series()
    wanted = {
        key: series_for_selector(all_series, direction, key)
        if kind == "selector"
        else series_for_channel(all_series, direction, int(key))
        for key in keys
    }
    ids = sorted({item.id for series in wanted.values() for item in series})
    grouped = await context.signal.samples(ids, start, end) if ids else {}
    result = {}
    for key, series in wanted.items():
        try:
            merged = merge_samples(grouped, series)
        except AmbiguousChannelError as err:
            raise ApiError(400, f"channel {key} matches several channels; use selectors") from err
        result[key] = channel_points(context.signal, merged, with_frequency=True, with_health=False)
    return json_bytes(result)


_RANGE = QueryParam("range", {"type": "string", "enum": list(RANGES)}, "Rolling window")
_DIRECTION = QueryParam("direction", {"type": "string", "enum": ["ds", "us"]}, "ds (default) or us")
_DAYS = QueryParam("days", {"type": "integer", "minimum": 1, "maximum": 90}, "Legacy window")

ROUTES = [
    RouteDef("GET", "/api/device", get_device, Access.AUTH, "Modem device info", "signal"),
    RouteDef(
        "GET",
        "/api/connection",
        get_connection,
        Access.AUTH,
        "ISP name, connection type and provisioned speeds",
        "signal",
    ),
    RouteDef(
        "GET",
        "/api/snapshots",
        list_snapshots,
        Access.AUTH,
        "Every snapshot time, newest first (UTC, Z)",
        "signal",
    ),
    RouteDef(
        "GET",
        "/api/snapshots/{timestamp}",
        get_snapshot,
        Access.AUTH,
        "One stored snapshot in full",
        "signal",
        responses={200: "The snapshot", 400: "Not a timestamp", 404: "Snapshot not found"},
    ),
    RouteDef(
        "GET",
        "/api/trends",
        get_trends,
        Access.AUTH,
        "Summary rows over a rolling range or a legacy day/week/month view",
        "signal",
        query=(
            QueryParam(
                "range",
                {"type": "string", "enum": [*RANGES, "day", "week", "month"]},
                "Rolling range (default 1d) or legacy view",
            ),
            QueryParam("date", {"type": "string", "format": "date"}, "Last day of a legacy view"),
        ),
        responses={200: "Rows, oldest first", 400: "Invalid range or date"},
    ),
    RouteDef(
        "GET",
        "/api/channels",
        get_channels,
        Access.AUTH,
        "Latest channels with selectors, and the current summary",
        "signal",
    ),
    RouteDef(
        "GET", "/api/thresholds", get_thresholds, Access.AUTH, "Active threshold profile", "signal"
    ),
    RouteDef(
        "GET",
        "/api/channel-history",
        get_channel_history,
        Access.AUTH,
        "One channel over time",
        "signal",
        query=(
            QueryParam("selector", {"type": "string"}, "Channel selector from /api/channels"),
            QueryParam("channel_id", {"type": "integer"}, "Channel id (when unambiguous)"),
            _DIRECTION,
            _RANGE,
            _DAYS,
        ),
        responses={200: "Points, oldest first", 400: "Missing or invalid parameter"},
    ),
    RouteDef(
        "GET",
        "/api/channel-compare",
        get_channel_compare,
        Access.AUTH,
        "Several channels over time, keyed by the requested selector or id",
        "signal",
        query=(
            QueryParam("selectors", {"type": "string"}, "Comma-separated selectors"),
            QueryParam("channels", {"type": "string"}, "Comma-separated channel ids"),
            _DIRECTION,
            _RANGE,
            _DAYS,
        ),
        responses={200: "Points per channel", 400: "Missing or invalid parameter"},
    ),
]
