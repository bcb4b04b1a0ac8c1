"""compare_periods, add_journal_entry and generate_report end to end against the real add-on.

An older add-on is the real one with the route's path moved out of its reach (a genuine 404).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import patch
from urllib.parse import urlencode

import pytest
import voluptuous as vol
from homeassistant.components import media_source
from homeassistant.core import HomeAssistant
from homeassistant.core_config import async_process_ha_core_config
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.docsight.api import ApiCall, DocsightClient, DocsightResponseError
from custom_components.docsight.const import DOMAIN
from custom_components.docsight.services import _report_destination, _save_new_file

from .conftest import Addon
from .test_services import addon_get, call

VERDICTS = ("improved", "degraded", "unchanged")
JOURNAL_ENTRY = {
    "date": "2025-03-01",
    "title": "Technician visit",
    "description": "Replaced the splitter.",
}


@pytest.fixture
def media_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """An empty folder configured as Home Assistant's local media folder."""
    folder = tmp_path / "media-local"
    folder.mkdir()
    hass.config.media_dirs = {"local": str(folder), "recordings": str(tmp_path / "recordings")}
    return folder


@contextmanager
def older_addon(*missing: ApiCall) -> Iterator[None]:
    """Send the calls to a path the add-on does not have, as an add-on without them."""
    real = DocsightClient.url_for

    def url_for(client: DocsightClient, call: ApiCall, **path_params: int | str) -> str:
        url = real(client, call, **path_params)
        return url.replace("/api/", "/api/not-in-this-version/", 1) if call in missing else url

    with patch.object(DocsightClient, "url_for", url_for):
        yield


def utc_text(moment: datetime) -> str:
    """Return a time as the add-on writes it (UTC, Z)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def recent_weeks() -> dict[str, datetime]:
    """Return the two weeks before now (whole minutes) as periods A and B."""
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    week = timedelta(days=7)
    return {"from_a": now - 2 * week, "to_a": now - week, "from_b": now - week, "to_b": now}


def projected(expected: Any, got: Any) -> Any:
    """Return the parts of the add-on's answer the action's answer has (same nesting)."""
    if isinstance(got, dict):
        return {key: projected(expected[key], value) for key, value in got.items()}
    if isinstance(got, list):
        return [projected(item, value) for item, value in zip(expected, got, strict=True)]
    return expected


@pytest.mark.parametrize(
    ("action", "data", "route"),
    [
        ("compare_periods", {k: v.isoformat() for k, v in recent_weeks().items()}, "COMPARISON"),
        ("add_journal_entry", JOURNAL_ENTRY, "JOURNAL"),
        ("generate_report", {"days": 7}, "REPORT"),
    ],
)
async def test_action_needs_a_newer_addon(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    media_dir: Path,
    action: str,
    data: dict[str, Any],
    route: str,
) -> None:
    """An add-on without the route answers 404: the action says to update the add-on."""
    with older_addon(ApiCall[route]), pytest.raises(HomeAssistantError) as caught:
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
    with older_addon(ApiCall.REPORT):
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


async def test_compare_periods_returns_the_addons_comparison(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Two demo weeks: the add-on's comparison comes back, its periods as asked (UTC, Z)."""
    periods = recent_weeks()
    response = await call(
        hass, setup_integration, "compare_periods", **{k: v.isoformat() for k, v in periods.items()}
    )
    query = {key: utc_text(moment) for key, moment in periods.items()}
    expected = await addon_get(addon, f"/api/comparison?{urlencode(query)}")
    assert response == projected(expected, response)
    assert response["delta"]["verdict"] in VERDICTS
    for name in ("a", "b"):
        period = response[f"period_{name}"]
        assert (period["from"], period["to"]) == (query[f"from_{name}"], query[f"to_{name}"])
        assert period["snapshots"] > 0
        assert len(period["timeseries"]) == period["snapshots"]
        assert sum(period["health_distribution"].values()) == period["snapshots"]
    a, b = response["period_a"]["avg"], response["period_b"]["avg"]
    assert response["delta"]["ds_snr"] == pytest.approx(b["ds_snr"] - a["ds_snr"], abs=0.011)


async def test_compare_periods_naive_times_are_local(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """Times without an offset (what the UI sends) are Home Assistant's local time."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    periods = {
        "from_a": "2025-01-01T00:00:00",
        "to_a": "2025-01-08T00:00:00",
        "from_b": "2025-07-01T00:00:00",
        "to_b": "2025-07-08T00:00:00",
    }
    response = await call(hass, setup_integration, "compare_periods", **periods)
    assert response["period_a"]["from"] == "2024-12-31T23:00:00Z"  # CET
    assert response["period_b"]["to"] == "2025-07-07T22:00:00Z"  # CEST


async def test_compare_periods_rejects_reversed_period(
    hass: HomeAssistant, setup_integration: MockConfigEntry
) -> None:
    """A period that ends before it starts is a validation error."""
    periods = {key: moment.isoformat() for key, moment in recent_weeks().items()}
    reversed_b = {**periods, "from_b": periods["to_b"], "to_b": periods["from_b"]}
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, setup_integration, "compare_periods", **reversed_b)
    assert caught.value.translation_key == "invalid_period"


async def test_add_journal_entry_creates_the_entry(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """The entry lands in the add-on's journal as given; the new id is returned."""
    response = await call(hass, setup_integration, "add_journal_entry", **JOURNAL_ENTRY, icon="🔧")
    without_icon = await call(
        hass, setup_integration, "add_journal_entry", date="2025-03-02", title="t", description=""
    )
    assert set(response) == {"id"}
    stored = await addon_get(addon, f"/api/journal/{response['id']}")
    assert {key: stored[key] for key in (*JOURNAL_ENTRY, "icon")} == {**JOURNAL_ENTRY, "icon": "🔧"}
    other = await addon_get(addon, f"/api/journal/{without_icon['id']}")
    assert (other["date"], other["title"], other["description"], other["icon"]) == (
        "2025-03-02",
        "t",
        "",
        None,
    )
    listed = await addon_get(addon, "/api/journal?search=Technician%20visit")
    assert response["id"] in {entry["id"] for entry in listed}


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({**JOURNAL_ENTRY, "icon": "x" * 33}, "icon"),
        ({**JOURNAL_ENTRY, "title": "   "}, "title"),
        ({**JOURNAL_ENTRY, "date": "1850-01-01"}, "date"),
    ],
)
async def test_add_journal_entry_refused_by_the_addon(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    data: dict[str, Any],
    says: str,
) -> None:
    """What the add-on refuses (400) is a validation error carrying its message."""
    before = await addon_get(addon, "/api/journal?limit=1000")
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, setup_integration, "add_journal_entry", **data)
    assert caught.value.translation_key == "invalid_request"
    assert says in caught.value.translation_placeholders["error"]
    assert await addon_get(addon, "/api/journal?limit=1000") == before


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


async def media_file(hass: HomeAssistant, media_content_id: str) -> Path:
    """Return the file Home Assistant's media sources resolve a media-source id to.

    (Its media view and browser serve only audio, video and images, so the PDF is not fetched.)
    """
    assert await async_setup_component(hass, "media_source", {})
    played = await media_source.async_resolve_media(hass, media_content_id, None)
    assert played.mime_type == "application/pdf"
    local = hass.data[media_source.DOMAIN][media_source.DOMAIN]
    item = media_source.MediaSourceItem.from_uri(hass, media_content_id, None)
    return Path(local.async_full_path(*local.async_parse_identifier(item)))


async def test_generate_report_saves_the_pdf_in_the_media_folder(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    media_dir: Path,
) -> None:
    """The add-on's PDF lands in <local media>/docsight/; its media-source id leads to it."""
    before = datetime.now(UTC).replace(microsecond=0)
    response = await call(hass, setup_integration, "generate_report", days=14)
    path = Path(response["path"])
    assert path.parent == media_dir / "docsight"
    content = path.read_bytes()
    assert content.startswith(b"%PDF-")
    assert response == {
        "path": str(path),
        "filename": path.name,
        "media_content_id": f"media-source://media_source/local/docsight/{path.name}",
        "size": len(content),
    }
    stamp = datetime.strptime(path.name, "docsight-report-%Y%m%dT%H%M%SZ.pdf").replace(tzinfo=UTC)
    assert before <= stamp <= datetime.now(UTC)
    assert await media_file(hass, response["media_content_id"]) == path


async def test_generate_report_without_a_local_media_folder(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    tmp_path: Path,
) -> None:
    """Without a "local" media folder the first configured one is used, with its own id."""
    recordings, camera = tmp_path / "recordings", tmp_path / "camera"
    hass.config.media_dirs = {"recordings": str(recordings), "camera": str(camera)}
    response = await call(hass, setup_integration, "generate_report", days=1)
    path = Path(response["path"])
    assert path.parent == recordings / "docsight"
    assert response["media_content_id"] == (
        f"media-source://media_source/recordings/docsight/{path.name}"
    )
    assert await media_file(hass, response["media_content_id"]) == path
    assert path.read_bytes().startswith(b"%PDF-")
    assert not camera.exists()


async def test_home_assistants_default_media_folder_is_local(hass: HomeAssistant) -> None:
    """Without `media_dirs` in its configuration Home Assistant has one: "local"."""
    hass.config.media_dirs = {}
    await async_process_ha_core_config(hass, {})
    assert list(hass.config.media_dirs) == ["local"]
    folder, media_dir_id = _report_destination(hass)
    assert (folder, media_dir_id) == (Path(hass.config.media_dirs["local"]) / "docsight", "local")


async def test_generate_report_window_and_no_media_folder(
    hass: HomeAssistant, setup_integration: MockConfigEntry, tmp_path: Path
) -> None:
    """from/to reach the add-on; with media folders configured away <config>/media is used.

    No media source can serve that file, so there is no media-source id.
    """
    hass.config.media_dirs = {}
    hass.config.config_dir = str(tmp_path / "config")
    now = datetime.now(UTC).replace(microsecond=0)
    response = await call(
        hass,
        setup_integration,
        "generate_report",
        **{"from": (now - timedelta(days=3)).isoformat(), "to": now.isoformat()},
    )
    path = Path(response["path"])
    assert path.parent == tmp_path / "config" / "media" / "docsight"
    assert path.read_bytes().startswith(b"%PDF-")
    assert response["media_content_id"] is None


def test_reports_never_overwrite(tmp_path: Path) -> None:
    """A report of the same second gets a numbered name; the first file stays as it was."""
    folder = tmp_path / "docsight"
    first = _save_new_file(folder, "docsight-report-x", b"%PDF-1")
    second = _save_new_file(folder, "docsight-report-x", b"%PDF-2")
    assert (first.name, second.name) == ("docsight-report-x.pdf", "docsight-report-x-2.pdf")
    assert (first.read_bytes(), second.read_bytes()) == (b"%PDF-1", b"%PDF-2")
    for number in range(3, 100):
        (folder / f"docsight-report-x-{number}.pdf").write_bytes(b"")
    with pytest.raises(FileExistsError):
        _save_new_file(folder, "docsight-report-x", b"%PDF-3")


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
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    media_dir: Path,
    data: dict[str, Any],
    key: str,
) -> None:
    """Days, or from and to at most 90 days apart in the right order; nothing is saved."""
    with pytest.raises(ServiceValidationError) as caught:
        await call(hass, setup_integration, "generate_report", **data)
    assert caught.value.translation_key == key
    assert list(media_dir.iterdir()) == []


async def test_generate_report_write_error(
    hass: HomeAssistant, setup_integration: MockConfigEntry, tmp_path: Path
) -> None:
    """A media folder that cannot be written is a translated error."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    hass.config.media_dirs = {"local": str(blocker)}
    with pytest.raises(HomeAssistantError) as caught:
        await call(hass, setup_integration, "generate_report", days=1)
    assert caught.value.translation_key == "report_not_saved"
