"""Sercom DM1000 JSON from /setup.cgi?todo=...: RF_DS_param, RF_DS_31_param, RF_US_param,
RF_US_31_param and Pd_info, each an object with a `nodes` list."""

from __future__ import annotations

import math
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

# RF_DS_31_param and RF_US_31_param number receivers and channels from 0 (see OFDM_ID_BASE).
_UNUSED_MODULATIONS = frozenset(("", "QAM_NONE", "NONE", "UNKNOWN"))
_DEVICE_KEYS = {
    "model": ("ModelName", "model", "Model", "ProductName"),
    "manufacturer": ("VendorName", "Manufacturer", "vendor"),
    "hw_version": ("HardwareVersion", "hw_version", "HwVersion"),
    "sw_version": ("SoftwareVersion", "sw_version", "FirmwareVersion", "firmware", "fwinfo"),
}


def nodes(payload: Any, text: str, what: str) -> list[dict[str, Any]]:
    """Return the `nodes` list of an answer, or raise UnexpectedPageError."""
    rows = payload.get("nodes") if isinstance(payload, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unexpected(f"The modem's {what} has no nodes list", text)
    return rows


def _finite(value: object) -> float | None:
    parsed = number(value)
    return parsed if parsed is not None and math.isfinite(parsed) else None


def profile_modulation(bits: object) -> str | None:
    """Return the modulation a bit loading stands for (2 -> QPSK, 8 -> 256QAM; else None)."""
    loaded = integer(bits)
    if loaded is None or not 1 < loaded <= 12:
        return None
    return "QPSK" if loaded == 2 else f"{2**loaded}QAM"


def parse_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_DS_param: SC-QAM receivers; QAM_NONE rows are idle receivers and are skipped."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in nodes(payload, text, "downstream table"):
        qam = modulation(row.get("qamD"))
        channel_id = integer(row.get("DCIDD"))
        if qam.upper() in _UNUSED_MODULATIONS or not channel_id:
            result.diagnostics.append(f"idle downstream receiver {row.get('numD')} skipped")
            continue
        snr = _finite(row.get("SNRD"))
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(row.get("FreqD")),
                "powerLevel": _finite(row.get("PowerD")),
                "modulation": qam,
                "mse": None if snr is None else -snr,
                "corrErrors": integer(row.get("correctedsD")),
                "nonCorrErrors": integer(row.get("uncorrectedsD")),
            }
        )
    return result


def parse_ofdm_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_DS_31_param: receivers with PLC and MDC1 locked; MER is AV_Data (else AV_PLC)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in nodes(payload, text, "OFDM downstream table"):
        locked = all(str(row.get(key, "")).strip().upper() == "YES" for key in ("PLC", "MDC1"))
        receiver = integer(row.get("num"))
        if not locked or receiver is None:
            result.diagnostics.append(f"OFDM receiver {row.get('num')} not locked: skipped")
            continue
        mer = _finite(row.get("AV_Data"))
        if mer is None:
            mer = _finite(row.get("AV_PLC"))
        result.value.append(
            {
                "channelID": OFDM_ID_BASE + receiver,
                "frequency": mhz_label(row.get("OFDMFreq")),
                "powerLevel": _finite(row.get("PLC_power")),
                "type": "OFDM",
                "modulation": "OFDM",
                "mer": mer,
                # The DM1000 reports no codeword counters for OFDM receivers.
                "corrErrors": None,
                "nonCorrErrors": None,
            }
        )
    return result


def parse_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_US_param: frequency in MHz and symbol rate in MSym/s; idle rows skipped."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in nodes(payload, text, "upstream table"):
        qam = modulation(row.get("modulation"))
        channel_id = integer(row.get("upstream"))
        power = _finite(row.get("rep_power"))
        if qam.upper() in _UNUSED_MODULATIONS or channel_id is None or power is None:
            result.diagnostics.append(f"idle upstream transmitter {row.get('num')} skipped")
            continue
        rate = _finite(row.get("rate"))
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(row.get("Freq"), unit="MHz"),
                "powerLevel": power,
                "modulation": qam,
                "multiplex": "ATDMA",
                "symbolRate": None if rate is None else round(rate * 1000),
            }
        )
    return result


def _columns(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn RF_US_31_param's name/index1..indexN rows into one dict per channel column."""
    columns: dict[int, dict[str, Any]] = {}
    for row in rows:
        name = str(row.get("name") or "").strip()
        for key, value in row.items():
            if name and key.startswith("index") and key[5:].isdigit():
                columns.setdefault(int(key[5:]), {})[name] = value
    return [columns[index] for index in sorted(columns)]


def parse_ofdma_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_US_31_param (transposed): powered, non-disabled channels with a frequency."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for column in _columns(nodes(payload, text, "OFDMA upstream table")):
        powered = str(column.get("Power", "")).strip().upper() == "ON"
        state = str(column.get("STATE", "")).strip().upper()
        frequency = _finite(column.get("Center Freq SC0"))
        index = integer(column.get("CH"))
        if not powered or state in ("", "DISABLED", "OFF") or not frequency or index is None:
            result.diagnostics.append(f"OFDMA channel {column.get('CH')} not active: skipped")
            continue
        channel: Channel = {
            "channelID": OFDMA_ID_BASE + index,
            "frequency": mhz_label(frequency, unit="MHz"),
            "powerLevel": _finite(column.get("rep power1_6")),
            "type": "OFDMA",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
        }
        profile = profile_modulation(column.get("bit Loading"))
        if profile:
            channel["profile_modulation"] = profile
        result.value.append(channel)
    return result


def _lookup(payload: dict[str, Any], names: tuple[str, ...]) -> str:
    wanted = {name.lower() for name in names}
    candidates: list[dict[str, Any]] = [payload]
    rows = payload.get("nodes")
    if isinstance(rows, list):
        candidates += [row for row in rows if isinstance(row, dict)]
    for candidate in candidates:
        for key, value in candidate.items():
            if key.lower() in wanted and str(value or "").strip():
                return str(value).strip()
        label = str(candidate.get("name") or "").lower()
        if label in wanted and str(candidate.get("value") or "").strip():
            return str(candidate["value"]).strip()
    return ""


def parse_device(payload: Any, text: str = "") -> dict[str, Any]:
    """Parse Pd_info (fields at the top, in node objects or as name/value nodes)."""
    if not isinstance(payload, dict):
        raise unexpected("The modem's product info is not a JSON object", text)
    info: dict[str, Any] = {"manufacturer": "Sercom", "model": "DM1000"}
    for key, names in _DEVICE_KEYS.items():
        value = _lookup(payload, names)
        if value:
            info[key] = value
    return info
