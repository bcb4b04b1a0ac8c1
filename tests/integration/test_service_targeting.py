"""Which entry and channel an action means, and clear errors when it cannot tell (issue 13)."""

from __future__ import annotations

import time
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import (
    ClientSessionGenerator,
    WebSocketGenerator,
)

from custom_components.docsight.api import (
    DocsightClient,
    DocsightConnectionError,
    DocsightResponseError,
)
from custom_components.docsight.const import DOMAIN
from docsight_server.storage.signal_repo import NewSnapshot

from .conftest import Addon
from .test_coordinator import count_refreshes, set_up, wait_until

LAST_POLL = "sensor.demo_router_last_poll"


@pytest.fixture(autouse=True)
def _enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load this repository's integration."""


async def history(hass: HomeAssistant, **data: Any) -> dict[str, Any]:
    """Call docsight.get_channel_history with exactly the given data."""
    response = await hass.services.async_call(
        DOMAIN, "get_channel_history", data, blocking=True, return_response=True
    )
    assert response is not None
    return dict(response)


async def first_selector(addon: Addon) -> str:
    """Return the selector of the add-on's first downstream channel."""
    status, body, _ = await addon.server.request("GET", "/api/channels", token=addon.token)
    assert status == 200
    return str(body["ds_channels"][0]["selector"])


async def test_the_only_entry_needs_no_entry_id(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Without config_entry_id an action uses the only DOCSight entry."""
    response = await history(hass, selector=await first_selector(addon), range="1d")
    assert len(response["points"]) > 1


async def test_rest_call_without_entry_id_is_answered(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    hass_client: ClientSessionGenerator,
) -> None:
    """Reproduction: the REST API answered a call without config_entry_id with a bare 400."""
    assert await async_setup_component(hass, "api", {})
    client = await hass_client()
    response = await client.post(
        "/api/services/docsight/get_channel_history?return_response",
        json={"selector": await first_selector(addon), "range": "1d"},
    )
    assert response.status == 200, await response.text()
    assert len((await response.json())["service_response"]["points"]) > 1


async def test_several_entries_need_an_entry_id(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """With two DOCSight entries, leaving the entry out is a translated validation error."""
    MockConfigEntry(domain=DOMAIN, title="Second", unique_id="other").add_to_hass(hass)
    with pytest.raises(ServiceValidationError) as caught:
        await history(hass, channel_id=1)
    assert caught.value.translation_key == "entry_required"
    assert caught.value.translation_placeholders == {"count": "2"}
    assert "There are 2 DOCSight entries" in str(caught.value)


async def test_no_entry_at_all(hass: HomeAssistant) -> None:
    """Without any DOCSight entry the action says to set the integration up."""
    assert await async_setup_component(hass, DOMAIN, {})
    with pytest.raises(ServiceValidationError) as caught:
        await history(hass, channel_id=1)
    assert caught.value.translation_key == "no_entry"
    assert "Set up the DOCSight integration first" in str(caught.value)


async def test_unknown_selector_is_an_error(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Reproduction: an unknown selector answered with empty points instead of an error."""
    selector = await first_selector(addon)
    with pytest.raises(ServiceValidationError) as caught:
        await history(hass, config_entry_id=setup_integration.entry_id, selector="c1_nope")
    error = caught.value
    assert error.translation_key == "unknown_channel"
    assert error.translation_placeholders["channel"] == "c1_nope"
    assert error.translation_placeholders["direction"] == "ds"
    assert selector in error.translation_placeholders["known"]
    assert "DOCSight has never seen a ds channel with the selector c1_nope" in str(error)


async def test_unknown_channel_id_is_an_error(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """An upstream channel id the modem does not have is named with the ids it does have."""
    live = setup_integration.runtime_data.live.data
    ids = sorted(c.channel_id for c in live.us_channels.values() if c.channel_id is not None)
    with pytest.raises(ServiceValidationError) as caught:
        await history(hass, channel_id=9999, direction="us", days=2)
    assert caught.value.translation_key == "unknown_channel_id"
    assert caught.value.translation_placeholders == {
        "channel": "9999",
        "direction": "us",
        "known": ", ".join(str(channel_id) for channel_id in ids),
    }


async def add_past_channel(addon: Addon, channel_id: int, ago: int) -> None:
    """Store a snapshot `ago` seconds back with one more downstream channel than the modem has."""
    context = addon.server.context
    latest = await context.signal.latest()
    assert latest is not None
    analysis = {key: latest[key] for key in ("summary", "ds_channels", "us_channels")}
    extra = {**analysis["ds_channels"][0], "channel_id": channel_id, "frequency": "999.000"}
    analysis["ds_channels"] = [*analysis["ds_channels"], extra]
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(int(time.time()) - ago, analysis))


async def test_channel_seen_before_the_window_is_empty_not_unknown(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Reproduction: a channel the modem no longer reports, with readings only before the
    window, was called unknown, and so was every channel while the live data was missing.
    The add-on knows its channels: such a window answers no points."""
    await add_past_channel(addon, 99, 3 * 86400)
    assert await history(hass, channel_id=99, range="1d") == {"points": []}
    assert len((await history(hass, channel_id=99, days=7))["points"]) == 1
    live = setup_integration.runtime_data.live
    with patch.object(live, "data", None):  # as before the first refresh
        assert await history(hass, channel_id=99, range="1d") == {"points": []}
        with pytest.raises(ServiceValidationError) as caught:
            await history(hass, channel_id=98)
    assert caught.value.translation_key == "unknown_channel_id"
    assert caught.value.translation_placeholders["known"] == "-"


async def test_addon_refusal_is_a_validation_error(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """A 400 of the add-on (e.g. an ambiguous channel id) is the caller's error, with its text."""
    refusal = DocsightResponseError(400, "channel_id matches several channels; use selector")
    client = setup_integration.runtime_data.client
    with (
        patch.object(client, "channel_history", AsyncMock(side_effect=refusal)),
        pytest.raises(ServiceValidationError) as caught,
    ):
        await history(hass, channel_id=1)
    assert caught.value.translation_key == "invalid_request"
    assert str(caught.value) == (
        "DOCSight refused the request: channel_id matches several channels; use selector"
    )


async def test_unknown_channel_reaches_websocket_callers_translated(
    hass: HomeAssistant, setup_integration: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    """The frontend (WebSocket API) gets the translated validation message."""
    websocket = await hass_ws_client(hass)
    await websocket.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": "get_channel_history",
            "service_data": {"selector": "c1_nope"},
            "return_response": True,
        }
    )
    answer = await websocket.receive_json()
    assert answer["success"] is False
    assert answer["error"]["code"] == "service_validation_error"
    assert answer["error"]["translation_key"] == "unknown_channel"
    assert "c1_nope" in answer["error"]["message"]


async def test_poll_without_stream_moves_last_poll(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """With the stream down, docsight.poll refreshes: Last poll shows the manual poll.

    Without the stream the time comes from the modem collector's status, which now counts
    manual polls too (it used to keep the last scheduled one).
    """
    with (
        patch.object(DocsightClient, "stream", side_effect=DocsightConnectionError("down")),
        count_refreshes() as refreshes,
    ):
        await set_up(hass, config_entry)
        finished, called_at = refreshes.finished, time.time()
        await hass.services.async_call(DOMAIN, "poll", {}, blocking=True)
        (status,) = addon.server.context.scheduler.status()
        assert status["last_poll"] >= called_at  # the manual poll counts as the last poll
        polled_at = dt_util.utc_from_timestamp(int(status["last_poll"]))
        await wait_until(lambda: hass.states.get(LAST_POLL).state == polled_at.isoformat())
        assert refreshes.finished > finished
