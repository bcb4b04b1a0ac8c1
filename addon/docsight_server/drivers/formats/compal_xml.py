"""Compal getter.xml / setter.xml answers (CH7465 Connect Box and the SB8200 CBN firmware)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Any

from ..base import DriverAuthError, DriverLockedOutError
from .common import (
    Channel,
    ParseResult,
    clock_seconds,
    integer,
    mhz_label,
    modulation,
    number,
    unexpected,
)
from .records import RowKeys, qam_downstream

# getter.xml / setter.xml function codes shared by the Compal web UIs.
FUN_GLOBAL_SETTINGS = 1
FUN_SYSTEM_INFO = 2
FUN_DS_TABLE = 10
FUN_US_TABLE = 11
FUN_LOGIN = 15
FUN_LOGOUT = 16

_LOGIN_OK = re.compile(r"^\s*successful\s*;\s*SID=(\d+)\s*$", re.IGNORECASE)
_WRONG_PASSWORD = ("idloginincorrect", "kdgloginincorrect")
_LOCKED = ("idloginlocked",)
_UPTIME = re.compile(r"(?:(\d+)\s*day\(s\))?\s*(\d+)\s*h\s*:\s*(\d+)\s*m\s*:\s*(\d+)\s*s", re.I)
_ONLINE_STATES = frozenset(("operational", "online"))
_DS = RowKeys("freq", "pow", "mod", "RxMER", "PreRs", "PostRs")
_DS_ROUNDED_SNR = replace(_DS, snr="snr")


def parse_login_answer(text: str) -> str:
    """Return the SID of a `successful;SID=<n>` answer; auth errors for refusals."""
    match = _LOGIN_OK.match(text)
    if match:
        return match.group(1)
    answer = text.strip().lower()
    if answer.startswith(_LOCKED):
        raise DriverLockedOutError(
            "The modem locked its login after too many failed attempts; wait and try again"
        )
    if answer.startswith(_WRONG_PASSWORD):
        raise DriverAuthError("The modem refused the password")
    raise unexpected("The modem's login answer is not understood", text)


def parse_xml(text: str, root: str) -> ET.Element:
    """Parse a getter.xml answer whose document element must be `root`."""
    body = text.strip()
    if not body.startswith("<"):
        raise unexpected(f"The modem did not answer with XML ({root} expected)", text)
    try:
        element = ET.fromstring(body)
    except ET.ParseError as err:
        raise unexpected(f"The modem's {root} XML is malformed", text) from err
    if element.tag != root:
        raise unexpected(f"The modem answered <{element.tag}> where <{root}> was expected", text)
    return element


def fields(text: str, root: str) -> dict[str, str]:
    """Return the text of every direct child of a flat XML answer (tag -> stripped text)."""
    return {child.tag: (child.text or "").strip() for child in parse_xml(text, root)}


def child_text(element: ET.Element, tag: str) -> str:
    """Return the stripped text of a child element, "" when it is absent."""
    found = element.find(tag)
    return "" if found is None or found.text is None else found.text.strip()


def child_texts(element: ET.Element) -> dict[str, str]:
    """Return the stripped text of every child element by tag (the first of a repeated tag)."""
    texts: dict[str, str] = {}
    for child in element:
        texts.setdefault(child.tag, (child.text or "").strip())
    return texts


def parse_uptime(value: str) -> int | None:
    """Return seconds from "1day(s)10h:17m:36s" (days optional); None when unreadable."""
    return clock_seconds(_UPTIME, value)


def docsis_status(provisioning: str) -> str:
    """Return "online" for an operational cable modem, else the state as the modem says it."""
    state = provisioning.strip()
    return "online" if state.lower() in _ONLINE_STATES else state.lower()


def parse_downstream(text: str) -> ParseResult[list[Channel]]:
    """Parse getter fun 10 (<downstream_table>) into DOCSIS 3.0 records; SNR is RxMER."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in parse_xml(text, "downstream_table").iter("downstream"):
        channel_id = integer(child_text(row, "chid"))
        if channel_id is None:
            result.diagnostics.append("downstream row without chid skipped")
            continue
        locked = child_text(row, "IsQamLocked")
        if locked and locked != "1":
            result.diagnostics.append(f"downstream channel {channel_id} not locked: skipped")
            continue
        values = child_texts(row)
        # <snr> is a rounded legacy figure on most firmware; RxMER carries the decimals.
        keys = _DS if number(values.get("RxMER")) is not None else _DS_ROUNDED_SNR
        result.value.append(qam_downstream(channel_id, values, keys))
    return result


def parse_upstream(text: str) -> ParseResult[list[Channel]]:
    """Parse getter fun 11 (<upstream_table>) into DOCSIS 3.0 records (srate in MSym/s)."""
    result: ParseResult[list[Channel]] = ParseResult([])
    for row in parse_xml(text, "upstream_table").iter("upstream"):
        channel_id = integer(child_text(row, "usid"))
        frequency = number(child_text(row, "freq"))
        if channel_id is None or not frequency:
            result.diagnostics.append(f"upstream row {channel_id} without frequency skipped")
            continue
        rate = number(child_text(row, "srate"))
        result.value.append(
            {
                "channelID": channel_id,
                "frequency": mhz_label(frequency),
                "powerLevel": number(child_text(row, "power")),
                "modulation": modulation(child_text(row, "mod")),
                "multiplex": child_text(row, "channeltype") or "ATDMA",
                "symbolRate": None if rate is None else round(rate * 1000),
            }
        )
    return result


def device_info(
    manufacturer: str, default_model: str, settings_xml: str, system_xml: str, state: str
) -> dict[str, Any]:
    """Return device info from fun 1 (GlobalSettings) and fun 2 (cm_system_info) answers."""
    settings = fields(settings_xml, "GlobalSettings")
    system = fields(system_xml, "cm_system_info")
    info: dict[str, Any] = {
        "manufacturer": manufacturer,
        "model": settings.get("ConfigVenderModel") or default_model,
        "docsis_status": docsis_status(state),
    }
    if settings.get("SwVersion"):
        info["sw_version"] = settings["SwVersion"]
    if system.get("cm_hardware_version"):
        info["hw_version"] = system["cm_hardware_version"]
    uptime = parse_uptime(system.get("cm_system_uptime", ""))
    if uptime is not None:
        info["uptime_seconds"] = uptime
    return info
