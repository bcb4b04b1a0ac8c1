"""Authentication: admin password, sessions, bearer tokens and login limits."""

from .identity import Access, Caller, CallerKind
from .service import AuthService, CreatedToken

__all__ = ["Access", "AuthService", "Caller", "CallerKind", "CreatedToken"]
