"""Routes for the targets: list, create, update, delete."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from ...api.routing import inputs
from ...http.errors import ApiError
from ...http.responses import json_bytes
from ...http.schema import Reply, array, error, ok
from .. import schemas
from ..validation import TARGET_CREATE, TARGET_UPDATE
from .common import NO_TARGET, TARGET_ID, context_of, monitor_of, route, store_of, target_of


def _setting(request: web.Request, key: str, default: int) -> int:
    return int(context_of(request).settings.get(key) or default)


async def list_targets(request: web.Request) -> web.Response:
    """Return every target."""
    return json_bytes(await store_of(request).targets.all())


async def create_target(request: web.Request) -> web.Response:
    """Create a target; it is enabled when it has a host."""
    fields = inputs(request).body
    target_id = await store_of(request).targets.add(
        fields["label"],
        fields.get("host", ""),
        poll_interval_ms=fields.get(
            "poll_interval_ms", _setting(request, "connection_monitor_poll_interval_ms", 5000)
        ),
        probe_method=fields["probe_method"],
        tcp_port=fields.get("tcp_port", _setting(request, "connection_monitor_tcp_port", 443)),
    )
    await monitor_of(request).reload()
    return json_bytes({"id": target_id}, 201)


def _enabling(target: dict[str, Any], fields: dict[str, Any]) -> dict[str, Any]:
    """Return the changes with `enabled` following a new host; 400 to enable without one."""
    changes = dict(fields)
    host = changes.get("host", target.get("host") or "")
    if "host" in changes and "enabled" not in changes:
        changes["enabled"] = bool(host)
    if changes.get("enabled") and not host:
        raise ApiError(400, "A target without a host cannot be enabled")
    return changes


async def update_target(request: web.Request) -> web.Response:
    """Change some fields of a target; a non-empty host enables it."""
    target = await target_of(request)
    changes = _enabling(target, inputs(request).body)
    await store_of(request).targets.update(int(target["id"]), changes)
    await monitor_of(request).reload()
    return json_bytes({"ok": True})


async def delete_target(request: web.Request) -> web.Response:
    """Delete a target with its samples, rollups and traces."""
    target = await target_of(request)
    await store_of(request).targets.delete(int(target["id"]))
    await monitor_of(request).reload()
    return json_bytes({"ok": True})


ROUTES = (
    route(
        "GET",
        "/targets",
        list_targets,
        "Connection-monitor targets",
        {200: Reply("Every target in id order", array(schemas.TARGET))},
    ),
    route(
        "POST",
        "/targets",
        create_target,
        "Create a target (label required; enabled once it has a host)",
        {201: Reply("Created", schemas.CREATED), 400: error("Invalid or unknown field")},
        body=TARGET_CREATE,
    ),
    route(
        "PUT",
        f"/targets/{TARGET_ID}",
        update_target,
        "Update a target (a non-empty host enables it)",
        {200: ok(), 400: error("Invalid or unknown field"), 404: NO_TARGET},
        body=TARGET_UPDATE,
    ),
    route(
        "DELETE",
        f"/targets/{TARGET_ID}",
        delete_target,
        "Delete a target with its samples and traces",
        {200: ok(), 404: NO_TARGET},
    ),
)
