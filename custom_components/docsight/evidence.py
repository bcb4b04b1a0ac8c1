"""The evidence coordinator: the add-on's incidents and the connection outages going on now."""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from homeassistant.core import HomeAssistant, callback
from homeassistant.util import dt as dt_util

from .api import DocsightAuthenticationError, DocsightClient, DocsightError
from .const import DOMAIN
from .coordinator import LOGGER, DocsightCoordinator, translate_error, unless_missing
from .models import Event, Incident, MonitorTarget, Outage

if TYPE_CHECKING:
    from .data import DocsightConfigEntry

EVIDENCE_UPDATE_INTERVAL: Final = timedelta(minutes=5)
#: How far back the coordinator looks for an outage that is still going on.
ONGOING_LOOKBACK: Final = timedelta(days=1)
#: An outage without an end whose last unanswered probe is older than this is no longer
#: measured (the monitor was switched off): it counts as over at that probe.
ONGOING_SLACK: Final = timedelta(minutes=5)
#: The connection monitor's events that start or end an outage.
OUTAGE_EVENTS: Final = ("cm_target_unreachable", "cm_target_recovered")


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetOutage:
    """An outage of one connection-monitor target, with the target's label."""

    target_id: int
    label: str
    start: datetime
    #: The first answer after the outage; None while it goes on.
    end: datetime | None
    #: The last unanswered probe seen.
    last_down: datetime
    timeout_count: int

    def ongoing(self, now: datetime) -> bool:
        """Return True when the outage has no end and its probes still go unanswered."""
        return self.end is None and now - self.last_down <= ONGOING_SLACK

    def end_at(self, now: datetime, ongoing_until: datetime) -> datetime:
        """Return when the outage ended: `ongoing_until` while it goes on (after its start)."""
        if self.end is not None:
            end = self.end
        else:
            end = max(ongoing_until, self.last_down) if self.ongoing(now) else self.last_down
        return max(end, self.start + timedelta(seconds=1))


@dataclass(frozen=True, slots=True, kw_only=True)
class EvidenceData:
    """The add-on's incidents and the outages going on at the last refresh."""

    #: Every incident, newest first; None when the add-on has no incidents (older version).
    incidents: tuple[Incident, ...] | None
    #: The outages going on at `fetched_at`.
    ongoing_outages: tuple[TargetOutage, ...]
    fetched_at: datetime
    #: Ongoing outages last at least until then: past the next refresh, so that the calendar
    #: does not end them for the moment the refresh takes.
    valid_until: datetime

    @property
    def unresolved_incidents(self) -> tuple[Incident, ...]:
        """Return the open and escalated incidents, newest first."""
        return tuple(incident for incident in self.incidents or () if incident.unresolved)


def _label(target: MonitorTarget) -> str:
    """Return what a target is called: its label, else its host, else its id."""
    return target.label or target.host or str(target.id)


def target_outage(target: MonitorTarget, outage: Outage) -> TargetOutage | None:
    """Return an outage of a target with its label (None without a start)."""
    if outage.start is None:
        return None
    duration = timedelta(seconds=outage.duration_seconds or 0)
    return TargetOutage(
        target_id=target.id,
        label=_label(target),
        start=outage.start,
        end=outage.end,
        last_down=outage.start + duration,
        timeout_count=outage.timeout_count or 0,
    )


type TargetAnswer = tuple[Outage, ...] | None | BaseException


async def _ask_every_target(
    client: DocsightClient, start: datetime, end: datetime
) -> list[tuple[MonitorTarget, TargetAnswer]]:
    """Return each enabled target with its outages between two times, or the error it gave.

    An add-on without a connection monitor, and a target deleted meanwhile (404), have none.
    """
    targets = await unless_missing(client.monitor_targets())
    enabled = [target for target in targets or () if target.enabled]
    first, last = math.floor(start.timestamp()), math.ceil(end.timestamp())
    answers = await asyncio.gather(
        *(unless_missing(client.monitor_outages(target.id, first, last)) for target in enabled),
        return_exceptions=True,
    )
    return list(zip(enabled, answers, strict=True))


def _target_outages(
    target: MonitorTarget, outages: tuple[Outage, ...] | None
) -> list[TargetOutage]:
    """Return a target's outages with its label."""
    found = (target_outage(target, outage) for outage in outages or ())
    return [outage for outage in found if outage is not None]


async def fetch_outages(
    client: DocsightClient, start: datetime, end: datetime
) -> list[TargetOutage]:
    """Return the outages of the enabled targets between two times; any target's error raises."""
    outages: list[TargetOutage] = []
    for target, answer in await _ask_every_target(client, start, end):
        if isinstance(answer, BaseException):
            raise answer
        outages += _target_outages(target, answer)
    return outages


@dataclass(frozen=True, slots=True, kw_only=True)
class OutageReading:
    """The outages of the targets that answered, and the error of each that did not."""

    outages: list[TargetOutage]
    unread: list[tuple[MonitorTarget, DocsightError]]


async def fetch_readable_outages(
    client: DocsightClient, start: datetime, end: datetime
) -> OutageReading:
    """Return the outages of the targets that answered; a refused token still raises."""
    reading = OutageReading(outages=[], unread=[])
    for target, answer in await _ask_every_target(client, start, end):
        if isinstance(answer, DocsightAuthenticationError) or (
            isinstance(answer, BaseException) and not isinstance(answer, DocsightError)
        ):
            raise answer
        if isinstance(answer, DocsightError):
            reading.unread.append((target, answer))
        else:
            reading.outages.extend(_target_outages(target, answer))
    return reading


class DocsightEvidenceCoordinator(DocsightCoordinator[EvidenceData]):
    """Polls the incidents and the outages going on; at once after an outage event."""

    coordinator_name = "DOCSight evidence"
    polling_interval = EVIDENCE_UPDATE_INTERVAL

    def __init__(
        self, hass: HomeAssistant, entry: DocsightConfigEntry, client: DocsightClient
    ) -> None:
        """Bind to an entry; no target is known to fail yet."""
        super().__init__(hass, entry, client)
        #: The label of each target whose outages the last refresh could not read, by id.
        self._unread_targets: dict[int, str] = {}

    async def _async_update_data(self) -> EvidenceData:
        """Fetch the incidents (None from older add-ons) and the outages of the last day.

        A target whose outages cannot be read is left out (its outages are unknown) rather
        than hiding the incidents and the other targets' outages.
        """
        now = dt_util.utcnow()
        try:
            incidents = await unless_missing(self.client.incidents())
            reading = await fetch_readable_outages(self.client, now - ONGOING_LOOKBACK, now)
        except DocsightError as err:
            raise translate_error(err) from err
        self._log_unread_targets(reading.unread)
        return EvidenceData(
            incidents=incidents,
            ongoing_outages=tuple(outage for outage in reading.outages if outage.ongoing(now)),
            fetched_at=now,
            valid_until=now + 2 * EVIDENCE_UPDATE_INTERVAL,
        )

    def _log_unread_targets(self, unread: list[tuple[MonitorTarget, DocsightError]]) -> None:
        """Warn once when a target's outages cannot be read, and tell when they can again."""
        now_unread = {target.id: _label(target) for target, _ in unread}
        for target, err in unread:
            if target.id not in self._unread_targets:
                LOGGER.warning("Outages of target %s not read: %s", _label(target), err)
        for target_id, label in self._unread_targets.items():
            if target_id not in now_unread:
                LOGGER.info("Outages of target %s read again", label)
        self._unread_targets = now_unread

    @callback
    def async_handle_event(self, event: Event) -> None:
        """Refresh soon after an outage started or ended."""
        if event.event_type in OUTAGE_EVENTS:
            self.config_entry.async_create_background_task(
                self.hass, self.async_request_refresh(), name=f"{DOMAIN} evidence refresh"
            )
