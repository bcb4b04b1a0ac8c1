"""A channel whose frequency label lost its old rounding continues its stored series."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from docsight_server.analysis.analyzer import analyze
from docsight_server.analysis.selectors import channel_selector
from docsight_server.drivers.formats.common import mhz_label, split_form
from docsight_server.storage.catalogs import DOWNSTREAM, series_identity
from docsight_server.storage.database import Database, open_database
from docsight_server.storage.legacy_labels import legacy_frequency_label
from docsight_server.storage.signal_repo import SignalStore
from docsight_server.storage.snapshot_rows import NewSnapshot

from .test_migrations import database_url

__all__ = ["database_url"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("socket_enabled")

#: How versions before the label fix wrote this OFDM channel, and how today's parsers write it.
OLD_LABEL = "1108.41 MHz"
NEW_LABEL = mhz_label("1108412500 Hz")
OFDM_ID = 33


def _poll(*ofdm_labels: str) -> dict[str, Any]:
    """Return the analysis of a poll with an SC-QAM, an upstream and these OFDM channels."""
    ofdm = [
        {
            "channelID": OFDM_ID,
            "frequency": label,
            "powerLevel": 1.0,
            "mer": 40.1,
            "type": "OFDM",
            "modulation": "OFDM",
            "corrErrors": 5,
            "nonCorrErrors": 0,
        }
        for label in ofdm_labels
    ]
    qam = {
        "channelID": 1,
        "frequency": mhz_label("602000000 Hz"),
        "powerLevel": 3.1,
        "mse": -38.5,
        "modulation": "256QAM",
        "corrErrors": 5,
        "nonCorrErrors": 0,
    }
    upstream = {
        "channelID": 2,
        "frequency": mhz_label("36200000 Hz"),
        "powerLevel": 44.5,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
    }
    return analyze(split_form(ds30=[qam], ds31=ofdm, us30=[upstream]))


async def _save(database: Database, store: SignalStore, ts: int, analysis: dict[str, Any]) -> None:
    async with database.transaction() as connection:
        await store.save(connection, NewSnapshot(ts=ts, analysis=analysis))


async def _series(database: Database) -> dict[int, dict[str, Any]]:
    async with database.read() as connection:
        rows = await connection.execute(text("SELECT * FROM channel_series"))
        return {row.id: dict(row._mapping) for row in rows}


async def _sample_times(database: Database) -> dict[int, list[int]]:
    async with database.read() as connection:
        rows = await connection.execute(
            text("SELECT series_id, ts FROM channel_samples ORDER BY series_id, ts")
        )
        times: dict[int, list[int]] = {}
        for row in rows:
            times.setdefault(row.series_id, []).append(row.ts)
        return times


def _ofdm_series(series: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {key: row for key, row in series.items() if row["channel_family"] == "ofdm"}


def test_the_old_rounding_is_reproduced() -> None:
    """The old label keeps 6 significant digits; labels it wrote the same way give None."""
    assert NEW_LABEL == "1108.4125 MHz"
    assert legacy_frequency_label(NEW_LABEL) == OLD_LABEL
    assert legacy_frequency_label("1002.025 MHz") == "1002.02 MHz"
    assert legacy_frequency_label("602.0125 MHz") == "602.013 MHz"
    assert [legacy_frequency_label(label) for label in ("602 MHz", "325.75 MHz", "", None)] == [
        None
    ] * 4


@pytest.mark.parametrize("restarted", [False, True])
async def test_relabelled_channel_continues_its_series(database_url: str, restarted: bool) -> None:
    """The series stored as "1108.41 MHz" takes today's label; its samples stay; others stay."""
    database = await open_database(database_url)
    try:
        store = SignalStore(database)
        await _save(database, store, 1000, _poll(OLD_LABEL))
        before = await _series(database)
        (ofdm_id,) = _ofdm_series(before)
        assert before[ofdm_id]["frequency"] == OLD_LABEL

        if restarted:
            store = SignalStore(database)
        new_poll = _poll(NEW_LABEL)
        await _save(database, store, 2000, new_poll)

        after = await _series(database)
        assert after.keys() == before.keys()
        moved = after[ofdm_id]
        (record,) = [ch for ch in new_poll["ds_channels"] if ch["channel_family"] == "ofdm"]
        assert moved["identity"] == series_identity(DOWNSTREAM, record)
        assert moved["frequency"] == NEW_LABEL
        assert moved["selector"] == channel_selector(OFDM_ID, NEW_LABEL)
        assert {key: row for key, row in after.items() if key != ofdm_id} == {
            key: row for key, row in before.items() if key != ofdm_id
        }
        assert await _sample_times(database) == {key: [1000, 2000] for key in before}

        # A later poll and a restarted store find the moved series as it is now.
        await _save(database, SignalStore(database), 3000, new_poll)
        assert await _series(database) == after
        by_selector = {s.selector: s.id for s in await SignalStore(database).all_series()}
        assert by_selector[channel_selector(OFDM_ID, NEW_LABEL)] == ofdm_id
    finally:
        await database.close()


async def test_channels_that_shared_an_old_label_are_not_merged(database_url: str) -> None:
    """Two channels whose labels both rounded to "1108.41 MHz" each start a new series."""
    database = await open_database(database_url)
    try:
        store = SignalStore(database)
        await _save(database, store, 1000, _poll(OLD_LABEL))
        before = await _series(database)
        (old_id,) = _ofdm_series(before)

        await _save(database, store, 2000, _poll(NEW_LABEL, "1108.4135 MHz"))

        after = await _series(database)
        assert after[old_id] == before[old_id]
        new_ofdm = {row["frequency"] for key, row in _ofdm_series(after).items() if key != old_id}
        assert new_ofdm == {NEW_LABEL, "1108.4135 MHz"}
        assert (await _sample_times(database))[old_id] == [1000]
    finally:
        await database.close()


async def test_a_series_under_todays_label_wins(database_url: str) -> None:
    """When both labels have a series, the poll goes on in today's and the old one stays."""
    database = await open_database(database_url)
    try:
        store = SignalStore(database)
        await _save(database, store, 1000, _poll(OLD_LABEL, NEW_LABEL))
        before = await _series(database)
        assert {row["frequency"] for row in _ofdm_series(before).values()} == {
            OLD_LABEL,
            NEW_LABEL,
        }

        await _save(database, SignalStore(database), 2000, _poll(NEW_LABEL))

        assert await _series(database) == before
        times = await _sample_times(database)
        by_label = {row["frequency"]: key for key, row in _ofdm_series(before).items()}
        assert times[by_label[OLD_LABEL]] == [1000]
        assert times[by_label[NEW_LABEL]] == [1000, 2000]
    finally:
        await database.close()


async def test_a_poll_that_still_has_the_old_label_keeps_it(database_url: str) -> None:
    """A channel reported with the old label itself keeps the series; the other starts anew."""
    database = await open_database(database_url)
    try:
        store = SignalStore(database)
        await _save(database, store, 1000, _poll(OLD_LABEL))
        before = await _series(database)
        (old_id,) = _ofdm_series(before)

        await _save(database, store, 2000, _poll(OLD_LABEL, NEW_LABEL))

        after = await _series(database)
        assert after[old_id] == before[old_id]
        assert {row["frequency"] for row in _ofdm_series(after).values()} == {
            OLD_LABEL,
            NEW_LABEL,
        }
        assert (await _sample_times(database))[old_id] == [1000, 2000]
    finally:
        await database.close()
