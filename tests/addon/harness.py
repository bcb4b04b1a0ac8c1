"""Runs the real add-on application on loopback ports for tests."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import AsyncIterator, Iterable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from docsight_server.app import build_context, create_app
from docsight_server.context import ServerContext
from docsight_server.demo.collector import DemoCollector
from docsight_server.feature import Feature
from docsight_server.features import FEATURES
from docsight_server.http.keys import CONTEXT
from docsight_server.http.transport import make_runner, start_site
from docsight_server.runtime import load_runtime

from .contract import check_answer, route_of

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """Return a loopback port that is free right now."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    """A started server with an HTTP client session (cookie jar included)."""

    app: web.Application
    port: int
    ingress_port: int | None
    session: aiohttp.ClientSession

    @property
    def url(self) -> str:
        """Return the base URL of the API port."""
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def ingress_url(self) -> str:
        """Return the base URL of the ingress port."""
        return f"http://{LOOPBACK}:{self.ingress_port}"

    @property
    def context(self) -> ServerContext:
        """Return the server's context (settings, storage, auth, scheduler)."""
        return self.app[CONTEXT]

    async def request(
        self, method: str, path: str, *, token: str | None = None, **kwargs: Any
    ) -> tuple[int, Any, aiohttp.ClientResponse]:
        """Call the API port; return (status, parsed JSON or text, response)."""
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        async with self.session.request(
            method, self.url + path, headers=headers, allow_redirects=False, **kwargs
        ) as response:
            parsed = response.content_type == "application/json"
            body: Any = await response.json() if parsed else await response.text()
        route_def = await route_of(self.app, method, path)
        if route_def is not None:
            check_answer(route_def, response.status, response.content_type, body, parsed=parsed)
        return response.status, body, response


def server_env(data_dir: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return an environment for a server with its data in data_dir."""
    env = {"DATA_DIR": str(data_dir), "WEB_HOST": LOOPBACK}
    env.update(extra or {})
    return env


@asynccontextmanager
async def running_server(
    data_dir: Path,
    env: Mapping[str, str] | None = None,
    *,
    ingress: bool = False,
    features: Iterable[Feature] = FEATURES,
) -> AsyncIterator[RunningServer]:
    """Start the application (from `features`) on free loopback ports; stop it afterwards."""
    port = free_port()
    full_env = server_env(data_dir, env)
    full_env["WEB_PORT"] = str(port)
    ingress_port = None
    if ingress:
        ingress_port = free_port()
        full_env["INGRESS_PORT"] = str(ingress_port)
        full_env.setdefault("INGRESS_ALLOWED_PEERS", LOOPBACK)
    runtime = load_runtime(full_env)
    app = await create_app(runtime, full_env, features)
    runner = make_runner(app)  # as server.serve runs it: guarded connections, limits
    await runner.setup()
    try:
        await start_site(runner, LOOPBACK, port)
        if ingress_port is not None:
            await start_site(runner, LOOPBACK, ingress_port)
        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as session:
            yield RunningServer(app, port, ingress_port, session)
    finally:
        await runner.cleanup()


async def wait_for_snapshot(context: ServerContext, limit: float = 60.0) -> dict[str, Any]:
    """Return the live analysis, waiting for the first poll's snapshot notification if needed."""
    with context.hub.subscribe() as queue:
        async with asyncio.timeout(limit):
            while context.state.analysis is None:
                await queue.get()
    return context.state.analysis


def seed_demo_data_dir(data_dir: Path) -> None:
    """Seed the 270-day demo history into data_dir (own thread and loop; call from sync code)."""

    async def seed() -> None:
        env = server_env(data_dir, {"DEMO_MODE": "true"})
        context, _, _ = await build_context(load_runtime(env), env)
        try:
            await DemoCollector(context).ensure_history()
        finally:
            await context.database.close()

    errors: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(seed())
        except BaseException as err:  # re-raised in the caller's thread
            errors.append(err)

    thread = threading.Thread(target=run, name="demo-seed")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
