"""Arris SB8200 with Compal (CBN) firmware: credential wrapping and the DOCSIS 3.1 tables.

Login crypto: each credential is AES-256-CBC encrypted (PKCS#7 padding) with
key = SHA-256(sessionToken) and IV = MD5(sessionToken), the token taken as its ASCII text,
and sent as `HS:<HwModel>:<lower-case hex of the ciphertext>`.
"""

from __future__ import annotations

import hashlib
import re

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .common import (
    OFDM_ID_BASE,
    OFDMA_ID_BASE,
    Channel,
    ParseResult,
    integer,
    js_string,
    number,
    unexpected,
)
from .compal_xml import (
    Answer,
    Extra,
    Fields,
    field_values,
    leaf_fields,
    lock_state,
    parse_answer,
    table_rows,
    with_extra,
)
from .records import PLAIN, distinct_channel_ids, ofdm_downstream, ofdma_upstream

FUN_US_OFDMA = 6
FUN_DS_OFDM = 9
FUN_SIGNAL = 19
_MODEL = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")

OFDM_TABLE = Answer(
    "the OFDM downstream table (fun 9)", ("ofdm_downstream", "downstreamOFDM_table")
)
OFDMA_TABLE = Answer("the OFDMA upstream table (fun 6)", ("ofdma_upstream", "upstreamOFDMA_table"))
SIGNAL_ANSWER = Answer("the signal answer (fun 19)", ("cm_signal", "signal_table"))

OFDM_FIELDS: Fields = {
    "channel_id": ("channelid", "dsid", "chid"),
    "receiver": ("receiver",),
    "frequency": ("start_frequency", "subcarr0frequency", "startfrequency", "freq"),
    "power": ("power_ofdm", "plcpower", "power", "pow"),
    "snr": ("snr_ofdm", "datascavgmer", "rxmer", "mer", "snr"),
    "corrected": ("prers_ofdm", "ofdmcorrected", "prers", "correctable", "corrected"),
    "uncorrected": ("postrs_ofdm", "ofdmuncorrectable", "postrs", "uncorrectable"),
    "locked": ("locked_ofdm", "ofdmislocked", "islocked", "plclocked", "locked"),
}
OFDMA_FIELDS: Fields = {
    "channel_id": ("channelid", "usid", "chid"),
    "frequency": ("start_frequency", "subcarr0frequency", "startfrequency", "freq"),
    "power": ("power", "pow", "power_ofdma"),
    "active": ("state", "ofdmaisactive", "isactive", "ofdmaislocked", "uslocked", "locked"),
}
SIGNAL_FIELDS: Fields = {
    "channel_id": ("dsid", "chid", "channelid"),
    "snr": ("snr", "rxmer", "mer"),
    "corrected": ("prers", "correctable", "corrected"),
    "uncorrected": ("postrs", "uncorrectable", "uncorrected"),
}


def credential_key(token: str) -> tuple[bytes, bytes]:
    """Return the AES-256 key (SHA-256 of the token) and CBC IV (MD5 of the token)."""
    raw = token.encode("ascii")
    return hashlib.sha256(raw).digest(), hashlib.md5(raw).digest()


def wrap_credential(value: str, token: str, hw_model: str) -> str:
    """Return `HS:<HwModel>:<hex>`: the value AES-256-CBC encrypted under the token's key."""
    key, iv = credential_key(token)
    padder = padding.PKCS7(128).padder()
    plain = padder.update(value.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    cipher = encryptor.update(plain) + encryptor.finalize()
    return f"HS:{hw_model}:{cipher.hex()}"


def hw_model(login_page: str) -> str:
    """Return the HwModel the login page declares (`var HwModel = "SB8200";`)."""
    model = js_string(login_page, "HwModel")
    if model is None or not _MODEL.match(model):
        raise unexpected("The login page declares no HwModel", login_page)
    return model


def signal_status(text: str) -> dict[str, str]:
    """Return the flat fields of getter fun 19 (<cm_signal>; a <signal_table> has only counts)."""
    return leaf_fields(parse_answer(text, SIGNAL_ANSWER))


def parse_signal(text: str) -> ParseResult[dict[int, dict[str, str]]]:
    """Return SNR and codeword counters per downstream channel id from getter fun 19.

    The flat <cm_signal> layout has no rows and gives an empty mapping.
    """
    result: ParseResult[dict[int, dict[str, str]]] = ParseResult({})
    for row in table_rows(parse_answer(text, SIGNAL_ANSWER)):
        values = field_values(row, SIGNAL_FIELDS)
        channel_id = integer(values.pop("channel_id"))
        if not channel_id:
            result.diagnostics.append("signal row without a channel id skipped")
            continue
        result.value[channel_id] = {name: text for name, text in values.items() if text}
    return result


def _carries_channel(flag: str, frequency: str) -> bool:
    # The row's lock or activity flag decides; a row without one needs a frequency.
    state = lock_state(flag)
    return bool(number(frequency)) if state is None else state


def parse_ofdm_downstream(
    text: str, extra: Extra | None = None, qam: list[Channel] | None = None
) -> ParseResult[list[Channel]]:
    """Parse getter fun 9: every locked OFDM receiver; frequency = block start.

    `extra` (per channel id: snr, corrected, uncorrected) fills what the rows lack; `qam` holds
    the direction's SC-QAM records, whose ids and these are made distinct together
    (records.distinct_channel_ids; a row without an id is numbered by its place in the table).
    """
    result: ParseResult[list[Channel]] = ParseResult([])
    qam = [] if qam is None else qam
    scqam = {record["channelID"] for record in qam}
    places: list[int] = []
    for place, row in enumerate(table_rows(parse_answer(text, OFDM_TABLE))):
        values = field_values(row, OFDM_FIELDS)
        if not _carries_channel(values["locked"], values["frequency"]):
            name = values["receiver"] or values["channel_id"]
            result.diagnostics.append(f"OFDM receiver {name} not locked: skipped")
            continue
        own = integer(values["channel_id"])
        # The signal table names channels by the modem's own id (an SC-QAM id is that channel's).
        with_extra(values, None if own in scqam else own, extra)
        result.value.append(ofdm_downstream(own, values, PLAIN))
        places.append(place)
    distinct_channel_ids(qam, result.value, OFDM_ID_BASE, result.diagnostics, places)
    return result


def parse_ofdma_upstream(text: str, qam: list[Channel] | None = None) -> ParseResult[list[Channel]]:
    """Parse getter fun 6: active OFDMA channels; frequency = block start.

    `qam` holds the direction's SC-QAM records (see parse_ofdm_downstream).
    """
    result: ParseResult[list[Channel]] = ParseResult([])
    places: list[int] = []
    for place, row in enumerate(table_rows(parse_answer(text, OFDMA_TABLE))):
        values = field_values(row, OFDMA_FIELDS)
        if not _carries_channel(values["active"], values["frequency"]):
            result.diagnostics.append(f"OFDMA channel {values['channel_id']} not active: skipped")
            continue
        result.value.append(ofdma_upstream(integer(values["channel_id"]), values, PLAIN))
        places.append(place)
    distinct_channel_ids(
        [] if qam is None else qam, result.value, OFDMA_ID_BASE, result.diagnostics, places
    )
    return result
