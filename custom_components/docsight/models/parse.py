"""Readers for JSON values: each returns the typed value or None, or raises for required parts.

Numbers that are not JSON numbers (text, booleans) count as missing; a required object or array
of the wrong kind raises TypeError, which the client reports as an unexpected answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def number(value: Any) -> float | None:
    """Return a JSON number as float (None for null and anything else)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def integer(value: Any) -> int | None:
    """Return a JSON number as int (None for null and anything else)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def text(value: Any) -> str | None:
    """Return a JSON string, or a number as text (None for null and anything else)."""
    if isinstance(value, str):
        return value
    return None if number(value) is None else str(value)


def flag(value: Any) -> bool | None:
    """Return a JSON boolean, also given as 0 or 1 (None for null and anything else)."""
    if isinstance(value, bool):
        return value
    return bool(value) if value in (0, 1) else None


def mapping(value: Any) -> Mapping[str, Any]:
    """Return a JSON object, or raise TypeError."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def items(value: Any) -> list[Mapping[str, Any]]:
    """Return the objects of a JSON array ([] for null), or raise TypeError."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {type(value).__name__}")
    return [mapping(item) for item in value]


def texts(value: Any) -> tuple[str, ...]:
    """Return the strings of a JSON array (other items, and anything but an array, are left out)."""
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def json_object(value: Any) -> dict[str, Any] | None:
    """Return a free-form JSON object as a dict (None for anything else)."""
    return dict(value) if isinstance(value, Mapping) else None


def epoch(value: Any) -> datetime | None:
    """Return a UTC time from whole epoch seconds (None for null, 0 and anything else)."""
    seconds = integer(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def iso_time(value: Any) -> datetime | None:
    """Return a time from ISO 8601 text such as 2025-01-01T00:00:00Z (None if it is not one)."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
