"""Exports: CSV columns per resolution, naive local time, no spreadsheet formulas; ping log."""

from __future__ import annotations

import csv
import io
from datetime import UTC
from zoneinfo import ZoneInfo

from docsight_server.connmon.export import (
    AGGREGATED_COLUMNS,
    RAW_COLUMNS,
    aggregated_csv,
    pinglog,
    raw_csv,
    safe_cell,
)
from docsight_server.connmon.rollup import bucket_stats

BERLIN = ZoneInfo("Europe/Berlin")
NOON_UTC = 1_719_835_200  # 2024-07-01 12:00:00 UTC, 14:00 in Berlin (summer time)


def rows(text: str) -> list[list[str]]:
    """Parse CSV text."""
    return list(csv.reader(io.StringIO(text)))


def test_raw_columns_and_local_time() -> None:
    """Raw rows: naive local datetime, latency (empty on timeout), timeout flag, method."""
    text = raw_csv([(NOON_UTC, 12.345, "icmp"), (NOON_UTC + 5.5, None, "tcp")], BERLIN)
    assert rows(text) == [
        list(RAW_COLUMNS),
        ["2024-07-01 14:00:00", "12.345", "0", "icmp"],
        ["2024-07-01 14:00:05", "", "1", "tcp"],
    ]
    assert rows(raw_csv([(NOON_UTC, 1.0, "icmp")], UTC))[1][0] == "2024-07-01 12:00:00"


def test_aggregated_columns() -> None:
    """Aggregated rows: the bucket's local start time and its statistics, upstream's order."""
    assert AGGREGATED_COLUMNS == (
        "datetime",
        "avg_latency_ms",
        "min_latency_ms",
        "max_latency_ms",
        "p95_latency_ms",
        "packet_loss_pct",
        "sample_count",
    )
    bucket = bucket_stats(NOON_UTC, 300, [1000, 3000, None, None])
    assert rows(aggregated_csv([bucket], BERLIN)) == [
        list(AGGREGATED_COLUMNS),
        ["2024-07-01 14:00:00", "2.0", "1.0", "3.0", "3.0", "50.0", "4"],
    ]
    empty = bucket_stats(NOON_UTC, 60, [None])
    assert rows(aggregated_csv([empty], UTC))[1] == [
        "2024-07-01 12:00:00",
        "",
        "",
        "",
        "",
        "100.0",
        "1",
    ]


def test_formula_cells_are_neutralised() -> None:
    """Text starting with =, +, -, @ or a control character gets a leading quote."""
    text = raw_csv([(NOON_UTC, None, '=HYPERLINK("http://x")'), (NOON_UTC, 2.0, "@sum")], UTC)
    parsed = rows(text)
    assert parsed[1][3] == '\'=HYPERLINK("http://x")'
    assert parsed[2][3] == "'@sum"
    assert [safe_cell(value) for value in ("+1", "-1", "\tx", "ok", 5, None)] == [
        "'+1",
        "'-1",
        "'\tx",
        "ok",
        5,
        "",
    ]


def test_pinglog_lines() -> None:
    """One line per probe: local time with milliseconds and zone, host, pong or timeout."""
    text = pinglog([(NOON_UTC + 0.25, 12.3456, "icmp"), (NOON_UTC + 5, None, "tcp")], "h", BERLIN)
    assert text.splitlines() == [
        "2024-07-01 14:00:00.250 CEST h pong 12.35 ms icmp",
        "2024-07-01 14:00:05.000 CEST h timeout - - tcp",
    ]
