"""The client's route table against the add-on: its OpenAPI document and its live answers.

Every route of `ApiCall` must be in the document. Every call then runs against the live demo
add-on and must parse into the models with meaningful values; where the document gives a
response schema, the raw answer is also validated against it.
"""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest

from custom_components.docsight.api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightResponseError,
)
from custom_components.docsight.api_calls import ApiCall
from custom_components.docsight.const import SUPPORTED_API_VERSION
from custom_components.docsight.models import StreamHello
from custom_components.docsight.sensor import GRADE_OPTIONS, HEALTH_OPTIONS
from devtools.modem_sim import run_simulator

from .conftest import ADMIN_PASSWORD, Addon

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass
class LiveClient:
    """A client of the test add-on that keeps every JSON answer it parsed."""

    addon: Addon
    client: DocsightClient
    answers: list[tuple[ApiCall, Any]] = field(default_factory=list)


@pytest.fixture
async def document(addon: Addon) -> dict[str, Any]:
    """The add-on's OpenAPI document."""
    status, body, _ = await addon.server.request("GET", "/api/openapi.json", token=addon.token)
    assert status == 200
    return dict(body)


@pytest.fixture
async def live(addon: Addon) -> AsyncIterator[LiveClient]:
    """A client of the demo add-on on its own session, recording the raw answers."""
    async with aiohttp.ClientSession() as session:
        live_client = LiveClient(addon, DocsightClient(session, addon.url, addon.token))
        request = live_client.client.request

        async def recording(call: ApiCall, **kwargs: Any) -> Any:
            body = await request(call, **kwargs)
            live_client.answers.append((call, body))
            return body

        live_client.client.request = recording
        yield live_client


def operation(document: dict[str, Any], call: ApiCall) -> dict[str, Any] | None:
    """Return the document's operation of a call, or None when it has none."""
    result: dict[str, Any] | None = document["paths"].get(call.path, {}).get(call.method.lower())
    return result


def response_schema(document: dict[str, Any], call: ApiCall) -> dict[str, Any] | None:
    """Return the JSON schema of a call's success answer, if the document gives one."""
    for status, response in (operation(document, call) or {}).get("responses", {}).items():
        content = response.get("content", {}).get("application/json", {})
        if status.startswith("2") and "schema" in content:
            return dict(content["schema"])
    return None


def test_the_table_names_each_route_once() -> None:
    """No two members share a route and the templates are OpenAPI-shaped."""
    routes = [(call.method, call.path) for call in ApiCall]
    assert len(routes) == len(set(routes))
    for call in ApiCall:
        assert call.path.startswith("/"), call
        assert ":" not in call.path, call  # {id}, not aiohttp's {id:\d+}


async def test_served_routes_are_in_the_openapi_document(document: dict[str, Any]) -> None:
    """Each route the client calls is documented, with the parameters the client sends."""
    for call in ApiCall:
        found = operation(document, call)
        assert found is not None, f"{call.method} {call.path} is not in the add-on's document"
        parameters = found.get("parameters", [])
        declared = {(param["in"], param["name"]) for param in parameters}
        for name in _PLACEHOLDER.findall(call.path):
            assert ("path", name) in declared, (call, name)
        for name in call.query:
            assert ("query", name) in declared, (call, name)


async def _instance(live: LiveClient) -> None:
    instance = await live.client.instance()
    assert instance.instance_id == live.addon.instance_id
    assert instance.api_version == SUPPORTED_API_VERSION
    assert instance.demo_mode is True
    assert instance.version
    assert instance.modem_type


async def _channels(live: LiveClient) -> None:
    analysis = await live.client.channels()
    summary = analysis.summary
    assert summary.health in HEALTH_OPTIONS
    assert summary.ds_total == len(analysis.ds_channels) > 0
    assert summary.us_total == len(analysis.us_channels) > 0
    assert summary.ds_power_min is not None
    assert summary.ds_power_max is not None
    assert summary.ds_power_min <= (summary.ds_power_avg or 0) <= summary.ds_power_max
    assert summary.ds_correctable_errors is not None
    for channel in (*analysis.ds_channels, *analysis.us_channels):
        assert channel.selector
        assert channel.channel_id is not None
        assert channel.power is not None
        assert channel.modulation
    assert all(channel.snr is not None for channel in analysis.ds_channels)
    assert {channel.channel_family for channel in analysis.ds_channels} >= {"sc_qam", "ofdm"}


async def _device(live: LiveClient) -> None:
    device = await live.client.device()
    assert device.model == live.addon.server.context.state.device_info["model"]
    assert device.sw_version
    assert device.uptime_seconds is not None
    assert device.uptime_seconds > 0
    assert device.wan_ipv4


async def _connection(live: LiveClient) -> None:
    connection = await live.client.connection()
    assert connection.connection_type
    assert (connection.max_downstream_kbps, connection.max_upstream_kbps) == (250_000, 40_000)


async def _gaming_score(live: LiveClient) -> None:
    gaming = await live.client.gaming_score()
    assert gaming.enabled is True
    assert gaming.score is not None
    assert 0 <= gaming.score <= 100
    assert (gaming.grade or "").lower() in GRADE_OPTIONS


async def _collectors(live: LiveClient) -> None:
    collectors = await live.client.collectors()
    primary = [status for status in collectors if status.primary]
    assert [status.name for status in primary] == ["demo"]
    assert primary[0].poll_interval
    assert primary[0].last_run is not None
    assert primary[0].consecutive_failures == 0


async def _monitor_targets(live: LiveClient) -> None:
    targets = await live.client.monitor_targets()
    assert len(targets) == 3
    assert len({target.id for target in targets}) == 3
    assert all(target.label and target.host and target.enabled for target in targets)


async def _monitor_summary(live: LiveClient) -> None:
    summary = await live.client.monitor_summary()
    targets = await live.client.monitor_targets()
    assert set(summary) == {str(target.id) for target in targets}
    for stats in summary.values():
        assert stats.sample_count
        assert stats.packet_loss_pct is not None
        assert stats.avg_latency_ms is not None
        assert stats.reachable is not None


async def _lan_devices(live: LiveClient) -> None:
    lan = await live.client.lan_devices()
    assert lan.monitoring_active is True
    assert len({device.id for device in lan.devices}) == len(lan.devices) > 3
    assert all(device.hw_address and device.ip_addresses for device in lan.devices)
    vital = [device for device in lan.devices if device.importance == "VITAL"]
    assert len(vital) == 3
    assert all(device.online is True for device in vital)


async def _drivers(live: LiveClient) -> None:
    drivers = await live.client.drivers()
    keys = [driver.key for driver in drivers]
    assert len(keys) == len(set(keys)) > 10
    assert (await live.client.instance()).modem_type in keys
    assert all(driver.name for driver in drivers)


async def _events(live: LiveClient) -> None:
    page = await live.client.events(limit=5)
    assert 0 < len(page.events) <= 5
    assert page.unacknowledged_count
    for event in page.events:
        assert event.event_type
        assert event.severity in ("info", "warning", "critical")
        assert event.timestamp
        assert datetime.fromisoformat(event.timestamp).tzinfo is not None
    stamps = [event.timestamp or "" for event in page.events]
    assert stamps == sorted(stamps, reverse=True)
    # What the unacknowledged-events sensor reads: open, non-operational events and their count.
    open_page = await live.client.events(acknowledged=0, exclude_operational="true", limit=5)
    status, body, _ = await live.addon.server.request(
        "GET", "/api/events/count?exclude_operational=true", token=live.addon.token
    )
    assert status == 200
    assert open_page.unacknowledged_count == body["count"] > 0
    assert not any(event.acknowledged for event in open_page.events)
    operational = ("monitoring_started", "monitoring_stopped")
    assert not any(event.event_type in operational for event in open_page.events)


async def _event_count(live: LiveClient) -> None:
    # What the unacknowledged-events sensor reads: open alerts of 7 days, and all open events.
    total = await live.client.event_count(acknowledged=0, exclude_operational="true")
    page = await live.client.events(acknowledged=0, exclude_operational="true", limit=100_000)
    assert total == page.unacknowledged_count == len(page.events) > 0
    since = int(time.time()) - 7 * 86400
    recent = await live.client.event_count(since=since, severity="warning,critical", acknowledged=0)
    assert recent == sum(
        event.severity in ("warning", "critical")
        and datetime.fromisoformat(event.timestamp or "").timestamp() >= since
        for event in page.events
    )
    acknowledged = await live.client.event_count(acknowledged=1)
    assert acknowledged + await live.client.event_count() == len(
        (await live.client.events(limit=100_000)).events
    )


async def _unacknowledged_count(live: LiveClient) -> int:
    page = await live.client.events(acknowledged=0, exclude_operational="true", limit=1)
    return page.unacknowledged_count or 0


async def _poll(live: LiveClient) -> None:
    analysis = await live.client.poll()
    assert analysis.summary.health == live.addon.server.context.state.analysis["summary"]["health"]
    assert analysis.ds_channels


async def _acknowledge_all(live: LiveClient) -> None:
    before = await _unacknowledged_count(live)
    assert await live.client.acknowledge_all() >= before > 0
    assert await _unacknowledged_count(live) == 0


async def _acknowledge(live: LiveClient) -> None:
    (event,) = (await live.client.events(acknowledged=0, limit=1)).events
    assert event.acknowledged is False
    await live.client.acknowledge(event.id)
    acknowledged = (await live.client.events(acknowledged=1, limit=1000)).events
    assert event.id in {item.id for item in acknowledged}
    with pytest.raises(DocsightResponseError) as caught:
        await live.client.acknowledge(987_654_321)
    assert caught.value.status == 404


async def _channel_history(live: LiveClient) -> None:
    channel = (await live.client.channels()).ds_channels[0]
    points = await live.client.channel_history(selector=channel.selector, range="1d")
    assert len(points) > 1
    assert [point.timestamp for point in points] == sorted(point.timestamp for point in points)
    assert all(point.power is not None and point.snr is not None for point in points)


async def _stream(live: LiveClient) -> None:
    async with aclosing(live.client.stream()) as messages:
        hello = await anext(messages)
    assert isinstance(hello, StreamHello)
    assert hello.last_poll is not None
    assert hello.health == (await live.client.channels()).summary.health


async def _login_and_create_token(live: LiveClient) -> None:
    token = await live.client.create_token(ADMIN_PASSWORD, "Contract test")
    assert token.startswith("dsk_")
    fresh = DocsightClient(live.addon.server.session, live.addon.url, token)
    assert (await fresh.instance()).instance_id == live.addon.instance_id
    with pytest.raises(DocsightAuthenticationError):
        await live.client.create_token("wrong password", "Contract test")


async def _health(live: LiveClient) -> None:
    session = live.addon.server.session
    async with session.get(live.client.url_for(ApiCall.HEALTH)) as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ok"


async def _comparison(live: LiveClient) -> None:
    now = int(time.time()) // 60 * 60
    week = 7 * 86400
    moments = {
        "from_a": now - 2 * week,
        "to_a": now - week,
        "from_b": now - week,
        "to_b": now,
    }
    texts = {
        key: datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        for key, moment in moments.items()
    }
    comparison = await live.client.comparison(**texts)
    assert comparison.delta.verdict in ("improved", "degraded", "unchanged")
    for period, start, end in (
        (comparison.period_a, texts["from_a"], texts["to_a"]),
        (comparison.period_b, texts["from_b"], texts["to_b"]),
    ):
        assert (period.start, period.end) == (start, end)
        assert period.snapshots
        assert period.avg.ds_snr is not None
        assert period.total.uncorr_errors is not None
        assert len(period.timeseries) == period.snapshots
        assert all(sample.timestamp and sample.health for sample in period.timeseries)
        assert start <= period.timeseries[0].timestamp <= period.timeseries[-1].timestamp <= end
    snr_a, snr_b = comparison.period_a.avg.ds_snr, comparison.period_b.avg.ds_snr
    assert comparison.delta.ds_snr == pytest.approx((snr_b or 0) - (snr_a or 0), abs=0.011)


async def _journal(live: LiveClient) -> None:
    created = await live.client.add_journal_entry(
        {"date": "2025-03-01", "title": "Contract test", "description": "d"}
    )
    status, body, _ = await live.addon.server.request(
        "GET", f"/api/journal/{created.id}", token=live.addon.token
    )
    assert status == 200
    assert (body["title"], body["date"]) == ("Contract test", "2025-03-01")


async def _report(live: LiveClient) -> None:
    pdf = await live.client.report_pdf(days=7)
    assert pdf.startswith(b"%PDF-")
    assert pdf.rstrip().endswith(b"%%EOF")


async def _incidents(live: LiveClient) -> None:
    incidents = await live.client.incidents()
    assert sorted(incident.status or "" for incident in incidents) == [
        "escalated",
        "open",
        "resolved",
    ]
    for incident in incidents:
        assert incident.name
        assert incident.start_date
        assert incident.created_at is not None
        assert incident.created_at.tzinfo is not None
    resolved = next(incident for incident in incidents if incident.status == "resolved")
    assert resolved.end_date is not None
    assert resolved.start_date <= resolved.end_date
    assert sum(incident.unresolved for incident in incidents) == 2


async def _monitor_outages(live: LiveClient) -> None:
    targets = await live.client.monitor_targets()
    now = int(time.time())
    found = 0
    for target in targets:
        outages = await live.client.monitor_outages(target.id, now - 8 * 86400, now)
        found += len(outages)
        for outage in outages:
            assert outage.start is not None
            assert outage.end is not None
            assert outage.start < outage.end
            assert outage.timeout_count
            assert outage.duration_seconds
    assert found > len(targets)


async def _modem_capture(live: LiveClient) -> None:
    # The demo add-on's modem settings point to no modem: a simulator on loopback stands in.
    async with run_simulator("tc4400") as sim:
        live.addon.use_modem(sim)
        capture = await live.client.capture_modem_pages()
    assert (capture.ok, capture.error) == (True, None)
    assert capture.requests
    assert capture.ds_channels == len(sim.simulator.expected()["ds"])
    assert capture.us_channels == len(sim.simulator.expected()["us"])
    assert capture.name in (capture.path or "")


#: What each route's client call must give against the demo add-on.
LIVE_CHECKS: dict[ApiCall, Callable[[LiveClient], Awaitable[None]]] = {
    ApiCall.INSTANCE: _instance,
    ApiCall.CHANNELS: _channels,
    ApiCall.DEVICE: _device,
    ApiCall.CONNECTION: _connection,
    ApiCall.GAMING_SCORE: _gaming_score,
    ApiCall.COLLECTORS: _collectors,
    ApiCall.MONITOR_TARGETS: _monitor_targets,
    ApiCall.MONITOR_SUMMARY: _monitor_summary,
    ApiCall.LAN_DEVICES: _lan_devices,
    ApiCall.DRIVERS: _drivers,
    ApiCall.EVENTS: _events,
    ApiCall.EVENT_COUNT: _event_count,
    ApiCall.POLL: _poll,
    ApiCall.ACKNOWLEDGE_ALL: _acknowledge_all,
    ApiCall.ACKNOWLEDGE: _acknowledge,
    ApiCall.CHANNEL_HISTORY: _channel_history,
    ApiCall.STREAM: _stream,
    ApiCall.LOGIN_PAGE: _login_and_create_token,
    ApiCall.LOGIN: _login_and_create_token,
    ApiCall.CREATE_TOKEN: _login_and_create_token,
    ApiCall.HEALTH: _health,
    ApiCall.COMPARISON: _comparison,
    ApiCall.JOURNAL: _journal,
    ApiCall.REPORT: _report,
    ApiCall.INCIDENTS: _incidents,
    ApiCall.MONITOR_OUTAGES: _monitor_outages,
    ApiCall.MODEM_CAPTURE: _modem_capture,
}


#: Calls that do not go through `DocsightClient.request` (not JSON, another session).
NOT_RECORDED = {
    ApiCall.STREAM,
    ApiCall.LOGIN_PAGE,
    ApiCall.LOGIN,
    ApiCall.CREATE_TOKEN,
    ApiCall.HEALTH,
    ApiCall.REPORT,
}


def test_every_route_has_a_live_check() -> None:
    """A route added to the table needs a check against the live add-on here."""
    assert set(LIVE_CHECKS) == set(ApiCall)


@pytest.mark.parametrize("call", list(ApiCall), ids=lambda call: call.name)
async def test_live_answers_parse_into_models(
    call: ApiCall, live: LiveClient, document: dict[str, Any]
) -> None:
    """The call works against the demo add-on; its answers match any documented schema."""
    await LIVE_CHECKS[call](live)
    if call not in NOT_RECORDED:
        assert call in {answered for answered, _ in live.answers}
    for answered, body in live.answers:
        if (schema := response_schema(document, answered)) is not None:
            validate(document, schema, body)


def validate(document: dict[str, Any], schema: dict[str, Any], body: Any) -> None:
    """Validate an answer against a schema of the document (its $refs resolve in it)."""
    import jsonschema  # needed only once the add-on documents its answers

    root = {**schema, "components": document.get("components", {})}
    jsonschema.Draft202012Validator(root).validate(body)
