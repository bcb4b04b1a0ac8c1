"""Hitron CODA-56 JSON: /data/dsinfo.asp, usinfo.asp, dsofdminfo.asp and usofdminfo.asp."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .common import (
    Channel,
    ParseResult,
    dict_rows,
    integer,
    modulation,
)
from .records import (
    RowKeys,
    base_record,
    ofdm_downstream,
    ofdma_upstream,
    qam_downstream,
    records_of,
    stated_modulation,
)

# The OFDM/OFDMA tables number receivers and channels from 0; the records keep those numbers
# (the driver moves one an SC-QAM channel also has, see records.distinct_channel_ids). The
# CODA-4680 serves the same rows.
# The CODA firmware reports SC-QAM downstream modulation as a code (the status page's own list).
_DS_MODULATION_CODES = {
    "0": "16QAM",
    "1": "64QAM",
    "2": "256QAM",
    "3": "1024QAM",
    "4": "32QAM",
    "5": "128QAM",
    "6": "QPSK",
}


def _modulation(value: object) -> str:
    code = str(value).strip()
    return _DS_MODULATION_CODES.get(code) or modulation(code)


_DS = RowKeys(
    power="signalStrength",
    corrected="correcteds",
    uncorrected="uncorrect",
    read_modulation=_modulation,
)
_OFDM = replace(_DS, frequency="Subcarr0freqFreq", power="plcpower", snr="SNR")
_OFDMA = RowKeys(power="repPower1_6")


def _rows(payload: Any, text: str, what: str) -> list[dict[str, Any]]:
    return dict_rows(payload, text, f"The modem's {what} is not a list of channels")


def _downstream(row: dict[str, Any]) -> Channel | str:
    channel_id = integer(row.get("channelId"))
    if channel_id is None:
        return f"downstream row without channelId skipped: {row}"
    return qam_downstream(channel_id, row, _DS)


def _upstream(row: dict[str, Any]) -> Channel | str:
    channel_id = integer(row.get("channelId"))
    if channel_id is None:
        return f"upstream row without channelId skipped: {row}"
    return {
        **base_record(channel_id, row, _DS),
        "modulation": stated_modulation(
            row.get("modulationType") or row.get("modtype"), row.get("scdmaMode")
        ),
        "multiplex": str(row.get("scdmaMode") or "ATDMA").strip(),
        "symbolRate": integer(row.get("symbolrate")),
    }


def _ofdm_downstream(row: dict[str, Any]) -> Channel | str:
    if str(row.get("plclock", "")).strip().upper() != "YES":
        return f"OFDM receiver {row.get('receive')} not locked: skipped"
    receiver = integer(row.get("receive"))
    if receiver is None:
        return f"OFDM row without receiver number skipped: {row}"
    return ofdm_downstream(receiver, row, _OFDM)


def _ofdma_upstream(row: dict[str, Any]) -> Channel | str:
    if str(row.get("state", "")).strip().upper() != "OPERATE":
        return f"OFDMA channel {row.get('uschindex')} not operating"
    index = integer(row.get("uschindex"))
    if index is None:
        return f"OFDMA row without uschindex skipped: {row}"
    return ofdma_upstream(index, row, _OFDMA)


def parse_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse dsinfo.asp into DOCSIS 3.0 downstream records."""
    return records_of(_rows(payload, text, "downstream table"), _downstream)


def parse_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse usinfo.asp into DOCSIS 3.0 upstream records (symbol rate in kSym/s when given)."""
    return records_of(_rows(payload, text, "upstream table"), _upstream)


def parse_ofdm_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse dsofdminfo.asp: only receivers whose PLC is locked are channels."""
    return records_of(_rows(payload, text, "OFDM downstream table"), _ofdm_downstream)


def parse_ofdma_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse usofdminfo.asp: operating channels; power is repPower1_6 (the 1.6 MHz figure)."""
    return records_of(_rows(payload, text, "OFDMA upstream table"), _ofdma_upstream)
