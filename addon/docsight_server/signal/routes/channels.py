"""Signal data: snapshots, trends, channels, thresholds and channel history."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

import orjson
from aiohttp import web

from ...analysis.selectors import annotate_selectors
from ...analysis.thresholds import public_profile
from ...analysis.windows import RANGES, WindowError, rolling, window
from ...api.cache import response_cache
from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...http.errors import ApiError
from ...http.keys import CONTEXT
from ...http.responses import json_bytes, json_cached
from ...http.schema import Reply, array, error
from ...http.validation import MAX_QUERY_INT, Fields, Int, OneOf, Spec
from ...timeutil import iso_utc_many, now_epoch
from ..history import (
    DIRECTIONS,
    AmbiguousChannelError,
    channel_points,
    merge_samples,
    series_for_channel,
    series_for_selector,
)
from ..schemas import (
    CHANNEL_COMPARE,
    CHANNEL_HISTORY,
    CHANNELS,
    SNAPSHOT,
    SNAPSHOT_TIMES,
    THRESHOLDS,
    TREND_ROW,
)
from ..trend_body import trend_response
from ..trend_rows import scalar_rows
from ..validation import (
    DAYS,
    DIRECTION,
    ROLLING_RANGE,
    SELECTOR,
    TREND_RANGE,
    CalendarDay,
    CommaList,
    SnapshotTime,
)

MAX_COMPARE = 64
UNKNOWN_CHANNEL = "Unknown channel"


async def list_snapshots(request: web.Request) -> web.Response:
    """Return every snapshot time, newest first (UTC, Z)."""
    store = request.app[CONTEXT].signal

    async def build() -> bytes:
        return orjson.dumps(iso_utc_many(await store.timestamps()))

    return json_cached(await response_cache(request).get("snapshots", store.version, build))


async def get_snapshot(request: web.Request) -> web.Response:
    """Return one stored snapshot in full."""
    snapshot = await request.app[CONTEXT].signal.at(inputs(request).path["timestamp"])
    if snapshot is None:
        raise ApiError(404, "Snapshot not found")
    keys = ("snapshot_id", "timestamp", "summary", "ds_channels", "us_channels")
    body = {key: snapshot[key] for key in keys}
    body["analysis_meta"] = snapshot["analysis_meta"]
    body["raw_data"] = snapshot["raw_data"]
    return json_bytes(body)


async def get_trends(request: web.Request) -> web.StreamResponse:
    """Return trend rows for a rolling range or a legacy day/week/month view."""
    context = request.app[CONTEXT]
    query = inputs(request).query
    range_name = query["range"]
    try:
        start, end = window(range_name, query.get("date"), now_epoch(), context.local_zone())
    except WindowError as err:
        raise ApiError(400, str(err)) from err
    source_rows: list[dict[str, Any]] = []
    if range_name in RANGES:
        for source in context.registries.trend_sources:
            source_rows.extend(await source(context, start, end))
    if query["fields"] == "scalars":
        rows = [*await scalar_rows(context.signal, start, end), *source_rows]
        rows.sort(key=itemgetter("timestamp"))  # stable: modem rows first on a tie
        return json_bytes(rows)
    return await trend_response(request, context.signal, start, end, source_rows)


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


def history_window(query: dict[str, Any]) -> tuple[int, int]:
    """Return the window from `range` (1h…90d) or legacy `days` (1-90, default 7)."""
    now = now_epoch()
    range_name = query.get("range")
    if range_name is not None:
        try:
            return rolling(range_name, now)
        except WindowError as err:
            raise ApiError(400, str(err)) from err
    return now - int(query["days"]) * 86400, now


async def get_channel_history(request: web.Request) -> web.Response:
    """Return one channel's power, SNR, counters, modulation and health over time."""
    context = request.app[CONTEXT]
    query = inputs(request).query
    direction = DIRECTIONS[query["direction"]]
    selector: str | None = query.get("selector")
    channel_id: int | None = query.get("channel_id")
    if selector is None and channel_id is None:
        raise ApiError(400, "selector or channel_id is required")
    start, end = history_window(query)
    all_series = await context.signal.all_series()
    if selector is not None:
        series = series_for_selector(all_series, direction, selector)
    else:
        series = series_for_channel(all_series, direction, int(channel_id or 0))
    if not series:  # retention keeps series when it drops samples: none means never seen
        raise ApiError(404, UNKNOWN_CHANNEL)
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


def _compare_keys(query: dict[str, Any]) -> tuple[str, list[str]]:
    if "selectors" in query:
        kind, keys = "selector", query["selectors"]
    elif "channels" in query:
        kind, keys = "channel", query["channels"]
    else:
        raise ApiError(400, "selectors or channels is required")
    if not keys:
        raise ApiError(400, "At least one channel is required")
    if len(keys) > MAX_COMPARE:
        raise ApiError(400, f"At most {MAX_COMPARE} channels can be compared")
    return kind, keys


async def get_channel_compare(request: web.Request) -> web.Response:
    """Return several channels' histories keyed by the requested selector or id."""
    context = request.app[CONTEXT]
    query = inputs(request).query
    direction = DIRECTIONS[query["direction"]]
    kind, keys = _compare_keys(query)
    start, end = history_window(query)
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


TRENDS_QUERY = Fields(
    {
        "range": TREND_RANGE,
        "date": Spec(CalendarDay(), description="Last day of a legacy view (default today)"),
        "fields": Spec(
            OneOf(("all", "scalars")),
            default="all",
            description=(
                "all (default): every summary field of each snapshot, as upstream; scalars: "
                "only the scalar fields and health_issues (about a fifth of the bytes; the "
                "web UI's charts ask for these)"
            ),
        ),
    },
    ignore_unknown=True,
)
HISTORY_QUERY = Fields(
    {
        "selector": SELECTOR,
        "channel_id": Spec(
            Int(minimum=0, maximum=MAX_QUERY_INT, from_text=True),
            description="Channel id (when unambiguous; else selector)",
        ),
        "direction": DIRECTION,
        "range": ROLLING_RANGE,
        "days": DAYS,
    },
    ignore_unknown=True,
)
COMPARE_QUERY = Fields(
    {
        "selectors": Spec(CommaList(), description="Comma-separated selectors"),
        "channels": Spec(CommaList(integers=True), description="Comma-separated channel ids"),
        "direction": DIRECTION,
        "range": ROLLING_RANGE,
        "days": DAYS,
    },
    ignore_unknown=True,
)
_BAD_QUERY = error("Missing or invalid parameter")

ROUTES = (
    RouteDef(
        "GET",
        "/api/snapshots",
        list_snapshots,
        Access.AUTH,
        "Every snapshot time, newest first (UTC, Z)",
        "signal",
        responses={200: Reply("Snapshot times", SNAPSHOT_TIMES)},
    ),
    RouteDef(
        "GET",
        "/api/snapshots/{timestamp}",
        get_snapshot,
        Access.AUTH,
        "One stored snapshot in full",
        "signal",
        path_params={"timestamp": SnapshotTime()},
        responses={
            200: Reply("The snapshot", SNAPSHOT),
            400: error("Not a timestamp"),
            404: error("Snapshot not found"),
        },
    ),
    RouteDef(
        "GET",
        "/api/trends",
        get_trends,
        Access.AUTH,
        "Summary rows over a rolling range or a legacy day/week/month view",
        "signal",
        query=TRENDS_QUERY,
        responses={
            200: Reply("Rows, oldest first", array(TREND_ROW)),
            400: error("Invalid range or date"),
        },
    ),
    RouteDef(
        "GET",
        "/api/channels",
        get_channels,
        Access.AUTH,
        "Latest channels with selectors, and the current summary",
        "signal",
        responses={200: Reply("Channels (empty before the first poll)", CHANNELS)},
    ),
    RouteDef(
        "GET",
        "/api/thresholds",
        get_thresholds,
        Access.AUTH,
        "Active threshold profile",
        "signal",
        responses={200: Reply("The profile", THRESHOLDS)},
    ),
    RouteDef(
        "GET",
        "/api/channel-history",
        get_channel_history,
        Access.AUTH,
        "One channel over time",
        "signal",
        query=HISTORY_QUERY,
        responses={
            200: Reply(
                "Points, oldest first (none when the window holds no readings)", CHANNEL_HISTORY
            ),
            400: _BAD_QUERY,
            404: error("Unknown channel: none with this selector or id in this direction, ever"),
        },
    ),
    RouteDef(
        "GET",
        "/api/channel-compare",
        get_channel_compare,
        Access.AUTH,
        "Several channels over time, keyed by the requested selector or id",
        "signal",
        query=COMPARE_QUERY,
        responses={200: Reply("Points per channel", CHANNEL_COMPARE), 400: _BAD_QUERY},
    ),
)
