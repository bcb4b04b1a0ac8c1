"""Repair issues the user has to act on: an incompatible or unreachable add-on."""

from __future__ import annotations

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, SUPPORTED_API_VERSION

TROUBLESHOOTING_URL = (
    "https://github.com/docsight-ha/docsight-ha/blob/main/docs/integration.md#troubleshooting"
)


def incompatible_issue_id(entry: ConfigEntry) -> str:
    """Return the id of an entry's incompatible-API issue."""
    return f"incompatible_api_{entry.entry_id}"


def unreachable_issue_id(entry: ConfigEntry) -> str:
    """Return the id of an entry's add-on-unreachable issue."""
    return f"addon_unreachable_{entry.entry_id}"


@callback
def async_report_incompatible(hass: HomeAssistant, entry: ConfigEntry, api_version: int) -> None:
    """Tell the user the add-on speaks an API version this integration does not."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        incompatible_issue_id(entry),
        is_fixable=False,
        severity=ir.IssueSeverity.ERROR,
        learn_more_url=TROUBLESHOOTING_URL,
        translation_key="incompatible_api",
        translation_placeholders={
            "title": entry.title,
            "api_version": str(api_version),
            "supported_version": str(SUPPORTED_API_VERSION),
        },
    )


@callback
def async_clear_incompatible(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove the incompatible-API issue once the versions match again."""
    ir.async_delete_issue(hass, DOMAIN, incompatible_issue_id(entry))


@callback
def async_report_unreachable(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Tell the user the add-on does not answer (stopped, or the URL is wrong)."""
    ir.async_create_issue(
        hass,
        DOMAIN,
        unreachable_issue_id(entry),
        is_fixable=False,
        severity=ir.IssueSeverity.WARNING,
        learn_more_url=TROUBLESHOOTING_URL,
        translation_key="addon_unreachable",
        translation_placeholders={"title": entry.title, "url": entry.data[CONF_URL]},
    )


@callback
def async_clear_unreachable(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove the add-on-unreachable issue once the add-on answers again."""
    ir.async_delete_issue(hass, DOMAIN, unreachable_issue_id(entry))


@callback
def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove every issue of an entry (when the entry is removed)."""
    async_clear_incompatible(hass, entry)
    async_clear_unreachable(hass, entry)


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return a confirm-only flow; the repairs platform requires one though no issue is fixable."""
    return ConfirmRepairFlow()
