"""Events from the modem's own state: firmware updates, reboots and WAN address changes."""

from __future__ import annotations

from typing import Any

from .records import Event, Record, make_event


def format_uptime(seconds: float | None) -> str:
    """Return an uptime as "Xd Yh Zm" (or "unknown" without a value)."""
    if seconds is None:
        return "unknown"
    total_minutes = max(int(seconds), 0) // 60
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    return f"{days}d {hours}h {minutes}m"


def _changed(old: Any, new: Any) -> bool:
    """Return whether a value changed; appearing or disappearing values do not count."""
    return bool(old) and bool(new) and old != new


def _ip_text(previous: Record, info: Record) -> str | None:
    """Describe a WAN address change, or return None when neither address changed."""
    old_v4, new_v4 = previous.get("wan_ipv4"), info.get("wan_ipv4")
    old_v6, new_v6 = previous.get("wan_ipv6"), info.get("wan_ipv6")
    v4, v6 = _changed(old_v4, new_v4), _changed(old_v6, new_v6)
    if v4 and v6:
        return f"WAN IPv4/v6: {old_v4} / {old_v6} → {new_v4} / {new_v6}"
    if v4:
        return f"WAN IPv4: {old_v4} → {new_v4}"
    if v6:
        return f"WAN IPv6: {old_v6} → {new_v6}"
    return None


def device_state_events(previous: Record | None, info: Record) -> list[Event]:
    """Compare the stored device state with fresh device info and return at most one event.

    Priority: a software version change (``device_sw_update``, info) wins over an uptime drop
    (``device_reboot``, warning), which wins over a bare WAN address change
    (``device_ip_change``, info). Nothing is emitted without a previous state, and a value
    that is missing on either side never counts as a change.
    """
    if previous is None:
        return []
    old_sw, new_sw = previous.get("sw_version"), info.get("sw_version")
    old_uptime, new_uptime = previous.get("uptime_seconds"), info.get("uptime_seconds")
    reason = info.get("reboot_reason")
    ip_text = _ip_text(previous, info)
    restart = {
        "reboot_reason": reason,
        "prior_uptime": old_uptime,
        "ip_changed": ip_text is not None,
    }

    prior = [f"Prior uptime: {format_uptime(old_uptime)}"] if old_uptime is not None else []
    suffix = ([ip_text] if ip_text else []) + ([f"Reason: {reason}"] if reason else [])

    if _changed(old_sw, new_sw):
        message = ", ".join([*prior, f"SW: {old_sw} → {new_sw}", *suffix])
        details = {"old_sw": old_sw, "new_sw": new_sw, **restart}
        return [make_event("info", "device_sw_update", message, details)]
    if old_uptime is not None and new_uptime is not None and new_uptime < old_uptime:
        return [make_event("warning", "device_reboot", ", ".join([*prior, *suffix]), restart)]
    if ip_text is not None:
        details = {
            "old_ipv4": previous.get("wan_ipv4"),
            "new_ipv4": info.get("wan_ipv4"),
            "old_ipv6": previous.get("wan_ipv6"),
            "new_ipv6": info.get("wan_ipv6"),
        }
        return [make_event("info", "device_ip_change", ip_text, details)]
    return []
