"""Hand-made polls for the modulation tests: channel tables as a driver reports them."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from zoneinfo import ZoneInfo

from docsight_server.analysis.analyzer import analyze
from docsight_server.storage.signal_repo import NewSnapshot

from ..harness import RunningServer

QUARTER = 900
US_SYMBOL_RATE_KSYM = 5120


def us30(channel_id: int, modulation: str) -> dict[str, Any]:
    """Return a DOCSIS 3.0 upstream SC-QAM channel (capacity 5.12 MSym/s x bits)."""
    return {
        "channelID": channel_id,
        "frequency": f"{30 + channel_id * 6.4:.3f}",
        "powerLevel": 44.0,
        "modulation": modulation,
        "multiplex": "ATDMA",
        "symbolRate": US_SYMBOL_RATE_KSYM,
    }


def us31(channel_id: int, profile: str | None) -> dict[str, Any]:
    """Return a DOCSIS 3.1 OFDMA upstream channel with a profile modulation."""
    channel: dict[str, Any] = {
        "channelID": channel_id,
        "frequency": "29.800 - 64.750",
        "powerLevel": 45.0,
        "modulation": "OFDMA",
        "type": "OFDMA",
        "multiplex": "OFDMA",
    }
    if profile is not None:
        channel["profile_modulation"] = profile
    return channel


def ds30(channel_id: int, modulation: str) -> dict[str, Any]:
    """Return a DOCSIS 3.0 downstream SC-QAM channel."""
    return {
        "channelID": channel_id,
        "frequency": f"{600 + channel_id * 8:.3f}",
        "powerLevel": 5.0,
        "modulation": modulation,
        "mse": -38.0,
        "corrErrors": 0,
        "nonCorrErrors": 0,
    }


def ds31(channel_id: int, modulation: str) -> dict[str, Any]:
    """Return a DOCSIS 3.1 OFDM downstream channel."""
    return {
        "channelID": channel_id,
        "frequency": "135.000 - 325.000",
        "powerLevel": 2.0,
        "modulation": modulation,
        "type": "OFDM",
        "mer": 41.0,
        "corrErrors": 0,
        "nonCorrErrors": 0,
    }


def tables(
    *,
    ds: Sequence[dict[str, Any]] = (),
    ds_31: Sequence[dict[str, Any]] = (),
    us: Sequence[dict[str, Any]] = (),
    us_31: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """Return split channel tables (DOCSIS 3.0 and 3.1 lanes)."""
    return {
        "channelDs": {"docsis30": list(ds), "docsis31": list(ds_31)},
        "channelUs": {"docsis30": list(us), "docsis31": list(us_31)},
    }


async def store_poll(server: RunningServer, ts: int, raw: dict[str, Any]) -> None:
    """Analyse channel tables and store them as the poll at ts."""
    context = server.context
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(ts, analyze(raw), None, raw, False))


def local_moment(day: date, hour: int, minute: int, zone: ZoneInfo) -> int:
    """Return the epoch second of a local clock time on a local day."""
    return int(datetime.combine(day, clock_time(hour, minute), zone).timestamp())


def local_today(zone: ZoneInfo) -> date:
    """Return today's local date in a zone."""
    return datetime.fromtimestamp(time.time(), zone).date()


def days_ago(zone: ZoneInfo, days: int) -> date:
    """Return the local date `days` before today."""
    return local_today(zone) - timedelta(days=days)


async def get_ok(server: RunningServer, path: str) -> Any:
    """GET a path, assert 200 and return the body."""
    status, body, _ = await server.request("GET", path)
    assert status == 200, (path, body)
    return body


def group_of(body: dict[str, Any], version: str) -> dict[str, Any]:
    """Return the protocol group of a DOCSIS version from an answer."""
    return next(group for group in body["protocol_groups"] if group["docsis_version"] == version)
