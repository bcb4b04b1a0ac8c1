"""Config flow against the real add-on: discovery, user, reauth, reconfigure and options."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, patch

import pytest
from homeassistant.config_entries import SOURCE_HASSIO, SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers.service_info.hassio import HassioServiceInfo
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.docsight.api import DocsightClient, DocsightResponseError
from custom_components.docsight.config_flow import DEFAULT_URL, TOKEN_NAME
from custom_components.docsight.const import (
    CONF_CHANNEL_SENSORS,
    CONF_FALLBACK_INTERVAL,
    CONF_INSTANCE_ID,
    CONF_TOKEN,
    DEFAULT_FALLBACK_INTERVAL,
    DOMAIN,
)
from tests.addon.harness import free_port
from tests.integration.conftest import ADMIN_PASSWORD, Addon

TRANSLATIONS = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations"
ADDON_NAME = "DOCSight"
REAL_INSTANCE = DocsightClient.instance

type InputFactory = Callable[[Addon], dict[str, Any]]


@pytest.fixture(autouse=True)
def mock_setup_entry(enable_custom_integrations: None) -> Iterator[AsyncMock]:
    """Keep created entries from really setting up; count the set-ups instead."""
    with (
        patch(
            "custom_components.docsight.async_setup_entry",
            new_callable=AsyncMock,
            return_value=True,
            create=True,
        ) as setup_entry,
        patch(
            "custom_components.docsight.async_unload_entry",
            new_callable=AsyncMock,
            return_value=True,
            create=True,
        ),
    ):
        yield setup_entry


def discovery(addon: Addon, **changes: Any) -> HassioServiceInfo:
    """Return what the Supervisor hands over when the add-on announces itself."""
    config = {
        "host": "127.0.0.1",
        "port": addon.server.port,
        "token": addon.token,
        "instance_id": addon.instance_id,
        "addon": ADDON_NAME,
        **changes,
    }
    return HassioServiceInfo(
        config=config, name=ADDON_NAME, slug="7f000d4b_docsight", uuid="d0c5164e"
    )


def patch_instance(**kwargs: Any) -> Any:
    """Patch the client's GET /api/instance (for answers the real add-on never gives)."""
    return patch.object(DocsightClient, "instance", autospec=True, **kwargs)


async def incompatible_instance(client: DocsightClient) -> Any:
    """Answer like an add-on from the future."""
    return replace(await REAL_INSTANCE(client), api_version=99)


def unreachable_url() -> str:
    """Return a loopback URL with nothing listening."""
    return f"http://127.0.0.1:{free_port()}"


async def token_names(addon: Addon) -> list[str]:
    """Return the names of the add-on's live API tokens."""
    status, body, _ = await addon.server.request("GET", "/api/tokens", token=addon.token)
    assert status == 200
    return [token["name"] for token in body["tokens"] if not token["revoked"]]


# --- user step -------------------------------------------------------------------------


async def test_user_flow_with_token(
    hass: HomeAssistant, addon: Addon, mock_setup_entry: AsyncMock
) -> None:
    """A URL (trailing slash and all) plus a token creates the entry."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested == {CONF_URL: DEFAULT_URL}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: f" {addon.url}/ ", CONF_TOKEN: f"{addon.token} "}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "DOCSight"
    assert result["data"] == {
        CONF_URL: addon.url,
        CONF_TOKEN: addon.token,
        CONF_INSTANCE_ID: addon.instance_id,
    }
    assert result["result"].unique_id == addon.instance_id
    assert mock_setup_entry.await_count == 1


async def test_user_flow_with_password(hass: HomeAssistant, addon: Addon) -> None:
    """The admin password is traded for a new API token; the password is not stored."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url, CONF_PASSWORD: ADMIN_PASSWORD}
    )

    assert result["type"] is FlowResultType.CREATE_ENTRY
    token = result["data"][CONF_TOKEN]
    assert token != addon.token
    assert CONF_PASSWORD not in result["data"]
    assert result["data"][CONF_INSTANCE_ID] == addon.instance_id
    status, body, _ = await addon.server.request("GET", "/api/instance", token=token)
    assert (status, body["instance_id"]) == (200, addon.instance_id)
    assert TOKEN_NAME in await token_names(addon)


@pytest.mark.parametrize(
    ("make_input", "errors"),
    [
        pytest.param(
            lambda addon: {CONF_URL: addon.url, CONF_TOKEN: "dsk_not-a-token"},
            {"base": "invalid_auth"},
            id="bad-token",
        ),
        pytest.param(
            lambda addon: {CONF_URL: addon.url, CONF_PASSWORD: "wrong horse"},
            {"base": "invalid_auth"},
            id="wrong-password",
        ),
        pytest.param(
            lambda addon: {CONF_URL: addon.url},
            {"base": "missing_credentials"},
            id="no-credentials",
        ),
        pytest.param(
            lambda addon: {CONF_URL: addon.url, CONF_TOKEN: " ", CONF_PASSWORD: ""},
            {"base": "missing_credentials"},
            id="blank-credentials",
        ),
        pytest.param(
            lambda addon: {
                CONF_URL: addon.url,
                CONF_TOKEN: addon.token,
                CONF_PASSWORD: ADMIN_PASSWORD,
            },
            {"base": "missing_credentials"},
            id="both-credentials",
        ),
        pytest.param(
            lambda addon: {CONF_URL: unreachable_url(), CONF_TOKEN: addon.token},
            {"base": "cannot_connect"},
            id="nothing-listening",
        ),
        pytest.param(
            lambda addon: {CONF_URL: "ftp://127.0.0.1:8765", CONF_TOKEN: addon.token},
            {CONF_URL: "invalid_url"},
            id="not-http",
        ),
        pytest.param(
            lambda addon: {CONF_URL: "localhost:8765", CONF_TOKEN: addon.token},
            {CONF_URL: "invalid_url"},
            id="no-scheme",
        ),
        pytest.param(
            lambda addon: {CONF_URL: "http://[::1", CONF_TOKEN: addon.token},
            {CONF_URL: "invalid_url"},
            id="unparsable",
        ),
    ],
)
async def test_user_flow_errors_then_recovers(
    hass: HomeAssistant,
    addon: Addon,
    mock_setup_entry: AsyncMock,
    make_input: InputFactory,
    errors: dict[str, str],
) -> None:
    """Each bad input shows its error on the form; correct input then finishes the flow."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    user_input = make_input(addon)

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)

    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == errors
    refilled = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert refilled == {CONF_URL: user_input[CONF_URL]}, "only the URL is refilled"
    assert mock_setup_entry.await_count == 0

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url, CONF_TOKEN: addon.token}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert mock_setup_entry.await_count == 1


@pytest.mark.parametrize(
    ("target", "patch_kwargs", "error"),
    [
        ("instance", {"side_effect": incompatible_instance}, "incompatible_api"),
        ("instance", {"side_effect": RuntimeError("boom")}, "unknown"),
        ("instance", {"side_effect": DocsightResponseError(500, "Internal")}, "cannot_connect"),
        (
            "create_token",
            {"side_effect": DocsightResponseError(429, "Too many failed logins")},
            "too_many_attempts",
        ),
    ],
)
async def test_user_flow_add_on_failures(
    hass: HomeAssistant,
    addon: Addon,
    target: str,
    patch_kwargs: dict[str, Any],
    error: str,
) -> None:
    """Answers the test add-on cannot be made to give map to their errors, then recover."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    user_input = {CONF_URL: addon.url, CONF_PASSWORD: ADMIN_PASSWORD}
    with patch.object(DocsightClient, target, autospec=True, **patch_kwargs):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_user_flow_logs_unexpected_errors(
    hass: HomeAssistant, addon: Addon, caplog: pytest.LogCaptureFixture
) -> None:
    """An unexpected exception is logged with its traceback."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    with patch_instance(side_effect=RuntimeError("boom")):
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: addon.url, CONF_TOKEN: addon.token}
        )
    assert f"Unexpected error while connecting to {addon.url}" in caplog.text
    assert "RuntimeError: boom" in caplog.text


async def test_user_flow_already_configured(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """The same add-on installation cannot be added twice, whatever URL the entry has."""
    config_entry.add_to_hass(hass)
    stale_url = unreachable_url()
    hass.config_entries.async_update_entry(
        config_entry, data={**config_entry.data, CONF_URL: stale_url}
    )
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url, CONF_TOKEN: addon.token}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1
    assert config_entry.data[CONF_URL] == stale_url, "the user step changes nothing"


# --- Supervisor discovery --------------------------------------------------------------


async def test_hassio_discovery_creates_entry(
    hass: HomeAssistant, addon: Addon, mock_setup_entry: AsyncMock
) -> None:
    """The announcement is confirmed by the user and becomes an entry."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=discovery(addon)
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "hassio_confirm"
    assert result["description_placeholders"] == {"addon": ADDON_NAME}
    assert result["errors"] == {}
    (progress,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert progress["context"]["title_placeholders"] == {"name": ADDON_NAME}
    assert mock_setup_entry.await_count == 0, "discovery never creates an entry on its own"

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})

    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "DOCSight"
    assert result["data"] == {
        CONF_URL: addon.url,
        CONF_TOKEN: addon.token,
        CONF_INSTANCE_ID: addon.instance_id,
    }
    assert result["result"].unique_id == addon.instance_id
    assert mock_setup_entry.await_count == 1


async def test_hassio_discovery_updates_existing_entry(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """A new address and token for a configured add-on update the entry and reload it."""
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    assert config_entry.state is ConfigEntryState.LOADED
    new_token = (await addon.server.context.auth.create_token("rotated")).token

    result = await hass.config_entries.flow.async_init(
        DOMAIN,
        context={"source": SOURCE_HASSIO},
        data=discovery(addon, host="localhost", token=new_token),
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert config_entry.data == {
        CONF_URL: f"http://localhost:{addon.server.port}",
        CONF_TOKEN: new_token,
        CONF_INSTANCE_ID: addon.instance_id,
    }
    assert mock_setup_entry.await_count == 2, "the entry was reloaded"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


async def test_hassio_discovery_unchanged_entry_is_not_reloaded(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
) -> None:
    """The add-on announcing itself again with the same data changes nothing."""
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)

    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=discovery(addon)
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"
    assert mock_setup_entry.await_count == 1


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"instance_id": None}, id="no-instance-id"),
        pytest.param({"port": "not-a-port"}, id="bad-port"),
        pytest.param({"host": None}, id="no-host"),
    ],
)
async def test_hassio_discovery_incomplete(
    hass: HomeAssistant, addon: Addon, changes: dict[str, Any]
) -> None:
    """An announcement without host, port, token or instance id is rejected."""
    info = discovery(addon, **changes)
    info.config = {key: value for key, value in info.config.items() if value is not None}
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=info
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "invalid_discovery_info"


@pytest.mark.parametrize(
    ("make_changes", "error"),
    [
        pytest.param(lambda addon: {"token": "dsk_revoked"}, "invalid_auth", id="bad-token"),
        pytest.param(lambda addon: {"port": free_port()}, "cannot_connect", id="nothing-listening"),
    ],
)
async def test_hassio_confirm_errors(
    hass: HomeAssistant,
    addon: Addon,
    make_changes: Callable[[Addon], dict[str, Any]],
    error: str,
    mock_setup_entry: AsyncMock,
) -> None:
    """A discovered add-on that cannot be reached or refuses its token shows an error."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=discovery(addon, **make_changes(addon))
    )
    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "hassio_confirm"
    assert result["errors"] == {"base": error}
    assert mock_setup_entry.await_count == 0


@pytest.mark.parametrize(
    ("patch_kwargs", "error"),
    [
        ({"side_effect": incompatible_instance}, "incompatible_api"),
        ({"side_effect": RuntimeError("boom")}, "unknown"),
    ],
)
async def test_hassio_confirm_add_on_failures(
    hass: HomeAssistant, addon: Addon, patch_kwargs: dict[str, Any], error: str
) -> None:
    """Confirming shows the error; confirming again once the add-on is fine succeeds."""
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=discovery(addon)
    )
    with patch_instance(**patch_kwargs):
        result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    result = await hass.config_entries.flow.async_configure(result["flow_id"], {})
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"][CONF_INSTANCE_ID] == addon.instance_id


async def test_user_flow_replaces_pending_discovery(hass: HomeAssistant, addon: Addon) -> None:
    """Adding the add-on by hand while its discovery card is pending does not fail."""
    await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_HASSIO}, data=discovery(addon)
    )
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url, CONF_TOKEN: addon.token}
    )
    await hass.async_block_till_done()
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert hass.config_entries.flow.async_progress_by_handler(DOMAIN) == []


# --- reauth ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "credentials",
    [
        pytest.param(lambda addon, token: {CONF_TOKEN: token}, id="token"),
        pytest.param(lambda addon, token: {CONF_PASSWORD: ADMIN_PASSWORD}, id="password"),
    ],
)
async def test_reauth(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    mock_setup_entry: AsyncMock,
    credentials: Callable[[Addon, str], dict[str, str]],
) -> None:
    """A new token or the admin password replaces a revoked token and reloads the entry."""
    config_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        config_entry, data={**config_entry.data, CONF_TOKEN: "dsk_revoked"}
    )
    new_token = (await addon.server.context.auth.create_token("new")).token

    result = await config_entry.start_reauth_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reauth_confirm"
    assert result["description_placeholders"]["url"] == addon.url

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], credentials(addon, new_token)
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    stored = config_entry.data[CONF_TOKEN]
    status, _, _ = await addon.server.request("GET", "/api/instance", token=stored)
    assert status == 200
    assert stored != "dsk_revoked"
    assert config_entry.data[CONF_URL] == addon.url
    assert mock_setup_entry.await_count == 1, "the entry was reloaded"
    assert len(hass.config_entries.async_entries(DOMAIN)) == 1


@pytest.mark.parametrize(
    ("user_input", "error"),
    [
        pytest.param({}, "missing_credentials", id="no-credentials"),
        pytest.param(
            {CONF_TOKEN: "dsk_x", CONF_PASSWORD: ADMIN_PASSWORD},
            "missing_credentials",
            id="both-credentials",
        ),
        pytest.param({CONF_PASSWORD: "wrong horse"}, "invalid_auth", id="wrong-password"),
        pytest.param({CONF_TOKEN: "dsk_not-a-token"}, "invalid_auth", id="bad-token"),
    ],
)
async def test_reauth_errors_then_recovers(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    user_input: dict[str, str],
    error: str,
) -> None:
    """Bad credentials keep the form open; good ones finish it."""
    config_entry.add_to_hass(hass)
    result = await config_entry.start_reauth_flow(hass)

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: addon.token}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"


async def test_reauth_wrong_instance(hass: HomeAssistant, addon: Addon) -> None:
    """Credentials for another DOCSight installation are refused and nothing changes."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="DOCSight",
        unique_id="another-installation",
        data={CONF_URL: addon.url, CONF_TOKEN: "dsk_old", CONF_INSTANCE_ID: "another"},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reauth_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_TOKEN: addon.token}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_instance"
    assert entry.data[CONF_TOKEN] == "dsk_old"


# --- reconfigure -----------------------------------------------------------------------


async def test_reconfigure_url_keeps_token(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry, mock_setup_entry: AsyncMock
) -> None:
    """A new URL without new credentials keeps the stored token."""
    config_entry.add_to_hass(hass)
    old_url = unreachable_url()
    hass.config_entries.async_update_entry(
        config_entry, data={**config_entry.data, CONF_URL: old_url}
    )

    result = await config_entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema
        if key.description
    }
    assert suggested == {CONF_URL: old_url}

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url + "/"}
    )
    await hass.async_block_till_done()

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert config_entry.data == {
        CONF_URL: addon.url,
        CONF_TOKEN: addon.token,
        CONF_INSTANCE_ID: addon.instance_id,
    }
    assert mock_setup_entry.await_count == 1, "the entry was reloaded"


async def test_reconfigure_with_password(
    hass: HomeAssistant, addon: Addon, config_entry: MockConfigEntry
) -> None:
    """The admin password given while reconfiguring yields a fresh token."""
    config_entry.add_to_hass(hass)
    result = await config_entry.start_reconfigure_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url, CONF_PASSWORD: ADMIN_PASSWORD}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert config_entry.data[CONF_TOKEN] != addon.token
    status, _, _ = await addon.server.request(
        "GET", "/api/instance", token=config_entry.data[CONF_TOKEN]
    )
    assert status == 200


@pytest.mark.parametrize(
    ("make_input", "errors"),
    [
        pytest.param(
            lambda addon: {CONF_URL: "ftp://127.0.0.1"}, {CONF_URL: "invalid_url"}, id="not-http"
        ),
        pytest.param(
            lambda addon: {
                CONF_URL: addon.url,
                CONF_TOKEN: addon.token,
                CONF_PASSWORD: ADMIN_PASSWORD,
            },
            {"base": "missing_credentials"},
            id="both-credentials",
        ),
        pytest.param(
            lambda addon: {CONF_URL: unreachable_url()},
            {"base": "cannot_connect"},
            id="nothing-listening",
        ),
        pytest.param(
            lambda addon: {CONF_URL: addon.url, CONF_TOKEN: "dsk_not-a-token"},
            {"base": "invalid_auth"},
            id="bad-token",
        ),
    ],
)
async def test_reconfigure_errors_then_recovers(
    hass: HomeAssistant,
    addon: Addon,
    config_entry: MockConfigEntry,
    make_input: InputFactory,
    errors: dict[str, str],
) -> None:
    """Bad input keeps the form open with the typed URL; good input finishes it."""
    config_entry.add_to_hass(hass)
    result = await config_entry.start_reconfigure_flow(hass)
    user_input = make_input(addon)

    result = await hass.config_entries.flow.async_configure(result["flow_id"], user_input)
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == errors
    assert config_entry.data[CONF_URL] == addon.url

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"


async def test_reconfigure_wrong_instance(hass: HomeAssistant, addon: Addon) -> None:
    """A URL of another DOCSight installation is refused and the entry keeps its URL."""
    old_url = unreachable_url()
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="DOCSight",
        unique_id="another-installation",
        data={CONF_URL: old_url, CONF_TOKEN: addon.token, CONF_INSTANCE_ID: "another"},
    )
    entry.add_to_hass(hass)
    result = await entry.start_reconfigure_flow(hass)

    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: addon.url}
    )

    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "wrong_instance"
    assert entry.data[CONF_URL] == old_url


# --- options ---------------------------------------------------------------------------


async def test_options_flow(hass: HomeAssistant, config_entry: MockConfigEntry) -> None:
    """The options form starts from the defaults and stores whole-second intervals."""
    config_entry.add_to_hass(hass)

    result = await hass.config_entries.options.async_init(config_entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "init"
    suggested = {
        str(key): key.description["suggested_value"] for key in result["data_schema"].schema
    }
    assert suggested == {
        CONF_FALLBACK_INTERVAL: DEFAULT_FALLBACK_INTERVAL,
        CONF_CHANNEL_SENSORS: False,
    }

    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_FALLBACK_INTERVAL: 120.0, CONF_CHANNEL_SENSORS: True}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert config_entry.options == {CONF_FALLBACK_INTERVAL: 120, CONF_CHANNEL_SENSORS: True}
    assert isinstance(config_entry.options[CONF_FALLBACK_INTERVAL], int)

    result = await hass.config_entries.options.async_init(config_entry.entry_id)
    suggested = {
        str(key): key.description["suggested_value"] for key in result["data_schema"].schema
    }
    assert suggested == {CONF_FALLBACK_INTERVAL: 120, CONF_CHANNEL_SENSORS: True}


@pytest.mark.parametrize("interval", [59, 3601])
async def test_options_flow_rejects_out_of_range_interval(
    hass: HomeAssistant, config_entry: MockConfigEntry, interval: int
) -> None:
    """The fallback interval stays within FALLBACK_INTERVAL_RANGE."""
    config_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(config_entry.entry_id)
    with pytest.raises(InvalidData, match=CONF_FALLBACK_INTERVAL):
        await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_FALLBACK_INTERVAL: interval, CONF_CHANNEL_SENSORS: False}
        )
    assert config_entry.options == {}


# --- translations ----------------------------------------------------------------------

FLOW_ERRORS = {
    "cannot_connect",
    "invalid_auth",
    "incompatible_api",
    "missing_credentials",
    "invalid_url",
    "too_many_attempts",
    "unknown",
}
FLOW_ABORTS = {
    "already_configured",
    "invalid_discovery_info",
    "reauth_successful",
    "reconfigure_successful",
    "wrong_instance",
}


@pytest.mark.parametrize("language", ["en", "de"])
def test_flow_translations_complete(language: str) -> None:
    """Every step, field, error and abort of the flows has text, and every field a description."""
    strings = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    config = strings["config"]
    assert set(config["step"]) == {"user", "hassio_confirm", "reauth_confirm", "reconfigure"}
    assert set(config["error"]) == FLOW_ERRORS
    assert set(config["abort"]) == FLOW_ABORTS
    for step in [*config["step"].values(), strings["options"]["step"]["init"]]:
        assert step["title"]
        assert set(step.get("data", {})) == set(step.get("data_description", {}))
        assert all(step.get("data_description", {}).values())
    assert set(config["step"]["user"]["data"]) == {CONF_URL, CONF_TOKEN, CONF_PASSWORD}
    assert set(strings["options"]["step"]["init"]["data"]) == {
        CONF_FALLBACK_INTERVAL,
        CONF_CHANNEL_SENSORS,
    }
