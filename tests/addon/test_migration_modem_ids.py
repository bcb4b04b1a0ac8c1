"""Migration 0007: stored Hitron/Sercom OFDM and OFDMA series take the modem's channel ids."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from devtools.modem_sim import run_simulator
from docsight_server.analysis.analyzer import analyze
from docsight_server.analysis.selectors import channel_selector
from docsight_server.drivers import create_driver
from docsight_server.storage.catalogs import UPSTREAM, series_identity
from docsight_server.storage.migrate import current_revision, upgrade_to_head

from .test_migrations import database_url, downgrade_to, engine_for

__all__ = ["database_url"]  # the fixture, used by name

pytestmark = pytest.mark.usefixtures("socket_enabled")

BEFORE = "0006"
#: The ids the server gave these modems' DOCSIS 3.1 channels before: base + modem number.
OLD_BASES = {"ofdm": 33, "ofdma": 41}


async def _hitron_poll() -> dict[str, Any]:
    """Return the analysis of one poll of the CODA-56 simulator, read by today's driver."""
    async with run_simulator("hitron") as sim:
        driver = create_driver("hitron", sim.url, "", "")
        try:
            return analyze(await driver.get_docsis_data())
        finally:
            await driver.close()


def _old_style(record: dict[str, Any]) -> dict[str, Any]:
    """Return a channel record as the server stored it before: OFDM/OFDMA ids were base + n."""
    base = OLD_BASES.get(record["channel_family"])
    if base is None or record["channel_id"] >= base:
        return record
    return {**record, "channel_id": base + record["channel_id"]}


async def _store_old_series(
    engine: AsyncEngine,
    analysis: dict[str, Any],
    modem_type: str | None,
    manufacturer: str,
    model: str = "M",
) -> dict[str, int]:
    """Write channel_series rows (and a sample each) as the server before 0007 did."""
    ids: dict[str, int] = {}
    async with engine.begin() as connection:
        if modem_type is not None:
            await connection.execute(
                text("INSERT INTO config_entries (key, value, updated_at) VALUES (:k, :v, 0)"),
                {"k": "modem_type", "v": json.dumps(modem_type)},
            )
        await connection.execute(
            text("INSERT INTO device_state (id, device_info, updated_at) VALUES (1, :info, 0)"),
            {"info": json.dumps({"manufacturer": manufacturer, "model": model})},
        )
        lanes = ((0, analysis["ds_channels"]), (UPSTREAM, analysis["us_channels"]))
        for direction, records in lanes:
            for new_record in records:
                record = _old_style(new_record)
                identity = series_identity(direction, record)
                result = await connection.execute(
                    text(
                        "INSERT INTO channel_series (identity, direction, channel_id, frequency, "
                        "docsis_version, channel_family, multiplex, selector) VALUES (:identity, "
                        ":direction, :channel_id, :frequency, :version, :family, :multiplex, "
                        ":selector) RETURNING id"
                    ),
                    {
                        "identity": identity,
                        "direction": direction,
                        "channel_id": record["channel_id"],
                        "frequency": record["frequency"],
                        "version": record["docsis_version"],
                        "family": record["channel_family"],
                        "multiplex": record.get("multiplex") if direction == UPSTREAM else None,
                        "selector": channel_selector(record["channel_id"], record["frequency"]),
                    },
                )
                series_id = result.scalar_one()
                ids[identity] = series_id
                await connection.execute(
                    text(
                        "INSERT INTO channel_samples (series_id, ts, power, health) "
                        "VALUES (:series, 1000, 1, 0)"
                    ),
                    {"series": series_id},
                )
    return ids


async def _series(engine: AsyncEngine) -> dict[int, dict[str, Any]]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM channel_series"))
        return {row.id: dict(row._mapping) for row in rows}


async def _sample_series(engine: AsyncEngine) -> list[int]:
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT series_id FROM channel_samples"))
        return sorted(row.series_id for row in rows)


@pytest.mark.parametrize(
    ("modem_type", "manufacturer", "model"),
    [
        ("hitron", "Hitron Technologies", "M"),
        (None, "Hitron Technologies", "CODA-4680"),
        ("sercom_dm1000", "", "M"),
        (None, "Sercom", "DM1000"),
    ],
)
async def test_old_series_continue_under_the_ids_todays_driver_reports(
    database_url: str, modem_type: str | None, manufacturer: str, model: str
) -> None:
    """After 0007 every channel of a new poll finds the series its history is stored in."""
    analysis = await _hitron_poll()
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, BEFORE)
        old_ids = await _store_old_series(engine, analysis, modem_type, manufacturer, model)
        before = await _series(engine)
        assert {row["channel_id"] for row in before.values()} >= {33, 34, 41}
        samples = await _sample_series(engine)

        await upgrade_to_head(engine)
        assert await current_revision(engine) != BEFORE
        after = await _series(engine)

        by_identity = {row["identity"]: series_id for series_id, row in after.items()}
        lanes = ((0, analysis["ds_channels"]), (UPSTREAM, analysis["us_channels"]))
        for direction, records in lanes:
            for record in records:
                identity = series_identity(direction, record)
                assert identity in by_identity, identity
                series_id = by_identity[identity]
                assert old_ids[series_identity(direction, _old_style(record))] == series_id
                selector = channel_selector(record["channel_id"], record["frequency"])
                assert after[series_id]["selector"] == selector
        # Receiver 0 and OFDMA channel 0 moved; receiver 1 keeps 34 (SC-QAM channel 1 exists).
        moved = {before[key]["channel_id"]: row["channel_id"] for key, row in after.items()}
        assert (moved[33], moved[34], moved[41]) == (0, 34, 0)
        assert await _sample_series(engine) == samples

        await downgrade_to(engine, BEFORE)
        assert await _series(engine) == before


@pytest.mark.parametrize(
    ("modem_type", "manufacturer", "model"),
    [("fritzbox", "AVM", "FRITZ!Box 6690 Cable"), (None, "Sercomm", "Vodafone Ultra Hub 7")],
)
async def test_another_modems_history_is_left_alone(
    database_url: str, modem_type: str | None, manufacturer: str, model: str
) -> None:
    """A database of another modem keeps its OFDM ids 33.. as they are (also the Ultra Hub 7,
    whose maker's name starts like Sercom's)."""
    analysis = await _hitron_poll()
    async with engine_for(database_url) as engine:
        await upgrade_to_head(engine, BEFORE)
        await _store_old_series(engine, analysis, modem_type, manufacturer, model)
        before = await _series(engine)
        await upgrade_to_head(engine)
        assert await _series(engine) == before
