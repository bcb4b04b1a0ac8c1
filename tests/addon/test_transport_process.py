"""The transport limits in the real server process: memory under hostile uploads, and
/health while idle sockets outnumber the open-files limit."""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .harness import LOOPBACK, free_port
from .raw_http import (
    BOUNDARY,
    HANG,
    chunked,
    connect,
    multipart_field,
    read_answer,
    request_head,
    send_streaming,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

UPLOAD = 50 * 1024 * 1024
MIB = 1024 * 1024
#: Run the server with a lower open-files limit (the Supervisor's containers have 1,024).
_LAUNCH = (
    "import resource, runpy, sys\n"
    "soft = int(sys.argv[1])\n"
    "if soft:\n"
    "    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, resource.getrlimit("
    "resource.RLIMIT_NOFILE)[1]))\n"
    "sys.argv = ['docsight_server']\n"
    "runpy.run_module('docsight_server', run_name='__main__', alter_sys=True)\n"
)


@dataclass
class ServerProcess:
    """A `python -m docsight_server` process and its output so far."""

    process: asyncio.subprocess.Process
    port: int
    lines: list[str] = field(default_factory=list)

    def memory_kib(self) -> dict[str, int]:
        """Return VmRSS and VmHWM (peak) of the process in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = {}
        for line in status.splitlines():
            name, _, rest = line.partition(":")
            if name in ("VmRSS", "VmHWM"):
                values[name] = int(rest.split()[0])
        return values


async def _collect(stream: asyncio.StreamReader, lines: list[str], ready: asyncio.Event) -> None:
    while line := (await stream.readline()).decode(errors="replace"):
        lines.append(line)
        if "listening on" in line:
            ready.set()


@asynccontextmanager
async def server_process(
    data_dir: Path, env: dict[str, str], nofile: int = 0
) -> AsyncIterator[ServerProcess]:
    """Start the server process on a free port (optionally with a lower open-files limit)."""
    port = free_port()
    full_env = {
        **os.environ,
        "DATA_DIR": str(data_dir),
        "WEB_HOST": LOOPBACK,
        "WEB_PORT": str(port),
        **env,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        _LAUNCH,
        str(nofile),
        env=full_env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    assert process.stdout is not None
    running = ServerProcess(process, port)
    ready = asyncio.Event()
    reader = asyncio.ensure_future(_collect(process.stdout, running.lines, ready))
    try:
        async with asyncio.timeout(HANG):
            await ready.wait()
        yield running
    finally:
        if process.returncode is None:
            process.terminate()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(HANG):
                    await process.wait()
        if process.returncode is None:
            process.kill()
            await process.wait()
        await reader


async def get_health(port: int) -> int:
    """Return the status of GET /health from a fresh connection."""
    async with connect(port) as (reader, writer):
        writer.write(request_head("GET", "/health", {}))
        async with asyncio.timeout(HANG):
            return (await read_answer(reader)).status


async def test_concurrent_50_mb_anonymous_uploads_leave_memory_flat(tmp_path: Path) -> None:
    """8 concurrent chunked 50 MB multipart POST /login: each 413, the server barely grows."""
    async with server_process(tmp_path, {"ADMIN_PASSWORD": "correct horse"}) as server:
        assert await get_health(server.port) == 200
        before = server.memory_kib()
        head = request_head(
            "POST",
            "/login",
            {
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
                "Transfer-Encoding": "chunked",
            },
        )
        answers = await asyncio.gather(
            *(
                send_streaming(server.port, head, chunked(multipart_field("password", UPLOAD)))
                for _ in range(8)
            )
        )
        after = server.memory_kib()
        assert [answer.status for answer in answers] == [413] * 8
        assert all(answer.sent < UPLOAD for answer in answers)
        grown = (after["VmRSS"] - before["VmRSS"]) * 1024
        peak_grown = (after["VmHWM"] - before["VmHWM"]) * 1024
        assert grown < 20 * MIB, (before, after)
        assert peak_grown < 20 * MIB, (before, after)


def _client_room(sockets: int) -> bool:
    """Make room for `sockets` client sockets in this process; False when the hard limit forbids."""
    want = sockets + 256
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft >= want:
        return True
    if hard != resource.RLIM_INFINITY and hard < want:
        return False
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return True


async def test_health_answers_while_idle_sockets_exceed_the_open_files_limit(
    tmp_path: Path,
) -> None:
    """1,100 idle sockets at a 1,024 open-files limit: /health answers 5 of 5, logs stay short.

    (300 at 256 where this process may not hold 1,100 sockets itself.)
    """
    nofile, sockets = (1024, 1100) if _client_room(1100) else (256, 300)
    async with server_process(tmp_path, {}, nofile=nofile) as server:
        started = len(server.lines)
        idle = []
        try:
            for number in range(sockets):
                reader, writer = await asyncio.open_connection(LOOPBACK, server.port)
                if number % 2:
                    writer.write(b"GET /hea")  # half a request line
                idle.append(writer)
            statuses = [await get_health(server.port) for _ in range(5)]
        finally:
            for writer in idle:
                writer.close()
        assert statuses == [200] * 5
        new_lines = server.lines[started:]
        assert len(new_lines) < 20, "".join(new_lines[:40])
        assert not [line for line in new_lines if "out of system resource" in line]
