"""What the signal routes accept: snapshot times, channel lists, modem URLs and query fields.

The router applies these before a handler runs; a bad value is a 400 naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import voluptuous as vol

from ..analysis.windows import LEGACY_DAYS, RANGES
from ..http.validation import Day, Int, OneOf, Spec, Str, Validator
from ..timeutil import parse_timestamp

MAX_URL_CHARS = 300
MAX_LIST_CHARS = 10_000
MAX_WORD_CHARS = 64
DEFAULT_HISTORY_DAYS = 7
MAX_HISTORY_DAYS = 90
EXAMPLE_MODEM_URL = "http://192.168.100.1"
SEVERITIES = ("info", "warning", "critical")
_ONE_SEVERITY = f"(?:{'|'.join(SEVERITIES)})"
#: One severity or several separated by commas, nothing else (no blanks, no empty items).
SEVERITY_LIST = re.compile(f"{_ONE_SEVERITY}(?:,{_ONE_SEVERITY})*")


@dataclass(frozen=True, slots=True)
class SnapshotTime(Validator):
    """An ISO 8601 time in a path (Z, an offset, or naive meaning UTC) as epoch seconds."""

    from_text: bool = True

    def __call__(self, value: Any) -> int:
        """Return the epoch seconds."""
        if isinstance(value, str) and len(value) <= MAX_WORD_CHARS:
            try:
                return parse_timestamp(value)
            except ValueError:
                pass
        raise vol.Invalid("must be ISO 8601, e.g. 2026-03-10T14:30:00Z")

    def json_schema(self) -> dict[str, Any]:
        """Return a date-time string schema."""
        return {"type": "string", "maxLength": MAX_WORD_CHARS, "examples": ["2026-03-10T14:30:00Z"]}


@dataclass(frozen=True, slots=True)
class CommaList(Validator):
    """Comma-separated items (blanks dropped); `integers` requires whole numbers."""

    integers: bool = False

    def __call__(self, value: Any) -> list[str]:
        """Return the items in order."""
        if not isinstance(value, str) or len(value) > MAX_LIST_CHARS:
            raise vol.Invalid(f"must be a comma-separated list of at most {MAX_LIST_CHARS} chars")
        items = [item.strip() for item in value.split(",") if item.strip()]
        if self.integers and not all(_is_integer(item) for item in items):
            raise vol.Invalid("must be integers separated by commas")
        return items

    def json_schema(self) -> dict[str, Any]:
        """Return a string schema."""
        return {"type": "string", "maxLength": MAX_LIST_CHARS}


def _is_integer(text: str) -> bool:
    try:
        int(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class Severities(Validator):
    """One event severity or several, comma-separated (`warning,critical`), as a tuple."""

    def __call__(self, value: Any) -> tuple[str, ...]:
        """Return the severities in the given order, each once."""
        if (
            not isinstance(value, str)
            or len(value) > MAX_WORD_CHARS
            or not SEVERITY_LIST.fullmatch(value)
        ):
            raise vol.Invalid(
                f"must be {', '.join(SEVERITIES)} or several of them, comma-separated"
            )
        return tuple(dict.fromkeys(value.split(",")))

    def json_schema(self) -> dict[str, Any]:
        """Return a string schema whose pattern accepts exactly what the validator does."""
        return {
            "type": "string",
            "maxLength": MAX_WORD_CHARS,
            "pattern": f"^{SEVERITY_LIST.pattern}$",
            "examples": ["warning,critical"],
        }


@dataclass(frozen=True, slots=True)
class ModemAddress(Validator):
    """A modem URL or bare host; converts to the base URLs to probe (a bare host: http, https)."""

    def __call__(self, value: Any) -> list[str]:
        """Return the base URLs to try, in order."""
        if not isinstance(value, str) or not value.strip():
            raise vol.Invalid(f"is required (for example {EXAMPLE_MODEM_URL})")
        text = value.strip()
        if len(text) > MAX_URL_CHARS:
            raise vol.Invalid(f"is longer than {MAX_URL_CHARS} characters")
        bare = "://" not in text
        parts = urlsplit(f"http://{text}" if bare else text)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise vol.Invalid("must be http:// or https:// with a host")
        try:
            parts.port  # noqa: B018 - raises for a bad port
        except ValueError as err:
            raise vol.Invalid("has an invalid port") from err
        base = f"{parts.scheme}://{parts.netloc}"
        return [base, f"https://{parts.netloc}"] if bare else [base]

    def json_schema(self) -> dict[str, Any]:
        """Return a URL string schema."""
        return {"type": "string", "maxLength": MAX_URL_CHARS, "examples": [EXAMPLE_MODEM_URL]}


@dataclass(frozen=True, slots=True)
class Word(Validator):
    """A short word whose allowed values the handler checks (to keep upstream's messages)."""

    choices: Sequence[str] = ()

    def __call__(self, value: Any) -> str:
        """Return the stripped word."""
        if not isinstance(value, str) or len(value) > MAX_WORD_CHARS:
            raise vol.Invalid(f"must be a string of at most {MAX_WORD_CHARS} characters")
        return value.strip()

    def json_schema(self) -> dict[str, Any]:
        """Return the string schema with its allowed values."""
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True, slots=True)
class CalendarDay(Validator):
    """A calendar date written YYYY-MM-DD (kept as text)."""

    def __call__(self, value: Any) -> str:
        """Return the date text."""
        try:
            return Day()(value).isoformat()
        except vol.Invalid as err:
            raise vol.Invalid("must be YYYY-MM-DD") from err

    def json_schema(self) -> dict[str, Any]:
        """Return a date string schema."""
        return Day().json_schema()


DIRECTION = Spec(OneOf(("ds", "us")), default="ds", description="ds (default) or us")
ROLLING_RANGE = Spec(Word(tuple(RANGES)), description="Rolling window (else `days`)")
TREND_RANGE = Spec(
    Word((*RANGES, *LEGACY_DAYS)),
    default="1d",
    description="Rolling range or legacy view",
    keep_blank=True,  # `range=` is refused, as upstream does
)
DAYS = Spec(
    Int(minimum=1, maximum=MAX_HISTORY_DAYS, from_text=True),
    default=DEFAULT_HISTORY_DAYS,
    description=f"Legacy window in days, 1 to {MAX_HISTORY_DAYS}",
)
SELECTOR = Spec(Str(max_length=MAX_WORD_CHARS), description="Channel selector from /api/channels")
