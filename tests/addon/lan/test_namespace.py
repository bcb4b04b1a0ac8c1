"""End to end in network namespaces the test creates: discover, probe, DOWN after the grace.

Two namespaces joined by a veth pair: "host" (where the monitor's blocking work runs, through an
executor thread that entered it) and "device". Nothing touches the test runner's own namespace.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from docsight_server.lan.models import Device, Status
from docsight_server.lan.neighbours import read_default_gateways, read_neighbours
from docsight_server.lan.probing import IcmpProber
from docsight_server.lan.repository import LanRepository
from docsight_server.lan.service import LanMonitor

from .support import Clock, ScriptedLan, lan_database, make_monitor

pytestmark = pytest.mark.usefixtures("socket_enabled")

_COUNTER = itertools.count()
HOST_IP = "10.213.7.1"
DEVICE_IP = "10.213.7.3"
PREFIX = 29  # six hosts: a sweep of the namespace's subnet stays short


def _ip(*args: str) -> str:
    return subprocess.run(["ip", *args], check=True, capture_output=True, text=True).stdout


@dataclass
class Namespaces:
    """The two namespaces and the device's MAC."""

    host: str
    device: str
    device_mac: str

    async def run(self, *args: str) -> None:
        """Run an ip command without blocking the event loop."""
        process = await asyncio.create_subprocess_exec(
            "ip", *args, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE
        )
        _out, err = await process.communicate()
        assert process.returncode == 0, err


@pytest.fixture
def namespaces() -> Iterator[Namespaces]:
    """Create host and device namespaces with a veth pair between them; delete them after."""
    tag = f"{os.getpid() % 100000}x{next(_COUNTER)}"
    host, device = f"dlanh{tag}", f"dland{tag}"
    _ip("netns", "add", host)
    try:
        _ip("netns", "add", device)
        try:
            _ip("-n", host, "link", "add", "lanh0", "type", "veth", "peer", "name", "land0",
                "netns", device)  # fmt: skip
            _ip("-n", host, "addr", "add", f"{HOST_IP}/{PREFIX}", "dev", "lanh0")
            _ip("-n", device, "addr", "add", f"{DEVICE_IP}/{PREFIX}", "dev", "land0")
            for namespace, link in ((host, "lanh0"), (device, "land0")):
                _ip("-n", namespace, "link", "set", "lo", "up")
                _ip("-n", namespace, "link", "set", link, "up")
            links: list[dict[str, Any]] = json.loads(
                _ip("-n", device, "-j", "link", "show", "land0")
            )
            yield Namespaces(host, device, str(links[0]["address"]))
        finally:
            _ip("netns", "del", device)
    finally:
        _ip("netns", "del", host)


@pytest.fixture
def host_executor(namespaces: Namespaces) -> Iterator[ThreadPoolExecutor]:
    """A one-thread executor whose thread lives in the host namespace."""

    def enter() -> None:
        fd = os.open(f"/run/netns/{namespaces.host}", os.O_RDONLY)
        try:
            os.setns(fd, os.CLONE_NEWNET)
        finally:
            os.close(fd)

    executor = ThreadPoolExecutor(max_workers=1, initializer=enter)
    try:
        yield executor
    finally:
        executor.shutdown(wait=True)


def _namespace_monitor(
    monitor: LanMonitor, executor: ThreadPoolExecutor
) -> tuple[LanMonitor, IcmpProber]:
    prober = IcmpProber(executor, timeout=1.0)
    monitor.executor = executor
    monitor.neighbour_reader = read_neighbours
    monitor.gateway_reader = read_default_gateways
    monitor._prober = prober
    return monitor, prober


def _status(device: Device) -> Status:
    return device.status  # read through a call: each round changes it


def _types(events: list[dict[str, Any]]) -> list[str]:
    return [event["event_type"] for event in events]


async def test_device_discovered_probed_and_down_after_grace(
    tmp_path: Path, namespaces: Namespaces, host_executor: ThreadPoolExecutor
) -> None:
    """Ping, find in the neighbour table, probe; remove its address: DOWN after 300 s only."""
    clock = Clock()
    async with lan_database(tmp_path) as database:
        base, _context = make_monitor(database, ScriptedLan(), clock, {"lan_down_grace_s": 300})
        monitor, prober = _namespace_monitor(base, host_executor)
        # the device is the host namespace's router: VITAL from the start, so DOWN is an event
        await namespaces.run("-n", namespaces.host, "route", "add", "default", "via", DEVICE_IP)
        assert await prober(DEVICE_IP) is not None  # fills the host side's neighbour table

        events = await monitor.run_round()
        assert _types(events) == ["lan_device_new"]
        device = monitor.inventory.by_mac(namespaces.device_mac)
        assert device is not None
        assert device.ip_addresses == [DEVICE_IP]
        assert device.status is Status.ONLINE
        assert device.importance == "VITAL"

        await namespaces.run("-n", namespaces.device, "addr", "del", f"{DEVICE_IP}/{PREFIX}",
                             "dev", "land0")  # fmt: skip
        await namespaces.run("-n", namespaces.host, "neigh", "flush", "dev", "lanh0")
        for _ in range(4):  # 60 .. 240 s: real probes fail, the grace period holds
            clock.advance(60)
            assert await monitor.run_round() == []
            assert _status(device) is Status.ONLINE
        clock.advance(60)  # 300 s
        events = await monitor.run_round()
        assert _types(events) == ["lan_device_down"]
        assert _status(device) is Status.DOWN

        await namespaces.run("-n", namespaces.device, "addr", "add", f"{DEVICE_IP}/{PREFIX}",
                             "dev", "land0")  # fmt: skip
        # a fresh resolution solicits at once (a pending one waits for its 1 s retransmit)
        await namespaces.run("-n", namespaces.host, "neigh", "flush", "dev", "lanh0")
        found: list[str] = []
        for _ in range(3):  # the first sign of life brings it UP; one more round is spare
            clock.advance(60)
            found += _types(await monitor.run_round())
            if found:
                break
        assert found == ["lan_device_up"]
        assert _status(device) is Status.ONLINE
        history = await LanRepository(database).history(device.id, 0, int(clock.now))
        assert [entry["type"] for entry in history] == ["CREATED", "DOWN", "UP"]


async def test_sweep_finds_a_silent_device_in_the_namespace(
    tmp_path: Path, namespaces: Namespaces, host_executor: ThreadPoolExecutor
) -> None:
    """With the sweep on, a device nobody talked to yet is found in the host's own subnet."""
    clock = Clock()
    async with lan_database(tmp_path) as database:
        base, _ = make_monitor(database, ScriptedLan(), clock, {"lan_sweep_enabled": True})
        monitor, _prober = _namespace_monitor(base, host_executor)
        events = await monitor.run_round()
        assert _types(events) == ["lan_device_new"]
        assert events[0]["details"]["mac"] == namespaces.device_mac
        assert events[0]["details"]["ip_addresses"] == [DEVICE_IP]
        [device] = monitor.inventory.devices.values()
        assert device.importance == "FLOATING"  # not the gateway: new devices float
