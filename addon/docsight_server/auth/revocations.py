"""Ids of signed-out sessions, kept until the cookies would have expired anyway."""

from __future__ import annotations

import json
import logging

_LOGGER = logging.getLogger(__name__)

#: More sign-outs than this within one session lifetime rotate the signing key instead.
MAX_REVOKED = 1000


class RevokedSessions:
    """An in-memory set of revoked session ids with their expiry, serialisable as JSON."""

    def __init__(self) -> None:
        """Start empty; `load` fills it from storage."""
        self._expiry: dict[str, int] = {}

    def __contains__(self, session_id: object) -> bool:
        """Return True when a session id was revoked."""
        return session_id in self._expiry

    def __len__(self) -> int:
        """Return the number of remembered revocations."""
        return len(self._expiry)

    def load(self, text: str | None, now: int) -> None:
        """Replace the set with stored JSON ({id: expires_at}); unreadable data is dropped."""
        self._expiry = {}
        if not text:
            return
        try:
            raw = json.loads(text)
            entries = {str(key): int(value) for key, value in raw.items()}
        except (ValueError, TypeError, AttributeError):
            _LOGGER.warning("Ignoring unreadable list of signed-out sessions")
            return
        self._expiry = {key: expires for key, expires in entries.items() if expires >= now}

    def add(self, session_id: str, expires_at: int, now: int) -> bool:
        """Revoke a session and forget expired ids; False when the set would be too large."""
        self._expiry = {key: expires for key, expires in self._expiry.items() if expires >= now}
        if len(self._expiry) >= MAX_REVOKED:
            return False
        self._expiry[session_id] = expires_at
        return True

    def clear(self) -> None:
        """Forget every revocation (after the signing key changed, no old cookie is valid)."""
        self._expiry = {}

    def dumps(self) -> str:
        """Return the set as JSON for storage."""
        return json.dumps(self._expiry, separators=(",", ":"))
