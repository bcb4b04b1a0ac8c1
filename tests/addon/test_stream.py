"""GET /api/stream: server-sent events for hello, hub notifications and heartbeats."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import orjson
import pytest

from docsight_server import __version__
from docsight_server.api import stream_api
from docsight_server.storage.event_repo import EventFilter
from docsight_server.timeutil import iso_utc, now_epoch

from .conftest import ServerFactory
from .harness import RunningServer
from .test_login import login
from .test_tokens import create_token

TIMEOUT = 10.0


@dataclass
class Message:
    """One server-sent event block (a comment-only block has just `comment`)."""

    event: str | None = None
    data: Any = None
    id: int | None = None
    comment: str | None = None


class SseReader:
    """Reads server-sent event blocks from a streaming response."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        """Wrap a response whose body is text/event-stream."""
        self.response = response

    async def next(self, seconds: float = TIMEOUT) -> Message:
        """Return the next block; EOFError when the server ended the stream."""
        message = Message()
        seen = False
        async with asyncio.timeout(seconds):
            while True:
                raw = await self.response.content.readline()
                if not raw:
                    raise EOFError
                line = raw.decode().rstrip("\n")
                if not line:
                    if seen:
                        return message
                    continue
                seen = True
                field, _, value = line.partition(":")
                value = value.removeprefix(" ")
                if field == "":
                    message.comment = value
                elif field == "event":
                    message.event = value
                elif field == "data":
                    message.data = orjson.loads(value)
                elif field == "id":
                    message.id = int(value)

    async def until(self, event: str, seconds: float = TIMEOUT) -> Message:
        """Return the next block of an event kind, skipping others."""
        async with asyncio.timeout(seconds):
            while True:
                message = await self.next(seconds)
                if message.event == event:
                    return message


@asynccontextmanager
async def open_stream(server: RunningServer, token: str | None = None) -> AsyncIterator[SseReader]:
    """Connect to /api/stream and yield a reader (the connection closes on exit)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with server.session.get(server.url + "/api/stream", headers=headers) as response:
        assert response.status == 200
        yield SseReader(response)


@pytest.fixture(autouse=True)
def quick_disconnect_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let idle streams notice a gone client within 20 ms (tests stop servers often)."""
    monkeypatch.setattr(stream_api, "DISCONNECT_CHECK_SECONDS", 0.02)


@pytest.fixture
def stream_ends(monkeypatch: pytest.MonkeyPatch) -> asyncio.Queue[str]:
    """Return a queue that gets "ended" each time a stream handler stops pumping."""
    ended: asyncio.Queue[str] = asyncio.Queue()
    pump = stream_api._pump

    async def watched(*args: Any) -> None:
        try:
            await pump(*args)
        finally:
            ended.put_nowait("ended")

    monkeypatch.setattr(stream_api, "_pump", watched)
    return ended


async def test_hello_before_the_first_poll(open_server: RunningServer) -> None:
    """An SSE response that starts with hello: version, waiting, no poll, no snapshot."""
    async with open_server.session.get(open_server.url + "/api/stream") as response:
        assert response.status == 200
        assert response.content_type == "text/event-stream"
        assert response.headers["Cache-Control"] == "no-cache"
        hello = await SseReader(response).next()
    assert hello.event == "hello"
    assert hello.id is None
    assert hello.data == {
        "version": __version__,
        "health": "waiting",
        "last_poll": None,
        "snapshot_id": None,
    }


async def test_hello_and_snapshot_after_a_poll(demo_server: RunningServer) -> None:
    """hello describes the live state; POST /api/poll then arrives as a snapshot event."""
    state = demo_server.context.state
    async with open_stream(demo_server) as reader:
        hello = await reader.next()
        assert hello.event == "hello"
        assert hello.data == {
            "version": __version__,
            "health": state.docsis_health,
            "last_poll": iso_utc(state.last_poll),
            "snapshot_id": state.snapshot_id,
        }
        assert hello.data["last_poll"].endswith("Z")
        status, body, _ = await demo_server.request("POST", "/api/poll")
        assert status == 200, body
        snapshot = await reader.until("snapshot")
    assert snapshot.id is not None
    assert snapshot.id > 0
    data = snapshot.data
    assert data["snapshot_id"] == state.snapshot_id > hello.data["snapshot_id"]
    assert data["timestamp"] == iso_utc(data["ts"]) == iso_utc(state.last_poll)
    assert data["timestamp"].endswith("Z")
    assert data["summary"]["health"] == body["analysis"]["summary"]["health"]


async def test_event_and_acknowledge_notifications(open_server: RunningServer) -> None:
    """A stored event published on the hub and an acknowledgement reach the stream in order."""
    context = open_server.context
    async with open_stream(open_server) as reader:
        await reader.until("hello")
        async with context.database.transaction() as connection:
            [stored] = await context.events.add(
                connection,
                now_epoch(),
                [{"severity": "warning", "event_type": "power_change", "message": "Power moved"}],
            )
        context.hub.publish("event", stored)
        event = await reader.until("event")
        assert event.data == stored
        assert event.data["timestamp"].endswith("Z")
        status, _, _ = await open_server.request("POST", f"/api/events/{stored['id']}/acknowledge")
        assert status == 200
        acknowledged = await reader.until("events_acknowledged")
        assert acknowledged.data == {"ids": [stored["id"]]}
        assert acknowledged.id is not None
        assert event.id is not None
        assert acknowledged.id > event.id
    assert await context.events.count(EventFilter(acknowledged=False)) == 0


async def test_every_hub_kind_is_forwarded(open_server: RunningServer) -> None:
    """Whatever is published (collectors lists too) arrives with its hub id and kind."""
    hub = open_server.context.hub
    async with open_stream(open_server) as reader:
        await reader.until("hello")
        hub.publish("collectors", [{"name": "demo", "enabled": True}])
        message = await reader.until("collectors")
    assert message.data == [{"name": "demo", "enabled": True}]


async def test_heartbeat_when_quiet(
    open_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quiet stream gets ': heartbeat' comments at the configured interval."""
    monkeypatch.setattr(stream_api, "HEARTBEAT_SECONDS", 0.05)
    async with open_stream(open_server) as reader:
        await reader.until("hello")
        for _ in range(2):
            message = await reader.next(5)
            while message.event == "collectors":
                message = await reader.next(5)
            assert message == Message(comment="heartbeat")


async def test_client_disconnect_ends_the_handler(
    open_server: RunningServer, stream_ends: asyncio.Queue[str]
) -> None:
    """When the client goes away the stream ends and unsubscribes from the hub."""
    async with open_stream(open_server) as reader:
        await reader.until("hello")
        assert open_server.context.hub.subscriber_count == 1
        assert stream_ends.empty()
    async with asyncio.timeout(TIMEOUT):
        await stream_ends.get()
    assert open_server.context.hub.subscriber_count == 0


async def test_close_streams_ends_open_streams(
    open_server: RunningServer, stream_ends: asyncio.Queue[str]
) -> None:
    """The shutdown hook ends every open stream at once (client sees the end of the body)."""
    async with open_stream(open_server) as first, open_stream(open_server) as second:
        await first.until("hello")
        await second.until("hello")
        assert open_server.context.hub.subscriber_count == 2
        await stream_api.close_streams(open_server.app)
        for reader in (first, second):
            with pytest.raises(EOFError):
                await reader.next(5)
        async with asyncio.timeout(TIMEOUT):
            assert [await stream_ends.get(), await stream_ends.get()] == ["ended", "ended"]
        assert open_server.context.hub.subscriber_count == 0


async def test_server_shutdown_with_an_open_stream(server_factory: ServerFactory) -> None:
    """Stopping the server while a client stays connected is quick and ends the stream."""
    async with aiohttp.ClientSession() as client:
        async with asyncio.timeout(20), server_factory() as server:
            assert stream_api.close_streams in server.app.on_shutdown
            response = await client.get(server.url + "/api/stream")
            reader = SseReader(response)
            await reader.until("hello")
            # leaving the block stops the server with the stream still open
        with pytest.raises(EOFError):
            await reader.next(5)
        response.release()


async def test_stream_needs_a_credential(password_server: RunningServer) -> None:
    """With a password the stream is 401 for anonymous callers and open to a bearer token."""
    status, body, _ = await password_server.request("GET", "/api/stream")
    assert (status, body) == (401, {"error": "Authentication required"})
    await login(password_server)
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    async with open_stream(password_server, token=token) as reader:
        hello = await reader.until("hello")
    assert hello.data["health"] == "waiting"


async def test_stream_is_documented(open_server: RunningServer) -> None:
    """The OpenAPI document gives the event-stream media type and names the event kinds."""
    _, document, _ = await open_server.request("GET", "/api/openapi.json")
    operation = document["paths"]["/api/stream"]["get"]
    assert "text/event-stream" in operation["responses"]["200"]["content"]
    for kind in stream_api.EVENT_KINDS:
        assert kind in operation["summary"]
