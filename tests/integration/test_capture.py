"""docsight.capture_modem_pages against the real add-on, its modem a simulator on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from unittest.mock import AsyncMock, patch

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
    UnknownUser,
)
from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser

from custom_components.docsight.api import (
    CAPTURE_TIMEOUT,
    DocsightClient,
    DocsightResponseError,
)
from custom_components.docsight.const import DOMAIN
from custom_components.docsight.models import ModemCapture
from devtools.modem_sim import run_simulator
from docsight_server.drivers.capture.runner import CAPTURE_TIMEOUT_SECONDS, CAPTURES_DIR
from tests.addon.harness import LOOPBACK

from .conftest import Addon


async def capture(
    hass: HomeAssistant, entry: MockConfigEntry, user: MockUser | None = None
) -> dict[str, Any]:
    """Call the action for the entry (as `user`, else as the system) and return its response."""
    response = await hass.services.async_call(
        DOMAIN,
        "capture_modem_pages",
        {"config_entry_id": entry.entry_id},
        blocking=True,
        return_response=True,
        context=Context(user_id=user.id if user else None),
    )
    assert response is not None
    return dict(response)


async def download(addon: Addon, name: str) -> dict[str, Any]:
    """Download a capture file from the add-on and return its JSON."""
    status, body, _ = await addon.server.request(
        "GET", f"/api/modem/captures/{name}", token=addon.token
    )
    assert status == 200, body
    return dict(body)


async def test_action_answers_with_the_capture_of_a_readable_modem(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """The add-on records one poll; the action answers with what it says, file name included."""
    async with run_simulator("tc4400") as sim:
        addon.use_modem(sim)
        response = await capture(hass, setup_integration)
    expected = sim.simulator.expected()
    assert set(response) == {
        "name",
        "path",
        "requests",
        "ok",
        "error",
        "ds_channels",
        "us_channels",
    }
    assert (response["ok"], response["error"]) == (True, None)
    assert (response["ds_channels"], response["us_channels"]) == (
        len(expected["ds"]),
        len(expected["us"]),
    )
    assert response["path"].endswith(response["name"])
    captured = await download(addon, response["name"])
    assert captured["driver"] == "tc4400"
    assert len(captured["exchanges"]) == response["requests"] > 0
    assert sim.state.password not in str(captured)


async def test_action_passes_on_a_capture_of_an_unreadable_modem(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """A modem page no parser reads is not an action error: the file is what the user needs."""
    async with run_simulator("tc4400") as sim:
        sim.state.garbage = True
        addon.use_modem(sim)
        response = await capture(hass, setup_integration)
    assert response["ok"] is False
    assert response["error"].startswith("Could not read the modem's page /cmswinfo.html: ")
    assert (response["ds_channels"], response["us_channels"]) == (0, 0)
    captured = await download(addon, response["name"])
    assert len(captured["exchanges"]) == response["requests"] > 0


async def test_action_without_a_response_is_allowed(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """Automations may call the action without asking for its answer (it writes a file)."""
    async with run_simulator("tc4400") as sim:
        addon.use_modem(sim)
        response = await hass.services.async_call(
            DOMAIN, "capture_modem_pages", {}, blocking=True, return_response=False
        )
        assert response is None
        assert sim.state.hits  # the add-on did read the modem


def captures_written(addon: Addon) -> list[str]:
    """Return the names of the capture files the add-on wrote."""
    folder = addon.server.context.runtime.data_dir / CAPTURES_DIR
    return sorted(path.name for path in folder.glob("*")) if folder.is_dir() else []


async def test_only_administrators_may_capture(
    hass: HomeAssistant,
    addon: Addon,
    setup_integration: MockConfigEntry,
    hass_admin_user: MockUser,
    hass_read_only_user: MockUser,
) -> None:
    """The action logs in to the modem and writes a file: other users are refused."""
    async with run_simulator("tc4400") as sim:
        addon.use_modem(sim)
        with pytest.raises(Unauthorized):
            await capture(hass, setup_integration, hass_read_only_user)
        with pytest.raises(UnknownUser):
            await capture(hass, setup_integration, MockUser(id="no-such-user"))
        assert captures_written(addon) == []
        response = await capture(hass, setup_integration, hass_admin_user)
    assert response["ok"] is True
    assert captures_written(addon) == [response["name"]]


async def test_a_request_the_addon_refuses_is_a_translated_error(
    hass: HomeAssistant, addon: Addon, setup_integration: MockConfigEntry
) -> None:
    """The add-on's 400 (here: a modem type it does not know) names its reason, whatever it is."""
    addon.server.context.settings.update_stored({"modem_type": "no-such-modem"})
    with pytest.raises(ServiceValidationError) as caught:
        await capture(hass, setup_integration)
    assert (caught.value.translation_domain, caught.value.translation_key) == (
        DOMAIN,
        "invalid_request",
    )
    placeholders = caught.value.translation_placeholders or {}
    assert set(placeholders) == {"error"}
    assert placeholders["error"]
    assert captures_written(addon) == []


#: The add-on's messages may change; the action passes on whatever the add-on said.
ADDON_SAYS = "the add-on's own words"


@pytest.mark.parametrize(
    ("status", "refused_as", "key", "placeholders"),
    [
        (
            404,
            HomeAssistantError,
            "action_not_supported",
            {"action": "docsight.capture_modem_pages"},
        ),
        (400, ServiceValidationError, "invalid_request", {"error": ADDON_SAYS}),
        (409, HomeAssistantError, "action_failed", {"status": "409", "error": ADDON_SAYS}),
    ],
    ids=["older-addon", "refused-request", "busy"],
)
async def test_addon_refusals_are_translated_errors(
    hass: HomeAssistant,
    setup_integration: MockConfigEntry,
    status: int,
    refused_as: type[HomeAssistantError],
    key: str,
    placeholders: dict[str, str],
) -> None:
    """An add-on without the route, refusing the request (a different modem URL without a
    password), or busy (a capture or a poll running) gives a translated error."""
    client = setup_integration.runtime_data.client
    error = DocsightResponseError(status, ADDON_SAYS)
    with (
        patch.object(client, "capture_modem_pages", AsyncMock(side_effect=error)),
        pytest.raises(refused_as) as caught,
    ):
        await capture(hass, setup_integration)
    assert (caught.value.translation_domain, caught.value.translation_key) == (DOMAIN, key)
    assert caught.value.translation_placeholders == placeholders


def test_the_client_waits_longer_than_the_addons_capture() -> None:
    """The add-on gives a capture 60 s; the client's usual 30 s would cut it short."""
    assert CAPTURE_TIMEOUT.total is not None
    assert CAPTURE_TIMEOUT.total > CAPTURE_TIMEOUT_SECONDS


@pytest.fixture
async def nameless(socket_enabled: None) -> AsyncIterator[DocsightClient]:
    """A stand-in on loopback whose capture answer lacks the file name."""

    async def answer(request: web.Request) -> web.Response:
        return web.json_response({"requests": 3, "ok": True})

    app = web.Application()
    app.router.add_post("/api/modem/capture", answer)
    async with TestServer(app, host=LOOPBACK) as server, aiohttp.ClientSession() as session:
        yield DocsightClient(session, str(server.make_url("")).rstrip("/"), "dsk_test")


async def test_an_answer_without_a_name_names_the_route(nameless: DocsightClient) -> None:
    """The file's name is required: without it the answer is unexpected."""
    with pytest.raises(DocsightResponseError) as caught:
        await nameless.capture_modem_pages()
    assert "/api/modem/capture" in caught.value.message


def test_model_reads_a_partial_answer() -> None:
    """Only the name is required; a missing outcome reads as not ok."""
    assert ModemCapture.from_json({"name": "capture.json"}) == ModemCapture(name="capture.json")
