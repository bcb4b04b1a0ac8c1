"""Home Assistant Supervisor discovery: tell Home Assistant where we are and how to get in."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
from typing import Any, TypedDict

import aiohttp

from .storage import Database
from .storage.meta_repo import set_meta

_LOGGER = logging.getLogger(__name__)

SERVICE = "docsight"
RETRY_DELAYS = (5, 15, 30, 60, 120, 300)


class SupervisorError(Exception):
    """The Supervisor refused or did not answer a request."""


class DiscoveryError(SupervisorError):
    """The Supervisor refused or did not answer the announcement."""


class DiscoveryConfig(TypedDict):
    """What Home Assistant receives with the discovery message."""

    host: str
    port: int
    token: str
    instance_id: str


def discovery_config(host: str, port: int, token: str, instance_id: str) -> DiscoveryConfig:
    """Return the config Home Assistant receives with the discovery message."""
    return {"host": host, "port": port, "token": token, "instance_id": instance_id}


def discovery_host(configured: str) -> str:
    """Return the add-on's host name on the Supervisor network."""
    return configured or socket.gethostname()


async def _supervisor_answer(
    session: aiohttp.ClientSession,
    method: str,
    url: str,
    supervisor_token: str,
    error: type[SupervisorError],
    json: dict[str, object] | None = None,
) -> dict[str, Any]:
    """Call the Supervisor and return its JSON object answer (raises `error` otherwise)."""
    try:
        async with session.request(
            method,
            url,
            json=json,
            headers={"Authorization": f"Bearer {supervisor_token}"},
            timeout=aiohttp.ClientTimeout(total=15),
        ) as response:
            body = await response.json(content_type=None)
            if response.status != 200 or not isinstance(body, dict):
                raise error(f"Supervisor answered HTTP {response.status}: {body}")
    except (aiohttp.ClientError, TimeoutError, ValueError) as err:
        raise error(str(err) or type(err).__name__) from err
    return body


async def announce(
    session: aiohttp.ClientSession,
    supervisor_url: str,
    supervisor_token: str,
    config: DiscoveryConfig,
) -> str:
    """Send one discovery message and return the uuid the Supervisor assigns."""
    body = await _supervisor_answer(
        session,
        "POST",
        f"{supervisor_url}/discovery",
        supervisor_token,
        DiscoveryError,
        json={"service": SERVICE, "config": config},
    )
    data = body.get("data") or {}
    uuid = data.get("uuid") if isinstance(data, dict) else None
    if body.get("result") != "ok" or not uuid:
        raise DiscoveryError(f"Unexpected Supervisor answer: {body}")
    return str(uuid)


async def addon_address(
    session: aiohttp.ClientSession, supervisor_url: str, supervisor_token: str
) -> str:
    """Return this add-on's address on the Supervisor network (GET /addons/self/info)."""
    body = await _supervisor_answer(
        session, "GET", f"{supervisor_url}/addons/self/info", supervisor_token, SupervisorError
    )
    data = body.get("data")
    address = data.get("ip_address") if isinstance(data, dict) else None
    if body.get("result") != "ok" or not isinstance(address, str) or not address:
        raise SupervisorError(f"Unexpected Supervisor answer: {body}")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError as err:
        raise SupervisorError(f"Not an address: {address!r}") from err
    if parsed.is_unspecified:
        raise SupervisorError("The Supervisor reports no address for this add-on")
    return address


async def announce_until_done(
    database: Database,
    supervisor_url: str,
    supervisor_token: str,
    config: DiscoveryConfig,
    delays: tuple[float, ...] = RETRY_DELAYS,
) -> str | None:
    """Announce, retrying with growing waits; store and return the uuid (None if all failed)."""
    async with aiohttp.ClientSession() as session:
        for attempt, delay in enumerate((0.0, *delays)):
            if delay:
                await asyncio.sleep(delay)
            try:
                uuid = await announce(session, supervisor_url, supervisor_token, config)
            except DiscoveryError as err:
                _LOGGER.warning("Discovery attempt %d failed: %s", attempt + 1, err)
                continue
            async with database.transaction() as connection:
                await set_meta(connection, "discovery_uuid", uuid)
            _LOGGER.info("Announced to Home Assistant (discovery %s)", uuid)
            return uuid
    _LOGGER.error("Could not announce to Home Assistant; add the integration by hand")
    return None
