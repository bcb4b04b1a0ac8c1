"""Connection-monitor events: outage, recovery and packet loss above the warning level."""

from __future__ import annotations

from typing import Any

UNREACHABLE = "cm_target_unreachable"
RECOVERED = "cm_target_recovered"
PACKET_LOSS = "cm_packet_loss_warning"

#: Entries for analysis.events.EVENT_TYPES (the coordinator merges them there).
EVENT_TYPES: dict[str, str] = {
    UNREACHABLE: "A connection-monitor target stopped answering (consecutive timeouts)",
    RECOVERED: "A connection-monitor target answers again after an outage",
    PACKET_LOSS: "Packet loss to a connection-monitor target over the last minute is too high",
}


def unreachable_event(
    target_id: int, host: str, timeouts: int, threshold: int, since: float
) -> dict[str, Any]:
    """Return the critical event of an outage that has just begun."""
    return {
        "severity": "critical",
        "event_type": UNREACHABLE,
        "message": f"Target {target_id} unreachable: {timeouts} consecutive timeouts",
        "details": {
            "target_id": target_id,
            "host": host,
            "consecutive_timeouts": timeouts,
            "threshold": threshold,
            "outage_start": round(since, 3),
        },
    }


def recovered_event(
    target_id: int, host: str, since: float, until: float, timeouts: int
) -> dict[str, Any]:
    """Return the info event of the first answer after an outage."""
    duration = max(until - since, 0.0)
    return {
        "severity": "info",
        "event_type": RECOVERED,
        "message": f"Target {target_id} reachable again after {duration:.0f} s",
        "details": {
            "target_id": target_id,
            "host": host,
            "outage_start": round(since, 3),
            "outage_end": round(until, 3),
            "duration_seconds": round(duration, 3),
            "timeout_count": timeouts,
        },
    }


def packet_loss_event(
    target_id: int, host: str, loss_pct: float, threshold_pct: float, window_s: int, probes: int
) -> dict[str, Any]:
    """Return the warning event of packet loss at or above the warning level."""
    return {
        "severity": "warning",
        "event_type": PACKET_LOSS,
        "message": f"Target {target_id} packet loss {loss_pct:.1f}% over the last {window_s} s",
        "details": {
            "target_id": target_id,
            "host": host,
            "packet_loss_pct": round(loss_pct, 2),
            "threshold_pct": threshold_pct,
            "window_seconds": window_s,
            "probe_count": probes,
        },
    }
