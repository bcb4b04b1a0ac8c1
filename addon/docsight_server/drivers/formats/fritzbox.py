"""AVM FRITZ!Box Cable: login_sid.lua challenge XML, data.lua JSON (docInfo, overview, netMoni)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from typing import Any

from .common import (
    Channel,
    ParseResult,
    dict_rows,
    integer,
    modulation,
    number,
    split_form,
    unexpected,
)
from .records import OFDMA, RowKeys, base_record, megahertz, ofdm_downstream, qam_downstream

NO_SID = "0000000000000000"
# FRITZ!OS reports DOCSIS 3.1 upstream (OFDMA) power 6 dB below what the modem transmits.
OFDMA_POWER_CORRECTION_DB = 6.0

# docInfo rows: frequencies in MHz, the SNR as an MSE (signed or not), FRITZ!OS counter names.
_DS30 = RowKeys(
    power="powerLevel",
    snr="mse",
    corrected="corrErrors",
    uncorrected="nonCorrErrors",
    signed_snr=True,
    read_frequency=megahertz,
)
_DS31 = replace(_DS30, snr="mer")

_SID = re.compile(r"<SID>\s*([0-9a-fA-F]{16})\s*</SID>")
_CHALLENGE = re.compile(r"<Challenge>\s*([^<]*?)\s*</Challenge>")
_BLOCK_TIME = re.compile(r"<BlockTime>\s*(\d+)\s*</BlockTime>")
_LAST_USER = re.compile(r"<User\s+last=\"1\"\s*>([^<]*)</User>")


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """What login_sid.lua answered: the SID (zeros = none), the next challenge, the block time."""

    sid: str
    challenge: str
    block_time: int
    last_user: str

    @property
    def valid(self) -> bool:
        """Return whether the SID names a session."""
        return self.sid != NO_SID


def parse_session_info(text: str) -> SessionInfo:
    """Parse the SessionInfo XML of login_sid.lua (regexes: the document is tiny and flat)."""
    sid = _SID.search(text)
    if "<SessionInfo>" not in text or sid is None:
        raise unexpected("login_sid.lua did not answer with a SessionInfo", text)
    challenge = _CHALLENGE.search(text)
    block = _BLOCK_TIME.search(text)
    user = _LAST_USER.search(text)
    return SessionInfo(
        sid=sid.group(1).lower(),
        challenge=challenge.group(1) if challenge else "",
        block_time=int(block.group(1)) if block else 0,
        last_user=user.group(1) if user else "",
    )


def is_pbkdf2_challenge(challenge: str) -> bool:
    """Return whether a challenge is the FRITZ!OS 7.24+ form `2$iter1$salt1$iter2$salt2`."""
    return challenge.startswith("2$")


def pbkdf2_response(challenge: str, password: str) -> str:
    """Return `salt2$hex` for a `2$iter1$salt1$iter2$salt2` challenge (PBKDF2-HMAC-SHA256 twice)."""
    parts = challenge.split("$")
    if len(parts) != 5:
        raise ValueError("malformed PBKDF2 challenge")
    _, iter1, salt1, iter2, salt2 = parts
    hash1 = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt1), int(iter1))
    hash2 = hashlib.pbkdf2_hmac("sha256", hash1, bytes.fromhex(salt2), int(iter2))
    return f"{salt2}${hash2.hex()}"


def md5_response(challenge: str, password: str) -> str:
    """Return the legacy `challenge-md5hex(UTF-16LE("challenge-password"))` response."""
    # FRITZ!OS replaces characters above U+00FF with '.' before hashing.
    cleaned = "".join(char if ord(char) <= 0xFF else "." for char in password)
    digest = hashlib.md5(f"{challenge}-{cleaned}".encode("utf-16-le")).hexdigest()
    return f"{challenge}-{digest}"


def challenge_response(challenge: str, password: str) -> str:
    """Return the login response for either challenge form (CPU-bound for PBKDF2)."""
    if is_pbkdf2_challenge(challenge):
        return pbkdf2_response(challenge, password)
    return md5_response(challenge, password)


def page_data(payload: Any, text: str, page: str) -> dict[str, Any]:
    """Return the `data` object of a data.lua answer."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise unexpected(f"data.lua page {page} has no data object", text)
    return data


def _rows(section: Any, lane: str, text: str) -> list[dict[str, Any]]:
    rows = section.get(lane, []) if isinstance(section, dict) else None
    return dict_rows(rows, text, f"docInfo {lane} is not a list of channels")


def _locked(row: dict[str, Any], result: ParseResult[Any], what: str) -> bool:
    # Tuners without a lock are listed with "-" in place of their measurements.
    if number(row.get("powerLevel")) is None:
        result.diagnostics.append(f"{what} {row.get('channelID')} without power skipped")
        return False
    return True


def _ds30(row: dict[str, Any]) -> Channel:
    return qam_downstream(integer(row.get("channelID")), row, _DS30)


def _ds31(row: dict[str, Any]) -> Channel:
    # "751.000 - 845.000": the first number is where the OFDM block starts.
    record = ofdm_downstream(integer(row.get("channelID")), row, _DS31)
    return {**record, "modulation": modulation(row.get("modulation")) or "OFDM"}


def _us30(row: dict[str, Any]) -> Channel:
    return {
        **base_record(integer(row.get("channelID")), row, _DS30),
        "modulation": modulation(row.get("modulation")),
        "multiplex": str(row.get("multiplex") or "ATDMA").strip(),
    }


def _us31(row: dict[str, Any]) -> Channel:
    power = number(row.get("powerLevel"))
    channel: Channel = {
        **base_record(integer(row.get("channelID")), row, _DS30),
        "powerLevel": None if power is None else round(power + OFDMA_POWER_CORRECTION_DB, 2),
        **OFDMA,
    }
    profile = modulation(row.get("modulation"))
    if profile.endswith("QAM"):
        channel["profile_modulation"] = profile
    return channel


def parse_docinfo(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse page docInfo into the split raw form (OFDMA power corrected by +6 dB)."""
    data = page_data(payload, text, "docInfo")
    ds, us = data.get("channelDs"), data.get("channelUs")
    if not isinstance(ds, dict) or not isinstance(us, dict):
        raise unexpected("docInfo has no channelDs/channelUs", text)
    result: ParseResult[dict[str, Any]] = ParseResult({})
    lanes: list[list[Channel]] = []
    for section, lane, convert, what in (
        (ds, "docsis30", _ds30, "downstream"),
        (ds, "docsis31", _ds31, "OFDM downstream"),
        (us, "docsis30", _us30, "upstream"),
        (us, "docsis31", _us31, "OFDMA upstream"),
    ):
        rows = _rows(section, lane, text)
        lanes.append([convert(row) for row in rows if _locked(row, result, what)])
    result.value = split_form(*lanes)
    return result


_UPTIME_UNITS = (
    (re.compile(r"(\d+)\s*(?:tag|tage|day|days)\b", re.IGNORECASE), 86_400),
    (re.compile(r"(\d+)\s*(?:stunde|stunden|hour|hours)\b", re.IGNORECASE), 3_600),
    (re.compile(r"(\d+)\s*(?:minute|minuten|minutes)\b", re.IGNORECASE), 60),
)


def uptime_seconds(value: object) -> int | None:
    """Return an uptime in seconds from a number or a "3 Tage 4 Stunden 5 Minuten" text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    text = str(value or "").strip()
    if text.isdigit():
        return int(text)
    total, found = 0, False
    for pattern, seconds in _UPTIME_UNITS:
        match = pattern.search(text)
        if match:
            total += int(match.group(1)) * seconds
            found = True
    return total if found else None


def parse_overview(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse page overview: data.fritzos.{Productname, nspver, Uptime}."""
    fritzos = page_data(payload, text, "overview").get("fritzos")
    if not isinstance(fritzos, dict):
        raise unexpected("overview has no fritzos object", text)
    info: dict[str, Any] = {
        "manufacturer": "AVM",
        "model": str(fritzos.get("Productname") or "").strip() or "FRITZ!Box",
    }
    version = str(fritzos.get("nspver") or "").strip()
    if version:
        info["sw_version"] = version
    uptime = uptime_seconds(fritzos.get("Uptime"))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return ParseResult(info)


def parse_netmoni(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse page netMoni: the first connection's line rates (kbit/s) and medium."""
    connections = page_data(payload, text, "netMoni").get("connections")
    if not isinstance(connections, list):
        raise unexpected("netMoni has no connections list", text)
    if not connections or not isinstance(connections[0], dict):
        return ParseResult({}, ["netMoni lists no connection"])
    first = connections[0]
    return ParseResult(
        {
            "max_downstream_kbps": integer(first.get("downstream")),
            "max_upstream_kbps": integer(first.get("upstream")),
            "connection_type": str(first.get("medium") or "cable"),
        }
    )
