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
from .registry import DRIVERS, create_driver, driver_class, register_driver

__all__ = [
    "DRIVERS",
    "DriverAuthError",
    "DriverError",
    "DriverLockedOutError",
    "DriverTimeoutError",
    "DriverUnreachableError",
    "ModemDriver",
    "UnexpectedPageError",
    "create_driver",
    "driver_class",
    "register_driver",
]
