"""Who is calling and what each route demands."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Access(StrEnum):
    """What a route requires of its caller."""

    PUBLIC = "public"
    AUTH = "auth"
    SESSION = "session"


class CallerKind(StrEnum):
    """How a caller proved who it is."""

    OPEN = "open"
    INGRESS = "ingress"
    SESSION = "session"
    TOKEN = "token"


@dataclass(frozen=True, slots=True)
class Caller:
    """An authenticated (or, in open mode, unauthenticated but allowed) caller."""

    kind: CallerKind
    token_id: int | None = None

    @property
    def session_like(self) -> bool:
        """Return True for callers allowed on session-only routes (everyone but tokens)."""
        return self.kind is not CallerKind.TOKEN
