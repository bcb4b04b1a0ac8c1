"""The monitor's lifecycle and PostgreSQL compatibility of the LAN tables."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import cast

from docsight_server.context import ServerContext
from docsight_server.demo.line import DemoLine
from docsight_server.demo.seeders import DemoPlan
from docsight_server.lan.demo import seed_lan_devices
from docsight_server.lan.repo import LanRepository
from docsight_server.lan.rtd import aggregate, read_statistics, write_buckets
from docsight_server.storage import open_database
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
        async with database.transaction() as connection:
            rows = await seed_lan_devices(connection, cast(ServerContext, context), plan)
        devices = await LanRepository(database).devices()
        assert len(devices) == 12
        assert all(device.is_demo for device in devices)
        async with database.read() as connection:
            stats = await read_statistics(connection, START)
        assert len(stats) == 12
        assert rows > 10000
    finally:
        await database.close()
