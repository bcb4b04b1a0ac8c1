"""Hitron CODA-56 JSON: /data/dsinfo.asp, usinfo.asp, dsofdminfo.asp and usofdminfo.asp."""

from __future__ import annotations

from typing import Any

from .common import (
    OFDM_ID_BASE,
    OFDMA_ID_BASE,
    Channel,
    ParseResult,
    integer,
    mhz_label,
    modulation,
    number,
    unexpected,
)

# The OFDM/OFDMA tables number receivers and channels from 0 (see OFDM_ID_BASE); the CODA-4680
# serves the same rows.
# The CODA firmware reports SC-QAM downstream modulation as a code.
_DS_MODULATION_CODES = {"0": "16QAM", "1": "64QAM", "2": "256QAM", "3": "1024QAM", "4": "4096QAM"}


def _rows(payload: Any, text: str, what: str) -> list[dict[str, Any]]:
    if not isinstance(payload, list) or not all(isinstance(row, dict) for row in payload):
        raise unexpected(f"The modem's {what} is not a list of channels", text)
    return payload


def parse_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse dsinfo.asp into DOCSIS 3.0 downstream records."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "downstream table"):
        channel_id = integer(row.get("channelId"))
        if channel_id is None:
            result.diagnostics.append(f"downstream row without channelId skipped: {row}")
            continue
        code = str(row.get("modulation", "")).strip()
        snr = number(row.get("snr"))
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(row.get("frequency")),
                "powerLevel": number(row.get("signalStrength")),
                "modulation": _DS_MODULATION_CODES.get(code) or modulation(code),
                "mse": None if snr is None else -snr,
                "corrErrors": integer(row.get("correcteds")),
                "nonCorrErrors": integer(row.get("uncorrect")),
            }
        )
    return result


def parse_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse usinfo.asp into DOCSIS 3.0 upstream records (symbol rate in kSym/s when given)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "upstream table"):
        channel_id = integer(row.get("channelId"))
        if channel_id is None:
            result.diagnostics.append(f"upstream row without channelId skipped: {row}")
            continue
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(row.get("frequency")),
                "powerLevel": number(row.get("signalStrength")),
                "modulation": modulation(row.get("modulationType") or row.get("modtype")),
                "multiplex": str(row.get("scdmaMode") or "ATDMA").strip(),
                "symbolRate": integer(row.get("symbolrate")),
            }
        )
    return result


def parse_ofdm_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse dsofdminfo.asp: only receivers whose PLC is locked are channels."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "OFDM downstream table"):
        if str(row.get("plclock", "")).strip().upper() != "YES":
            result.diagnostics.append(f"OFDM receiver {row.get('receive')} not locked: skipped")
            continue
        receiver = integer(row.get("receive"))
        if receiver is None:
            result.diagnostics.append(f"OFDM row without receiver number skipped: {row}")
            continue
        result.value.append(
            {
                "channelID": OFDM_ID_BASE + receiver,
                "frequency": mhz_label(row.get("Subcarr0freqFreq")),
                "powerLevel": number(row.get("plcpower")),
                "type": "OFDM",
                "modulation": "OFDM",
                "mer": number(row.get("SNR")),
                "corrErrors": integer(row.get("correcteds")),
                "nonCorrErrors": integer(row.get("uncorrect")),
            }
        )
    return result


def parse_ofdma_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse usofdminfo.asp: operating channels; power is repPower1_6 (the 1.6 MHz figure)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "OFDMA upstream table"):
        if str(row.get("state", "")).strip().upper() != "OPERATE":
            result.diagnostics.append(f"OFDMA channel {row.get('uschindex')} not operating")
            continue
        index = integer(row.get("uschindex"))
        if index is None:
            result.diagnostics.append(f"OFDMA row without uschindex skipped: {row}")
            continue
        result.value.append(
            {
                "channelID": OFDMA_ID_BASE + index,
                "frequency": mhz_label(row.get("frequency")),
                "powerLevel": number(row.get("repPower1_6")),
                "type": "OFDMA",
                "modulation": "OFDMA",
                "multiplex": "OFDMA",
            }
        )
    return result
