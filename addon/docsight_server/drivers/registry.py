"""Driver registry: upstream's keys to driver classes."""

from __future__ import annotations

import aiohttp

from .base import ModemDriver

DRIVERS: dict[str, type[ModemDriver]] = {}


def register_driver(cls: type[ModemDriver]) -> type[ModemDriver]:
    """Register a driver class under its key."""
    DRIVERS[cls.key] = cls
    return cls


def driver_class(key: str) -> type[ModemDriver] | None:
    """Return the driver class for a key, or None."""
    _load_builtin()
    return DRIVERS.get(key)


def create_driver(
    key: str, url: str, user: str, password: str, session: aiohttp.ClientSession | None = None
) -> ModemDriver:
    """Build a driver; KeyError for an unknown key."""
    cls = driver_class(key)
    if cls is None:
        raise KeyError(key)
    return cls(url, user, password, session)


def _load_builtin() -> None:
    from . import generic  # noqa: F401 - registers itself on import
