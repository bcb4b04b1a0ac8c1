"""LAN devices: inventory, device settings, status/IP history and round-trip delay."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ..api.route_group import RouteGroup
from ..api.routing import Handler, RouteDef, inputs
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.responses import json_bytes
from ..http.schema import Reply, error, ok
from ..http.validation import FieldError
from ..timeutil import iso_utc, now_epoch
from .device_settings import SettingsError
from .models import Device
from .repository import LanRepository
from .rtd import BUCKET_S
from .schemas import (
    DEVICE,
    DEVICE_LIST,
    HISTORY,
    RTD_HISTORY,
    RTD_STATISTICS,
    device_json,
    rtd_sample_json,
    statistics_json,
)
from .settings import down_grace, lan_setting
from .validation import DEVICE_ID, DEVICE_PATCH, STATUS_FILTER, TIME_RANGE, time_range

_DEVICE = r"/devices/{device_id:\d+}"
_DEVICE_ID = {"device_id": DEVICE_ID}
NO_DEVICE = error("No such device")
BAD_RANGE = error("Bad time or range")
#: Builds a LAN route: signed in, below /api/lan, tagged lan.
route = RouteGroup("/api/lan", "lan").route


def _repository(request: web.Request) -> LanRepository:
    return LanRepository(request.app[CONTEXT].database)


def _device_id(request: web.Request) -> int:
    device_id: int = inputs(request).path["device_id"]
    return device_id


def _window(request: web.Request) -> tuple[int, int]:
    try:
        return time_range(inputs(request).query, now_epoch())
    except FieldError as err:
        raise ApiError(err.status, err.message) from err


async def _existing(request: web.Request, repository: LanRepository) -> int:
    """Return the request's device id; 404 when there is no such device."""
    device_id = _device_id(request)
    if await repository.device(device_id) is None:
        raise ApiError(404, "Device not found")
    return device_id


async def list_devices(request: web.Request) -> web.Response:
    """Return the LAN devices (optionally only ONLINE or DOWN ones) and whether they are watched."""
    settings = request.app[CONTEXT].settings
    grace = down_grace(settings)
    devices = await _repository(request).devices(inputs(request).query.get("status"))
    # Without monitoring the statuses are frozen at their last value; clients should say so.
    active = bool(lan_setting(settings, "lan_monitoring_enabled")) or settings.demo_mode
    return json_bytes(
        {
            "devices": [device_json(device, grace) for device in devices],
            "monitoring_active": active,
        }
    )


def _device_answer(request: web.Request, device: Device | None) -> web.Response:
    """Return the device's API shape; 404 when there is no such device."""
    if device is None:
        raise ApiError(404, "Device not found")
    return json_bytes(device_json(device, down_grace(request.app[CONTEXT].settings)))


async def get_device(request: web.Request) -> web.Response:
    """Return one LAN device."""
    return _device_answer(request, await _repository(request).device(_device_id(request)))


async def update_device(request: web.Request) -> web.Response:
    """Change a device's name, importance, grace period or user data; return the device."""
    try:
        device = await _repository(request).update_device(_device_id(request), inputs(request).body)
    except SettingsError as err:
        raise ApiError(400, str(err)) from err
    return _device_answer(request, device)


async def delete_device(request: web.Request) -> web.Response:
    """Delete a device with its status history and RTD samples."""
    if not await _repository(request).delete_device(_device_id(request)):
        raise ApiError(404, "Device not found")
    return json_bytes({"ok": True})


async def _device_window(request: web.Request) -> tuple[LanRepository, int, int, int]:
    """Return the repository, the device id and the queried window (400 comes before 404)."""
    start, end = _window(request)
    repository = _repository(request)
    return repository, await _existing(request, repository), start, end


def _window_head(device_id: int, start: int, end: int) -> dict[str, Any]:
    """Return how a device's history answer starts: its id and the window in ISO UTC."""
    return {"device_id": device_id, "from": iso_utc(start), "to": iso_utc(end)}


async def device_history(request: web.Request) -> web.Response:
    """Return a device's CREATED/UP/DOWN/IP_CHANGE history (default: the last 7 days)."""
    repository, device_id, start, end = await _device_window(request)
    history = await repository.history(device_id, start, end)
    return json_bytes({**_window_head(device_id, start, end), "history": history})


async def device_rtd(request: web.Request) -> web.Response:
    """Return a device's RTD history: one sample per bucket (default: the last 7 days)."""
    repository, device_id, start, end = await _device_window(request)
    buckets = await repository.rtd_history(device_id, start, end)
    samples = [rtd_sample_json(bucket) for bucket in buckets]
    return json_bytes({**_window_head(device_id, start, end), "bucket_s": BUCKET_S, "rtd": samples})


async def rtd_statistics(request: web.Request) -> web.Response:
    """Return each device's weekly RTD baseline and latest median (milliseconds)."""
    stats = await _repository(request).rtd_statistics(now_epoch())
    return json_bytes({"rtd": [statistics_json(item) for item in stats]})


def _window_route(suffix: str, handler: Handler, summary: str, answer: Reply) -> RouteDef:
    """Return the GET route of one device's history over a queried time window."""
    replies = {200: answer, 400: BAD_RANGE, 404: NO_DEVICE}
    return route(
        "GET", _DEVICE + suffix, handler, summary, replies, query=TIME_RANGE, path_params=_DEVICE_ID
    )


ROUTES = (
    route(
        "GET",
        "/devices",
        list_devices,
        "LAN devices found on the host's networks",
        {200: Reply("The devices, by id", DEVICE_LIST), 400: error("Bad status filter")},
        query=STATUS_FILTER,
    ),
    route(
        "GET",
        _DEVICE,
        get_device,
        "One LAN device",
        {200: Reply("The device", DEVICE), 404: NO_DEVICE},
        path_params=_DEVICE_ID,
        operation_id="get_lan_device",
    ),
    route(
        "PATCH",
        _DEVICE,
        update_device,
        "Change a LAN device's name, importance, grace period or user data. Down/up and RTD "
        "issue events are raised for VITAL devices only; new devices are FLOATING except the "
        "default gateway, which starts VITAL",
        {
            200: Reply("The updated device", DEVICE),
            400: error("Invalid or unknown field"),
            404: NO_DEVICE,
        },
        body=DEVICE_PATCH,
        path_params=_DEVICE_ID,
    ),
    route(
        "DELETE",
        _DEVICE,
        delete_device,
        "Forget a LAN device with its status history and round-trip delay samples; a device "
        "still on the network is found again as a new device",
        {200: ok("The device is gone"), 404: NO_DEVICE},
        path_params=_DEVICE_ID,
    ),
    _window_route(
        "/history",
        device_history,
        "A LAN device's status and IP-change history (CREATED, UP, DOWN, IP_CHANGE)",
        Reply("The history, oldest first", HISTORY),
    ),
    _window_route(
        "/rtd",
        device_rtd,
        "A LAN device's round-trip delay history: sent/lost and min/median/max ms per bucket",
        Reply("One sample per bucket, oldest first", RTD_HISTORY),
    ),
    route(
        "GET",
        "/rtd",
        rtd_statistics,
        "Per-device round-trip delay: weekly min/median/max baseline and the latest median",
        {200: Reply("Devices with samples in the last 7 days", RTD_STATISTICS)},
    ),
)
