"""Date forms of the journal import, checked at their edges with hand-computed dates."""

from __future__ import annotations

import datetime as dt

import pytest

from docsight_server.journal.importing.dates import (
    DatePattern,
    YearContext,
    month_header,
    read_date_pattern,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-03", DatePattern(3, 1, 2025)),
        ("2025-1-3", DatePattern(3, 1, 2025)),
        ("2025-01-03T18:30:00Z", DatePattern(3, 1, 2025)),
        ("03.01.2025", DatePattern(3, 1, 2025)),
        ("3.1.2025", DatePattern(3, 1, 2025)),
        ("3.1.25", DatePattern(3, 1, 2025)),
        ("31.12.99", DatePattern(31, 12, 2099)),
        ("01.01.00", DatePattern(1, 1, 2000)),
        ("03.01.2025 18:30", DatePattern(3, 1, 2025)),
        ("  03.01.  ", DatePattern(3, 1, None)),
        ("01.02. – 05.02.", DatePattern(1, 2, None)),
        ("01.02.-05.02.", DatePattern(1, 2, None)),
        ("01.02.—05.02.", DatePattern(1, 2, None)),
        ("01.02.–05.02.2025", DatePattern(1, 2, 2025)),
        ("28.12. – 02.01.2025", DatePattern(28, 12, 2024)),
        ("28.12.-02.01.25", DatePattern(28, 12, 2024)),
        ("30.12.2024 – 02.01.2025", DatePattern(30, 12, 2024)),
        ("2025-02-01 – 2025-02-05", DatePattern(1, 2, 2025)),
        ("31.02.2025", DatePattern(31, 2, 2025)),
    ],
)
def test_accepted_forms(text: str, expected: DatePattern) -> None:
    """Every documented form reads as day, month and (when written) year."""
    assert read_date_pattern(text) == expected


@pytest.mark.parametrize(
    "text", ["", "12.5", "03.01", "Montag", "2025/01/03", "1.2.3.4", "03.01.202"]
)
def test_other_texts_are_no_dates(text: str) -> None:
    """Decimal numbers, a day-month without its closing dot and words are not dates."""
    assert read_date_pattern(text) is None


def test_month_header_rolls_over_into_next_year() -> None:
    """Dezember 2024, then 03.01. → 2025-01-03, and the next 15.01. stays in 2025."""
    context = YearContext(fallback_year=1999)
    context.enter_month(2024, 12)
    assert context.date_for(DatePattern(30, 12, None)) == dt.date(2024, 12, 30)
    assert context.date_for(DatePattern(3, 1, None)) == dt.date(2025, 1, 3)
    assert context.date_for(DatePattern(15, 1, None)) == dt.date(2025, 1, 15)


def test_full_date_gives_the_context_without_header() -> None:
    """Without a header the previous dated row decides: 01.12.2024, then 03.01. is 2025."""
    context = YearContext(fallback_year=1999)
    assert context.date_for(DatePattern(1, 12, 2024)) == dt.date(2024, 12, 1)
    assert context.date_for(DatePattern(3, 1, None)) == dt.date(2025, 1, 3)


def test_same_month_does_not_roll_over() -> None:
    """A later day in the same month (or an earlier one) keeps the year: only lower months roll."""
    context = YearContext(fallback_year=1999)
    context.enter_month(2025, 3)
    assert context.date_for(DatePattern(31, 3, None)) == dt.date(2025, 3, 31)
    assert context.date_for(DatePattern(1, 3, None)) == dt.date(2025, 3, 1)


def test_impossible_date_is_none_and_leaves_context() -> None:
    """31.02. does not exist; it neither resolves nor moves the context to February."""
    context = YearContext(fallback_year=1999)
    context.enter_month(2025, 1)
    assert context.date_for(DatePattern(31, 2, None)) is None
    assert context.date_for(DatePattern(20, 1, None)) == dt.date(2025, 1, 20)


def test_leap_days() -> None:
    """29.02. exists in 2024 and not in 2025."""
    context = YearContext(fallback_year=1999)
    assert context.date_for(DatePattern(29, 2, 2024)) == dt.date(2024, 2, 29)
    assert context.date_for(DatePattern(29, 2, 2025)) is None


def test_without_context_the_fallback_year_is_used() -> None:
    """The first day-month date with nothing above it takes the fallback year."""
    context = YearContext(fallback_year=2031)
    assert context.date_for(DatePattern(5, 6, None)) == dt.date(2031, 6, 5)


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["Januar 2025"], (2025, 1)),
        (["", "  dezember 2024 "], (2024, 12)),
        (["März 2025", "ignored"], (2025, 3)),
        (["Maerz 2025"], (2025, 3)),
        (["MÄRZ 2026"], (2026, 3)),
        (["Datum", "Januar 2025"], None),
        (["Januar"], None),
        (["January 2025"], None),
        ([], None),
    ],
)
def test_month_headers(cells: list[str], expected: tuple[int, int] | None) -> None:
    """German month headers are read from the first filled cell, in any case."""
    assert month_header(cells) == expected
