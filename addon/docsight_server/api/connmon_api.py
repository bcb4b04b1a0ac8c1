"""The connection-monitor API (/api/connection-monitor/...): targets, samples, traces."""

from __future__ import annotations

import ipaddress
import math
import re
import time
from datetime import date, datetime
from typing import Any

from aiohttp import web

from ..auth import Access
from ..connmon.keys import CONNECTION_MONITOR
from ..connmon.service import PROBE_METHODS, ConnectionMonitor
from ..connmon.store import ConnMonStore
from ..connmon.trace import TraceUnavailableError
from ..context import ServerContext
from ..http.errors import ApiError, read_json_object
from ..http.keys import CONTEXT
from ..http.params import choice_param, int_param
from ..http.responses import json_bytes
from ..timeutil import now_epoch
from .routing import QueryParam, RouteDef

PREFIX = "/api/connection-monitor"
MIN_INTERVAL_MS = 1000
MAX_INTERVAL_MS = 3_600_000
MAX_LABEL = 100
MAX_HOST = 253
MAX_ID = 2**63 - 1
MAX_QUERY_INT = 2**31 - 1
SUMMARY_WINDOW_S = 60
RESOLUTIONS = ("auto", "raw", "1min", "5min", "1hr")
EXPORT_RESOLUTIONS = ("raw", "1min", "5min", "1hr")
EXPORT_FORMATS = ("csv", "pinglog")
DEFAULT_SAMPLE_LIMIT = 10_000
DEFAULT_TRACE_LIMIT = 100
MAX_TRACE_LIMIT = 1000
CREATE_KEYS = {"label", "host", "poll_interval_ms", "probe_method", "tcp_port"}
UPDATE_KEYS = CREATE_KEYS | {"enabled"}
PIN_KEYS = {"date", "timestamp", "label"}
#: 9999-12-31T23:59:59Z: the last second every database and datetime can hold.
MAX_EPOCH = 253_402_300_799
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def _no_store(response: web.Response) -> web.Response:
    response.headers["Cache-Control"] = "no-store"
    return response


def _json(data: Any, status: int = 200) -> web.Response:
    return _no_store(json_bytes(data, status))


def _context(request: web.Request) -> ServerContext:
    return request.app[CONTEXT]


def _monitor(request: web.Request) -> ConnectionMonitor:
    return _context(request).services[CONNECTION_MONITOR]


def _store(request: web.Request) -> ConnMonStore:
    return _monitor(request).store


def _path_id(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    # 19 digits hold every 64-bit id; longer strings are not ids (and int() caps at 4300)
    if len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        raise ApiError(404, "Not found")
    return int(raw)


async def _target(request: web.Request) -> dict[str, Any]:
    target = await _store(request).get_target(_path_id(request, "target_id"))
    if target is None:
        raise ApiError(404, "Target not found")
    return target


def _epoch(request: web.Request, name: str) -> float | None:
    raw = request.query.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as err:
        raise ApiError(400, f"{name} must be epoch seconds") from err
    if not math.isfinite(value) or not 0 <= value <= MAX_EPOCH:
        raise ApiError(400, f"{name} must be epoch seconds between 0 and {MAX_EPOCH}")
    return value


def _range(request: web.Request) -> tuple[float | None, float | None]:
    start, end = _epoch(request, "start"), _epoch(request, "end")
    if start is not None and end is not None and start > end:
        raise ApiError(400, "start must not be after end")
    return start, end


# -- target validation ----------------------------------------------------------------------


def _unknown_keys(body: dict[str, Any], allowed: set[str]) -> None:
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(
            400,
            f"Unknown field(s): {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}",
        )


def _label(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, "label is required and must be a non-empty string")
    label = value.strip()
    if len(label) > MAX_LABEL:
        raise ApiError(400, f"label must be at most {MAX_LABEL} characters")
    return label


def _host(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ApiError(400, "host must be a string")
    host = value.strip()
    if host and not is_host(host):
        raise ApiError(400, "host must be a host name or an IP address")
    return host


def is_host(host: str) -> bool:
    """Return True for an IP literal (IPv6 with an optional zone) or a resolvable-form name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        zone = host.partition("%")[2]
        return len(host) <= MAX_HOST and (not zone or _HOST_LABEL.match(zone) is not None)
    name = host.removesuffix(".")
    return 0 < len(name) <= MAX_HOST and all(_HOST_LABEL.match(part) for part in name.split("."))


def _integer(value: Any, name: str, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ApiError(400, f"{name} must be an integer")
    if isinstance(value, float) and not value.is_integer():
        raise ApiError(400, f"{name} must be an integer")
    number = int(value)
    if not minimum <= number <= maximum:
        raise ApiError(400, f"{name} must be between {minimum} and {maximum}")
    return number


def _probe_method(value: Any) -> str:
    if value not in PROBE_METHODS:
        raise ApiError(400, f"probe_method must be one of {', '.join(PROBE_METHODS)}")
    return str(value)


def _target_fields(body: dict[str, Any]) -> dict[str, Any]:
    """Return the validated fields present in a create or update body."""
    fields: dict[str, Any] = {}
    if "label" in body:
        fields["label"] = _label(body["label"])
    if "host" in body:
        fields["host"] = _host(body["host"])
    if "poll_interval_ms" in body:
        fields["poll_interval_ms"] = _integer(
            body["poll_interval_ms"], "poll_interval_ms", MIN_INTERVAL_MS, MAX_INTERVAL_MS
        )
    if "probe_method" in body:
        fields["probe_method"] = _probe_method(body["probe_method"])
    if "tcp_port" in body:
        fields["tcp_port"] = _integer(body["tcp_port"], "tcp_port", 1, 65535)
    if "enabled" in body:
        if not isinstance(body["enabled"], bool):
            raise ApiError(400, "enabled must be true or false")
        fields["enabled"] = body["enabled"]
    return fields


# -- targets --------------------------------------------------------------------------------


async def list_targets(request: web.Request) -> web.Response:
    """Return every target."""
    return _json(await _store(request).list_targets())


async def create_target(request: web.Request) -> web.Response:
    """Create a target; it is enabled when it has a host."""
    body = await read_json_object(request)
    _unknown_keys(body, CREATE_KEYS)
    if "label" not in body:
        raise ApiError(400, "label is required and must be a non-empty string")
    fields = _target_fields(body)
    target_id = await _store(request).add_target(
        fields["label"],
        fields.get("host", ""),
        poll_interval_ms=fields.get("poll_interval_ms", _default_interval(request)),
        probe_method=fields.get("probe_method", "auto"),
        tcp_port=fields.get("tcp_port", _default_port(request)),
    )
    await _monitor(request).reload()
    return _json({"id": target_id}, 201)


def _default_interval(request: web.Request) -> int:
    value = _context(request).settings.get("connection_monitor_poll_interval_ms")
    return int(value or 5000)


def _default_port(request: web.Request) -> int:
    return int(_context(request).settings.get("connection_monitor_tcp_port") or 443)


async def update_target(request: web.Request) -> web.Response:
    """Change some fields of a target; a non-empty host enables it."""
    target = await _target(request)
    body = await read_json_object(request)
    _unknown_keys(body, UPDATE_KEYS)
    fields = _target_fields(body)
    if not fields:
        raise ApiError(400, f"Nothing to update; fields: {', '.join(sorted(UPDATE_KEYS))}")
    host = fields.get("host", target.get("host") or "")
    if "host" in fields and "enabled" not in fields:
        fields["enabled"] = bool(host)
    if fields.get("enabled") and not host:
        raise ApiError(400, "A target without a host cannot be enabled")
    await _store(request).update_target(int(target["id"]), fields)
    await _monitor(request).reload()
    return _json({"ok": True})


async def delete_target(request: web.Request) -> web.Response:
    """Delete a target with its samples, rollups and traces."""
    target = await _target(request)
    await _store(request).delete_target(int(target["id"]))
    await _monitor(request).reload()
    return _json({"ok": True})


# -- measurements ---------------------------------------------------------------------------


async def get_samples(request: web.Request) -> web.Response:
    """Return a target's samples in the upstream envelope ({meta, samples})."""
    target = await _target(request)
    start, end = _range(request)
    resolution = choice_param(request, "resolution", RESOLUTIONS, "auto")
    limit = int_param(request, "limit", DEFAULT_SAMPLE_LIMIT, minimum=0, maximum=MAX_QUERY_INT)
    max_points = int_param(request, "max_points", None, minimum=1, maximum=MAX_QUERY_INT)
    envelope = await _store(request).samples(
        int(target["id"]),
        start,
        end,
        resolution=resolution,
        limit=int(limit or 0),
        max_points=max_points,
    )
    return _json(envelope)


async def get_stats(request: web.Request) -> web.Response:
    """Return per-target statistics over a range."""
    start, end = _range(request)
    return _json(await _store(request).stats(start, end))


async def get_summary(request: web.Request) -> web.Response:
    """Return each target's statistics over the last 60 s ({} when the monitor is off)."""
    monitor = _monitor(request)
    if not monitor.active:
        return _json({})
    store = monitor.store
    window = await store.window_stats(time.time() - SUMMARY_WINDOW_S)
    summary = {}
    for target in await store.list_targets():
        stats = window.get(int(target["id"])) or {}
        summary[str(target["id"])] = {
            "label": target["label"],
            "host": target["host"],
            "enabled": target["enabled"],
            "sample_count": stats.get("sample_count", 0),
            "avg_latency_ms": stats.get("avg_latency_ms"),
            "min_latency_ms": stats.get("min_latency_ms"),
            "max_latency_ms": stats.get("max_latency_ms"),
            "packet_loss_pct": stats.get("packet_loss_pct"),
        }
    return _json(summary)


async def get_outages(request: web.Request) -> web.Response:
    """Return a target's outages: runs of at least `threshold` consecutive timeouts."""
    target = await _target(request)
    start, end = _range(request)
    default = int(_context(request).settings.get("connection_monitor_outage_threshold") or 5)
    threshold = int_param(request, "threshold", default, minimum=1, maximum=MAX_QUERY_INT)
    outages = await _store(request).outages(
        int(target["id"]), start, end, int(threshold or default)
    )
    return _json(outages)


async def export_samples(request: web.Request) -> web.Response:
    """Return a target's samples as a CSV or ping-log download (server-local times)."""
    target = await _target(request)
    fmt = choice_param(request, "format", EXPORT_FORMATS, "csv")
    resolution = choice_param(request, "resolution", EXPORT_RESOLUTIONS, "raw")
    if fmt == "pinglog" and resolution != "raw":
        raise ApiError(400, "format pinglog lists raw samples: use resolution=raw")
    start, end = _range(request)
    host = str(target.get("host") or "-") if fmt == "pinglog" else None
    text = await _store(request).export_text(
        int(target["id"]), resolution, start, end, _context(request).local_zone(), pinglog_host=host
    )
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    extension, content_type = ("txt", "text/plain") if fmt == "pinglog" else ("csv", "text/csv")
    filename = f"connection-monitor-{target['id']}-{resolution}-{stamp}.{extension}"
    response = web.Response(
        text=text,
        content_type=content_type,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
    return _no_store(response)


async def get_capability(request: web.Request) -> web.Response:
    """Return the probe method in use (icmp or tcp) and why."""
    return _json(_monitor(request).capability().as_json())


# -- pinned days ----------------------------------------------------------------------------


async def list_pinned_days(request: web.Request) -> web.Response:
    """Return the pinned days (kept beyond retention)."""
    return _json(await _store(request).pinned_days())


def _pin_date(request: web.Request, body: dict[str, Any]) -> date:
    zone = _context(request).local_zone()
    if ("date" in body) == ("timestamp" in body):
        raise ApiError(400, "Give either date (YYYY-MM-DD) or timestamp (epoch seconds)")
    if "date" in body:
        day = _parse_day(body["date"])
    else:
        value = body["timestamp"]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ApiError(400, "timestamp must be epoch seconds")
        if not math.isfinite(value) or not 0 <= value <= 2**33:
            raise ApiError(400, "timestamp must be epoch seconds")
        day = datetime.fromtimestamp(value, zone).date()
    if day > datetime.fromtimestamp(now_epoch(), zone).date():
        raise ApiError(400, "Future dates cannot be pinned")
    return day


def _parse_day(value: Any) -> date:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ApiError(400, "date must be YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise ApiError(400, "date must be a valid calendar date (YYYY-MM-DD)") from err


async def pin_day(request: web.Request) -> web.Response:
    """Pin a day so its raw samples survive retention."""
    body = await read_json_object(request)
    _unknown_keys(body, PIN_KEYS)
    day = _pin_date(request, body)
    label = body.get("label", "")
    if label is None:
        label = ""
    if not isinstance(label, str) or len(label) > MAX_LABEL:
        raise ApiError(400, f"label must be a string of at most {MAX_LABEL} characters")
    # upstream answers 201 whether or not the day was pinned already; the first label stays
    await _store(request).pin_day(day, label.strip())
    return _json({"ok": True}, 201)


async def unpin_day(request: web.Request) -> web.Response:
    """Unpin a day."""
    day = _parse_day(request.match_info["day"])
    if not await _store(request).unpin_day(day):
        raise ApiError(404, "Day is not pinned")
    return _json({"ok": True})


# -- traceroutes ----------------------------------------------------------------------------


async def run_traceroute(request: web.Request) -> web.Response:
    """Trace the route to a target now, store it and return it."""
    target = await _target(request)
    if not str(target.get("host") or "").strip():
        raise ApiError(400, "Target has no host")
    if target.get("is_demo"):
        raise ApiError(400, "Demo targets are not traced")
    store = _store(request)
    try:
        trace_id = await _monitor(request).trace_now(target)
    except TraceUnavailableError as err:
        raise ApiError(503, f"Traceroute is not available here: {err}") from err
    return _json(await store.trace(trace_id))


async def list_traces(request: web.Request) -> web.Response:
    """Return a target's stored traceroutes, newest first."""
    target = await _target(request)
    start, end = _range(request)
    limit = int_param(
        request, "limit", DEFAULT_TRACE_LIMIT, minimum=1, maximum=MAX_TRACE_LIMIT, clamp=True
    )
    traces = await _store(request).traces(
        int(target["id"]), start, end, int(limit or DEFAULT_TRACE_LIMIT)
    )
    return _json(traces)


async def get_trace(request: web.Request) -> web.Response:
    """Return one traceroute with its hops."""
    trace = await _store(request).trace(_path_id(request, "trace_id"))
    if trace is None:
        raise ApiError(404, "Trace not found")
    return _json(trace)


# -- route table ----------------------------------------------------------------------------

TAG = "connection-monitor"
_TARGET = r"{target_id:\d+}"
_RANGE = (
    QueryParam("start", {"type": "number", "minimum": 0}, "Epoch seconds"),
    QueryParam("end", {"type": "number", "minimum": 0}, "Epoch seconds (400 if before start)"),
)
_TARGET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "label": {"type": "string", "minLength": 1, "maxLength": MAX_LABEL},
        "host": {"type": "string", "maxLength": MAX_HOST, "description": "Empty = disabled"},
        "poll_interval_ms": {
            "type": "integer",
            "minimum": MIN_INTERVAL_MS,
            "maximum": MAX_INTERVAL_MS,
            "default": 5000,
        },
        "probe_method": {"type": "string", "enum": list(PROBE_METHODS), "default": "auto"},
        "tcp_port": {"type": "integer", "minimum": 1, "maximum": 65535, "default": 443},
    },
}
_CREATE_SCHEMA = {**_TARGET_SCHEMA, "required": ["label"]}
_UPDATE_SCHEMA = {
    **_TARGET_SCHEMA,
    "minProperties": 1,
    "properties": {**_TARGET_SCHEMA["properties"], "enabled": {"type": "boolean"}},
}
_PIN_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "date": {"type": "string", "format": "date"},
        "timestamp": {"type": "number", "description": "Epoch seconds (its local day)"},
        "label": {"type": "string", "maxLength": MAX_LABEL},
    },
}
_NO_TARGET = "No such target"

ROUTES = [
    RouteDef(
        "GET",
        f"{PREFIX}/targets",
        list_targets,
        Access.AUTH,
        "Connection-monitor targets",
        TAG,
        responses={200: "[{id, label, host, enabled, poll_interval_ms, probe_method, ...}]"},
    ),
    RouteDef(
        "POST",
        f"{PREFIX}/targets",
        create_target,
        Access.AUTH,
        "Create a target (label required; enabled once it has a host)",
        TAG,
        request_body=_CREATE_SCHEMA,
        responses={201: '{"id": n}', 400: "Invalid or unknown field"},
    ),
    RouteDef(
        "PUT",
        f"{PREFIX}/targets/{_TARGET}",
        update_target,
        Access.AUTH,
        "Update a target (a non-empty host enables it)",
        TAG,
        request_body=_UPDATE_SCHEMA,
        responses={200: '{"ok": true}', 400: "Invalid or unknown field", 404: _NO_TARGET},
    ),
    RouteDef(
        "DELETE",
        f"{PREFIX}/targets/{_TARGET}",
        delete_target,
        Access.AUTH,
        "Delete a target with its samples and traces",
        TAG,
        responses={200: '{"ok": true}', 404: _NO_TARGET},
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/samples/{_TARGET}",
        get_samples,
        Access.AUTH,
        "A target's samples ({meta, samples}) at a chosen or automatic resolution",
        TAG,
        query=(
            *_RANGE,
            QueryParam(
                "resolution", {"type": "string", "enum": list(RESOLUTIONS), "default": "auto"}
            ),
            QueryParam(
                "limit",
                {"type": "integer", "minimum": 0, "default": DEFAULT_SAMPLE_LIMIT},
                "0 = all",
            ),
            QueryParam("max_points", {"type": "integer", "minimum": 1}, "Re-bucket to this"),
        ),
        responses={200: "Envelope {meta, samples}", 400: "Bad parameter", 404: _NO_TARGET},
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/stats",
        get_stats,
        Access.AUTH,
        "Per-target latency (avg/min/max/P95), loss and counts over a range",
        TAG,
        query=_RANGE,
        responses={200: '{"<target_id>": {...}}', 400: "Bad parameter"},
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/summary",
        get_summary,
        Access.AUTH,
        "Per-target statistics over the last 60 s ({} when the monitor is disabled)",
        TAG,
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/outages/{_TARGET}",
        get_outages,
        Access.AUTH,
        "A target's outages (runs of consecutive timeouts)",
        TAG,
        query=(
            *_RANGE,
            QueryParam(
                "threshold",
                {"type": "integer", "minimum": 1},
                "Consecutive timeouts; default connection_monitor_outage_threshold",
            ),
        ),
        responses={200: "[{start, end, duration_seconds, timeout_count}]", 404: _NO_TARGET},
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/export/{_TARGET}",
        export_samples,
        Access.AUTH,
        "A target's samples as CSV (columns per resolution) or a raw ping log",
        TAG,
        query=(
            QueryParam(
                "format", {"type": "string", "enum": list(EXPORT_FORMATS), "default": "csv"}
            ),
            QueryParam(
                "resolution", {"type": "string", "enum": list(EXPORT_RESOLUTIONS), "default": "raw"}
            ),
            *_RANGE,
        ),
        responses={
            200: "CSV or text download",
            400: "Bad format or parameter",
            404: _NO_TARGET,
        },
        response_type="text/csv",
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/capability",
        get_capability,
        Access.AUTH,
        "How targets are probed (icmp or tcp) and why",
        TAG,
        responses={200: '{"method": "icmp"|"tcp", "reason"?, "hint"?}'},
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/pinned-days",
        list_pinned_days,
        Access.AUTH,
        "Pinned days (their raw samples are kept)",
        TAG,
        responses={200: "[{date, label, created_at, utc_start, utc_end}]"},
    ),
    RouteDef(
        "POST",
        f"{PREFIX}/pinned-days",
        pin_day,
        Access.AUTH,
        "Pin a day (date or timestamp; not in the future)",
        TAG,
        request_body=_PIN_SCHEMA,
        responses={201: "Pinned", 200: "Already pinned", 400: "Bad or future date"},
    ),
    RouteDef(
        "DELETE",
        f"{PREFIX}/pinned-days/{{day}}",
        unpin_day,
        Access.AUTH,
        "Unpin a day",
        TAG,
        responses={200: '{"ok": true}', 400: "Bad date", 404: "Not pinned"},
    ),
    RouteDef(
        "POST",
        f"{PREFIX}/traceroute/{_TARGET}",
        run_traceroute,
        Access.AUTH,
        "Trace the route to a target now (stored with trigger_reason manual)",
        TAG,
        responses={200: "The stored trace with hops", 400: "No host", 404: _NO_TARGET},
    ),
    RouteDef(
        "GET",
        f"{PREFIX}/traces/{_TARGET}",
        list_traces,
        Access.AUTH,
        "A target's stored traceroutes, newest first",
        TAG,
        query=(
            *_RANGE,
            QueryParam(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_TRACE_LIMIT, "default": 100},
                "Clamped to 1..1000",
            ),
        ),
        responses={200: "Trace rows (timestamps UTC with Z)", 404: _NO_TARGET},
    ),
    RouteDef(
        "GET",
        r"/api/connection-monitor/trace/{trace_id:\d+}",
        get_trace,
        Access.AUTH,
        "One traceroute with its hops",
        TAG,
        responses={200: "Trace with hops[]", 404: "No such trace"},
    ),
]
