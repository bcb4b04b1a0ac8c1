"""What a simulator handed out in a poll that a capture must not contain (found by the test)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from docsight_server.drivers.capture.fileformat import Exchange

#: Fields that carry a session secret or a derived credential in some modem family.
SECRET_FIELDS = frozenset(
    name.lower()
    for name in (
        "SID",
        "sessionToken",
        "token",
        "csrf_token",
        "X_VODAFONE_WebUISecret",
        "X_VODAFONE_Password",
        "nonce",
        "session-id",
        "auth-key",
        "currentSessionId",
        "webToken",
        "Cookie",
        "LoginPassword",
        "response",
        "password",
        "Password",
        "EncryptData",
        "pws",
        "passwd",
        "arguments",
        "ar_nonce",
    )
)
SECRET_HEADERS = frozenset(("authorization", "hnap_auth", "x-csrf-token", "csrfnonce"))
MAC = re.compile(r"\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b")
#: The WAN addresses the simulators serve (documentation ranges standing in for public ones).
WAN = re.compile(r"\b(?:203\.0\.113|198\.51\.100|192\.0\.2)\.\d{1,3}\b|\b2001:db8:[0-9a-f:]*\b")
SERIAL = re.compile(
    r"serial[^<>\"]{0,30}?(?:</t[dh]>\s*<t[dh][^>]*>|[\"']?\s*[:=>]\s*[\"']?)\s*([\w-]{4,})", re.I
)
_XML = re.compile(r"<(\w+)>([^<]+)</\1>")
_JS = re.compile(r"var\s+(\w+)\s*=\s*'([^']*)'")
_INPUT = re.compile(r"name=['\"]?(\w+)['\"]?[^>]*value=['\"]([^'\"]*)['\"]")


def _leaves(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _leaves(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item, key)
    elif isinstance(value, str) and value[:1] in "{[":
        try:
            yield from _leaves(json.loads(value), key)
        except ValueError:
            yield key, value
    elif value is not None:
        yield key, str(value)


def _fields(text: str) -> Iterator[tuple[str, str]]:
    try:
        yield from _leaves(json.loads(text))
        return
    except ValueError:
        pass
    if "=" in text and "<" not in text:
        yield from _leaves(dict(parse_qsl(text)))
    yield from _XML.findall(text)
    yield from _JS.findall(text)
    yield from _INPUT.findall(text)


def worth_checking(value: str) -> bool:
    """Return whether a value is specific enough that finding it in a file means a leak."""
    return len(value) >= 6 and len(set(value)) > 2 and value.lower() not in ("true", "false")


def issued_secrets(raw: list[Exchange]) -> set[str]:
    """Return cookies, tokens, nonces and derived credentials seen in the raw exchanges."""
    found: set[str] = set()
    for exchange in raw:
        for name, value in [*exchange.request_headers, *exchange.headers]:
            lowered = name.lower()
            if lowered == "cookie":
                found.update(p.partition("=")[2].strip() for p in value.split(";"))
            elif lowered == "set-cookie":
                found.add(value.split(";")[0].partition("=")[2])
            elif lowered in SECRET_HEADERS:
                found.update(value.split())
        for text in (exchange.query, exchange.request_body, exchange.body):
            found.update(v for k, v in _fields(text) if k.lower() in SECRET_FIELDS)
    return {value for value in found if worth_checking(value)}


def served_identifiers(raw: list[Exchange]) -> set[str]:
    """Return the MACs, serial numbers and WAN addresses the raw answers show."""
    found: set[str] = set()
    for exchange in raw:
        found.update(m for m in MAC.findall(exchange.body) if m.strip("0:"))
        found.update(WAN.findall(exchange.body))
        found.update(SERIAL.findall(exchange.body))
    return {value for value in found if worth_checking(value)}
