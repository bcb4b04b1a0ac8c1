"""A stand-in for the Supervisor's /discovery and /addons/self/info on loopback."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .harness import LOOPBACK, free_port


@dataclass
class FakeSupervisor:
    """Records discovery messages; can be told to fail the next N calls."""

    token: str
    url: str = ""
    messages: list[dict[str, Any]] = field(default_factory=list)
    fail_next: int = 0
    #: The add-on's Supervisor-network address; None answers like a broken Supervisor.
    ip_address: str | None = "127.0.0.2"

    async def discovery(self, request: web.Request) -> web.Response:
        """Accept POST /discovery like the Supervisor does."""
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"result": "error", "message": "Unauthorized"}, status=401)
        if self.fail_next:
            self.fail_next -= 1
            return web.json_response({"result": "error", "message": "busy"}, status=500)
        body = await request.json()
        self.messages.append(body)
        return web.json_response({"result": "ok", "data": {"uuid": uuid.uuid4().hex}})

    async def addon_info(self, request: web.Request) -> web.Response:
        """Answer GET /addons/self/info with the fields the add-on reads."""
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"result": "error", "message": "Unauthorized"}, status=401)
        if self.ip_address is None:
            return web.json_response({"result": "error", "message": "busy"}, status=500)
        data = {"slug": "local_docsight", "ip_address": self.ip_address, "state": "started"}
        return web.json_response({"result": "ok", "data": data})


@asynccontextmanager
async def fake_supervisor(token: str) -> AsyncIterator[FakeSupervisor]:
    """Run a FakeSupervisor on a free loopback port."""
    supervisor = FakeSupervisor(token)
    app = web.Application()
    app.router.add_post("/discovery", supervisor.discovery)
    app.router.add_get("/addons/self/info", supervisor.addon_info)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, LOOPBACK, port).start()
    supervisor.url = f"http://{LOOPBACK}:{port}"
    try:
        yield supervisor
    finally:
        await runner.cleanup()
