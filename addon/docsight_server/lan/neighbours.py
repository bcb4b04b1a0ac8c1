"""The kernel's neighbour table: parsers for /proc/net/arp and `ip -j neigh`, and a reader."""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_LOGGER = logging.getLogger(__name__)

#: Entries in these states name a device that answered recently enough to count as present.
USABLE_STATES = frozenset({"REACHABLE", "STALE", "DELAY", "PROBE", "PERMANENT"})
#: States that show the device itself answered recently. DELAY and PROBE are left out: any
#: packet sent to a STALE entry moves it to DELAY, so our own probe of a device that left
#: would make it look fresh. NOARP is not here because the parsers drop NOARP entries.
FRESH_STATES = frozenset({"REACHABLE", "PERMANENT"})
# /proc/net/arp flags: ATF_COM (complete) and ATF_PERM (permanent).
_ATF_COM = 0x02
_ATF_PERM = 0x04
IP_COMMAND_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class Neighbour:
    """One usable neighbour entry: an IP address with the MAC that answered for it."""

    ip: str
    mac: str
    device: str
    state: str

    @property
    def fresh(self) -> bool:
        """Return True when the kernel confirmed this entry recently."""
        return self.state in FRESH_STATES

    @property
    def is_ipv4(self) -> bool:
        """Return True for an IPv4 entry."""
        return ":" not in self.ip


def normalise_mac(text: str) -> str | None:
    """Return a MAC as lower-case colon-separated hex, or None when it is not a unicast MAC."""
    parts = text.strip().lower().replace("-", ":").split(":")
    if len(parts) != 6 or not all(len(part) == 2 for part in parts):
        return None
    try:
        octets = [int(part, 16) for part in parts]
    except ValueError:
        return None
    if octets[0] & 0x01 or not any(octets):  # multicast/broadcast, or all zero
        return None
    return ":".join(parts)


def _usable_ip(text: str) -> str | None:
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if address.is_multicast or address.is_unspecified or address.is_loopback:
        return None
    return str(address)


def parse_proc_arp(text: str) -> list[Neighbour]:
    """Parse the text of /proc/net/arp (IPv4 only; complete entries only)."""
    found = []
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 6:
            continue
        ip, _hw_type, flags_text, mac_text, _mask, device = fields[:6]
        try:
            flags = int(flags_text, 16)
        except ValueError:
            continue
        address, mac = _usable_ip(ip), normalise_mac(mac_text)
        if not flags & _ATF_COM or address is None or mac is None:
            continue
        # /proc/net/arp has no NUD state; a complete entry is at least STALE.
        state = "PERMANENT" if flags & _ATF_PERM else "STALE"
        found.append(Neighbour(address, mac, device, state))
    return found


def parse_ip_neigh_json(text: str) -> list[Neighbour]:
    """Parse `ip -j neigh` output (IPv4 and IPv6; entries in usable states only)."""
    try:
        entries = json.loads(text) if text.strip() else []
    except ValueError:
        return []
    if not isinstance(entries, list):
        return []
    found = []
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        raw_states = entry.get("state", [])
        states = [raw_states] if isinstance(raw_states, str) else list(raw_states or [])
        state = next((str(s).upper() for s in states if str(s).upper() in USABLE_STATES), None)
        address = _usable_ip(str(entry.get("dst", "")))
        mac = normalise_mac(str(entry.get("lladdr", "")))
        if state is None or address is None or mac is None:
            continue
        found.append(Neighbour(address, mac, str(entry.get("dev", "")), state))
    return found


def arp_path() -> Path:
    """Return the ARP table of the calling thread's network namespace."""
    per_thread = Path("/proc/thread-self/net/arp")
    return per_thread if per_thread.exists() else Path("/proc/net/arp")


def read_neighbours() -> list[Neighbour]:
    """Read the neighbour table (blocking: run it in an executor).

    `ip -j neigh` gives NUD states and IPv6; /proc/net/arp is the fallback without iproute2.
    """
    try:
        completed = subprocess.run(
            ["ip", "-j", "neigh", "show"],
            capture_output=True,
            text=True,
            timeout=IP_COMMAND_TIMEOUT_S,
            check=False,
            env={**os.environ, "LC_ALL": "C"},
        )
        if completed.returncode == 0:
            return parse_ip_neigh_json(completed.stdout)
        _LOGGER.debug("ip neigh failed: %s", completed.stderr.strip())
    except (OSError, subprocess.SubprocessError) as err:
        _LOGGER.debug("ip neigh unavailable: %s", err)
    try:
        return parse_proc_arp(arp_path().read_text(encoding="ascii", errors="replace"))
    except OSError:
        return []


def group_by_mac(neighbours: Iterable[Neighbour]) -> dict[str, list[Neighbour]]:
    """Return IPv4 entries grouped by MAC, fresh entries only when a MAC has any."""
    groups: dict[str, list[Neighbour]] = {}
    for entry in neighbours:
        if entry.is_ipv4:
            groups.setdefault(entry.mac, []).append(entry)
    for mac, entries in groups.items():
        fresh = [entry for entry in entries if entry.fresh]
        if fresh:
            groups[mac] = fresh
    return groups


def macs_by_ip(neighbours: Iterable[Neighbour]) -> dict[str, set[str]]:
    """Return, for each address in the table, the MACs that hold it (in any usable state)."""
    holders: dict[str, set[str]] = {}
    for entry in neighbours:
        holders.setdefault(entry.ip, set()).add(entry.mac)
    return holders


_RTF_UP = 0x0001
_RTF_GATEWAY = 0x0002


def parse_proc_route(text: str) -> set[str]:
    """Return the IPv4 default gateways listed in the text of /proc/net/route."""
    gateways: set[str] = set()
    for line in text.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 8:
            continue
        try:
            destination, gateway, flags, mask = (int(fields[i], 16) for i in (1, 2, 3, 7))
        except ValueError:
            continue
        if destination or mask or not flags & _RTF_UP or not flags & _RTF_GATEWAY or not gateway:
            continue
        # the kernel prints the address in host (little-endian) byte order
        gateways.add(str(ipaddress.IPv4Address(gateway.to_bytes(4, "little"))))
    return gateways


def read_default_gateways() -> set[str]:
    """Read the IPv4 default gateways of this thread's namespace (blocking: use an executor)."""
    per_thread = Path("/proc/thread-self/net/route")
    path = per_thread if per_thread.exists() else Path("/proc/net/route")
    try:
        return parse_proc_route(path.read_text(encoding="ascii", errors="replace"))
    except OSError:
        return set()
