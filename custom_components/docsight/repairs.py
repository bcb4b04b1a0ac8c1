"""Repair issues the user has to act on: an incompatible or unreachable add-on."""

from __future__ import annotations

from dataclasses import dataclass

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, SUPPORTED_API_VERSION

TROUBLESHOOTING_URL = (
    "https://github.com/docsight-ha/docsight-ha/blob/main/docs/integration.md#troubleshooting"
)


@dataclass(frozen=True, slots=True)
class RepairIssue:
    """A kind of issue: its translation key (which also starts its ids) and its severity."""

    translation_key: str
    severity: ir.IssueSeverity

    def issue_id(self, entry: ConfigEntry) -> str:
        """Return the id of this issue for an entry."""
        return f"{self.translation_key}_{entry.entry_id}"

    @callback
    def async_report(self, hass: HomeAssistant, entry: ConfigEntry, **placeholders: str) -> None:
        """Raise the issue for an entry (not fixable; it links to the troubleshooting guide)."""
        ir.async_create_issue(
            hass,
            DOMAIN,
            self.issue_id(entry),
            is_fixable=False,
            severity=self.severity,
            learn_more_url=TROUBLESHOOTING_URL,
            translation_key=self.translation_key,
            translation_placeholders={"title": entry.title, **placeholders},
        )

    @callback
    def async_clear(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Remove the issue of an entry once its cause is gone."""
        ir.async_delete_issue(hass, DOMAIN, self.issue_id(entry))


#: The add-on speaks an API version this integration does not.
INCOMPATIBLE_API = RepairIssue("incompatible_api", ir.IssueSeverity.ERROR)
#: The add-on does not answer (stopped, or the URL is wrong).
ADDON_UNREACHABLE = RepairIssue("addon_unreachable", ir.IssueSeverity.WARNING)

incompatible_issue_id = INCOMPATIBLE_API.issue_id
unreachable_issue_id = ADDON_UNREACHABLE.issue_id
async_clear_incompatible = INCOMPATIBLE_API.async_clear
async_clear_unreachable = ADDON_UNREACHABLE.async_clear


@callback
def async_report_incompatible(hass: HomeAssistant, entry: ConfigEntry, api_version: int) -> None:
    """Tell the user the add-on speaks an API version this integration does not."""
    INCOMPATIBLE_API.async_report(
        hass, entry, api_version=str(api_version), supported_version=str(SUPPORTED_API_VERSION)
    )


@callback
def async_report_unreachable(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Tell the user the add-on does not answer (stopped, or the URL is wrong)."""
    ADDON_UNREACHABLE.async_report(hass, entry, url=entry.data[CONF_URL])


@callback
def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove every issue of an entry (when the entry is removed)."""
    for issue in (INCOMPATIBLE_API, ADDON_UNREACHABLE):
        issue.async_clear(hass, entry)


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return a confirm-only flow; the repairs platform requires one though no issue is fixable."""
    return ConfirmRepairFlow()
