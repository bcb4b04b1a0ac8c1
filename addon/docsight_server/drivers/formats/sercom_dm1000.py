"""Sercom DM1000 JSON from /setup.cgi?todo=...: RF_DS_param, RF_DS_31_param, RF_US_param,
RF_US_31_param and Pd_info, each an object with a `nodes` list."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from .common import (
    Channel,
    ParseResult,
    dict_rows,
    integer,
    modulation,
    number,
    unexpected,
)
from .records import (
    RowKeys,
    base_record,
    megahertz,
    ofdm_downstream,
    ofdma_upstream,
    qam_downstream,
    records_of,
)

# RF_DS_31_param and RF_US_31_param number receivers and channels from 0; the records keep those
# numbers (the driver moves one an SC-QAM channel also has, see records.distinct_channel_ids).
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
    return dict_rows(rows, text, f"The modem's {what} has no nodes list")


def _finite(value: object) -> float | None:
    parsed = number(value)
    return parsed if parsed is not None and math.isfinite(parsed) else None


_DS = RowKeys("FreqD", "PowerD", "qamD", "SNRD", "correctedsD", "uncorrectedsD", read_level=_finite)
# MER is AV_Data (else AV_PLC); the DM1000 reports no codeword counters for OFDM receivers.
_OFDM = RowKeys("OFDMFreq", "PLC_power", "", "AV_Data", None, None, read_level=_finite)
_US = RowKeys("Freq", "rep_power", read_frequency=megahertz, read_level=_finite)
_OFDMA = replace(_US, frequency="Center Freq SC0", power="rep power1_6")


def profile_modulation(bits: object) -> str | None:
    """Return the modulation a bit loading stands for (2 -> QPSK, 8 -> 256QAM; else None)."""
    loaded = integer(bits)
    if loaded is None or not 1 < loaded <= 12:
        return None
    return "QPSK" if loaded == 2 else f"{2**loaded}QAM"


def _downstream(row: dict[str, Any]) -> Channel | str:
    channel_id = integer(row.get("DCIDD"))
    if modulation(row.get("qamD")).upper() in _UNUSED_MODULATIONS or not channel_id:
        return f"idle downstream receiver {row.get('numD')} skipped"
    return qam_downstream(channel_id, row, _DS)


def _ofdm_downstream(row: dict[str, Any]) -> Channel | str:
    locked = all(str(row.get(key, "")).strip().upper() == "YES" for key in ("PLC", "MDC1"))
    receiver = integer(row.get("num"))
    if not locked or receiver is None:
        return f"OFDM receiver {row.get('num')} not locked: skipped"
    record = ofdm_downstream(receiver, row, _OFDM)
    if record["mer"] is None:
        record["mer"] = _finite(row.get("AV_PLC"))
    return record


def _upstream(row: dict[str, Any]) -> Channel | str:
    qam = modulation(row.get("modulation"))
    channel_id = integer(row.get("upstream"))
    if (
        qam.upper() in _UNUSED_MODULATIONS
        or channel_id is None
        or _finite(row.get("rep_power")) is None
    ):
        return f"idle upstream transmitter {row.get('num')} skipped"
    rate = _finite(row.get("rate"))
    return {
        **base_record(channel_id, row, _US),
        "modulation": qam,
        "multiplex": "ATDMA",
        "symbolRate": None if rate is None else round(rate * 1000),
    }


def _ofdma_upstream(column: dict[str, Any]) -> Channel | str:
    powered = str(column.get("Power", "")).strip().upper() == "ON"
    state = str(column.get("STATE", "")).strip().upper()
    frequency = _finite(column.get("Center Freq SC0"))
    index = integer(column.get("CH"))
    if not powered or state in ("", "DISABLED", "OFF") or not frequency or index is None:
        return f"OFDMA channel {column.get('CH')} not active: skipped"
    channel = ofdma_upstream(index, column, _OFDMA)
    profile = profile_modulation(column.get("bit Loading"))
    if profile:
        channel["profile_modulation"] = profile
    return channel


def parse_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_DS_param: SC-QAM receivers; QAM_NONE rows are idle receivers and are skipped."""
    return records_of(nodes(payload, text, "downstream table"), _downstream)


def parse_ofdm_downstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_DS_31_param: receivers with PLC and MDC1 locked; MER is AV_Data (else AV_PLC)."""
    return records_of(nodes(payload, text, "OFDM downstream table"), _ofdm_downstream)


def parse_upstream(payload: Any, text: str = "") -> ParseResult[list[Channel]]:
    """Parse RF_US_param: frequency in MHz and symbol rate in MSym/s; idle rows skipped."""
    return records_of(nodes(payload, text, "upstream table"), _upstream)


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
    return records_of(_columns(nodes(payload, text, "OFDMA upstream table")), _ofdma_upstream)


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
