"""Answers encrypted with a key derived from the password: opened at capture, sealed at replay.

A capture must not hold anything encrypted under the user's password (it could be attacked
offline), so such an answer is stored opened, its plaintext marked; a replay seals it again
with the password the replaying driver uses, which may be any.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from .. import sjcl
from ..formats.common import js_string
from ..vodafone_station import TG_NONCE_AAD, TG_PASSWORD, TG_TAG_BYTES, tg_login_key
from .fileformat import Exchange

SEALED_PREFIX = "docsight-opened:"
_TG_MEMBER = "encryptData"
TG_NOTE = (
    "vodafone_station (TG): the login answer is encrypted with a key derived from the "
    "password; the capture holds it opened, and parse/replay encrypt it again with --password"
)


@dataclass(frozen=True, slots=True)
class Opened:
    """An opened capture: the exchanges, the secrets found inside and a note for the file."""

    exchanges: list[Exchange]
    secrets: list[str]
    notes: list[str]


def _login_values(exchanges: list[Exchange], before: int) -> tuple[bytes, bytes] | None:
    """Return (salt, iv) of the TG login page served last before exchange `before`."""
    for exchange in reversed(exchanges[:before]):
        salt, iv = js_string(exchange.body, "mySalt"), js_string(exchange.body, "myIv")
        if salt and iv:
            try:
                return bytes.fromhex(salt), bytes.fromhex(iv)
            except ValueError:
                return None
    return None


def _tg_member(exchange: Exchange) -> dict[str, Any] | None:
    if exchange.path != TG_PASSWORD:
        return None
    try:
        answer = json.loads(exchange.body)
    except ValueError:
        return None
    if isinstance(answer, dict) and isinstance(answer.get(_TG_MEMBER), str):
        return answer
    return None


def _open_tg(exchanges: list[Exchange], password: str) -> Opened:
    opened = list(exchanges)
    found: list[str] = []
    for index, exchange in enumerate(exchanges):
        answer = _tg_member(exchange)
        values = _login_values(exchanges, index)
        if answer is None or values is None:
            continue
        salt, iv = values
        try:
            data = bytes.fromhex(answer[_TG_MEMBER])
            key = tg_login_key(password, salt.hex())
            plain = sjcl.ccm_decrypt(key, iv, data, TG_NONCE_AAD, TG_TAG_BYTES).decode("utf-8")
        except (ValueError, sjcl.SjclError):
            answer[_TG_MEMBER] = ""  # not openable: dropped rather than kept encrypted
        else:
            answer[_TG_MEMBER] = SEALED_PREFIX + plain
            found.append(plain)
        opened[index] = replace(exchange, body=json.dumps(answer))
    notes = [TG_NOTE] if found else []
    return Opened(opened, found, notes)


def _seal_tg(exchanges: list[Exchange], index: int, password: str) -> Exchange:
    exchange = exchanges[index]
    answer = _tg_member(exchange)
    values = _login_values(exchanges, index)
    if answer is None or values is None or not answer[_TG_MEMBER].startswith(SEALED_PREFIX):
        return exchange
    salt, iv = values
    plain = answer[_TG_MEMBER][len(SEALED_PREFIX) :].encode("utf-8")
    key = tg_login_key(password, salt.hex())
    answer[_TG_MEMBER] = sjcl.ccm_encrypt(key, iv, plain, TG_NONCE_AAD, TG_TAG_BYTES).hex()
    return replace(exchange, body=json.dumps(answer))


_OPENERS: dict[str, Callable[[list[Exchange], str], Opened]] = {"vodafone_station": _open_tg}
_SEALERS: dict[str, Callable[[list[Exchange], int, str], Exchange]] = {"vodafone_station": _seal_tg}


def open_answers(driver: str, exchanges: list[Exchange], password: str) -> Opened:
    """Open the answers a family encrypts under the password (unchanged for other families)."""
    opener = _OPENERS.get(driver)
    return opener(exchanges, password) if opener else Opened(list(exchanges), [], [])


def sealer(
    driver: str, exchanges: list[Exchange], password: str
) -> Callable[[Exchange, int], Exchange]:
    """Return the function that seals a chosen answer again for the replay password."""
    seal = _SEALERS.get(driver)

    def finish(exchange: Exchange, index: int) -> Exchange:
        if seal is None or SEALED_PREFIX not in exchange.body:
            return exchange
        return seal(exchanges, index, password)

    return finish
