"""Async client for the DOCSight add-on's REST API (no Home Assistant imports).

Uses only routes listed in the add-on's OpenAPI document. Raises its own exceptions; the
integration's coordinator maps them to Home Assistant's.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30)
#: The stream sends a heartbeat every 15 s; twice that without a byte means it is gone.
STREAM_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=45)
_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


class DocsightError(Exception):
    """Talking to the add-on failed."""


class DocsightConnectionError(DocsightError):
    """The add-on did not answer (down, wrong address, timeout)."""


class DocsightAuthenticationError(DocsightError):
    """The add-on refused the token or password."""


class DocsightResponseError(DocsightError):
    """The add-on answered with an error status or an unexpected body."""

    def __init__(self, status: int, message: str) -> None:
        """Keep the status for callers that branch on it."""
        super().__init__(f"{status}: {message}")
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class Instance:
    """What identifies an add-on installation."""

    instance_id: str
    version: str
    api_version: int
    demo_mode: bool
    modem_type: str | None


@dataclass(frozen=True, slots=True)
class LanDevices:
    """The add-on's LAN devices and whether their statuses are current."""

    devices: list[dict[str, Any]]
    #: False while LAN monitoring is off (statuses keep their last value).
    monitoring_active: bool


@dataclass(frozen=True, slots=True)
class StreamMessage:
    """One server-sent event from GET /api/stream."""

    kind: str
    data: Any


class DocsightClient:
    """Calls the add-on's API on a shared aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str | None) -> None:
        """Bind to an add-on base URL such as http://a0d7b954-docsight:8765."""
        self._session = session
        self.url = url.rstrip("/")
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        """Call a route and return its JSON body; raise a DocsightError subclass on failure."""
        try:
            async with self._session.request(
                method,
                self.url + path,
                params=params,
                json=json_body,
                headers=self._headers(),
                timeout=REQUEST_TIMEOUT,
                allow_redirects=False,
            ) as response:
                return await _json_or_raise(response)
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err

    async def instance(self) -> Instance:
        """Return the installation's id, version and API version."""
        body = await self.request("GET", "/api/instance")
        try:
            return Instance(
                instance_id=str(body["instance_id"]),
                version=str(body["version"]),
                api_version=int(body["api_version"]),
                demo_mode=bool(body.get("demo_mode")),
                modem_type=body.get("modem_type"),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise DocsightResponseError(200, "Unexpected /api/instance answer") from err

    async def channels(self) -> dict[str, Any]:
        """Return {ds_channels, us_channels, summary} of the latest poll."""
        return _object(await self.request("GET", "/api/channels"))

    async def device(self) -> dict[str, Any]:
        """Return the modem's device info."""
        return _object(await self.request("GET", "/api/device"))

    async def connection(self) -> dict[str, Any]:
        """Return ISP name, connection type and provisioned speeds."""
        return _object(await self.request("GET", "/api/connection"))

    async def gaming_score(self) -> dict[str, Any]:
        """Return the gaming quality index."""
        return _object(await self.request("GET", "/api/gaming-score"))

    async def collectors(self) -> list[dict[str, Any]]:
        """Return the collector status list."""
        return _list(await self.request("GET", "/api/collectors/status"))

    async def monitor_targets(self) -> list[dict[str, Any]]:
        """Return the connection monitor's targets."""
        return _list(await self.request("GET", "/api/connection-monitor/targets"))

    async def monitor_summary(self) -> dict[str, Any]:
        """Return each target's statistics over the last minute ({} while the monitor is off)."""
        return _object(await self.request("GET", "/api/connection-monitor/summary"))

    async def lan_devices(self) -> LanDevices:
        """Return the LAN devices the add-on knows and whether it watches them."""
        body = _object(await self.request("GET", "/api/lan/devices"))
        # add-ons from before the flag always watched the devices they listed
        return LanDevices(_list(body.get("devices")), body.get("monitoring_active") is not False)

    async def drivers(self) -> list[dict[str, Any]]:
        """Return the modem drivers the add-on supports (key, name, default URL, needs)."""
        return _list(_object(await self.request("GET", "/api/drivers")).get("drivers"))

    async def events(self, **params: Any) -> dict[str, Any]:
        """Return {events, unacknowledged_count} for the given filters."""
        return _object(await self.request("GET", "/api/events", params=_query(params)))

    async def unacknowledged_count(self) -> int:
        """Return how many events are unacknowledged (operational ones excluded)."""
        body = await self.request(
            "GET", "/api/events/count", params={"exclude_operational": "true"}
        )
        return int(body["count"])

    async def poll(self) -> dict[str, Any]:
        """Ask the add-on to poll the modem now; return the analysis."""
        return _object(_object(await self.request("POST", "/api/poll")).get("analysis"))

    async def acknowledge_all(self) -> int:
        """Acknowledge every event; return how many changed."""
        return int((await self.request("POST", "/api/events/acknowledge-all"))["count"])

    async def acknowledge(self, event_id: int) -> None:
        """Acknowledge one event."""
        await self.request("POST", f"/api/events/{int(event_id)}/acknowledge")

    async def channel_history(self, **params: Any) -> list[dict[str, Any]]:
        """Return one channel's history (selector or channel_id, direction, range or days)."""
        return _list(await self.request("GET", "/api/channel-history", params=_query(params)))

    async def comparison(self, **params: Any) -> dict[str, Any]:
        """Return the comparison of two periods (from_a, to_a, from_b, to_b)."""
        return _object(await self.request("GET", "/api/comparison", params=_query(params)))

    async def add_journal_entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        """Create a journal entry."""
        return _object(await self.request("POST", "/api/journal", json_body=entry))

    async def report_pdf(self, **params: Any) -> bytes:
        """Return the PDF report for a window (days, or from/to)."""
        try:
            async with self._session.get(
                self.url + "/api/report",
                params=_query(params),
                headers=self._headers(),
                timeout=aiohttp.ClientTimeout(total=120),
            ) as response:
                if response.status != 200:
                    await _json_or_raise(response)
                return await response.read()
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err

    async def create_token(self, password: str, name: str) -> str:
        """Log in with the admin password and create an API token (a session-only route)."""
        jar = aiohttp.CookieJar(unsafe=True)
        try:
            async with aiohttp.ClientSession(cookie_jar=jar) as login_session:
                async with login_session.get(self.url + "/login", timeout=REQUEST_TIMEOUT) as page:
                    match = _CSRF.search(await page.text())
                if match is not None:  # without a password the API is open: no form
                    form = {"password": password, "csrf_token": match.group(1)}
                    async with login_session.post(
                        self.url + "/login",
                        data=form,
                        allow_redirects=False,
                        timeout=REQUEST_TIMEOUT,
                    ) as response:
                        if response.status in (400, 401, 403):
                            raise DocsightAuthenticationError("Wrong admin password")
                        if response.status == 429:
                            raise DocsightResponseError(429, "Too many failed logins; try later")
                client = DocsightClient(login_session, self.url, None)
                body = await client.request("POST", "/api/tokens", json_body={"name": name})
                return str(body["token"])
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err

    async def stream(self) -> AsyncIterator[StreamMessage]:
        """Yield messages from GET /api/stream until it ends; heartbeats are skipped."""
        try:
            async with self._session.get(
                self.url + "/api/stream", headers=self._headers(), timeout=STREAM_TIMEOUT
            ) as response:
                if response.status != 200:
                    await _json_or_raise(response)
                kind, data_lines = "message", list[str]()
                async for raw in response.content:
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    if not line:
                        if data_lines:
                            yield StreamMessage(kind, json.loads("\n".join(data_lines)))
                        kind, data_lines = "message", list[str]()
                    elif line.startswith("event:"):
                        kind = line[6:].strip()
                    elif line.startswith("data:"):
                        data_lines.append(line[5:].strip())
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err


def _query(params: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in params.items() if value is not None}


async def _json_or_raise(response: aiohttp.ClientResponse) -> Any:
    """Return the JSON body of a 2xx answer, else raise the matching error."""
    try:
        body = await response.json(content_type=None)
    except (ValueError, aiohttp.ContentTypeError):
        body = None
    if response.status in (401, 403):
        raise DocsightAuthenticationError(_message(body, "Authentication required"))
    if response.status >= 400:
        raise DocsightResponseError(response.status, _message(body, response.reason or ""))
    if body is None:
        raise DocsightResponseError(response.status, "The answer was not JSON")
    return body


def _message(body: Any, fallback: str) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return str(body["error"])
    return fallback


def _object(body: Any) -> dict[str, Any]:
    """Return a JSON object answer, or raise when the add-on sent something else."""
    if not isinstance(body, dict):
        raise DocsightResponseError(200, "Expected a JSON object")
    return body


def _list(body: Any) -> list[dict[str, Any]]:
    """Return a JSON array answer, or raise when the add-on sent something else."""
    if not isinstance(body, list):
        raise DocsightResponseError(200, "Expected a JSON array")
    return body
