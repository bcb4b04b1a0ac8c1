"""SJCL-compatible crypto for Vodafone web UIs: PBKDF2-HMAC-SHA256 and AES-CCM.

The Stanford JavaScript Crypto Library (SJCL) these modems' pages use differs from textbook
AES-CCM in one detail: it takes an IV of any length from 7 bytes up and truncates it to the
nonce length that the message size allows (15 - L bytes, L = 2..4 length-field bytes). Its JSON
envelope `{iv, v, iter, ks, ts, mode, adata, cipher, ct}` carries base64 fields; `ct` is the
ciphertext followed by the tag, `ts` the tag size in bits.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

SJCL_ITERATIONS = 1000
SJCL_KEY_BYTES = 16
SJCL_TAG_BITS = 64
_MIN_IV_BYTES = 7


class SjclError(ValueError):
    """An SJCL envelope or ciphertext could not be decrypted (wrong key, tampered data)."""


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def pbkdf2_sha256(
    password: str | bytes,
    salt: str | bytes,
    iterations: int = SJCL_ITERATIONS,
    length: int = SJCL_KEY_BYTES,
) -> bytes:
    """Return PBKDF2-HMAC-SHA256 of password and salt (SJCL's `misc.pbkdf2` default PRF)."""
    return hashlib.pbkdf2_hmac("sha256", _as_bytes(password), _as_bytes(salt), iterations, length)


def ccm_nonce(iv: bytes, message_length: int) -> bytes:
    """Return the nonce SJCL uses for an IV and a plaintext of message_length bytes."""
    if len(iv) < _MIN_IV_BYTES:
        raise SjclError("CCM IV must be at least 7 bytes")
    length_bytes = 2
    while length_bytes < 4 and message_length >> (8 * length_bytes):
        length_bytes += 1
    length_bytes = max(length_bytes, 15 - len(iv))
    return iv[: 15 - length_bytes]


def ccm_encrypt(
    key: bytes, iv: bytes, plaintext: bytes, adata: bytes = b"", tag_bytes: int = 8
) -> bytes:
    """Encrypt like `sjcl.mode.ccm.encrypt`: ciphertext followed by the tag."""
    nonce = ccm_nonce(iv, len(plaintext))
    return AESCCM(key, tag_length=tag_bytes).encrypt(nonce, plaintext, adata or None)


def ccm_decrypt(
    key: bytes, iv: bytes, data: bytes, adata: bytes = b"", tag_bytes: int = 8
) -> bytes:
    """Decrypt like `sjcl.mode.ccm.decrypt`; SjclError when the tag does not verify."""
    if len(data) < tag_bytes:
        raise SjclError("CCM ciphertext shorter than its tag")
    nonce = ccm_nonce(iv, len(data) - tag_bytes)
    try:
        return AESCCM(key, tag_length=tag_bytes).decrypt(nonce, data, adata or None)
    except InvalidTag as err:
        raise SjclError("CCM tag mismatch") from err


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def encrypt_json(
    key: bytes,
    plaintext: str | bytes,
    *,
    adata: str | bytes = b"",
    iv: bytes | None = None,
    iterations: int = SJCL_ITERATIONS,
    tag_bits: int = SJCL_TAG_BITS,
) -> dict[str, Any]:
    """Return the SJCL JSON envelope of plaintext encrypted under an already derived key."""
    iv = os.urandom(16) if iv is None else iv
    associated = _as_bytes(adata)
    ct = ccm_encrypt(key, iv, _as_bytes(plaintext), associated, tag_bits // 8)
    return {
        "iv": _b64(iv),
        "v": 1,
        "iter": iterations,
        "ks": len(key) * 8,
        "ts": tag_bits,
        "mode": "ccm",
        "adata": _b64(associated) if associated else "",
        "cipher": "aes",
        "ct": _b64(ct),
    }


def decrypt_json(key: bytes, envelope: Mapping[str, Any] | str) -> bytes:
    """Decrypt an SJCL JSON envelope (dict or its JSON text) under an already derived key."""
    try:
        document = json.loads(envelope) if isinstance(envelope, str) else envelope
        if not isinstance(document, Mapping):
            raise SjclError("SJCL envelope is not an object")
        if document.get("mode", "ccm") != "ccm" or document.get("cipher", "aes") != "aes":
            raise SjclError("only AES-CCM envelopes are supported")
        if int(document.get("ks", len(key) * 8)) != len(key) * 8:
            raise SjclError("SJCL key size does not match the key")
        iv = base64.b64decode(str(document["iv"]), validate=True)
        ct = base64.b64decode(str(document["ct"]), validate=True)
        adata = base64.b64decode(str(document.get("adata") or ""), validate=True)
        tag_bits = int(document.get("ts", SJCL_TAG_BITS))
    except SjclError:
        raise
    except (KeyError, TypeError, ValueError) as err:
        raise SjclError("malformed SJCL envelope") from err
    if tag_bits not in (64, 96, 128):
        raise SjclError("unsupported SJCL tag size")
    return ccm_decrypt(key, iv, ct, adata, tag_bits // 8)
