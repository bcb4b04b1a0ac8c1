"""ICMP echo for many probes at once: one shared icmplib socket per address family.

A reader callback on the event loop matches replies (and ICMP errors quoting our requests) to
the waiting probes by sequence number, so a probe costs no thread and no socket of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import struct
import time
from dataclasses import dataclass

from icmplib import ICMPRequest, ICMPv4Socket, ICMPv6Socket
from icmplib.sockets import AsyncSocket
from icmplib.utils import unique_identifier

_LOG = logging.getLogger(__name__)

_PAYLOAD = b"docsight-connmon".ljust(56, b".")
_ECHO_REPLY: dict[int, int] = {socket.AF_INET: 0, socket.AF_INET6: 129}
_ECHO_REQUEST: dict[int, int] = {socket.AF_INET: 8, socket.AF_INET6: 128}
_ICMP_ERRORS: dict[int, frozenset[int]] = {
    socket.AF_INET: frozenset({3, 11}),
    socket.AF_INET6: frozenset({1, 3}),
}
_IPV6_HEADER = 40


def parse_icmp(family: int, privileged: bool, packet: bytes) -> tuple[bool, int, int] | None:
    """Return (is_echo_reply, identifier, sequence) of a packet answering an echo, else None.

    An ICMP error (unreachable, time exceeded) quoting one of our requests gives False.
    Raw IPv4 sockets deliver the IP header; datagram and IPv6 sockets do not.
    """
    icmp = packet
    if family == socket.AF_INET and privileged:
        if not packet:
            return None
        icmp = packet[(packet[0] & 0x0F) * 4 :]
    if len(icmp) < 8:
        return None
    kind = icmp[0]
    if kind == _ECHO_REPLY[family]:
        ident, sequence = struct.unpack_from("!HH", icmp, 4)
        return True, ident, sequence
    if kind not in _ICMP_ERRORS[family]:
        return None
    quoted = icmp[8:]
    if family == socket.AF_INET:
        if not quoted:
            return None
        inner = quoted[(quoted[0] & 0x0F) * 4 :]
    else:
        inner = quoted[_IPV6_HEADER:]
    if len(inner) < 8 or inner[0] != _ECHO_REQUEST[family]:
        return None
    ident, sequence = struct.unpack_from("!HH", inner, 4)
    return False, ident, sequence


@dataclass(slots=True)
class _Waiting:
    """A sent echo request waiting for its reply."""

    future: asyncio.Future[float | None]
    ident: int
    address: str


class _Channel:
    """One shared icmplib socket of an address family and the requests waiting on it."""

    def __init__(self, family: int, privileged: bool, loop: asyncio.AbstractEventLoop) -> None:
        """Open the socket and start reading it on the loop."""
        kind = ICMPv6Socket if family == socket.AF_INET6 else ICMPv4Socket
        self.family = family
        self.privileged = privileged
        self.icmp = AsyncSocket(kind(privileged=privileged))
        self.ident = unique_identifier()
        self.waiting: dict[int, _Waiting] = {}
        self._sequence = 0
        self._loop = loop
        self._raw: socket.socket = self.icmp.sock
        loop.add_reader(self._raw.fileno(), self._readable)

    def next_sequence(self) -> int:
        """Return a sequence number no waiting request uses."""
        for _ in range(0x10000):
            self._sequence = (self._sequence + 1) & 0xFFFF
            if self._sequence not in self.waiting:
                return self._sequence
        raise RuntimeError("65536 ICMP requests in flight on one socket")

    def _readable(self) -> None:
        """Drain the socket and wake the probes whose replies arrived."""
        while True:
            try:
                packet, source = self._raw.recvfrom(4096)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as err:
                _LOG.debug("ICMP receive failed: %s", err)
                return
            arrived = time.perf_counter()
            parsed = parse_icmp(self.family, self.privileged, packet)
            if parsed is None:
                continue
            is_reply, ident, sequence = parsed
            waiting = self.waiting.get(sequence)
            # Datagram sockets only get their own replies; raw sockets see everyone's.
            if waiting is None or (self.privileged and ident != waiting.ident):
                continue
            if is_reply and self.privileged and source[0] != waiting.address:
                continue
            if not waiting.future.done():
                waiting.future.set_result(arrived if is_reply else None)

    def close(self) -> None:
        """Stop reading and close the socket."""
        with contextlib.suppress(Exception):
            self._loop.remove_reader(self._raw.fileno())
        self.icmp.close()


class IcmpPinger:
    """Sends ICMP echoes for many concurrent probes over one icmplib socket per family."""

    def __init__(self, privileged: bool) -> None:
        """Prepare; sockets open on first use."""
        self.privileged = privileged
        self._channels: dict[int, _Channel] = {}

    def _channel(self, family: int) -> _Channel:
        """Return the family's channel, opening it when needed."""
        channel = self._channels.get(family)
        if channel is None:
            channel = _Channel(family, self.privileged, asyncio.get_running_loop())
            self._channels[family] = channel
        return channel

    async def ping(self, family: int, address: str, limit_s: float) -> float | None:
        """Return the echo round trip in ms, None on timeout or an ICMP error reply.

        Raises icmplib errors when the socket cannot be opened or the send fails.
        """
        channel = self._channel(family)
        sequence = channel.next_sequence()
        request = ICMPRequest(address, channel.ident, sequence, payload=_PAYLOAD)
        future: asyncio.Future[float | None] = asyncio.get_running_loop().create_future()
        started = time.perf_counter()
        channel.icmp.send(request)
        # A datagram socket's identifier is the kernel's choice (icmplib updates the request).
        channel.waiting[sequence] = _Waiting(future, request.id, address)
        try:
            async with asyncio.timeout(limit_s):
                arrived = await future
        except TimeoutError:
            return None
        finally:
            channel.waiting.pop(sequence, None)
        return None if arrived is None else round((arrived - started) * 1000.0, 2)

    def close(self) -> None:
        """Close every socket."""
        for channel in self._channels.values():
            channel.close()
        self._channels.clear()
