"""Vodafone Station pages: the CGA JSON API and the TG HTML with embedded JSON arrays.

CGA (`/api/v1/sta_docsis_status`): four lists `downstream` (channelid, CentralFrequency, power,
SNR, FFT, locked), `ofdm_downstream` (channelid_ofdm, CentralFrequency_ofdm or
start_frequency/end_frequency, power_ofdm, SNR_ofdm, FFT_ofdm, locked_ofdm), `upstream` and
`ofdma_upstream` (channelidup, CentralFrequency, power, FFT, RangingStatus).
TG (`/php/status_docsis_data.php`): `json_dsData` / `json_usData` arrays of ChannelID,
ChannelType, Frequency (MHz, or "start~end" for OFDM/OFDMA), Modulation, PowerLevel
("dBmV/dBuV"), SNRLevel, LockStatus.
Codeword counters are read wherever a row carries them (several spellings); None otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any, NamedTuple

from .common import (
    Channel,
    ParseResult,
    dict_rows,
    integer,
    js_string,
    mhz_label,
    modulation,
    number,
    split_form,
    unexpected,
)
from .records import (
    OFDMA,
    RowKeys,
    base_record,
    ofdm_downstream,
    qam_downstream,
    stated_modulation,
)

# Firmware builds spell the codeword counters differently; whichever a row carries is read.
_CORRECTED = frozenset(
    (
        "correrror",
        "correrrors",
        "corrected",
        "correcteds",
        "correctable",
        "correctableerrors",
        "correctablecodewords",
        "corrected_ofdm",
        "correrror_ofdm",
    )
)
_UNCORRECTED = frozenset(
    (
        "noncorrerror",
        "noncorrerrors",
        "uncorrected",
        "uncorrectable",
        "uncorrectableerrors",
        "uncorrectablecodewords",
        "uncorrected_ofdm",
        "noncorrerror_ofdm",
    )
)
_UNLOCKED_WORDS = ("not", "unlock", "fail", "abort", "no", "false", "inactive", "disabled")
_STATUS_WORDS = {
    "operational": "online",
    "docsis online": "online",
    "online": "online",
    "docsis offline": "offline",
    "offline": "offline",
}


def _qam(value: object) -> str:
    """Normalise "256-QAM", "256 QAM", "qam256", "QAM_256" to "256QAM"."""
    return modulation(re.sub(r"[\s_-]", "", str(value or "")))


def _locked(value: object) -> bool:
    if value is None:
        return True
    words = str(value).strip().lower()
    return bool(words) and not any(words.startswith(word) for word in _UNLOCKED_WORDS)


def _counter(row: dict[str, Any], names: frozenset[str]) -> int | None:
    for key, value in row.items():
        if key.lower() in names:
            return integer(value)
    return None


def _counters(row: dict[str, Any]) -> dict[str, int | None]:
    return {"corrErrors": _counter(row, _CORRECTED), "nonCorrErrors": _counter(row, _UNCORRECTED)}


def range_frequency(value: object, start: object = None, end: object = None) -> str:
    """Return "<n> MHz" for a centre, a "lo~hi" range (its middle) or separate lo/hi values."""
    text = "" if value is None else str(value).strip()
    if "~" in text:
        start, _, end = text.partition("~")
    elif text:
        return mhz_label(value)
    low, high = number(start), number(end)
    if low is None:
        return ""
    if high is None:
        return mhz_label(start)
    unit = "MHz" if max(low, high) < 1e5 else "Hz"
    return mhz_label((low + high) / 2, unit=unit)


def _rows(payload: Any, key: str, text: str) -> list[dict[str, Any]]:
    rows = payload.get(key, []) if isinstance(payload, dict) else None
    return dict_rows(
        [] if rows is None else rows, text, f"The station's {key} list is not a list of channels"
    )


class _Listing(NamedTuple):
    """Where a channel list keeps a row's id and lock state, and the note for a skipped row."""

    id_key: str
    lock_key: str
    skipped: str


_CGA_DS = _Listing("channelid", "locked", "downstream channel {} skipped (unlocked)")
_CGA_OFDM = _Listing("channelid_ofdm", "locked_ofdm", "OFDM channel {} skipped (unlocked)")
_CGA_US = _Listing("channelidup", "RangingStatus", "upstream channel {} skipped (not ranged)")
_TG_DS = _Listing("ChannelID", "LockStatus", "downstream channel {} skipped (unlocked)")
_TG_US = _Listing("ChannelID", "LockStatus", "upstream channel {} skipped (not ranged)")
# The counters are read by _counters (their spelling varies); some SNRs come signed already.
_STATION = RowKeys(corrected=None, uncorrected=None, signed_snr=True, read_modulation=_qam)
_CGA_DS_KEYS = replace(_STATION, frequency="CentralFrequency", modulation="FFT", snr="SNR")
_CGA_OFDM_KEYS = replace(_STATION, power="power_ofdm", snr="SNR_ofdm")
_TG_KEYS = replace(
    _STATION,
    frequency="Frequency",
    power="PowerLevel",
    modulation="Modulation",
    snr="SNRLevel",
    read_frequency=range_frequency,
)


def _usable(
    rows: list[dict[str, Any]], listing: _Listing, notes: list[str]
) -> list[tuple[int, dict[str, Any]]]:
    """Return (channel id, row) of the locked rows with an id; notes the others."""
    usable: list[tuple[int, dict[str, Any]]] = []
    for row in rows:
        channel_id = integer(row.get(listing.id_key))
        if channel_id is None or not _locked(row.get(listing.lock_key)):
            notes.append(listing.skipped.format(row.get(listing.id_key)))
            continue
        usable.append((channel_id, row))
    return usable


def _cga_frequency(row: dict[str, Any], centre: str) -> str:
    return range_frequency(row.get(centre), row.get("start_frequency"), row.get("end_frequency"))


def parse_cga(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse the `data` object of /api/v1/sta_docsis_status into the split raw form."""
    if not isinstance(payload, dict) or not any(
        key in payload for key in ("downstream", "ofdm_downstream", "upstream", "ofdma_upstream")
    ):
        raise unexpected("The station's DOCSIS status has no channel lists", text)
    notes: list[str] = []
    ds30: list[Channel] = []
    for channel_id, row in _usable(_rows(payload, "downstream", text), _CGA_DS, notes):
        ds30.append({**qam_downstream(channel_id, row, _CGA_DS_KEYS), **_counters(row)})
    ds31: list[Channel] = []
    for channel_id, row in _usable(_rows(payload, "ofdm_downstream", text), _CGA_OFDM, notes):
        frequency = _cga_frequency(row, "CentralFrequency_ofdm")
        record = ofdm_downstream(channel_id, row, _CGA_OFDM_KEYS)
        ds31.append({**record, "frequency": frequency, **_counters(row)})
    us30 = _cga_upstream(_rows(payload, "upstream", text), notes, ofdma=False)
    us31 = _cga_upstream(_rows(payload, "ofdma_upstream", text), notes, ofdma=True)
    return ParseResult(split_form(ds30, ds31, us30, us31), notes)


def _cga_upstream(rows: list[dict[str, Any]], notes: list[str], *, ofdma: bool) -> list[Channel]:
    channels: list[Channel] = []
    for channel_id, row in _usable(rows, _CGA_US, notes):
        channel = base_record(channel_id, row)
        channel["frequency"] = _cga_frequency(row, "CentralFrequency")
        if ofdma or "OFDMA" in str(row.get("ChannelType", "")).upper():
            channel.update(OFDMA)
        else:
            spelled = stated_modulation(_qam(row.get("FFT")), row.get("ChannelType"))
            channel.update(modulation=spelled, multiplex="ATDMA")
        channels.append(channel)
    return channels


def _embedded_array(text: str, name: str) -> list[Any] | None:
    match = re.search(re.escape(name) + r"\s*=\s*", text)
    if match is None:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(text, match.end())
    except ValueError:
        return None
    return value if isinstance(value, list) else None


def parse_tg(text: str) -> ParseResult[dict[str, Any]]:
    """Parse status_docsis_data.php (json_dsData / json_usData) into the split raw form."""
    ds_rows = _embedded_array(text, "json_dsData")
    us_rows = _embedded_array(text, "json_usData")
    if ds_rows is None or us_rows is None:
        raise unexpected("The station's DOCSIS page has no json_dsData/json_usData", text)
    if not all(isinstance(row, dict) for row in ds_rows + us_rows):
        raise unexpected("The station's DOCSIS arrays hold something other than channels", text)
    notes: list[str] = []
    ds30: list[Channel] = []
    ds31: list[Channel] = []
    for channel_id, row in _usable(ds_rows, _TG_DS, notes):
        if "OFDM" in str(row.get("ChannelType", "")).upper():
            ds31.append({**ofdm_downstream(channel_id, row, _TG_KEYS), **_counters(row)})
        else:
            ds30.append({**qam_downstream(channel_id, row, _TG_KEYS), **_counters(row)})
    us30: list[Channel] = []
    us31: list[Channel] = []
    for channel_id, row in _usable(us_rows, _TG_US, notes):
        record = base_record(channel_id, row, _TG_KEYS)
        if "OFDMA" in str(row.get("ChannelType", "")).upper():
            us31.append({**record, **OFDMA})
        else:
            spelled = stated_modulation(_qam(row.get("Modulation")), row.get("ChannelType"))
            us30.append({**record, "modulation": spelled, "multiplex": "ATDMA"})
    return ParseResult(split_form(ds30, ds31, us30, us31), notes)


def _status(value: object) -> str:
    text = str(value or "").strip()
    return _STATUS_WORDS.get(text.lower(), text.lower())


def _first(payload: dict[str, Any], *names: str) -> Any:
    for name in names:
        if payload.get(name) not in (None, ""):
            return payload[name]
    return None


def parse_cga_device(payload: Any, text: str = "") -> dict[str, Any]:
    """Read the `data` object of /api/v1/sta_device_info."""
    if not isinstance(payload, dict) or not payload:
        raise unexpected("The station's device info is empty", text)
    info: dict[str, Any] = {
        "manufacturer": "CommScope/Technicolor",
        "model": str(_first(payload, "ModelName", "modelName", "model") or "Vodafone Station"),
    }
    fields = {
        "sw_version": ("SoftwareVersion", "softwareVersion", "firmwareversion", "swVersion"),
        "hw_version": ("HardwareVersion", "hardwareVersion", "hwVersion"),
    }
    for key, names in fields.items():
        value = _first(payload, *names)
        if value is not None:
            info[key] = str(value)
    uptime = integer(_first(payload, "uptime", "UpTime", "SystemUptime"))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    status = _first(payload, "CMStatus", "DocsisStatus")
    if status is not None:
        info["docsis_status"] = _status(status)
    return info


def parse_tg_device(status_data: str, status_page: str = "") -> dict[str, Any]:
    """Read status_status_data.php (js_* variables) and the /?status_status page (_ga.*)."""
    firmware = js_string(status_data, "js_FWVersion")
    hardware = js_string(status_data, "js_HWTypeVersion")
    if firmware is None and hardware is None:
        raise unexpected("The station's status data has no js_FWVersion", status_data)
    info: dict[str, Any] = {
        "manufacturer": "CommScope/ARRIS",
        "model": "Vodafone Station (TG3442DE/TG6442VF)",
    }
    for key, value in (
        ("sw_version", firmware),
        ("hw_version", hardware),
        ("wan_ipv4", js_string(status_data, "js_ipv4addr")),
        ("wan_ipv6", js_string(status_data, "js_ipv6addr")),
        ("reboot_reason", js_string(status_page, "_ga.lastRebootReason")),
    ):
        if value:
            info[key] = value
    uptime = re.search(r"js_UptimeSinceReboot\s*=\s*'(\d+),(\d+),(\d+)", status_data)
    if uptime:
        days, hours, minutes = (int(part) for part in uptime.groups())
        info["uptime_seconds"] = days * 86400 + hours * 3600 + minutes * 60
    connection = js_string(status_page, "_ga.modemConnectionStatus")
    if connection:
        info["docsis_status"] = _status(connection)
    return info
