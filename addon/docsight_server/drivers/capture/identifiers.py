"""What identifies a line or a device in page text: MAC addresses, serials, WAN addresses."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator

_HEX2 = "[0-9A-Fa-f]{2}"
MAC = re.compile(
    rf"(?<![0-9A-Za-z:.-])(?:{_HEX2}([:-]){_HEX2}(?:\1{_HEX2}){{4}}"
    r"|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Za-z:.-])"
)
#: A bare 12-digit hex MAC is only taken for one where a field name says "mac".
BARE_MAC = re.compile(r"^[0-9A-Fa-f]{12}$")
IPV4 = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?!\w|\.\d)")
IPV6 = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
#: Text just before a dotted number that makes it a version, not an address.
_VERSION_CONTEXT = re.compile(r"(?:version|firmware|boot|build|release|revision|\bver\b)", re.I)
_CONTEXT_CHARS = 48
_KEPT_V4 = tuple(
    ipaddress.ip_network(net)
    for net in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/3",
    )
)
_KEPT_V6 = tuple(
    ipaddress.ip_network(net)
    for net in ("::/127", "fe80::/10", "fc00::/7", "ff00::/8", "fec0::/10")
)
_SERIAL_PATTERNS = (
    # an HTML table: a label cell naming the serial, the value in the next cell
    re.compile(r"serial[^<>]{0,40}</t[dh]>\s*<t[dh][^>]*>\s*([^<\s][^<]*?)\s*</t[dh]>", re.I),
    # "Serial Number: X" in text, JS or INI-like pages
    re.compile(r"serial[ _-]?(?:number|num|no\.?)?\s*[:=]\s*['\"]?([A-Za-z0-9][\w.-]{2,})", re.I),
    # an XML element or JSON member whose name holds "serial"
    re.compile(r"<(\w*serial\w*)>\s*([^<\s][^<]*?)\s*</\1>", re.I),
    re.compile(r"\"(?:\w|-)*serial(?:\w|-)*\"\s*:\s*\"?([^\",}\]]+?)\"?\s*[,}\]]", re.I),
)


def is_wan_ipv4(text: str) -> bool:
    """Return whether a dotted quad is a public address (private, CGN, loopback are kept)."""
    try:
        address = ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return not any(address in net for net in _KEPT_V4)


def is_wan_ipv6(text: str) -> bool:
    """Return whether text is a global IPv6 address (link-local, ULA, loopback are kept)."""
    if "::" not in text and text.count(":") != 7:
        return False
    try:
        address = ipaddress.IPv6Address(text)
    except ValueError:
        return False
    if address.ipv4_mapped is not None:
        return is_wan_ipv4(str(address.ipv4_mapped))
    return not any(address in net for net in _KEPT_V6)


def _looks_like_version(text: str, start: int) -> bool:
    """Return whether the label of the same field or line names a version."""
    before = text[max(0, start - _CONTEXT_CHARS) : start]
    field = re.split(r"[\n;,{]", before)[-1]
    return _VERSION_CONTEXT.search(field) is not None


def replace_identifiers(text: str, placeholder: Callable[[str, str], str]) -> str:
    """Replace MAC and WAN addresses in text by placeholder(value, kind)."""
    text = MAC.sub(lambda m: _mac(m.group(), placeholder), text)

    def v4(match: re.Match[str]) -> str:
        value = match.group()
        if not is_wan_ipv4(value) or _looks_like_version(text, match.start()):
            return value
        return placeholder(value, "wan")

    def v6(match: re.Match[str]) -> str:
        value = match.group()
        return placeholder(value.lower(), "wan") if is_wan_ipv6(value) else value

    text = IPV4.sub(v4, text)
    return IPV6.sub(v6, text)


def _mac(value: str, placeholder: Callable[[str, str], str]) -> str:
    digits = re.sub(r"[^0-9A-Fa-f]", "", value)
    if not digits.strip("0") or not digits.lower().strip("f"):
        return value  # all-zero or broadcast: identifies nothing
    return placeholder(digits.lower(), "mac")


def serial_values(text: str) -> Iterator[str]:
    """Yield the serial numbers a page shows (table labels, text, XML and JSON names)."""
    for pattern in _SERIAL_PATTERNS:
        for match in pattern.finditer(text):
            value = match.group(match.lastindex or 1).strip()
            if len(value) >= 3 and value.lower() not in ("null", "none", "n/a", "unknown"):
                yield value
