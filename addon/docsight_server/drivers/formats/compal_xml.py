"""Compal getter.xml / setter.xml answers (CH7465 Connect Box and the SB8200 CBN firmware).

Firmware releases spell table and field names differently (`chid` or `dsid`, `IsQamLocked` or
`IsLocked`, ...): rows are read into a dict of lower-cased tags, and each measurement is taken
from the first of its known spellings that holds a value (see `Fields`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..base import DriverAuthError, DriverLockedOutError
from .common import (
    Channel,
    ParseResult,
    clock_seconds,
    integer,
    mhz_label,
    number,
    unexpected,
)
from .records import PLAIN, qam_downstream, stated_modulation

# getter.xml / setter.xml function codes shared by the Compal web UIs.
FUN_GLOBAL_SETTINGS = 1
FUN_SYSTEM_INFO = 2
FUN_DS_TABLE = 10
FUN_US_TABLE = 11
FUN_LOGIN = 15
FUN_LOGOUT = 16

_LOGIN_OK = re.compile(r"^\s*successful\s*;\s*SID=(\d+)\s*$", re.IGNORECASE)
_WRONG_PASSWORD = ("idloginincorrect", "kdgloginincorrect")
_LOCKED_OUT = ("idloginlocked",)
_UPTIME = re.compile(r"(?:(\d+)\s*day\(s\))?\s*(\d+)\s*h\s*:\s*(\d+)\s*m\s*:\s*(\d+)\s*s", re.I)
_ONLINE_STATES = frozenset(("operational", "online"))
_NO_VALUE = frozenset(("", "n/a", "N/A", "na", "NA", "-", "--", "---", "----"))
_LOCK_WORDS = frozenset(("1", "locked", "yes", "true", "active"))

#: Per-channel measurements of another answer, joined to the rows by channel id.
Extra = Mapping[int, Mapping[str, str]]
#: Field name -> the tags (lower case) that carry it, the preferred one first.
Fields = Mapping[str, tuple[str, ...]]

DOWNSTREAM_FIELDS: Fields = {
    "channel_id": ("chid", "dsid", "channelid"),
    "frequency": ("freq", "frequency"),
    "power": ("pow", "power"),
    "modulation": ("mod", "modulation"),
    # <snr> is a rounded legacy figure on most firmware; RxMER carries the decimals.
    "mer": ("rxmer",),
    "rounded_snr": ("snr",),
    "corrected": ("prers", "correctable", "corrected"),
    "uncorrected": ("postrs", "uncorrectable", "uncorrected"),
    "locked": ("isqamlocked", "islocked", "locked"),
}
UPSTREAM_FIELDS: Fields = {
    "channel_id": ("usid", "chid", "channelid"),
    "frequency": ("freq", "frequency"),
    "power": ("power", "pow"),
    "modulation": ("mod", "modulation"),
    "symbol_rate": ("srate", "symbolrate"),
    "channel_type": ("channeltype", "type"),
    "locked": ("uslocked", "islocked", "locked"),
}


@dataclass(frozen=True, slots=True)
class Answer:
    """A getter.xml answer: its words in error messages and its known document element names."""

    what: str
    roots: tuple[str, ...]


DOWNSTREAM_TABLE = Answer("the downstream table (fun 10)", ("downstream_table",))
UPSTREAM_TABLE = Answer("the upstream table (fun 11)", ("upstream_table",))


def parse_login_answer(text: str) -> str:
    """Return the SID of a `successful;SID=<n>` answer; auth errors for refusals."""
    match = _LOGIN_OK.match(text)
    if match:
        return match.group(1)
    answer = text.strip().lower()
    if answer.startswith(_LOCKED_OUT):
        raise DriverLockedOutError(
            "The modem locked its login after too many failed attempts; wait and try again"
        )
    if answer.startswith(_WRONG_PASSWORD):
        raise DriverAuthError("The modem refused the password")
    raise unexpected("The modem's login answer is not understood", text)


def parse_xml(text: str, root: str | Sequence[str], what: str = "") -> ET.Element:
    """Parse a getter.xml answer whose document element is `root` (or one of several names).

    `what` names the answer in error messages ("the OFDM downstream table (fun 9)").
    """
    roots = (root,) if isinstance(root, str) else tuple(root)
    names = ", ".join(roots)
    what = what or f"the <{roots[0]}> answer"
    body = text.strip()
    if not body.startswith("<"):
        raise unexpected(f"{_capital(what)} is not XML (expected one of: {names})", text)
    try:
        element = ET.fromstring(body)
    except ET.ParseError as err:
        raise unexpected(f"{_capital(what)} is malformed XML ({err})", text) from err
    if element.tag not in roots:
        raise unexpected(
            f"{_capital(what)} has none of the element names this driver knows: {names} "
            f"(the modem answered <{element.tag}>)",
            text,
        )
    return element


def parse_answer(text: str, answer: Answer) -> ET.Element:
    """Parse a getter.xml answer that may carry any of its known document element names."""
    return parse_xml(text, answer.roots, answer.what)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def fields(text: str, root: str | Sequence[str], what: str = "") -> dict[str, str]:
    """Return the text of every direct child of a flat XML answer (tag -> stripped text)."""
    return {child.tag: (child.text or "").strip() for child in parse_xml(text, root, what)}


def leaf_fields(element: ET.Element) -> dict[str, str]:
    """Return the text of the direct children that have no children of their own."""
    return {child.tag: (child.text or "").strip() for child in element if len(child) == 0}


@lru_cache(maxsize=512)
def _lower_tag(tag: str) -> str:
    return tag.lower()


def table_rows(element: ET.Element) -> Iterator[dict[str, str]]:
    """Yield each row of a table answer as {lower-case tag: stripped text}.

    Every direct child with children is a row, whatever its tag (firmware names rows
    <downstream>, <ds_ofdm> or <tablerow>). When a row repeats its first tag, the repeat starts
    the next row: some firmware runs two channels' fields together in one entry.
    """
    for child in element:
        if len(child) == 0:
            continue
        row: dict[str, str] = {}
        first = ""
        for cell in child:
            tag = _lower_tag(cell.tag)
            if not first:
                first = tag
            elif tag == first:
                yield row
                row = {}
            row.setdefault(tag, (cell.text or "").strip())
        yield row


def field_values(row: Mapping[str, str], names: Fields) -> dict[str, str]:
    """Return each field's text from the first of its tags that holds a value ("" if none)."""
    values: dict[str, str] = {}
    for name, tags in names.items():
        for tag in tags:
            text = row.get(tag)
            if text is not None and text not in _NO_VALUE:
                values[name] = text
                break
        else:
            values[name] = ""
    return values


def with_extra(values: dict[str, str], channel_id: int | None, extra: Extra | None) -> None:
    """Fill the fields a row lacks from another answer's values for the same channel id."""
    if not extra or channel_id is None:
        return
    joined = extra.get(channel_id)
    if joined is None:
        return
    for name, text in joined.items():
        if not values.get(name):
            values[name] = text


def lock_state(flag: str) -> bool | None:
    """Return whether a lock/activity flag says locked; None when the row carries no flag."""
    if not flag:
        return None
    return flag.lower() in _LOCK_WORDS


def parse_uptime(value: str) -> int | None:
    """Return seconds from "1day(s)10h:17m:36s" (days optional); None when unreadable."""
    return clock_seconds(_UPTIME, value)


def docsis_status(provisioning: str) -> str:
    """Return "online" for an operational cable modem, else the state as the modem says it."""
    state = provisioning.strip()
    return "online" if state.lower() in _ONLINE_STATES else state.lower()


def parse_downstream(text: str, extra: Extra | None = None) -> ParseResult[list[Channel]]:
    """Parse getter fun 10 (<downstream_table>) into DOCSIS 3.0 records; SNR is RxMER.

    `extra` (per channel id: snr, corrected, uncorrected) fills what the rows lack; firmware
    that keeps SNR and codeword counters in a separate signal table passes them here.
    """
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in table_rows(parse_answer(text, DOWNSTREAM_TABLE)):
        values = field_values(row, DOWNSTREAM_FIELDS)
        channel_id = integer(values["channel_id"])
        if channel_id is None:
            result.diagnostics.append("downstream row without chid skipped")
            continue
        if lock_state(values["locked"]) is False:
            result.diagnostics.append(f"downstream channel {channel_id} not locked: skipped")
            continue
        if values["mer"]:
            values["snr"] = values["mer"]
        with_extra(values, channel_id, extra)
        if not values.get("snr"):
            values["snr"] = values["rounded_snr"]
        result.value.append(qam_downstream(channel_id, values, PLAIN))
    return result


def parse_upstream(text: str) -> ParseResult[list[Channel]]:
    """Parse getter fun 11 (<upstream_table>) into DOCSIS 3.0 records (srate in MSym/s)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in table_rows(parse_answer(text, UPSTREAM_TABLE)):
        values = field_values(row, UPSTREAM_FIELDS)
        channel_id = integer(values["channel_id"])
        frequency = number(values["frequency"])
        if channel_id is None or not frequency:
            result.diagnostics.append(f"upstream row {channel_id} without frequency skipped")
            continue
        if lock_state(values["locked"]) is False:
            result.diagnostics.append(f"upstream channel {channel_id} not locked: skipped")
            continue
        rate = number(values["symbol_rate"])
        channel_type = values["channel_type"]
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(frequency),
                "powerLevel": number(values["power"]),
                "modulation": stated_modulation(values["modulation"], channel_type),
                "multiplex": channel_type or "ATDMA",
                "symbolRate": None if rate is None else round(rate * 1000),
            }
        )
    return result


def device_info(
    manufacturer: str, default_model: str, settings_xml: str, system_xml: str, state: str
) -> dict[str, Any]:
    """Return device info from fun 1 (GlobalSettings) and fun 2 (cm_system_info) answers."""
    settings = fields(settings_xml, "GlobalSettings", "the global settings (fun 1)")
    system = fields(system_xml, "cm_system_info", "the system information (fun 2)")
    info: dict[str, Any] = {
        "manufacturer": manufacturer,
        "model": settings.get("ConfigVenderModel") or default_model,
    }
    if state:
        info["docsis_status"] = docsis_status(state)
    if settings.get("SwVersion"):
        info["sw_version"] = settings["SwVersion"]
    if system.get("cm_hardware_version"):
        info["hw_version"] = system["cm_hardware_version"]
    uptime = parse_uptime(system.get("cm_system_uptime", ""))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return info
