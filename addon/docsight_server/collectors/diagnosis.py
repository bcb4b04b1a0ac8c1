"""What a failed modem read tells the user: the message, its kind, the page and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from ..drivers.base import UnexpectedPageError
from ..drivers.errors_kind import error_kind

#: What to do about a page no parser can read: the file lets a driver learn the firmware.
CAPTURE_HINT = (
    "Capture the modem's pages with the 'Capture modem pages' button or the "
    "docsight.capture_modem_pages action and attach the file to a bug report"
)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """A failure in words: message, machine-readable kind, the unreadable page and a hint."""

    message: str
    kind: str
    page: str = ""
    hint: str = ""


def last_page(driver: object) -> str:
    """Return the path of the last page the driver's transport read ("" when unknown)."""
    return str(getattr(getattr(driver, "http", None), "last_path", "") or "")


def note_page(err: UnexpectedPageError, driver: object) -> None:
    """Name the page on an error that does not name it yet (call before the driver logs out)."""
    if not err.page:
        err.page = last_page(driver)


def diagnose(err: BaseException) -> Diagnosis:
    """Return the user-facing diagnosis of a failure."""
    if isinstance(err, UnexpectedPageError):
        return Diagnosis(err.in_words(), error_kind(err), err.page, CAPTURE_HINT)
    return Diagnosis(f"{type(err).__name__}: {err}", error_kind(err))
