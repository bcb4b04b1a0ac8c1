"""AVM FRITZ!Box Cable: login_sid.lua challenge XML, data.lua JSON (docInfo, overview, netMoni)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ...analysis.qam import qam_order
from ..base import UnexpectedPageError
from .common import (
    OFDM_ID_BASE,
    OFDMA_ID_BASE,
    Channel,
    ParseResult,
    integer,
    modulation,
    number,
    split_form,
    unexpected,
)
from .records import (
    OFDMA,
    RowKeys,
    base_record,
    distinct_channel_ids,
    megahertz,
    ofdm_downstream,
    qam_downstream,
    says_unlocked,
)

NO_SID = "0000000000000000"
# FRITZ!OS reports DOCSIS 3.1 upstream (OFDMA) power 6 dB below what the modem transmits.
OFDMA_POWER_CORRECTION_DB = 6.0
#: What each data.lua page must hold: an unreadable one is reported with this.
EXPECTED = {
    "docInfo": (
        'a "data" object with "channelDs" and "channelUs", each holding "docsis30" and '
        '"docsis31" lists of channel objects'
    ),
    "overview": 'a "data" object with a "fritzos" object (Productname, nspver, Uptime)',
    "netMoni": 'a "data" object with a "connections" list',
}
#: FRITZ!OS marks a tuner without a lock by dashes in all its measurements.
_DASHES = frozenset(("-", "--", "---", "n/a"))
_MEASUREMENTS = ("powerLevel", "modulation", "type", "mse", "mer", "corrErrors", "nonCorrErrors")
_LOCK_KEYS = ("lockStatus", "locked")
_US_TYPES = {"ATDMA": "ATDMA", "TDMA": "TDMA", "SC-QAM": "SC-QAM", "SC_QAM": "SC-QAM"}
# FRITZ!OS writes MHz with a decimal point ("114.000") or as a block ("134-325"): never thousands.
_MHZ = re.compile(r"\d+(?:\.\d+)?")


def _frequency(value: object) -> str:
    """Return the label of a docInfo frequency; a block is labelled by where it starts."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return megahertz(value)
    match = _MHZ.search(str(value or ""))
    return megahertz(float(match.group())) if match else ""


# docInfo rows: the SNR as an MSE (signed or not), FRITZ!OS counter names.
_DS30 = RowKeys(
    power="powerLevel",
    snr="mse",
    corrected="corrErrors",
    uncorrected="nonCorrErrors",
    signed_snr=True,
    read_frequency=_frequency,
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
        raise unexpected(
            "FRITZ!Box /login_sid.lua did not answer with a SessionInfo; expected an XML "
            "SessionInfo document with a 16-digit SID",
            text,
        )
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


def page_error(page: str, problem: str, text: str) -> UnexpectedPageError:
    """Return the error for an unreadable page: which one, what is wrong, what was expected."""
    expected = EXPECTED.get(page, 'a JSON answer with a "data" object')
    return unexpected(f"FRITZ!Box data.lua page {page} {problem}; expected {expected}", text)


def page_data(payload: Any, text: str, page: str) -> dict[str, Any]:
    """Return the `data` object of a data.lua answer."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise page_error(page, "has no data object", text)
    return data


def _rows(section: dict[str, Any], path: str, text: str) -> list[dict[str, Any]]:
    rows = section.get(path.partition(".")[2], [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise page_error("docInfo", f"has {path} that is not a list of channels", text)
    return rows


def _dashes_only(row: dict[str, Any]) -> bool:
    """Return whether every measurement the row fills in is a dash (empty cells are no mark)."""
    dashed = False
    for key in _MEASUREMENTS:
        value = row.get(key)
        if value is None or value == "":
            continue
        if str(value).strip().lower() not in _DASHES:
            return False
        dashed = True
    return dashed


def _kept(row: dict[str, Any], notes: list[str], what: str) -> bool:
    # A listed channel stays even without power: only a lock status or a row of dashes drops it.
    if any(says_unlocked(row.get(key)) for key in _LOCK_KEYS):
        notes.append(f"{what} channel {row.get('channelID')} is not locked: skipped")
        return False
    if _dashes_only(row):
        notes.append(f"{what} channel {row.get('channelID')} has only dashes: skipped")
        return False
    return True


@lru_cache(maxsize=64)
def _modulation_name(text: str) -> str:
    name = modulation(text)
    return name if name in ("OFDM", "OFDMA") or qam_order(name) is not None else ""


def _named_modulation(row: dict[str, Any]) -> str:
    """Return the QAM order or OFDM(A) a row names in `modulation` (or `type` on older pages)."""
    # A page repeats a handful of spellings: each is read once.
    for key in ("modulation", "type"):
        value = row.get(key)
        if value is not None:
            name = _modulation_name(value if isinstance(value, str) else str(value))
            if name:
                return name
    return ""


def _ds30(row: dict[str, Any]) -> Channel:
    record = qam_downstream(integer(row.get("channelID")), row, _DS30)
    record["modulation"] = _named_modulation(row)
    return record


def _ds31(row: dict[str, Any]) -> Channel:
    # "751.000 - 845.000": the first number is where the OFDM block starts.
    record = ofdm_downstream(integer(row.get("channelID")), row, _DS31)
    return {**record, "modulation": _named_modulation(row) or "OFDM"}


def _us30(row: dict[str, Any]) -> Channel:
    multiplex = str(row.get("multiplex") or "ATDMA").strip()
    stated = _US_TYPES.get(multiplex.upper(), "")
    return {
        **base_record(integer(row.get("channelID")), row, _DS30),
        # Without a QAM order the channel's stated type stands for its modulation.
        "modulation": _named_modulation(row) or stated,
        "multiplex": multiplex,
    }


def _us31(row: dict[str, Any]) -> Channel:
    power = number(row.get("powerLevel"))
    channel: Channel = {
        **base_record(integer(row.get("channelID")), row, _DS30),
        "powerLevel": None if power is None else round(power + OFDMA_POWER_CORRECTION_DB, 2),
        **OFDMA,
    }
    profile = _named_modulation(row)
    if profile.endswith("QAM"):
        channel["profile_modulation"] = profile
    return channel


def parse_docinfo(payload: Any, text: str = "") -> ParseResult[dict[str, Any]]:
    """Parse page docInfo into the split raw form (OFDMA power corrected by +6 dB)."""
    data = page_data(payload, text, "docInfo")
    ds, us = data.get("channelDs"), data.get("channelUs")
    if not isinstance(ds, dict) or not isinstance(us, dict):
        raise page_error("docInfo", "has no channelDs/channelUs objects", text)
    result: ParseResult[dict[str, Any]] = ParseResult({})
    notes = result.diagnostics
    lanes: list[list[Channel]] = []
    for section, path, convert, what in (
        (ds, "channelDs.docsis30", _ds30, "downstream"),
        (ds, "channelDs.docsis31", _ds31, "OFDM downstream"),
        (us, "channelUs.docsis30", _us30, "upstream"),
        (us, "channelUs.docsis31", _us31, "OFDMA upstream"),
    ):
        rows = _rows(section, path, text)
        lanes.append([convert(row) for row in rows if _kept(row, notes, what)])
    distinct_channel_ids(lanes[0], lanes[1], OFDM_ID_BASE, notes)
    distinct_channel_ids(lanes[2], lanes[3], OFDMA_ID_BASE, notes)
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
        raise page_error("overview", "has no fritzos object", text)
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
        raise page_error("netMoni", "has no connections list", text)
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
