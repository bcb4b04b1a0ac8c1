"""Reverse proxies whose X-Forwarded-* headers are believed (the trusted_proxies setting)."""

from __future__ import annotations

import ipaddress
import logging
import re

_LOGGER = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_SEPARATORS = re.compile(r"[\s,]+")


def parse_networks(text: str) -> tuple[Network, ...]:
    """Return the addresses and CIDR ranges in a comma or space separated list.

    Raises ValueError naming the first entry that is neither.
    """
    networks: list[Network] = []
    for entry in _SEPARATORS.split(text.strip()):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(f"not an IP address or CIDR range: {entry!r}") from None
    return tuple(networks)


def _address(peer: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(peer.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


class TrustedProxies:
    """The parsed trusted_proxies setting, re-parsed only when its text changes."""

    def __init__(self) -> None:
        """Trust nobody until `update` is given a list."""
        self._text = ""
        self._networks: tuple[Network, ...] = ()

    def update(self, text: str) -> None:
        """Use a new setting value; entries that are not addresses are skipped with a warning."""
        if text == self._text:
            return
        self._text = text
        networks: list[Network] = []
        for entry in _SEPARATORS.split(text.strip()):
            try:
                networks.extend(parse_networks(entry))
            except ValueError as err:
                _LOGGER.warning("trusted_proxies: ignoring %s", err)
        self._networks = tuple(networks)

    def trusts(self, peer: str | None) -> bool:
        """Return True when the connecting address is a trusted proxy."""
        if not peer or not self._networks:
            return False
        address = _address(peer)
        return address is not None and any(address in network for network in self._networks)
