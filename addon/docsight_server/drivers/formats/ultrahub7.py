"""Vodafone Ultra Hub 7 JSON: /api/docsis/downstream/list.jst and /api/docsis/upstream/list.jst.

Both lists are flat (SC-QAM and OFDM/OFDMA channels mixed in `channels[]`); the OFDM ones are
recognised by `ChannelType` when the firmware sends it, else by `Modulation` ("OFDM"/"OFDMA").
The pages carry no codeword counters, so every counter is None.
"""

from __future__ import annotations

from typing import Any

from .common import Channel, ParseResult, integer, mhz_label, modulation, number, unexpected

_UNLOCKED = frozenset(("not locked", "unlocked", "no", "false", "0", "inactive"))


def _channels(payload: Any, text: str, what: str) -> list[dict[str, Any]]:
    rows = payload.get("channels") if isinstance(payload, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unexpected(f"The Ultra Hub's {what} list has no channels[] array", text)
    return rows


def _locked(row: dict[str, Any]) -> bool:
    status = row.get("LockStatus")
    return status is None or str(status).strip().lower() not in _UNLOCKED


def _is_ofdm(row: dict[str, Any], marker: str) -> bool:
    kind = f"{row.get('ChannelType', '')} {row.get('Modulation', '')}".upper()
    return marker in kind


def parse_downstream(
    payload: Any, text: str = ""
) -> ParseResult[tuple[list[Channel], list[Channel]]]:
    """Split the downstream list into (SC-QAM, OFDM) raw records; unlocked rows skipped."""
    result: ParseResult[tuple[list[Channel], list[Channel]]] = ParseResult(([], []))
    qam, ofdm = result.value
    for row in _channels(payload, text, "downstream"):
        channel_id = integer(row.get("ChannelID"))
        if channel_id is None:
            result.diagnostics.append(f"downstream row without ChannelID skipped: {row}")
            continue
        if not _locked(row):
            result.diagnostics.append(f"downstream channel {channel_id} not locked: skipped")
            continue
        snr = number(row.get("SNRLevel"))
        base: Channel = {
            "channelID": channel_id,
            "frequency": mhz_label(row.get("Frequency")),
            "powerLevel": number(row.get("PowerLevel")),
            "corrErrors": None,
            "nonCorrErrors": None,
        }
        if _is_ofdm(row, "OFDM"):
            ofdm.append({**base, "type": "OFDM", "modulation": "OFDM", "mer": snr})
        else:
            mse = None if snr is None else -abs(snr)
            qam.append({**base, "modulation": modulation(row.get("Modulation")), "mse": mse})
    return result


def parse_upstream(
    payload: Any, text: str = ""
) -> ParseResult[tuple[list[Channel], list[Channel]]]:
    """Split the upstream list into (SC-QAM, OFDMA) raw records; unlocked rows skipped."""
    result: ParseResult[tuple[list[Channel], list[Channel]]] = ParseResult(([], []))
    qam, ofdma = result.value
    for row in _channels(payload, text, "upstream"):
        channel_id = integer(row.get("ChannelID"))
        if channel_id is None:
            result.diagnostics.append(f"upstream row without ChannelID skipped: {row}")
            continue
        if not _locked(row):
            result.diagnostics.append(f"upstream channel {channel_id} not locked: skipped")
            continue
        base: Channel = {
            "channelID": channel_id,
            "frequency": mhz_label(row.get("Frequency")),
            "powerLevel": number(row.get("PowerLevel")),
        }
        if _is_ofdm(row, "OFDMA"):
            ofdma.append({**base, "type": "OFDMA", "modulation": "OFDMA", "multiplex": "OFDMA"})
        else:
            qam.append(
                {**base, "modulation": modulation(row.get("Modulation")), "multiplex": "ATDMA"}
            )
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
