"""Driver registry: upstream's keys to driver classes."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

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


_SUPPORT_MODULES = frozenset(
    ("base", "registry", "transport", "http_driver", "probe", "formats", "errors_kind", "sjcl")
)
_loaded = False


def _load_builtin() -> None:
    """Import every driver module once; each registers its classes on import."""
    global _loaded  # noqa: PLW0603 - a one-time import guard
    if _loaded:
        return
    for module in pkgutil.iter_modules(_package_path()):
        if module.name not in _SUPPORT_MODULES and not module.name.startswith("_"):
            importlib.import_module(f"{__package__}.{module.name}")
    _loaded = True


def _package_path() -> list[str]:
    return [str(Path(__file__).parent)]


def all_drivers() -> list[type[ModemDriver]]:
    """Return every registered driver class, sorted by key."""
    _load_builtin()
    return [DRIVERS[key] for key in sorted(DRIVERS)]
