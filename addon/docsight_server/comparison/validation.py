"""What GET /api/comparison accepts: four ISO 8601 bounds, two periods of at most 90 days.

The order and size rules are analysis/period_compare.py's, shared with the reports; only the
time zone rule differs (upstream's contract here: a time without an offset is UTC).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..analysis.period_compare import MAX_PERIOD_DAYS, period_problem
from ..http.moments import IsoTime
from ..http.validation import FieldError, Fields, Spec

BOUNDS = ("from_a", "to_a", "from_b", "to_b")
_DESCRIPTIONS = {
    "from_a": "Start of period A, the 'before' (ISO 8601; Z or an offset; naive means UTC)",
    "to_a": f"End of period A (inclusive; after from_a, at most {MAX_PERIOD_DAYS} days)",
    "from_b": "Start of period B, the 'after' (ISO 8601; Z or an offset; naive means UTC)",
    "to_b": f"End of period B (inclusive; after from_b, at most {MAX_PERIOD_DAYS} days)",
}

COMPARISON_QUERY = Fields(
    {name: Spec(IsoTime(), required=True, description=_DESCRIPTIONS[name]) for name in BOUNDS},
    ignore_unknown=True,
)

Period = tuple[int, int]


def _period(query: Mapping[str, Any], label: str) -> Period:
    start: int = query[f"from_{label}"]
    end: int = query[f"to_{label}"]
    problem = period_problem(start, end, f"from_{label}", f"to_{label}")
    if problem is not None:
        raise FieldError(problem[1])
    return start, end


def periods(query: Mapping[str, Any]) -> tuple[Period, Period]:
    """Return periods A and B of a validated query, or FieldError (a 400) naming the bad one."""
    return _period(query, "a"), _period(query, "b")
