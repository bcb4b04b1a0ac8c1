"""Event-log entries for LAN devices (details carry the Domotz webhook fields)."""

from __future__ import annotations

from typing import Any

from .models import Change, Device, HistoryType
from .rtd import RtdIssue

LAN_EVENT_TYPES: dict[str, str] = {
    "lan_device_new": "A device appeared on the LAN for the first time",
    "lan_device_down": "A vital LAN device stayed unreachable for its whole grace period",
    "lan_device_up": "A vital LAN device is reachable again",
    "lan_device_ip_change": "A LAN device's IP addresses changed",
    "lan_rtd_issue_detected": "A vital LAN device's round-trip delay or loss crossed a threshold",
    "lan_rtd_issue_resolved": "A vital LAN device's round-trip delay and loss are normal again",
}


def _label(device: Device) -> str:
    ip = device.ip_addresses[0] if device.ip_addresses else "no IP"
    name = device.display_name
    return f"{name} ({device.mac})" if name == ip else f"{name} ({ip}, {device.mac})"


def _base(device: Device) -> dict[str, Any]:
    return {"device_id": device.id, "mac": device.mac, "ip_addresses": list(device.ip_addresses)}


def change_event(change: Change) -> dict[str, Any] | None:
    """Return the event for a device change, or None (status of FLOATING devices is not news)."""
    device = change.device
    if change.kind is HistoryType.CREATED:
        return {
            "severity": "info",
            "event_type": "lan_device_new",
            "message": f"New LAN device: {_label(device)}"
            + (f", {device.vendor}" if device.vendor else ""),
            "details": {**_base(device), "vendor": device.vendor},
        }
    if change.kind is HistoryType.IP_CHANGE:
        return {
            "severity": "info",
            "event_type": "lan_device_ip_change",
            "message": f"LAN device {device.display_name} ({device.mac}) changed IP: "
            f"{', '.join(change.old_ip) or '-'} -> {', '.join(change.new_ip) or '-'}",
            "details": {
                **_base(device),
                "old_ip_addresses": list(change.old_ip),
                "value": list(change.new_ip),
            },
        }
    if device.importance != "VITAL":
        return None
    if change.kind is HistoryType.DOWN:
        return {
            "severity": "warning",
            "event_type": "lan_device_down",
            "message": f"LAN device down: {_label(device)}",
            "details": {**_base(device), "value": "DOWN", "last_seen": device.last_seen},
        }
    return {
        "severity": "info",
        "event_type": "lan_device_up",
        "message": f"LAN device up again: {_label(device)}",
        "details": {**_base(device), "value": "UP"},
    }


def rtd_event(issue: RtdIssue, device: Device) -> dict[str, Any] | None:
    """Return the event for an RTD issue of a VITAL device, else None."""
    if device.importance != "VITAL":
        return None
    bucket = issue.bucket
    latency = round(bucket.median_ms or 0.0, 3)
    loss = round(bucket.loss_pct, 1)
    details = {
        **_base(device),
        "status": "RTD_ISSUE_DETECTED" if issue.detected else "RTD_ISSUE_RESOLVED",
        "threshold": {
            "latency": issue.latency_threshold_ms,
            "packet_loss_percentage": issue.loss_threshold_pct,
        },
        "value": {"latency": latency, "packet_loss_percentage": loss},
        "bucket_start": bucket.ts,
    }
    if issue.detected:
        return {
            "severity": "warning",
            "event_type": "lan_rtd_issue_detected",
            "message": f"Round-trip delay issue on {_label(device)}: median {latency} ms, "
            f"loss {loss} %",
            "details": details,
        }
    return {
        "severity": "info",
        "event_type": "lan_rtd_issue_resolved",
        "message": f"Round-trip delay normal again on {_label(device)}: median {latency} ms, "
        f"loss {loss} %",
        "details": details,
    }
