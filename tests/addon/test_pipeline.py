"""The modem collector pipeline: driver, analysis, events, one transaction, notifications."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from docsight_server.drivers import DriverUnreachableError, ModemDriver
from docsight_server.outputs.hub import Notification
from docsight_server.storage.event_repo import EventFilter
from docsight_server.storage.signal_repo import NewSnapshot
from docsight_server.timeutil import now_epoch

from .conftest import ServerFactory
from .custom_features import factory_with_drivers
from .harness import RunningServer, wait_for_snapshot

GIB = 1 << 30


def downstream(count: int, *, mse: float = -38.0, power: float = 3.0, errors: int = 100) -> list:
    """Return DOCSIS 3.0 downstream channels in the raw driver form."""
    return [
        {
            "channelID": index + 1,
            "frequency": f"{114 + 8 * index} MHz",
            "powerLevel": power,
            "modulation": "256QAM",
            "mse": mse,
            "corrErrors": errors * (index + 1),
            "nonCorrErrors": errors // 10,
        }
        for index in range(count)
    ]


def upstream(count: int = 4, power: float = 44.0) -> list:
    """Return DOCSIS 3.0 upstream channels in the raw driver form."""
    return [
        {
            "channelID": index + 1,
            "frequency": f"{30 + 6 * index} MHz",
            "powerLevel": power,
            "modulation": "64QAM",
            "multiplex": "ATDMA",
        }
        for index in range(count)
    ]


def reading(ds: list, us: list | None = None) -> dict[str, Any]:
    """Return a split-form driver payload."""
    return {
        "channelDs": {"docsis30": ds, "docsis31": []},
        "channelUs": {"docsis30": upstream() if us is None else us, "docsis31": []},
    }


class ScriptedModem(ModemDriver):
    """A modem whose answers the test lines up (a driver-level stand-in for a real modem)."""

    key = "scripted"
    display_name = "Scripted modem"
    script: ClassVar[list[dict[str, Any] | Exception]] = []
    device: ClassVar[dict[str, Any]] = {}

    async def login(self) -> None:
        """Nothing to log in to."""

    async def get_device_info(self) -> dict[str, Any]:
        """Return the scripted device info."""
        return dict(self.device)

    async def get_connection_info(self) -> dict[str, Any]:
        """Return fixed provisioned speeds."""
        return {"max_downstream_kbps": 100000, "max_upstream_kbps": 10000}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Return the next scripted reading (the last one repeats) or raise a scripted error."""
        item = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if isinstance(item, Exception):
            raise item
        return item


@pytest.fixture
def server_factory(server_factory: ServerFactory) -> ServerFactory:
    """Servers of this module also know the scripted driver."""
    return factory_with_drivers(server_factory, ScriptedModem)


@pytest.fixture
def scripted() -> Iterator[type[ScriptedModem]]:
    """Reset the scripted driver's readings for one test."""
    ScriptedModem.script = [reading(downstream(8))]
    ScriptedModem.device = {"model": "Scripted", "sw_version": "1.0", "uptime_seconds": 10_000}
    return ScriptedModem


@pytest.fixture
async def modem_server(
    server_factory: ServerFactory, scripted: type[ScriptedModem], tmp_path: Path
) -> AsyncIterator[RunningServer]:
    """A server polling the scripted modem; its start-up poll has finished."""
    async with server_factory({"MODEM_TYPE": "scripted"}, data_dir=tmp_path / "data") as server:
        await wait_for_snapshot(server.context)
        yield server


def _drain(queue: asyncio.Queue[Notification]) -> list[Notification]:
    found = []
    while not queue.empty():
        found.append(queue.get_nowait())
    return found


async def test_first_poll_starts_monitoring(modem_server: RunningServer) -> None:
    """The first poll stores a snapshot with every channel and a monitoring_started event."""
    latest = await modem_server.context.signal.latest()
    assert latest is not None
    assert (len(latest["ds_channels"]), len(latest["us_channels"])) == (8, 4)
    assert latest["analysis_meta"]["analyzer_schema"] == 3
    assert latest["raw_data"]["channelDs"]["docsis30"][0]["channelID"] == 1
    events = await modem_server.context.events.list(EventFilter(), limit=None)
    assert [event["event_type"] for event in events] == ["monitoring_started"]
    assert events[0]["details"]["snapshot_id"] == latest["snapshot_id"]
    _, device, _ = await modem_server.request("GET", "/api/device")
    assert device["model"] == "Scripted"
    _, connection, _ = await modem_server.request("GET", "/api/connection")
    assert connection["max_downstream_kbps"] == 100000


async def test_degraded_poll_raises_events_and_notifies(
    modem_server: RunningServer, scripted: type[ScriptedModem]
) -> None:
    """A worse reading and a rebooted modem give events, stored and pushed, in one poll."""
    context = modem_server.context
    scripted.script = [reading(downstream(7, mse=-28.0, errors=10))]
    scripted.device = {**scripted.device, "uptime_seconds": 60, "reboot_reason": "power"}
    with context.hub.subscribe() as queue:
        status, body, _ = await modem_server.request("POST", "/api/poll")
        assert status == 200
        notifications = _drain(queue)
    assert body["analysis"]["summary"]["health"] == "critical"
    kinds = [notification.kind for notification in notifications]
    assert kinds[0] == "snapshot"
    assert "collectors" in kinds
    pushed = {n.data["event_type"] for n in notifications if n.kind == "event"}
    stored = await context.events.list(EventFilter(exclude_operational=True), limit=None)
    types = {event["event_type"] for event in stored}
    assert {"device_reboot", "health_change", "channel_change", "snr_change"} <= types
    assert pushed == types
    health = next(event for event in stored if event["event_type"] == "health_change")
    assert (health["severity"], health["details"]["current"]) == ("critical", "critical")
    lost = next(event for event in stored if event["event_type"] == "channel_change")
    assert (lost["severity"], lost["details"]["change"]) == ("warning", "loss")


async def test_modem_failure_stores_nothing(
    modem_server: RunningServer, scripted: type[ScriptedModem]
) -> None:
    """An unreachable modem answers 502, keeps storage as it was and shows in the status."""
    before = await modem_server.context.signal.count()
    scripted.script = [DriverUnreachableError("No answer at http://192.0.2.1")]
    status, body, _ = await modem_server.request("POST", "/api/poll")
    assert status == 502
    assert "DriverUnreachableError" in body["error"]
    assert await modem_server.context.signal.count() == before
    _, collectors, _ = await modem_server.request("GET", "/api/collectors/status")
    assert collectors[0]["name"] == "modem"


async def test_a_failed_write_rolls_the_whole_poll_back(
    modem_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When storing events fails, the snapshot of that poll is not kept either."""
    context = modem_server.context
    before = await context.signal.count()
    analysis_before = context.state.analysis

    async def broken_add(*_args: Any, **_kwargs: Any) -> list:
        raise OSError("disk full")

    _, trend_before, _ = await modem_server.request("GET", "/api/trends?range=1h")
    monkeypatch.setattr(context.events, "add", broken_add)
    collector = context.scheduler.collectors[0]
    with pytest.raises(OSError, match="disk full"):
        await collector.collect()
    monkeypatch.undo()
    assert await context.signal.count() == before
    _, trend_after, _ = await modem_server.request("GET", "/api/trends?range=1h")
    assert trend_after == trend_before  # the in-memory summaries saw no phantom row
    assert context.state.analysis is analysis_before
    assert await collector.collect()  # the catalogs recover after the rollback
    assert await context.signal.count() == before + 1


async def test_uncorrectable_ratio_uses_counter_growth(
    server_factory: ServerFactory, scripted: type[ScriptedModem], tmp_path: Path
) -> None:
    """Errors collected before monitoring began do not count; growth since the baseline does."""
    old = downstream(8, errors=100)
    for channel in old:  # a modem that collected many errors long ago
        channel["nonCorrErrors"] = 1_000_000
    scripted.script = [reading(old)]
    async with server_factory({"MODEM_TYPE": "scripted"}, data_dir=tmp_path / "data") as server:
        context = server.context
        first = await wait_for_snapshot(context)
        assert first["summary"]["error_baseline"]["active"] is True
        assert first["summary"]["ds_uncorr_pct"] == 0.0
        grown = [dict(channel, corrErrors=channel["corrErrors"] + 100_000) for channel in old]
        scripted.script = [reading(grown)]
        second = await context.scheduler.collectors[0].collect()
        assert second["summary"]["ds_uncorr_pct"] == 0.0
        assert second["summary"]["health"] == "good"
        stored = await context.signal.latest()
        assert stored is not None
        assert stored["summary"]["error_baseline"] == second["summary"]["error_baseline"]
        spoiled = [dict(channel, nonCorrErrors=1_050_000) for channel in grown]
        scripted.script = [reading(spoiled)]
        third = await context.scheduler.collectors[0].collect()
        assert third["summary"]["ds_uncorr_pct"] > 3.0
        assert "uncorr_errors_critical" in third["summary"]["health_issues"]


async def test_restart_compares_with_the_stored_snapshot(
    server_factory: ServerFactory, scripted: type[ScriptedModem], tmp_path: Path
) -> None:
    """After a restart the first poll is compared with the last stored one (no new start)."""
    data_dir = tmp_path / "data"
    async with server_factory({"MODEM_TYPE": "scripted"}, data_dir=data_dir) as server:
        await wait_for_snapshot(server.context)
    scripted.script = [reading(downstream(8, mse=-28.0))]
    async with server_factory({"MODEM_TYPE": "scripted"}, data_dir=data_dir) as server:
        await wait_for_snapshot(server.context)
        events = await server.context.events.list(EventFilter(), limit=None)
    types = [event["event_type"] for event in events]
    assert types.count("monitoring_started") == 1
    assert types.count("monitoring_stopped") == 1
    assert "health_change" in types


async def test_retention_keeps_recent_rows_and_kept_windows(
    server_factory: ServerFactory, scripted: type[ScriptedModem], tmp_path: Path
) -> None:
    """history_days=1 deletes older snapshots, samples and events, except in kept windows."""
    now = now_epoch()
    old, kept = now - 3 * 86400, now - 2 * 86400
    async with server_factory(
        {"MODEM_TYPE": "scripted", "HISTORY_DAYS": "1"}, data_dir=tmp_path / "data"
    ) as server:
        context = server.context
        await wait_for_snapshot(context)
        latest = await context.signal.latest()
        assert latest is not None
        analysis = {key: latest[key] for key in ("summary", "ds_channels", "us_channels")}
        async with context.database.transaction() as connection:
            for ts in (old, kept):
                await context.signal.save(connection, NewSnapshot(ts, analysis))
                await context.events.add(
                    connection, ts, [{"severity": "info", "event_type": "x", "message": "old"}]
                )

        async def windows(_connection: Any) -> list[tuple[int, int]]:
            return [(kept - 60, kept + 60)]

        # a feature's keep-window provider (incidents), added to this server's registries only
        context.registries.keep_windows.append(windows)
        await context.scheduler.collectors[0].collect()
        stamps = await context.signal.timestamps()
        assert old not in stamps
        assert kept in stamps
        assert await context.signal.at(kept) is not None
        events = await context.events.list(EventFilter(event_type="x"), limit=None)
        assert [event["timestamp"] for event in events] == [
            (await server.request("GET", "/api/snapshots"))[1][-1]
        ]
        grouped = await context.signal.samples(
            [s.id for s in await context.signal.all_series()], 0, now - 86400
        )
        assert {row[1] for rows in grouped.values() for row in rows} == {kept}


async def test_error_spikes_are_remembered_without_a_query(
    server_factory: ServerFactory, scripted: type[ScriptedModem], tmp_path: Path
) -> None:
    """A spike the pipeline writes is known at once; after a restart it is read back, and an
    old one (over 48 h) suppresses the uncorrectable penalty."""
    data_dir = tmp_path / "data"
    async with server_factory({"MODEM_TYPE": "scripted"}, data_dir=data_dir) as server:
        await wait_for_snapshot(server.context)
        scripted.script = [reading(downstream(8, errors=100_000))]
        status, body, _ = await server.request("POST", "/api/poll")
        assert status == 200, body
        spikes = await server.context.events.list(EventFilter(event_type="error_spike"), limit=None)
        [spike] = spikes
        assert "spike_suppression" not in body["analysis"]["summary"]
        old = now_epoch() - 50 * 3600
        async with server.context.database.transaction() as connection:
            await server.context.events.delete_before(connection, now_epoch() + 10, [])
            await server.context.events.add(connection, old, [spike])
    async with server_factory({"MODEM_TYPE": "scripted"}, data_dir=data_dir) as server:
        analysis = await wait_for_snapshot(server.context)
    suppression = analysis["summary"]["spike_suppression"]
    assert suppression["active"] is True
    assert suppression["hours_since_spike"] == pytest.approx(50, abs=0.2)
