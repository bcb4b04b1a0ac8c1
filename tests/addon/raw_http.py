"""Raw HTTP/1.1 over loopback sockets: the requests a client library will not send."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from .harness import LOOPBACK

#: An upper bound for waits that only a defect can reach (never a timing assertion).
HANG = 60.0
BOUNDARY = "docsightboundary"


@dataclass
class Answer:
    """A server's answer, and how much of the body the client had sent when it came."""

    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    sent: int

    def json(self) -> Any:
        """Return the body parsed as JSON."""
        return json.loads(self.body)


def request_head(method: str, path: str, headers: dict[str, str]) -> bytes:
    """Return a request line and headers, ready to send."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {LOOPBACK}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def chunked(parts: Iterable[bytes]) -> Iterator[bytes]:
    """Frame parts in HTTP chunked transfer coding."""
    for part in parts:
        yield b"%x\r\n" % len(part) + part + b"\r\n"
    yield b"0\r\n\r\n"


def multipart_field(name: str, size: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    """Yield a multipart/form-data body with one text field of `size` bytes, piece by piece."""
    yield (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n').encode()
    left = size
    block = b"a" * piece
    while left > 0:
        yield block[: min(piece, left)]
        left -= piece
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


@asynccontextmanager
async def connect(port: int) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    """Open a loopback connection; close it afterwards."""
    reader, writer = await asyncio.open_connection(LOOPBACK, port)
    try:
        yield reader, writer
    finally:
        writer.close()


async def read_answer(reader: asyncio.StreamReader, sent: int = 0) -> Answer:
    """Read one answer: head, then a Content-Length body (or everything up to the close)."""
    raw = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
    lines = raw.split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    else:
        body = await reader.read()
    return Answer(status, headers, body, sent)


async def closed_by_server(reader: asyncio.StreamReader) -> bytes:
    """Return what the server sends until it closes the connection."""
    async with asyncio.timeout(HANG):
        return await reader.read()


async def _send_until_answered(
    writer: asyncio.StreamWriter, chunks: Iterable[bytes], answered: asyncio.Future[Any]
) -> int:
    sent = 0
    for chunk in chunks:
        if answered.done():
            break
        writer.write(chunk)
        drain = asyncio.ensure_future(writer.drain())
        await asyncio.wait({drain, answered}, return_when=asyncio.FIRST_COMPLETED)
        if not drain.done():
            drain.cancel()
            break
        if drain.exception() is not None:  # the server closed the connection
            break
        sent += len(chunk)
    return sent


async def send_streaming(port: int, head: bytes, chunks: Iterable[bytes]) -> Answer:
    """Send head then chunks until the answer's head arrives; return the answer."""
    async with connect(port) as (reader, writer):
        writer.write(head)
        answered = asyncio.ensure_future(reader.readuntil(b"\r\n\r\n"))
        sent = await _send_until_answered(writer, chunks, answered)
        async with asyncio.timeout(HANG):
            raw_head = await answered
        rest = asyncio.StreamReader()
        rest.feed_data(raw_head)
        body = await closed_by_server(reader)
        rest.feed_data(body)
        rest.feed_eof()
        return await read_answer(rest, sent)
