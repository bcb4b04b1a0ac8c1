"""What the LAN routes accept: device ids, status filters, time ranges and device changes.

The router applies these before a handler runs; a bad value is a 400 naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import voluptuous as vol

from ..http.validation import MAX_EPOCH, FieldError, Fields, PathId, Spec, Validator
from ..timeutil import parse_timestamp
from .device_settings import MAX_USER_DATA_BYTES
from .models import IMPORTANCE, Status

MAX_GRACE_S = 86400
MAX_NAME_CHARS = 128
MAX_KEY_CHARS = 64
DEFAULT_WINDOW_S = 7 * 86400
STATUSES = tuple(status.value for status in Status)


def _alternatives(choices: Sequence[str]) -> str:
    return ", ".join(choices[:-1]) + " or " + choices[-1] if len(choices) > 1 else choices[0]


@dataclass(frozen=True, slots=True)
class Choice(Validator):
    """One of a few words ("must be A or B"); `upper` accepts any letter case."""

    choices: Sequence[str]
    upper: bool = False

    def __call__(self, value: Any) -> str:
        """Return the chosen word."""
        word = value.strip().upper() if self.upper and isinstance(value, str) else value
        if not isinstance(word, str) or word not in self.choices:
            raise vol.Invalid(f"must be {_alternatives(self.choices)}")
        return word

    def json_schema(self) -> dict[str, Any]:
        """Return the enum schema."""
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True, slots=True)
class Moment(Validator):
    """A query time: ISO 8601 (UTC when naive) or epoch seconds, from 1970 to the year 9999."""

    from_text: bool = True

    def __call__(self, value: Any) -> int:
        """Return epoch seconds."""
        raw = str(value).strip()
        try:
            seconds = int(float(raw))
        except (ValueError, OverflowError):
            try:
                seconds = parse_timestamp(raw)
            except (ValueError, OverflowError) as err:
                raise vol.Invalid("must be an ISO 8601 time or epoch seconds") from err
        if not 0 <= seconds <= MAX_EPOCH:
            raise vol.Invalid(f"must be between 0 and {MAX_EPOCH} epoch seconds (the year 9999)")
        return seconds

    def json_schema(self) -> dict[str, Any]:
        """Return a string schema (either form is text in a query)."""
        return {"type": "string", "description": "ISO 8601 (UTC when naive) or epoch seconds"}


@dataclass(frozen=True, slots=True)
class DisplayName(Validator):
    """The user's name for a device: stripped text, or null/empty to clear it."""

    def __call__(self, value: Any) -> str | None:
        """Return the stripped name, or None to clear it."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise vol.Invalid("must be a string or null")
        name = value.strip()
        if len(name) > MAX_NAME_CHARS:
            raise vol.Invalid(f"must be at most {MAX_NAME_CHARS} characters")
        return name or None

    def json_schema(self) -> dict[str, Any]:
        """Return a nullable string schema."""
        return {"type": ["string", "null"], "maxLength": MAX_NAME_CHARS}


@dataclass(frozen=True, slots=True)
class GracePeriod(Validator):
    """Seconds of silence before a device is DOWN, or null for the global setting."""

    def __call__(self, value: Any) -> int | None:
        """Return the seconds, or None."""
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise vol.Invalid("must be an integer number of seconds or null")
        if not 0 <= value <= MAX_GRACE_S:
            raise vol.Invalid(f"must be between 0 and {MAX_GRACE_S}")
        return int(value)

    def json_schema(self) -> dict[str, Any]:
        """Return a nullable bounded integer schema."""
        return {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_GRACE_S}


@dataclass(frozen=True, slots=True)
class UserDataPatch(Validator):
    """A merge patch of user_data: an object with short keys; its `name` is the display_name."""

    def __call__(self, value: Any) -> dict[str, Any]:
        """Return the patch."""
        if not isinstance(value, dict):
            raise vol.Invalid("must be a JSON object")
        if any(not key or len(key) > MAX_KEY_CHARS for key in value):
            raise vol.Invalid(f"keys must have 1 to {MAX_KEY_CHARS} characters")
        name = value.get("name")
        if name is not None and (not isinstance(name, str) or len(name.strip()) > MAX_NAME_CHARS):
            raise vol.Invalid(
                f"name is the display_name: a string of at most {MAX_NAME_CHARS} characters or null"
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        """Return an object schema with bounded keys."""
        return {
            "type": "object",
            "propertyNames": {"minLength": 1, "maxLength": MAX_KEY_CHARS},
        }


DEVICE_ID = PathId(not_found="Device not found")

_PATCH_SPECS = {
    "display_name": Spec(
        DisplayName(),
        description="The user's name (kept as user_data.name); null or empty clears it",
    ),
    "importance": Spec(
        Choice(IMPORTANCE), description="VITAL devices raise down/up and RTD issue events"
    ),
    "down_grace_s": Spec(
        GracePeriod(),
        description="Seconds of silence before DOWN; null = the lan_down_grace_s setting",
    ),
    "user_data": Spec(
        UserDataPatch(),
        description="Merged into the stored object (null removes a key); at most "
        f"{MAX_USER_DATA_BYTES} bytes as JSON",
    ),
}
DEVICE_PATCH = Fields(
    _PATCH_SPECS,
    min_fields=1,
    empty_message=f"Nothing to change; fields: {', '.join(_PATCH_SPECS)}",
)

STATUS_FILTER = Fields(
    {
        "status": Spec(
            Choice(STATUSES, upper=True),
            description="Only devices with this status (any letter case)",
        )
    },
    ignore_unknown=True,
)

TIME_RANGE = Fields(
    {
        "from": Spec(
            Moment(),
            description="ISO 8601 (UTC when naive) or epoch seconds; default: 7 days before to",
        ),
        "to": Spec(
            Moment(), description="ISO 8601 (UTC when naive) or epoch seconds; default: now"
        ),
    },
    ignore_unknown=True,
)


def time_range(query: Mapping[str, Any], now: int) -> tuple[int, int]:
    """Return [from, to] of a validated TIME_RANGE query (defaults filled in) or FieldError."""
    end: int = query.get("to", now)
    start: int = query.get("from", max(0, end - DEFAULT_WINDOW_S))
    if start > end:
        raise FieldError("from must not be after to")
    return start, end
