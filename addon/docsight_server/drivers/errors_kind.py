"""Short machine-readable names for driver failures (setup forms show a fitting hint)."""

from __future__ import annotations

from .base import (
    DriverAuthError,
    DriverLockedOutError,
    DriverTimeoutError,
    DriverUnreachableError,
    UnexpectedPageError,
)

_KINDS: tuple[tuple[type[Exception], str], ...] = (
    (DriverLockedOutError, "locked_out"),
    (DriverAuthError, "auth"),
    (DriverUnreachableError, "unreachable"),
    (DriverTimeoutError, "timeout"),
    (TimeoutError, "timeout"),
    (UnexpectedPageError, "unexpected_page"),
)


def error_kind(err: BaseException) -> str:
    """Return auth, locked_out, unreachable, timeout, unexpected_page or error."""
    for cls, kind in _KINDS:
        if isinstance(err, cls):
            return kind
    return "error"
