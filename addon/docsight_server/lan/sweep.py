"""Opt-in sweep of the host's own IPv4 subnets, which fills the neighbour table.

Only networks configured on the host's interfaces are swept, never anything routed beyond them,
and only subnets of at most MAX_SWEEP_HOSTS addresses (a /22): a /16 would be 65k probes.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import subprocess
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass

_LOGGER = logging.getLogger(__name__)

MAX_SWEEP_HOSTS = 1024
SWEEP_CONCURRENCY = 64
IP_COMMAND_TIMEOUT_S = 5.0
#: Interfaces that never lead to a home LAN.
SKIPPED_INTERFACE_PREFIXES = ("lo", "docker", "veth", "br-", "hassio", "virbr", "tun", "wg")


@dataclass(frozen=True, slots=True)
class LocalNetwork:
    """An IPv4 network configured on one of the host's interfaces."""

    interface: str
    address: ipaddress.IPv4Address
    network: ipaddress.IPv4Network


def parse_ip_addr_json(text: str, *, skip_prefixes: Iterable[str] = ()) -> list[LocalNetwork]:
    """Parse `ip -j addr` output into the host's global-scope IPv4 networks."""
    try:
        interfaces = json.loads(text) if text.strip() else []
    except ValueError:
        return []
    found = []
    prefixes = tuple(skip_prefixes)
    for interface in interfaces if isinstance(interfaces, list) else []:
        if not isinstance(interface, dict):
            continue
        name = str(interface.get("ifname", ""))
        if (prefixes and name.startswith(prefixes)) or "LOOPBACK" in interface.get("flags", []):
            continue
        for info in interface.get("addr_info", []) or []:
            if info.get("family") != "inet" or info.get("scope") != "global":
                continue
            try:
                iface = ipaddress.IPv4Interface(f"{info['local']}/{info['prefixlen']}")
            except (KeyError, ValueError):
                continue
            found.append(LocalNetwork(name, iface.ip, iface.network))
    return found


def sweep_targets(networks: Iterable[LocalNetwork], limit: int = MAX_SWEEP_HOSTS) -> list[str]:
    """Return the addresses to probe: every host of each small enough network but our own."""
    targets: list[str] = []
    seen: set[str] = set()
    for local in networks:
        network = local.network
        if network.prefixlen >= 31 or network.num_addresses > limit:
            if network.prefixlen < 31:
                _LOGGER.info("Not sweeping %s on %s: too large", network, local.interface)
            continue
        for host in network.hosts():
            text = str(host)
            if host != local.address and text not in seen:
                seen.add(text)
                targets.append(text)
    return targets


def read_local_networks() -> list[LocalNetwork]:
    """Return the host's sweepable networks (blocking: run it in an executor)."""
    try:
        completed = subprocess.run(
            ["ip", "-j", "addr", "show"],
            capture_output=True,
            text=True,
            timeout=IP_COMMAND_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if completed.returncode != 0:
        return []
    return parse_ip_addr_json(completed.stdout, skip_prefixes=SKIPPED_INTERFACE_PREFIXES)


async def sweep(
    targets: Iterable[str],
    ping: Callable[[str], Awaitable[float | None]],
    *,
    concurrency: int = SWEEP_CONCURRENCY,
) -> set[str]:
    """Probe every target once (at most `concurrency` at a time); return those that answered."""
    gate = asyncio.Semaphore(concurrency)

    async def one(host: str) -> str | None:
        async with gate:
            return host if await ping(host) is not None else None

    results = await asyncio.gather(*(one(host) for host in targets))
    return {host for host in results if host is not None}
