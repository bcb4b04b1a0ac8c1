"""Serve a modem capture on loopback so the real driver can poll it like the modem."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from aiohttp import web

from docsight_server.drivers.capture.fileformat import Capture
from docsight_server.drivers.capture.matching import ExchangeBook, Request
from docsight_server.drivers.capture.runner import DEFAULT_REPLAY_PASSWORD
from docsight_server.drivers.capture.sealing import sealer

from .base import LOOPBACK, self_signed_context

#: Answer headers aiohttp writes itself.
_OWN_HEADERS = frozenset(("content-length", "content-type", "server", "date"))


def _cookie_for_any_host(value: str) -> str:
    """Drop a Set-Cookie Domain: the replay answers on another host than the modem did."""
    parts = [part for part in value.split(";") if not part.strip().lower().startswith("domain=")]
    return ";".join(parts)


def replay_app(capture: Capture, password: str = DEFAULT_REPLAY_PASSWORD) -> web.Application:
    """Return an app answering every request from the capture (404 for unrecorded ones)."""
    book = ExchangeBook(capture.exchanges, sealer(capture.driver, capture.exchanges, password))

    async def answer(request: web.Request) -> web.Response:
        body = await request.text() if request.can_read_body else ""
        exchange = book.answer(
            Request(
                request.method,
                request.path,
                request.query_string,
                tuple(request.headers.items()),
                body,
            )
        )
        response = web.Response(status=exchange.status, text=exchange.body)
        content_type = exchange.header("Content-Type")
        if content_type:
            response.headers["Content-Type"] = content_type
        for name, value in exchange.headers:
            if name.lower() == "set-cookie":
                response.headers.add(name, _cookie_for_any_host(value))
            elif name.lower() not in _OWN_HEADERS:
                response.headers.add(name, value)
        return response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    return app


@dataclass(frozen=True, slots=True)
class RunningReplay:
    """A capture served on loopback."""

    url: str
    port: int
    password: str


@asynccontextmanager
async def run_replay(
    capture: Capture,
    *,
    password: str = DEFAULT_REPLAY_PASSWORD,
    tls: bool = False,
    port: int = 0,
) -> AsyncIterator[RunningReplay]:
    """Serve a capture on loopback (port 0 = any free port) and stop it afterwards."""
    runner = web.AppRunner(replay_app(capture, password), access_log=None)
    await runner.setup()
    with tempfile.TemporaryDirectory() as directory:
        context = self_signed_context(Path(directory)) if tls else None
        site = web.TCPSite(runner, LOOPBACK, port, ssl_context=context)
        await site.start()
        try:
            bound = int(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
            scheme = "https" if tls else "http"
            yield RunningReplay(f"{scheme}://{LOOPBACK}:{bound}", bound, password)
        finally:
            await runner.cleanup()
