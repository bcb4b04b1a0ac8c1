"""The demo LAN's devices: a dozen home devices and how each behaves over the demo week.

Phones leave for work on weekdays, the laptop is off at night, the NAS has one outage, the
games console gets a new address once and the Wi-Fi repeater has one evening of RTD trouble.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NET = "192.168.178."
#: The NAS outage and the repeater's RTD episode: (days after the window start, seconds).
NAS_OUTAGE = (3.41, 7800)
RTD_EPISODE = (4.82, 3000)
#: The console's lease change: (days after the window start, old address, new address).
IP_CHANGE = (2.27, NET + "70", NET + "73")
#: The device whose round-trip delay is troubled during RTD_EPISODE.
TROUBLED_IP = NET + "2"


@dataclass(frozen=True, slots=True)
class DemoDevice:
    """A demo device and how it behaves (RTD median in ms, spread as a log-normal sigma)."""

    mac: str
    ip: str
    names: dict[str, str]
    importance: str
    rtd_ms: float
    spread: float
    loss: float
    first_seen_days: float
    presence: str = "always"  # "always", "workday", "workday_sport", "night_off", "nas"
    wifi: bool = True
    user_data: dict[str, Any] = field(default_factory=dict)


DEMO_DEVICES = (
    DemoDevice(
        "3c:a6:2f:5e:81:c4",
        NET + "1",
        {"host": "fritz.box"},
        "VITAL",
        0.45,
        0.25,
        0.0,
        241.0,
        wifi=False,
    ),
    DemoDevice(
        "38:10:d5:a2:17:3b",
        NET + "2",
        {"host": "fritz.repeater"},
        "VITAL",
        3.2,
        0.3,
        0.002,
        199.5,
        user_data={"name": "Repeater upstairs", "location": "Landing"},
    ),
    DemoDevice(
        "00:11:32:8f:4c:21",
        NET + "20",
        {"host": "diskstation", "bonjour": "DiskStation"},
        "VITAL",
        0.6,
        0.3,
        0.0,
        187.2,
        "nas",
        wifi=False,
        user_data={"name": "NAS", "location": "Basement", "notes": "Backups at 02:00"},
    ),
    DemoDevice(
        "8c:77:12:3d:90:e6",
        NET + "30",
        {"bonjour": "Living-Room-TV"},
        "FLOATING",
        6.5,
        0.45,
        0.004,
        143.8,
    ),
    DemoDevice(
        "f0:18:98:6a:c2:17",
        NET + "41",
        {"host": "annas-iphone"},
        "FLOATING",
        24.0,
        0.6,
        0.01,
        96.1,
        "workday",
    ),
    DemoDevice(
        "5c:0a:5b:e1:48:92",
        NET + "42",
        {"host": "galaxy-s23"},
        "FLOATING",
        19.0,
        0.6,
        0.01,
        61.4,
        "workday_sport",
    ),
    DemoDevice(
        "a0:36:9f:17:b5:0d",
        NET + "50",
        {"host": "thinkpad", "bonjour": "thinkpad"},
        "FLOATING",
        4.0,
        0.4,
        0.002,
        83.0,
        "night_off",
    ),
    DemoDevice(
        "00:80:77:c4:5a:e8",
        NET + "60",
        {"host": "brw008077c45ae8"},
        "FLOATING",
        2.8,
        0.5,
        0.005,
        210.7,
    ),
    DemoDevice(
        "98:b6:e9:2f:d1:74",
        IP_CHANGE[1],
        {"bonjour": "Nintendo-Switch"},
        "FLOATING",
        5.5,
        0.45,
        0.004,
        38.9,
    ),
    DemoDevice(
        "a4:cf:12:9b:33:5f",
        NET + "80",
        {"host": "shelly-plug-washer"},
        "FLOATING",
        9.0,
        0.5,
        0.02,
        129.3,
        user_data={"location": "Utility room"},
    ),
    DemoDevice(
        "50:c7:bf:44:0e:a9",
        NET + "81",
        {"host": "tapo-plug-desk"},
        "FLOATING",
        11.0,
        0.5,
        0.02,
        2.15,
    ),
    DemoDevice(
        "94:9f:3e:72:6b:18", NET + "90", {"bonjour": "Kitchen"}, "FLOATING", 3.1, 0.4, 0.003, 112.6
    ),
)
