"""GET /api/stream: live notifications as server-sent events."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiohttp import web

from .. import __version__
from ..auth import Access
from ..context import ServerContext
from ..http.keys import CONTEXT
from ..http.schema import text
from ..outputs.hub import Notification
from ..timeutil import iso_utc
from .routing import RouteDef

_LOGGER = logging.getLogger(__name__)

#: Seconds of silence before a heartbeat comment; read at run time so tests can shorten it.
HEARTBEAT_SECONDS = 15.0
#: How often an idle stream checks whether its client is still connected (aiohttp does not
#: cancel handlers on disconnect, and a write only fails at the next heartbeat).
DISCONNECT_CHECK_SECONDS = 1.0
EVENT_KINDS = ("hello", "snapshot", "event", "collectors", "events_acknowledged")
_HEARTBEAT = b": heartbeat\n\n"
_CLOSE = object()  # put into a stream's queue to end it


@dataclass(slots=True)
class _Streams:
    """The open streams of one application, so `close_streams` can end them at shutdown."""

    queues: set[asyncio.Queue[Any]] = field(default_factory=set)
    closing: bool = False


_STREAMS: weakref.WeakKeyDictionary[web.Application, _Streams] = weakref.WeakKeyDictionary()


def sse_message(kind: str, data: Any, message_id: int | None = None) -> bytes:
    """Return one server-sent event: optional id, the event name and one JSON data line."""
    head = f"id: {message_id}\n" if message_id is not None else ""
    payload = orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS, default=str)
    return f"{head}event: {kind}\ndata: ".encode() + payload + b"\n\n"


def hello_data(context: ServerContext) -> dict[str, Any]:
    """Return the greeting: version, health, last poll (ISO UTC or null) and snapshot id."""
    state = context.state
    return {
        "version": __version__,
        "health": state.docsis_health,
        "last_poll": iso_utc(state.last_poll) if state.last_poll else None,
        "snapshot_id": state.snapshot_id,
    }


def notification_data(notification: Notification) -> Any:
    """Return a notification's data as sent to clients (snapshots gain an ISO timestamp)."""
    data = notification.data
    if notification.kind == "snapshot" and isinstance(data, dict):
        return {**data, "timestamp": iso_utc(data.get("ts"))}
    return data


async def close_streams(app: web.Application) -> None:
    """End every open stream (an on_shutdown hook: otherwise shutdown waits for them)."""
    streams = _STREAMS.setdefault(app, _Streams())
    streams.closing = True
    for queue in list(streams.queues):
        if queue.full():
            queue.get_nowait()
        queue.put_nowait(_CLOSE)


def _client_gone(request: web.Request) -> bool:
    transport = request.transport
    return transport is None or transport.is_closing()


async def stream(request: web.Request) -> web.StreamResponse:
    """Send hello, then every hub notification, with heartbeats until either side leaves."""
    context = request.app[CONTEXT]
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-cache",
            "X-Accel-Buffering": "no",
        }
    )
    if request.method == "HEAD":  # the headers only: a stream has no end to wait for
        return response
    streams = _STREAMS.setdefault(request.app, _Streams())
    with context.hub.subscribe() as queue:
        streams.queues.add(queue)
        try:
            await response.prepare(request)
            await response.write(sse_message("hello", hello_data(context)))
            await _pump(request, response, queue, streams)
        except ConnectionError:
            _LOGGER.debug("Stream client went away")
        finally:
            streams.queues.discard(queue)
    return response


async def _pump(
    request: web.Request,
    response: web.StreamResponse,
    queue: asyncio.Queue[Any],
    streams: _Streams,
) -> None:
    loop = asyncio.get_running_loop()
    next_beat = loop.time() + HEARTBEAT_SECONDS
    while not streams.closing and not _client_gone(request):
        wait = max(0.0, min(next_beat - loop.time(), DISCONNECT_CHECK_SECONDS))
        try:
            async with asyncio.timeout(wait):
                item = await queue.get()
        except TimeoutError:
            if loop.time() >= next_beat:
                await response.write(_HEARTBEAT)
                next_beat = loop.time() + HEARTBEAT_SECONDS
            continue
        if item is _CLOSE:
            return
        try:
            message = sse_message(item.kind, notification_data(item), item.id)
        except TypeError:
            _LOGGER.exception("Cannot encode %s notification", item.kind)
            continue
        await response.write(message)
        next_beat = loop.time() + HEARTBEAT_SECONDS


ROUTES = (
    RouteDef(
        "GET",
        "/api/stream",
        stream,
        Access.AUTH,
        "Live server-sent events: hello (version, health, last_poll, snapshot_id), snapshot "
        "(snapshot_id, ts, timestamp, summary), event (an /api/events item), collectors "
        "(collector status list) and events_acknowledged ({ids} or {all, count}); "
        "a ': heartbeat' comment every 15 s",
        "stream",
        responses={200: text("An endless text/event-stream", "text/event-stream")},
    ),
)
