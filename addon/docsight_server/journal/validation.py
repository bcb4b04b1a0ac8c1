"""What the journal routes accept: entries, incidents, id lists, filters and import rows.

The router applies these before a handler runs; a bad value is a 400 naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import voluptuous as vol

from ..http.validation import (
    MAX_ID,
    MAX_QUERY_INT,
    Bool,
    Day,
    FieldError,
    Fields,
    Int,
    OneOf,
    PathId,
    Spec,
    Validator,
    Verbatim,
)

MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 10_000
MAX_INCIDENT_DESCRIPTION_CHARS = 5_000
MAX_ICON_CHARS = 32
MAX_SEARCH_CHARS = 200
MAX_IDS = 5_000
MAX_IMPORT_ROWS = 10_000
DEFAULT_LIMIT = 100
MAX_LIMIT = 1_000
STATUSES = ("open", "resolved", "escalated")
#: Dates outside these years are typing errors (and the day after the last must exist).
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(9998, 12, 31)
EXPORT_FORMATS = ("csv", "json", "md")
DELETE_ALL_CONFIRMATION = "DELETE_ALL"

ENTRY_ID = PathId(not_found="Journal entry not found")
INCIDENT_ID = PathId(not_found="Incident not found")
ATTACHMENT_ID = PathId(not_found="Attachment not found")


def _checked_text(value: Any, max_length: int) -> str:
    if not isinstance(value, str):
        raise vol.Invalid("must be a string")
    text = value.strip()
    if len(text) > max_length:
        raise vol.Invalid(f"must be at most {max_length} characters")
    if "\x00" in text:
        raise vol.Invalid("must not contain NUL characters")
    return text


@dataclass(frozen=True, slots=True)
class Text(Validator):
    """Text, stripped, from min_length to max_length characters (no NUL)."""

    max_length: int
    min_length: int = 0

    def __call__(self, value: Any) -> str:
        """Return the stripped text."""
        text = _checked_text(value, self.max_length)
        if len(text) < self.min_length:
            raise vol.Invalid("is required" if self.min_length == 1 else "is too short")
        return text

    def json_schema(self) -> dict[str, Any]:
        """Return the string schema."""
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.min_length:
            schema["minLength"] = self.min_length
        return schema


@dataclass(frozen=True, slots=True)
class OptionalText(Validator):
    """Text up to max_length characters, stripped; null or blank gives `blank`."""

    max_length: int
    blank: str | None = None

    def __call__(self, value: Any) -> str | None:
        """Return the stripped text, or `blank`."""
        if value is None:
            return self.blank
        return _checked_text(value, self.max_length) or self.blank

    def json_schema(self) -> dict[str, Any]:
        """Return a nullable string schema."""
        return {"type": ["string", "null"], "maxLength": self.max_length}


@dataclass(frozen=True, slots=True)
class CalendarDate(Validator):
    """A real calendar date written YYYY-MM-DD (kept as that text); null allowed when asked."""

    allow_null: bool = False

    def __call__(self, value: Any) -> str | None:
        """Return the date text."""
        if value is None and self.allow_null:
            return None
        day: date = Day()(value)
        if not FIRST_DATE <= day <= LAST_DATE:
            raise vol.Invalid(f"must be a date from {FIRST_DATE} to {LAST_DATE}")
        return day.isoformat()

    def json_schema(self) -> dict[str, Any]:
        """Return a date string schema."""
        kind: Any = ["string", "null"] if self.allow_null else "string"
        return {
            "type": kind,
            "format": "date",
            "description": f"YYYY-MM-DD, {FIRST_DATE} to {LAST_DATE}",
        }


@dataclass(frozen=True, slots=True)
class OptionalId(Validator):
    """A row id, or null."""

    def __call__(self, value: Any) -> int | None:
        """Return the id or None."""
        return None if value is None else int(Int(minimum=1, maximum=MAX_ID)(value))

    def json_schema(self) -> dict[str, Any]:
        """Return a nullable id schema."""
        return {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID}


@dataclass(frozen=True, slots=True)
class IdList(Validator):
    """A list of 1 to MAX_IDS row ids (repeats count once)."""

    def __call__(self, value: Any) -> list[int]:
        """Return the distinct ids in their first order."""
        if not isinstance(value, list) or not value:
            raise vol.Invalid("must be a non-empty list of ids")
        if len(value) > MAX_IDS:
            raise vol.Invalid(f"must hold at most {MAX_IDS} ids")
        check = Int(minimum=1, maximum=MAX_ID)
        try:
            ids = [check(item) for item in value]
        except vol.Invalid as err:
            raise vol.Invalid(f"must hold ids from 1 to {MAX_ID}") from err
        return list(dict.fromkeys(ids))

    def json_schema(self) -> dict[str, Any]:
        """Return the array schema."""
        return {
            "type": "array",
            "items": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "minItems": 1,
            "maxItems": MAX_IDS,
        }


_ENTRY_SPECS = {
    "date": Spec(CalendarDate(), required=True, description="Local calendar date YYYY-MM-DD"),
    "title": Spec(Text(MAX_TITLE_CHARS, min_length=1), required=True),
    "description": Spec(OptionalText(MAX_DESCRIPTION_CHARS, blank="")),
    "icon": Spec(OptionalText(MAX_ICON_CHARS), description="A short symbol or name; null: none"),
    "incident_id": Spec(OptionalId(), description="An existing incident, or null"),
}
NEW_ENTRY = Fields(_ENTRY_SPECS)
ENTRY_CHANGES = Fields(
    {name: replace(spec, required=False) for name, spec in _ENTRY_SPECS.items()},
    min_fields=1,
    empty_message=f"Nothing to change; fields: {', '.join(_ENTRY_SPECS)}",
)

_INCIDENT_ID_FILTER = Spec(
    Int(minimum=0, maximum=MAX_ID, from_text=True),
    description="Only the entries of this incident; 0: entries in no incident",
)
LIST_QUERY = Fields(
    {
        "limit": Spec(
            Int(minimum=1, maximum=MAX_LIMIT, from_text=True),
            default=DEFAULT_LIMIT,
            description=f"Entries per page, 1 to {MAX_LIMIT}",
        ),
        "offset": Spec(Int(minimum=0, maximum=MAX_QUERY_INT, from_text=True), default=0),
        "search": Spec(
            Text(MAX_SEARCH_CHARS), description="Text in the title or description (any case)"
        ),
        "incident_id": _INCIDENT_ID_FILTER,
    },
    ignore_unknown=True,
)
EXPORT_QUERY = Fields(
    {
        "format": Spec(OneOf(EXPORT_FORMATS), default="csv", description="csv, json or md"),
        "from": Spec(CalendarDate(), description="First date (YYYY-MM-DD)"),
        "to": Spec(CalendarDate(), description="Last date (YYYY-MM-DD)"),
        "incident_id": _INCIDENT_ID_FILTER,
    },
    ignore_unknown=True,
)
BATCH_DELETE = Fields(
    {
        "ids": Spec(IdList(), description="The entries to delete"),
        "all": Spec(Bool(), description="Delete every entry (with confirm)"),
        "confirm": Spec(Text(32), description=f"Must be {DELETE_ALL_CONFIRMATION} with all: true"),
    }
)
ENTRY_IDS = Fields({"entry_ids": Spec(IdList(), required=True)})

_IMPORT_ROW = Fields(
    {name: _ENTRY_SPECS[name] for name in ("date", "title", "description")},
    ignore_unknown=True,
)


@dataclass(frozen=True, slots=True)
class ImportRows(Validator):
    """The rows of an import: 1 to MAX_IMPORT_ROWS objects checked like a new entry."""

    def __call__(self, value: Any) -> list[dict[str, Any]]:
        """Return the checked rows; a bad row is named by its position (1 = first)."""
        if not isinstance(value, list) or not value:
            raise vol.Invalid("must be a non-empty list of {date, title, description}")
        if len(value) > MAX_IMPORT_ROWS:
            raise vol.Invalid(f"must hold at most {MAX_IMPORT_ROWS} rows")
        rows = []
        for number, row in enumerate(value, 1):
            if not isinstance(row, dict):
                raise Verbatim(f"Row {number}: must be an object with date, title, description")
            try:
                rows.append(_IMPORT_ROW.validate(row))
            except FieldError as err:
                raise Verbatim(f"Row {number}: {err.message}") from err
        return rows

    def json_schema(self) -> dict[str, Any]:
        """Return the array-of-rows schema."""
        return {
            "type": "array",
            "minItems": 1,
            "maxItems": MAX_IMPORT_ROWS,
            "items": _IMPORT_ROW.json_schema() | {"additionalProperties": True},
        }


IMPORT_CONFIRM = Fields({"rows": Spec(ImportRows(), required=True)})

_INCIDENT_SPECS = {
    "name": Spec(Text(MAX_TITLE_CHARS, min_length=1), required=True),
    "description": Spec(OptionalText(MAX_INCIDENT_DESCRIPTION_CHARS, blank="")),
    "status": Spec(OneOf(STATUSES), description="open (default), resolved or escalated"),
    "start_date": Spec(CalendarDate(allow_null=True), description="First local date"),
    "end_date": Spec(
        CalendarDate(allow_null=True), description="Last local date (needs a start_date)"
    ),
    "icon": _ENTRY_SPECS["icon"],
}
NEW_INCIDENT = Fields(_INCIDENT_SPECS)
INCIDENT_CHANGES = Fields(
    {name: replace(spec, required=False) for name, spec in _INCIDENT_SPECS.items()},
    min_fields=1,
    empty_message=f"Nothing to change; fields: {', '.join(_INCIDENT_SPECS)}",
)
INCIDENT_QUERY = Fields(
    {"status": Spec(OneOf(STATUSES), description="Only incidents with this status")},
    ignore_unknown=True,
)


def check_dates(start_date: str | None, end_date: str | None) -> None:
    """Refuse an end_date without a start_date or before it (FieldError)."""
    if end_date is None:
        return
    if start_date is None:
        raise FieldError("end_date needs a start_date")
    if end_date < start_date:
        raise FieldError("end_date must not be before start_date")
