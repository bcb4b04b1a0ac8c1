"""Sagemcom F3896LG (Virgin Media Hub 5) REST JSON under /rest/v1/cablemodem/."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .common import (
    Lanes,
    ParseResult,
    dict_rows,
    integer,
    modulation,
    number,
    split_form,
    unexpected,
)
from .records import RowKeys, base_record, hertz, ofdm_downstream, ofdma_upstream, qam_downstream

# The Hub 5 reports OFDM/OFDMA power and OFDM RxMER in tenths of a dB(mV).
TENTHS = 10.0


def _channels(payload: Any, text: str, section: str) -> list[dict[str, Any]]:
    body = payload.get(section) if isinstance(payload, dict) else None
    rows = body.get("channels") if isinstance(body, dict) else None
    return dict_rows(rows, text, f"The {section} answer has no channel list")


def _tenths(value: object) -> float | None:
    parsed = number(value)
    return None if parsed is None else round(parsed / TENTHS, 2)


_SC_QAM = RowKeys(
    corrected="correctedErrors", uncorrected="uncorrectedErrors", read_frequency=hertz
)
_OFDM = replace(_SC_QAM, snr="rxMer", read_level=_tenths)


def _locked(row: dict[str, Any], result: ParseResult[Any]) -> bool:
    # Older firmware leaves lockStatus out: a listed channel is then a locked one.
    if row.get("lockStatus", True) in (True, "true", "locked", "Locked"):
        return True
    result.diagnostics.append(f"channel {row.get('channelId')} not locked: skipped")
    return False


def parse_downstream(payload: Any, text: str = "") -> ParseResult[Lanes]:
    """Parse /downstream into (SC-QAM, OFDM) records; OFDM power and rxMer are scaled."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdm = result.value
    for row in _channels(payload, text, "downstream"):
        if not _locked(row, result):
            continue
        kind = str(row.get("channelType", "")).lower()
        channel_id = integer(row.get("channelId"))
        if kind == "ofdm":
            record = ofdm_downstream(channel_id, row, _OFDM)
            ofdm.append({**record, "modulation": modulation(row.get("modulation")) or "OFDM"})
        elif kind == "sc_qam":
            qam.append(qam_downstream(channel_id, row, _SC_QAM))
        else:
            result.diagnostics.append(f"downstream channelType {kind!r} skipped")
    return result


def parse_upstream(payload: Any, text: str = "") -> ParseResult[Lanes]:
    """Parse /upstream into (ATDMA, OFDMA) records; OFDMA power is scaled."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdma = result.value
    for row in _channels(payload, text, "upstream"):
        if not _locked(row, result):
            continue
        kind = str(row.get("channelType", "")).lower()
        channel_id = integer(row.get("channelId"))
        if kind == "ofdma":
            ofdma.append(ofdma_upstream(channel_id, row, _OFDM))
        elif kind in ("atdma", "tdma", "sc_qam"):
            qam.append(
                {
                    **base_record(channel_id, row, _SC_QAM),
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
