"""Config flow for DOCSight: Supervisor discovery, manual set-up, reauth, reconfigure, options."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import voluptuous as vol
from homeassistant.config_entries import ConfigFlow, ConfigFlowResult, OptionsFlow
from homeassistant.const import CONF_PASSWORD, CONF_URL
from homeassistant.core import callback
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
from homeassistant.helpers.service_info.hassio import HassioServiceInfo
from yarl import URL

from .api import (
    DocsightAuthenticationError,
    DocsightClient,
    DocsightConnectionError,
    DocsightResponseError,
)
from .const import (
    CONF_CHANNEL_SENSORS,
    CONF_FALLBACK_INTERVAL,
    CONF_INSTANCE_ID,
    CONF_TOKEN,
    DEFAULT_FALLBACK_INTERVAL,
    DEFAULT_PORT,
    DOMAIN,
    FALLBACK_INTERVAL_RANGE,
    SUPPORTED_API_VERSION,
)
from .data import DocsightConfigEntry
from .models import Instance

_LOGGER = logging.getLogger(__name__)

TITLE = "DOCSight"
#: The name of the API token a password log-in creates in the add-on.
TOKEN_NAME = "Home Assistant"
DEFAULT_URL = f"http://localhost:{DEFAULT_PORT}"

_SECRET = TextSelector(TextSelectorConfig(type=TextSelectorType.PASSWORD))
CREDENTIALS_SCHEMA = vol.Schema(
    {vol.Optional(CONF_TOKEN): _SECRET, vol.Optional(CONF_PASSWORD): _SECRET}
)
URL_SCHEMA = vol.Schema(
    {vol.Required(CONF_URL): TextSelector(TextSelectorConfig(type=TextSelectorType.URL))}
)
USER_SCHEMA = URL_SCHEMA.extend(CREDENTIALS_SCHEMA.schema)
OPTIONS_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_FALLBACK_INTERVAL): NumberSelector(
            NumberSelectorConfig(
                min=FALLBACK_INTERVAL_RANGE[0],
                max=FALLBACK_INTERVAL_RANGE[1],
                step=1,
                unit_of_measurement="s",
                mode=NumberSelectorMode.BOX,
            )
        ),
        vol.Required(CONF_CHANNEL_SENSORS): BooleanSelector(),
    }
)


class IncompatibleApiError(Exception):
    """The add-on speaks an API version this integration does not."""


def _normalize_url(raw: str) -> str | None:
    """Return the URL without a trailing slash, or None if it is not an http(s) URL."""
    try:
        url = URL(raw.strip())
    except ValueError:
        return None
    if url.scheme not in ("http", "https") or not url.host:
        return None
    return str(url).rstrip("/")


def _credentials(user_input: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """Return the (token, password) the user typed; blank fields count as missing."""
    token = (user_input.get(CONF_TOKEN) or "").strip() or None
    password = user_input.get(CONF_PASSWORD) or None
    return token, password


async def _async_connect(
    client: DocsightClient, password: str | None
) -> tuple[str | None, Instance]:
    """Trade a password for a token if given, then read the add-on's identity."""
    if password is not None:
        client.token = await client.create_token(password, TOKEN_NAME)
    instance = await client.instance()
    if instance.api_version != SUPPORTED_API_VERSION:
        raise IncompatibleApiError(f"API version {instance.api_version}")
    return client.token, instance


class DocsightConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a DOCSight add-on as a config entry."""

    VERSION = 1

    _token: str | None = None
    _instance: Instance
    _discovery: dict[str, str]

    @staticmethod
    @callback
    def async_get_options_flow(config_entry: DocsightConfigEntry) -> DocsightOptionsFlow:
        """Return the options flow."""
        return DocsightOptionsFlow()

    async def _async_try_connect(
        self, url: str, token: str | None, password: str | None
    ) -> str | None:
        """Verify the add-on; remember its token and identity, or return an error key."""
        client = DocsightClient(async_get_clientsession(self.hass), url, token)
        try:
            self._token, self._instance = await _async_connect(client, password)
        except DocsightAuthenticationError:
            return "invalid_auth"
        except IncompatibleApiError:
            return "incompatible_api"
        except DocsightResponseError as err:
            # An error status from the add-on; 429 means too many wrong passwords in a row.
            return "too_many_attempts" if err.status == 429 else "cannot_connect"
        except DocsightConnectionError:
            return "cannot_connect"
        except Exception:
            _LOGGER.exception("Unexpected error while connecting to %s", url)
            return "unknown"
        return None

    async def async_step_user(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Ask for the add-on's URL and a token or the admin password."""
        errors: dict[str, str] = {}
        suggested: dict[str, Any] = {CONF_URL: DEFAULT_URL}
        if user_input is not None:
            suggested = {CONF_URL: user_input[CONF_URL]}
            url = _normalize_url(user_input[CONF_URL])
            token, password = _credentials(user_input)
            if url is None:
                errors[CONF_URL] = "invalid_url"
            elif (token is None) == (password is None):
                errors["base"] = "missing_credentials"
            elif error := await self._async_try_connect(url, token, password):
                errors["base"] = error
            else:
                await self.async_set_unique_id(self._instance.instance_id, raise_on_progress=False)
                self._abort_if_unique_id_configured()
                return self.async_create_entry(
                    title=TITLE,
                    data={
                        CONF_URL: url,
                        CONF_TOKEN: self._token,
                        CONF_INSTANCE_ID: self._instance.instance_id,
                    },
                )
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, suggested),
            errors=errors,
        )

    async def async_step_hassio(self, discovery_info: HassioServiceInfo) -> ConfigFlowResult:
        """Handle the add-on's announcement through the Supervisor."""
        config = discovery_info.config
        try:
            url = str(URL.build(scheme="http", host=config["host"], port=int(config["port"])))
            token = str(config["token"])
            instance_id = str(config["instance_id"])
        except (KeyError, TypeError, ValueError):
            return self.async_abort(reason="invalid_discovery_info")
        await self.async_set_unique_id(instance_id)
        self._abort_if_unique_id_configured(updates={CONF_URL: url, CONF_TOKEN: token})
        self._discovery = {
            CONF_URL: url,
            CONF_TOKEN: token,
            "addon": discovery_info.name or TITLE,
        }
        self.context["title_placeholders"] = {"name": self._discovery["addon"]}
        return await self.async_step_hassio_confirm()

    async def async_step_hassio_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Let the user confirm the discovered add-on, then verify it."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = self._discovery[CONF_URL]
            if error := await self._async_try_connect(url, self._discovery[CONF_TOKEN], None):
                errors["base"] = error
            else:
                return self.async_create_entry(
                    title=TITLE,
                    data={
                        CONF_URL: url,
                        CONF_TOKEN: self._token,
                        CONF_INSTANCE_ID: self.unique_id,
                    },
                )
        self._set_confirm_only()
        return self.async_show_form(
            step_id="hassio_confirm",
            description_placeholders={"addon": self._discovery["addon"]},
            errors=errors,
        )

    async def async_step_reauth(self, entry_data: Mapping[str, Any]) -> ConfigFlowResult:
        """Start re-authentication after the add-on refused the stored token."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for a new token or the admin password."""
        errors: dict[str, str] = {}
        entry = self._get_reauth_entry()
        if user_input is not None:
            token, password = _credentials(user_input)
            if (token is None) == (password is None):
                errors["base"] = "missing_credentials"
            elif error := await self._async_try_connect(entry.data[CONF_URL], token, password):
                errors["base"] = error
            else:
                await self.async_set_unique_id(self._instance.instance_id, raise_on_progress=False)
                self._abort_if_unique_id_mismatch(reason="wrong_instance")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_TOKEN: self._token}
                )
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=CREDENTIALS_SCHEMA,
            description_placeholders={"url": entry.data[CONF_URL]},
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the add-on's URL and, optionally, its credentials."""
        errors: dict[str, str] = {}
        entry = self._get_reconfigure_entry()
        suggested: dict[str, Any] = {CONF_URL: entry.data[CONF_URL]}
        if user_input is not None:
            suggested = {CONF_URL: user_input[CONF_URL]}
            url = _normalize_url(user_input[CONF_URL])
            token, password = _credentials(user_input)
            if password is None and token is None:
                token = entry.data[CONF_TOKEN]
            if url is None:
                errors[CONF_URL] = "invalid_url"
            elif token is not None and password is not None:
                errors["base"] = "missing_credentials"
            elif error := await self._async_try_connect(url, token, password):
                errors["base"] = error
            else:
                await self.async_set_unique_id(self._instance.instance_id, raise_on_progress=False)
                self._abort_if_unique_id_mismatch(reason="wrong_instance")
                return self.async_update_reload_and_abort(
                    entry, data_updates={CONF_URL: url, CONF_TOKEN: self._token}
                )
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(USER_SCHEMA, suggested),
            errors=errors,
        )


class DocsightOptionsFlow(OptionsFlow):
    """Tune how the integration polls and which entities it creates."""

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> ConfigFlowResult:
        """Show and store the options."""
        if user_input is not None:
            return self.async_create_entry(
                data={
                    CONF_FALLBACK_INTERVAL: int(user_input[CONF_FALLBACK_INTERVAL]),
                    CONF_CHANNEL_SENSORS: user_input[CONF_CHANNEL_SENSORS],
                }
            )
        current = {
            CONF_FALLBACK_INTERVAL: DEFAULT_FALLBACK_INTERVAL,
            CONF_CHANNEL_SENSORS: False,
            **self.config_entry.options,
        }
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(OPTIONS_SCHEMA, current),
        )
