"""The built-in drivers under upstream's keys: one explicit catalog, imported on demand."""

from __future__ import annotations

import aiohttp

from .base import ModemDriver
from .catalog import DriverCatalog, DriverRef

BUILTIN_DRIVERS: tuple[DriverRef, ...] = (
    DriverRef("cgm4981", "cgm4981", "Cgm4981Driver"),
    DriverRef("ch7465", "ch7465", "Ch7465Driver"),
    DriverRef("ch7465_play", "ch7465", "Ch7465PlayDriver"),
    DriverRef("cm1000", "cm1000", "Cm1000Driver"),
    DriverRef("cm3000", "cm3000", "Cm3000Driver"),
    DriverRef("cm3500", "cm3500", "Cm3500Driver"),
    DriverRef("cm8200", "cm8200", "Cm8200Driver"),
    DriverRef("f3896lg", "f3896lg", "F3896LGDriver"),
    DriverRef("fritzbox", "fritzbox", "FritzBoxDriver"),
    DriverRef("generic", "generic", "GenericDriver"),
    DriverRef("hitron", "hitron", "HitronDriver"),
    DriverRef("hitron_coda_4680", "hitron_coda_4680", "HitronCoda4680Driver"),
    DriverRef("sagemcom", "sagemcom", "SagemcomDriver"),
    DriverRef("sb6141", "sb6141", "Sb6141Driver"),
    DriverRef("sb6183", "sb6183", "Sb6183Driver"),
    DriverRef("sb6190", "sb6190", "Sb6190Driver"),
    DriverRef("sb8200_cbn", "sb8200_cbn", "Sb8200CbnDriver"),
    DriverRef("sercom_dm1000", "sercom_dm1000", "SercomDm1000Driver"),
    DriverRef("surfboard", "surfboard", "SurfboardDriver"),
    DriverRef("tc4400", "tc4400", "Tc4400Driver"),
    DriverRef("ultrahub7", "ultrahub7", "UltraHub7Driver"),
    DriverRef("vodafone_station", "vodafone_station", "VodafoneStationDriver"),
)
# The built-in catalog is static data; only the classes it has imported are remembered.
_BUILTIN = DriverCatalog(BUILTIN_DRIVERS)


def driver_class(key: str) -> type[ModemDriver] | None:
    """Return the built-in driver class for a key, or None."""
    return _BUILTIN.get(key)


def create_driver(
    key: str, url: str, user: str, password: str, session: aiohttp.ClientSession | None = None
) -> ModemDriver:
    """Build a built-in driver; KeyError for an unknown key."""
    return _BUILTIN[key](url, user, password, session)


def all_drivers() -> list[type[ModemDriver]]:
    """Return every built-in driver class, sorted by key."""
    return [_BUILTIN[key] for key in sorted(_BUILTIN)]
