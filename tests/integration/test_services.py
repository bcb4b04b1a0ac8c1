"""The integration's actions against the real add-on (mocks only for failure paths)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
import voluptuous as vol
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight import services
from custom_components.docsight.api import (
    DocsightAuthenticationError,
    DocsightConnectionError,
    DocsightError,
)
from custom_components.docsight.const import DOMAIN
from tests.integration.conftest import Addon

COMPONENT = Path(__file__).parents[2] / "custom_components" / DOMAIN
ACTIONS = (
    "poll",
    "acknowledge_events",
    "get_channel_history",
    "compare_periods",
    "add_journal_entry",
    "generate_report",
    "capture_modem_pages",
)


async def call(
    hass: HomeAssistant, entry: MockConfigEntry, action: str, **data: Any
) -> dict[str, Any]:
    """Call a DOCSight action for the entry and return its response."""
    response = await hass.services.async_call(
        DOMAIN,
        action,
        {"config_entry_id": entry.entry_id, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return dict(response)


async def addon_get(addon: Addon, path: str) -> Any:
    """GET an add-on route with the test token and return its JSON body."""
    status, body, _ = await addon.server.request("GET", path, token=addon.token)
    assert status == 200, body
    return body


async def test_actions_are_registered(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """Every action is registered under the integration's domain."""
    for action in ACTIONS:
        assert hass.services.has_service(DOMAIN, action), action


async def test_poll_returns_the_new_summary(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """docsight.poll makes the add-on poll and answers with that poll's summary."""
    before = addon.server.context.state.analysis
    response = await call(hass, setup_integration, "poll")
    after = addon.server.context.state.analysis
    assert after is not before
    assert list(response) == list(services.POLL_SUMMARY_KEYS)
    for key in services.POLL_SUMMARY_KEYS:
        assert response[key] == after["summary"].get(key), key
    assert response["health"] in ("good", "tolerated", "marginal", "critical")
    assert response["ds_total"] == len(after["ds_channels"]) > 0


async def test_poll_too_soon_is_an_action_error(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """The add-on refuses a second manual poll within 10 s; the action says why."""
    await call(hass, setup_integration, "poll")
    with pytest.raises(HomeAssistantError) as caught:
        await call(hass, setup_integration, "poll")
    assert caught.value.translation_key == "action_failed"
    assert caught.value.translation_placeholders["status"] == "429"


async def test_acknowledge_all_events(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Without an event id every event is acknowledged and the count is returned."""
    pending = (await addon_get(addon, "/api/events?acknowledged=0&limit=1000"))["events"]
    assert pending
    assert await call(hass, setup_integration, "acknowledge_events") == {"count": len(pending)}
    assert (await addon_get(addon, "/api/events?acknowledged=0"))["events"] == []
    assert await call(hass, setup_integration, "acknowledge_events") == {"count": 0}


async def test_acknowledge_one_event(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """With an event id only that event is acknowledged."""
    pending = (await addon_get(addon, "/api/events?acknowledged=0&limit=1000"))["events"]
    target = pending[0]["id"]
    response = await call(hass, setup_integration, "acknowledge_events", event_id=target)
    assert response == {"count": 1}
    left = (await addon_get(addon, "/api/events?acknowledged=0&limit=1000"))["events"]
    assert {event["id"] for event in left} == {event["id"] for event in pending} - {target}


async def test_acknowledge_unknown_event(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """An event id the add-on does not know is a validation error."""
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, setup_integration, "acknowledge_events", event_id=987654321)
    assert caught.value.translation_key == "event_not_found"
    assert caught.value.translation_placeholders == {"event_id": "987654321"}


async def test_channel_history_by_selector_and_range(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """A selector and a rolling range give that channel's points, oldest first."""
    channel = (await addon_get(addon, "/api/channels"))["ds_channels"][0]
    expected = await addon_get(
        addon, f"/api/channel-history?selector={channel['selector']}&direction=ds&range=1d"
    )
    response = await call(
        hass, setup_integration, "get_channel_history", selector=channel["selector"], range="1d"
    )
    assert response == {"points": expected}
    assert len(expected) > 1
    stamps = [point["timestamp"] for point in expected]
    assert stamps == sorted(stamps)


async def test_channel_history_by_id_and_days_upstream(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """A channel id, the upstream direction and days reach the add-on as given."""
    channel = (await addon_get(addon, "/api/channels"))["us_channels"][0]
    short = await call(
        hass,
        setup_integration,
        "get_channel_history",
        channel_id=channel["channel_id"],
        direction="us",
        days=1,
    )
    longer = await call(
        hass,
        setup_integration,
        "get_channel_history",
        channel_id=channel["channel_id"],
        direction="us",
        days=3,
    )
    assert 0 < len(short["points"]) < len(longer["points"])


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"selector": "c1_x", "channel_id": 1},
        {"channel_id": 1, "days": 1, "range": "1d"},
        {"channel_id": 1, "days": 91},
        {"channel_id": 1, "range": "5d"},
        {"channel_id": 1, "direction": "sideways"},
    ],
)
async def test_channel_history_rejects_bad_fields(
    hass: HomeAssistant, setup_integration: MockConfigEntry, data: dict[str, Any]
) -> None:
    """Exactly one channel key, one window at most, and only valid values are accepted."""
    with pytest.raises(vol.Invalid):
        await call(hass, setup_integration, "get_channel_history", **data)


async def test_unknown_entry(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """An entry id that does not exist is a validation error."""
    with pytest.raises(ServiceValidationError) as caught:
        await hass.services.async_call(
            DOMAIN, "poll", {"config_entry_id": "nope"}, blocking=True, return_response=True
        )
    assert caught.value.translation_key == "entry_not_found"


async def test_entry_of_another_integration(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """An entry id of another integration is treated as unknown."""
    other = MockConfigEntry(domain="demo")
    other.add_to_hass(hass)
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, other, "acknowledge_events")
    assert caught.value.translation_key == "entry_not_found"


async def test_entry_not_loaded(hass: HomeAssistant, setup_integration: MockConfigEntry) -> None:
    """Actions refuse an entry that is not loaded; they stay registered."""
    assert await hass.config_entries.async_unload(setup_integration.entry_id)
    await hass.async_block_till_done()
    assert hass.services.has_service(DOMAIN, "poll")
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, setup_integration, "poll")
    assert caught.value.translation_key == "entry_not_loaded"
    assert caught.value.translation_placeholders == {"title": setup_integration.title}


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (DocsightConnectionError("timed out"), "action_cannot_connect"),
        (DocsightAuthenticationError("401"), "action_auth_failed"),
        (DocsightError("odd"), "action_failed"),
    ],
)
async def test_client_errors_become_translated_errors(
    hass: HomeAssistant, setup_integration: MockConfigEntry, error: DocsightError, key: str
) -> None:
    """Connection, authentication and other client errors map to HomeAssistantError keys."""
    client = setup_integration.runtime_data.client
    with (
        patch.object(client, "poll", AsyncMock(side_effect=error)),
        pytest.raises(HomeAssistantError) as caught,
    ):
        await call(hass, setup_integration, "poll")
    assert not isinstance(caught.value, ServiceValidationError)
    assert caught.value.translation_key == key
    assert caught.value.translation_domain == DOMAIN


def test_every_action_and_field_is_described() -> None:
    """services.yaml, services.py and both translation files name the same actions and fields."""
    described = yaml.safe_load((COMPONENT / "services.yaml").read_text())
    assert set(described) == set(ACTIONS)
    for language in ("en", "de"):
        translations = json.loads((COMPONENT / "translations" / f"{language}.json").read_text())
        for action, spec in described.items():
            text = translations["services"][action]
            assert text["name"], (language, action)
            assert text["description"], (language, action)
            assert set(text.get("fields", {})) == set(spec["fields"]), (language, action)
            for field in text["fields"].values():
                assert field["name"], (language, action)
                assert field["description"], (language, action)
        for spec in described.values():
            for field in spec["fields"].values():
                select = field["selector"].get("select") or {}
                if key := select.get("translation_key"):
                    options = translations["selector"][key]["options"]
                    assert set(options) == set(select["options"]), (language, key)


def test_every_exception_key_is_translated() -> None:
    """Each translation key the actions raise has a message in both languages."""
    keys = set()
    for module in ("services.py", "known_channels.py", "identity.py", "calendar.py"):
        for line in (COMPONENT / module).read_text().splitlines():
            if "translation_key=" in line:  # also `"a" if ... else "b"`
                keys.update(re.findall(r'"([a-z_]+)"', line.split("translation_key=")[1]))
    assert {"entry_not_found", "no_entry", "unknown_channel_id", "events_not_read"} <= keys
    for language in ("en", "de"):
        translations = json.loads((COMPONENT / "translations" / f"{language}.json").read_text())
        for key in keys:
            assert translations["exceptions"][key]["message"], (language, key)
