"""The monitor's lifecycle and PostgreSQL compatibility of the LAN tables."""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path
from typing import Any, cast

import pytest
from sqlalchemy import select

from docsight_server.context import ServerContext
from docsight_server.demo.line import DemoLine
from docsight_server.demo.seeders import DemoPlan
from docsight_server.lan.demo import seed_lan_devices
from docsight_server.lan.models import Status
from docsight_server.lan.neighbours import Neighbour
from docsight_server.lan.repository import LanRepository
from docsight_server.lan.repository.rtd import read_statistics, write_buckets
from docsight_server.lan.rtd import aggregate
from docsight_server.lan.schema import lan_device_history, lan_rtd_samples
from docsight_server.lan.service import LanMonitor, failure_backoff
from docsight_server.storage import Database, open_database
from docsight_server.storage.bulk import BatchWriter
from docsight_server.storage.event_repo import EventStore

from .support import (
    START,
    Clock,
    FakeContext,
    FakeSettings,
    ScriptedLan,
    lan_database,
    make_monitor,
)

MAC = "b8:27:eb:00:00:0a"


async def test_disabled_monitor_does_not_start(tmp_path: Path) -> None:
    """lan_monitoring_enabled defaults to false: start() runs nothing."""
    lan = ScriptedLan()
    lan.put("192.168.1.10", MAC)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, Clock())
        await monitor.start()
        assert not monitor.running
        assert lan.probed == []


async def test_enabled_monitor_runs_rounds_until_stopped(tmp_path: Path) -> None:
    """Enabled, the background loop runs a round at once; stop() ends it."""
    lan = ScriptedLan()
    lan.put("192.168.1.10", MAC)
    async with lan_database(tmp_path) as database:
        monitor, context = make_monitor(database, lan, Clock(), {"lan_monitoring_enabled": True})
        with context.hub.subscribe() as queue:
            await monitor.start()
            assert monitor.running
            async with asyncio.timeout(30):
                notification = await queue.get()
        assert notification.data["event_type"] == "lan_device_new"
        await monitor.stop()
        assert not monitor.running
        assert [d.mac for d in await LanRepository(database).devices()] == [MAC]
        await monitor.reload()  # still enabled: starts again
        assert monitor.running
        await monitor.stop()


async def test_lan_tables_on_postgresql(postgres_url: str) -> None:
    """Discovery, status, history and RTD statistics work on PostgreSQL too."""
    database = await open_database(postgres_url)
    try:
        lan, clock = ScriptedLan(), Clock()
        lan.put("192.168.1.10", MAC, latency=2.5)
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 60})
        assert [e["event_type"] for e in await monitor.run_round()] == ["lan_device_new"]
        lan.remove("192.168.1.10")
        clock.advance(60)
        await monitor.run_round()
        repository = LanRepository(database)
        [device] = await repository.devices("DOWN")
        history = await repository.history(device.id, START, START + 60)
        assert [entry["type"] for entry in history] == ["CREATED", "DOWN"]
        async with database.transaction() as connection:
            await write_buckets(connection, [aggregate(device.id, START - 600, [1.0, 3.0, None])])
        async with database.read() as connection:
            [stats] = await read_statistics(connection, START)
        assert (stats.avg_min, stats.avg_median, stats.avg_max) == (1.0, 2.0, 3.0)
        assert (stats.latest_sent_packet_count, stats.latest_lost_packet_count) == (3, 1)
    finally:
        await database.close()


async def test_demo_seeder_on_postgresql(postgres_url: str) -> None:
    """The demo LAN seeds through the bulk path of PostgreSQL as well."""
    database = await open_database(postgres_url)
    try:
        context = FakeContext(FakeSettings({}), database, EventStore(database))
        plan = DemoPlan(START, cast(DemoLine, None))
        rows = await seed_lan_devices(BatchWriter(database), cast(ServerContext, context), plan)
        devices = await LanRepository(database).devices()
        assert len(devices) == 12
        assert all(device.is_demo for device in devices)
        async with database.read() as connection:
            stats = await read_statistics(connection, START)
        assert len(stats) == 12
        assert rows > 10000
    finally:
        await database.close()


class _StatusWriteGate:
    """Holds the round inside its status transaction until released."""

    def __init__(self, monitor: LanMonitor) -> None:
        """Wrap the inventory's history writer of `monitor`."""
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.inventory = monitor.inventory
        self.original = monitor.inventory._write_history
        monitor.inventory._write_history = self.write  # type: ignore[method-assign]

    async def write(self, connection: Any, changes: list[Any]) -> None:
        """Wait for the release before writing status changes."""
        if changes:
            self.entered.set()
            await self.release.wait()
        await self.original(connection, changes)

    def remove(self) -> None:
        """Restore the original writer."""
        self.inventory._write_history = self.original  # type: ignore[method-assign]


async def _stored_types(database: Database) -> list[str]:
    history = await LanRepository(database).history(1, 0, START + 86400)
    return [entry["type"] for entry in history]


async def test_round_cancelled_in_its_status_transaction_keeps_memory_as_stored(
    tmp_path: Path,
) -> None:
    """A round cancelled before its commit changes nothing in memory; the next one redoes it."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await monitor.run_round()
        lan.remove("192.168.1.10")
        clock.advance(400)  # beyond the grace period
        gate = _StatusWriteGate(monitor)
        task = asyncio.create_task(monitor.run_round())
        await gate.entered.wait()
        task.cancel()  # what stop() does to a round that does not finish in time
        with contextlib.suppress(asyncio.CancelledError):
            await task
        gate.remove()
        [stored] = await LanRepository(database).devices()
        assert stored.status is Status.ONLINE
        assert monitor.inventory.devices[1].status is Status.ONLINE
        clock.advance(60)
        await monitor.run_round()
        assert await _stored_types(database) == ["CREATED", "DOWN"]
        assert monitor.inventory.devices[1].status is Status.DOWN


async def test_stop_lets_the_round_in_progress_finish(tmp_path: Path) -> None:
    """stop() waits for a running round (bounded) instead of cutting its transaction short."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC)
    settings = {"lan_monitoring_enabled": True, "lan_down_grace_s": 300}
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, settings)
        await monitor.run_round()
        lan.remove("192.168.1.10")
        clock.advance(400)
        gate = _StatusWriteGate(monitor)
        await monitor.start()
        await gate.entered.wait()  # the loop's first round is inside its status transaction
        stopping = asyncio.create_task(monitor.stop())
        await asyncio.sleep(0)  # let stop() begin before the round may go on
        gate.release.set()
        await stopping
        assert not monitor.running
        assert await _stored_types(database) == ["CREATED", "DOWN"]
        assert monitor.inventory.devices[1].status is Status.DOWN


async def test_monitor_survives_failed_rounds_and_a_failed_reload(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A round that fails, then a reload that fails, only pause the loop; it goes on after."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_monitoring_enabled": True})
        loads = 0
        real_load = monitor.inventory.load

        async def load() -> None:
            nonlocal loads
            loads += 1
            if loads == 2:  # the reload after the first failure
                raise OSError("database is locked")
            await real_load()

        reads = 0

        def read() -> list[Neighbour]:
            nonlocal reads
            reads += 1
            if reads == 1:
                raise OSError("ip neigh failed")
            return lan.read()

        pauses: list[float] = []
        third_pause = asyncio.Event()

        async def pause(seconds: float, stopping: asyncio.Event) -> bool:  # the loop's wait
            pauses.append(seconds)
            if len(pauses) == 3:
                third_pause.set()
                await stopping.wait()
            return stopping.is_set()

        monitor.inventory.load = load  # type: ignore[method-assign]
        monitor.neighbour_reader = read
        monitor._pause = pause  # type: ignore[method-assign]
        await monitor.start()
        assert monitor._task is not None
        waiter = asyncio.create_task(third_pause.wait())
        await asyncio.wait({waiter, monitor._task}, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel()
        assert monitor.running
        assert (loads, monitor.rounds, len(pauses)) == (3, 1, 3)  # rounds 1 and 2 failed, 3 ran
        assert "LAN monitoring round failed" in caplog.text
        await monitor.stop()
        assert not monitor.running
        [device] = await LanRepository(database).devices()
        assert device.mac == MAC


def test_failure_backoff_doubles_up_to_a_cap() -> None:
    """Failed rounds in a row pause the loop longer each time, at most 15 minutes."""
    assert [failure_backoff(60, n) for n in (1, 2, 3)] == [60, 120, 240]
    assert failure_backoff(60, 50) == 900


async def _rows(database: Database, device_id: int) -> tuple[int, int]:
    async with database.read() as connection:
        history = await connection.execute(
            select(lan_device_history).where(lan_device_history.c.device_id == device_id)
        )
        samples = await connection.execute(
            select(lan_rtd_samples).where(lan_rtd_samples.c.device_id == device_id)
        )
        return len(history.all()), len(samples.all())


async def test_monitor_forgets_a_device_deleted_through_the_api(tmp_path: Path) -> None:
    """A deleted device's open RTD bucket is dropped, even when SQLite gives its id to a new one."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC)
    lan.put("192.168.1.11", "3c:a6:2f:00:00:0b")
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock)
        for _ in range(3):  # three samples in each device's open bucket
            await monitor.run_round()
            clock.advance(60)
        repository = LanRepository(database)
        assert await repository.delete_device(2)
        assert not await repository.delete_device(2)
        assert await _rows(database, 2) == (0, 0)
        lan.remove("192.168.1.11")
        lan.put("192.168.1.12", "dc:a6:32:00:00:0c")
        events = await monitor.run_round()
        assert [e["event_type"] for e in events] == ["lan_device_new"]
        newcomer = monitor.inventory.by_mac("dc:a6:32:00:00:0c")
        assert newcomer is not None
        assert newcomer.id == 2  # SQLite hands out the deleted id again
        await monitor.stop()  # flushes the open buckets
        assert await _rows(database, 2) == (1, 1)
        [bucket] = await repository.rtd_history(2, 0, START + 86400)
        assert bucket.sent == 1  # the newcomer's one probe; none of the deleted device's
        assert sorted(monitor.inventory.devices) == [1, 2]
