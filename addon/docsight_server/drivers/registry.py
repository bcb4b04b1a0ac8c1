"""The built-in drivers under upstream's keys: one explicit, ordered catalog (no import hooks)."""

from __future__ import annotations

import aiohttp

from .base import ModemDriver
from .cgm4981 import Cgm4981Driver
from .ch7465 import Ch7465Driver, Ch7465PlayDriver
from .cm1000 import Cm1000Driver
from .cm3000 import Cm3000Driver
from .cm3500 import Cm3500Driver
from .cm8200 import Cm8200Driver
from .f3896lg import F3896LGDriver
from .fritzbox import FritzBoxDriver
from .generic import GenericDriver
from .hitron import HitronDriver
from .hitron_coda_4680 import HitronCoda4680Driver
from .sagemcom import SagemcomDriver
from .sb6141 import Sb6141Driver
from .sb6183 import Sb6183Driver
from .sb6190 import Sb6190Driver
from .sb8200_cbn import Sb8200CbnDriver
from .sercom_dm1000 import SercomDm1000Driver
from .surfboard import SurfboardDriver
from .tc4400 import Tc4400Driver
from .ultrahub7 import UltraHub7Driver
from .vodafone_station import VodafoneStationDriver

BUILTIN_DRIVERS: tuple[type[ModemDriver], ...] = (
    Cgm4981Driver,
    Ch7465Driver,
    Ch7465PlayDriver,
    Cm1000Driver,
    Cm3000Driver,
    Cm3500Driver,
    Cm8200Driver,
    F3896LGDriver,
    FritzBoxDriver,
    GenericDriver,
    HitronDriver,
    HitronCoda4680Driver,
    SagemcomDriver,
    Sb6141Driver,
    Sb6183Driver,
    Sb6190Driver,
    Sb8200CbnDriver,
    SercomDm1000Driver,
    SurfboardDriver,
    Tc4400Driver,
    UltraHub7Driver,
    VodafoneStationDriver,
)
_BY_KEY = {cls.key: cls for cls in BUILTIN_DRIVERS}


def driver_class(key: str) -> type[ModemDriver] | None:
    """Return the built-in driver class for a key, or None."""
    return _BY_KEY.get(key)


def create_driver(
    key: str, url: str, user: str, password: str, session: aiohttp.ClientSession | None = None
) -> ModemDriver:
    """Build a built-in driver; KeyError for an unknown key."""
    cls = driver_class(key)
    if cls is None:
        raise KeyError(key)
    return cls(url, user, password, session)


def all_drivers() -> list[type[ModemDriver]]:
    """Return every built-in driver class, sorted by key."""
    return [_BY_KEY[key] for key in sorted(_BY_KEY)]
