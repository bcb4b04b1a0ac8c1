"""Inventory, grace period, IP changes and events, driven by a scripted clock."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select

from docsight_server.lan.liveness import own_answer
from docsight_server.lan.models import Device, Status
from docsight_server.lan.neighbours import Neighbour
from docsight_server.lan.repository import LanRepository
from docsight_server.lan.schema import lan_devices
from docsight_server.lan.settings import DEFAULTS, lan_setting, stop_probing_after

from .support import (
    START,
    Clock,
    FakeSettings,
    ScriptedLan,
    lan_database,
    make_monitor,
    set_device,
)

MAC_A = "b8:27:eb:00:00:0a"
MAC_B = "3c:a6:2f:00:00:0b"
IP = "192.168.1.10"


def _types(events: list[dict[str, Any]]) -> list[str]:
    return [event["event_type"] for event in events]


async def test_new_device_raises_discovery_event(tmp_path: Path) -> None:
    """A MAC seen for the first time becomes a device with a CREATED entry and an event."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, context = make_monitor(database, lan, clock)
        with context.hub.subscribe() as queue:
            events = await monitor.run_round()
            published = queue.get_nowait()
        assert _types(events) == ["lan_device_new"]
        assert events[0]["details"]["mac"] == MAC_A
        assert "Raspberry Pi" in events[0]["message"]
        assert published.kind == "event"
        assert published.data == events[0]
        clock.advance(60)
        assert await monitor.run_round() == []  # known now: no second discovery
        repository = LanRepository(database)
        [device] = await repository.devices()
        assert (device.mac, device.ip_addresses, device.vendor) == (
            MAC_A,
            ["192.168.1.10"],
            "Raspberry Pi",
        )
        assert device.first_seen == START
        assert device.status is Status.ONLINE
        history = await repository.history(device.id, START - 10, START + 3600)
        assert history == [{"timestamp": "2023-11-14T22:13:20Z", "type": "CREATED"}]
        assert lan.probed == ["192.168.1.10", "192.168.1.10"]


async def test_device_is_down_only_after_its_grace_period(tmp_path: Path) -> None:
    """A silent device stays ONLINE inside the grace period, goes DOWN at its end, comes back."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _context = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await monitor.run_round()
        device_id = next(iter(monitor.inventory.devices))
        await set_device(database, device_id, importance="VITAL")  # events are for VITAL ones

        lan.remove("192.168.1.10")  # gone: no neighbour entry, no answer
        for _ in range(4):  # 60 .. 240 s of silence
            clock.advance(60)
            assert await monitor.run_round() == []
            assert monitor.inventory.devices[device_id].status is Status.ONLINE
        clock.advance(59)  # 299 s
        assert await monitor.run_round() == []
        clock.advance(1)  # 300 s: the grace period is over
        events = await monitor.run_round()
        assert _types(events) == ["lan_device_down"]
        assert events[0]["severity"] == "warning"
        device = await LanRepository(database).device(device_id)
        assert device is not None
        assert device.status is Status.DOWN
        assert device.last_status_change == START + 300
        assert device.last_seen == START

        clock.advance(600)
        assert await monitor.run_round() == []  # still down: no repeated event
        lan.put("192.168.1.10", MAC_A)
        clock.advance(60)
        events = await monitor.run_round()
        assert _types(events) == ["lan_device_up"]
        history = await LanRepository(database).history(device_id, START, START + 86400)
        assert [entry["type"] for entry in history] == ["CREATED", "DOWN", "UP"]
        assert monitor.inventory.devices[device_id].status is Status.ONLINE


async def test_flapping_inside_grace_leaves_no_history(tmp_path: Path) -> None:
    """Short gaps shorter than the grace period never reach the history."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 120})
        await monitor.run_round()
        for step in range(20):
            if step % 2:
                lan.put("192.168.1.10", MAC_A)
            else:
                lan.remove("192.168.1.10")
            clock.advance(60)
            await monitor.run_round()
        device_id = next(iter(monitor.inventory.devices))
        history = await LanRepository(database).history(device_id, 0, START + 86400)
        assert [entry["type"] for entry in history] == ["CREATED"]


async def test_per_device_grace_period_overrides_default(tmp_path: Path) -> None:
    """A device's own grace_period wins over lan_down_grace_s; FLOATING devices raise no event."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 3600})
        await monitor.run_round()
        device = next(iter(monitor.inventory.devices.values()))
        await set_device(database, device.id, down_grace_s=60)  # read at the next round
        lan.remove("192.168.1.10")
        clock.advance(60)
        assert await monitor.run_round() == []  # FLOATING: history only
        assert device.status is Status.DOWN
        async with database.read() as connection:
            status = (await connection.execute(select(lan_devices.c.status))).scalar_one()
        assert status == "DOWN"


async def test_ip_change_is_recorded(tmp_path: Path) -> None:
    """A known MAC answering on a new address gives IP_CHANGE with old and new addresses."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    lan.put("192.168.1.11", MAC_B)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock)
        assert _types(await monitor.run_round()) == ["lan_device_new", "lan_device_new"]
        lan.remove("192.168.1.10")
        lan.put("192.168.1.99", MAC_A)
        clock.advance(60)
        events = await monitor.run_round()
        assert _types(events) == ["lan_device_ip_change"]
        assert events[0]["details"]["old_ip_addresses"] == ["192.168.1.10"]
        assert events[0]["details"]["value"] == ["192.168.1.99"]
        device = monitor.inventory.by_mac(MAC_A)
        assert device is not None
        assert device.ip_addresses == ["192.168.1.99"]
        history = await LanRepository(database).history(device.id, 0, START + 3600)
        assert history[-1] == {
            "timestamp": "2023-11-14T22:14:20Z",
            "type": "IP_CHANGE",
            "details": {"old_ip": ["192.168.1.10"], "new_ip": ["192.168.1.99"]},
        }
        assert lan.probed[-2:] == ["192.168.1.99", "192.168.1.11"]


async def test_inventory_survives_a_restart(tmp_path: Path) -> None:
    """A new monitor loads the devices and does not rediscover them."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    async with lan_database(tmp_path) as database:
        first, _ = make_monitor(database, lan, clock)
        await first.run_round()
        second, _ = make_monitor(database, lan, clock)
        clock.advance(60)
        assert await second.run_round() == []
        assert [d.mac for d in second.inventory.devices.values()] == [MAC_A]


def test_settings_fall_back_to_defaults() -> None:
    """Unknown keys give the defaults; known keys are coerced to the default's type."""
    settings = FakeSettings({"lan_monitoring_enabled": "true", "lan_probe_interval_s": "30"})
    assert lan_setting(settings, "lan_monitoring_enabled") is True
    assert lan_setting(settings, "lan_probe_interval_s") == 30
    assert lan_setting(settings, "lan_down_grace_s") == DEFAULTS["lan_down_grace_s"] == 300
    assert (
        lan_setting(FakeSettings({"lan_rtd_loss_warning_pct": "x"}), "lan_rtd_loss_warning_pct")
        == 10.0
    )


async def test_gateway_starts_vital_and_user_choices_hold(tmp_path: Path) -> None:
    """The device holding the default gateway address is VITAL; others FLOATING; PATCH wins."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.1", MAC_A)
    lan.put("192.168.1.11", MAC_B)
    lan.gateways = {"192.168.1.1"}
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 60})
        await monitor.run_round()
        router, other = (monitor.inventory.by_mac(mac) for mac in (MAC_A, MAC_B))
        assert router is not None
        assert other is not None
        assert (router.importance, other.importance) == ("VITAL", "FLOATING")
        await set_device(database, router.id, importance="FLOATING")
        await set_device(database, other.id, importance="VITAL")
        lan.remove("192.168.1.1")
        lan.remove("192.168.1.11")
        clock.advance(60)
        events = await monitor.run_round()  # the monitor keeps the user's choice
        assert [(e["event_type"], e["details"]["mac"]) for e in events] == [
            ("lan_device_down", MAC_B)
        ]
        assert router.importance == "FLOATING"


async def test_names_are_refreshed_daily(tmp_path: Path) -> None:
    """Names are looked up for new devices at once and for every device once a day."""
    lan, clock = ScriptedLan(), Clock()
    lan.put("192.168.1.10", MAC_A)
    asked: list[str] = []

    async def lookup(ip: str) -> dict[str, str]:
        asked.append(ip)
        return {"host": f"host-{len(asked)}"}

    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock)
        monitor.name_lookup = lookup
        await monitor.run_round()
        assert asked == ["192.168.1.10"]
        for _ in range(3):
            clock.advance(3600)
            await monitor.run_round()
        assert asked == ["192.168.1.10"]  # known device: no lookup within the day
        clock.advance(86400)
        await monitor.run_round()
        assert asked == ["192.168.1.10", "192.168.1.10"]
        [device] = await LanRepository(database).devices()
        assert device.names == {"host": "host-2"}


async def _history(database: Any, device_id: int) -> list[dict[str, Any]]:
    return await LanRepository(database).history(device_id, 0, START + 90 * 86400)


async def test_reused_address_does_not_keep_a_departed_device_online(tmp_path: Path) -> None:
    """DHCP gives a departed device's address to another MAC: the old device loses it, goes DOWN."""
    lan, clock = ScriptedLan(), Clock()
    lan.put(IP, MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await monitor.run_round()
        await set_device(database, 1, importance="VITAL")
        lan.remove(IP)
        lan.put(IP, MAC_B)  # B answers every probe of the address now
        clock.advance(60)
        events = await monitor.run_round()
        assert _types(events) == ["lan_device_new", "lan_device_ip_change"]
        departed = monitor.inventory.by_mac(MAC_A)
        assert departed is not None
        assert departed.ip_addresses == []
        assert (await _history(database, departed.id))[-1]["details"] == {
            "old_ip": [IP],
            "new_ip": [],
        }
        for _ in range(3):  # 120 .. 240 s of silence
            clock.advance(60)
            assert await monitor.run_round() == []
        clock.advance(60)  # 300 s
        assert _types(await monitor.run_round()) == ["lan_device_down"]
        devices = {d.mac: d for d in await LanRepository(database).devices()}
        assert (devices[MAC_A].status, devices[MAC_A].ip_addresses) == (Status.DOWN, [])
        assert (devices[MAC_B].status, devices[MAC_B].ip_addresses) == (Status.ONLINE, [IP])


class _Reassigned(ScriptedLan):
    """Each probe is answered by MAC_B, which the kernel then lists for the address."""

    async def ping(self, host: str) -> float | None:
        """Answer, and leave B's entry for the address in the table."""
        value = await super().ping(host)
        self.put(host, MAC_B)
        return value


async def test_answer_from_another_mac_is_no_sign_of_life(tmp_path: Path) -> None:
    """A probe answer counts only when the table read after it gives the address to the device."""
    lan, clock = _Reassigned(), Clock()
    lan.put(IP, MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await monitor.run_round()
        [device] = monitor.inventory.devices.values()
        for _ in range(5):  # A's stale entry is still listed when each round starts
            lan.table = [Neighbour(IP, MAC_A, "eth0", "STALE")]
            lan.answers[IP] = 1.0
            clock.advance(60)
            await monitor.run_round()
        assert device.status is Status.DOWN
        assert device.last_seen == START


def test_answer_without_table_entry_counts_unless_another_device_has_the_address() -> None:
    """No entry after the probe: the answer counts unless another device claims the address."""
    device = Device(1, MAC_A, [IP], START, START, START)
    assert own_answer(device, IP, {}, {IP: {1}})
    assert not own_answer(device, IP, {}, {IP: {1, 2}})
    assert own_answer(device, IP, {IP: {MAC_A}}, {IP: {1, 2}})
    assert not own_answer(device, IP, {IP: {MAC_B}}, {IP: {1}})


async def test_grace_period_counts_from_the_start_of_monitoring(tmp_path: Path) -> None:
    """After a restart a device gets its whole grace period: nobody watched while we were off."""
    lan, clock = ScriptedLan(), Clock()
    lan.put(IP, MAC_A)
    async with lan_database(tmp_path) as database:
        first, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await first.run_round()
        await set_device(database, 1, importance="VITAL")
        await first.stop()
        clock.advance(600)  # the add-on is off for 10 minutes (an update)
        lan.remove(IP)  # and the device is silent when it starts again
        second, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        restarted = clock.now
        for _ in range(5):  # 0 .. 240 s after the start
            assert await second.run_round() == []
            clock.advance(60)
        assert clock.now == restarted + 300
        assert _types(await second.run_round()) == ["lan_device_down"]


async def test_grace_period_restarts_when_monitoring_is_enabled_again(tmp_path: Path) -> None:
    """stop() ends the watch; the next round of the same monitor measures silence anew."""
    lan, clock = ScriptedLan(), Clock()
    lan.put(IP, MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await monitor.run_round()
        await monitor.stop()
        clock.advance(3600)
        lan.remove(IP)
        assert await monitor.run_round() == []
        assert monitor.inventory.devices[1].status is Status.ONLINE
        clock.advance(300)
        await monitor.run_round()
        assert monitor.inventory.devices[1].status is Status.DOWN


async def test_own_probe_of_a_stale_entry_is_no_sign_of_life(tmp_path: Path) -> None:
    """Probing a STALE entry moves it to DELAY; that is our doing, not the device answering."""
    lan, clock = ScriptedLan(), Clock()
    lan.put(IP, MAC_A)
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, {"lan_down_grace_s": 300})
        await monitor.run_round()
        await set_device(database, 1, importance="VITAL")
        lan.put(IP, MAC_A, state="STALE", latency=None)  # it left; its entry went stale
        clock.advance(60)
        assert await monitor.run_round() == []
        assert [n.state for n in lan.table] == ["DELAY"]  # what the probe did to the entry
        assert monitor.inventory.devices[1].last_seen == START
        lan.remove(IP)  # the kernel's own unicast probes failed
        clock.advance(240)  # 300 s after the last answer
        assert _types(await monitor.run_round()) == ["lan_device_down"]


async def test_devices_down_for_long_are_not_probed_until_they_return(tmp_path: Path) -> None:
    """Past lan_stop_probing_after_days a DOWN device is not probed until it is in the table."""
    lan, clock = ScriptedLan(), Clock()
    lan.put(IP, MAC_A)
    settings = {"lan_down_grace_s": 60, "lan_stop_probing_after_days": 2}
    async with lan_database(tmp_path) as database:
        monitor, _ = make_monitor(database, lan, clock, settings)
        await monitor.run_round()
        await set_device(database, 1, importance="VITAL")
        lan.remove(IP)
        clock.advance(60)
        assert _types(await monitor.run_round()) == ["lan_device_down"]
        clock.advance(2 * 86400)  # exactly two days DOWN: still probed
        lan.probed.clear()
        await monitor.run_round()
        assert lan.probed == [IP]
        lan.probed.clear()
        for _ in range(3):
            clock.advance(60)
            assert await monitor.run_round() == []
        assert lan.probed == []
        lan.put(IP, MAC_A, state="STALE")  # it asked us for our MAC: back in the table
        clock.advance(60)
        assert _types(await monitor.run_round()) == ["lan_device_up"]
        assert lan.probed == [IP]
        history = await _history(database, 1)
        assert [entry["type"] for entry in history] == ["CREATED", "DOWN", "UP"]


def test_stop_probing_setting_is_clamped() -> None:
    """30 days by default; 0 never stops probing; values are clamped to 0 .. 3650 days."""
    assert stop_probing_after(FakeSettings({})) == 30 * 86400
    assert stop_probing_after(FakeSettings({"lan_stop_probing_after_days": 0})) is None
    assert stop_probing_after(FakeSettings({"lan_stop_probing_after_days": -4})) is None
    assert stop_probing_after(FakeSettings({"lan_stop_probing_after_days": "7"})) == 7 * 86400
    assert stop_probing_after(FakeSettings({"lan_stop_probing_after_days": 10**6})) == (
        3650 * 86400
    )
