"""Migration 0008: FRITZ!Box, F3896LG and SB8200 (CBN) DOCSIS 3.1 series apart from SC-QAM ids."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from devtools.modem_sim import run_simulator
from devtools.modem_sim.plan import ChannelPlan, default_plan
from docsight_server.analysis.analyzer import analyze
from docsight_server.analysis.channels import frequency_mhz
from docsight_server.analysis.selectors import channel_selector
from docsight_server.drivers import create_driver
from docsight_server.storage.catalogs import UPSTREAM, series_identity
from docsight_server.storage.migrate import current_revision, upgrade_to_head
from docsight_server.storage.schema import (
    channel_samples,
    channel_series,
    config_entries,
    device_state,
    instance_meta,
)

from .drivers.contract import read_modem
from .test_migrations import database_url, downgrade_to, engine_for

__all__ = ["database_url"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("socket_enabled")

BEFORE = "0007"
DOCSIS31 = ("ofdm", "ofdma")
#: The page id both the first OFDM and the first OFDMA channel get, as SC-QAM channel 1 has.
SHARED_ID = 1
#: Where today's drivers put them: 33 + 1 is the second OFDM channel's own id, so the next one.
MOVED = {(0, SHARED_ID): 35, (UPSTREAM, SHARED_ID): 42}


def _colliding_plan() -> ChannelPlan:
    """The default plan with the first OFDM and OFDMA channels numbered like SC-QAM channel 1."""
    plan = default_plan()
    first_ofdm, first_ofdma = plan.ds_ofdm[0], plan.us_ofdma[0]
    return replace(
        plan,
        ds=tuple(replace(ch, channel_id=SHARED_ID) if ch is first_ofdm else ch for ch in plan.ds),
        us=tuple(replace(ch, channel_id=SHARED_ID) if ch is first_ofdma else ch for ch in plan.us),
    )


class Poll:
    """One poll of a family's simulator by today's driver, and the ids its pages gave."""

    def __init__(self, info: dict[str, Any], analysis: dict[str, Any], plan: ChannelPlan) -> None:
        """Keep the device info, the analysis and the page ids by (DOCSIS 3.1?, frequency)."""
        self.info, self.analysis = info, analysis
        self.page_ids = {(ch.ofdm, ch.frequency_mhz): ch.channel_id for ch in plan.ds}
        self.page_ids |= {(ch.ofdma, -ch.frequency_mhz): ch.channel_id for ch in plan.us}

    def lanes(self) -> tuple[tuple[int, list[dict[str, Any]]], ...]:
        """Return (direction, records) for both directions."""
        return (0, self.analysis["ds_channels"]), (UPSTREAM, self.analysis["us_channels"])

    def old_style(self, direction: int, record: dict[str, Any]) -> dict[str, Any]:
        """Return the record as the server stored it before: with the page's own id."""
        sign = -1 if direction == UPSTREAM else 1
        key = (
            record["channel_family"] in DOCSIS31,
            sign * (frequency_mhz(record["frequency"]) or 0),
        )
        return {**record, "channel_id": self.page_ids[key]}


async def _poll(family: str) -> Poll:
    plan = _colliding_plan()
    async with run_simulator(family, plan=plan) as sim:
        driver = create_driver(family, sim.url, sim.state.user, sim.state.password)
        try:
            info, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    return Poll(info, analyze(docsis), plan)


async def _store_old_series(
    engine: AsyncEngine, poll: Poll, modem_type: str | None, info: dict[str, Any]
) -> dict[str, int]:
    """Write a series (and a sample) per channel with the page's ids, as before 0008."""
    ids: dict[str, int] = {}
    async with engine.begin() as connection:
        if modem_type is not None:
            row = {"key": "modem_type", "value": json.dumps(modem_type), "updated_at": 0}
            await connection.execute(insert(config_entries).values(row))
        await connection.execute(
            insert(device_state).values(id=1, device_info=json.dumps(info), updated_at=0)
        )
        for direction, records in poll.lanes():
            for record in (poll.old_style(direction, new) for new in records):
                identity = series_identity(direction, record)
                series = {
                    "identity": identity,
                    "direction": direction,
                    "channel_id": record["channel_id"],
                    "frequency": record["frequency"],
                    "docsis_version": record["docsis_version"],
                    "channel_family": record["channel_family"],
                    "multiplex": record.get("multiplex") if direction == UPSTREAM else None,
                    "selector": channel_selector(record["channel_id"], record["frequency"]),
                }
                added = await connection.execute(
                    insert(channel_series).values(series).returning(channel_series.c.id)
                )
                ids[identity] = added.scalar_one()
                sample = {"series_id": ids[identity], "ts": 1000, "power": 1, "health": 0}
                await connection.execute(insert(channel_samples).values(sample))
    return ids


async def _series(engine: AsyncEngine) -> dict[int, dict[str, Any]]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(channel_series))
        return {row.id: dict(row._mapping) for row in rows}


async def _samples(engine: AsyncEngine) -> list[tuple[int, int]]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(channel_samples.c.series_id, channel_samples.c.ts))
        return sorted((row.series_id, row.ts) for row in rows)


@pytest.mark.parametrize("family", ["fritzbox", "f3896lg", "sb8200_cbn", "cm3500"])
@pytest.mark.parametrize("by_modem_type", [True, False], ids=["modem-type", "device-info"])
async def test_old_series_continue_under_the_ids_todays_driver_reports(
    database_url: str, family: str, by_modem_type: bool
) -> None:
    """After 0008 every channel of a new poll finds the series its history is stored in."""
    poll = await _poll(family)
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, BEFORE)
        modem_type = family if by_modem_type else None
        old_ids = await _store_old_series(engine, poll, modem_type, poll.info)
        before = await _series(engine)
        shared = [row for row in before.values() if row["channel_id"] == SHARED_ID]
        assert len(shared) == 4  # SC-QAM 1 and a DOCSIS 3.1 channel 1 in each direction
        samples = await _samples(engine)

        await upgrade_to_head(engine)
        assert await current_revision(engine) != BEFORE
        after = await _series(engine)

        by_identity = {row["identity"]: series_id for series_id, row in after.items()}
        for direction, records in poll.lanes():
            for record in records:
                series_id = by_identity[series_identity(direction, record)]
                assert old_ids[series_identity(direction, poll.old_style(direction, record))] == (
                    series_id
                )
                selector = channel_selector(record["channel_id"], record["frequency"])
                assert after[series_id]["selector"] == selector
        moved = {
            (row["direction"], row["channel_id"]): after[key]["channel_id"]
            for key, row in before.items()
            if row["channel_id"] != after[key]["channel_id"]
        }
        assert moved == MOVED
        assert await _samples(engine) == samples

        await downgrade_to(engine, BEFORE)
        assert await _series(engine) == before


@pytest.mark.parametrize(
    ("modem_type", "info"),
    [
        (None, {"manufacturer": "Sagemcom", "model": "F@st 3896"}),
        (None, {"manufacturer": "ARRIS", "model": "SB8200"}),
        ("hitron", {"manufacturer": "Hitron Technologies", "model": "CODA-56"}),
        ("surfboard", {"manufacturer": "ARRIS", "model": "SB8200"}),
    ],
)
async def test_another_modems_history_is_left_alone(
    database_url: str, modem_type: str | None, info: dict[str, Any]
) -> None:
    """A modem whose driver keeps shared ids (Sagemcom F@st, HTML/HNAP SB8200) is not touched."""
    poll = await _poll("f3896lg")
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, BEFORE)
        await _store_old_series(engine, poll, modem_type, info)
        before = await _series(engine)
        await upgrade_to_head(engine)
        assert await _series(engine) == before


async def test_a_leftover_record_of_moves_is_replaced(database_url: str) -> None:
    """A database stamped back by hand may still hold the record of an earlier run's moves:
    the upgrade replaces it instead of failing on its key."""
    poll = await _poll("fritzbox")
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, BEFORE)
        await _store_old_series(engine, poll, "fritzbox", poll.info)
        async with engine.begin() as connection:
            row = {"key": "migration_0008_moved_series", "value": '{"999": 1}'}
            await connection.execute(insert(instance_meta).values(row))
        before = await _series(engine)
        await upgrade_to_head(engine)
        assert await current_revision(engine) != BEFORE
        await downgrade_to(engine, BEFORE)
        assert await _series(engine) == before


async def test_ids_only_older_polls_had_do_not_count_as_taken(database_url: str) -> None:
    """The driver picks a free id among one poll's channels: an SC-QAM id 42 that only an
    older lineup had does not push the OFDMA channel past 42, or its history would split."""
    poll = await _poll("fritzbox")
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, BEFORE)
        old_ids = await _store_old_series(engine, poll, "fritzbox", poll.info)
        async with engine.begin() as connection:
            gone = {
                "identity": "an upstream channel of an older lineup",
                "direction": UPSTREAM,
                "channel_id": MOVED[(UPSTREAM, SHARED_ID)],
                "frequency": "70 MHz",
                "docsis_version": "3.0",
                "channel_family": "sc_qam",
                "multiplex": "ATDMA",
                "selector": channel_selector(MOVED[(UPSTREAM, SHARED_ID)], "70 MHz"),
            }
            added = await connection.execute(
                insert(channel_series).values(gone).returning(channel_series.c.id)
            )
            sample = {"series_id": added.scalar_one(), "ts": 500, "power": 1, "health": 0}
            await connection.execute(insert(channel_samples).values(sample))
        await upgrade_to_head(engine)
        after = await _series(engine)
    by_identity = {row["identity"]: series_id for series_id, row in after.items()}
    ofdma = next(r for r in poll.analysis["us_channels"] if r["channel_family"] == "ofdma")
    assert ofdma["channel_id"] == MOVED[(UPSTREAM, SHARED_ID)]
    old_identity = series_identity(UPSTREAM, poll.old_style(UPSTREAM, ofdma))
    assert by_identity[series_identity(UPSTREAM, ofdma)] == old_ids[old_identity]
