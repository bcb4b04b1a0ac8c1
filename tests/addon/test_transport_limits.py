"""Transport limits on the real server: body caps while reading, body and head deadlines,
idle keep-alive, the connection cap, and rate-limited accept() failure logs."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from aiohttp import web

from docsight_server.app import create_app
from docsight_server.http.keys import CONTEXT
from docsight_server.http.limits import (
    CONFIG_BODY_BYTES,
    PUBLIC_BODY_BYTES,
    TransportLimits,
)
from docsight_server.http.logfilter import RepeatFilter, accept_failures_rate_limited
from docsight_server.http.transport import (
    CONNECTIONS,
    MAX_HEAD_BYTES,
    Connection,
    ConnectionGuard,
    make_runner,
    start_site,
)
from docsight_server.runtime import load_runtime

from .harness import LOOPBACK, RunningServer, free_port, server_env
from .raw_http import (
    BOUNDARY,
    HANG,
    chunked,
    closed_by_server,
    connect,
    multipart_field,
    read_answer,
    request_head,
    send_streaming,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")

UPLOAD = 50 * 1024 * 1024
#: What the client can hand over before the refusal reaches it: the cap, the server's read
#: buffer and both kernels' socket buffers. The whole upload is 50 MB.
SENT_BEFORE_REFUSAL = 8 * 1024 * 1024
FAST = TransportLimits(
    header_timeout=0.5, keepalive_timeout=0.5, body_timeout=0.5, lingering_time=0.2
)
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


@dataclass
class Guarded:
    """A server started the way `server.serve` starts it (guarded sites, runner limits)."""

    app: web.Application
    port: int

    @property
    def guard(self) -> ConnectionGuard:
        """Return the server's connection guard."""
        return self.app[CONNECTIONS]


@asynccontextmanager
async def guarded_server(
    data_dir: Path, limits: TransportLimits, env: dict[str, str] | None = None
) -> AsyncIterator[Guarded]:
    """Start the application on a free loopback port with these transport limits."""
    port = free_port()
    full_env = server_env(data_dir, {"WEB_PORT": str(port), **(env or {})})
    runtime = replace(load_runtime(full_env), limits=limits)
    app = await create_app(runtime, full_env)
    runner = make_runner(app)
    await runner.setup()
    try:
        await start_site(runner, LOOPBACK, port)
        yield Guarded(app, port)
    finally:
        await runner.cleanup()


async def get_health(port: int) -> int:
    """Return the status of GET /health from a fresh connection."""
    async with connect(port) as (reader, writer):
        writer.write(request_head("GET", "/health", {}))
        async with asyncio.timeout(HANG):
            return (await read_answer(reader)).status


async def test_anonymous_multipart_login_of_50_mb_is_refused_while_reading(
    tmp_path: Path,
) -> None:
    """A chunked 50 MB multipart POST /login gets 413 long before the upload ends."""
    env = {"ADMIN_PASSWORD": "correct horse"}
    async with guarded_server(tmp_path, FAST, env) as server:
        head = request_head(
            "POST", "/login", {"Content-Type": MULTIPART, "Transfer-Encoding": "chunked"}
        )
        answer = await send_streaming(
            server.port, head, chunked(multipart_field("password", UPLOAD))
        )
        assert answer.status == 413
        assert f"at most {PUBLIC_BODY_BYTES} bytes" in answer.body.decode()
        assert answer.sent < SENT_BEFORE_REFUSAL, answer.sent
        assert await get_health(server.port) == 200


async def test_declared_length_above_the_cap_is_refused_at_once(tmp_path: Path) -> None:
    """Content-Length 10**12 with 1 kB sent: 413 without waiting, then the server closes."""
    async with guarded_server(tmp_path, FAST) as server:
        form = "application/x-www-form-urlencoded"
        head = request_head("POST", "/login", {"Content-Type": form, "Content-Length": str(10**12)})
        answer = await send_streaming(server.port, head, [b"a" * 1000])
        assert answer.status == 413
        assert answer.headers["connection"] == "close"


async def test_json_route_over_its_cap_gets_a_json_413(tmp_path: Path) -> None:
    """A chunked JSON body past a route's cap is a JSON 413 on /api paths."""
    async with guarded_server(tmp_path, FAST) as server:
        head = request_head(
            "POST",
            "/api/config",
            {"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        )
        text = b'{"isp_name": "' + b"x" * (2 * CONFIG_BODY_BYTES) + b'"}'
        pieces = [text[i : i + 65536] for i in range(0, len(text), 65536)]
        answer = await send_streaming(server.port, head, chunked(pieces))
        assert answer.status == 413
        assert answer.json() == {
            "error": f"Request body too large (at most {CONFIG_BODY_BYTES} bytes)"
        }
        assert answer.sent < len(text)


async def test_bodies_within_their_caps_reach_the_handler(tmp_path: Path) -> None:
    """Chunked JSON and a multipart login form under the caps are read and handled."""
    async with guarded_server(tmp_path, FAST, {"ADMIN_PASSWORD": "correct horse"}) as server:
        head = request_head(
            "POST", "/login", {"Content-Type": MULTIPART, "Transfer-Encoding": "chunked"}
        )
        answer = await send_streaming(server.port, head, chunked(multipart_field("password", 100)))
        assert answer.status == 400  # read and handled: no CSRF token in this form
        assert b"The form expired" in answer.body
    async with guarded_server(tmp_path / "open", FAST) as server:
        head = request_head(
            "POST",
            "/api/config",
            {"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        )
        async with connect(server.port) as (reader, writer):
            writer.write(head + b"".join(chunked([b'{"isp_name": ', b'"Kabel"}'])))
            async with asyncio.timeout(HANG):
                answer = await read_answer(reader)
        assert answer.status == 200, answer.body


async def test_stalled_body_is_cut_after_the_body_deadline(tmp_path: Path) -> None:
    """Content-Length 1000 with 10 bytes sent, then silence: 408 and the connection closes."""
    async with guarded_server(tmp_path, FAST) as server, connect(server.port) as (reader, writer):
        head = request_head(
            "POST", "/api/config", {"Content-Type": "application/json", "Content-Length": "1000"}
        )
        writer.write(head + b'{"isp_name')
        async with asyncio.timeout(HANG):
            answer = await read_answer(reader)
        assert answer.status == 408
        assert answer.json() == {"error": "Request body not received within 0.5 s"}
        assert await closed_by_server(reader) == b""


@pytest.mark.parametrize("sent", [b"", b"GET /hea"], ids=["nothing", "half-request-line"])
async def test_connection_without_a_request_is_closed(tmp_path: Path, sent: bytes) -> None:
    """A connection that sends no complete request head is closed after the head deadline."""
    async with guarded_server(tmp_path, FAST) as server, connect(server.port) as (reader, writer):
        writer.write(sent)
        assert await closed_by_server(reader) == b""
        assert server.guard.closed_silent == 1


async def test_idle_keep_alive_connection_is_closed(tmp_path: Path) -> None:
    """After an answer, a keep-alive connection that stays silent is closed."""
    async with guarded_server(tmp_path, FAST) as server, connect(server.port) as (reader, writer):
        writer.write(request_head("GET", "/health", {}))
        async with asyncio.timeout(HANG):
            assert (await read_answer(reader)).status == 200
        assert await closed_by_server(reader) == b""


async def test_oversized_request_head_closes_the_connection(tmp_path: Path) -> None:
    """Header lines past the head bound: a JSON 400 and the connection closes before they
    are all held."""
    async with guarded_server(tmp_path, FAST) as server, connect(server.port) as (reader, writer):
        writer.write(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        line = b"X-Filler: " + b"f" * 8000 + b"\r\n"
        try:
            for _ in range(2 * MAX_HEAD_BYTES // len(line)):
                writer.write(line)
                await writer.drain()
            answer = await closed_by_server(reader)
        except ConnectionError:  # closed while we were still sending: the answer may be lost
            answer = None
        if answer is not None:
            assert answer.startswith(b"HTTP/1.1 400 Bad Request\r\n"), answer[:200]
            assert answer.endswith(b'"Malformed request: head above 65536 bytes"}')
        assert await get_health(server.port) == 200


async def test_connection_cap_closes_the_longest_idle_connection(tmp_path: Path) -> None:
    """Past the cap each new connection closes the longest-idle one; /health still answers."""
    limits = replace(FAST, header_timeout=HANG, keepalive_timeout=HANG, max_connections=20)
    async with guarded_server(tmp_path, limits) as server:
        guard = server.guard
        assert guard.cap == 20
        sockets = [await asyncio.open_connection(LOOPBACK, server.port) for _ in range(60)]
        try:
            assert await get_health(server.port) == 200
            assert guard.open_count <= guard.cap
            assert guard.closed_at_cap >= 60 + 1 - guard.cap
            oldest_reader, _ = sockets[0]
            assert await closed_by_server(oldest_reader) == b""
        finally:
            for _, writer in sockets:
                writer.close()


async def test_connection_cap_never_closes_a_busy_connection(tmp_path: Path) -> None:
    """A live stream (a handler in progress) outlasts the idle sockets closed at the cap."""
    limits = replace(FAST, header_timeout=HANG, keepalive_timeout=HANG, max_connections=20)
    async with (
        guarded_server(tmp_path, limits) as server,
        connect(server.port) as (stream, writer),
    ):
        writer.write(request_head("GET", "/api/stream", {}))
        async with asyncio.timeout(HANG):
            await stream.readuntil(b"event: hello")
        sockets = [await asyncio.open_connection(LOOPBACK, server.port) for _ in range(40)]
        try:
            assert await get_health(server.port) == 200
            assert server.guard.closed_at_cap >= 40 + 1 + 1 - server.guard.cap
            server.app[CONTEXT].hub.publish("collectors", {"still": "here"})
            async with asyncio.timeout(HANG):
                await stream.readuntil(b'"still":"here"')
        finally:
            for _, idle in sockets:
                idle.close()


def test_repeat_filter_lets_one_record_through_per_interval() -> None:
    """Thousands of identical accept() failures within the interval log once, then a count."""
    now = [0.0]
    repeat = RepeatFilter("out of system resource", 10.0, clock=lambda: now[0])

    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("asyncio", logging.ERROR, __file__, 1, message, None, None)

    passed = [repeat.filter(record("socket.accept() out of system resource")) for _ in range(5000)]
    assert passed.count(True) == 1
    assert repeat.filter(record("something else")) is True
    now[0] = 10.0
    later = record("socket.accept() out of system resource")
    assert repeat.filter(later) is True
    assert later.getMessage().endswith("(4999 more like it were not logged)")


async def test_asyncio_accept_failures_are_rate_limited(caplog: pytest.LogCaptureFixture) -> None:
    """Through asyncio's own exception handler, 1,000 accept failures leave one log record."""
    loop = asyncio.get_running_loop()
    with caplog.at_level(logging.ERROR, logger="asyncio"), accept_failures_rate_limited():
        for _ in range(1000):
            # the default handler, as in the add-on (the test plugin installs its own)
            loop.default_exception_handler(
                {
                    "message": "socket.accept() out of system resource",
                    "exception": OSError(24, "Too many open files"),
                }
            )
    records = [r for r in caplog.records if "out of system resource" in r.getMessage()]
    assert len(records) == 1


async def test_413_is_declared_and_matches_the_contract(open_server: RunningServer) -> None:
    """Every route declares 413 (JSON on /api, text elsewhere); answers match it."""
    _, document, _ = await open_server.request("GET", "/api/openapi.json")
    paths = document["paths"]
    assert "application/json" in paths["/api/config"]["post"]["responses"]["413"]["content"]
    assert "text/plain" in paths["/login"]["post"]["responses"]["413"]["content"]
    assert "text/plain" in paths["/health"]["get"]["responses"]["413"]["content"]
    status, _, _ = await open_server.request("GET", "/health", data=b"x" * 4096)
    assert status == 413  # a route without a body takes 1 KiB at most
    status, body, _ = await open_server.request(
        "POST",
        "/api/config",
        data=b"{" + b" " * CONFIG_BODY_BYTES + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert (status, body) == (
        413,
        {"error": f"Request body too large (at most {CONFIG_BODY_BYTES} bytes)"},
    )
    status, body, _ = await open_server.request(
        "POST", "/login", data={"password": "x" * PUBLIC_BODY_BYTES}
    )
    assert (status, body) == (413, f"Request body too large (at most {PUBLIC_BODY_BYTES} bytes)")


async def test_compressed_bodies_are_refused(open_server: RunningServer) -> None:
    """A gzip body could inflate past any cap before it is counted: 415 without reading."""
    status, body, _ = await open_server.request(
        "POST",
        "/api/config",
        data=gzip.compress(b'{"isp_name": "' + b"x" * 1_000_000 + b'"}'),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    )
    assert (status, body) == (415, {"error": "Compressed request bodies are not accepted"})


@pytest.mark.parametrize(
    "head",
    [
        b"GET /api/channels?x=" + b"0" * 10_000 + b" HTTP/1.1\r\nHost: a\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: a\r\nX-Probe: \x00\r\n\r\n",
        b"GET /health HTTP/1.1\r\nHost: a\r\nNo colon here\r\n\r\n",
    ],
    ids=["request line too long", "NUL in a header", "header without a colon"],
)
async def test_malformed_requests_get_a_json_400_and_no_error_log(
    open_server: RunningServer, head: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """A request the parser refuses: the API's JSON error, nothing logged above DEBUG."""
    caplog.set_level(logging.DEBUG)
    async with connect(open_server.port) as (reader, writer):
        writer.write(head)
        await writer.drain()
        answer = await asyncio.wait_for(read_answer(reader, 0), HANG)
    assert answer.status == 400
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json()["error"].startswith("Malformed request: ")
    assert answer.headers["server"] == "DOCSight"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert not [r for r in caplog.records if r.levelno > logging.DEBUG and "aiohttp" in r.name]


def test_only_the_request_head_is_counted() -> None:
    """The head's end can span two reads; a body sent with the head is not head bytes."""
    connection = Connection(transport=None, deadline=None)  # type: ignore[arg-type]
    assert connection.count_head(b"POST /api/config HTTP/1.1\r\nHost: x\r\n\r")
    assert connection.waiting
    assert connection.count_head(b"\n" + b"{" * (4 * MAX_HEAD_BYTES))
    assert not connection.waiting
    assert connection.head_bytes == len(b"POST /api/config HTTP/1.1\r\nHost: x\r\n\r\n")
    endless = Connection(transport=None, deadline=None)  # type: ignore[arg-type]
    line = b"X-Filler: " + b"f" * 1000 + b"\r\n"
    verdicts = [endless.count_head(line) for _ in range(MAX_HEAD_BYTES // len(line) + 1)]
    assert all(verdicts[:-1])
    assert verdicts[-1] is False


async def test_a_body_sent_with_its_head_is_not_cut_as_a_head(open_server: RunningServer) -> None:
    """A JSON body far larger than the head bound, sent in one write with its head: answered."""
    body = json.dumps({"isp_name": "x" * (2 * MAX_HEAD_BYTES)}).encode()
    head = request_head(
        "POST",
        "/api/config",
        {"Content-Type": "application/json", "Content-Length": str(len(body))},
    )
    async with connect(open_server.port) as (reader, writer):
        writer.write(head + body)
        await writer.drain()
        answer = await asyncio.wait_for(read_answer(reader, len(body)), HANG)
    assert answer.status == 400  # the name is too long: the route's own answer, not a cut
    assert "isp_name" in answer.json()["error"]


async def test_the_rest_of_a_refused_body_is_never_read_as_a_head(
    open_server: RunningServer,
) -> None:
    """After a 413 the unread body is discarded: one answer, then the connection closes."""
    body = b"[" * (4 * MAX_HEAD_BYTES)
    head = request_head(
        "POST",
        "/api/tokens",
        {"Content-Type": "application/json", "Content-Length": str(len(body))},
    )
    async with connect(open_server.port) as (reader, writer):
        writer.write(head + body)
        await writer.drain()
        answer = await asyncio.wait_for(read_answer(reader, len(body)), HANG)
        rest = await closed_by_server(reader)
    assert answer.status == 413
    assert rest == b""
