"""Under the Supervisor (host networking) the server listens on the Supervisor network only."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import sys
from pathlib import Path

import aiohttp
import pytest
import pytest_socket

from docsight_server.listen import listen_host
from docsight_server.runtime import Runtime

from .fake_supervisor import FakeSupervisor, fake_supervisor
from .harness import LOOPBACK, free_port
from .test_process import START_LIMIT, read_until

pytestmark = pytest.mark.usefixtures("socket_enabled")

TOKEN = "supervisor-secret"


def supervised(supervisor: FakeSupervisor, tmp_path: Path, **options: object) -> Runtime:
    """Return a supervised runtime that would listen everywhere (0.0.0.0)."""
    return Runtime(
        data_dir=tmp_path,
        supervisor_token=TOKEN,
        supervisor_url=supervisor.url,
        options=options,
    )


async def test_unsupervised_listens_where_told(tmp_path: Path) -> None:
    """Outside the Supervisor WEB_HOST is used as it is."""
    assert await listen_host(Runtime(data_dir=tmp_path, web_host="127.0.0.1")) == "127.0.0.1"


async def test_supervised_listens_on_the_supervisor_network(tmp_path: Path) -> None:
    """The add-on's own address from /addons/self/info replaces 0.0.0.0."""
    async with fake_supervisor(TOKEN) as supervisor:
        supervisor.ip_address = "172.30.32.1"
        assert await listen_host(supervised(supervisor, tmp_path)) == "172.30.32.1"


async def test_api_on_lan_listens_everywhere(tmp_path: Path) -> None:
    """The api_on_lan option keeps WEB_HOST (every address of the host)."""
    async with fake_supervisor(TOKEN) as supervisor:
        runtime = supervised(supervisor, tmp_path, api_on_lan=True)
        assert await listen_host(runtime) == "0.0.0.0"


@pytest.mark.parametrize("answer", [None, "0.0.0.0", "not-an-address"])
async def test_unusable_answer_falls_back_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, answer: str | None
) -> None:
    """A failing Supervisor or a useless address leaves WEB_HOST, and says so."""
    async with fake_supervisor(TOKEN) as supervisor:
        supervisor.ip_address = answer
        with caplog.at_level(logging.WARNING, logger="docsight_server.listen"):
            assert await listen_host(supervised(supervisor, tmp_path)) == "0.0.0.0"
    assert "Supervisor-network address" in caplog.text


async def test_wrong_token_falls_back(tmp_path: Path) -> None:
    """A refused request is a failure like any other."""
    async with fake_supervisor(TOKEN) as supervisor:
        runtime = dataclasses.replace(supervised(supervisor, tmp_path), supervisor_token="wrong")
        assert await listen_host(runtime) == "0.0.0.0"


async def _health(host: str, port: int) -> int | str:
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://{host}:{port}/health") as response,
        ):
            return response.status
    except aiohttp.ClientConnectorError as err:
        return type(err.os_error).__name__


async def test_supervised_process_answers_only_on_its_address(tmp_path: Path) -> None:
    """`python -m docsight_server` under a Supervisor listens on 127.0.0.2, not WEB_HOST."""
    pytest_socket.socket_allow_hosts([LOOPBACK, "127.0.0.2"], allow_unix_socket=True)
    port, ingress = free_port(), free_port()
    async with fake_supervisor(TOKEN) as supervisor:
        env = {
            **os.environ,
            "DATA_DIR": str(tmp_path),
            "WEB_HOST": LOOPBACK,  # stands in for 0.0.0.0: where the API would be on the LAN
            "WEB_PORT": str(port),
            "INGRESS_PORT": str(ingress),
            "DEMO_MODE": "true",
            "SUPERVISOR_TOKEN": TOKEN,
            "SUPERVISOR_URL": supervisor.url,
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
            await asyncio.wait_for(
                read_until(process.stdout, "Ingress listening", output), START_LIMIT
            )
            assert await _health("127.0.0.2", port) == 200
            assert await _health(LOOPBACK, port) == "ConnectionRefusedError"
            assert await _health(LOOPBACK, ingress) == "ConnectionRefusedError"
        finally:
            process.kill()  # a clean stop is test_process's subject; this one is done
            await process.wait()
    assert any("DOCSight listening on 127.0.0.2" in line for line in output), output
