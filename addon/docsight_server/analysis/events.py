"""Signal events found by comparing each new analysis with the previous one."""

from __future__ import annotations

from .counter_events import error_events, restart_events
from .event_common import number, summary_of
from .health import SUMMARY_RANK
from .lineup_events import channel_events, modulation_events
from .records import Event, Record, make_event
from .snr_events import snr_events

EVENT_TYPES: dict[str, str] = {
    "health_change": "Overall DOCSIS health got worse or recovered",
    "power_change": "Average downstream or upstream power shifted by more than 2 dBmV",
    "snr_change": "Downstream SNR/MER health of some channels got worse",
    "channel_change": "The number of downstream or upstream channels changed",
    "modulation_change": "Channels moved to a lower or higher modulation",
    "modem_restart_detected": "Error counters fell on most channels, as after a modem restart",
    "error_spike": "Uncorrectable errors rose by more than 1000 since the previous poll",
    "monitoring_started": "The first analysis after monitoring began",
    "monitoring_stopped": "Monitoring stopped (clean shutdown)",
    "device_sw_update": "The modem's software version changed",
    "device_reboot": "The modem's uptime went backwards: it rebooted",
    "device_ip_change": "The modem's WAN IPv4 or IPv6 address changed",
}

POWER_DELTA_DBMV = 2.0


def monitoring_stopped_event(reason: str) -> Event:
    """Return the info event recorded when monitoring stops cleanly."""
    return make_event(
        "info", "monitoring_stopped", f"Monitoring stopped ({reason})", {"reason": reason}
    )


def _health_event(previous: str, current: str) -> Event:
    """Return the health_change event for a confirmed transition."""
    if SUMMARY_RANK.get(current, 0) > SUMMARY_RANK.get(previous, 0):
        severity = "critical" if current == "critical" else "warning"
        message = f"Health changed from {previous} to {current}"
    else:
        severity = "info"
        message = f"Health recovered from {previous} to {current}"
    return make_event(severity, "health_change", message, {"prev": previous, "current": current})


def _power_events(current: Record, previous: Record) -> list[Event]:
    """Return power_change events for average power shifts above the threshold."""
    events = []
    for prefix, direction in (("ds", "downstream"), ("us", "upstream")):
        now = number(current.get(f"{prefix}_power_avg"))
        before = number(previous.get(f"{prefix}_power_avg"))
        if now is None or before is None or abs(now - before) <= POWER_DELTA_DBMV:
            continue
        message = f"{prefix.upper()} power avg shifted from {before} to {now} dBmV"
        details = {
            "direction": direction,
            "prev": before,
            "current": now,
            "threshold_delta": POWER_DELTA_DBMV,
        }
        events.append(make_event("warning", "power_change", message, details))
    return events


def _health(analysis: Record, default: str) -> str:
    """Return an analysis' summary health, or the default when it has none."""
    health: str = summary_of(analysis).get("health", default)
    return health


class EventDetector:
    """Compare consecutive analyses and return the events between them."""

    def __init__(self, hysteresis: int = 0) -> None:
        """Create a detector; with ``hysteresis`` >= 2 a new health must last that many polls."""
        self._hysteresis = max(0, int(hysteresis))
        self._previous: Record | None = None
        self._previous_id: int | None = None
        self._confirmed_health: str | None = None
        self._pending_health: str | None = None
        self._pending_count = 0

    def seed(self, previous: Record | None, previous_snapshot_id: int | None) -> None:
        """Start from a stored analysis (at collector start) so no monitoring_started follows.

        ``None`` leaves the detector untouched. Without an id, the analysis' own
        ``snapshot_id`` is used when it has one.
        """
        if not previous:
            return
        if previous_snapshot_id is None:
            previous_snapshot_id = previous.get("snapshot_id")
        self._previous = previous
        self._previous_id = previous_snapshot_id
        self._confirmed_health = None
        if self._hysteresis >= 2:
            self._confirmed_health = _health(previous, "good")
        self._pending_health = None
        self._pending_count = 0

    def check(self, analysis: Record, snapshot_id: int | None) -> list[Event]:
        """Return the events between the previous analysis and this one, then remember it.

        Without a previous analysis the only event is ``monitoring_started``. Event order:
        health, power, snr, channels, modulation, restart, errors. Every event's details get
        ``snapshot_id``/``previous_snapshot_id`` when known.
        """
        previous, previous_id = self._previous, self._previous_id
        self._previous, self._previous_id = analysis, snapshot_id
        if previous is None:
            health = _health(analysis, "unknown")
            message = f"Monitoring started (Health: {health})"
            events = [make_event("info", "monitoring_started", message, {"health": health})]
        else:
            events = [
                *self._health_events(analysis, previous),
                *_power_events(summary_of(analysis), summary_of(previous)),
                *snr_events(analysis, previous),
                *channel_events(analysis, previous),
                *modulation_events(analysis, previous),
                *restart_events(analysis, previous),
                *error_events(analysis, previous),
            ]
        for event in events:
            if snapshot_id is not None:
                event["details"].setdefault("snapshot_id", snapshot_id)
            if previous_id is not None:
                event["details"].setdefault("previous_snapshot_id", previous_id)
        return events

    def _health_events(self, analysis: Record, previous: Record) -> list[Event]:
        """Return a health_change event, applying hysteresis when configured."""
        current = _health(analysis, "good")
        before = _health(previous, "good")
        if self._hysteresis < 2:
            return [] if current == before else [_health_event(before, current)]
        if self._confirmed_health is None:
            self._confirmed_health = before
        if current == self._confirmed_health:
            self._pending_health, self._pending_count = None, 0
            return []
        if current == self._pending_health:
            self._pending_count += 1
        else:
            self._pending_health, self._pending_count = current, 1
        if self._pending_count < self._hysteresis:
            return []
        event = _health_event(self._confirmed_health, current)
        self._confirmed_health, self._pending_health, self._pending_count = current, None, 0
        return [event]
