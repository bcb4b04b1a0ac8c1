"""Name lookups: mDNS packets by hand, a loopback mDNS responder and reverse DNS of loopback."""

from __future__ import annotations

import asyncio
import socket
import struct

import pytest

from docsight_server.lan.names import (
    TYPE_PTR,
    build_ptr_query,
    mdns_name,
    parse_ptr_answer,
    reverse_dns,
    reverse_name,
)

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _labels(name: str) -> bytes:
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00"


def _answer(question_name: str, target: str, *, compress: bool = True) -> bytes:
    """Build a response: the question echoed, then a PTR answer pointing back at it."""
    header = struct.pack("!HHHHHH", 0, 0x8400, 1, 1, 0, 0)
    question = _labels(question_name) + struct.pack("!HH", TYPE_PTR, 1)
    owner = b"\xc0\x0c" if compress else _labels(question_name)
    rdata = _labels(target)
    record = owner + struct.pack("!HHIH", TYPE_PTR, 1, 120, len(rdata)) + rdata
    return header + question + record


def test_query_packet_layout() -> None:
    """The query has one question for the PTR record with the unicast-response bit."""
    name = reverse_name("192.168.1.20")
    assert name == "20.1.168.192.in-addr.arpa"
    packet = build_ptr_query(name)
    assert packet[:12] == b"\x00\x00\x00\x00\x00\x01\x00\x00\x00\x00\x00\x00"
    assert packet[12:] == _labels(name) + b"\x00\x0c\x80\x01"


def test_parse_answer_with_and_without_compression() -> None:
    """The PTR target is read through name pointers; wrong names and junk give None."""
    name = reverse_name("192.168.1.20")
    assert parse_ptr_answer(_answer(name, "printer.local"), name) == "printer.local"
    assert parse_ptr_answer(_answer(name, "tv.local", compress=False), name) == "tv.local"
    assert parse_ptr_answer(_answer(name, "x.local"), reverse_name("10.0.0.1")) is None
    assert parse_ptr_answer(build_ptr_query(name), name) is None  # a query, not a response
    assert parse_ptr_answer(b"\x00\x01", name) is None
    looping = struct.pack("!HHHHHH", 0, 0x8400, 0, 1, 0, 0) + b"\xc0\x0c"
    assert parse_ptr_answer(looping, name) is None


class _Responder(asyncio.DatagramProtocol):
    def __init__(self, target: str) -> None:
        self.target = target
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.DatagramTransport)
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        assert self.transport is not None
        length = data[12]
        offset = 12
        labels = []
        while data[offset]:
            length = data[offset]
            labels.append(data[offset + 1 : offset + 1 + length].decode())
            offset += 1 + length
        self.transport.sendto(_answer(".".join(labels), self.target), addr)


async def test_mdns_lookup_against_a_loopback_responder() -> None:
    """A one-shot query to a responder on loopback returns the name without .local."""
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(
        lambda: _Responder("living-room-tv.local"), local_addr=("127.0.0.1", 0)
    )
    try:
        port = transport.get_extra_info("sockname")[1]
        assert await mdns_name("192.168.1.20", server=("127.0.0.1", port)) == "living-room-tv"
        assert await mdns_name("fe80::1", server=("127.0.0.1", port)) is None
    finally:
        transport.close()


async def test_mdns_lookup_times_out_quietly() -> None:
    """No responder: None after the time limit."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        assert await mdns_name("192.168.1.20", server=("127.0.0.1", port), limit_s=0.2) is None


async def test_reverse_dns_of_loopback() -> None:
    """Loopback has a name from the hosts file (no query leaves the host)."""
    expected = socket.getnameinfo(("127.0.0.1", 0), socket.NI_NAMEREQD)[0]
    assert await reverse_dns("127.0.0.1") == expected
