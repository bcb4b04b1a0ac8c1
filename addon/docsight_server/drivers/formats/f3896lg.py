"""Sagemcom F3896LG (Virgin Media Hub 5) REST JSON under /rest/v1/cablemodem/."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from typing import Any

from ...analysis.qam import qam_order
from ..base import UnexpectedPageError
from .common import (
    OFDM_ID_BASE,
    OFDMA_ID_BASE,
    Channel,
    Lanes,
    ParseResult,
    integer,
    modulation,
    number,
    split_form,
    unexpected,
)
from .records import (
    RowKeys,
    distinct_channel_ids,
    hertz,
    ofdm_downstream,
    ofdma_upstream,
    qam_downstream,
    qam_upstream,
    says_unlocked,
)

API = "/rest/v1/cablemodem"
# The Hub 5 reports OFDM/OFDMA power and OFDM RxMER in tenths of a dB(mV).
TENTHS = 10.0
#: What each resource must hold: an unreadable one is reported with this.
EXPECTED = {
    "registration": 'a "registration" object with a "status"',
    "state_": 'a "cablemodem" object with a "status"',
    "downstream": 'a "downstream.channels" list of channel objects',
    "upstream": 'an "upstream.channels" list of channel objects',
    "serviceflows": 'a "serviceFlows" list of service flows',
}
#: The upstream SC-QAM channel types, spelt as the record's multiplex.
_US_TYPES = {"atdma": "ATDMA", "tdma": "TDMA", "sc_qam": "SC-QAM"}


def page_error(resource: str, problem: str, text: str) -> UnexpectedPageError:
    """Return the error for an unreadable resource: which one, what is wrong, what was expected."""
    return unexpected(
        f"The Hub 5's {API}/{resource} {problem}; expected {EXPECTED[resource]}", text
    )


def _channels(payload: Any, text: str, section: str) -> list[dict[str, Any]]:
    body = payload.get(section) if isinstance(payload, dict) else None
    rows = body.get("channels") if isinstance(body, dict) else None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise page_error(section, "answer has no channel list", text)
    return rows


def _tenths(value: object) -> float | None:
    parsed = number(value)
    return None if parsed is None else round(parsed / TENTHS, 2)


def _frequency(value: object) -> str:
    # 0 Hz is how the Hub 5 leaves the frequency of a channel it has none for.
    return hertz(value) if value else ""


@lru_cache(maxsize=64)
def _qam_name(text: str) -> str:
    name = modulation(text)
    return name if qam_order(name) is not None else ""


def _qam(value: object) -> str:
    """Return the QAM order name of a cell ("qam_256" -> "256QAM"); "" for "unknown", "N/A"."""
    # A page repeats a handful of spellings: each is read once.
    return _qam_name(value) if isinstance(value, str) else _qam_name(str(value or ""))


_SC_QAM = RowKeys(
    corrected="correctedErrors",
    uncorrected="uncorrectedErrors",
    read_frequency=_frequency,
    read_modulation=_qam,
)
_OFDM = replace(_SC_QAM, snr="rxMer", read_level=_tenths)


def _without_sentinels(record: Channel) -> Channel:
    """Blank the Hub 5's placeholders: an SNR/MER of 0 or below and counters of -1."""
    mse, mer = record.get("mse"), record.get("mer")
    if mse is not None and mse >= 0:
        record["mse"] = None
    if mer is not None and mer <= 0:
        record["mer"] = None
    for counter in ("corrErrors", "nonCorrErrors"):
        value = record[counter]
        if value is not None and value < 0:
            record[counter] = None
    return record


def _unlocked(row: dict[str, Any], result: ParseResult[Any]) -> bool:
    # Only lockStatus decides: older firmware leaves it out, and a locked channel may lack values.
    status = row.get("lockStatus")
    if status is True or not says_unlocked(status):
        return False
    result.diagnostics.append(f"channel {row.get('channelId')} not locked: skipped")
    return True


def _with_profile(record: Channel, row: dict[str, Any]) -> Channel:
    # An OFDM/OFDMA channel's QAM is the highest of its profiles, not the channel's modulation.
    profile = _qam(row.get("modulation"))
    if profile:
        record["profile_modulation"] = profile
    return record


def parse_downstream(payload: Any, text: str = "") -> ParseResult[Lanes]:
    """Parse /downstream into (SC-QAM, OFDM) records; OFDM power and rxMer are scaled."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdm = result.value
    for row in _channels(payload, text, "downstream"):
        if _unlocked(row, result):
            continue
        kind = str(row.get("channelType", "")).lower()
        channel_id = integer(row.get("channelId"))
        if kind == "ofdm":
            record = ofdm_downstream(channel_id, row, _OFDM)
            ofdm.append(_with_profile(_without_sentinels(record), row))
        elif kind == "sc_qam":
            qam.append(_without_sentinels(qam_downstream(channel_id, row, _SC_QAM)))
        else:
            result.diagnostics.append(f"downstream channelType {kind!r} skipped")
    distinct_channel_ids(qam, ofdm, OFDM_ID_BASE, result.diagnostics)
    return result


def _us_qam(channel_id: int | None, row: dict[str, Any], kind: str) -> Channel:
    stated = _US_TYPES[kind]
    symbol_rate = integer(row.get("symbolRate"))
    return qam_upstream(
        channel_id,
        row,
        _SC_QAM,
        stated_type=stated,
        multiplex=stated,
        symbol_rate=symbol_rate if symbol_rate else None,
    )


def parse_upstream(payload: Any, text: str = "") -> ParseResult[Lanes]:
    """Parse /upstream into (ATDMA, OFDMA) records; OFDMA power is scaled."""
    result: ParseResult[Lanes] = ParseResult(([], []))
    qam, ofdma = result.value
    for row in _channels(payload, text, "upstream"):
        if _unlocked(row, result):
            continue
        kind = str(row.get("channelType", "")).lower()
        channel_id = integer(row.get("channelId"))
        if kind == "ofdma":
            ofdma.append(_with_profile(ofdma_upstream(channel_id, row, _OFDM), row))
        elif kind in _US_TYPES:
            qam.append(_us_qam(channel_id, row, kind))
        else:
            result.diagnostics.append(f"upstream channelType {kind!r} skipped")
    distinct_channel_ids(qam, ofdma, OFDMA_ID_BASE, result.diagnostics)
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
        raise page_error("state_", "answer has no cablemodem status", text)
    info: dict[str, Any] = {"docsis_status": str(body["status"])}
    uptime = integer(body.get("upTime"))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return ParseResult(info)


def parse_serviceflows(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse /serviceflows: the highest maxTrafficRate (bit/s) per direction, in kbit/s."""
    flows = payload.get("serviceFlows") if isinstance(payload, dict) else None
    if not isinstance(flows, list):
        raise page_error("serviceflows", "answer has no serviceFlows list", text)
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
