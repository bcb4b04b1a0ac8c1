"""Vodafone Ultra Hub 7 JSON: /api/docsis/downstream/list.jst and /api/docsis/upstream/list.jst.

Both lists are flat (SC-QAM and OFDM/OFDMA channels mixed in `channels[]`); the OFDM ones are
recognised by `ChannelType` when the firmware sends it, else by `Modulation` ("OFDM"/"OFDMA").
The pages carry no codeword counters, so every counter is None.
"""

from __future__ import annotations

from typing import Any

from .common import Lanes, ParseResult, dict_rows, integer, unexpected
from .records import (
    OFDMA,
    RowKeys,
    base_record,
    ofdm_downstream,
    qam_downstream,
    stated_modulation,
)

# The pages carry no codeword counters; some firmware signs the SNR already.
_KEYS = RowKeys("Frequency", "PowerLevel", "Modulation", "SNRLevel", None, None, signed_snr=True)
_UNLOCKED = frozenset(("not locked", "unlocked", "no", "false", "0", "inactive"))


def _channels(payload: Any, text: str, what: str) -> list[dict[str, Any]]:
    rows = payload.get("channels") if isinstance(payload, dict) else None
    return dict_rows(rows, text, f"The Ultra Hub's {what} list has no channels[] array")


def _locked(row: dict[str, Any]) -> bool:
    status = row.get("LockStatus")
    return status is None or str(status).strip().lower() not in _UNLOCKED


def _is_ofdm(row: dict[str, Any], marker: str) -> bool:
    kind = f"{row.get('ChannelType', '')} {row.get('Modulation', '')}".upper()
    return marker in kind


def _usable(
    payload: Any, text: str, what: str, result: ParseResult[Lanes]
) -> list[tuple[int, dict[str, Any]]]:
    """Return (channel id, row) of the locked rows with a ChannelID; notes the others."""
    usable: list[tuple[int, dict[str, Any]]] = []
    for row in _channels(payload, text, what):
        channel_id = integer(row.get("ChannelID"))
        if channel_id is None:
            result.diagnostics.append(f"{what} row without ChannelID skipped: {row}")
        elif not _locked(row):
            result.diagnostics.append(f"{what} channel {channel_id} not locked: skipped")
        else:
            usable.append((channel_id, row))
    return usable


def parse_downstream(payload: Any, text: str = "") -> ParseResult[Lanes]:
    """Split the downstream list into (SC-QAM, OFDM) raw records; unlocked rows skipped."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdm = result.value
    for channel_id, row in _usable(payload, text, "downstream", result):
        if _is_ofdm(row, "OFDM"):
            ofdm.append(ofdm_downstream(channel_id, row, _KEYS))
        else:
            qam.append(qam_downstream(channel_id, row, _KEYS))
    return result


def parse_upstream(payload: Any, text: str = "") -> ParseResult[Lanes]:
    """Split the upstream list into (SC-QAM, OFDMA) raw records; unlocked rows skipped."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdma = result.value
    for channel_id, row in _usable(payload, text, "upstream", result):
        record = base_record(channel_id, row, _KEYS)
        if _is_ofdm(row, "OFDMA"):
            ofdma.append({**record, **OFDMA})
        else:
            spelled = stated_modulation(row.get("Modulation"), row.get("ChannelType"))
            qam.append({**record, "modulation": spelled, "multiplex": "ATDMA"})
    return result


def parse_device(payload: Any, text: str = "") -> dict[str, Any]:
    """Read /api/device/details.jst: versions and uptime."""
    if not isinstance(payload, dict) or not (
        "SoftwareVersion" in payload or "ModelName" in payload
    ):
        raise unexpected("The Ultra Hub's device details have no SoftwareVersion", text)
    info: dict[str, Any] = {
        "manufacturer": "Sercomm",
        "model": str(payload.get("ModelName") or "Vodafone Ultra Hub 7"),
    }
    for key, field in (("sw_version", "SoftwareVersion"), ("hw_version", "HardwareVersion")):
        if payload.get(field):
            info[key] = str(payload[field])
    uptime = integer(payload.get("UpTime"))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return info
