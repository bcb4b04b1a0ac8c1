"""Bearer tokens: generation and a fast in-memory index of active token digests."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_PREFIX = "dsk_"
PREFIX_LENGTH = 8
TOUCH_INTERVAL = 60


def new_token() -> str:
    """Return a fresh token: dsk_ followed by 64 URL-safe characters."""
    return TOKEN_PREFIX + secrets.token_urlsafe(48)


def token_digest(token: str) -> str:
    """Return the SHA-256 hex digest under which a token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(slots=True)
class ActiveToken:
    """What the index keeps about a token that still grants access."""

    id: int
    digest: str
    kind: str
    last_used_at: int | None


class TokenIndex:
    """Active tokens by 8-character prefix; verification costs one SHA-256 and a dict lookup."""

    def __init__(self) -> None:
        """Start empty; `replace` fills it from storage."""
        self._by_prefix: dict[str, list[ActiveToken]] = {}
        self._pending_touch: dict[int, int] = {}

    def replace(self, tokens: list[tuple[int, str, str, str, int | None]]) -> None:
        """Load (id, prefix, digest, kind, last_used_at) tuples, replacing the index."""
        index: dict[str, list[ActiveToken]] = {}
        for token_id, prefix, digest, kind, last_used in tokens:
            index.setdefault(prefix, []).append(ActiveToken(token_id, digest, kind, last_used))
        self._by_prefix = index

    def add(self, token_id: int, token: str, kind: str) -> None:
        """Index a newly created token."""
        entry = ActiveToken(token_id, token_digest(token), kind, None)
        self._by_prefix.setdefault(token[:PREFIX_LENGTH], []).append(entry)

    def remove(self, token_id: int) -> None:
        """Drop a revoked token from the index."""
        for prefix, entries in list(self._by_prefix.items()):
            kept = [entry for entry in entries if entry.id != token_id]
            if kept:
                self._by_prefix[prefix] = kept
            else:
                del self._by_prefix[prefix]

    def verify(self, token: str, now: int) -> ActiveToken | None:
        """Return the matching active token, noting its use at most once a minute."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        candidates = self._by_prefix.get(token[:PREFIX_LENGTH])
        if not candidates:
            return None
        digest = token_digest(token)
        for entry in candidates:
            if hmac.compare_digest(entry.digest, digest):
                if entry.last_used_at is None or now - entry.last_used_at >= TOUCH_INTERVAL:
                    entry.last_used_at = now
                    self._pending_touch[entry.id] = now
                return entry
        return None

    def contains(self, token: str) -> bool:
        """Return True when token is active, without recording a use."""
        digest = token_digest(token)
        return any(
            hmac.compare_digest(entry.digest, digest)
            for entry in self._by_prefix.get(token[:PREFIX_LENGTH], [])
        )

    def take_pending_touches(self) -> dict[int, int]:
        """Return and forget the last-used times waiting to be written."""
        pending, self._pending_touch = self._pending_touch, {}
        return pending
