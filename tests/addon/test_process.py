"""The server as a process: `python -m docsight_server` starts, serves and stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from pathlib import Path

import aiohttp
import pytest

from .harness import LOOPBACK, free_port

START_TIMEOUT = 30


async def read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> None:
    """Collect output lines until one contains marker."""
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


@pytest.mark.usefixtures("socket_enabled")
async def test_sigterm_stops_cleanly(tmp_path: Path) -> None:
    """SIGTERM ends the process with exit code 0 after closing storage."""
    port = free_port()
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
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
    output: list[str] = []
    try:
        await asyncio.wait_for(read_until(process.stdout, "listening on", output), START_TIMEOUT)
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://{LOOPBACK}:{port}/health") as response,
        ):
            assert (await response.json())["status"] == "ok"
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(read_until(process.stdout, "Stopped", output), START_TIMEOUT)
        assert await asyncio.wait_for(process.wait(), START_TIMEOUT) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert any("Storage closed" in line for line in output)
    assert (
        await asyncio.get_running_loop().run_in_executor(None, integrity, tmp_path / "docsight.db")
        == "ok"
    )
