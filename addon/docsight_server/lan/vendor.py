"""Vendor names from the MAC prefix (OUI).

A deliberately small table: about seventy prefixes of vendors common in homes (routers, phones,
printers, smart-home and single-board computers). It is not the IEEE registry; unknown prefixes
give None.
"""

from __future__ import annotations

_VENDORS: dict[str, tuple[str, ...]] = {
    "Brother": ("008077",),
    "Apple": ("000393", "001b63", "001ec2", "28cfe9", "3c0754", "a45e60", "f01898", "002500"),
    "AVM": ("00040e", "3810d5", "3ca62f", "c02506", "7cff4d"),
    "Amazon": ("74c246", "f0272d", "6854fd", "fc65de", "44650d"),
    "Espressif": ("240ac4", "30aea4", "84f3eb", "a4cf12", "5ccf7f", "600194", "ecfabc", "246f28"),
    "Google": ("001a11", "f4f5d8", "3c5ab4"),
    "Intel": ("001b21", "3c970e", "001517", "a0369f"),
    "Microsoft": ("00155d", "0050f2"),
    "Netgear": ("00095b", "00146c", "20e52a", "a040a0"),
    "Nest Labs": ("18b430",),
    "Nintendo": ("0009bf", "98b6e9"),
    "Philips Lighting": ("001788",),
    "Raspberry Pi": ("b827eb", "dca632", "e45f01", "28cdc1", "d83add", "2ccf67"),
    "Roku": ("b0a737", "dc3a5e"),
    "Samsung": ("0012fb", "001632", "5c0a5b", "8c7712"),
    "Sonos": ("000e58", "5caafd", "949f3e", "7828ca", "b8e937"),
    "Synology": ("001132",),
    "TP-Link": ("50c7bf", "14cc20", "98ded0", "ec086b", "c04a00", "f4f26d"),
    "Ubiquiti": ("00156d", "002722", "0418d6", "24a43c", "44d9e7", "687251", "802aa8", "f09fc2"),
    "VMware": ("005056", "000c29", "000569"),
    "Xiaomi": ("640980", "286c07"),
}
OUI_VENDORS: dict[str, str] = {
    prefix: vendor
    for vendor, prefixes in _VENDORS.items()
    for prefix in prefixes
    if len(prefix) == 6
}


def oui(mac: str) -> str:
    """Return the first three octets of a MAC as six lower-case hex digits."""
    return mac.replace(":", "").replace("-", "").lower()[:6]


def is_locally_administered(mac: str) -> bool:
    """Return True for a locally administered MAC (randomised by phones, or virtual)."""
    try:
        return bool(int(oui(mac)[:2], 16) & 0x02)
    except ValueError:
        return False


def vendor_for(mac: str) -> str | None:
    """Return the vendor for a MAC from the small built-in table, or None."""
    if is_locally_administered(mac):
        return None
    return OUI_VENDORS.get(oui(mac))
