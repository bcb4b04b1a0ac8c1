"""What the report routes accept. The window and comparison fields arrive as text: their
rules (and `window_*` error codes) live in window.py, so a bad value gets its code."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..http.validation import Fields, PathId, Spec, Str
from .window import MAX_DAYS, Window, WindowError, checked_period, parse_moment

MAX_NAME = 200
MAX_NUMBER = 100
MAX_ADDRESS = 1024
COMPARISON_FIELDS = ("comparison_from_a", "comparison_to_a", "comparison_from_b", "comparison_to_b")
COMPARISON_CODES = (
    "comparison_incomplete",
    "comparison_invalid_timestamp",
    "comparison_timezone_required",
    "comparison_invalid_order",
    "comparison_too_large",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_ISO = "ISO 8601 with Z or an offset, e.g. 2026-03-01T00:00:00Z"
WINDOW_SPECS = {
    "days": Spec(
        Str(max_length=200),
        description=f"Days back from now: default 7, clamped to 1-{MAX_DAYS}; not with from/to",
    ),
    "from": Spec(Str(max_length=64), description=f"Window start ({_ISO}); needs to"),
    "to": Spec(
        Str(max_length=64),
        description=f"Window end ({_ISO}); after from, at most {MAX_DAYS} days later",
    ),
}
LETTER_SPECS = {
    "lang": Spec(Str(max_length=35), description="en or de (default en; any other is en)"),
    "name": Spec(
        Str(max_length=MAX_NAME),
        description="Customer name (default: the report_customer_name setting)",
    ),
    "number": Spec(
        Str(max_length=MAX_NUMBER),
        description="Customer number (default: the report_customer_number setting)",
    ),
    "address": Spec(
        Str(max_length=MAX_ADDRESS),
        description="Postal address (default: the report_customer_address setting)",
    ),
}
COMPARISON_SPECS = {
    name: Spec(
        Str(max_length=64),
        description=f"Before/after comparison bound ({_ISO}); give all four or none. Each "
        f"period's to must be after its from, at most {MAX_DAYS} days later",
    )
    for name in COMPARISON_FIELDS
}
_BNETZ = (
    "Accepted for compatibility and ignored: this add-on has no BNetzA measurements (yet), so "
    "the letter has no BNetzA section"
)
BNETZ_SPECS = {
    "include_bnetz": Spec(Str(max_length=16), description=_BNETZ),
    "bnetz_id": Spec(Str(max_length=20), description=_BNETZ),
}

REPORT_QUERY = Fields({**WINDOW_SPECS, **LETTER_SPECS, **COMPARISON_SPECS}, ignore_unknown=True)
COMPLAINT_QUERY = Fields(
    {**WINDOW_SPECS, **LETTER_SPECS, **COMPARISON_SPECS, **BNETZ_SPECS}, ignore_unknown=True
)
INCIDENT_REPORT_QUERY = Fields(LETTER_SPECS, ignore_unknown=True)
INCIDENT_ID = PathId(not_found="Incident not found")


def customer_fields(query: Mapping[str, str]) -> dict[str, str]:
    """Return name, number and address as given (control characters removed)."""
    return {key: _CONTROL.sub("", query.get(key) or "") for key in ("name", "number", "address")}


def comparison_windows(query: Mapping[str, str]) -> tuple[Window, Window] | None:
    """Return periods A and B of a before/after comparison, None when none was asked for."""
    given = {name: value for name in COMPARISON_FIELDS if (value := query.get(name))}
    if not given:
        return None
    missing = [name for name in COMPARISON_FIELDS if name not in given]
    if missing:
        raise WindowError(
            "comparison_incomplete",
            "Give all four of comparison_from_a, comparison_to_a, comparison_from_b and "
            "comparison_to_b, or none",
            missing[0],
        )
    moments = {name: parse_moment(text, name, "comparison") for name, text in given.items()}
    first, second = (
        checked_period(
            moments[f"comparison_from_{suffix}"],
            moments[f"comparison_to_{suffix}"],
            f"comparison_from_{suffix}",
            f"comparison_to_{suffix}",
            "comparison",
        )
        for suffix in ("a", "b")
    )
    return first, second
