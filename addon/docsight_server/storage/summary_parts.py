"""The summary parts without a column of their own, as stored in snapshots.summary_json.

A snapshot's summary is its scalar columns plus health_issues plus these parts
(signal_families, error_counter_coverage, capacity_coverage, and error_baseline and
spike_suppression when the poll had them). They are kept as the JSON bytes of one object,
so a trends answer splices them in without decoding them.

The bytes are deflated against a preset dictionary: a month of parts is 6.8 MB as plain JSON
and 0.4 MB deflated this way (the 270-day demo database grows by 3.5 MiB instead of 94 MiB);
inflating a month takes ~11 ms, and the newest weeks are kept inflated in memory anyway
(recent_parts.py). A stored value is FORMAT_DEFLATED followed by a raw deflate stream with
an 8 KiB window (the zlib wrapper and a larger window make every inflate slower; nothing
here needs them) of the object's bytes after its opening brace: what a trends row, its
fields' closing brace replaced by a comma, continues with.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from .schema import SNAPSHOT_SCALARS

FORMAT_DEFLATED = 1
_FORMAT_BYTE = bytes((FORMAT_DEFLATED,))
_RAW_DEFLATE_8K = -13
#: The stored bytes of an object without parts (all that follows its "{").
EMPTY_TAIL = b"}"
#: A stored tail starts a key or closes an empty object.
_TAIL_STARTS = (b'"', b"}")
#: A stored value never inflates beyond this (a corrupt one counts as missing).
MAX_PARTS_BYTES = 1024 * 1024
_NOT_PARTS = frozenset((*SNAPSHOT_SCALARS, "health_issues"))

#: FROZEN: values stored with FORMAT_DEFLATED need exactly these bytes to inflate. A better
#: dictionary needs a new format number (tests/addon/test_trend_rows_full.py pins the hash).
#: Typical parts of a cable line; the commonest text comes last, where deflate finds it best.
DICTIONARY = (
    b'{"error_baseline":{"active":true,"basis":"comparable_channel_baseline_delta",'
    b'"counter_reset":false,"comparable_counter_reset":false,'
    b'"raw_uncorrectable_counter_reset":false,"schema_baseline":false,'
    b'"comparable_channel_keys":["3.0|sc_qam|1|114000000","3.1|ofdm|33|"],'
    b'"ds_comparable_correctable_baseline":0,"ds_comparable_uncorrectable_baseline":0,'
    b'"ds_raw_uncorrectable_baseline":0,"ds_comparable_correctable_recent_delta":0,'
    b'"ds_comparable_uncorrectable_recent_delta":0,"ds_raw_uncorrectable_recent_delta":0,'
    b'"ds_comparable_correctable_delta":0,"ds_comparable_uncorrectable_delta":0,'
    b'"ds_raw_uncorrectable_delta":0,"ds_correctable_baseline":0,'
    b'"ds_uncorrectable_baseline":0,"ds_correctable_recent_delta":0,'
    b'"ds_uncorrectable_recent_delta":0,"ds_correctable_delta":0,"ds_uncorrectable_delta":0},'
    b'"spike_suppression":{"active":true,"last_spike":null,"hours_since_spike":48.0,'
    b'"expiry_hours":48},"unknown":{"family":"unknown","count":0,"health":"critical",'
    b'"health_cause":"power","health_driver":{"channel_id":1,"dimension":"power",'
    b'"family":"unknown","direction":"downstream","health":"critical","unit":"dBmV",'
    b'"value":-9.5},"power":{"available":false,"min":null,"avg":null,"max":null,'
    b'"health":"missing"},"modulation":{"available":true,"value":"16QAM","secondary":"64QAM",'
    b'"distinct":["16QAM","64QAM"],"values":[{"value":"16QAM","health":"critical"},'
    b'{"value":"64QAM","health":"warning"}],"health":"critical"}}'
    b'{"error_counter_coverage":{"total_channels":26,"correctable_channels":26,'
    b'"uncorrectable_channels":26,"comparable_channels":26,"partial_channels":0,'
    b'"unsupported_channels":0,"families":{"sc_qam":{"total_channels":24,'
    b'"correctable_channels":24,"uncorrectable_channels":24,"comparable_channels":24,'
    b'"partial_channels":0,"unsupported_channels":0},"ofdm":{"total_channels":2,'
    b'"correctable_channels":2,"uncorrectable_channels":2,"comparable_channels":2,'
    b'"partial_channels":0,"unsupported_channels":0}}},"capacity_coverage":{"downstream":'
    b'{"calculated":24,"total":26,"unsupported":2},"upstream":{"calculated":4,"total":5,'
    b'"unsupported":1}},"signal_families":{"downstream":{"health":"warning","families":'
    b'{"sc_qam":{"family":"sc_qam","count":24,"health":"warning","health_cause":"snr",'
    b'"health_counts":{"good":18,"tolerated":0,"warning":6,"critical":0},"health_driver":'
    b'{"channel_id":9,"dimension":"snr","family":"sc_qam","direction":"downstream",'
    b'"health":"warning","unit":"dB","value":30.1},"power":{"available":true,"min":2.3,'
    b'"avg":4.1,"max":5.5,"health":"good"},"snr":{"available":true,"min":30.1,"avg":36.1,'
    b'"max":38.7,"health":"warning"},"modulation":{"available":true,"value":"256QAM",'
    b'"secondary":null,"distinct":["256QAM"],"values":[{"value":"256QAM","health":"good"}],'
    b'"health":"good"}},"ofdm":{"family":"ofdm","count":2,"health":"good",'
    b'"health_cause":null,"health_counts":{"good":2,"tolerated":0,"warning":0,"critical":0},'
    b'"health_driver":null,"power":{"available":true,"min":0.3,"avg":0.5,"max":0.7,'
    b'"health":"good"},"mer":{"available":true,"min":30.1,"avg":35.3,"max":40.5,'
    b'"health":"good"},"modulation":{"available":true,"value":"4096QAM","secondary":null,'
    b'"distinct":["4096QAM"],"values":[{"value":"4096QAM","health":"good"}],'
    b'"health":"good"}}}},"upstream":{"health":"tolerated","families":{"sc_qam":'
    b'{"family":"sc_qam","count":4,"health":"good","health_cause":null,"health_counts":'
    b'{"good":4,"tolerated":0,"warning":0,"critical":0},"health_driver":null,"power":'
    b'{"available":true,"min":45.0,"avg":45.9,"max":46.8,"health":"good"},"modulation":'
    b'{"available":true,"value":"64QAM","secondary":null,"distinct":["64QAM"],"values":'
    b'[{"value":"64QAM","health":"good"}],"health":"good"}},"ofdma":{"family":"ofdma",'
    b'"count":1,"health":"tolerated","health_cause":"modulation","health_counts":'
    b'{"good":0,"tolerated":1,"warning":0,"critical":0},"health_driver":{"channel_id":5,'
    b'"dimension":"modulation","family":"ofdma","direction":"upstream",'
    b'"health":"tolerated","unit":null,"value":"128QAM"},"power":{"available":true,'
    b'"min":45.9,"avg":45.9,"max":45.9,"health":"good"},"modulation":{"available":true,'
    b'"value":"128QAM","secondary":null,"distinct":["128QAM"],"values":[{"value":"128QAM",'
    b'"health":"tolerated"}],"health":"tolerated"}}}}}}'
)


#: A compressor that has read the dictionary; copying it is cheaper than priming a new one
#: (level 6 with a small hash table: half the time of level 9 for 3 % more bytes).
_PRIMED = zlib.compressobj(
    6, zlib.DEFLATED, _RAW_DEFLATE_8K, 4, zlib.Z_DEFAULT_STRATEGY, DICTIONARY
)


def summary_parts(summary: Mapping[str, Any]) -> dict[str, Any]:
    """Return the summary's fields that have no column (in the summary's order)."""
    return {key: value for key, value in summary.items() if key not in _NOT_PARTS}


def deflate_json(encoded: bytes) -> bytes:
    """Return the stored form of JSON object bytes: the bytes after "{", deflated."""
    if encoded[:1] != b"{":
        raise ValueError("summary parts must be a JSON object")
    compressor = _PRIMED.copy()
    return _FORMAT_BYTE + compressor.compress(memoryview(encoded)[1:]) + compressor.flush()


def pack_parts(summary: Mapping[str, Any]) -> bytes:
    """Return the summary_json value of an analysis summary."""
    return deflate_json(orjson.dumps(summary_parts(summary)))


def parts_tails_many(values: Iterable[bytes | None]) -> list[bytes | None]:
    """Return each stored value's JSON object without its opening "{" (None for a missing or
    unreadable one): what a row's encoded fields, their "}" replaced by ",", continue with."""
    new_inflater = zlib.decompressobj  # a month is ~3,000 values: keep the loop lean
    out: list[bytes | None] = []
    append = out.append
    for stored in values:
        if stored is None or stored[:1] != _FORMAT_BYTE:
            append(None)
            continue
        inflater = new_inflater(_RAW_DEFLATE_8K, DICTIONARY)
        try:
            tail = inflater.decompress(stored[1:], MAX_PARTS_BYTES)
        except zlib.error:
            append(None)
            continue
        whole = inflater.eof and not inflater.unconsumed_tail and not inflater.unused_data
        append(tail if whole and tail[-1:] == b"}" and tail[:1] in _TAIL_STARTS else None)
    return out


def parts_json_many(values: Iterable[bytes | None]) -> list[bytes | None]:
    """Return the JSON object bytes of stored values (None for a missing or unreadable one)."""
    return [None if tail is None else b"{" + tail for tail in parts_tails_many(values)]


def unpack_parts(stored: bytes | None) -> dict[str, Any] | None:
    """Return the parts of a stored value as a dict (None when missing or corrupt)."""
    (encoded,) = parts_json_many((stored,))
    if encoded is None:
        return None
    try:
        parts = orjson.loads(encoded)
    except orjson.JSONDecodeError:
        return None
    return parts if isinstance(parts, dict) else None
