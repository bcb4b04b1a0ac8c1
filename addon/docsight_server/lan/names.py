"""Device names: reverse DNS through the resolver and mDNS (multicast DNS) reverse lookups."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import struct
from collections.abc import Awaitable, Callable, Sequence

MDNS_GROUP = ("224.0.0.251", 5353)
TYPE_PTR = 12
CLASS_IN = 1
# The top bit of the class asks mDNS responders for a unicast answer (RFC 6762 section 5.4).
UNICAST_RESPONSE = 0x8000
LOOKUP_TIMEOUT_S = 2.0
_MAX_POINTER_JUMPS = 16
NAME_CONCURRENCY = 16
#: Returns the names found for an address ({"host": ..., "bonjour": ...}).
NameLookup = Callable[[str], Awaitable[dict[str, str]]]


async def reverse_dns(ip: str, *, limit_s: float = LOOKUP_TIMEOUT_S) -> str | None:
    """Return the resolver's name for an address, or None (no record, error or timeout)."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(limit_s):
            host, _port = await loop.getnameinfo((ip, 0), socket.NI_NAMEREQD)
    except (OSError, TimeoutError, UnicodeError):
        return None
    return None if not host or host == ip else host.rstrip(".")


def reverse_name(ip: str) -> str:
    """Return the in-addr.arpa / ip6.arpa name of an address."""
    return ipaddress.ip_address(ip).reverse_pointer


def build_ptr_query(name: str, *, query_id: int = 0) -> bytes:
    """Return a DNS query packet for the PTR record of `name` asking for a unicast answer."""
    header = struct.pack("!HHHHHH", query_id, 0, 1, 0, 0, 0)
    labels = b"".join(
        bytes([len(part)]) + part for part in (p.encode("ascii") for p in name.split(".") if p)
    )
    return header + labels + b"\x00" + struct.pack("!HH", TYPE_PTR, CLASS_IN | UNICAST_RESPONSE)


def _read_name(packet: bytes, offset: int) -> tuple[str, int]:
    """Return the (possibly compressed) name at offset and the offset after it."""
    labels: list[str] = []
    end: int | None = None
    jumps = 0
    while True:
        if offset >= len(packet):
            raise ValueError("name runs past the packet")
        length = packet[offset]
        if length & 0xC0 == 0xC0:
            if offset + 1 >= len(packet) or jumps >= _MAX_POINTER_JUMPS:
                raise ValueError("bad name pointer")
            if end is None:
                end = offset + 2
            offset = ((length & 0x3F) << 8) | packet[offset + 1]
            jumps += 1
            continue
        if length == 0:
            return ".".join(labels), end if end is not None else offset + 1
        labels.append(packet[offset + 1 : offset + 1 + length].decode("utf-8", "replace"))
        offset += 1 + length


def parse_ptr_answer(packet: bytes, name: str) -> str | None:
    """Return the PTR target for `name` in a DNS response packet, or None."""
    try:
        _id, flags, questions, answers, authority, additional = struct.unpack_from(
            "!HHHHHH", packet
        )
        if not flags & 0x8000:  # not a response
            return None
        offset = 12
        for _ in range(questions):
            _qname, offset = _read_name(packet, offset)
            offset += 4
        wanted = name.rstrip(".").lower()
        for _ in range(answers + authority + additional):
            record_name, offset = _read_name(packet, offset)
            rtype, _rclass, _ttl, length = struct.unpack_from("!HHIH", packet, offset)
            offset += 10
            if rtype == TYPE_PTR and record_name.lower() == wanted:
                target, _ = _read_name(packet, offset)
                return target.rstrip(".") or None
            offset += length
    except (ValueError, struct.error):
        return None
    return None


class _Answer(asyncio.DatagramProtocol):
    def __init__(self, name: str) -> None:
        self.name = name
        self.result: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def datagram_received(self, data: bytes, addr: tuple[str | object, int]) -> None:
        target = parse_ptr_answer(data, self.name)
        if target and not self.result.done():
            self.result.set_result(target)


async def mdns_name(
    ip: str,
    *,
    server: tuple[str, int] = MDNS_GROUP,
    limit_s: float = LOOKUP_TIMEOUT_S,
) -> str | None:
    """Ask mDNS responders for the name of an IPv4 address (a one-shot legacy query)."""
    if ipaddress.ip_address(ip).version != 4:
        return None
    name = reverse_name(ip)
    loop = asyncio.get_running_loop()
    try:
        transport, protocol = await loop.create_datagram_endpoint(
            lambda: _Answer(name), family=socket.AF_INET, local_addr=("0.0.0.0", 0)
        )
    except OSError:
        return None
    try:
        transport.sendto(build_ptr_query(name), server)
        async with asyncio.timeout(limit_s):
            target = await protocol.result
    except (OSError, TimeoutError):
        return None
    finally:
        transport.close()
    return target.removesuffix(".local") or None


async def lookup_names(ip: str, *, use_mdns: bool = True) -> dict[str, str]:
    """Return the names found for an address: {"host": ..., "bonjour": ...} (missing = none)."""
    lookups = [reverse_dns(ip)]
    if use_mdns:
        lookups.append(mdns_name(ip))
    found = await asyncio.gather(*lookups)
    names = {}
    if found[0]:
        names["host"] = found[0]
    if use_mdns and found[1]:
        names["bonjour"] = found[1]
    return names


async def lookup_all(
    lookup: NameLookup, ips: Sequence[str], *, concurrency: int = NAME_CONCURRENCY
) -> list[dict[str, str] | BaseException]:
    """Look up the names of many addresses, `concurrency` at a time; failures come back as such."""
    gate = asyncio.Semaphore(concurrency)

    async def one(ip: str) -> dict[str, str]:
        async with gate:
            return await lookup(ip)

    return await asyncio.gather(*(one(ip) for ip in ips), return_exceptions=True)
