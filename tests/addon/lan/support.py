"""Test doubles for LAN monitoring: settings, a context, a scripted clock and neighbour table."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from docsight_server.context import ServerContext
from docsight_server.lan.neighbours import Neighbour
from docsight_server.lan.repository import LanRepository
from docsight_server.lan.service import LanMonitor
from docsight_server.lan.validation import DEVICE_PATCH
from docsight_server.outputs.hub import NotificationHub
from docsight_server.storage import Database, open_database
from docsight_server.storage.event_repo import EventStore

START = 1_700_000_000


class FakeSettings:
    """A settings object that knows only the keys it was given (others raise KeyError)."""

    def __init__(self, values: dict[str, Any]) -> None:
        """Keep the values."""
        self.values = values

    def get(self, key: str) -> Any:
        """Return a value or raise KeyError like an unknown key."""
        return self.values[key]


@dataclass
class FakeContext:
    """The parts of ServerContext that LAN monitoring uses."""

    settings: FakeSettings
    database: Database
    events: EventStore
    hub: NotificationHub = field(default_factory=NotificationHub)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: float = START

    def __call__(self) -> float:
        """Return the current scripted time."""
        return self.now

    def advance(self, seconds: float) -> None:
        """Move time forward."""
        self.now += seconds


@dataclass
class ScriptedLan:
    """A neighbour table and ping answers the test edits between rounds."""

    table: list[Neighbour] = field(default_factory=list)
    answers: dict[str, float | None] = field(default_factory=dict)
    probed: list[str] = field(default_factory=list)
    gateways: set[str] = field(default_factory=set)

    def read(self) -> list[Neighbour]:
        """Return the current neighbour table."""
        return list(self.table)

    def read_gateways(self) -> set[str]:
        """Return the scripted default gateways."""
        return set(self.gateways)

    async def ping(self, host: str) -> float | None:
        """Answer from the script (unknown hosts do not answer).

        Like the kernel, sending to an address whose entry is STALE moves the entry to DELAY.
        """
        self.probed.append(host)
        self.table = [
            replace(n, state="DELAY") if n.ip == host and n.state == "STALE" else n
            for n in self.table
        ]
        return self.answers.get(host)

    def put(self, ip: str, mac: str, state: str = "REACHABLE", latency: float | None = 1.0) -> None:
        """Place a device in the table and let it answer pings."""
        self.table = [n for n in self.table if n.ip != ip] + [Neighbour(ip, mac, "eth0", state)]
        self.answers[ip] = latency

    def remove(self, ip: str) -> None:
        """Take an address off the table and stop it answering."""
        self.table = [n for n in self.table if n.ip != ip]
        self.answers.pop(ip, None)


@asynccontextmanager
async def lan_database(tmp_path: Path) -> AsyncIterator[Database]:
    """Open a migrated SQLite database in tmp_path."""
    database = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'lan.db'}")
    try:
        yield database
    finally:
        await database.close()


def make_monitor(
    database: Database,
    lan: ScriptedLan,
    clock: Clock,
    settings: dict[str, Any] | None = None,
) -> tuple[LanMonitor, FakeContext]:
    """Return a monitor over the scripted LAN with no name lookups."""
    context = FakeContext(FakeSettings(dict(settings or {})), database, EventStore(database))
    monitor = LanMonitor(
        cast(ServerContext, context),
        prober=lan.ping,
        clock=clock,
        neighbour_reader=lan.read,
        gateway_reader=lan.read_gateways,
        name_lookup=None,
    )
    return monitor, context


async def set_device(database: Database, device_id: int, **changes: Any) -> None:
    """Change a device's settings the way PATCH /api/lan/devices/{id} does."""
    patch = DEVICE_PATCH.validate(changes)
    assert await LanRepository(database).update_device(device_id, patch) is not None
