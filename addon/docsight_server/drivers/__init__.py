"""Modem drivers: one module per family, each registered under upstream's key."""

from .base import (
    DriverAuthError,
    DriverError,
    DriverLockedOutError,
    DriverTimeoutError,
    DriverUnreachableError,
    ModemDriver,
    UnexpectedPageError,
)
from .registry import BUILTIN_DRIVERS, all_drivers, create_driver, driver_class

__all__ = [
    "BUILTIN_DRIVERS",
    "DriverAuthError",
    "DriverError",
    "DriverLockedOutError",
    "DriverTimeoutError",
    "DriverUnreachableError",
    "ModemDriver",
    "UnexpectedPageError",
    "all_drivers",
    "create_driver",
    "driver_class",
]
