"""POST /api/modem/capture and GET /api/modem/captures/{name} through the real server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from aiohttp import web

from devtools.modem_sim import run_simulator
from devtools.modem_sim.base import LOOPBACK
from docsight_server.config.schema import MASK
from docsight_server.http.keys import CONTEXT

from ..conftest import ServerFactory
from ..harness import RunningServer, wait_for_snapshot

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def first_poll_done(server: RunningServer) -> None:
    """Wait until the scheduler's first poll has stored its reading and let go of the modem."""
    context = server.app[CONTEXT]
    await wait_for_snapshot(context)
    async with context.scheduler.modem_lock():
        pass


async def test_capture_and_download(server_factory: ServerFactory, tmp_path: Path) -> None:
    """The configured modem is captured into the data dir and downloaded as an attachment."""
    async with run_simulator("fritzbox") as sim:
        env = {
            "MODEM_TYPE": "fritzbox",
            "MODEM_URL": sim.url,
            "MODEM_USER": sim.state.user,
            "MODEM_PASSWORD": sim.state.password,
        }
        async with server_factory(env, data_dir=tmp_path / "data") as server:
            await first_poll_done(server)
            status, body, _ = await server.request("POST", "/api/modem/capture")
            assert status == 200, body
            assert body["ok"] is True
            assert body["error"] is None
            assert (body["ds_channels"], body["us_channels"]) == (18, 5)
            assert body["requests"] >= 4
            saved = Path(body["path"])
            assert saved.parent == (tmp_path / "data" / "captures").resolve()
            assert saved.name == body["name"]
            status, document, response = await server.request(
                "GET", f"/api/modem/captures/{body['name']}"
            )
    assert status == 200
    assert response.content_type == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{body["name"]}"'
    assert document == json.loads(saved.read_text())
    assert document["driver"] == "fritzbox"
    assert len(document["exchanges"]) == body["requests"]
    assert sim.state.password not in saved.read_text()


async def test_body_overrides_the_settings(server_factory: ServerFactory, tmp_path: Path) -> None:
    """An unconfigured server captures the modem the body names (as /api/test-modem takes it)."""
    async with run_simulator("hitron") as sim, server_factory(data_dir=tmp_path / "d") as server:
        status, body, _ = await server.request(
            "POST", "/api/modem/capture", json={"modem_type": "hitron", "modem_url": sim.url}
        )
    assert status == 200, body
    assert body["ok"]
    assert body["name"].startswith("capture-hitron-")


async def test_failed_poll_still_writes_the_capture(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """A refused login is reported (ok false, the error) and the exchanges are kept."""
    async with run_simulator("tc4400") as sim, server_factory(data_dir=tmp_path / "d") as server:
        request = {"modem_type": "tc4400", "modem_url": sim.url, "modem_password": "Wr0ng-pw"}
        status, body, _ = await server.request("POST", "/api/modem/capture", json=request)
    assert status == 200
    assert body["ok"] is False
    assert "DriverAuthError" in body["error"]
    assert body["requests"] >= 1
    assert Path(body["path"]).is_file()
    assert "Wr0ng-pw" not in Path(body["path"]).read_text()


async def test_unknown_modem_type_is_400(open_server: object) -> None:
    """A driver key nobody registered is refused before anything is contacted."""
    server = open_server
    status, body, _ = await server.request(  # type: ignore[attr-defined]
        "POST", "/api/modem/capture", json={"modem_type": "no-such-modem"}
    )
    assert status == 400
    assert "no-such-modem" in body["error"]


@pytest.mark.parametrize(
    ("name", "statuses"),
    [
        ("capture-fritzbox-20240101T000000Z.json", (404,)),
        ("..%2Fx", (400, 404)),
        ("..%2F..%2Fdocsight.db", (400, 404)),
        ("capture-x-20240101T000000Z.json%00", (400, 404)),
        ("options.json", (400,)),
    ],
)
async def test_download_refuses_unknown_and_foreign_names(
    open_server: object, name: str, statuses: tuple[int, ...]
) -> None:
    """Unknown captures are 404; anything not a capture name never reaches the file system."""
    status, body, _ = await open_server.request(  # type: ignore[attr-defined]
        "GET", f"/api/modem/captures/{name}"
    )
    assert status in statuses, body
    assert set(body) == {"error"}


@asynccontextmanager
async def hanging_modem(entered: asyncio.Event, release: asyncio.Event) -> AsyncIterator[str]:
    """A loopback modem that answers nothing until released (a slow poll in progress)."""

    async def hang(request: web.Request) -> web.Response:
        entered.set()
        await release.wait()
        return web.Response(status=503)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", hang)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, LOOPBACK, 0)
    await site.start()
    try:
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        yield f"http://{LOOPBACK}:{port}"
    finally:
        release.set()
        await runner.cleanup()


async def test_second_capture_while_one_runs_is_409(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """One capture at a time: a second request while the first polls gets 409."""
    entered, release = asyncio.Event(), asyncio.Event()
    async with (
        hanging_modem(entered, release) as url,
        server_factory(data_dir=tmp_path / "d") as server,
    ):
        request = {"modem_type": "sb6141", "modem_url": url}
        first = asyncio.create_task(server.request("POST", "/api/modem/capture", json=request))
        await entered.wait()
        second_status, second_body, _ = await server.request(
            "POST", "/api/modem/capture", json=request
        )
        release.set()
        status, body, _ = await first
    assert second_status == 409
    assert second_body["error"] == "A poll is running; try again in a few seconds"
    assert status == 200
    assert body["ok"] is False


@pytest.mark.parametrize(
    "override",
    [
        {"modem_url": "OTHER"},
        {"modem_url": "OTHER", "modem_password": MASK},
        {"modem_user": "someone-else"},
        {"modem_type": "sb6141"},
    ],
    ids=["other-url", "other-url-mask", "other-user", "other-type"],
)
async def test_stored_password_only_for_the_configured_modem(
    server_factory: ServerFactory, tmp_path: Path, override: dict[str, str]
) -> None:
    """Another address, user or type without a password is refused: the stored one stays home."""
    async with (
        run_simulator("tc4400") as sim,
        run_simulator("tc4400") as other,
    ):
        env = {
            "MODEM_TYPE": "tc4400",
            "MODEM_URL": sim.url,
            "MODEM_USER": sim.state.user,
            "MODEM_PASSWORD": sim.state.password,
        }
        async with server_factory(env, data_dir=tmp_path / "d") as server:
            await first_poll_done(server)
            request = {
                key: other.url if value == "OTHER" else value for key, value in override.items()
            }
            status, body, _ = await server.request("POST", "/api/modem/capture", json=request)
    assert status == 400
    assert body["error"].startswith("Send the modem password when testing another address")
    assert not other.state.hits
    assert not (tmp_path / "d" / "captures").exists()


async def test_another_modem_with_its_password_is_captured(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """With its own password sent, another address is captured with that password."""
    async with (
        run_simulator("tc4400") as sim,
        run_simulator("tc4400", password="Oth3r-pw") as other,
    ):
        env = {"MODEM_TYPE": "tc4400", "MODEM_URL": sim.url, "MODEM_PASSWORD": sim.state.password}
        async with server_factory(env, data_dir=tmp_path / "d") as server:
            await first_poll_done(server)
            request = {"modem_url": other.url, "modem_user": "admin", "modem_password": "Oth3r-pw"}
            status, body, _ = await server.request("POST", "/api/modem/capture", json=request)
    assert status == 200, body
    assert body["ok"] is True, body["error"]
    assert other.state.hits


async def test_capture_while_the_collector_polls_is_409(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """The capture takes the collector's poll lock: a running scheduled poll makes it wait."""
    entered, release = asyncio.Event(), asyncio.Event()
    async with hanging_modem(entered, release) as url:
        env = {"MODEM_TYPE": "sb6141", "MODEM_URL": url}
        async with server_factory(env, data_dir=tmp_path / "d") as server:
            await entered.wait()  # the scheduler's first poll is waiting for the modem
            status, body, _ = await server.request("POST", "/api/modem/capture")
            release.set()
    assert status == 409
    assert body["error"] == "A poll is running; try again in a few seconds"
    assert not (tmp_path / "d" / "captures").exists()
