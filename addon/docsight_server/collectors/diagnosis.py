"""What a failed modem read tells the user: the message, its kind, the page and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from ..drivers.base import UnexpectedPageError, last_page, note_page
from ..drivers.errors_kind import error_kind

#: What to do about a page no parser can read: the file lets a driver learn the firmware.
CAPTURE_HINT = (
    "Capture the modem's pages with the 'Capture modem pages' button under Settings or the "
    "docsight.capture_modem_pages action and attach the file to a bug report"
)


__all__ = ["CAPTURE_HINT", "Diagnosis", "diagnose", "last_page", "note_page"]


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A failure in words: message, machine-readable kind, the unreadable page and a hint."""

    message: str
    kind: str
    page: str = ""
    hint: str = ""


def diagnose(err: BaseException) -> Diagnosis:
    """Return the user-facing diagnosis of a failure."""
    if isinstance(err, UnexpectedPageError):
        return Diagnosis(err.in_words(), error_kind(err), err.page, CAPTURE_HINT)
    return Diagnosis(f"{type(err).__name__}: {err}", error_kind(err))
