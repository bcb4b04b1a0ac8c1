"""Connections of the HTTP server: a cap below the open-files limit, deadlines, head size.

aiohttp closes idle keep-alive connections (`keepalive_timeout`) but has no deadline for a
connection's first request, no bound on a request head's total size and no connection cap, so
idle sockets could take every descriptor and starve `/health`. Each accepted connection is
wrapped in a `GuardedProtocol` that reports to the app's `ConnectionGuard`:

- a new connection must send a complete request head within `header_timeout`;
- bytes received while no request is in progress (a request head) are bounded;
- at the cap, the connection idle for longest is closed to admit the new one (busy ones are
  never closed; with none idle, the new connection is closed at once).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

from aiohttp import web

from .headers import SERVER_NAME
from .limits import TransportLimits
from .malformed import handler_for

_LOGGER = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

#: Bytes of one request head (request line and headers): eight of aiohttp's longest lines.
MAX_HEAD_BYTES = 64 * 1024
HEAD_END = b"\r\n\r\n"
_HEAD_TOO_LARGE_BODY = (
    f'{{"error": "Malformed request: head above {MAX_HEAD_BYTES} bytes"}}'.encode()
)
#: The answer to a head over MAX_HEAD_BYTES (no request exists to route it through aiohttp).
HEAD_TOO_LARGE = (
    b"HTTP/1.1 400 Bad Request\r\n"
    b"Content-Type: application/json; charset=utf-8\r\n"
    b"Content-Length: " + str(len(_HEAD_TOO_LARGE_BODY)).encode() + b"\r\n"
    b"Server: " + SERVER_NAME.encode() + b"\r\n"
    b"X-Content-Type-Options: nosniff\r\n"
    b"Connection: close\r\n\r\n" + _HEAD_TOO_LARGE_BODY
)
#: Seconds between two warnings about connections closed at the cap.
WARNING_INTERVAL = 60.0


@dataclass(slots=True)
class Connection:
    """One open connection as the guard sees it."""

    transport: asyncio.Transport
    deadline: asyncio.TimerHandle | None
    waiting: bool = True  # no request in progress: what arrives is a request head
    head_bytes: int = 0
    head_tail: bytes = b""  # the last bytes of the head so far (its end can span two reads)
    requests_before: int = 0  # requests aiohttp had parsed when this head began

    def count_head(self, data: bytes) -> bool:
        """Count bytes of a request head; return False once the head is too large.

        Counting stops at the blank line that ends the head: a body arriving with it is
        bounded by the route's body cap, not here.
        """
        seen = self.head_tail + data
        end = seen.find(HEAD_END)
        if end >= 0:
            self.waiting = False
            self.head_bytes += end + len(HEAD_END) - len(self.head_tail)
        else:
            self.head_bytes += len(data)
            self.head_tail = seen[-(len(HEAD_END) - 1) :]
        return self.head_bytes <= MAX_HEAD_BYTES


class ConnectionGuard:
    """The server's open connections: admission at the cap, the first-request deadline."""

    def __init__(self, limits: TransportLimits) -> None:
        """Remember the limits and work out the cap from the open-files limit."""
        self.limits = limits
        self.cap = limits.connection_cap()
        self._idle: OrderedDict[object, Connection] = OrderedDict()  # closable, oldest first
        self._busy: dict[object, Connection] = {}
        self.closed_at_cap = 0
        self.closed_silent = 0
        self._next_warning = 0.0

    @property
    def open_count(self) -> int:
        """Return how many connections are open."""
        return len(self._idle) + len(self._busy)

    def opened(self, key: object, transport: asyncio.Transport) -> Connection | None:
        """Admit a new connection, closing the longest-idle one at the cap; None if refused."""
        if self.open_count >= self.cap:
            self._note_cap()
            if not self._idle:
                transport.close()
                return None
            _, oldest = self._idle.popitem(last=False)
            self._close(oldest)
        deadline = asyncio.get_running_loop().call_later(
            self.limits.header_timeout, self._first_request_late, key
        )
        connection = Connection(transport, deadline)
        self._idle[key] = connection
        return connection

    def closed(self, key: object) -> None:
        """Forget a connection that closed."""
        connection = self._idle.pop(key, None) or self._busy.pop(key, None)
        if connection is not None and connection.deadline is not None:
            connection.deadline.cancel()

    def started(self, key: object) -> None:
        """A request head arrived: the deadline is met and the connection is fresh again."""
        connection = self._idle.get(key)
        if connection is None:
            return
        connection.waiting = False
        if connection.deadline is not None:
            connection.deadline.cancel()
            connection.deadline = None
        self._idle.move_to_end(key)

    def finished(self, key: object, reusable: bool = True) -> None:
        """The request was answered: what arrives next is the next request head.

        After an answer that closes the connection (`reusable` False) what still arrives is
        the unread rest of the body, discarded by aiohttp, never a head.
        """
        connection = self._idle.get(key) or self._busy.get(key)
        if connection is not None and reusable:
            connection.waiting = True
            connection.head_bytes = 0
            connection.head_tail = b""
            connection.requests_before = cast(web.RequestHandler, key)._request_count

    def busy(self, key: object) -> None:
        """A handler runs on the connection: it is not closed at the cap."""
        connection = self._idle.pop(key, None)
        if connection is not None:
            self._busy[key] = connection

    def idle(self, key: object) -> None:
        """The handler ended: the connection can be closed at the cap again (last in line)."""
        connection = self._busy.pop(key, None)
        if connection is not None:
            self._idle[key] = connection

    def _first_request_late(self, key: object) -> None:
        connection = self._idle.pop(key, None)
        if connection is not None:
            self.closed_silent += 1
            connection.deadline = None
            connection.transport.close()

    def _close(self, connection: Connection) -> None:
        if connection.deadline is not None:
            connection.deadline.cancel()
        connection.transport.close()

    def _note_cap(self) -> None:
        self.closed_at_cap += 1
        now = time.monotonic()
        if now >= self._next_warning:
            self._next_warning = now + WARNING_INTERVAL
            _LOGGER.warning(
                "%d connections open (the cap): closing the longest-idle one "
                "(%d closed at the cap so far)",
                self.cap,
                self.closed_at_cap,
            )


CONNECTIONS: web.AppKey[ConnectionGuard] = web.AppKey("connections", ConnectionGuard)


class GuardedProtocol(asyncio.Protocol):
    """aiohttp's protocol for one connection, reporting to the guard."""

    def __init__(self, inner: web.RequestHandler, guard: ConnectionGuard) -> None:
        """Wrap aiohttp's protocol instance."""
        self._inner = inner
        self._guard = guard
        self._connection: Connection | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Start aiohttp's handling, then ask the guard to admit the connection."""
        self._inner.connection_made(transport)
        self._connection = self._guard.opened(self._inner, cast(asyncio.Transport, transport))

    def data_received(self, data: bytes) -> None:
        """Count request-head bytes; refuse a head that is too large and close the connection."""
        connection = self._connection
        if connection is not None and connection.waiting and not connection.count_head(data):
            # aiohttp may have refused the head itself already (a line over 8 KiB): then its
            # answer is on the way and nothing more is read; otherwise the answer is ours
            if self._inner._request_count == connection.requests_before:
                connection.transport.write(HEAD_TOO_LARGE)
                connection.transport.close()
            return
        self._inner.data_received(data)

    def eof_received(self) -> None:
        """Pass the end of the client's stream on (the transport then closes)."""
        self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection, let aiohttp clean up, and end a task left reading nothing."""
        self._guard.closed(self._inner)
        task = self._inner._task_handler
        answered = self._inner._current_request is None
        self._inner.connection_lost(exc)
        # aiohttp forgets its task here. With no request running, the task can only be
        # discarding an unread body after an early answer, from a socket that is gone: it
        # would wait out lingering_time untracked, past a server stop.
        if task is not None and answered and not task.done():
            task.cancel()

    def pause_writing(self) -> None:
        """Pass flow control on."""
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        """Pass flow control on."""
        self._inner.resume_writing()


class GuardedSite(web.TCPSite):
    """A TCP site whose connections go through the app's connection guard."""

    async def start(self) -> None:
        """Listen on host and port with guarded connections."""
        await web.BaseSite.start(self)  # registers the site with its runner
        server = self._runner.server
        assert server is not None
        guard = cast(web.AppRunner, self._runner).app[CONNECTIONS]
        self._server = await asyncio.get_running_loop().create_server(
            lambda: GuardedProtocol(handler_for(server), guard),
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=self._reuse_address,
            reuse_port=self._reuse_port,
        )


@web.middleware
async def connection_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Outermost: mark the connection's request as started, then as answered."""
    guard = request.app[CONNECTIONS]
    guard.started(request.protocol)
    reusable = False
    try:
        response = await handler(request)
        reusable = response.keep_alive is not False
        return response
    except web.HTTPException:
        reusable = True  # a redirect or error page, sent like any answer
        raise
    finally:
        guard.finished(request.protocol, reusable)


@web.middleware
async def handling_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Innermost: while the handler runs, the connection is not closed at the cap."""
    guard = request.app[CONNECTIONS]
    guard.busy(request.protocol)
    try:
        return await handler(request)
    finally:
        guard.idle(request.protocol)


def make_runner(app: web.Application) -> web.AppRunner:
    """Return the app's runner with the keep-alive and lingering limits of its guard."""
    limits = app[CONNECTIONS].limits
    return web.AppRunner(
        app,
        access_log=None,
        handle_signals=False,
        keepalive_timeout=limits.keepalive_timeout,
        lingering_time=limits.lingering_time,
        # a compressed body would be inflated before any cap could see it
        auto_decompress=False,
        # requests still running at a stop get this long, well inside the stop deadline
        shutdown_timeout=limits.shutdown_timeout,
    )


async def start_site(runner: web.AppRunner, host: str, port: int) -> GuardedSite:
    """Start listening on host and port through the app's connection guard."""
    site = GuardedSite(runner, host, port, backlog=runner.app[CONNECTIONS].limits.backlog)
    await site.start()
    return site
