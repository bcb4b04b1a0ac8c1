"""What the modulation routes accept: a direction (anything else means us) and 1-30 days."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..http.validation import Day, Fields, Int, Spec, Validator

DEFAULT_DAYS = 7
MIN_DAYS = 1
MAX_DAYS = 30


@dataclass(frozen=True, slots=True)
class Direction(Validator):
    """Downstream for "ds"; any other text means upstream, as upstream DOCSight treats it."""

    def __call__(self, value: Any) -> str:
        """Return "ds" or "us"."""
        return "ds" if value == "ds" else "us"

    def json_schema(self) -> dict[str, Any]:
        """Return a string schema that names the two meaningful values."""
        return {"type": "string", "examples": ["us", "ds"]}


_DIRECTION = Spec(
    Direction(), default="us", description="ds or us; any other value means us (as upstream)"
)
WINDOW_QUERY = Fields(
    {
        "days": Spec(
            Int(minimum=MIN_DAYS, maximum=MAX_DAYS, from_text=True),
            default=DEFAULT_DAYS,
            description=(
                f"Days back from now, {MIN_DAYS}-{MAX_DAYS} (upstream clamps a number outside;"
                " it is refused here, as on every route)"
            ),
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
