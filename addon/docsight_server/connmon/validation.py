"""What the connection-monitor routes accept: target fields, host names, pins, query ranges."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any

import voluptuous as vol

from ..http.validation import MAX_QUERY_INT, Bool, Day, Epoch, Fields, Int, OneOf, Spec, Validator
from .rollup import RESOLUTIONS, TIERS
from .service import PROBE_METHODS

MIN_INTERVAL_MS = 1000
MAX_INTERVAL_MS = 3_600_000
MAX_LABEL = 100
MAX_HOST = 253
#: A pinned timestamp beyond this (the year 2242) is no day that could ever be pinned.
MAX_PIN_EPOCH = 2**33
DEFAULT_SAMPLE_LIMIT = 10_000
DEFAULT_TRACE_LIMIT = 100
MAX_TRACE_LIMIT = 1000
EXPORT_RESOLUTIONS = ("raw", *TIERS)
EXPORT_FORMATS = ("csv", "pinglog")
_HOST_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def is_host(host: str) -> bool:
    """Return True for an IP literal (IPv6 with an optional zone) or a resolvable-form name."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        zone = host.partition("%")[2]
        return len(host) <= MAX_HOST and (not zone or _HOST_LABEL.match(zone) is not None)
    name = host.removesuffix(".")
    return 0 < len(name) <= MAX_HOST and all(_HOST_LABEL.match(part) for part in name.split("."))


@dataclass(frozen=True, slots=True)
class Label(Validator):
    """A target's name: a non-empty string of at most MAX_LABEL characters, stripped."""

    def __call__(self, value: Any) -> str:
        """Return the stripped label."""
        if not isinstance(value, str) or not value.strip():
            raise vol.Invalid("is required and must be a non-empty string")
        label = value.strip()
        if len(label) > MAX_LABEL:
            raise vol.Invalid(f"must be at most {MAX_LABEL} characters")
        return label

    def json_schema(self) -> dict[str, Any]:
        """Return a non-empty string schema."""
        return {"type": "string", "minLength": 1, "maxLength": MAX_LABEL}


@dataclass(frozen=True, slots=True)
class Host(Validator):
    """A host name or IP address to probe; empty (or null) means none (the target is off)."""

    def __call__(self, value: Any) -> str:
        """Return the stripped host ("" for none)."""
        if value is None:
            return ""
        if not isinstance(value, str):
            raise vol.Invalid("must be a string")
        host = value.strip()
        if host and not is_host(host):
            raise vol.Invalid("must be a host name or an IP address")
        return host

    def json_schema(self) -> dict[str, Any]:
        """Return a nullable string schema."""
        return {"type": ["string", "null"], "maxLength": MAX_HOST}


@dataclass(frozen=True, slots=True)
class Note(Validator):
    """An optional short text (null means none), stripped."""

    max_length: int = MAX_LABEL

    def __call__(self, value: Any) -> str:
        """Return the stripped text ("" for null)."""
        if value is None:
            return ""
        if not isinstance(value, str) or len(value) > self.max_length:
            raise vol.Invalid(f"must be a string of at most {self.max_length} characters")
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        """Return a nullable string schema."""
        return {"type": ["string", "null"], "maxLength": self.max_length}


@dataclass(frozen=True, slots=True)
class PinTimestamp(Validator):
    """Epoch seconds inside the day to pin (0 to MAX_PIN_EPOCH)."""

    def __call__(self, value: Any) -> float:
        """Return the epoch seconds."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise vol.Invalid("must be epoch seconds")
        if not 0 <= value <= MAX_PIN_EPOCH:  # NaN fails this too
            raise vol.Invalid(f"must be epoch seconds between 0 and {MAX_PIN_EPOCH}")
        return float(value)

    def json_schema(self) -> dict[str, Any]:
        """Return a bounded number schema."""
        return {"type": "number", "minimum": 0, "maximum": MAX_PIN_EPOCH}


_TARGET_SPECS = {
    "label": Spec(Label()),
    "host": Spec(Host(), description="Host name or IP address; empty = disabled"),
    "poll_interval_ms": Spec(
        Int(MIN_INTERVAL_MS, MAX_INTERVAL_MS),
        description="Default: the connection_monitor_poll_interval_ms setting",
    ),
    "probe_method": Spec(OneOf(PROBE_METHODS)),
    "tcp_port": Spec(Int(1, 65535), description="Default: the connection_monitor_tcp_port setting"),
}
TARGET_CREATE = Fields(
    {
        **_TARGET_SPECS,
        "label": Spec(Label(), required=True),
        "probe_method": Spec(OneOf(PROBE_METHODS), default="auto"),
    }
)
TARGET_UPDATE = Fields({**_TARGET_SPECS, "enabled": Spec(Bool())}, min_fields=1)
PIN = Fields(
    {
        "date": Spec(Day(), description="The local day to pin (or give timestamp)"),
        "timestamp": Spec(PinTimestamp(), description="Epoch seconds inside the day to pin"),
        "label": Spec(Note()),
    }
)

_RANGE = {
    "start": Spec(Epoch(from_text=True), description="Epoch seconds"),
    "end": Spec(Epoch(from_text=True), description="Epoch seconds (400 if before start)"),
}
RANGE = Fields(_RANGE, ignore_unknown=True)
SAMPLES_QUERY = Fields(
    {
        **_RANGE,
        "resolution": Spec(OneOf(RESOLUTIONS), default="auto"),
        "limit": Spec(
            Int(minimum=0, maximum=MAX_QUERY_INT, from_text=True),
            default=DEFAULT_SAMPLE_LIMIT,
            description="0 = all",
        ),
        "max_points": Spec(
            Int(minimum=1, maximum=MAX_QUERY_INT, from_text=True), description="Re-bucket to this"
        ),
    },
    ignore_unknown=True,
)
OUTAGES_QUERY = Fields(
    {
        **_RANGE,
        "threshold": Spec(
            Int(minimum=1, maximum=MAX_QUERY_INT, from_text=True),
            description="Consecutive timeouts; default connection_monitor_outage_threshold",
        ),
    },
    ignore_unknown=True,
)
EXPORT_QUERY = Fields(
    {
        "format": Spec(OneOf(EXPORT_FORMATS), default="csv"),
        "resolution": Spec(OneOf(EXPORT_RESOLUTIONS), default="raw"),
        **_RANGE,
    },
    ignore_unknown=True,
)
TRACES_QUERY = Fields(
    {
        **_RANGE,
        "limit": Spec(
            Int(minimum=1, maximum=MAX_TRACE_LIMIT, from_text=True),
            default=DEFAULT_TRACE_LIMIT,
            description=f"1 to {MAX_TRACE_LIMIT}",
        ),
    },
    ignore_unknown=True,
)
