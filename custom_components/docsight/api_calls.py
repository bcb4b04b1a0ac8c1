"""The add-on routes the client calls: method, OpenAPI path template and query parameters.

A contract test checks this table against the add-on's OpenAPI document.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Any
from urllib.parse import quote


class ApiCall(Enum):
    """Every route the client calls: method, OpenAPI path template and query parameters.

    Add-ons older than a route answer 404 for it: the actions that need it say "update the
    add-on", the entities that need it are left out.
    """

    INSTANCE = ("GET", "/api/instance")
    CHANNELS = ("GET", "/api/channels")
    DEVICE = ("GET", "/api/device")
    CONNECTION = ("GET", "/api/connection")
    GAMING_SCORE = ("GET", "/api/gaming-score")
    COLLECTORS = ("GET", "/api/collectors/status")
    MONITOR_TARGETS = ("GET", "/api/connection-monitor/targets")
    MONITOR_SUMMARY = ("GET", "/api/connection-monitor/summary")
    LAN_DEVICES = ("GET", "/api/lan/devices")
    DRIVERS = ("GET", "/api/drivers")
    EVENTS = (
        "GET",
        "/api/events",
        ("limit", "offset", "severity", "event_type", "acknowledged", "exclude_operational"),
    )
    EVENT_COUNT = (
        "GET",
        "/api/events/count",
        ("since", "severity", "acknowledged", "exclude_operational"),
    )
    POLL = ("POST", "/api/poll")
    ACKNOWLEDGE_ALL = ("POST", "/api/events/acknowledge-all")
    ACKNOWLEDGE = ("POST", "/api/events/{event_id}/acknowledge")
    CHANNEL_HISTORY = (
        "GET",
        "/api/channel-history",
        ("selector", "channel_id", "direction", "range", "days"),
    )
    STREAM = ("GET", "/api/stream")
    LOGIN_PAGE = ("GET", "/login")
    LOGIN = ("POST", "/login")
    CREATE_TOKEN = ("POST", "/api/tokens")
    HEALTH = ("GET", "/health")
    COMPARISON = ("GET", "/api/comparison", ("from_a", "to_a", "from_b", "to_b"))
    JOURNAL = ("POST", "/api/journal")
    REPORT = ("GET", "/api/report", ("days", "from", "to"))
    INCIDENTS = ("GET", "/api/incidents")
    MONITOR_OUTAGES = ("GET", "/api/connection-monitor/outages/{target_id}", ("start", "end"))
    MODEM_CAPTURE = ("POST", "/api/modem/capture")

    def __init__(self, method: str, path: str, query: tuple[str, ...] = ()) -> None:
        """Unpack a member's definition."""
        self.method = method
        self.path = path
        self.query = query

    def url_path(self, **path_params: int | str) -> str:
        """Return the path with its {placeholders} filled in."""
        return self.path.format_map({k: quote(str(v), safe="") for k, v in path_params.items()})

    def query_params(self, params: Mapping[str, Any]) -> dict[str, str]:
        """Return the query of a call as text, leaving out None; refuse undeclared names."""
        if unknown := set(params) - set(self.query):
            raise ValueError(f"{self.method} {self.path} takes no {sorted(unknown)}")
        return {key: str(value) for key, value in params.items() if value is not None}
