"""Response schemas of the reports routes."""

from __future__ import annotations

from ..http.schema import STRING, TIME_WINDOW, Reply, array, enum, obj
from .strings import LANGUAGES
from .validation import COMPARISON_CODES
from .window import WINDOW_CODES

COMPLAINT = obj(
    {"text": STRING, "lang": enum(LANGUAGES), "window": obj(TIME_WINDOW)},
    {"notes": array(STRING)},
)
#: A refused window: `code` says which rule (absent for other bad input, such as a long name).
WINDOW_ERROR = obj(
    {"error": STRING},
    {"code": enum([*WINDOW_CODES, *COMPARISON_CODES]), "field": STRING},
)
PDF_FILE = {"type": "string", "format": "binary"}
BUSY = obj({"error": STRING}, {"retry_after": {"type": "integer"}})


def pdf_reply(description: str, filename: str) -> Reply:
    """Return the documented PDF download answer."""
    return Reply(
        description,
        PDF_FILE,
        "application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
