"""The time window of a report or complaint letter: `days`, or `from` + `to` with a timezone.

Upstream's rules (§2.12 Reports): `days` defaults to 7 and is clamped to 1-90; `from` and `to`
are ISO 8601 with Z or an offset, `to` after `from` and at most 90 days later (the period rules
GET /api/comparison shares, from analysis/period_compare.py). Every refusal carries a stable `code`
(and the `field` it is about) so clients can react without parsing the message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ..analysis.period_compare import MAX_PERIOD_DAYS, period_problem
from ..http.validation import MAX_EPOCH

DEFAULT_DAYS = 7
MAX_DAYS = MAX_PERIOD_DAYS
DAY_S = 86400
#: Digits beyond this are clamped without being parsed (int() of a huge string is slow).
_MAX_DIGITS = 6
_WHOLE = re.compile(r"[+-]?\d+")

WINDOW_CODES = (
    "window_ambiguous_mode",
    "window_bounds_required",
    "window_invalid_timestamp",
    "window_timezone_required",
    "window_invalid_order",
    "window_too_large",
    "window_invalid_days",
)


class WindowError(ValueError):
    """A window the request cannot have: a message, a `window_*` code and maybe the field."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        """Keep the code, message and field."""
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def details(self) -> dict[str, str]:
        """Return what the error body carries besides the message: code and field."""
        body = {"code": self.code}
        if self.field is not None:
            body["field"] = self.field
        return body


@dataclass(frozen=True, slots=True)
class Window:
    """An inclusive window in epoch seconds."""

    start: int
    end: int


def parse_days(text: str) -> int:
    """Return `days` clamped to 1-90; WindowError window_invalid_days unless a whole number."""
    value = text.strip()
    if not _WHOLE.fullmatch(value):
        raise WindowError("window_invalid_days", "days must be a whole number", "days")
    negative = value.startswith("-")
    digits = value.lstrip("+-").lstrip("0")
    if len(digits) > _MAX_DIGITS:
        return 1 if negative else MAX_DAYS
    return min(max(int(value), 1), MAX_DAYS)


def parse_moment(text: str, field: str, prefix: str = "window") -> int:
    """Return epoch seconds of an ISO 8601 time that names its timezone (Z or an offset)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as err:
        raise WindowError(
            f"{prefix}_invalid_timestamp", f"{field} must be an ISO 8601 time", field
        ) from err
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise WindowError(
            f"{prefix}_timezone_required",
            f"{field} must name its timezone (Z or an offset such as +01:00)",
            field,
        )
    seconds = int(parsed.timestamp())
    if not 0 <= seconds <= MAX_EPOCH:
        raise WindowError(
            f"{prefix}_invalid_timestamp", f"{field} must lie between 1970 and the year 9999", field
        )
    return seconds


def _given(query: Mapping[str, str], name: str) -> str | None:
    value = query.get(name)
    return value if value is not None and value.strip() else None


def parse_window(query: Mapping[str, str], now: int) -> Window:
    """Return the window a request asks for; WindowError says what is wrong with it."""
    days, start_text, end_text = (_given(query, name) for name in ("days", "from", "to"))
    if days is not None and (start_text is not None or end_text is not None):
        raise WindowError("window_ambiguous_mode", "Give either days or from and to, not both")
    if start_text is None and end_text is None:
        count = DEFAULT_DAYS if days is None else parse_days(days)
        return Window(now - count * DAY_S, now)
    if start_text is None or end_text is None:
        missing = "from" if start_text is None else "to"
        raise WindowError("window_bounds_required", "from and to must be given together", missing)
    return checked_period(parse_moment(start_text, "from"), parse_moment(end_text, "to"))


def checked_period(
    start: int, end: int, start_name: str = "from", end_name: str = "to", prefix: str = "window"
) -> Window:
    """Return [start, end] as a Window when it obeys the shared period rules (analysis/
    period_compare.py); WindowError `<prefix>_invalid_order` / `_too_large` naming end_name."""
    problem = period_problem(start, end, start_name, end_name)
    if problem is not None:
        raise WindowError(f"{prefix}_{problem[0]}", problem[1], end_name)
    return Window(start, end)
