"""LAN devices: inventory, up/down status with grace periods and round-trip statistics."""

from __future__ import annotations

from pathlib import Path

from ..feature import Feature, Page, ServiceDef
from .demo import seed_lan_devices
from .keys import LAN_MONITOR
from .routes import ROUTES
from .schema import lan_device_history, lan_devices, lan_rtd_samples
from .service import LanMonitor
from .settings import SETTINGS

WEB = Path(__file__).parent / "web"

FEATURE = Feature(
    name="lan_devices",
    title="LAN devices",
    routes=ROUTES,
    services=(ServiceDef(LAN_MONITOR, LanMonitor, ("lan_",)),),
    settings=SETTINGS,
    tables=(lan_devices, lan_device_history, lan_rtd_samples),
    demo_tables=(lan_device_history, lan_rtd_samples, lan_devices),
    demo_seeders=(("lan_devices", seed_lan_devices),),
    pages=(Page("lan", "LAN devices", WEB / "lan"),),
)
