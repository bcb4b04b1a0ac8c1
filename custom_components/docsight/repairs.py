"""Repair issues the user has to act on: an add-on that is incompatible, unreachable, replaced,
or cannot read a page of the modem."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.components.repairs import ConfirmRepairFlow, RepairsFlow
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import FlowResult
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers import issue_registry as ir

from .const import CONF_INSTANCE_ID, DOMAIN, SUPPORTED_API_VERSION
from .models import CollectorStatus

TROUBLESHOOTING_URL = (
    "https://github.com/docsight-ha/docsight-ha/blob/main/docs/integration.md#troubleshooting"
)


@dataclass(frozen=True, slots=True)
class RepairIssue:
    """A kind of issue: its translation key (which also starts its ids) and its severity."""

    translation_key: str
    severity: ir.IssueSeverity
    #: Fixable issues carry the entry id and their placeholders as the fix flow's data.
    is_fixable: bool = False

    def issue_id(self, entry: ConfigEntry) -> str:
        """Return the id of this issue for an entry."""
        return f"{self.translation_key}_{entry.entry_id}"

    @callback
    def async_report(self, hass: HomeAssistant, entry: ConfigEntry, **placeholders: str) -> None:
        """Raise the issue for an entry; it links to the troubleshooting guide."""
        ir.async_create_issue(
            hass,
            DOMAIN,
            self.issue_id(entry),
            is_fixable=self.is_fixable,
            data={"entry_id": entry.entry_id, **placeholders} if self.is_fixable else None,
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
#: The add-on at the entry's address is another installation (another instance id).
INSTANCE_CHANGED = RepairIssue("instance_changed", ir.IssueSeverity.ERROR, is_fixable=True)
#: The add-on's modem collector met a page its driver cannot read (new firmware, mostly).
MODEM_PAGE_UNREADABLE = RepairIssue("modem_page_unreadable", ir.IssueSeverity.WARNING)
ISSUES = (INCOMPATIBLE_API, ADDON_UNREACHABLE, INSTANCE_CHANGED, MODEM_PAGE_UNREADABLE)
#: The collector's `last_error_kind` of a page the driver could not read.
UNREADABLE_PAGE_KIND = "unexpected_page"
#: Runs in a row that must fail on the same page before the unreadable-page issue is raised.
UNREADABLE_PAGE_RUNS = 3
#: The longest text of the add-on an issue shows (its messages have no length limit).
MAX_PLACEHOLDER_LENGTH = 300

incompatible_issue_id = INCOMPATIBLE_API.issue_id
unreachable_issue_id = ADDON_UNREACHABLE.issue_id
instance_changed_issue_id = INSTANCE_CHANGED.issue_id
async_clear_incompatible = INCOMPATIBLE_API.async_clear
async_clear_unreachable = ADDON_UNREACHABLE.async_clear
async_clear_instance_changed = INSTANCE_CHANGED.async_clear


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
def async_report_instance_changed(
    hass: HomeAssistant, entry: ConfigEntry, instance_id: str
) -> None:
    """Tell the user the add-on at the entry's address is another installation."""
    INSTANCE_CHANGED.async_report(
        hass,
        entry,
        url=entry.data[CONF_URL],
        instance_id=instance_id,
        expected_id=str(entry.data[CONF_INSTANCE_ID]),
    )


def capped(text: str) -> str:
    """Return an add-on's text cut to MAX_PLACEHOLDER_LENGTH characters, marked where cut."""
    if len(text) <= MAX_PLACEHOLDER_LENGTH:
        return text
    return text[: MAX_PLACEHOLDER_LENGTH - 1] + "…"


class UnreadablePageWatch:
    """Raises an entry's unreadable-page issue once one page failed several runs in a row.

    Modems sometimes answer a transient odd page (while booting, say), so one failed run is not
    enough. The add-on's failure count tells runs apart; the watch remembers the count at which
    it first saw the page fail, so that earlier failures of another kind or page do not count.
    What the add-on counted before the watch's first look is trusted (after a restart the issue
    comes back at once). Without a count (older add-ons) every look counts as a run.
    """

    def __init__(self, hass: HomeAssistant, entry: ConfigEntry) -> None:
        """Watch the modem collector of an entry."""
        self._hass = hass
        self._entry = entry
        self._page: str | None = None
        self._first_failure = 1
        self._looks = 0
        self._watched = False

    def failed_runs(self, collector: CollectorStatus | None) -> int:
        """Return how many runs in a row are known to have failed on the same unreadable page."""
        watched, self._watched = self._watched, True
        if collector is None or collector.last_error_kind != UNREADABLE_PAGE_KIND:
            self._page = None
            return 0
        page = collector.last_error_page or ""
        count = collector.consecutive_failures
        if self._page != page or (count is not None and count < self._first_failure):
            self._page = page
            self._first_failure = count if watched and count is not None else 1
            self._looks = 0
        self._looks += 1
        return self._looks if count is None else count - self._first_failure + 1

    @callback
    def async_update(self, collector: CollectorStatus | None) -> None:
        """Raise the issue while one page keeps failing, clear it once the page is read.

        The issue names the page and the add-on's message (what the driver expected) and
        points to the capture action, whose file is what a bug report needs.
        """
        failed_runs = self.failed_runs(collector)
        if collector is None or failed_runs == 0:
            MODEM_PAGE_UNREADABLE.async_clear(self._hass, self._entry)
            return
        if failed_runs < UNREADABLE_PAGE_RUNS:
            return
        MODEM_PAGE_UNREADABLE.async_report(
            self._hass,
            self._entry,
            page=capped(collector.last_error_page or "?"),
            error=capped(collector.last_error or "?"),
        )


@callback
def async_clear_issues(hass: HomeAssistant, entry: ConfigEntry) -> None:
    """Remove every issue of an entry (when the entry is removed)."""
    for issue in ISSUES:
        issue.async_clear(hass, entry)


class FollowNewInstallationFlow(RepairsFlow):
    """Let the entry follow the add-on's new installation: the old devices go, new ones come."""

    def __init__(self, entry_id: str, instance_id: str) -> None:
        """Bind to the entry and the installation the add-on now reports."""
        self._entry_id = entry_id
        self._instance_id = instance_id

    async def async_step_init(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Start with the confirmation."""
        return await self.async_step_confirm()

    async def async_step_confirm(self, user_input: dict[str, Any] | None = None) -> FlowResult:
        """Explain what following the new installation does; do it once confirmed."""
        entry = self.hass.config_entries.async_get_entry(self._entry_id)
        if entry is None:
            return self.async_abort(reason="entry_removed")
        if user_input is None:
            return self.async_show_form(
                step_id="confirm",
                description_placeholders={"title": entry.title, "url": entry.data[CONF_URL]},
            )
        if any(
            other.unique_id == self._instance_id
            for other in self.hass.config_entries.async_entries(DOMAIN)
            if other.entry_id != entry.entry_id
        ):
            return self.async_abort(reason="already_configured")
        registry = dr.async_get(self.hass)
        for device in dr.async_entries_for_config_entry(registry, entry.entry_id):
            registry.async_update_device(device.id, remove_config_entry_id=entry.entry_id)
        self.hass.config_entries.async_update_entry(
            entry,
            unique_id=self._instance_id,
            data={**entry.data, CONF_INSTANCE_ID: self._instance_id},
        )
        self.hass.config_entries.async_schedule_reload(entry.entry_id)
        return self.async_create_entry(data={})


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, str | int | float | None] | None
) -> RepairsFlow:
    """Return the fix flow of an issue: following a new installation, else a confirmation."""
    if issue_id.startswith(INSTANCE_CHANGED.translation_key) and data is not None:
        return FollowNewInstallationFlow(str(data["entry_id"]), str(data["instance_id"]))
    return ConfirmRepairFlow()
