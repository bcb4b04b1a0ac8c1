"""What GET /api/comparison accepts: four ISO 8601 bounds, two periods of at most 90 days."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..http.moments import IsoTime
from ..http.validation import FieldError, Fields, Spec

#: The longest period compared (the report's window limit): 8,640 quarter-hour snapshots.
MAX_PERIOD_DAYS = 90
BOUNDS = ("from_a", "to_a", "from_b", "to_b")
_DESCRIPTIONS = {
    "from_a": "Start of period A, the 'before' (ISO 8601; Z or an offset; naive means UTC)",
    "to_a": f"End of period A (inclusive; at most {MAX_PERIOD_DAYS} days after from_a)",
    "from_b": "Start of period B, the 'after' (ISO 8601; Z or an offset; naive means UTC)",
    "to_b": f"End of period B (inclusive; at most {MAX_PERIOD_DAYS} days after from_b)",
}

COMPARISON_QUERY = Fields(
    {name: Spec(IsoTime(), required=True, description=_DESCRIPTIONS[name]) for name in BOUNDS},
    ignore_unknown=True,
)

Period = tuple[int, int]


def _period(query: Mapping[str, Any], label: str) -> Period:
    start: int = query[f"from_{label}"]
    end: int = query[f"to_{label}"]
    if start > end:
        raise FieldError(f"from_{label} must not be after to_{label}")
    if end - start > MAX_PERIOD_DAYS * 86400:
        raise FieldError(f"Period {label.upper()} is longer than {MAX_PERIOD_DAYS} days")
    return start, end


def periods(query: Mapping[str, Any]) -> tuple[Period, Period]:
    """Return periods A and B of a validated query, or FieldError (a 400) naming the bad one."""
    return _period(query, "a"), _period(query, "b")
