"""The server as a process: `python -m docsight_server` starts, serves and stops on SIGTERM.

The Supervisor kills an add-on that has not stopped within the `timeout` of its config.yaml:
that is the bound these tests hold the stop to. Starting is not bounded by anything we
promise, so its limit is only generous enough for a busy machine.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
import yaml

from docsight_server.__main__ import arm_stop_deadline

from .harness import LOOPBACK, free_port

START_LIMIT = 120
CONFIG_YAML = Path(__file__).parents[2] / "addon" / "config.yaml"
#: What the add-on promises the Supervisor: stopped within its configured timeout.
STOP_LIMIT = int(yaml.safe_load(CONFIG_YAML.read_text(encoding="utf-8"))["timeout"])


async def read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> None:
    """Collect output lines until one contains marker (or one seen already does)."""
    if any(marker in line for line in seen):
        return
    while True:
        line = (await stream.readline()).decode()
        if not line:
            raise AssertionError(f"process ended before {marker!r}: {''.join(seen)}")
        seen.append(line)
        if marker in line:
            return


def integrity(database: Path) -> str:
    """Return SQLite's integrity verdict for a database file."""
    with sqlite3.connect(database) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def demo_state(database: Path) -> tuple[int, bool]:
    """Return (demo snapshots stored, whether the history is marked complete)."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        count = connection.execute("SELECT count(*) FROM snapshots WHERE is_demo").fetchone()[0]
        marked = connection.execute(
            "SELECT count(*) FROM instance_meta WHERE key = 'demo_seeded_at'"
        ).fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0, False
    finally:
        connection.close()
    return int(count), bool(marked)


async def in_thread[T](function: Callable[..., T], *args: object) -> T:
    """Run a blocking function off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, function, *args)


@dataclass
class Server:
    """A server process and the port it listens on."""

    process: asyncio.subprocess.Process
    port: int


@asynccontextmanager
async def server_process(data_dir: Path, output: list[str]) -> AsyncIterator[Server]:
    """Start a demo server on data_dir; yield it once it listens; kill it if still running."""
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "WEB_HOST": LOOPBACK,
        "WEB_PORT": str(port),
        "DEMO_MODE": "true",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "docsight_server",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    try:
        await asyncio.wait_for(read_until(process.stdout, "listening on", output), START_LIMIT)
        yield Server(process, port)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def stop_within_the_timeout(server: Server, output: list[str]) -> None:
    """Send SIGTERM; the process must end with code 0 within the add-on's timeout."""
    process = server.process
    assert process.stdout is not None
    process.send_signal(signal.SIGTERM)
    async with asyncio.timeout(STOP_LIMIT):
        await read_until(process.stdout, "Stopped", output)
        assert await process.wait() == 0


@pytest.mark.usefixtures("socket_enabled")
async def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    """SIGTERM ends the process with exit code 0 after closing storage."""
    output: list[str] = []
    async with server_process(tmp_path, output) as server:
        url = f"http://{LOOPBACK}:{server.port}/health"
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            assert (await response.json())["status"] == "ok"
        await stop_within_the_timeout(server, output)
    assert any("Storage closed" in line for line in output)
    assert await in_thread(integrity, tmp_path / "docsight.db") == "ok"


async def _until_seeding_wrote(database: Path) -> int:
    """Return the demo snapshots stored once seeding has committed its first batches."""
    while True:
        count, marked = await in_thread(demo_state, database)
        assert not marked, "seeding finished before the test could stop it"
        if count:
            return count
        await asyncio.sleep(0.1)  # polling the file: no notification reaches the test


@pytest.mark.usefixtures("socket_enabled")
async def test_sigterm_during_demo_seeding(tmp_path: Path) -> None:
    """A stop mid-seeding is quick and clean; the next start seeds the history again."""
    database = tmp_path / "docsight.db"
    output: list[str] = []
    async with server_process(tmp_path, output) as server:
        await asyncio.wait_for(_until_seeding_wrote(database), START_LIMIT)
        await stop_within_the_timeout(server, output)
    assert any("Demo seeding stopped half-way" in line for line in output), "".join(output)
    assert any("Storage closed" in line for line in output)
    assert await in_thread(integrity, database) == "ok"
    count, marked = await in_thread(demo_state, database)
    assert count > 0
    assert not marked  # a partial history is never taken for a complete one

    again: list[str] = []
    async with server_process(tmp_path, again) as server:
        assert server.process.stdout is not None
        seeding = read_until(server.process.stdout, "Seeding the demo history", again)
        await asyncio.wait_for(seeding, START_LIMIT)
        await stop_within_the_timeout(server, again)
    assert await in_thread(integrity, database) == "ok"


async def test_a_hanging_stop_ends_at_the_deadline() -> None:
    """Once the stop begins, a timer ends the process even if a part never returns."""
    stop = asyncio.Event()
    fired = threading.Event()
    arming = asyncio.create_task(arm_stop_deadline(stop, 0.01, lambda _seconds: fired.set()))
    await asyncio.sleep(0)
    assert not arming.done()  # nothing runs before the stop is asked for
    stop.set()
    timer = await arming
    assert timer.daemon  # never keeps the process alive by itself
    assert await in_thread(fired.wait, STOP_LIMIT)
