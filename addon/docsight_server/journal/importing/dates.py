"""The date forms an imported journal accepts, and the year context that day-month dates need.

Accepted: ISO ``YYYY-MM-DD`` (a time after it is ignored), ``DD.MM.YYYY`` / ``D.M.YY`` (a
two-digit year means 20YY), ``DD.MM.`` (year from context), and ranges of these joined by
a hyphen, an en dash or an em dash (the start date counts; ``DD.MM.-DD.MM.YYYY`` takes its
year from the end).
A time of day after a full date ("03.01.2025 18:30") is ignored. Month header rows
("Januar 2025", "März 2025" or "Maerz 2025") give day-month dates below them their year.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DASH = r"\s*[-–—]\s*"
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")
_DAY_MONTH = r"(\d{1,2})\.(\d{1,2})\."
_TIME = r"(?:,?\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*Uhr)?)?"
_FULL = re.compile(_DAY_MONTH + r"(\d{4}|\d{2})" + _TIME)
_SHORT = re.compile(_DAY_MONTH)
_SHORT_RANGE = re.compile(_DAY_MONTH + _DASH + _DAY_MONTH)
_RANGE_TO_FULL = re.compile(_DAY_MONTH + _DASH + _DAY_MONTH + r"(\d{4}|\d{2})")
_FULL_RANGE = re.compile(_DAY_MONTH + r"(\d{4}|\d{2})" + _DASH + r"\d{1,2}\.\d{1,2}\.(?:\d{2,4})?")
_ISO_RANGE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})" + _DASH + r"\d{4}-\d{1,2}-\d{1,2}")


@dataclass(frozen=True)
class DatePattern:
    """What a date text says: day and month, and the year when the text names one."""

    day: int
    month: int
    year: int | None


def _full_year(text: str) -> int:
    """A year as written; two digits mean 20YY."""
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def read_date_pattern(text: str) -> DatePattern | None:
    """The day, month and (if written) year of a date text, or None when it is no date form."""
    text = text.strip()
    if not text[:1].isdigit():
        return None
    if match := _ISO.fullmatch(text) or _ISO_RANGE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups()[:3])
        return DatePattern(day, month, year)
    if match := _FULL.fullmatch(text) or _FULL_RANGE.fullmatch(text):
        return DatePattern(int(match[1]), int(match[2]), _full_year(match[3]))
    if match := _RANGE_TO_FULL.fullmatch(text):
        start_month, end_month, end_year = int(match[2]), int(match[4]), _full_year(match[5])
        year = end_year - 1 if start_month > end_month else end_year
        return DatePattern(int(match[1]), start_month, year)
    if match := _SHORT.fullmatch(text) or _SHORT_RANGE.fullmatch(text):
        return DatePattern(int(match[1]), int(match[2]), None)
    return None


def looks_like_date(text: str) -> bool:
    """True when the text has one of the accepted date forms (the calendar is not checked)."""
    return read_date_pattern(text) is not None


def calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when it does not exist (31.02.) or lies outside years 1900-2999."""
    if not 1900 <= year <= 2999:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class YearContext:
    """Supplies the year for day-month dates, from month headers or the rows above.

    A month lower than the previous row's month means the year turned over (Dezember 2024,
    then 03.01. → 2025-01-03). Without any context the current year is assumed.
    """

    def __init__(self, fallback_year: int) -> None:
        self._year = fallback_year
        self._month: int | None = None

    def enter_month(self, year: int, month: int) -> None:
        """A month header row ("Januar 2025") sets the year and month for the rows below it."""
        self._year, self._month = year, month

    def date_for(self, pattern: DatePattern) -> dt.date | None:
        """The row's calendar date (None if it does not exist); a real date becomes the context."""
        if pattern.year is not None:
            year = pattern.year
        elif self._month is not None and pattern.month < self._month:
            year = self._year + 1
        else:
            year = self._year
        date = calendar_date(year, pattern.month, pattern.day)
        if date is not None:
            self._year, self._month = date.year, date.month
        return date


_MONTHS = {
    "januar": 1,
    "jänner": 1,
    "februar": 2,
    "märz": 3,
    "maerz": 3,
    "marz": 3,
    "april": 4,
    "mai": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "dezember": 12,
}
_MONTH_HEADER = re.compile(r"([a-zäöü]+)\s+(\d{4})")


def month_header(cells: list[str]) -> tuple[int, int] | None:
    """(year, month) when the row's first filled cell is a German month header ("März 2025")."""
    first = next((cell.strip() for cell in cells if cell.strip()), "")
    match = _MONTH_HEADER.fullmatch(first.casefold())
    if match is None or match[1] not in _MONTHS:
        return None
    return int(match[2]), _MONTHS[match[1]]
