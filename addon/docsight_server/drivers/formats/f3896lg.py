"""Sagemcom F3896LG (Virgin Media Hub 5) REST JSON under /rest/v1/cablemodem/."""

from __future__ import annotations

from typing import Any

from .common import (
    Channel,
    ParseResult,
    integer,
    mhz_label,
    modulation,
    number,
    split_form,
    unexpected,
)

# The Hub 5 reports OFDM/OFDMA power and OFDM RxMER in tenths of a dB(mV).
TENTHS = 10.0


def _channels(payload: Any, text: str, section: str) -> list[dict[str, Any]]:
    body = payload.get(section) if isinstance(payload, dict) else None
    rows = body.get("channels") if isinstance(body, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise unexpected(f"The {section} answer has no channel list", text)
    return rows


def _tenths(value: object) -> float | None:
    parsed = number(value)
    return None if parsed is None else round(parsed / TENTHS, 2)


def _locked(row: dict[str, Any], result: ParseResult[Any]) -> bool:
    # Older firmware leaves lockStatus out: a listed channel is then a locked one.
    if row.get("lockStatus", True) in (True, "true", "locked", "Locked"):
        return True
    result.diagnostics.append(f"channel {row.get('channelId')} not locked: skipped")
    return False


def parse_downstream(payload: Any, text: str = "") -> ParseResult[tuple[list[Channel], ...]]:
    """Parse /downstream into (SC-QAM, OFDM) records; OFDM power and rxMer are scaled."""
    result: ParseResult[tuple[list[Channel], ...]] = ParseResult(([], []))
    qam, ofdm = result.value
    for row in _channels(payload, text, "downstream"):
        if not _locked(row, result):
            continue
        kind = str(row.get("channelType", "")).lower()
        common = {
            "channelID": integer(row.get("channelId")),
            "frequency": mhz_label(row.get("frequency"), unit="Hz"),
            "corrErrors": integer(row.get("correctedErrors")),
            "nonCorrErrors": integer(row.get("uncorrectedErrors")),
        }
        if kind == "ofdm":
            ofdm.append(
                {
                    **common,
                    "powerLevel": _tenths(row.get("power")),
                    "type": "OFDM",
                    "modulation": modulation(row.get("modulation")) or "OFDM",
                    "mer": _tenths(row.get("rxMer")),
                }
            )
        elif kind == "sc_qam":
            snr = number(row.get("snr"))
            qam.append(
                {
                    **common,
                    "powerLevel": number(row.get("power")),
                    "modulation": modulation(row.get("modulation")),
                    "mse": None if snr is None else -snr,
                }
            )
        else:
            result.diagnostics.append(f"downstream channelType {kind!r} skipped")
    return result


def parse_upstream(payload: Any, text: str = "") -> ParseResult[tuple[list[Channel], ...]]:
    """Parse /upstream into (ATDMA, OFDMA) records; OFDMA power is scaled."""
    result: ParseResult[tuple[list[Channel], ...]] = ParseResult(([], []))
    qam, ofdma = result.value
    for row in _channels(payload, text, "upstream"):
        if not _locked(row, result):
            continue
        kind = str(row.get("channelType", "")).lower()
        base = {
            "channelID": integer(row.get("channelId")),
            "frequency": mhz_label(row.get("frequency"), unit="Hz"),
        }
        if kind == "ofdma":
            ofdma.append(
                {
                    **base,
                    "powerLevel": _tenths(row.get("power")),
                    "type": "OFDMA",
                    "modulation": "OFDMA",
                    "multiplex": "OFDMA",
                }
            )
        elif kind in ("atdma", "tdma", "sc_qam"):
            qam.append(
                {
                    **base,
                    "powerLevel": number(row.get("power")),
                    "modulation": modulation(row.get("modulation")),
                    "multiplex": kind.upper(),
                    "symbolRate": integer(row.get("symbolRate")),
                }
            )
        else:
            result.diagnostics.append(f"upstream channelType {kind!r} skipped")
    return result


def parse_channels(down: Any, up: Any, down_text: str = "", up_text: str = "") -> dict[str, Any]:
    """Return the split raw form from the /downstream and /upstream answers."""
    ds30, ds31 = parse_downstream(down, down_text).value
    us30, us31 = parse_upstream(up, up_text).value
    return split_form(ds30, ds31, us30, us31)


def registration(payload: Any) -> dict[str, Any] | None:
    """Return the registration object of /registration, None when the answer has none."""
    body = payload.get("registration") if isinstance(payload, dict) else None
    return body if isinstance(body, dict) and "status" in body else None


def parse_state(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse /state_ into the DOCSIS status and uptime."""
    body = payload.get("cablemodem") if isinstance(payload, dict) else None
    if not isinstance(body, dict) or "status" not in body:
        raise unexpected("The state_ answer has no cablemodem status", text)
    info: dict[str, Any] = {"docsis_status": str(body["status"])}
    uptime = integer(body.get("upTime"))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return ParseResult(info)


def parse_serviceflows(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse /serviceflows: the highest maxTrafficRate (bit/s) per direction, in kbit/s."""
    flows = payload.get("serviceFlows") if isinstance(payload, dict) else None
    if not isinstance(flows, list):
        raise unexpected("The serviceflows answer has no serviceFlows list", text)
    best: dict[str, int] = {}
    for entry in flows:
        flow = entry.get("serviceFlow", entry) if isinstance(entry, dict) else None
        if not isinstance(flow, dict):
            continue
        rate = integer(flow.get("maxTrafficRate"))
        direction = str(flow.get("direction", "")).lower()
        if rate is not None and direction in ("downstream", "upstream"):
            best[direction] = max(best.get(direction, 0), rate // 1000)
    if not best:
        return ParseResult({}, ["no service flow with a maxTrafficRate"])
    return ParseResult(
        {
            "max_downstream_kbps": best.get("downstream"),
            "max_upstream_kbps": best.get("upstream"),
            "connection_type": "DOCSIS",
        }
    )
