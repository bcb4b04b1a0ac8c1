"""The /api/trends answer: full modem rows spliced from stored bytes, merged with other rows.

A modem row is its encoded scalar fields without the closing brace, a comma, and the tail of
its snapshot's stored summary parts (the object's bytes after "{"): the parts are inflated,
never decoded into objects and encoded again. The newest five weeks of rows are kept encoded
in memory (storage/recent_parts.py).

A month is ~9 MB of JSON, so large answers are built and sent CHUNK_ROWS rows at a time
(gzip-compressed on the way when the client takes it): a request holds a few chunks, not
the whole answer, and eight clients at once stay within the memory budget.
"""

from __future__ import annotations

import asyncio
import functools
import heapq
import zlib
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from ..http.compression import LEVEL, accepts_gzip
from ..http.responses import json_cached
from ..storage.recent_parts import RecentRow, tail_of
from ..storage.summary_parts import EMPTY_TAIL, parts_tails_many
from ..timeutil import iso_utc, iso_utc_many
from .history import COUNTER_KEYS
from .trend_rows import ROW_KEYS, ModemRows, fill_rows, modem_rows

if TYPE_CHECKING:
    from ..storage.signal_repo import SignalStore

#: Rows per built and written piece: ~0.8 MB of JSON.
CHUNK_ROWS = 256
#: Chunks being built while one is sent (more only cost memory on a two-core machine).
BUILDS_AHEAD = 1
_GZIP_WINDOW = 16 + zlib.MAX_WBITS
_TIME = itemgetter(0)
#: (timestamp text, the encoded row) of another feature's row
EncodedRow = tuple[str, bytes]
#: (the rows or None when some parts would not inflate, rows to keep in memory, the
#: indexes of the rows whose parts would not inflate)
Built = tuple[bytes | None, list[tuple[int, RecentRow]], list[int]]


async def trend_response(
    request: web.Request,
    store: SignalStore,
    start: int,
    end: int,
    source_rows: list[dict[str, Any]],
) -> web.StreamResponse:
    """Answer with a full row per snapshot in [start, end] and `source_rows`, oldest first.

    On equal timestamps modem rows come first, then the source rows in their order.
    """
    rows = await modem_rows(store, start, end)
    sources: list[EncodedRow] = sorted(
        ((row["timestamp"], orjson.dumps(row)) for row in source_rows), key=_TIME
    )
    total = len(rows.stamps)
    if total <= CHUNK_ROWS:  # small: one body (the compression middleware decides)
        body = await _chunk(store, rows, 0, total, sources)
        return json_cached(b"[" + body + b"]")
    response = web.StreamResponse(headers={"Vary": "Accept-Encoding"})
    response.content_type = "application/json"
    gzip = zlib.compressobj(LEVEL, zlib.DEFLATED, _GZIP_WINDOW) if accepts_gzip(request) else None
    if gzip is not None:
        response.headers["Content-Encoding"] = "gzip"
    await response.prepare(request)
    if request.method != "HEAD":
        await _stream(response, store, rows, sources, gzip)
    await response.write_eof()
    return response


async def _stream(
    response: web.StreamResponse,
    store: SignalStore,
    rows: ModemRows,
    sources: list[EncodedRow],
    gzip: zlib._Compress | None,
) -> None:
    """Write the rows chunk by chunk; the next chunks are built while one is sent."""
    loop = asyncio.get_running_loop()
    total = len(rows.stamps)
    bounds = [(first, min(total, first + CHUNK_ROWS)) for first in range(0, total, CHUNK_ROWS)]

    def build(first: int, last: int) -> asyncio.Future[bytes]:
        taken = _sources_before(sources, iso_utc(rows.stamps[last]) if last < total else None)
        return asyncio.ensure_future(_chunk(store, rows, first, last, taken))

    building = [build(*bounds[index]) for index in range(min(BUILDS_AHEAD, len(bounds)))]
    opened = False
    try:
        for index, (_, last) in enumerate(bounds):
            body = await building.pop(0)
            if index + BUILDS_AHEAD < len(bounds):
                building.append(build(*bounds[index + BUILDS_AHEAD]))
            piece, opened = _framed(body, opened, last=last == total)
            if gzip is not None:
                piece = await loop.run_in_executor(None, _gzip_piece, gzip, piece, last == total)
            await response.write(piece)
    finally:  # the client went away: let the chunks being built finish (they may be writing)
        await asyncio.gather(*building, return_exceptions=True)


def _sources_before(sources: list[EncodedRow], boundary: str | None) -> list[EncodedRow]:
    """Take (from the front of `sources`) the rows older than `boundary` (all when None)."""
    count = 0
    while count < len(sources) and (boundary is None or sources[count][0] < boundary):
        count += 1
    taken = sources[:count]
    del sources[:count]
    return taken


async def _chunk(
    store: SignalStore, rows: ModemRows, first: int, last: int, sources: list[EncodedRow]
) -> bytes:
    """Return rows [first, last) merged with `sources`, comma-separated (no brackets)."""
    loop = asyncio.get_running_loop()
    build = functools.partial(_build, rows, first, last, sources)
    body, fresh, unreadable = await loop.run_in_executor(None, build)
    if body is None:  # stored parts that do not inflate: rebuilt like missing ones, then again
        await fill_rows(store, rows, unreadable)
        # a row still without parts lost its snapshot meanwhile: it is left out
        body, fresh, _ = await loop.run_in_executor(None, functools.partial(build, skip=True))
    store.recent_rows.put_many(fresh, rows.newest)
    return body or b""


def _build(
    rows: ModemRows, first: int, last: int, sources: list[EncodedRow], *, skip: bool = False
) -> Built:
    """Return rows [first, last) merged with `sources`, comma-separated (see Built).

    CPU work: runs in an executor, on the answer's own copies. A row kept in memory with the
    same counter values is used as it is; the others are encoded (and kept). With `skip`,
    rows whose parts do not inflate are left out instead of reported.
    """
    corrected = rows.counters[COUNTER_KEYS[0]][first:last]
    uncorrected = rows.counters[COUNTER_KEYS[1]][first:last]
    kept = rows.kept[first:last]
    pieces: list[bytes | None] = [None] * (last - first)
    tails: dict[int, bytes | None] = {}
    for index, row in enumerate(kept):
        if row is not None and row[2] == (corrected[index], uncorrected[index]):
            pieces[index] = row[0]
        else:
            tails[index] = rows.tails[first + index] if row is None else tail_of(row)
    fresh: list[tuple[int, RecentRow]] = []
    if tails:
        stale = [index for index, tail in tails.items() if tail is None]
        inflated = parts_tails_many([rows.blobs[first + index] for index in stale])
        tails.update(zip(stale, inflated, strict=True))
        unreadable = [first + index for index, tail in tails.items() if tail is None]
        if unreadable and not skip:
            return None, [], unreadable
        known = {index: tail for index, tail in tails.items() if tail is not None}
        table = list(zip(*rows.columns(first, last)))  # noqa: B905 - one value per row
        encoded = _encode_rows([table[index] for index in known], list(known.values()))
        for index, (row_bytes, start) in zip(known, encoded, strict=True):
            pieces[index] = row_bytes
            counters = (corrected[index], uncorrected[index])
            fresh.append((rows.stamps[first + index], (row_bytes, start, counters)))
    done = [piece for piece in pieces if piece is not None]
    if sources:
        stamps = iso_utc_many(rows.stamps[first:last])
        modem = [(ts, piece) for ts, piece in zip(stamps, pieces, strict=True) if piece is not None]
        merged = heapq.merge(modem, sources, key=_TIME)  # modem rows first on a tie
        done = [row[1] for row in merged]
    return b",".join(done), fresh, []


def _encode_rows(values: list[tuple[Any, ...]], tails: list[bytes]) -> list[tuple[bytes, int]]:
    """Return each row (its fields, then its parts tail) and where the tail starts in it.

    The fields of all rows are encoded in one call and cut apart at "},": they hold no
    object and no text with a brace, so it only occurs between rows (the count of pieces
    checks it; otherwise each row is encoded on its own).
    """
    keys = ROW_KEYS
    dicts = [dict(zip(keys, row)) for row in values]  # noqa: B905 - one key per value
    joined = orjson.dumps(dicts)
    heads = joined[1:-2].split(b"},")  # "[{a},{b}]" -> "{a", "{b"
    if len(heads) != len(dicts):
        heads = [orjson.dumps(fields)[:-1] for fields in dicts]
    out = []
    for head, tail in zip(heads, tails, strict=True):
        if tail == EMPTY_TAIL:  # no parts: "{fields}"
            out.append((head + EMPTY_TAIL, len(head)))
        else:
            out.append((head + b"," + tail, len(head) + 1))
    return out


def _framed(body: bytes, opened: bool, *, last: bool) -> tuple[bytes, bool]:
    """Return a chunk with the array's brackets and separating comma; whether it is open."""
    head = b"" if not body else b"," if opened else b"["
    opened = opened or bool(body)
    tail = b"" if not last else b"]" if opened else b"[]"
    return head + body + tail, opened


def _gzip_piece(compressor: zlib._Compress, piece: bytes, last: bool) -> bytes:
    """Return the gzip bytes of one piece (the stream's end after the last). CPU work."""
    packed = compressor.compress(piece)
    return packed + compressor.flush() if last else packed
