"""Start the real server as a separate process on loopback for measurements."""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp

LOOPBACK = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    """Return a loopback port that is free right now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass
class ServerProcess:
    """A running server process and how long it took to answer /health."""

    process: asyncio.subprocess.Process
    url: str
    startup_seconds: float

    def rss_mb(self, field: str = "VmRSS") -> float:
        """Return the resident memory of the server process in MiB (VmHWM: its peak so far)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
        return 0.0

    def peak_rss_mb(self) -> float:
        """Return the highest resident memory the server process has had, in MiB."""
        return self.rss_mb("VmHWM")

    def cpu_seconds(self) -> float:
        """Return the user+system CPU time the server process has used."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


@asynccontextmanager
async def server_process(
    data_dir: Path, env: dict[str, str], log_path: Path | None = None
) -> AsyncIterator[ServerProcess]:
    """Run `python -m docsight_server` until the block ends, then SIGTERM it."""
    port = free_port()
    full_env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "WEB_HOST": LOOPBACK,
        "WEB_PORT": str(port),
        "LOG_LEVEL": "warning",
        **env,
    }
    started = time.perf_counter()
    log = log_path.open("ab") if log_path is not None else None
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "docsight_server",
        env=full_env,
        stdout=log if log is not None else asyncio.subprocess.DEVNULL,
        stderr=log,
    )
    url = f"http://{LOOPBACK}:{port}"
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(600):
                try:
                    async with session.get(f"{url}/health") as response:
                        if response.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.05)
            else:
                raise RuntimeError("server did not answer /health within 30 s")
        yield ServerProcess(process, url, time.perf_counter() - started)
    finally:
        if process.returncode is None:
            process.terminate()
            await process.wait()
        if log is not None:
            log.close()
