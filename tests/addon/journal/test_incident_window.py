"""One incident window for the timeline, the evidence checklist and the incident PDF."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from docsight_server.journal.windows import MAX_INCIDENT_DAYS, incident_window
from docsight_server.timeutil import now_epoch, parse_timestamp

from ..harness import RunningServer
from .support import new_incident

DAY = 86400
UTC_ZONE = ZoneInfo("UTC")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = int(datetime(2025, 6, 1, 12, tzinfo=UTC).timestamp())


def moment(text: str) -> int:
    """Return the epoch second of an ISO 8601 time with Z."""
    return parse_timestamp(text)


def test_a_closed_incident_covers_its_local_days() -> None:
    """start_date 00:00 to end_date 24:00 (the last second of it) in the given zone."""
    window = incident_window("2025-01-05", "2025-01-06", BERLIN, NOW)
    assert window == (moment("2025-01-04T23:00:00Z"), moment("2025-01-06T22:59:59Z"), False)


def test_a_day_with_a_clock_change_keeps_its_local_length() -> None:
    """30 March 2025 in Berlin has 23 hours, 26 October 25."""
    start, end, _ = incident_window("2025-03-30", "2025-03-30", BERLIN, NOW)
    assert end - start + 1 == 23 * 3600
    start, end, _ = incident_window("2025-10-26", "2025-10-26", BERLIN, NOW)
    assert end - start + 1 == 25 * 3600


def test_an_open_incident_ends_now() -> None:
    """No end_date: up to now, not to the end of today."""
    assert incident_window("2025-05-30", None, UTC_ZONE, NOW) == (NOW - 60 * 3600, NOW, False)


def test_the_newest_90_days_of_a_longer_incident() -> None:
    """Longer than 90 days: its newest 90 days, marked capped; exactly 90 days is not cut."""
    first = (date(2025, 6, 1) - timedelta(days=200)).isoformat()
    start, end, capped = incident_window(first, "2025-06-01", UTC_ZONE, NOW)
    assert (end, end - start + 1, capped) == (moment("2025-06-01T23:59:59Z"), 90 * DAY, True)
    first = (date(2025, 6, 1) - timedelta(days=MAX_INCIDENT_DAYS - 1)).isoformat()
    assert incident_window(first, "2025-06-01", UTC_ZONE, NOW)[2] is False
    start, end, capped = incident_window("2024-01-01", None, UTC_ZONE, NOW)
    assert (start, end, capped) == (NOW - 90 * DAY + 1, NOW, True)


def test_an_incident_not_begun_yet_is_empty() -> None:
    """An open incident starting after now, or dates in the wrong order: end before start."""
    start, end, capped = incident_window("2025-06-02", None, UTC_ZONE, NOW)
    assert (start, end, capped) == (moment("2025-06-02T00:00:00Z"), NOW, False)
    start, end, _ = incident_window("2025-01-06", "2025-01-05", UTC_ZONE, NOW)
    assert end < start


@pytest.mark.parametrize(("first", "last"), [("2025-02-30", None), ("x", "2025-01-01")])
def test_unusable_dates_are_a_value_error(first: str, last: str | None) -> None:
    """A date that is not YYYY-MM-DD raises ValueError."""
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        incident_window(first, last, UTC_ZONE, NOW)


def test_the_ends_of_the_calendar() -> None:
    """The first and last days there are still give a window (no overflow)."""
    start, end, capped = incident_window(
        "9999-12-31", "9999-12-31", ZoneInfo("Pacific/Kiritimati"), NOW
    )
    assert (end - start + 1, capped) == (DAY, False)
    assert incident_window("0001-01-01", "0001-01-01", UTC_ZONE, NOW)[1] < 0


async def test_the_timeline_of_an_open_incident_runs_until_now(
    open_server: RunningServer,
) -> None:
    """The timeline's window ends at the moment of the request, not at midnight tonight."""
    incident = await new_incident(open_server, start_date="2025-01-01")
    before = now_epoch()
    status, body, _ = await open_server.request("GET", f"/api/incidents/{incident}/timeline")
    after = now_epoch()
    assert status == 200
    assert before <= moment(body["window"]["to"]) <= after
    assert moment(body["window"]["from"]) == moment(body["window"]["to"]) - 90 * DAY + 1
    assert body["window"]["truncated"] is True
