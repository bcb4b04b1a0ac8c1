"""The raw channel records the parsers build, read from a row through the page's own key names.

Every parser turns a modem page into rows (a dict per channel, keyed by the page's field names
or by names the parser chose) and then into the same four record shapes: SC-QAM and OFDM
downstream, SC-QAM and OFDMA upstream. `RowKeys` says where a page keeps each measurement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ...analysis.qam import qam_order
from . import common
from .common import OFDM_ID_BASE, OFDMA_ID_BASE, Channel, ParseResult, integer, mhz_label

Row = Mapping[str, Any]
T = TypeVar("T")
#: The fields that make an upstream record an OFDMA one.
OFDMA: Channel = {"type": "OFDMA", "modulation": "OFDMA", "multiplex": "OFDMA"}
#: Channel types a page may print where the QAM order belongs.
_CHANNEL_TYPES = frozenset(("ATDMA", "TDMA", "SCDMA", "SC-QAM", "SCQAM"))
#: Lock-status texts that say a channel is not locked.
_UNLOCKED = frozenset(("false", "0", "no", "unlocked", "not locked", "notlocked"))


@dataclass(frozen=True, slots=True)
class RowKeys:
    """Which key of a page's rows holds each measurement, and how the values are read.

    The first six (frequency, power, modulation, SNR, corrected and uncorrectable codewords)
    may be given in that order.
    """

    frequency: str = "frequency"
    power: str = "power"
    modulation: str = "modulation"
    snr: str = "snr"
    #: None: the page reports no codeword counter (the record says None).
    corrected: str | None = "corrected"
    uncorrected: str | None = "uncorrected"
    #: The page may give the SNR already signed as an MSE: the MSE is then -abs(SNR).
    signed_snr: bool = False
    #: Turns the frequency cell into the "<n> MHz" label (see megahertz and hertz).
    read_frequency: Callable[[object], str] = mhz_label
    #: Reads power and SNR (MER) values: some pages give tenths or non-finite numbers.
    read_level: Callable[[object], float | None] = common.number
    read_modulation: Callable[[object], str] = common.modulation


def megahertz(value: object) -> str:
    """Return the label of a frequency the page gives in MHz whatever its size."""
    return mhz_label(value, unit="MHz")


def hertz(value: object) -> str:
    """Return the label of a frequency the page gives in Hz whatever its size."""
    return mhz_label(value, unit="Hz")


#: The names most parsers give their row fields.
PLAIN = RowKeys()
#: The same names with the frequency in MHz whatever its size.
PLAIN_MHZ = RowKeys(read_frequency=megahertz)


def _read(row: Row, key: str) -> Any:
    # An absent field reads as "" (every reader takes it as "not reported").
    return row.get(key, "")


def _counter(row: Row, key: str | None) -> int | None:
    return None if key is None else integer(_read(row, key))


def _codeword_counters(row: Row, keys: RowKeys) -> dict[str, int | None]:
    return {
        "corrErrors": _counter(row, keys.corrected),
        "nonCorrErrors": _counter(row, keys.uncorrected),
    }


def stated_modulation(spelled: object, stated_type: object = "") -> str:
    """Return the QAM order as a modulation ("256QAM", "QPSK"), else the type the modem states.

    Without a QAM order the record carries the modem's channel type ("ATDMA", "SC-QAM", "TDMA";
    "SC-QAM Upstream" gives "SC-QAM"); a modulation cell holding such a type counts as stated.
    """
    spelled_text = common.modulation(spelled)
    if qam_order(spelled_text) is not None:
        return spelled_text
    if spelled_text.upper() in _CHANNEL_TYPES:
        return spelled_text.upper()
    words = str(stated_type or "").split()
    return words[0].upper() if words else spelled_text


def says_unlocked(status: object) -> bool:
    """Return whether a lock-status cell says unlocked (false, 0, "unlocked"); None says nothing."""
    if status is None:
        return False
    if isinstance(status, bool | int | float):
        return not status
    return str(status).strip().lower() in _UNLOCKED


def _next_free(candidate: int, used: set[int]) -> int:
    while candidate in used:
        candidate += 1
    used.add(candidate)
    return candidate


def _clean(ids: list[Any]) -> bool:
    return None not in ids and len(set(ids)) == len(ids)


def _settle_qam_ids(qam: list[Channel], used: set[int], notes: list[str]) -> None:
    # A repeated or missing SC-QAM id: the next free id above the highest SC-QAM id.
    kept: set[int] = set()
    top = max((record["channelID"] for record in qam if record["channelID"] is not None), default=0)
    for record in qam:
        channel_id = record["channelID"]
        if channel_id is not None and channel_id not in kept:
            kept.add(channel_id)
            continue
        top = _next_free(top + 1, used)
        record["channelID"] = top
        notes.append(_moved_note(record, channel_id, top))


def _moved_note(record: Channel, channel_id: int | None, moved: int) -> str:
    where = record.get("frequency") or "without a frequency"
    if channel_id is None:
        return f"channel at {where} has no id: reported as {moved}"
    return f"channel id {channel_id} given twice (at {where}): reported as {moved}"


def distinct_channel_ids(
    qam: list[Channel],
    docsis31: list[Channel],
    base: int,
    notes: list[str] | None = None,
    places: Sequence[int] = (),
) -> None:
    """Give each channel of one direction its own id, the modem's where it can keep it.

    A DOCSIS 3.1 channel whose id an SC-QAM channel has gets base + id, one whose id an earlier
    DOCSIS 3.1 channel has gets base + id too (with a note), one without an id gets base + its
    place (`places`, the row of the modem's table; by default its index in docsis31): each the
    next free id above when that is in use. A repeated or missing SC-QAM id gets the next free
    id above the highest SC-QAM id (with a note). See docs/field-semantics.md.
    """
    qam_ids = [record["channelID"] for record in qam]
    docsis31_ids = [record["channelID"] for record in docsis31]
    if _clean(qam_ids + docsis31_ids):
        return  # the usual page: every id once
    said = notes if notes is not None else []
    used = {channel_id for channel_id in qam_ids + docsis31_ids if channel_id is not None}
    if not _clean(qam_ids):
        _settle_qam_ids(qam, used, said)
    scqam = {record["channelID"] for record in qam}
    keepers: set[int] = set()
    moving: list[tuple[int, Channel]] = []
    for index, record in enumerate(docsis31):
        channel_id = record["channelID"]
        if channel_id is None or channel_id in scqam or channel_id in keepers:
            moving.append((index, record))
        else:
            keepers.add(channel_id)
    for index, record in moving:
        channel_id = record["channelID"]
        place = places[index] if places else index
        moved = _next_free(base + (place if channel_id is None else channel_id), used)
        record["channelID"] = moved
        if channel_id is None or channel_id not in scqam:
            said.append(_moved_note(record, channel_id, moved))


def split_form_with_distinct_ids(
    ds30: list[Channel], ds31: list[Channel], us30: list[Channel], us31: list[Channel]
) -> ParseResult[dict[str, Any]]:
    """Return the split raw form with the modem's ids, made distinct by distinct_channel_ids,
    and the notes on the ids that had to change."""
    notes: list[str] = []
    distinct_channel_ids(ds30, ds31, OFDM_ID_BASE, notes)
    distinct_channel_ids(us30, us31, OFDMA_ID_BASE, notes)
    return ParseResult(common.split_form(ds30, ds31, us30, us31), notes)


def base_record(channel_id: int | None, row: Row, keys: RowKeys = PLAIN) -> Channel:
    """Return what every record starts with: channel id, frequency label and power."""
    return {
        "channelID": channel_id,
        "frequency": keys.read_frequency(_read(row, keys.frequency)),
        "powerLevel": keys.read_level(_read(row, keys.power)),
    }


def qam_downstream(channel_id: int | None, row: Row, keys: RowKeys = PLAIN) -> Channel:
    """Return a DOCSIS 3.0 (SC-QAM) downstream record; the SNR is stored as an MSE."""
    snr = keys.read_level(_read(row, keys.snr))
    if snr is not None and keys.signed_snr:
        snr = abs(snr)
    return {
        **base_record(channel_id, row, keys),
        "modulation": keys.read_modulation(_read(row, keys.modulation)),
        "mse": None if snr is None else -snr,
        **_codeword_counters(row, keys),
    }


def ofdm_downstream(channel_id: int | None, row: Row, keys: RowKeys = PLAIN) -> Channel:
    """Return a DOCSIS 3.1 (OFDM) downstream record; the SNR is its MER."""
    return {
        **base_record(channel_id, row, keys),
        "type": "OFDM",
        "modulation": "OFDM",
        "mer": keys.read_level(_read(row, keys.snr)),
        **_codeword_counters(row, keys),
    }


def ofdma_upstream(channel_id: int | None, row: Row, keys: RowKeys = PLAIN) -> Channel:
    """Return a DOCSIS 3.1 (OFDMA) upstream record."""
    return {**base_record(channel_id, row, keys), **OFDMA}


def qam_upstream(
    channel_id: int | None,
    row: Row,
    keys: RowKeys = PLAIN,
    *,
    stated_type: object = "",
    multiplex: str = "ATDMA",
    symbol_rate: float | None = None,
) -> Channel:
    """Return a DOCSIS 3.0 (SC-QAM) upstream record; see stated_modulation for the modulation."""
    return {
        **base_record(channel_id, row, keys),
        "modulation": stated_modulation(_read(row, keys.modulation), stated_type),
        "multiplex": multiplex,
        "symbolRate": symbol_rate,
    }


def records_of(
    rows: Iterable[T], build: Callable[[T], Channel | str]
) -> ParseResult[list[Channel]]:
    """Return the record `build` makes of each row; a text it returns notes a skipped row."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in rows:
        built = build(row)
        if isinstance(built, str):
            result.diagnostics.append(built)
        else:
            result.value.append(built)
    return result
