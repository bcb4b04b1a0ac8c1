"""Raw samples encoded as the API's JSON array, a column at a time.

A dict per sample for orjson costs more than the encoding itself. Here orjson formats every
timestamp in one call and every latency in another; the rows are then joined from those texts
and constant pieces. The bytes equal orjson.dumps([raw_json(*row) for row in rows]).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from itertools import chain, repeat

import orjson

from .rows import METHOD_NAMES, UNKNOWN_METHOD, RawRow

#: The constant text before each value of a row (the comma separates it from the row before).
_BEFORE_TIME = b',{"timestamp":'
_BEFORE_LATENCY = b',"bucket_seconds":null,"latency_ms":'
_BEFORE_MIN = b',"min_latency_ms":'
_BEFORE_MAX = b',"max_latency_ms":'
_BEFORE_P95 = b',"p95_latency_ms":'


def _tail(timed_out: bool, code: int) -> bytes:
    """Return the rest of a row after its latencies, for a timeout or not and a method code."""
    method = orjson.dumps(METHOD_NAMES.get(code, UNKNOWN_METHOD)).decode()
    loss = "100.0" if timed_out else "0.0"
    return (
        f',"packet_loss_pct":{loss},"sample_count":1,"timeout":{int(timed_out)},'
        f'"probe_method":{method}}}'
    ).encode()


def _texts(values: Iterable[float | None]) -> list[bytes]:
    """Return the JSON text of each value (orjson's float format, null for None)."""
    return orjson.dumps(list(values))[1:-1].split(b",")


def raw_array(rows: Sequence[RawRow]) -> bytes:
    """Return the JSON array of raw samples given as (ts_ms, latency_us or None, method)."""
    return b"[" + raw_items(rows) + b"]"


def raw_items(rows: Sequence[RawRow]) -> bytes:
    """Return the raw samples' JSON objects separated by commas, without the brackets."""
    if not rows:
        return b""
    stamps, latencies, codes = zip(*rows, strict=True)
    times = _texts([ts_ms / 1000 for ts_ms in stamps])
    # For whole microseconds v / 1000 is the double round(v / 1000, 3) (rollup.to_ms) gives.
    values = _texts([None if value is None else value / 1000 for value in latencies])
    timed_out = list(map(operator.is_, latencies, repeat(None)))
    tails = {(lost, code): _tail(lost, code) for lost in (False, True) for code in set(codes)}
    ends = map(tails.__getitem__, zip(timed_out, codes, strict=True))
    pieces = zip(
        repeat(_BEFORE_TIME),
        times,
        repeat(_BEFORE_LATENCY),
        values,
        repeat(_BEFORE_MIN),
        values,
        repeat(_BEFORE_MAX),
        values,
        repeat(_BEFORE_P95),
        values,
        ends,
        strict=False,  # the constant pieces repeat without end
    )
    return b"".join(chain.from_iterable(pieces))[1:]
