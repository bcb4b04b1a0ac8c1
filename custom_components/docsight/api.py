"""Async client for the DOCSight add-on's REST API (no Home Assistant imports).

Every route it calls is a member of `ApiCall`, the table a contract test checks against the
add-on's OpenAPI document. Answers are parsed into the typed models of `.models` once, here.
Raises its own exceptions; the integration maps them to Home Assistant's.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import aiohttp

from .api_calls import ApiCall
from .models import (
    STREAM_MESSAGES,
    Analysis,
    ChannelHistoryPoint,
    CollectorStatus,
    Comparison,
    ConnectionInfo,
    DriverInfo,
    EventsPage,
    GamingScore,
    Incident,
    Instance,
    JournalEntry,
    LanDevices,
    ModemCapture,
    ModemInfo,
    MonitorTarget,
    Outage,
    StreamMessage,
    TargetStats,
    parse,
)

REQUEST_TIMEOUT = aiohttp.ClientTimeout(total=30)
REPORT_TIMEOUT = aiohttp.ClientTimeout(total=120)
#: A capture is one full poll of the modem (the add-on gives it 60 s) and a file written.
CAPTURE_TIMEOUT = aiohttp.ClientTimeout(total=120)
#: The stream sends a heartbeat every 15 s; twice that without a byte means it is gone.
STREAM_TIMEOUT = aiohttp.ClientTimeout(total=None, sock_connect=10, sock_read=45)
PDF_MAGIC = b"%PDF-"
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


class DocsightClient:
    """Calls the add-on's API on a shared aiohttp session."""

    def __init__(self, session: aiohttp.ClientSession, url: str, token: str | None) -> None:
        """Bind to an add-on base URL such as http://a0d7b954-docsight:8765."""
        self._session = session
        self.url = url.rstrip("/")
        self.token = token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def url_for(self, call: ApiCall, **path_params: int | str) -> str:
        """Return the full URL of a route."""
        return self.url + call.url_path(**path_params)

    async def request(
        self,
        call: ApiCall,
        *,
        path_params: Mapping[str, int | str] | None = None,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        client_timeout: aiohttp.ClientTimeout = REQUEST_TIMEOUT,
    ) -> Any:
        """Call a route and return its JSON body; raise a DocsightError subclass on failure."""
        try:
            async with self._session.request(
                call.method,
                self.url_for(call, **(path_params or {})),
                params=call.query_params(params or {}),
                json=json_body,
                headers=self._headers(),
                timeout=client_timeout,
                allow_redirects=False,
            ) as response:
                return await _json_or_raise(response)
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err

    async def _get[T](
        self, call: ApiCall, read: Callable[[Mapping[str, Any]], T], **params: Any
    ) -> T:
        """GET a route that answers with a JSON object and read it into a model."""
        return _parsed(call, read, await self.request(call, params=params))

    async def instance(self) -> Instance:
        """Return the installation's id, version and API version."""
        return await self._get(ApiCall.INSTANCE, Instance.from_json)

    async def channels(self) -> Analysis:
        """Return the analysis (summary and channels) of the latest poll."""
        return await self._get(ApiCall.CHANNELS, Analysis.from_json)

    async def device(self) -> ModemInfo:
        """Return the modem's device info."""
        return await self._get(ApiCall.DEVICE, ModemInfo.from_json)

    async def connection(self) -> ConnectionInfo:
        """Return ISP name, connection type and provisioned speeds."""
        return await self._get(ApiCall.CONNECTION, ConnectionInfo.from_json)

    async def gaming_score(self) -> GamingScore:
        """Return the gaming quality index."""
        return await self._get(ApiCall.GAMING_SCORE, GamingScore.from_json)

    async def collectors(self) -> tuple[CollectorStatus, ...]:
        """Return the collector status list."""
        body = await self.request(ApiCall.COLLECTORS)
        return _parsed_list(ApiCall.COLLECTORS, CollectorStatus.from_json, body)

    async def monitor_targets(self) -> tuple[MonitorTarget, ...]:
        """Return the connection monitor's targets."""
        body = await self.request(ApiCall.MONITOR_TARGETS)
        return _parsed_list(ApiCall.MONITOR_TARGETS, MonitorTarget.from_json, body)

    async def monitor_summary(self) -> dict[str, TargetStats]:
        """Return each target's last-minute statistics by id ({} while the monitor is off)."""
        return await self._get(ApiCall.MONITOR_SUMMARY, _target_stats)

    async def lan_devices(self) -> LanDevices:
        """Return the LAN devices the add-on knows and whether it watches them."""
        return await self._get(ApiCall.LAN_DEVICES, LanDevices.from_json)

    async def drivers(self) -> tuple[DriverInfo, ...]:
        """Return the modem drivers the add-on supports (key, name, default URL, needs)."""
        return await self._get(ApiCall.DRIVERS, _drivers)

    async def events(self, **params: Any) -> EventsPage:
        """Return the events matching the filters, newest first, with the unacknowledged count."""
        return await self._get(ApiCall.EVENTS, EventsPage.from_json, **params)

    async def event_count(self, **params: Any) -> int:
        """Return how many events match (open ones unless acknowledged=1; since, severity)."""
        return _parsed(
            ApiCall.EVENT_COUNT, _count, await self.request(ApiCall.EVENT_COUNT, params=params)
        )

    async def poll(self) -> Analysis:
        """Ask the add-on to poll the modem now; return the analysis."""
        body = await self.request(ApiCall.POLL)
        return _parsed(ApiCall.POLL, _analysis, body)

    async def acknowledge_all(self) -> int:
        """Acknowledge every event; return how many changed."""
        return _parsed(ApiCall.ACKNOWLEDGE_ALL, _count, await self.request(ApiCall.ACKNOWLEDGE_ALL))

    async def acknowledge(self, event_id: int) -> None:
        """Acknowledge one event."""
        await self.request(ApiCall.ACKNOWLEDGE, path_params={"event_id": int(event_id)})

    async def channel_history(self, **params: Any) -> tuple[ChannelHistoryPoint, ...]:
        """Return one channel's history (selector or channel_id, direction, range or days)."""
        body = await self.request(ApiCall.CHANNEL_HISTORY, params=params)
        return _parsed_list(ApiCall.CHANNEL_HISTORY, ChannelHistoryPoint.from_json, body)

    async def comparison(self, **params: Any) -> Comparison:
        """Return the comparison of two periods (from_a, to_a, from_b, to_b)."""
        return await self._get(ApiCall.COMPARISON, Comparison.from_json, **params)

    async def add_journal_entry(self, entry: Mapping[str, Any]) -> JournalEntry:
        """Create a journal entry; return its id."""
        body = await self.request(ApiCall.JOURNAL, json_body=dict(entry))
        return _parsed(ApiCall.JOURNAL, JournalEntry.from_json, body)

    async def incidents(self) -> tuple[Incident, ...]:
        """Return every incident, newest first."""
        body = await self.request(ApiCall.INCIDENTS)
        return _parsed_list(ApiCall.INCIDENTS, Incident.from_json, body)

    async def monitor_outages(self, target_id: int, start: int, end: int) -> tuple[Outage, ...]:
        """Return a target's outages between two epoch seconds, oldest first."""
        body = await self.request(
            ApiCall.MONITOR_OUTAGES,
            path_params={"target_id": target_id},
            params={"start": start, "end": end},
        )
        return _parsed_list(ApiCall.MONITOR_OUTAGES, Outage.from_json, body)

    async def capture_modem_pages(self) -> ModemCapture:
        """Have the add-on record the modem's pages in a file; return the file and what it read."""
        body = await self.request(ApiCall.MODEM_CAPTURE, client_timeout=CAPTURE_TIMEOUT)
        return _parsed(ApiCall.MODEM_CAPTURE, ModemCapture.from_json, body)

    async def report_pdf(self, **params: Any) -> bytes:
        """Return the PDF report for a window (days, or from/to)."""
        try:
            async with self._session.get(
                self.url_for(ApiCall.REPORT),
                params=ApiCall.REPORT.query_params(params),
                headers=self._headers(),
                timeout=REPORT_TIMEOUT,
            ) as response:
                if response.status != 200:
                    await _json_or_raise(response)
                pdf = await response.read()
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err
        if not pdf.startswith(PDF_MAGIC):
            raise DocsightResponseError(200, f"{ApiCall.REPORT.path}: the answer is not a PDF")
        return pdf

    async def create_token(self, password: str, name: str) -> str:
        """Log in with the admin password and create an API token (a session-only route)."""
        jar = aiohttp.CookieJar(unsafe=True)
        try:
            async with aiohttp.ClientSession(cookie_jar=jar) as login_session:
                await _log_in(login_session, self, password)
                client = DocsightClient(login_session, self.url, None)
                body = await client.request(ApiCall.CREATE_TOKEN, json_body={"name": name})
                return _parsed(ApiCall.CREATE_TOKEN, lambda data: str(data["token"]), body)
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err

    async def stream(self) -> AsyncIterator[StreamMessage]:
        """Yield messages from GET /api/stream until it ends; heartbeats are skipped."""
        try:
            async with self._session.get(
                self.url_for(ApiCall.STREAM), headers=self._headers(), timeout=STREAM_TIMEOUT
            ) as response:
                if response.status != 200:
                    await _json_or_raise(response)
                async for kind, data in _server_sent_events(response):
                    if (read := STREAM_MESSAGES.get(kind)) is not None:
                        yield _checked(ApiCall.STREAM, read, data)
        except (TimeoutError, aiohttp.ClientError) as err:
            raise DocsightConnectionError(str(err) or type(err).__name__) from err


async def _log_in(session: aiohttp.ClientSession, client: DocsightClient, password: str) -> None:
    """Sign in on the login form with the admin password (without a password there is none)."""
    async with session.get(client.url_for(ApiCall.LOGIN_PAGE), timeout=REQUEST_TIMEOUT) as page:
        match = _CSRF.search(await page.text())
    if match is None:
        return
    form = {"password": password, "csrf_token": match.group(1)}
    async with session.post(
        client.url_for(ApiCall.LOGIN), data=form, allow_redirects=False, timeout=REQUEST_TIMEOUT
    ) as response:
        if response.status in (400, 401, 403):
            raise DocsightAuthenticationError("Wrong admin password")
        if response.status == 429:
            raise DocsightResponseError(429, "Too many failed logins; try later")


async def _server_sent_events(response: aiohttp.ClientResponse) -> AsyncIterator[tuple[str, Any]]:
    """Yield (event name, parsed JSON data) of each server-sent event; comments are skipped."""
    kind, data_lines = "message", list[str]()
    async for raw in response.content:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if data_lines:
                try:
                    data = json.loads("\n".join(data_lines))
                except ValueError as err:
                    raise DocsightResponseError(200, f"Stream data is not JSON: {err}") from err
                yield kind, data
            kind, data_lines = "message", list[str]()
        elif line.startswith("event:"):
            kind = line[6:].strip()
        elif line.startswith("data:"):
            data_lines.append(line[5:].strip())


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


def _checked[T](call: ApiCall, read: Callable[[Any], T], body: Any) -> T:
    """Read a JSON answer into models, or raise DocsightResponseError naming the route."""
    try:
        return read(body)
    except (KeyError, TypeError, ValueError) as err:
        raise DocsightResponseError(200, f"{call.path}: unexpected answer ({err!r})") from err


def _parsed[T](call: ApiCall, read: Callable[[Mapping[str, Any]], T], body: Any) -> T:
    """Read a JSON object answer into a model."""
    return _checked(call, lambda data: read(parse.mapping(data)), body)


def _parsed_list[T](
    call: ApiCall, read: Callable[[Mapping[str, Any]], T], body: Any
) -> tuple[T, ...]:
    """Read a JSON array answer of objects into models."""
    return _checked(call, lambda data: tuple(read(item) for item in parse.items(data)), body)


def _analysis(data: Mapping[str, Any]) -> Analysis:
    return Analysis.from_json(parse.mapping(data["analysis"]))


def _count(data: Mapping[str, Any]) -> int:
    return int(data["count"])


def _target_stats(data: Mapping[str, Any]) -> dict[str, TargetStats]:
    return {str(key): TargetStats.from_json(parse.mapping(stats)) for key, stats in data.items()}


def _drivers(data: Mapping[str, Any]) -> tuple[DriverInfo, ...]:
    return tuple(DriverInfo.from_json(item) for item in parse.items(data["drivers"]))
