"""What GET /api/evidence/checklist accepts: an incident id, or a from/to pair, not both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..http.moments import IsoTime
from ..http.validation import MAX_ID, FieldError, Fields, Int, Spec

CHECKLIST_QUERY = Fields(
    {
        "incident_id": Spec(
            Int(minimum=1, maximum=MAX_ID, from_text=True),
            description="The incident whose local start_date 00:00 to end_date 24:00 (until now "
            "while open; its newest 90 days at most) is the window; its journal is the entries "
            "assigned to it. Not with from/to",
        ),
        "from": Spec(
            IsoTime(),
            description="Window start (ISO 8601; Z or an offset; naive means UTC); needs to",
        ),
        "to": Spec(IsoTime(), description="Window end, inclusive; needs from"),
    },
    ignore_unknown=True,
)


def checklist_form(query: Mapping[str, Any]) -> int | tuple[int, int]:
    """Return the incident id or (from, to); FieldError (a 400) for any other mix."""
    incident_id: int | None = query.get("incident_id")
    start: int | None = query.get("from")
    end: int | None = query.get("to")
    ranged = start is not None or end is not None
    if incident_id is not None and ranged:
        raise FieldError("Choose incident_id or from/to, not both")
    if incident_id is not None:
        return incident_id
    if not ranged:
        raise FieldError("incident_id or from and to are required")
    if start is None or end is None:
        raise FieldError("from and to are required together")
    if start > end:
        raise FieldError("from must not be after to")
    return start, end
