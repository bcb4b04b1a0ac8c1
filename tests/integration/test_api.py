"""The client's failure paths: answers the real add-on never gives, from a stand-in server.

The stand-in serves fixed bodies on loopback; what the client makes of them (typed models or a
DocsightResponseError naming the route) is the point. The models' readers are checked too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from custom_components.docsight.api import DocsightClient, DocsightResponseError
from custom_components.docsight.api_calls import ApiCall
from custom_components.docsight.models import (
    Channel,
    CollectorStatus,
    Comparison,
    Event,
    Incident,
    LanDevice,
    Outage,
    StreamEventsAcknowledged,
    StreamHello,
    StreamMessage,
    StreamSnapshot,
    Summary,
)
from tests.addon.harness import LOOPBACK

type Answers = dict[str, Any]
type Call = Callable[[DocsightClient], Awaitable[Any]]


async def stand_in(answers: Answers) -> AsyncIterator[DocsightClient]:
    """Serve each path's fixed answer (JSON, or text for the stream) and yield a client of it."""

    async def answer(request: web.Request) -> web.StreamResponse:
        body = answers[request.path]
        if isinstance(body, str):
            return web.Response(text=body, content_type="text/event-stream")
        return web.json_response(body)

    app = web.Application()
    app.router.add_route("*", "/{path:.*}", answer)
    async with TestServer(app, host=LOOPBACK) as server, aiohttp.ClientSession() as session:
        yield DocsightClient(session, str(server.make_url("")), "dsk_test")


async def read_stream(client: DocsightClient) -> list[StreamMessage]:
    """Return every message of the stand-in's stream."""
    async with aclosing(client.stream()) as stream:
        return [message async for message in stream]


@pytest.fixture
def answers() -> Answers:
    """The stand-in's answers by path; each test fills them in."""
    return {}


@pytest.fixture
async def client(socket_enabled: None, answers: Answers) -> AsyncIterator[DocsightClient]:
    """A client of the stand-in server."""
    async for stand_in_client in stand_in(answers):
        yield stand_in_client


async def _journal(client: DocsightClient) -> Any:
    return await client.add_journal_entry({"date": "2025-03-01", "title": "t", "description": ""})


async def _comparison(client: DocsightClient) -> Any:
    return await client.comparison(from_a="a", to_a="b", from_b="c", to_b="d")


async def _outages(client: DocsightClient) -> Any:
    return await client.monitor_outages(1, 0, 60)


async def _report(client: DocsightClient) -> Any:
    return await client.report_pdf(days=7)


@pytest.mark.parametrize(
    ("path", "body", "call"),
    [
        ("/api/instance", {"version": "1.0", "api_version": 1}, DocsightClient.instance),
        ("/api/instance", {"instance_id": "x", "version": "1", "api_version": "one"}, None),
        ("/api/channels", [], DocsightClient.channels),
        ("/api/channels", {"ds_channels": {"1": {}}}, DocsightClient.channels),
        ("/api/collectors/status", {"demo": {}}, DocsightClient.collectors),
        ("/api/collectors/status", [{"poll_interval": 900}], DocsightClient.collectors),
        ("/api/connection-monitor/targets", [{"label": "no id"}], DocsightClient.monitor_targets),
        ("/api/connection-monitor/summary", {"1": "fast"}, DocsightClient.monitor_summary),
        ("/api/lan/devices", {"devices": [{"id": "NAS"}]}, DocsightClient.lan_devices),
        ("/api/drivers", {}, DocsightClient.drivers),
        ("/api/events", {"events": [{"message": "no id"}]}, DocsightClient.events),
        ("/api/poll", {"success": True}, DocsightClient.poll),
        ("/api/channel-history", [{"power": 1.0}], None),
        ("/api/incidents", [{"name": "no id"}], DocsightClient.incidents),
        ("/api/journal", {"success": True}, _journal),
        ("/api/comparison", {"period_a": {}, "period_b": {}, "delta": {}}, _comparison),
        ("/api/connection-monitor/outages/1", {"start": 1}, _outages),
        ("/api/report", {"error": "a JSON answer"}, _report),
    ],
)
async def test_unexpected_answers_name_the_route(
    client: DocsightClient, answers: Answers, path: str, body: Any, call: Call | None
) -> None:
    """An answer of the wrong shape is a DocsightResponseError that says which route sent it."""
    answers[path] = body
    if call is None:
        call = DocsightClient.instance if path == "/api/instance" else _history
    with pytest.raises(DocsightResponseError) as caught:
        await call(client)
    assert caught.value.status == 200
    route = path.replace("/outages/1", "/outages/{target_id}")
    assert caught.value.message.startswith(f"{route}: ")


async def _history(client: DocsightClient) -> Any:
    return await client.channel_history(selector="c1_x")


async def test_null_lists_are_empty(client: DocsightClient, answers: Answers) -> None:
    """A null list in an object (no drivers, no devices yet) reads as empty."""
    answers["/api/drivers"] = {"drivers": None}
    answers["/api/lan/devices"] = {"devices": None, "monitoring_active": False}
    assert await client.drivers() == ()
    lan = await client.lan_devices()
    assert (lan.devices, lan.monitoring_active) == ((), False)


async def test_stream_reads_known_messages_and_skips_the_rest(
    client: DocsightClient, answers: Answers
) -> None:
    """Comments, unknown kinds (newer add-ons) and data-less events are skipped."""
    answers["/api/stream"] = (
        ": heartbeat\n\n"
        'event: hello\ndata: {"version": "2.0", "last_poll": "2025-01-01T00:00:00Z"}\n\n'
        'event: speedtest\ndata: {"down": 1}\n\n'
        "event: snapshot\n\n"
        'event: snapshot\ndata: {"snapshot_id": 7, "ts": 1735689600}\n\n'
        'event: events_acknowledged\ndata: {"all": true, "count": 3}\n\n'
    )
    messages = await read_stream(client)
    moment = datetime(2025, 1, 1, tzinfo=UTC)
    assert messages == [
        StreamHello(version="2.0", last_poll=moment),
        StreamSnapshot(polled_at=moment, snapshot_id=7),
        StreamEventsAcknowledged(),
    ]


@pytest.mark.parametrize(
    "stream",
    [
        "event: hello\ndata: {oops\n\n",
        'event: snapshot\ndata: {"snapshot_id": 7}\n\n',
        "event: collectors\ndata: {}\n\n",
        'event: event\ndata: ["not", "an", "event"]\n\n',
    ],
)
async def test_stream_with_a_bad_message_fails(
    client: DocsightClient, answers: Answers, stream: str
) -> None:
    """A message that is not JSON or not of its kind's shape ends the stream with an error."""
    answers["/api/stream"] = stream
    with pytest.raises(DocsightResponseError) as caught:
        await read_stream(client)
    assert caught.value.message.startswith(("/api/stream: ", "Stream data is not JSON"))


async def test_undeclared_query_parameters_are_refused(client: DocsightClient) -> None:
    """A query parameter missing from the route table is a programming error, not a request."""
    with pytest.raises(ValueError, match="acknowledged_by"):
        await client.events(acknowledged_by="me")
    assert ApiCall.EVENTS.query_params({"limit": 5, "severity": None}) == {"limit": "5"}
    assert ApiCall.ACKNOWLEDGE.url_path(event_id=12) == "/api/events/12/acknowledge"


def test_models_read_json_leniently() -> None:
    """Optional fields tolerate null, missing and wrongly typed values; numbers stay numbers."""
    summary = Summary.from_json(
        {"health": "good", "health_issues": ["snr", 3], "ds_total": 26.0, "ds_power_avg": 5}
    )
    assert summary.health_issues == ("snr",)
    assert (summary.ds_total, summary.ds_power_avg, summary.us_total) == (26, 5.0, None)
    assert Summary.from_json({"ds_power_min": True, "ds_total": "26"}) == Summary()
    channel = Channel.from_json({"channel_id": 3, "frequency": 602.0, "power": None})
    assert (channel.frequency, channel.power, channel.selector_required) == ("602.0", None, False)
    status = CollectorStatus.from_json({"name": "modem", "primary": 1, "last_poll": 1735689600.9})
    assert status.primary is True
    assert status.last_run == datetime(2025, 1, 1, tzinfo=UTC)
    assert CollectorStatus.from_json({"name": "x", "primary": "yes"}).primary is None
    device = LanDevice.from_json({"id": 4, "last_seen": "yesterday", "ip_addresses": "10.0.0.4"})
    assert (device.last_seen, device.ip_addresses, device.name) == (None, (), "4")
    assert device.online is None
    event = Event.from_json({"id": 9, "details": "text", "acknowledged": 1})
    assert event.details is None
    assert event.to_json()["acknowledged"] == 1
    outage = Outage.from_json({"start": 1735689600.5, "end": None, "duration_seconds": "long"})
    assert outage.start == datetime(2025, 1, 1, 0, 0, 0, 500000, tzinfo=UTC)
    assert (outage.end, outage.duration_seconds, outage.timeout_count) == (None, None, None)
    incident = Incident.from_json({"id": 1, "name": "n", "status": "escalated", "end_date": 5})
    assert (incident.unresolved, incident.end_date, incident.created_at) == (True, "5", None)
    period = {"from": "2025-01-01T00:00:00Z", "timeseries": [{"health": "good"}], "extra": 1}
    comparison = Comparison.from_json(
        {"period_a": period, "period_b": {}, "delta": {"verdict": "improved", "ds_snr": 1.5}}
    )
    assert comparison.to_json()["period_a"]["from"] == "2025-01-01T00:00:00Z"
    assert comparison.to_json()["period_a"]["timeseries"][0]["health"] == "good"
    assert "extra" not in comparison.to_json()["period_a"]
    assert comparison.to_json()["delta"]["ds_snr"] == 1.5
