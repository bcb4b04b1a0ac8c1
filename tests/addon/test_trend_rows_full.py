"""Trend rows carry the whole stored summary of their snapshot, as upstream's do."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import select, update

from docsight_server.context import ServerContext
from docsight_server.feature import Feature
from docsight_server.features import FEATURES
from docsight_server.storage.recent_parts import RecentRows, tail_of
from docsight_server.storage.schema import snapshots
from docsight_server.storage.signal_repo import SCALAR_NAMES
from docsight_server.storage.summary_parts import (
    DICTIONARY,
    deflate_json,
    pack_parts,
    parts_json_many,
    parts_tails_many,
    summary_parts,
    unpack_parts,
)
from docsight_server.timeutil import iso_utc, parse_timestamp

from .conftest import ServerFactory
from .harness import RunningServer, wait_for_snapshot
from .test_signal_routes import (
    PERIOD,
    ds_channel,
    get_ok,
    minute_now,
    raw_tables,
    store_snapshot,
    us_channel,
)

PARTS = {"error_counter_coverage", "capacity_coverage", "signal_families"}
#: What the seeded demo history stores for every snapshot (live polls add error_baseline).
DEMO_ROW_KEYS = {"timestamp", *SCALAR_NAMES, "health_issues", *PARTS}
DICTIONARY_SHA256 = "8318464d9f7afa7cf877ebd5fb1b4fcb081b983ef1c0c9666e55570e2f818354"


def leaf_paths(value: Any, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Return {path: value} for every leaf of nested objects (a list is one leaf)."""
    if not isinstance(value, dict) or (prefix and not value):
        return {prefix: value}
    paths: dict[tuple[str, ...], Any] = {}
    for key, item in value.items():
        paths.update(leaf_paths(item, (*prefix, key)))
    return paths


def modem_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the signal core's rows (other sources carry a `source`)."""
    return [row for row in rows if "source" not in row]


async def assert_rows_match_snapshots(server: RunningServer, rows: list[dict[str, Any]]) -> int:
    """Assert every row holds exactly its snapshot's summary; return the summary's path count."""
    count = 0
    for row in rows:
        snapshot = await get_ok(server, f"/api/snapshots/{row['timestamp']}")
        summary = snapshot["summary"]
        assert list(row) == ["timestamp", *summary], row["timestamp"]
        expected = leaf_paths(summary)
        assert leaf_paths({key: row[key] for key in summary}) == expected, row["timestamp"]
        count = len(expected)
    return count


async def test_demo_rows_carry_every_summary_field(demo_server: RunningServer) -> None:
    """Seeded and live rows: every field path of /api/snapshots/{ts}'s summary, same values."""
    rows = modem_rows(await get_ok(demo_server, "/api/trends?range=1d"))
    assert len(rows) >= 90
    sample = [rows[0], rows[len(rows) // 2], rows[-2]]
    paths = await assert_rows_match_snapshots(demo_server, sample)
    assert paths >= 140  # upstream's demo snapshot has 152 (its lists count per item)
    live = rows[-1]  # the start-up poll went through the live pipeline
    assert live["error_baseline"]["active"] is True
    await assert_rows_match_snapshots(demo_server, [live])
    families = rows[0]["signal_families"]
    assert set(families["downstream"]["families"]) == {"sc_qam", "ofdm"}
    assert set(families["upstream"]["families"]) == {"sc_qam", "ofdma"}
    month = modem_rows(await get_ok(demo_server, "/api/trends?range=month"))
    assert len(month) >= 2800
    assert all(set(row) == DEMO_ROW_KEYS for row in month[:-1])


async def test_a_manual_poll_is_a_full_row_at_once(demo_server: RunningServer) -> None:
    """The row of a poll just stored equals the poll's analysis, summary parts included."""
    status, polled, _ = await demo_server.request("POST", "/api/poll")
    assert status == 200
    stamp = (await get_ok(demo_server, "/api/snapshots"))[0]
    # a whole day: a poll in the same second as the one before is stored a second later
    rows = await get_ok(demo_server, f"/api/trends?range=day&date={stamp[:10]}")
    (newest,) = [row for row in modem_rows(rows) if row["timestamp"] == stamp]
    assert newest["error_baseline"]["schema_baseline"] is False  # compared with the last poll
    summary = polled["analysis"]["summary"]
    assert leaf_paths({key: newest[key] for key in summary}) == leaf_paths(summary)
    await assert_rows_match_snapshots(demo_server, [newest])


async def hourly_source(_context: ServerContext, start: int, end: int) -> list[dict[str, Any]]:
    """Rows of another feature: one on every full hour (a modem row's time too), one later."""
    first = start - start % 3600 + 3600
    rows = []
    for hour in range(first, end, 3600):
        rows.append({"timestamp": iso_utc(hour), "source": "test", "value": hour})
        rows.append({"timestamp": iso_utc(hour + 60), "source": "test", "value": -hour})
    return rows


async def test_long_answers_merge_other_rows_like_a_sort(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> None:
    """Streamed in pieces, plain or gzip: the rows of a stable sort by time, modem rows first."""
    data_dir = tmp_path / "demo-data"
    shutil.copytree(seeded_demo_dir, data_dir)
    extra = Feature(name="test_rows", title="Test rows", trend_sources=(hourly_source,))
    env = {"DEMO_MODE": "true"}
    async with server_factory(env, data_dir=data_dir, features=(*FEATURES, extra)) as server:
        await wait_for_snapshot(server.context)
        url = server.url + "/api/trends?range=7d"
        async with server.session.get(url, headers={"Accept-Encoding": "identity"}) as plain:
            assert plain.headers["Vary"] == "Accept-Encoding"
            rows = orjson.loads(await plain.read())
        headers = {"Accept-Encoding": "gzip"}
        async with server.session.get(url, headers=headers, auto_decompress=False) as packed:
            assert packed.headers["Content-Encoding"] == "gzip"
            zipped = orjson.loads(gzip.decompress(await packed.read()))
    modem = modem_rows(rows)
    others = [row for row in rows if row.get("source") == "test"]
    assert len(modem) >= 7 * 96 - 2
    assert len(others) >= 2 * 7 * 24 - 4
    assert rows == sorted(modem + others, key=lambda row: parse_timestamp(row["timestamp"]))
    stamps = {row["timestamp"] for row in modem}
    common = stamps & {row["timestamp"] for row in modem_rows(zipped)}
    assert len(common) >= len(modem) - 2  # a second request: the window may move by a row
    assert [row for row in zipped if row["timestamp"] in common] == [
        row for row in rows if row["timestamp"] in common
    ]
    ties = [
        index
        for index, row in enumerate(rows[1:], 1)
        if row["timestamp"] == rows[index - 1]["timestamp"]
    ]
    assert ties  # every full hour: the modem row first, then the other feature's
    assert all("source" not in rows[index - 1] and "source" in rows[index] for index in ties)


async def test_generic_modem_rows_have_no_families(server_factory: ServerFactory) -> None:
    """A router without DOCSIS data: empty family overviews, still every summary field."""
    async with server_factory({"MODEM_TYPE": "generic"}) as server:
        await wait_for_snapshot(server.context)
        rows = await get_ok(server, "/api/trends?range=1h")
        assert len(rows) == 1
        assert rows[0]["signal_families"]["downstream"]["families"] == {}
        assert rows[0]["error_counter_coverage"]["total_channels"] == 0
        await assert_rows_match_snapshots(server, rows)


async def test_rolled_over_counters_stay_unwrapped_in_full_rows(open_server: RunningServer) -> None:
    """Counters are unwrapped for presentation; the summary parts ride along unchanged."""
    base = minute_now()
    for offset, corrected in enumerate((PERIOD - 100, 50)):
        channel = ds_channel(1, "602.000", corrected=corrected, uncorrected=7)
        raw = raw_tables([channel], [us_channel(1, "30.800")])
        await store_snapshot(open_server, base - (2 - offset) * 900, raw)
    rows = await get_ok(open_server, "/api/trends?range=1h")
    assert [row["ds_correctable_errors"] for row in rows] == [PERIOD - 100, PERIOD + 50]
    latest = await get_ok(open_server, f"/api/snapshots/{rows[-1]['timestamp']}")
    assert latest["summary"]["ds_correctable_errors"] == 50  # stored data is never changed
    for row in rows:
        snapshot = await get_ok(open_server, f"/api/snapshots/{row['timestamp']}")
        for key in PARTS:
            assert row[key] == snapshot["summary"][key]
        assert row["error_counter_coverage"]["comparable_channels"] == 1


async def test_kept_rows_are_used_only_with_the_same_counters(open_server: RunningServer) -> None:
    """A row kept in memory is served as kept; shown counters that moved re-encode it."""
    base = minute_now()
    for offset in range(2):
        raw = raw_tables([ds_channel(1, "602.000", corrected=100 + offset)])
        await store_snapshot(open_server, base - (2 - offset) * 900, raw)
    rows = await get_ok(open_server, "/api/trends?range=1h")
    store = open_server.context.signal
    ts = parse_timestamp(rows[0]["timestamp"])
    (kept,) = store.recent_rows.get_many([ts])
    assert kept is not None
    data, start, counters = kept
    assert counters == (rows[0]["ds_correctable_errors"], rows[0]["ds_uncorrectable_errors"])
    assert orjson.loads(data) == rows[0]
    marked = b'{"timestamp":"kept",'
    store.recent_rows.put_many([(ts, (marked + data[start:], len(marked), counters))], ts)
    async with open_server.session.get(open_server.url + "/api/trends?range=1h") as response:
        served = (await response.json())[0]
    assert served == {"timestamp": "kept", **{key: rows[0][key] for key in PARTS}}
    store.recent_rows.put_many([(ts, (marked + data[start:], len(marked), (-1, -1)))], ts)
    assert await get_ok(open_server, "/api/trends?range=1h") == rows


def test_recent_rows_keep_only_the_newest_weeks() -> None:
    """Rows older than the horizon are not kept; the byte cap drops the oldest first."""
    recent = RecentRows(keep_seconds=100, max_bytes=40)
    recent.put_many([(ts, (b"x" * 10, 0, None)) for ts in (50, 150, 160, 170)], 200)
    assert recent.get_many([50, 150, 160, 170]) == [None, *[(b"x" * 10, 0, None)] * 3]
    recent.put_many([(180, (b"y" * 10, 0, None)), (190, (b"z" * 10, 0, None))], 200)
    # 50 bytes > 40: the oldest go until three quarters of the cap (30 bytes) are left
    kept = [
        ts
        for ts, row in zip(
            (150, 160, 170, 180, 190), recent.get_many(range(150, 191, 10)), strict=True
        )
        if row
    ]
    assert kept == [170, 180, 190]
    recent.drop_before(185)
    assert recent.get_many([180, 190]) == [None, (b"z" * 10, 0, None)]
    assert tail_of((b'{"a":1,"b":2}', 7, (1, 2))) == b'"b":2}'
    recent.clear()
    assert recent.get_many([190]) == [None]


async def test_empty_database_has_no_rows(open_server: RunningServer) -> None:
    """No snapshot: every range answers an empty array."""
    for name in ("1h", "7d", "90d", "day", "month"):
        assert await get_ok(open_server, f"/api/trends?range={name}") == []


async def test_unreadable_parts_are_rebuilt_and_replaced(open_server: RunningServer) -> None:
    """A damaged summary_json is treated as missing: rebuilt from the samples and stored."""
    ts = minute_now() - 600
    raw = raw_tables([ds_channel(1, "602.000"), ds_channel(2, "610.000", power=16.0)])
    await store_snapshot(open_server, ts, raw)
    database = open_server.context.database
    async with database.transaction() as connection:
        await connection.execute(update(snapshots).values(summary_json=b"\x01not deflate"))
    open_server.context.signal.invalidate()  # as a restart would: nothing kept in memory
    (row,) = await get_ok(open_server, "/api/trends?range=1h")
    await assert_rows_match_snapshots(open_server, [row])
    assert row["signal_families"]["downstream"]["families"]["sc_qam"]["count"] == 2
    async with database.read() as connection:
        stored = (await connection.execute(select(snapshots.c.summary_json))).scalar_one()
    assert unpack_parts(stored) == {key: row[key] for key in PARTS}
    assert iso_utc(ts) == row["timestamp"]


def test_parts_round_trip_and_damage() -> None:
    """Stored parts inflate to the same JSON bytes; damaged values read as missing."""
    summary = {"ds_total": 1, "health": "good", "health_issues": [], "signal_families": {"a": 1}}
    assert summary_parts(summary) == {"signal_families": {"a": 1}}
    stored = pack_parts(summary)
    assert parts_json_many([stored]) == [b'{"signal_families":{"a":1}}']
    assert unpack_parts(stored) == {"signal_families": {"a": 1}}
    assert parts_tails_many([stored, deflate_json(b"{}")]) == [b'"signal_families":{"a":1}}', b"}"]
    damaged = [None, b"", b"{}", b"\x01", stored[:-3], b"\x02" + stored[1:], stored + b"x"]
    assert parts_json_many(damaged) == [None] * len(damaged)
    with pytest.raises(ValueError, match="JSON object"):
        deflate_json(b"[1]")
    assert unpack_parts(None) is None


def test_the_dictionary_never_changes() -> None:
    """Stored values need these exact bytes to inflate (a new dictionary needs a new format)."""
    assert hashlib.sha256(DICTIONARY).hexdigest() == DICTIONARY_SHA256


async def test_full_rows_on_postgresql(
    server_factory: ServerFactory, postgres_url: str, tmp_path: Path
) -> None:
    """PostgreSQL stores and splices the parts the same way, and fills missing ones."""
    env = {"DATABASE_URL": postgres_url}
    async with server_factory(env, data_dir=tmp_path / "data") as server:
        base = minute_now()
        for offset in range(3):
            raw = raw_tables(
                [ds_channel(1, "602.000", power=4.0 + offset)], [us_channel(1, "30.800")]
            )
            await store_snapshot(server, base - (3 - offset) * 900, raw)
        before = await get_ok(server, "/api/trends?range=1h")
        assert len(before) == 3
        await assert_rows_match_snapshots(server, before)
        async with server.context.database.transaction() as connection:
            await connection.execute(update(snapshots).values(summary_json=None))
        server.context.signal.invalidate()  # as a restart would: nothing kept in memory
        assert await get_ok(server, "/api/trends?range=1h") == before
        async with server.context.database.read() as connection:
            stored = (await connection.execute(select(snapshots.c.summary_json))).scalars().all()
        assert all(orjson.loads(parts_json_many([value])[0] or b"null") for value in stored)


async def test_scalar_rows_are_the_full_rows_without_their_parts(
    demo_server: RunningServer,
) -> None:
    """fields=scalars: the same rows, each with only its scalar fields and health_issues."""
    day = iso_utc(minute_now() - 86400)[:10]  # a window that ended: both answers see it whole
    full = await get_ok(demo_server, f"/api/trends?range=month&date={day}")
    scalars = await get_ok(demo_server, f"/api/trends?range=month&date={day}&fields=scalars")
    assert len(full) > 2000
    keys = ("timestamp", *SCALAR_NAMES, "health_issues")
    assert scalars == [{key: row[key] for key in keys} for row in full]
    assert all(not PARTS & set(row) for row in scalars)


async def test_unknown_fields_choice_is_refused(open_server: RunningServer) -> None:
    """fields takes all or scalars; anything else is a 400 that names the parameter."""
    status, body, _ = await open_server.request("GET", "/api/trends?range=1d&fields=parts")
    assert status == 400
    assert body["error"].startswith("fields")
