"""LAN devices: inventory, device settings, status/IP history and round-trip delay."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..auth import Access
from ..http.errors import ApiError, read_json_object
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from ..lan.device_settings import MAX_GRACE_S, MAX_USER_DATA_BYTES, SettingsError
from ..lan.repo import LanRepository, device_json, rtd_sample_json
from ..lan.rtd import BUCKET_S
from ..lan.settings import down_grace, lan_setting
from ..timeutil import iso_utc, now_epoch, parse_timestamp
from .routing import QueryParam, RouteDef

MAX_ID = 2**31 - 1
MAX_ID_DIGITS = 19
MAX_EPOCH = 253402300799  # 9999-12-31T23:59:59Z, the last second a response can format
DEFAULT_WINDOW_S = 7 * 86400
STATUSES = ("ONLINE", "DOWN")
_DEVICE = r"/api/lan/devices/{device_id:\d+}"


def _repository(request: web.Request) -> LanRepository:
    return LanRepository(request.app[CONTEXT].database)


def _device_id(request: web.Request) -> int:
    text = request.match_info["device_id"]
    # int() refuses strings of more than 4300 digits: check the length first
    if len(text) > MAX_ID_DIGITS or int(text) > MAX_ID:
        raise ApiError(404, "Device not found")
    return int(text)


def _time(request: web.Request, name: str) -> int | None:
    """Return a query time given as ISO 8601 (UTC when naive) or epoch seconds."""
    raw = request.query.get(name, "").strip()
    if not raw:
        return None
    try:
        value = int(float(raw))
    except (ValueError, OverflowError):
        try:
            value = parse_timestamp(raw)
        except (ValueError, OverflowError) as err:
            raise ApiError(400, f"{name} must be an ISO 8601 time or epoch seconds") from err
    if not 0 <= value <= MAX_EPOCH:
        raise ApiError(
            400, f"{name} must be between 0 and {MAX_EPOCH} epoch seconds (the year 9999)"
        )
    return value


async def list_devices(request: web.Request) -> web.Response:
    """Return the LAN devices (optionally only ONLINE or DOWN ones) and whether they are watched."""
    status = request.query.get("status", "").strip().upper() or None
    if status is not None and status not in STATUSES:
        raise ApiError(400, "status must be ONLINE or DOWN")
    settings = request.app[CONTEXT].settings
    grace = down_grace(settings)
    devices = await _repository(request).devices(status)
    # Without monitoring the statuses are frozen at their last value; clients should say so.
    active = bool(lan_setting(settings, "lan_monitoring_enabled")) or settings.demo_mode
    return json_bytes(
        {
            "devices": [device_json(device, grace) for device in devices],
            "monitoring_active": active,
        }
    )


async def get_device(request: web.Request) -> web.Response:
    """Return one LAN device."""
    device = await _repository(request).device(_device_id(request))
    if device is None:
        raise ApiError(404, "Device not found")
    return json_bytes(device_json(device, down_grace(request.app[CONTEXT].settings)))


async def update_device(request: web.Request) -> web.Response:
    """Change a device's name, importance, grace period or user data; return the device."""
    device_id = _device_id(request)
    body = await read_json_object(request)
    try:
        device = await _repository(request).update_device(device_id, body)
    except SettingsError as err:
        raise ApiError(400, str(err)) from err
    if device is None:
        raise ApiError(404, "Device not found")
    return json_bytes(device_json(device, down_grace(request.app[CONTEXT].settings)))


async def delete_device(request: web.Request) -> web.Response:
    """Delete a device with its status history and RTD samples."""
    if not await _repository(request).delete_device(_device_id(request)):
        raise ApiError(404, "Device not found")
    return json_bytes({"ok": True})


def _range(request: web.Request) -> tuple[int, int]:
    end = _time(request, "to")
    start = _time(request, "from")
    end = now_epoch() if end is None else end
    start = max(0, end - DEFAULT_WINDOW_S) if start is None else start
    if start > end:
        raise ApiError(400, "from must not be after to")
    return start, end


async def device_history(request: web.Request) -> web.Response:
    """Return a device's CREATED/UP/DOWN/IP_CHANGE history (default: the last 7 days)."""
    device_id = _device_id(request)
    start, end = _range(request)
    repository = _repository(request)
    if await repository.device(device_id) is None:
        raise ApiError(404, "Device not found")
    history = await repository.history(device_id, start, end)
    return json_bytes(
        {"device_id": device_id, "from": iso_utc(start), "to": iso_utc(end), "history": history}
    )


async def device_rtd(request: web.Request) -> web.Response:
    """Return a device's RTD history: one sample per bucket (default: the last 7 days)."""
    device_id = _device_id(request)
    start, end = _range(request)
    repository = _repository(request)
    if await repository.device(device_id) is None:
        raise ApiError(404, "Device not found")
    buckets = await repository.rtd_history(device_id, start, end)
    return json_bytes(
        {
            "device_id": device_id,
            "from": iso_utc(start),
            "to": iso_utc(end),
            "bucket_s": BUCKET_S,
            "rtd": [rtd_sample_json(bucket) for bucket in buckets],
        }
    )


async def rtd_statistics(request: web.Request) -> web.Response:
    """Return each device's weekly RTD baseline and latest median (milliseconds)."""
    stats = await _repository(request).rtd_statistics(now_epoch())
    rows: list[dict[str, Any]] = []
    for item in stats:
        row = item.as_json()
        row["timestamp"] = iso_utc(item.timestamp)
        rows.append(row)
    return json_bytes({"rtd": rows})


_TIME_SCHEMA = {"type": "string", "description": "ISO 8601 (UTC when naive) or epoch seconds"}
_RANGE = (
    QueryParam("from", _TIME_SCHEMA, "Default: 7 days before to"),
    QueryParam("to", _TIME_SCHEMA, "Default: now"),
)
_PATCH_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "minProperties": 1,
    "properties": {
        "display_name": {
            "type": ["string", "null"],
            "maxLength": 128,
            "description": "The user's name (kept as user_data.name); null or empty clears it",
        },
        "importance": {
            "type": "string",
            "enum": ["VITAL", "FLOATING"],
            "description": "VITAL devices raise down/up and RTD issue events",
        },
        "down_grace_s": {
            "type": ["integer", "null"],
            "minimum": 0,
            "maximum": MAX_GRACE_S,
            "description": "Seconds of silence before DOWN; null = the lan_down_grace_s setting",
        },
        "user_data": {
            "type": "object",
            "description": "Merged into the stored object (null removes a key); at most "
            f"{MAX_USER_DATA_BYTES} bytes as JSON",
        },
    },
}

ROUTES = [
    RouteDef(
        "GET",
        "/api/lan/devices",
        list_devices,
        Access.AUTH,
        "LAN devices found on the host's networks",
        "lan",
        query=(QueryParam("status", {"type": "string", "enum": list(STATUSES)}, "Else 400"),),
        responses={200: "Success", 400: "Bad status filter"},
    ),
    RouteDef(
        "GET",
        _DEVICE,
        get_device,
        Access.AUTH,
        "One LAN device",
        "lan",
        responses={200: "Success", 404: "No such device"},
        operation_id="get_lan_device",
    ),
    RouteDef(
        "PATCH",
        _DEVICE,
        update_device,
        Access.AUTH,
        "Change a LAN device's name, importance, grace period or user data. Down/up and RTD "
        "issue events are raised for VITAL devices only; new devices are FLOATING except the "
        "default gateway, which starts VITAL",
        "lan",
        request_body=_PATCH_SCHEMA,
        responses={
            200: "The updated device",
            400: "Invalid or unknown field",
            404: "No such device",
        },
    ),
    RouteDef(
        "DELETE",
        _DEVICE,
        delete_device,
        Access.AUTH,
        "Forget a LAN device with its status history and round-trip delay samples; a device "
        "still on the network is found again as a new device",
        "lan",
        responses={200: '{"ok": true}', 404: "No such device"},
    ),
    RouteDef(
        "GET",
        _DEVICE + "/history",
        device_history,
        Access.AUTH,
        "A LAN device's status and IP-change history (CREATED, UP, DOWN, IP_CHANGE)",
        "lan",
        query=_RANGE,
        responses={200: "Success", 400: "Bad time or range", 404: "No such device"},
    ),
    RouteDef(
        "GET",
        _DEVICE + "/rtd",
        device_rtd,
        Access.AUTH,
        "A LAN device's round-trip delay history: sent/lost and min/median/max ms per bucket",
        "lan",
        query=_RANGE,
        responses={200: "Success", 400: "Bad time or range", 404: "No such device"},
    ),
    RouteDef(
        "GET",
        "/api/lan/rtd",
        rtd_statistics,
        Access.AUTH,
        "Per-device round-trip delay: weekly min/median/max baseline and the latest median",
        "lan",
    ),
]
