"""The report window rules, each at its edge (pure: no server)."""

from __future__ import annotations

import pytest

from docsight_server.reports.validation import comparison_windows
from docsight_server.reports.window import DAY_S, Window, WindowError, parse_window

NOW = 1_780_000_000


def refused(query: dict[str, str]) -> WindowError:
    """Return the WindowError a query raises."""
    with pytest.raises(WindowError) as caught:
        parse_window(query, NOW)
    return caught.value


def test_default_is_the_last_seven_days() -> None:
    """No parameters: [now - 7 days, now]."""
    assert parse_window({}, NOW) == Window(NOW - 7 * DAY_S, NOW)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("1", 1),
        ("90", 90),
        ("0", 1),
        ("91", 90),
        ("-5", 1),
        (" 30 ", 30),
        ("+2", 2),
        ("9" * 50, 90),
    ],
)
def test_days_are_clamped_to_1_to_90(days: str, expected: int) -> None:
    """days outside 1-90 is clamped, never refused."""
    assert parse_window({"days": days}, NOW) == Window(NOW - expected * DAY_S, NOW)


@pytest.mark.parametrize("days", ["abc", "1.5", "7d", "1e3", "--1"])
def test_days_must_be_whole(days: str) -> None:
    """A days value that is no whole number: window_invalid_days on the days field."""
    error = refused({"days": days})
    assert (error.code, error.field) == ("window_invalid_days", "days")


def test_exactly_ninety_days_is_accepted() -> None:
    """from and to 90 days apart (to the second) is the largest window."""
    query = {"from": "2026-01-01T00:00:00Z", "to": "2026-04-01T00:00:00Z"}
    window = parse_window(query, NOW)
    assert window.end - window.start == 90 * DAY_S


def test_ninety_days_and_a_second_is_too_large() -> None:
    """One second more than 90 days: window_too_large."""
    error = refused({"from": "2026-01-01T00:00:00Z", "to": "2026-04-01T00:00:01Z"})
    assert error.code == "window_too_large"


def test_offsets_are_honoured() -> None:
    """+01:00 is an hour before the same wall time in UTC."""
    window = parse_window({"from": "2026-03-01T00:00:00+01:00", "to": "2026-03-02T00:00:00z"}, NOW)
    assert window.end - window.start == DAY_S + 3600


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"days": "7", "from": "2026-01-01T00:00:00Z"}, "window_ambiguous_mode", None),
        ({"days": "7", "to": "2026-01-01T00:00:00Z"}, "window_ambiguous_mode", None),
        ({"from": "2026-01-01T00:00:00Z"}, "window_bounds_required", "to"),
        ({"to": "2026-01-01T00:00:00Z"}, "window_bounds_required", "from"),
        ({"from": "yesterday", "to": "2026-01-01T00:00:00Z"}, "window_invalid_timestamp", "from"),
        (
            {"from": "2026-01-01T00:00:00Z", "to": "2026-13-01T00:00:00Z"},
            "window_invalid_timestamp",
            "to",
        ),
        (
            {"from": "2026-01-01T00:00:00", "to": "2026-01-02T00:00:00Z"},
            "window_timezone_required",
            "from",
        ),
        ({"from": "2026-01-01T00:00:00Z", "to": "2026-01-02"}, "window_timezone_required", "to"),
        (
            {"from": "2026-01-02T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
            "window_invalid_order",
            "to",
        ),
        (
            {"from": "2026-01-01T00:00:00Z", "to": "2026-01-01T00:00:00Z"},
            "window_invalid_order",
            "to",
        ),
        (
            {"from": "0001-01-01T00:00:00Z", "to": "0001-01-02T00:00:00Z"},
            "window_invalid_timestamp",
            "from",
        ),
        (
            {"from": "9999-12-31T00:00:00Z", "to": "9999-12-31T23:00:00-05:00"},
            "window_invalid_timestamp",
            "to",
        ),
    ],
)
def test_every_refusal_has_its_code(query: dict[str, str], code: str, field: str | None) -> None:
    """Each broken rule is refused with its own code and the field it concerns."""
    error = refused(query)
    assert (error.code, error.field) == (code, field)
    assert error.message


def test_blank_values_count_as_not_given() -> None:
    """days= and from= (blank) are ignored, as the query layer does for every route."""
    assert parse_window({"days": " ", "from": ""}, NOW) == Window(NOW - 7 * DAY_S, NOW)


def test_comparison_needs_all_four_bounds() -> None:
    """Three of four comparison bounds: comparison_incomplete naming the missing one."""
    query = {
        "comparison_from_a": "2026-01-01T00:00:00Z",
        "comparison_to_a": "2026-01-02T00:00:00Z",
        "comparison_from_b": "2026-01-03T00:00:00Z",
    }
    with pytest.raises(WindowError) as caught:
        comparison_windows(query)
    assert (caught.value.code, caught.value.field) == ("comparison_incomplete", "comparison_to_b")
    query["comparison_to_b"] = "2026-01-04T00:00:00"
    with pytest.raises(WindowError) as caught:
        comparison_windows(query)
    assert caught.value.code == "comparison_timezone_required"
    query["comparison_to_b"] = "2026-01-04T00:00:00Z"
    assert comparison_windows(query) == (
        Window(1767225600, 1767312000),
        Window(1767398400, 1767484800),
    )
    assert comparison_windows({}) is None
