"""Modem readings for the evidence tests: raw driver tables stored through the real analyzer."""

from __future__ import annotations

from typing import Any

from docsight_server.analysis.analyzer import analyze
from docsight_server.storage.signal_repo import NewSnapshot

from ..harness import RunningServer

#: 2026-01-01T00:00:00Z; snapshots are stored a quarter hour apart from here.
T0 = 1_767_225_600
QUARTER = 900


def ds(
    channel_id: int,
    power: float,
    snr: float,
    *,
    errors: tuple[int, int] | None = (0, 0),
    modulation: str = "256QAM",
) -> dict[str, Any]:
    """Return a DOCSIS 3.0 downstream channel; errors=None leaves the counters out."""
    channel: dict[str, Any] = {
        "channelID": channel_id,
        "frequency": f"{114 + 8 * channel_id} MHz",
        "powerLevel": power,
        "modulation": modulation,
        "mse": -snr,
    }
    if errors is not None:
        channel["corrErrors"], channel["nonCorrErrors"] = errors
    return channel


def us(channel_id: int, power: float) -> dict[str, Any]:
    """Return a DOCSIS 3.0 upstream channel."""
    return {
        "channelID": channel_id,
        "frequency": f"{30 + 6 * channel_id} MHz",
        "powerLevel": power,
        "modulation": "64QAM",
        "multiplex": "ATDMA",
    }


def tables(downstream: list[dict[str, Any]], upstream: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a split driver payload (DOCSIS 3.0 lanes only)."""
    return {
        "channelDs": {"docsis30": downstream, "docsis31": []},
        "channelUs": {"docsis30": upstream, "docsis31": []},
    }


async def store(server: RunningServer, ts: int, raw: dict[str, Any]) -> dict[str, Any]:
    """Analyse a payload, store it as the snapshot at ts and return its summary."""
    analysis = analyze(raw)
    context = server.context
    async with context.database.transaction() as connection:
        await context.signal.save(connection, NewSnapshot(ts, analysis, None, raw, False))
    summary: dict[str, Any] = analysis["summary"]
    return summary


def good_line() -> dict[str, Any]:
    """Return a healthy line: two downstream and one upstream channel inside the good bands."""
    return tables(
        [ds(1, 3.0, 38.0, errors=(100, 2)), ds(2, 1.0, 37.0, errors=(50, 1))], [us(1, 44.0)]
    )
