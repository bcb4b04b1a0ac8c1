"""The calendar against the real add-on: demo incidents, demo outages and a scripted outage."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.docsight.api import DocsightClient, DocsightConnectionError
from custom_components.docsight.calendar import MAX_OUTAGE_WINDOW
from custom_components.docsight.const import DOMAIN
from custom_components.docsight.evidence import EVIDENCE_UPDATE_INTERVAL
from custom_components.docsight.models import Outage
from docsight_server.connmon.demo import OUTAGES
from docsight_server.connmon.keys import CONNECTION_MONITOR
from docsight_server.connmon.repository import Sample

from .conftest import Addon
from .test_coordinator import Refreshes, add_event, count_refreshes, stream_ready, wait_until
from .test_network import TARGETS, api

CALENDAR = "calendar.demo_router_incidents_and_outages"
MONITOR = "/api/connection-monitor"


@pytest.fixture(autouse=True)
def refreshes(enable_custom_integrations: None) -> Iterator[Refreshes]:
    """Count live refreshes."""
    with count_refreshes() as counter:
        yield counter


def utc_text(moment: datetime) -> str:
    """Return a time as UTC text with Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def events_between(
    hass: HomeAssistant, hass_client: ClientSessionGenerator, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    """Return the calendar's events as Home Assistant's calendar API gives them."""
    client = await hass_client()
    query = {"start": utc_text(start), "end": utc_text(end)}
    response = await client.get(f"/api/calendars/{CALENDAR}", params=query)
    assert response.status == 200, await response.text()
    return list(await response.json())


def timed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the timed events (outages)."""
    return [event for event in events if "dateTime" in event["start"]]


def all_day(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the all-day events (incidents)."""
    return [event for event in events if "date" in event["start"]]


def moment(value: dict[str, str]) -> datetime:
    """Return the time of a timed event's start or end."""
    parsed = datetime.fromisoformat(value["dateTime"])
    assert parsed.tzinfo is not None
    return parsed


async def test_calendar_entity(
    hass: HomeAssistant,
    addon: Addon,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
    setup_integration: MockConfigEntry,
) -> None:
    """One calendar on the modem device, enabled, with a translated name."""
    registered = entity_registry.async_get(CALENDAR)
    assert registered is not None
    assert registered.unique_id == f"{addon.instance_id}_incidents_and_outages"
    assert (registered.translation_key, registered.disabled_by) == ("incidents_and_outages", None)
    assert registered.entity_category is None
    modem = device_registry.async_get_device(identifiers={(DOMAIN, addon.instance_id)})
    assert modem is not None
    assert registered.device_id == modem.id
    assert hass.states.get(CALENDAR).attributes["friendly_name"] == (
        "Demo Router Incidents and outages"
    )


async def test_demo_outages_are_timed_events_merged_across_targets(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Every demo outage of every target lies in one event naming it; overlaps are merged."""
    await hass.config.async_set_time_zone("Pacific/Kiritimati")  # UTC+14
    now = dt_util.utcnow()
    events = timed(await events_between(hass, hass_client, now - timedelta(days=8), now))
    assert len(events) == len(OUTAGES)
    for event in events:
        assert event["start"]["dateTime"].endswith("+14:00")
        assert event["summary"].startswith("Connection lost: ")
        assert event["description"].startswith("Unanswered probes in a row: ")
        assert event["uid"].startswith("outage-")
    starts = [moment(event["start"]) for event in events]
    assert starts == sorted(starts)
    lan_wide = [event for event in events if "Router" in event["summary"]]
    assert len(lan_wide) == sum(scope == "lan" for _, _, scope in OUTAGES)
    targets = await api(addon, "GET", TARGETS)
    window = f"start={int(now.timestamp()) - 8 * 86400}&end={int(now.timestamp())}"
    for target in targets:
        for outage in await api(addon, "GET", f"{MONITOR}/outages/{target['id']}?{window}"):
            first = datetime.fromtimestamp(outage["start"], UTC)
            last = datetime.fromtimestamp(outage["end"], UTC)
            (holding,) = [
                event
                for event in events
                if moment(event["start"]) <= first and last <= moment(event["end"])
            ]
            assert target["label"] in holding["summary"]
            assert f"{target['label']} {outage['timeout_count']}" in holding["description"]


async def test_incidents_are_all_day_events(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Incidents span their dates (end included); unresolved ones without an end until today."""
    incidents = await api(addon, "GET", "/api/incidents")
    first = min(date.fromisoformat(item["start_date"]) for item in incidents)
    start = dt_util.start_of_local_day(first)
    events = all_day(await events_between(hass, hass_client, start, dt_util.now()))
    assert {event["uid"] for event in events} == {f"incident-{item['id']}" for item in incidents}
    today = dt_util.now().date()
    for incident in incidents:
        (event,) = [item for item in events if item["uid"] == f"incident-{incident['id']}"]
        end = incident["end_date"] or today.isoformat()
        after_end = date.fromisoformat(end) + timedelta(days=1)
        assert event["start"] == {"date": incident["start_date"]}
        assert event["end"] == {"date": after_end.isoformat()}
        assert event["summary"] == incident["name"]
        assert event["description"].endswith(f"Status: {incident['status']}")
        assert incident["description"] in event["description"]


async def test_incident_days_are_local_days(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """A one-day incident is in the window of its local day only (here 14 h ahead of UTC)."""
    await hass.config.async_set_time_zone("Pacific/Kiritimati")
    body = {
        "name": "Splitter",
        "description": "",
        "status": "resolved",
        "start_date": "2025-03-10",
        "end_date": "2025-03-10",
    }
    created = (await api(addon, "POST", "/api/incidents", body))["id"]
    day = dt_util.start_of_local_day(date(2025, 3, 10))
    assert utc_text(day) == "2025-03-09T10:00:00Z"

    def listed(events: list[dict[str, Any]]) -> bool:
        return f"incident-{created}" in {event["uid"] for event in events}

    assert listed(await events_between(hass, hass_client, day, day + timedelta(days=1)))
    assert not listed(
        await events_between(hass, hass_client, day + timedelta(days=1), day + timedelta(days=2))
    )
    assert not listed(await events_between(hass, hass_client, day - timedelta(days=1), day))


async def test_ongoing_outage_is_the_current_event(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    refreshes: Refreshes,
    hass_client: ClientSessionGenerator,
) -> None:
    """An outage going on shows at once (pushed event), ends now, and gives way when over."""
    await stream_ready(setup_integration, refreshes)
    assert hass.states.get(CALENDAR).state == STATE_ON  # the demo's open incidents
    current_incident = hass.states.get(CALENDAR).attributes["message"]
    target = (await api(addon, "POST", TARGETS, {"label": "Probe X", "host": "192.0.2.20"}))["id"]
    store = addon.server.context.services[CONNECTION_MONITOR].store
    now = time.time()
    samples = [Sample(target, now - 80, 1.0, "icmp")]
    samples += [Sample(target, now - 70 + 5 * step, None, "icmp") for step in range(14)]
    await store.writer.add_samples(samples)
    await add_event(addon, "cm_target_unreachable", publish=True)
    await wait_until(
        lambda: hass.states.get(CALENDAR).attributes["message"] != current_incident, limit=30
    )
    current = hass.states.get(CALENDAR)
    assert current.state == STATE_ON
    assert current.attributes["message"] == "Connection lost: Probe X"
    assert current.attributes["all_day"] is False
    # It lasts past the next refresh, so that the state does not flicker meanwhile.
    ends = datetime.strptime(current.attributes["end_time"], "%Y-%m-%d %H:%M:%S")
    next_refresh = dt_util.now() + EVIDENCE_UPDATE_INTERVAL
    assert ends.replace(tzinfo=next_refresh.tzinfo) > next_refresh

    events = timed(
        await events_between(
            hass, hass_client, dt_util.utcnow() - timedelta(hours=1), dt_util.utcnow()
        )
    )
    (ongoing,) = [event for event in events if "Probe X" in event["summary"]]
    assert moment(ongoing["start"]).timestamp() == pytest.approx(now - 70, abs=0.01)
    assert moment(ongoing["end"]) >= datetime.fromtimestamp(now - 5, UTC)
    assert "Probe X 14" in ongoing["description"]

    await store.writer.add_samples([Sample(target, time.time(), 1.0, "icmp")])
    await add_event(addon, "cm_target_recovered", publish=True)
    await wait_until(
        lambda: hass.states.get(CALENDAR).attributes["message"] == current_incident, limit=30
    )


async def test_calendar_without_anything_going_on_is_off(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """With every incident resolved and no outage the calendar is off."""
    for incident in await api(addon, "GET", "/api/incidents"):
        if incident["status"] != "resolved":
            body = {key: incident[key] for key in ("name", "description", "start_date")}
            body |= {"status": "resolved", "end_date": incident["start_date"]}
            await api(addon, "PUT", f"/api/incidents/{incident['id']}", body)
    await setup_integration.runtime_data.evidence.async_refresh()
    await hass.async_block_till_done()
    assert hass.states.get(CALENDAR).state == STATE_OFF


async def test_outages_are_read_for_92_days_at_most(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """A long window reads the outages of its latest 92 days, and none of the future."""
    asked: list[tuple[int, int]] = []
    real = DocsightClient.monitor_outages

    async def recorded(
        client: DocsightClient, target_id: int, start: int, end: int
    ) -> tuple[Outage, ...]:
        asked.append((start, end))
        return await real(client, target_id, start, end)

    now = dt_util.utcnow()
    with patch.object(DocsightClient, "monitor_outages", recorded):
        await events_between(hass, hass_client, now - timedelta(days=200), now + timedelta(days=30))
        assert len(asked) == 3  # the demo's targets
        for start, end in asked:
            assert end == pytest.approx(now.timestamp(), abs=5)
            assert end - start == pytest.approx(MAX_OUTAGE_WINDOW.total_seconds(), abs=5)
        asked.clear()
        events = await events_between(
            hass, hass_client, now + timedelta(days=1), now + timedelta(days=30)
        )
    assert asked == []
    assert timed(events) == []


async def test_unreadable_outages_are_an_error(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """The add-on failing while the calendar is read gives a translated error."""
    now = dt_util.utcnow()
    with (
        patch.object(
            DocsightClient, "monitor_outages", side_effect=DocsightConnectionError("timed out")
        ),
        pytest.raises(HomeAssistantError) as caught,
    ):
        await hass.services.async_call(
            "calendar",
            "get_events",
            {"start_date_time": now - timedelta(days=1), "end_date_time": now},
            target={"entity_id": CALENDAR},
            blocking=True,
            return_response=True,
        )
    assert caught.value.translation_key == "events_not_read"
    assert "timed out" in str(caught.value)
