"""Calendar: incidents as all-day events, connection outages as timed events."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Final

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity import EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.translation import async_get_translations
from homeassistant.util import dt as dt_util

from .api import DocsightError
from .calendar_events import (
    CALENDAR_KEY,
    EventTexts,
    current_or_next,
    incident_event,
    outage_events,
    overlaps,
)
from .const import DOMAIN
from .coordinator import unless_missing
from .data import DocsightConfigEntry
from .entity import DocsightEntity
from .evidence import DocsightEvidenceCoordinator, fetch_outages
from .models import Incident

PARALLEL_UPDATES = 0

#: Outages are read for at most this long a stretch (the latest part of the asked window):
#: the add-on scans every probe of it, and the monitor keeps 7 days of single probes.
MAX_OUTAGE_WINDOW: Final = timedelta(days=92)
INCIDENT_STATUSES: Final = ("open", "escalated", "resolved")

CALENDAR = EntityDescription(key=CALENDAR_KEY, translation_key=CALENDAR_KEY)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: DocsightConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the incidents-and-outages calendar."""
    async_add_entities([DocsightCalendar(entry.runtime_data.evidence, CALENDAR)])


async def async_event_texts(hass: HomeAssistant) -> EventTexts:
    """Return the words of generated events in Home Assistant's language."""
    strings = await async_get_translations(hass, hass.config.language, "entity", {DOMAIN})
    prefix = f"component.{DOMAIN}.entity.calendar.{CALENDAR_KEY}.state_attributes"
    defaults = EventTexts()

    def text(attribute: str, key: str, default: str) -> str:
        return strings.get(f"{prefix}.{attribute}.state.{key}", default)

    return EventTexts(
        connection_lost=text("message", "connection_lost", defaults.connection_lost),
        unanswered_probes=text("description", "unanswered_probes", defaults.unanswered_probes),
        statuses={
            status: text("description", f"incident_{status}", "") for status in INCIDENT_STATUSES
        },
    )


class DocsightCalendar(DocsightEntity[DocsightEvidenceCoordinator], CalendarEntity):
    """When the line was bad: the add-on's incidents and the connection monitor's outages."""

    _texts = EventTexts()

    async def async_added_to_hass(self) -> None:
        """Load the event texts before the first state is written."""
        self._texts = await async_event_texts(self.hass)
        await super().async_added_to_hass()

    @property
    def event(self) -> CalendarEvent | None:
        """Return the outage going on, else the incident going on, else the next one."""
        if (data := self.coordinator.data) is None:  # never read yet
            return None
        ongoing = outage_events(
            data.ongoing_outages, data.fetched_at, data.valid_until, self._texts
        )
        now = dt_util.now()
        return current_or_next(ongoing, self._incident_events(data.incidents, now), now)

    def _incident_events(
        self, incidents: Iterable[Incident] | None, now: datetime
    ) -> list[CalendarEvent]:
        """Return the incidents as events (dates relative to today in local time)."""
        today = dt_util.as_local(now).date()
        events = (incident_event(incident, today, self._texts) for incident in incidents or ())
        return [event for event in events if event is not None]

    async def async_get_events(
        self, hass: HomeAssistant, start_date: datetime, end_date: datetime
    ) -> list[CalendarEvent]:
        """Return the incidents and the outages between two times, oldest first.

        Both are read from the add-on now, the outages of the asked window's last 92 days at
        most; an outage going on ends now.
        """
        self._texts = await async_event_texts(hass)
        client = self.coordinator.client
        now = dt_util.utcnow()
        outages_end = min(end_date, now)
        outages_start = max(start_date, outages_end - MAX_OUTAGE_WINDOW)
        try:
            incidents = await unless_missing(client.incidents())
            outages = (
                await fetch_outages(client, outages_start, outages_end)
                if outages_start < outages_end
                else []
            )
        except DocsightError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="events_not_read",
                translation_placeholders={"error": str(err)},
            ) from err
        events = self._incident_events(incidents, now)
        events += outage_events(outages, now, now, self._texts)
        found = [event for event in events if overlaps(event, start_date, end_date)]
        return sorted(found, key=lambda event: event.start_datetime_local)
