"""Traceroute with icmplib (raw ICMP sockets), run in an executor so the event loop never blocks.

Each TTL gets up to `probes_per_hop` echo requests within `hop_timeout`; a hop that stays quiet
for the whole `hop_timeout` is recorded as silent (ip None). The whole trace stops at
`total_timeout`, at the target, or at a hop that reports the target unreachable.
"""

from __future__ import annotations

import asyncio
import hashlib
import socket
import time
from dataclasses import dataclass

from icmplib import ICMPRequest, ICMPv4Socket, ICMPv6Socket
from icmplib.exceptions import (
    ICMPLibError,
    ICMPSocketError,
    SocketPermissionError,
    TimeoutExceeded,
)
from icmplib.utils import unique_identifier

from .probe import Capability, resolve

_ECHO_REPLY: dict[int, int] = {socket.AF_INET: 0, socket.AF_INET6: 129}
_TIME_EXCEEDED: dict[int, int] = {socket.AF_INET: 11, socket.AF_INET6: 3}
_PAYLOAD = b"docsight-trace".ljust(56, b".")


class TraceUnavailableError(RuntimeError):
    """No trace can be taken: no raw ICMP socket (root or CAP_NET_RAW), or no address."""


class HostUnresolvedError(TraceUnavailableError):
    """The target's host name did not resolve, so there is no address to trace."""


@dataclass(frozen=True, slots=True)
class Hop:
    """One TTL step of a trace: who answered (None when silent) and how fast on average."""

    index: int
    ip: str | None
    host: str | None
    latency_ms: float | None
    probes_responded: int


@dataclass(frozen=True, slots=True)
class TraceResult:
    """The hops towards a target and whether the target itself answered."""

    reached: bool
    hops: tuple[Hop, ...]

    @property
    def fingerprint(self) -> str:
        """Return the route fingerprint: SHA-256 hex of hop IPs joined by "|" ("*" if silent)."""
        joined = "|".join(hop.ip or "*" for hop in self.hops)
        return hashlib.sha256(joined.encode("ascii")).hexdigest()


@dataclass(frozen=True, slots=True)
class _Limits:
    """Bounds of one trace."""

    max_hops: int
    hop_timeout: float
    total_timeout: float
    probes_per_hop: int


def _reverse_name(ip: str) -> str | None:
    """Return the reverse-DNS name of an address, None when there is none."""
    try:
        return socket.gethostbyaddr(ip)[0]
    except OSError:
        return None


def _trace_blocking(family: int, address: str, limits: _Limits, resolve_names: bool) -> TraceResult:
    """Walk the TTLs towards address on a raw icmplib socket (blocking; run in an executor)."""
    kind = ICMPv6Socket if family == socket.AF_INET6 else ICMPv4Socket
    deadline = time.monotonic() + limits.total_timeout
    ident = unique_identifier()
    sequence = 0
    hops: list[Hop] = []
    reached = False
    with kind(privileged=True) as sock:
        for ttl in range(1, limits.max_hops + 1):
            hop_deadline = min(deadline, time.monotonic() + limits.hop_timeout)
            source: str | None = None
            rtts: list[float] = []
            final = False
            for _ in range(limits.probes_per_hop):
                remaining = hop_deadline - time.monotonic()
                if remaining <= 0:
                    break
                request = ICMPRequest(address, ident, sequence, payload=_PAYLOAD, ttl=ttl)
                sequence = (sequence + 1) & 0xFFFF
                try:
                    sock.send(request)
                except ICMPSocketError:
                    # No route from here (ENETUNREACH and the like): the trace ends unreached.
                    final = True
                    break
                try:
                    reply = sock.receive(request, remaining)
                except TimeoutExceeded:
                    break
                source = reply.source
                rtts.append((reply.time - request.time) * 1000.0)
                if reply.type == _ECHO_REPLY[family]:
                    reached = final = True
                elif reply.type != _TIME_EXCEEDED[family]:
                    final = True  # unreachable or prohibited: nothing beyond this hop answers
            latency = round(sum(rtts) / len(rtts), 2) if rtts else None
            name = _reverse_name(source) if resolve_names and source else None
            hops.append(Hop(ttl, source, name, latency, len(rtts)))
            if final or time.monotonic() >= deadline:
                break
    return TraceResult(reached, tuple(hops))


async def traceroute(
    host: str,
    capability: Capability,
    *,
    max_hops: int = 30,
    hop_timeout: float = 2.0,
    total_timeout: float = 30.0,
    probes_per_hop: int = 3,
    resolve_names: bool = False,
) -> TraceResult:
    """Trace the route to host in an executor; raise TraceUnavailableError without raw ICMP.

    Names of hops are looked up only with resolve_names (reverse DNS leaves the local network).
    """
    if max_hops < 1 or probes_per_hop < 1:
        raise ValueError("max_hops and probes_per_hop must be at least 1")
    try:
        async with asyncio.timeout(hop_timeout):
            family, address = await resolve(host)
    except (OSError, TimeoutError) as err:
        raise HostUnresolvedError(f"cannot resolve {host}: {err or 'timed out'}") from err
    limits = _Limits(max_hops, hop_timeout, total_timeout, probes_per_hop)
    loop = asyncio.get_running_loop()
    try:
        return await loop.run_in_executor(
            None, _trace_blocking, family, address, limits, resolve_names
        )
    except SocketPermissionError as err:
        raise TraceUnavailableError(
            f"traceroute needs a raw ICMP socket (root or CAP_NET_RAW); probes use "
            f"{capability.method.value}: {capability.reason or 'no reason recorded'}"
        ) from err
    except ICMPLibError as err:
        raise TraceUnavailableError(f"traceroute to {host} failed: {err}") from err
