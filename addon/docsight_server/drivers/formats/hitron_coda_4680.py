"""Hitron CODA-4680 JSON: /1/Device/CM/DsInfo, UsInfo, DsOfdm, UsOfdm, Version and SysInfo."""

from __future__ import annotations

from typing import Any

from .common import Channel, ParseResult, integer, mhz_label, modulation, number, unexpected

# DsOfdm numbers OFDM receivers from 0 and UsOfdm numbers OFDMA channels from 0; the records use
# the DOCSIS 3.1 channel IDs the rest of DOCSight uses for them (33 up and 41 up).
OFDM_ID_BASE = 33
OFDMA_ID_BASE = 41
# errCode values the Backbone API answers when the session is gone or never existed.
AUTH_ERROR_CODES = frozenset(("401", "403"))
OK_CODE = "000"


def payload_object(payload: Any, text: str, what: str) -> dict[str, Any]:
    """Return an API answer as an object, or raise UnexpectedPageError."""
    if not isinstance(payload, dict):
        raise unexpected(f"The modem's {what} is not a JSON object", text)
    return payload


def error_code(payload: dict[str, Any]) -> str:
    """Return the answer's errCode ("000" when the field is absent)."""
    return str(payload.get("errCode", OK_CODE)).strip() or OK_CODE


def _rows(payload: Any, text: str, key: str) -> list[dict[str, Any]]:
    body = payload_object(payload, text, key)
    rows = body.get(key)
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unexpected(f"The modem's answer has no {key} list", text)
    return rows


def parse_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse DsInfo (Freq_List) into DOCSIS 3.0 downstream records."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "Freq_List"):
        channel_id = integer(row.get("channelId"))
        if channel_id is None:
            result.diagnostics.append(f"downstream row without channelId skipped: {row}")
            continue
        snr = number(row.get("snr"))
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(row.get("frequency")),
                "powerLevel": number(row.get("signalStrength")),
                "modulation": modulation(row.get("modulation")),
                "mse": None if snr is None else -snr,
                "corrErrors": integer(row.get("correcteds")),
                "nonCorrErrors": integer(row.get("uncorrect")),
            }
        )
    return result


def parse_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse UsInfo (Freq_List) into DOCSIS 3.0 upstream records (symbol rate in kSym/s)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "Freq_List"):
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
                # The 4680's table has no multiplex column; its SC-QAM upstreams are ATDMA.
                "multiplex": "ATDMA",
                "symbolRate": integer(row.get("symbolrate")),
            }
        )
    return result


def parse_ofdm_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse DsOfdm (OFDMs_List): receivers with a locked PLC; SNR/counters when reported."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "OFDMs_List"):
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
    """Parse UsOfdm (OFDMAs_List): operating channels; power is repPower1_6 (per 1.6 MHz)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in _rows(payload, text, "OFDMAs_List"):
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


def parse_version(payload: Any, text: str = "") -> dict[str, Any]:
    """Parse /1/Device/CM/Version into device info (model, vendor, versions)."""
    body = payload_object(payload, text, "version answer")
    model = str(body.get("modelName") or body.get("ModelReport") or "").strip()
    if not model:
        raise unexpected("The modem's version answer has no modelName", text)
    info: dict[str, Any] = {
        "manufacturer": str(body.get("vendorName") or "Hitron Technologies").strip(),
        "model": model,
    }
    for key, field in (("hw_version", "HwVersion"), ("sw_version", "SoftwareVersion")):
        value = str(body.get(field) or "").strip()
        if value:
            info[key] = value
    return info


def parse_sysinfo(payload: Any, text: str = "") -> dict[str, Any]:
    """Parse /1/Device/CM/SysInfo: network access and the provisioned rates (bit/s)."""
    body = payload_object(payload, text, "system answer")
    down = integer(body.get("DsDataRate"))
    up = integer(body.get("UsDataRate"))
    return {
        "docsis_status": str(body.get("ntAccess") or "").strip(),
        "max_downstream_kbps": down // 1000 if down else None,
        "max_upstream_kbps": up // 1000 if up else None,
    }
