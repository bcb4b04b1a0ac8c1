"""One poll's journey: analyse, baseline, detect events, store in one transaction, notify."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..analysis.analyzer import ANALYZER_SCHEMA, analyze
from ..analysis.baseline import apply_cumulative_error_baseline, apply_spike_suppression
from ..analysis.device_events import device_state_events
from ..analysis.events import EventDetector
from ..analysis.records import Event
from ..analysis.thresholds import PROFILE_REF, SPIKE_EXPIRY_HOURS
from ..storage.device_repo import load_device_state, save_device_state
from ..storage.retention import apply_retention
from ..storage.signal_repo import NewSnapshot

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)


@dataclass(slots=True)
class PollData:
    """What a driver delivered in one poll."""

    ts: int
    docsis: dict[str, Any]
    device_info: dict[str, Any]
    connection_info: dict[str, Any] | None = None
    extra_events: list[dict[str, Any]] = field(default_factory=list)


class SignalPipeline:
    """Turns driver output into stored history, events and live state."""

    def __init__(self, context: ServerContext, *, is_demo: bool = False) -> None:
        """Bind to the server; state is loaded from storage on the first poll."""
        self.context = context
        self.is_demo = is_demo
        self.detector = EventDetector(int(context.settings.get("health_hysteresis") or 0))
        self._previous: dict[str, Any] | None = None
        self._device_state: dict[str, Any] | None = None
        self._primed = False
        self._last_spike_ts: int | None = None

    async def prime(self) -> None:
        """Load the previous snapshot and device state so comparisons survive restarts."""
        if self._primed:
            return
        self._previous = await self.context.signal.latest()
        async with self.context.database.read() as connection:
            self._device_state = await load_device_state(connection)
        previous_id = self._previous["snapshot_id"] if self._previous else None
        self.detector.seed(self._previous, previous_id)
        self._last_spike_ts = await self.context.events.latest_ts("error_spike")
        self._primed = True

    def device_events(self, info: dict[str, Any]) -> list[Event]:
        """Return reboot / firmware / WAN address events for new device info."""
        return device_state_events(self._device_state, info)

    def _spike_age_hours(self, now: int) -> float | None:
        # After prime only this pipeline writes spikes, so the newest one is known without a query.
        last_spike = self._last_spike_ts
        return None if last_spike is None else max(0.0, (now - last_spike) / 3600)

    async def process(self, poll: PollData) -> dict[str, Any]:
        """Analyse and store one poll; return the analysis."""
        await self.prime()
        device_events = self.device_events(poll.device_info)
        analysis = analyze(poll.docsis)
        spike_age = self._spike_age_hours(poll.ts)
        spike_active = spike_age is not None and spike_age < SPIKE_EXPIRY_HOURS
        # Upstream scores the first poll on lifetime counters (often years of old errors) and
        # reports critical; a snapshot of itself as the previous one starts a fresh baseline.
        previous = self._previous or {"summary": {}, "ds_channels": analysis["ds_channels"]}
        apply_cumulative_error_baseline(analysis, previous, spike_active=spike_active)
        apply_spike_suppression(analysis, spike_age, SPIKE_EXPIRY_HOURS)
        meta = {
            "analyzer_schema": ANALYZER_SCHEMA,
            "app_version": _app_version(),
            "threshold_profile": dict(PROFILE_REF),
        }
        # the summary (error_baseline and spike_suppression included) goes to summary_json
        extras = {"analysis_meta": meta}
        context = self.context
        async with context.database.transaction() as connection:
            snapshot_id, ts = await context.signal.save(
                connection,
                NewSnapshot(poll.ts, analysis, extras, poll.docsis, is_demo=self.is_demo),
            )
            new_events: list[Mapping[str, Any]] = [
                *poll.extra_events,
                *device_events,
                *self.detector.check(analysis, snapshot_id),
            ]
            stored_events = await context.events.add(
                connection, ts, new_events, is_demo=self.is_demo
            )
            await save_device_state(connection, poll.device_info, poll.connection_info, ts)
            history_days = int(context.settings.get("history_days") or 0)
            await apply_retention(
                connection,
                context.signal,
                context.events,
                history_days,
                ts,
                context.registries.keep_windows,
            )
        if any(event["event_type"] == "error_spike" for event in new_events):
            self._last_spike_ts = ts
        self._previous = {**analysis, "snapshot_id": snapshot_id, "analysis_meta": meta}
        self._device_state = {**poll.device_info}
        self._publish(analysis, snapshot_id, ts, poll, stored_events)
        return analysis

    def _publish(
        self,
        analysis: dict[str, Any],
        snapshot_id: int,
        ts: int,
        poll: PollData,
        stored_events: list[dict[str, Any]],
    ) -> None:
        state = self.context.state
        state.analysis = analysis
        state.device_info = poll.device_info
        if poll.connection_info is not None:
            state.connection_info = poll.connection_info
        state.last_poll = float(ts)
        state.snapshot_id = snapshot_id
        hub = self.context.hub
        hub.publish(
            "snapshot", {"snapshot_id": snapshot_id, "ts": ts, "summary": analysis["summary"]}
        )
        for event in stored_events:
            hub.publish("event", event)


def _app_version() -> str:
    from .. import __version__

    return __version__
