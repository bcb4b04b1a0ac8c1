"""What the modulation routes accept: a direction (anything else means us) and clamped days."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import voluptuous as vol

from ..http.validation import Day, Fields, Spec, Validator

DEFAULT_DAYS = 7
MIN_DAYS = 1
MAX_DAYS = 30
#: Longer than any integer a caller means; int() of thousands of digits is slow.
MAX_DIGITS = 20


@dataclass(frozen=True, slots=True)
class Direction(Validator):
    """Downstream for "ds"; any other text means upstream, as upstream DOCSight treats it."""

    def __call__(self, value: Any) -> str:
        """Return "ds" or "us"."""
        return "ds" if value == "ds" else "us"

    def json_schema(self) -> dict[str, Any]:
        """Return a string schema that names the two meaningful values."""
        return {"type": "string", "examples": ["us", "ds"]}


@dataclass(frozen=True, slots=True)
class ClampedDays(Validator):
    """A whole number of days, brought into MIN_DAYS..MAX_DAYS (as upstream) rather than refused."""

    from_text: bool = True

    def __call__(self, value: Any) -> int:
        """Return the days, clamped."""
        text = value.strip() if isinstance(value, str) else ""
        digits = text.removeprefix("-").removeprefix("+")
        if not digits.isdigit() or not digits.isascii():
            raise vol.Invalid("must be a whole number of days")
        if len(digits) > MAX_DIGITS:
            return MIN_DAYS if text.startswith("-") else MAX_DAYS
        return min(MAX_DAYS, max(MIN_DAYS, int(text)))

    def json_schema(self) -> dict[str, Any]:
        """Return an integer schema (no bounds: values outside are clamped, not refused)."""
        return {"type": "integer"}


_DIRECTION = Spec(
    Direction(), default="us", description="ds or us; any other value means us (as upstream)"
)
WINDOW_QUERY = Fields(
    {
        "days": Spec(
            ClampedDays(),
            default=DEFAULT_DAYS,
            description=f"Days back from now; a number outside {MIN_DAYS}-{MAX_DAYS} is clamped",
        ),
        "direction": _DIRECTION,
    },
    ignore_unknown=True,
)
INTRADAY_QUERY = Fields(
    {
        "date": Spec(Day(), description="Local calendar day YYYY-MM-DD (default: today)"),
        "direction": _DIRECTION,
    },
    ignore_unknown=True,
)
