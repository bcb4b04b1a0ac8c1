"""Arris SB8200 with Compal (CBN) firmware: credential wrapping and the DOCSIS 3.1 tables.

Login crypto: each credential is AES-256-CBC encrypted (PKCS#7 padding) with
key = SHA-256(sessionToken) and IV = MD5(sessionToken), the token taken as its ASCII text,
and sent as `HS:<HwModel>:<lower-case hex of the ciphertext>`.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .common import Channel, ParseResult, integer, js_string, unexpected
from .compal_xml import child_text, child_texts, fields, parse_xml
from .records import RowKeys, ofdm_downstream, ofdma_upstream, records_of

FUN_US_OFDMA = 6
FUN_DS_OFDM = 9
FUN_SIGNAL = 19
_OFDM = RowKeys("start_frequency", "power_ofdm", "", "SNR_ofdm", "PreRs_ofdm", "PostRs_ofdm")
_OFDMA = RowKeys(frequency="start_frequency")
_MODEL = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")


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
    """Return the fields of getter fun 19 (<cm_signal>)."""
    return fields(text, "cm_signal")


def _ofdm_downstream(row: ET.Element) -> Channel | str:
    channel_id = integer(child_text(row, "ChannelID"))
    if channel_id is None or child_text(row, "locked_ofdm").lower() != "locked":
        return f"OFDM receiver {channel_id} not locked: skipped"
    return ofdm_downstream(channel_id, child_texts(row), _OFDM)


def _ofdma_upstream(row: ET.Element) -> Channel | str:
    channel_id = integer(child_text(row, "ChannelID"))
    if channel_id is None or child_text(row, "state").lower() != "active":
        return f"OFDMA channel {channel_id} not active: skipped"
    return ofdma_upstream(channel_id, child_texts(row), _OFDMA)


def parse_ofdm_downstream(text: str) -> ParseResult[list[Channel]]:
    """Parse getter fun 9 (<ofdm_downstream>): locked receivers; frequency = block start."""
    return records_of(parse_xml(text, "ofdm_downstream").iter("ds_ofdm"), _ofdm_downstream)


def parse_ofdma_upstream(text: str) -> ParseResult[list[Channel]]:
    """Parse getter fun 6 (<ofdma_upstream>): active channels; frequency = block start."""
    return records_of(parse_xml(text, "ofdma_upstream").iter("us_ofdma"), _ofdma_upstream)
