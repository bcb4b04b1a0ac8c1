"""SJCL-compatible PBKDF2 and AES-CCM helpers: published vectors and independent computations."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

from docsight_server.drivers import sjcl

KEY = bytes(range(16))
IV16 = bytes.fromhex("0102030405060708090a0b0c0d0e0f10")


@pytest.mark.parametrize(
    ("iterations", "expected"),
    [
        (1, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        (2, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        (4096, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
    ],
)
def test_pbkdf2_sha256_published_vectors(iterations: int, expected: str) -> None:
    """PBKDF2-HMAC-SHA256("password", "salt") matches the published test vectors."""
    assert sjcl.pbkdf2_sha256("password", "salt", iterations, 32).hex() == expected


def test_pbkdf2_defaults_are_sjcl_defaults() -> None:
    """Default: 1000 rounds, 128-bit key; str and bytes inputs give the same key."""
    expected = hashlib.pbkdf2_hmac("sha256", b"pw", b"salty", 1000, 16)
    assert sjcl.pbkdf2_sha256("pw", "salty") == expected
    assert sjcl.pbkdf2_sha256(b"pw", b"salty") == expected


@pytest.mark.parametrize(
    ("iv_length", "message_length", "nonce_length"),
    [
        (16, 10, 13),  # L = 2: SJCL clamps a 16-byte IV to 13 bytes
        (16, 70_000, 12),  # the message needs a 3-byte length field
        (16, 1 << 24, 11),  # and a 4-byte one
        (13, 10, 13),
        (8, 10, 8),  # a short IV is used whole (L = 7)
        (7, 10, 7),
    ],
)
def test_ccm_nonce_truncation(iv_length: int, message_length: int, nonce_length: int) -> None:
    """The nonce is the IV cut to 15 - L bytes, L from the message length and the IV."""
    iv = bytes(range(iv_length))
    assert sjcl.ccm_nonce(iv, message_length) == iv[:nonce_length]


def test_ccm_nonce_rejects_short_iv() -> None:
    """SJCL refuses IVs shorter than 7 bytes."""
    with pytest.raises(sjcl.SjclError):
        sjcl.ccm_nonce(bytes(6), 10)


def test_ccm_encrypt_matches_rfc3610_packet_vector_1() -> None:
    """With a 13-byte IV the SJCL mode is plain CCM: RFC 3610 packet vector #1."""
    key = bytes(range(0xC0, 0xD0))
    nonce = bytes.fromhex("00000003020100A0A1A2A3A4A5")
    header, payload = bytes(range(8)), bytes(range(8, 0x1F))
    expected = "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0"
    assert sjcl.ccm_encrypt(key, nonce, payload, header, 8).hex() == expected
    assert sjcl.ccm_decrypt(key, nonce, bytes.fromhex(expected), header, 8) == payload


def test_ccm_decrypt_rejects_wrong_key_and_short_data() -> None:
    """A wrong key or a truncated ciphertext is an SjclError, never garbage plaintext."""
    data = sjcl.ccm_encrypt(KEY, IV16, b"secret", b"aad", 16)
    with pytest.raises(sjcl.SjclError):
        sjcl.ccm_decrypt(bytes(16), IV16, data, b"aad", 16)
    with pytest.raises(sjcl.SjclError):
        sjcl.ccm_decrypt(KEY, IV16, data, b"other", 16)
    with pytest.raises(sjcl.SjclError):
        sjcl.ccm_decrypt(KEY, IV16, data[:4], b"aad", 16)


def test_encrypt_json_envelope_fields_and_ciphertext() -> None:
    """The envelope has SJCL's fields; ct = AES-CCM(IV[:13]) ciphertext + 64-bit tag."""
    envelope = sjcl.encrypt_json(KEY, "hunter2", iv=IV16)
    assert envelope == {
        "iv": base64.b64encode(IV16).decode(),
        "v": 1,
        "iter": 1000,
        "ks": 128,
        "ts": 64,
        "mode": "ccm",
        "adata": "",
        "cipher": "aes",
        "ct": envelope["ct"],
    }
    expected = AESCCM(KEY, tag_length=8).encrypt(IV16[:13], b"hunter2", None)
    assert base64.b64decode(envelope["ct"]) == expected


def test_json_round_trip_with_adata_and_text_form() -> None:
    """decrypt_json takes the dict or its JSON text; adata travels base64-encoded."""
    envelope = sjcl.encrypt_json(KEY, b"payload", adata="ctx", tag_bits=128)
    assert base64.b64decode(envelope["adata"]) == b"ctx"
    assert sjcl.decrypt_json(KEY, envelope) == b"payload"
    assert sjcl.decrypt_json(KEY, json.dumps(envelope)) == b"payload"
    assert envelope["iv"] != sjcl.encrypt_json(KEY, b"payload")["iv"]  # a fresh IV per call


@pytest.mark.parametrize(
    "envelope",
    [
        "not json",
        "[1, 2]",
        json.dumps({"iv": "AAAA"}),
        json.dumps({"iv": "!!", "ct": "AAAA"}),
        json.dumps({"iv": "AAAAAAAAAAAAAAAAAAAAAA==", "ct": "AAAA", "mode": "gcm"}),
        json.dumps({"iv": "AAAAAAAAAAAAAAAAAAAAAA==", "ct": "AAAA", "ks": 256}),
        json.dumps({"iv": "AAAAAAAAAAAAAAAAAAAAAA==", "ct": "AAAAAAAAAAAA", "ts": 32}),
    ],
)
def test_decrypt_json_rejects_malformed_envelopes(envelope: str) -> None:
    """Malformed or unsupported envelopes raise SjclError."""
    with pytest.raises(sjcl.SjclError):
        sjcl.decrypt_json(KEY, envelope)


def test_decrypt_json_rejects_tampering() -> None:
    """A flipped ciphertext bit fails the tag check."""
    envelope = sjcl.encrypt_json(KEY, "hunter2")
    raw = bytearray(base64.b64decode(envelope["ct"]))
    raw[0] ^= 1
    envelope["ct"] = base64.b64encode(bytes(raw)).decode()
    with pytest.raises(sjcl.SjclError):
        sjcl.decrypt_json(KEY, envelope)
