"""POST /api/modem/capture (record one redacted poll); GET /api/modem/captures/{name}."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp import web

from ... import __version__
from ...api.routing import RouteDef, inputs
from ...auth import Access
from ...config import Settings
from ...config.schema import MASK
from ...drivers.capture.fileformat import NAME_PATTERN
from ...drivers.capture.runner import CAPTURES_DIR, capture_poll, save_capture
from ...http.errors import ApiError
from ...http.keys import CONTEXT
from ...http.responses import json_bytes
from ...http.schema import Reply, error
from ...http.validation import Fields, Spec, Str
from ..schemas import MODEM_CAPTURE, MODEM_CAPTURE_FILE

POLL_BUSY = "A poll is running; try again in a few seconds"
OTHER_MODEM = (
    "Send the modem password when testing another address: the stored password is only "
    "used for the configured modem type, address and user"
)


def captures_dir(request: web.Request) -> Path:
    """Return the folder captures are written to."""
    return request.app[CONTEXT].runtime.data_dir / CAPTURES_DIR


def _password(settings: Settings, key: str, url: str, user: str, sent: str | None) -> str:
    """Return the password to log in with; the stored one only for the configured modem."""
    if sent is not None and sent != MASK:
        return sent
    stored = str(settings.get("modem_password") or "")
    configured = (
        str(settings.get("modem_type") or ""),
        str(settings.get("modem_url") or ""),
        str(settings.get("modem_user") or ""),
    )
    if stored and (key, url, user) != configured:
        raise ApiError(400, OTHER_MODEM)
    return stored


async def capture_modem(request: web.Request) -> web.Response:
    """Poll the modem once through a recorder and write the redacted capture file."""
    context = request.app[CONTEXT]
    body = inputs(request).body
    settings = context.settings
    key = body.get("modem_type") or str(settings.get("modem_type") or "")
    driver_class = context.registries.drivers.get(key)
    if driver_class is None:
        raise ApiError(400, f"Unknown modem type: {key}")
    url = body.get("modem_url", str(settings.get("modem_url") or ""))
    user = body.get("modem_user", str(settings.get("modem_user") or ""))
    password = _password(settings, key, url, user, body.get("modem_password"))
    lock = context.scheduler.modem_lock()
    if lock.locked():
        raise ApiError(409, POLL_BUSY)
    async with lock:
        result = await capture_poll(driver_class(url, user, password), product_version=__version__)
        path = await asyncio.get_running_loop().run_in_executor(
            None, save_capture, result.capture, captures_dir(request)
        )
    outcome = result.capture.outcome
    return json_bytes(
        {
            "name": path.name,
            "path": str(path.resolve()),
            "requests": len(result.capture.exchanges),
            "ok": outcome.ok,
            "error": outcome.error,
            "ds_channels": outcome.ds_channels,
            "us_channels": outcome.us_channels,
        }
    )


def _read_capture(directory: Path, name: str) -> bytes | None:
    root = directory.resolve()
    target = (root / name).resolve()
    if target.parent != root or not target.is_file():
        return None
    return target.read_bytes()


async def download_capture(request: web.Request) -> web.Response:
    """Return one capture file as a download."""
    name = inputs(request).path["name"]
    loop = asyncio.get_running_loop()
    data = await loop.run_in_executor(None, _read_capture, captures_dir(request), name)
    if data is None:
        raise ApiError(404, "Not found")
    return web.Response(
        body=data,
        content_type="application/json",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


CAPTURE_BODY = Fields(
    {
        "modem_type": Spec(Str(max_length=64), description="Empty: the configured modem type"),
        "modem_url": Spec(Str(max_length=2000), description="Absent: the configured URL"),
        "modem_user": Spec(Str(max_length=256, strip=False)),
        "modem_password": Spec(
            Str(max_length=1024, strip=False),
            description=(
                "Absent or the mask: the stored one, only when type, URL and user are the "
                "configured ones"
            ),
        ),
    },
    ignore_unknown=True,
)
CAPTURE_NAME = Str(
    min_length=1,
    max_length=120,
    check=lambda text: NAME_PATTERN.match(text) is not None,
    check_message="is not a capture file name",
    extra_schema={"pattern": NAME_PATTERN.pattern},
)

ROUTES = (
    RouteDef(
        "POST",
        "/api/modem/capture",
        capture_modem,
        Access.AUTH,
        "Record one poll of the modem, redacted, into a capture file for a bug report",
        "polling",
        body=CAPTURE_BODY,
        body_optional=True,
        responses={
            200: Reply(
                "{name, path, requests, ok, error, ds_channels, us_channels}; ok is false when "
                "the poll failed (the file is written all the same)",
                MODEM_CAPTURE,
            ),
            400: error(
                "Bad JSON, a field of the wrong type, an unknown modem type, or no password "
                "sent for a modem other than the configured one"
            ),
            409: error("A poll or another capture is running"),
        },
    ),
    RouteDef(
        "GET",
        "/api/modem/captures/{name}",
        download_capture,
        Access.AUTH,
        "Download a capture file",
        "polling",
        path_params={"name": CAPTURE_NAME},
        responses={
            200: Reply(
                "The capture file (JSON, as an attachment)",
                MODEM_CAPTURE_FILE,
                headers={"Content-Disposition": 'attachment; filename="<name>"'},
            ),
            400: error("Not a capture file name"),
            404: error("No such capture"),
        },
    ),
)
