"""Signed session cookies bound to the current admin password."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .encoding import b64decode, b64encode

COOKIE_NAME = "docsight_session"
MARKER_CONTEXT = b"docsight-admin-session-v1\0"


@dataclass(slots=True)
class SessionData:
    """What a session cookie carries."""

    csrf: str
    authenticated: bool = False
    marker: str = ""
    expires_at: int = 0
    session_id: str = ""


class SessionSigner:
    """Signs and checks cookies with a key kept in the data dir; rotating it logs everyone out."""

    def __init__(self, key: bytes) -> None:
        """Use a 32-byte signing key."""
        self._key = key

    @staticmethod
    def load_key(path: Path) -> bytes:
        """Read the signing key, creating it on first start. Blocking: use an executor."""
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return SessionSigner.write_new_key(path)

    @staticmethod
    def write_new_key(path: Path) -> bytes:
        """Write a fresh signing key (mode 0600) and return it. Blocking: use an executor."""
        key = secrets.token_bytes(32)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        tmp.replace(path)
        return key

    def rotate(self, key: bytes) -> None:
        """Switch to a new key: every existing cookie stops being valid."""
        self._key = key

    def password_marker(self, password_fingerprint: str) -> str:
        """Return the marker that ties a session to the current admin password."""
        mac = hmac.new(self._key, MARKER_CONTEXT + password_fingerprint.encode(), hashlib.sha256)
        return mac.hexdigest()

    def dumps(self, data: SessionData) -> str:
        """Return the signed cookie value."""
        payload = json.dumps(
            {
                "c": data.csrf,
                "a": data.authenticated,
                "m": data.marker,
                "e": data.expires_at,
                "i": data.session_id,
            },
            separators=(",", ":"),
        ).encode()
        signature = hmac.new(self._key, payload, hashlib.sha256).digest()
        return f"{b64encode(payload)}.{b64encode(signature)}"

    def loads(self, value: str, now: int) -> SessionData | None:
        """Return the session in a cookie, or None when it is forged, malformed or expired."""
        try:
            payload_text, signature_text = value.split(".", 1)
            payload = b64decode(payload_text)
            signature = b64decode(signature_text)
        except ValueError:
            return None
        expected = hmac.new(self._key, payload, hashlib.sha256).digest()
        if not hmac.compare_digest(signature, expected):
            return None
        try:
            raw = json.loads(payload)
            data = SessionData(
                csrf=str(raw["c"]),
                authenticated=bool(raw["a"]),
                marker=str(raw["m"]),
                expires_at=int(raw["e"]),
                session_id=str(raw.get("i", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        if data.expires_at and data.expires_at < now:
            return None
        return data
