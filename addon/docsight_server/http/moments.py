"""Time inputs: an ISO 8601 moment in a query, checked and converted to epoch seconds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import voluptuous as vol

from ..timeutil import parse_timestamp
from .validation import MAX_EPOCH, Validator


@dataclass(frozen=True, slots=True)
class IsoTime(Validator):
    """An ISO 8601 moment (Z, an offset, or naive meaning UTC) as epoch seconds, 1970 to 9999."""

    from_text: bool = True
    max_length: int = 64

    def __call__(self, value: Any) -> int:
        """Return the epoch seconds."""
        if isinstance(value, str) and len(value) <= self.max_length:
            try:
                seconds = parse_timestamp(value)
            except (ValueError, OverflowError):
                pass
            else:
                if 0 <= seconds <= MAX_EPOCH:
                    return seconds
        raise vol.Invalid("must be an ISO 8601 time (1970-9999), e.g. 2026-03-10T14:30:00Z")

    def json_schema(self) -> dict[str, Any]:
        """Return a string schema with an example."""
        return {
            "type": "string",
            "format": "date-time",
            "maxLength": self.max_length,
            "examples": ["2026-03-10T14:30:00Z"],
        }
