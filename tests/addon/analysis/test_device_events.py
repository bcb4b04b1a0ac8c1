"""Device-state events: software updates, reboots and WAN address changes."""

from __future__ import annotations

import pytest

from docsight_server.analysis.device_events import device_state_events, format_uptime


def state(**changes: object) -> dict:
    """Return a device state with sensible defaults, overridden by changes."""
    base: dict = {
        "uptime_seconds": 93780,
        "sw_version": "v1",
        "wan_ipv4": "203.0.113.5",
        "wan_ipv6": "2001:db8::5",
        "reboot_reason": None,
    }
    return base | changes


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (93780, "1d 2h 3m"),
        (7200, "0d 2h 0m"),
        (59, "0d 0h 0m"),
        (0, "0d 0h 0m"),
        (86400 * 12 + 61, "12d 0h 1m"),
        (7200.9, "0d 2h 0m"),
        (None, "unknown"),
    ],
)
def test_format_uptime(seconds: float | None, text: str) -> None:
    """Uptime reads as days, hours and minutes."""
    assert format_uptime(seconds) == text


def test_no_events_without_previous_state() -> None:
    """The first poll only records the state."""
    assert device_state_events(None, state()) == []


def test_no_events_when_nothing_changed() -> None:
    """Growing uptime with the same version and addresses is quiet."""
    assert device_state_events(state(), state(uptime_seconds=94000)) == []


def test_software_update() -> None:
    """A new software version is an info event with prior uptime and reason."""
    events = device_state_events(
        state(), state(sw_version="v2", uptime_seconds=60, reboot_reason="firmware upgrade")
    )
    assert events == [
        {
            "severity": "info",
            "event_type": "device_sw_update",
            "message": "Prior uptime: 1d 2h 3m, SW: v1 → v2, Reason: firmware upgrade",
            "details": {
                "old_sw": "v1",
                "new_sw": "v2",
                "reboot_reason": "firmware upgrade",
                "prior_uptime": 93780,
                "ip_changed": False,
            },
        }
    ]


def test_software_update_mentions_an_address_change_and_wins_over_reboot() -> None:
    """Only one event: the update, whose message also carries the IP change."""
    events = device_state_events(
        state(), state(sw_version="v2", uptime_seconds=60, wan_ipv4="198.51.100.7")
    )
    assert len(events) == 1
    assert events[0]["event_type"] == "device_sw_update"
    assert events[0]["message"] == (
        "Prior uptime: 1d 2h 3m, SW: v1 → v2, WAN IPv4: 203.0.113.5 → 198.51.100.7"
    )
    assert events[0]["details"]["ip_changed"] is True


def test_software_update_without_known_uptime() -> None:
    """Without a prior uptime the message starts with the version change."""
    events = device_state_events(state(uptime_seconds=None), state(sw_version="v2"))
    assert events[0]["message"] == "SW: v1 → v2"
    assert events[0]["details"]["prior_uptime"] is None


def test_reboot() -> None:
    """Uptime going backwards is a warning with the prior uptime and the reason."""
    events = device_state_events(
        state(uptime_seconds=7200), state(uptime_seconds=30, reboot_reason="Power on")
    )
    assert events == [
        {
            "severity": "warning",
            "event_type": "device_reboot",
            "message": "Prior uptime: 0d 2h 0m, Reason: Power on",
            "details": {"reboot_reason": "Power on", "prior_uptime": 7200, "ip_changed": False},
        }
    ]


def test_reboot_without_reason() -> None:
    """Without a reason the message is just the prior uptime."""
    events = device_state_events(state(uptime_seconds=7200), state(uptime_seconds=30))
    assert events[0]["message"] == "Prior uptime: 0d 2h 0m"
    assert events[0]["details"]["reboot_reason"] is None


def test_reboot_with_both_addresses_changed() -> None:
    """A reboot that brought new addresses says so, and the IP change is not repeated."""
    events = device_state_events(
        state(uptime_seconds=7200),
        state(uptime_seconds=30, wan_ipv4="198.51.100.7", wan_ipv6="2001:db8::7"),
    )
    assert [event["event_type"] for event in events] == ["device_reboot"]
    assert events[0]["message"] == (
        "Prior uptime: 0d 2h 0m, "
        "WAN IPv4/v6: 203.0.113.5 / 2001:db8::5 → 198.51.100.7 / 2001:db8::7"
    )
    assert events[0]["details"]["ip_changed"] is True


@pytest.mark.parametrize(("before", "after"), [(7200, 7200), (7200, None), (None, 30)])
def test_no_reboot_without_a_known_drop(before: int | None, after: int | None) -> None:
    """Equal or unknown uptimes are not a reboot."""
    assert device_state_events(state(uptime_seconds=before), state(uptime_seconds=after)) == []


def test_ipv4_change() -> None:
    """A bare WAN IPv4 change is an info event with old and new addresses."""
    events = device_state_events(state(), state(uptime_seconds=94000, wan_ipv4="198.51.100.7"))
    assert events == [
        {
            "severity": "info",
            "event_type": "device_ip_change",
            "message": "WAN IPv4: 203.0.113.5 → 198.51.100.7",
            "details": {
                "old_ipv4": "203.0.113.5",
                "new_ipv4": "198.51.100.7",
                "old_ipv6": "2001:db8::5",
                "new_ipv6": "2001:db8::5",
            },
        }
    ]


def test_ipv6_change() -> None:
    """A bare WAN IPv6 change names the v6 addresses."""
    events = device_state_events(state(), state(wan_ipv6="2001:db8::9"))
    assert events[0]["message"] == "WAN IPv6: 2001:db8::5 → 2001:db8::9"


@pytest.mark.parametrize("field", ["wan_ipv4", "wan_ipv6", "sw_version"])
def test_values_appearing_or_vanishing_are_not_changes(field: str) -> None:
    """A value missing on either side never counts as a change."""
    assert device_state_events(state(**{field: None}), state()) == []
    assert device_state_events(state(), state(**{field: None})) == []
