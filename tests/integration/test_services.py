"""The integration's actions against the real add-on (mocks only for routes it lacks yet)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
import voluptuous as vol
import yaml
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.docsight import services
from custom_components.docsight.api import (
    ApiCall,
    DocsightAuthenticationError,
    DocsightConnectionError,
    DocsightError,
    DocsightResponseError,
)
from custom_components.docsight.const import DOMAIN
from custom_components.docsight.models import Comparison, JournalEntry
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
PERIODS = {
    "from_a": "2025-01-01T00:00:00+00:00",
    "to_a": "2025-01-08T00:00:00+00:00",
    "from_b": "2025-02-01T12:30:00+01:00",
    "to_b": "2025-02-08T12:30:00+01:00",
}
PDF = b"%PDF-1.4\n% DOCSight test report\n%%EOF\n"
JOURNAL_ENTRY = {
    "date": "2025-03-01",
    "title": "Technician visit",
    "description": "Replaced the splitter.",
}


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


@pytest.fixture
def media_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """An empty folder configured as Home Assistant's local media folder."""
    folder = tmp_path / "media-local"
    folder.mkdir()
    hass.config.media_dirs = {"local": str(folder), "recordings": str(tmp_path / "recordings")}
    return folder


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


@pytest.mark.parametrize(
    ("action", "data", "route"),
    [
        ("compare_periods", PERIODS, ApiCall.COMPARISON),
        ("add_journal_entry", JOURNAL_ENTRY, ApiCall.JOURNAL),
        ("generate_report", {"days": 7}, ApiCall.REPORT),
    ],
)
async def test_action_needs_a_newer_addon(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    media_dir: Path,
    action: str,
    data: dict[str, Any],
    route: ApiCall,
) -> None:
    """The add-on answers 404 for the route: the action says to update the add-on."""
    status, _, _ = await addon.server.request(route.method, route.path, token=addon.token)
    assert status == 404
    with pytest.raises(HomeAssistantError) as caught:
        await call(hass, setup_integration, action, **data)
    error = caught.value
    assert not isinstance(error, ServiceValidationError)
    assert (error.translation_domain, error.translation_key) == (DOMAIN, "action_not_supported")
    assert error.translation_placeholders == {"action": f"docsight.{action}"}
    assert str(error).startswith(f"docsight.{action} is not supported by this DOCSight add-on")
    assert "Update the add-on" in str(error)
    assert isinstance(error.__cause__, DocsightResponseError)
    assert error.__cause__.status == 404
    assert list(media_dir.iterdir()) == []


async def test_not_supported_reaches_websocket_callers_translated(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
) -> None:
    """The frontend and scripts (WebSocket API) get the translated message as the error."""
    websocket = await hass_ws_client(hass)
    await websocket.send_json_auto_id(
        {
            "type": "call_service",
            "domain": DOMAIN,
            "service": "generate_report",
            "service_data": {"config_entry_id": setup_integration.entry_id, "days": 7},
            "return_response": True,
        }
    )
    answer = await websocket.receive_json()
    assert answer["success"] is False
    assert answer["error"]["code"] == "home_assistant_error"
    assert answer["error"]["translation_key"] == "action_not_supported"
    assert answer["error"]["message"].startswith("docsight.generate_report is not supported")


async def test_compare_periods_sends_utc_and_returns_the_comparison(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """The periods go out as UTC Z strings and the add-on's answer comes back unchanged."""
    answer = {"period_a": {"snapshots": 3}, "period_b": {"snapshots": 4}, "delta": {}}
    client = setup_integration.runtime_data.client
    parsed = Comparison.from_json(answer)
    with patch.object(client, "comparison", AsyncMock(return_value=parsed)) as comparison:
        response = await call(hass, setup_integration, "compare_periods", **PERIODS)
    assert response == answer
    comparison.assert_awaited_once_with(
        from_a="2025-01-01T00:00:00Z",
        to_a="2025-01-08T00:00:00Z",
        from_b="2025-02-01T11:30:00Z",
        to_b="2025-02-08T11:30:00Z",
    )


async def test_compare_periods_naive_times_are_local(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """Times without an offset (what the UI sends) are Home Assistant's local time."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    client = setup_integration.runtime_data.client
    naive = {key: value[:19] for key, value in PERIODS.items()}
    with patch.object(client, "comparison", AsyncMock(return_value=Comparison())) as comparison:
        await call(hass, setup_integration, "compare_periods", **naive)
    assert comparison.await_args.kwargs["from_a"] == "2024-12-31T23:00:00Z"


async def test_compare_periods_rejects_reversed_period(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """A period that ends before it starts is a validation error."""
    reversed_b = {**PERIODS, "from_b": PERIODS["to_b"], "to_b": PERIODS["from_b"]}
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, setup_integration, "compare_periods", **reversed_b)
    assert caught.value.translation_key == "invalid_period"


async def test_add_journal_entry_posts_the_entry(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """The entry is posted in the add-on's format and the new id is returned."""
    client = setup_integration.runtime_data.client
    created = JournalEntry(id=13)
    with patch.object(client, "add_journal_entry", AsyncMock(return_value=created)) as post:
        response = await call(
            hass,
            setup_integration,
            "add_journal_entry",
            date="2025-03-01",
            title="Technician visit",
            description="Replaced the splitter.",
            icon="wrench",
        )
        without_icon = await call(
            hass,
            setup_integration,
            "add_journal_entry",
            date="2025-03-02",
            title="t",
            description="",
        )
    assert response == {"id": 13}
    assert without_icon == {"id": 13}
    assert post.await_args_list[0].args == (
        {
            "date": "2025-03-01",
            "title": "Technician visit",
            "description": "Replaced the splitter.",
            "icon": "wrench",
        },
    )
    assert post.await_args_list[1].args == (
        {"date": "2025-03-02", "title": "t", "description": ""},
    )


@pytest.mark.parametrize(
    "data",
    [
        {"date": "2025-02-30", "title": "t", "description": "d"},
        {"date": "2025-03-01", "title": "", "description": "d"},
        {"date": "2025-03-01", "title": "x" * 201, "description": "d"},
        {"date": "2025-03-01", "title": "t"},
    ],
)
async def test_add_journal_entry_rejects_bad_fields(
    hass: HomeAssistant, setup_integration: MockConfigEntry, data: dict[str, Any]
) -> None:
    """A real calendar date, a 1-200 character title and a description are required."""
    with pytest.raises(vol.Invalid):
        await call(hass, setup_integration, "add_journal_entry", **data)


async def test_generate_report_saves_the_pdf_in_the_media_folder(
    hass: HomeAssistant, setup_integration: MockConfigEntry, media_dir: Path
) -> None:
    """The PDF lands in <local media>/docsight/docsight-report-<UTC>.pdf."""
    client = setup_integration.runtime_data.client
    before = datetime.now(UTC).replace(microsecond=0)
    with patch.object(client, "report_pdf", AsyncMock(return_value=PDF)) as report:
        response = await call(hass, setup_integration, "generate_report", days=14)
    report.assert_awaited_once_with(days=14)
    path = Path(response["path"])
    assert path.parent == media_dir / "docsight"
    assert path.read_bytes() == PDF
    stamp = datetime.strptime(path.name, "docsight-report-%Y%m%dT%H%M%SZ.pdf").replace(tzinfo=UTC)
    assert before <= stamp <= datetime.now(UTC)


async def test_generate_report_window_and_default_media_folder(
    hass: HomeAssistant, setup_integration: MockConfigEntry, tmp_path: Path
) -> None:
    """from/to go out as UTC; without a media folder setting <config>/media is used."""
    hass.config.media_dirs = {}
    hass.config.config_dir = str(tmp_path / "config")
    client = setup_integration.runtime_data.client
    with patch.object(client, "report_pdf", AsyncMock(return_value=PDF)) as report:
        response = await call(
            hass,
            setup_integration,
            "generate_report",
            **{"from": "2025-01-01T00:00:00+00:00", "to": "2025-03-31T23:00:00+00:00"},
        )
        await call(hass, setup_integration, "generate_report")
    assert report.await_args_list[0].kwargs == {
        "from": "2025-01-01T00:00:00Z",
        "to": "2025-03-31T23:00:00Z",
    }
    assert report.await_args_list[1].kwargs == {"days": None}
    assert Path(response["path"]).parent == tmp_path / "config" / "media" / "docsight"
    assert Path(response["path"]).read_bytes() == PDF


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"from": "2025-01-01T00:00:00"}, "invalid_report_window"),
        ({"to": "2025-01-01T00:00:00"}, "invalid_report_window"),
        (
            {"days": 3, "from": "2025-01-01T00:00:00", "to": "2025-01-02T00:00:00"},
            "invalid_report_window",
        ),
        ({"from": "2025-01-02T00:00:00", "to": "2025-01-01T00:00:00"}, "invalid_period"),
        ({"from": "2025-01-01T00:00:00", "to": "2025-04-02T00:00:00"}, "report_window_too_large"),
    ],
)
async def test_generate_report_rejects_bad_windows(
    hass: HomeAssistant, setup_integration: MockConfigEntry, data: dict[str, Any], key: str
) -> None:
    """Days, or from and to at most 90 days apart in the right order."""
    client = setup_integration.runtime_data.client
    with (
        patch.object(client, "report_pdf", AsyncMock(return_value=PDF)) as report,
        pytest.raises(ServiceValidationError) as caught,
    ):
        await call(hass, setup_integration, "generate_report", **data)
    assert caught.value.translation_key == key
    report.assert_not_awaited()


async def test_generate_report_write_error(
    hass: HomeAssistant, setup_integration: MockConfigEntry, tmp_path: Path
) -> None:
    """A media folder that cannot be written is a translated error."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    hass.config.media_dirs = {"local": str(blocker)}
    client = setup_integration.runtime_data.client
    with (
        patch.object(client, "report_pdf", AsyncMock(return_value=PDF)),
        pytest.raises(HomeAssistantError) as caught,
    ):
        await call(hass, setup_integration, "generate_report", days=1)
    assert caught.value.translation_key == "report_not_saved"


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
    for module in ("services.py", "known_channels.py", "identity.py"):
        for line in (COMPONENT / module).read_text().splitlines():
            if "translation_key=" in line:  # also `"a" if ... else "b"`
                keys.update(re.findall(r'"([a-z_]+)"', line.split("translation_key=")[1]))
    assert {"entry_not_found", "no_entry", "entry_required", "unknown_channel_id"} <= keys
    for language in ("en", "de"):
        translations = json.loads((COMPONENT / "translations" / f"{language}.json").read_text())
        for key in keys:
            assert translations["exceptions"][key]["message"], (language, key)
