"""The event log API: list filters, both paging styles, count, acknowledge and CSV export."""

from __future__ import annotations

import csv
import io
import json
import random
import re
from typing import Any

import orjson
import pytest

from docsight_server.signal.events_csv import csv_line
from docsight_server.storage.event_repo import EventFilter, event_row
from docsight_server.timeutil import iso_utc

from .harness import RunningServer
from .test_login import login
from .test_tokens import create_token

BASE_TS = 1_760_000_000
PLAIN = {"event_type": "x"}
CSV_HEADER = ["timestamp", "severity", "event_type", "message", "acknowledged", "details"]
FILENAME = re.compile(r"^attachment; filename=docsight-events-\d{8}-\d{6}Z\.csv$")

# (seconds after BASE_TS, severity, event_type, message, details, acknowledged)
SAMPLE_EVENTS: list[tuple[int, str, str, str, dict[str, Any] | None, bool]] = [
    (0, "info", "monitoring_started", "Monitoring started", {"health": "good"}, False),
    (10, "warning", "health_change", "Health changed from good to marginal", None, False),
    (20, "critical", "health_change", "Health changed to critical", {"prev": "marginal"}, True),
    (30, "warning", "modulation_change", "Modulation downgrade", {"changes": []}, False),
    (40, "critical", "cm_target_unreachable", "Gateway unreachable", None, False),
    (50, "warning", "device_reboot", "Modem rebooted", {"uptime": 12}, False),
    # Matches "health_" only if LIKE treated "_" as a wildcard.
    (60, "info", "healthXcheck", "Not a health_ event", None, False),
]


async def insert_events(server: RunningServer, events: list[tuple[int, dict[str, Any]]]) -> None:
    """Store (ts, event dict) pairs directly through the EventStore."""
    context = server.context
    async with context.database.transaction() as connection:
        await context.events.add_bulk(connection, [event_row(ts, event) for ts, event in events])


async def insert_samples(server: RunningServer) -> None:
    """Store SAMPLE_EVENTS."""
    await insert_events(
        server,
        [
            (
                BASE_TS + offset,
                {
                    "severity": severity,
                    "event_type": event_type,
                    "message": message,
                    "details": details,
                    "acknowledged": acknowledged,
                },
            )
            for offset, severity, event_type, message, details, acknowledged in SAMPLE_EVENTS
        ],
    )


async def get_events(server: RunningServer, query: str = "", **kwargs: Any) -> dict[str, Any]:
    """GET /api/events with a query string and assert a 200."""
    status, body, _ = await server.request("GET", f"/api/events{query}", **kwargs)
    assert status == 200, body
    return body


def types_of(body: dict[str, Any]) -> list[str]:
    """Return the event types of a list answer in order."""
    return [event["event_type"] for event in body["events"]]


def parse_csv(text: str) -> list[list[str]]:
    """Return the CSV rows of an export."""
    return list(csv.reader(io.StringIO(text, newline="")))


# Empty database


async def test_every_route_on_an_empty_database(open_server: RunningServer) -> None:
    """An empty log lists nothing, counts zero, acknowledges nothing and exports a header."""
    assert await get_events(open_server) == {"events": [], "unacknowledged_count": 0}
    assert await get_events(open_server, "?page=1") == {
        "events": [],
        "unacknowledged_count": 0,
        "page": 1,
        "per_page": 50,
        "total": 0,
    }
    status, body, _ = await open_server.request("GET", "/api/events/count")
    assert (status, body) == (200, {"count": 0})
    status, body, _ = await open_server.request("POST", "/api/events/1/acknowledge")
    assert (status, body) == (404, {"error": "Not found"})
    status, body, _ = await open_server.request("POST", "/api/events/acknowledge-all")
    assert (status, body) == (200, {"success": True, "count": 0})
    status, text, response = await open_server.request("GET", "/api/events/export.csv")
    assert status == 200
    assert parse_csv(text) == [CSV_HEADER]
    assert response.headers["X-DOCSight-Export-Truncated"] == "false"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("limit=-1", "limit must be between 0 and 2147483647"),
        ("limit=abc", "limit must be an integer"),
        ("limit=1.5", "limit must be an integer"),
        ("limit=99999999999999999999", "limit must be between 0 and"),
        ("offset=-5", "offset must be between 0 and"),
        ("offset=x", "offset must be an integer"),
        ("page=0", "page must be between 1 and"),
        ("page=two", "page must be an integer"),
        ("per_page=0", "per_page must be between 1 and 1000"),
        ("per_page=1001", "per_page must be between 1 and 1000"),
        ("per_page=ten", "per_page must be an integer"),
        ("page=1&limit=10", "Use either page/per_page or limit/offset, not both"),
        ("acknowledged=2", "Invalid acknowledged filter"),
        ("acknowledged=true", "Invalid acknowledged filter"),
    ],
)
async def test_bad_list_parameters_are_400(
    open_server: RunningServer, query: str, message: str
) -> None:
    """Each bad parameter gets a 400 whose message names it."""
    status, body, _ = await open_server.request("GET", f"/api/events?{query}")
    assert status == 400
    assert body["error"].startswith(message), body


async def test_bad_acknowledged_filter_on_the_export(open_server: RunningServer) -> None:
    """The CSV export validates the acknowledged filter like the list."""
    status, body, _ = await open_server.request("GET", "/api/events/export.csv?acknowledged=x")
    assert (status, body) == (400, {"error": "Invalid acknowledged filter"})


@pytest.mark.parametrize(
    "path",
    ["/api/events/abc/acknowledge", "/api/events/-1/acknowledge", "/api/events//acknowledge"],
)
async def test_non_numeric_event_ids_are_404(open_server: RunningServer, path: str) -> None:
    """Only digits match the acknowledge route; anything else is the JSON 404."""
    status, body, _ = await open_server.request("POST", path)
    assert (status, body) == (404, {"error": "Not found"})


async def test_huge_event_id_is_404_not_500(open_server: RunningServer) -> None:
    """An id beyond the database's integer range is simply not found."""
    status, body, _ = await open_server.request("POST", f"/api/events/{10**30}/acknowledge")
    assert (status, body) == (404, {"error": "Not found"})


# Filters


async def test_list_is_newest_first_with_utc_timestamps(open_server: RunningServer) -> None:
    """Events come newest first in the API shape, timestamps UTC with Z, details parsed."""
    await insert_samples(open_server)
    body = await get_events(open_server)
    assert types_of(body) == [row[2] for row in reversed(SAMPLE_EVENTS)]
    assert body["unacknowledged_count"] == 6
    newest, *_, oldest = body["events"]
    assert newest["timestamp"] == iso_utc(BASE_TS + 60) == "2025-10-09T08:54:20Z"
    assert newest["details"] is None
    assert oldest == {
        "id": oldest["id"],
        "timestamp": iso_utc(BASE_TS),
        "severity": "info",
        "event_type": "monitoring_started",
        "message": "Monitoring started",
        "details": {"health": "good"},
        "acknowledged": 0,
    }
    assert {event["acknowledged"] for event in body["events"]} == {0, 1}


@pytest.mark.parametrize(
    ("query", "types", "unacknowledged"),
    [
        ("severity=warning", ["device_reboot", "modulation_change", "health_change"], 3),
        ("severity=critical", ["cm_target_unreachable", "health_change"], 1),
        ("severity=debug", [], 0),
        # event_type and acknowledged do not narrow the unacknowledged count
        ("event_type=health_change", ["health_change", "health_change"], 6),
        ("event_type=health", [], 6),
        ("event_prefix=health_", ["health_change", "health_change"], 1),
        ("event_prefix=health", ["healthXcheck", "health_change", "health_change"], 2),
        ("event_prefix=cm_", ["cm_target_unreachable"], 1),
        ("acknowledged=1", ["health_change"], 6),
        ("acknowledged=0&severity=critical", ["cm_target_unreachable"], 1),
        ("exclude_operational=true", [row[2] for row in reversed(SAMPLE_EVENTS[1:])], 5),
        ("exclude_operational=1&event_prefix=monitoring", [], 0),
        ("exclude_operational=yes&severity=info", ["healthXcheck"], 1),
        ("exclude_operational=false&severity=info", ["healthXcheck", "monitoring_started"], 2),
    ],
)
async def test_list_filters(
    open_server: RunningServer, query: str, types: list[str], unacknowledged: int
) -> None:
    """severity, event_type, event_prefix (literal), acknowledged and exclude_operational."""
    await insert_samples(open_server)
    body = await get_events(open_server, f"?{query}")
    assert types_of(body) == types
    assert body["unacknowledged_count"] == unacknowledged


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 6),
        ("severity=warning", 3),
        ("event_prefix=health_", 1),
        ("exclude_operational=true", 5),
        ("event_type=device_reboot", 6),  # not a filter of the counter
    ],
)
async def test_count_filters(open_server: RunningServer, query: str, count: int) -> None:
    """The counter counts unacknowledged events under prefix, severity and operational."""
    await insert_samples(open_server)
    status, body, _ = await open_server.request("GET", f"/api/events/count?{query}")
    assert (status, body) == (200, {"count": count})


# Paging


async def test_limit_and_offset(open_server: RunningServer) -> None:
    """limit/offset slice the newest-first list without adding page fields."""
    await insert_samples(open_server)
    everything = (await get_events(open_server))["events"]
    body = await get_events(open_server, "?limit=2&offset=1")
    assert body["events"] == everything[1:3]
    assert set(body) == {"events", "unacknowledged_count"}
    assert (await get_events(open_server, "?limit=0"))["events"] == []
    assert (await get_events(open_server, "?offset=6"))["events"] == everything[6:]
    assert (await get_events(open_server, "?offset=100"))["events"] == []


async def test_limit_defaults_to_200(open_server: RunningServer) -> None:
    """Without paging parameters at most 200 events come back."""
    await insert_events(
        open_server,
        [
            (BASE_TS + i, {"severity": "info", "event_type": "x", "message": str(i)})
            for i in range(205)
        ],
    )
    body = await get_events(open_server)
    assert len(body["events"]) == 200
    assert body["events"][0]["message"] == "204"
    assert body["unacknowledged_count"] == 205


async def test_page_and_per_page(open_server: RunningServer) -> None:
    """page/per_page slice the same order and report page, per_page and the filtered total."""
    await insert_samples(open_server)
    everything = (await get_events(open_server))["events"]
    body = await get_events(open_server, "?page=2&per_page=3")
    assert body["events"] == everything[3:6]
    assert (body["page"], body["per_page"], body["total"]) == (2, 3, 7)
    assert body["unacknowledged_count"] == 6
    last = await get_events(open_server, "?page=3&per_page=3")
    assert last["events"] == everything[6:]
    beyond = await get_events(open_server, "?page=9&per_page=3")
    assert (beyond["events"], beyond["total"]) == ([], 7)
    filtered = await get_events(open_server, "?per_page=2&severity=warning")
    assert (filtered["page"], filtered["total"], len(filtered["events"])) == (1, 3, 2)
    assert types_of(filtered) == ["device_reboot", "modulation_change"]


# Acknowledging


async def test_acknowledge_one_notifies_and_sticks(open_server: RunningServer) -> None:
    """Acknowledging an event flips its flag, lowers the count and notifies the hub."""
    await insert_samples(open_server)
    target = (await get_events(open_server, "?event_type=device_reboot"))["events"][0]
    with open_server.context.hub.subscribe() as queue:
        status, body, _ = await open_server.request(
            "POST", f"/api/events/{target['id']}/acknowledge"
        )
        assert (status, body) == (200, {"success": True})
        notification = queue.get_nowait()
    assert (notification.kind, notification.data) == (
        "events_acknowledged",
        {"ids": [target["id"]]},
    )
    acknowledged = await get_events(open_server, "?acknowledged=1")
    assert target["id"] in [event["id"] for event in acknowledged["events"]]
    assert acknowledged["unacknowledged_count"] == 5
    status, body, _ = await open_server.request("POST", "/api/events/999999/acknowledge")
    assert (status, body) == (404, {"error": "Not found"})


async def test_acknowledge_all(open_server: RunningServer) -> None:
    """acknowledge-all reports how many changed, notifies once, and is idempotent."""
    await insert_samples(open_server)
    with open_server.context.hub.subscribe() as queue:
        status, body, _ = await open_server.request("POST", "/api/events/acknowledge-all")
        assert (status, body) == (200, {"success": True, "count": 6})
        notification = queue.get_nowait()
        assert (notification.kind, notification.data) == (
            "events_acknowledged",
            {"all": True, "count": 6},
        )
        status, body, _ = await open_server.request("POST", "/api/events/acknowledge-all")
        assert (status, body) == (200, {"success": True, "count": 0})
        assert queue.empty()
    status, body, _ = await open_server.request("GET", "/api/events/count")
    assert (status, body) == (200, {"count": 0})
    body = await get_events(open_server, "?acknowledged=0")
    assert body == {"events": [], "unacknowledged_count": 0}


# CSV export


async def test_export_columns_and_headers(open_server: RunningServer) -> None:
    """The export has the documented columns, UTC timestamps, true/false and JSON details."""
    await insert_samples(open_server)
    status, text, response = await open_server.request("GET", "/api/events/export.csv")
    assert status == 200
    assert response.content_type == "text/csv"
    assert response.charset == "utf-8"
    assert FILENAME.match(response.headers["Content-Disposition"])
    assert response.headers["X-DOCSight-Export-Limit"] == "10000"
    assert response.headers["X-DOCSight-Export-Truncated"] == "false"
    header, *rows = parse_csv(text)
    assert header == CSV_HEADER
    assert len(rows) == len(SAMPLE_EVENTS)
    expected = [
        [
            iso_utc(BASE_TS + offset),
            severity,
            event_type,
            message,
            "true" if acknowledged else "false",
            details,
        ]
        for offset, severity, event_type, message, details, acknowledged in reversed(SAMPLE_EVENTS)
    ]
    got = [[*row[:5], json.loads(row[5]) if row[5] else None] for row in rows]
    assert got == expected


async def test_export_applies_the_filters(open_server: RunningServer) -> None:
    """The export takes the list's filters."""
    await insert_samples(open_server)
    query = "severity=critical&acknowledged=0&exclude_operational=true"
    status, text, _ = await open_server.request("GET", f"/api/events/export.csv?{query}")
    assert status == 200
    _, *rows = parse_csv(text)
    assert [row[2] for row in rows] == ["cm_target_unreachable"]
    status, text, _ = await open_server.request(
        "GET", "/api/events/export.csv?event_prefix=health_"
    )
    assert [row[2] for row in parse_csv(text)[1:]] == ["health_change", "health_change"]


@pytest.mark.parametrize(
    ("message", "cell"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+2", "'+1+2"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Health changed = bad", "Health changed = bad"),
        ("'quoted", "'quoted"),
    ],
)
async def test_export_neutralises_formulas(
    open_server: RunningServer, message: str, cell: str
) -> None:
    """Cells that a spreadsheet would evaluate get a leading apostrophe; others stay."""
    await insert_events(
        open_server,
        [(BASE_TS, {"severity": "info", "event_type": "=cmd|' /C calc'!A0", "message": message})],
    )
    _, text, _ = await open_server.request("GET", "/api/events/export.csv")
    [_, row] = parse_csv(text)
    assert row[3] == cell
    assert row[2] == "'=cmd|' /C calc'!A0"
    assert row[5] == ""


async def test_export_is_truncated_at_ten_thousand(open_server: RunningServer) -> None:
    """More than 10 000 matches: the newest 10 000 and the truncated header."""
    await insert_events(
        open_server,
        [
            (
                BASE_TS + i,
                {"severity": "critical" if i % 2 else "info", "event_type": "x", "message": str(i)},
            )
            for i in range(10_005)
        ],
    )
    status, text, response = await open_server.request("GET", "/api/events/export.csv")
    assert status == 200
    assert response.headers["X-DOCSight-Export-Truncated"] == "true"
    _, *rows = parse_csv(text)
    assert len(rows) == 10_000
    assert (rows[0][3], rows[-1][3]) == ("10004", "5")
    status, text, response = await open_server.request(
        "GET", "/api/events/export.csv?severity=critical"
    )
    assert response.headers["X-DOCSight-Export-Truncated"] == "false"
    assert len(parse_csv(text)) == 1 + 5002


# Demo data


async def test_demo_history_through_every_route(demo_server: RunningServer) -> None:
    """With 270 days of demo events the routes agree with the store and with each other."""
    store = demo_server.context.events
    total = await store.count(EventFilter())
    unacknowledged = await store.count(EventFilter(acknowledged=False))
    assert total > 50

    body = await get_events(demo_server)
    assert len(body["events"]) == min(total, 200)
    assert body["unacknowledged_count"] == unacknowledged
    stamps = [event["timestamp"] for event in body["events"]]
    assert all(stamp.endswith("Z") for stamp in stamps)
    assert stamps == sorted(stamps, reverse=True)

    paged = await get_events(demo_server, "?page=2&per_page=25")
    assert paged["total"] == total
    assert paged["events"] == body["events"][25:50]

    devices = await get_events(demo_server, "?event_prefix=device_&limit=1000")
    assert devices["events"]
    assert {"device_reboot", "device_sw_update", "device_ip_change"} <= set(types_of(devices))
    assert all(kind.startswith("device_") for kind in types_of(devices))

    status, counted, _ = await demo_server.request("GET", "/api/events/count")
    assert (status, counted) == (200, {"count": unacknowledged})

    status, text, response = await demo_server.request("GET", "/api/events/export.csv")
    assert status == 200
    rows = parse_csv(text)[1:]
    assert len(rows) == min(total, 10_000)
    assert response.headers["X-DOCSight-Export-Truncated"] == str(total > 10_000).lower()

    status, body, _ = await demo_server.request("POST", "/api/events/acknowledge-all")
    assert (status, body) == (200, {"success": True, "count": unacknowledged})
    assert (await get_events(demo_server, "?limit=1"))["unacknowledged_count"] == 0


# Authentication


async def test_events_routes_need_a_credential(password_server: RunningServer) -> None:
    """With a password every events route answers 401 to an anonymous caller."""
    for method, path in [
        ("GET", "/api/events"),
        ("GET", "/api/events/count"),
        ("GET", "/api/events/export.csv"),
        ("POST", "/api/events/1/acknowledge"),
        ("POST", "/api/events/acknowledge-all"),
    ]:
        status, body, _ = await password_server.request(method, path)
        assert (status, body) == (401, {"error": "Authentication required"}), path


async def test_events_routes_accept_a_bearer_token(password_server: RunningServer) -> None:
    """A bearer token lists, counts, exports and acknowledges (none of these is session-only)."""
    await insert_samples(password_server)
    await login(password_server)
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    body = await get_events(password_server, "?severity=warning", token=token)
    assert len(body["events"]) == 3
    status, body, _ = await password_server.request("GET", "/api/events/count", token=token)
    assert (status, body) == (200, {"count": 6})
    status, text, _ = await password_server.request("GET", "/api/events/export.csv", token=token)
    assert (status, len(parse_csv(text))) == (200, 8)
    status, body, _ = await password_server.request(
        "POST", "/api/events/acknowledge-all", token=token
    )
    assert (status, body) == (200, {"success": True, "count": 6})
    status, _, _ = await password_server.request("GET", "/api/events", token="dsk_wrong")
    assert status == 401


# CSV export: the same text as the csv module writes

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
TRICKY_TEXTS = [
    'a, "quoted" text',
    "two\nlines",
    "cr\r\nlf",
    "=SUM(A1)",
    "-1",
    " leading space",
    "é ü 😀 \u2028",
    'x""y',
    "tab\there",
    "plain",
]
TRICKY_DETAILS: list[dict[str, Any] | None] = [
    None,
    {"nested": {"list": [1, 2.5, None, "x,y", True]}, "q": '"hi"'},
    {},
    {"n": -1.0, "big": 12345678901234567, "tiny": 1e-7},
    {"text": 'with, "quotes"\r\n'},
    {"é": "😀\n"},
]


def csv_writer_text(events: list[dict[str, Any]]) -> str:
    """Return the export of listed events as the csv module writes it (the earlier writer)."""

    def safe(text: str) -> str:
        return "'" + text if text.startswith(FORMULA_PREFIXES) else text

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for event in events:
        details = event["details"]
        writer.writerow(
            [
                event["timestamp"],
                safe(event["severity"]),
                safe(event["event_type"]),
                safe(event["message"]),
                "true" if event["acknowledged"] else "false",
                "" if details is None else safe(orjson.dumps(details).decode()),
            ]
        )
    return buffer.getvalue()


async def test_export_text_is_what_the_csv_module_writes(open_server: RunningServer) -> None:
    """Quotes, separators, line breaks, formulas, non-ASCII text and nested details come out
    exactly as csv.writer writes the listed events."""
    await insert_events(
        open_server,
        [
            (
                BASE_TS + index,
                {
                    "severity": TRICKY_TEXTS[(index + 3) % len(TRICKY_TEXTS)],
                    "event_type": TRICKY_TEXTS[(index + 5) % len(TRICKY_TEXTS)],
                    "message": TRICKY_TEXTS[index % len(TRICKY_TEXTS)],
                    "details": TRICKY_DETAILS[index % len(TRICKY_DETAILS)],
                    "acknowledged": index % 3 == 0,
                },
            )
            for index in range(len(TRICKY_TEXTS) * len(TRICKY_DETAILS))
        ],
    )
    listed = await get_events(open_server, "?limit=1000")
    status, text, _ = await open_server.request("GET", "/api/events/export.csv")
    assert status == 200
    assert text == csv_writer_text(listed["events"])


def test_csv_line_quotes_like_the_csv_module() -> None:
    """Random cells of separators, quotes, line breaks and spaces: csv_line == csv.writer."""
    rng = random.Random(7)
    alphabet = ["a", " ", ",", '"', "\r", "\n", "\t", "'", "\x00", "é", "\u2028", "=", ";"]
    for _ in range(5000):
        cells = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(2, 7))
        ]
        buffer = io.StringIO()
        csv.writer(buffer).writerow(cells)
        assert csv_line(cells) == buffer.getvalue(), cells


# The count's time, severities and acknowledged filters (issue 13: one request per HA figure)


@pytest.mark.parametrize(
    ("query", "count"),
    [
        (f"since={BASE_TS + 30}", 4),  # open events at or after the time
        (f"since={BASE_TS + 30}.5", 3),  # a fraction: the next whole second
        (f"since={BASE_TS + 30}&severity=warning,critical", 3),
        ("severity=warning,critical", 4),
        ("severity=critical,warning,critical", 4),  # repeats are harmless
        ("severity=critical", 1),  # the other critical is acknowledged
        ("acknowledged=0", 6),  # the default
        ("acknowledged=1", 1),
        ("acknowledged=1&severity=warning", 0),
        ("since=0&exclude_operational=true", 5),
        (f"since={BASE_TS + 61}", 0),
    ],
)
async def test_count_since_severities_and_acknowledged(
    open_server: RunningServer, query: str, count: int
) -> None:
    """since bounds the time, severity takes several, acknowledged=1 counts the others."""
    await insert_samples(open_server)
    status, body, _ = await open_server.request("GET", f"/api/events/count?{query}")
    assert (status, body) == (200, {"count": count}), query


async def test_recent_alerts_beyond_ten_thousand_in_one_request(
    open_server: RunningServer,
) -> None:
    """Reproduction: the HA sensor paged through the list and stopped at 10,000 events; the
    count answers exactly, in one request, however many match."""
    rows = [
        (BASE_TS + index, {"severity": ("warning", "critical")[index % 2], **PLAIN})
        for index in range(10_050)
    ]
    rows.append((BASE_TS - 1, {"severity": "warning", **PLAIN}))  # before the window
    rows.append((BASE_TS + 5, {"severity": "info", **PLAIN}))  # not an alert
    await insert_events(open_server, [(ts, {**event, "message": "m"}) for ts, event in rows])
    query = f"since={BASE_TS}&severity=warning,critical&acknowledged=0"
    status, body, _ = await open_server.request("GET", f"/api/events/count?{query}")
    assert (status, body) == (200, {"count": 10_050})


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=-1", "since must be epoch seconds between 0 and 253402300799"),
        ("since=253402300800", "since must be epoch seconds between 0 and 253402300799"),
        ("since=1e300", "since must be epoch seconds between 0 and 253402300799"),
        ("since=yesterday", "since must be epoch seconds"),
        ("since=nan", "since must be epoch seconds"),
        ("severity=bogus", "severity must be info, warning, critical or several of them"),
        ("severity=Warning", "severity must be info, warning, critical or several of them"),
        ("severity=warning,", "severity must be info, warning, critical or several of them"),
        ("severity=,warning", "severity must be info, warning, critical or several of them"),
        ("severity=warning,%20critical", "severity must be info"),
        ("severity=warning;critical", "severity must be info"),
        ("severity=warning%0A", "severity must be info"),
        ("severity=warning" + ",warning" * 10, "severity must be info"),  # over 64 characters
        ("acknowledged=2", "Invalid acknowledged filter"),
        ("acknowledged=yes", "Invalid acknowledged filter"),
    ],
)
async def test_bad_count_filters_are_400(
    open_server: RunningServer, query: str, message: str
) -> None:
    """A filter outside its declared range is refused with the range, never ignored."""
    status, body, _ = await open_server.request("GET", f"/api/events/count?{query}")
    assert status == 400, (query, body)
    assert body["error"].startswith(message), (query, body)


async def test_count_filters_are_declared(open_server: RunningServer) -> None:
    """The OpenAPI document shows the count's filters with their bounds and pattern."""
    status, document, _ = await open_server.request("GET", "/api/openapi.json")
    assert status == 200
    operation = document["paths"]["/api/events/count"]["get"]
    schemas = {param["name"]: param["schema"] for param in operation["parameters"]}
    assert {"since", "severity", "acknowledged", "event_prefix", "exclude_operational"} <= set(
        schemas
    )
    assert (schemas["since"]["minimum"], schemas["since"]["maximum"]) == (0, 253_402_300_799)
    assert schemas["acknowledged"]["enum"] == ["0", "1"]
    pattern = re.compile(schemas["severity"]["pattern"])
    for text in ("info", "warning,critical", "critical,info,warning"):
        assert pattern.search(text), text
    for text in ("", "warning,", "bogus", "warning critical", ",info"):
        assert not pattern.search(text), text
    assert "400" in operation["responses"]
