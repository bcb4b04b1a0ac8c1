"""The test network guard refuses probes beyond loopback from the host's namespace only."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from addon.docsight_server.lan.names import mdns_name, reverse_dns
from tests.addon.connmon.netns import namespace
from tests.network_guard import NetworkGuard

# A documentation address (RFC 5737). Every socket below is also bound to the loopback
# device, so even a broken guard could not put a packet on a real link.
OUTSIDE = "192.0.2.10"


@pytest.fixture
def guard(network_guard: NetworkGuard, socket_enabled: None) -> Iterator[NetworkGuard]:
    """The session's guard with sockets allowed; violations provoked on purpose are cleared."""
    yield network_guard
    network_guard.take_violations()


def _loopback_bound(kind: int, proto: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, b"lo")
    return sock


def test_udp_to_loopback_passes(guard: NetworkGuard) -> None:
    """Loopback traffic is what tests are for."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as receiver:
        receiver.bind(("127.0.0.1", 0))
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"ping", receiver.getsockname())
        assert receiver.recv(16) == b"ping"
    assert guard.violations == []


def test_udp_beyond_loopback_is_refused_and_recorded(guard: NetworkGuard) -> None:
    """A datagram to another address raises PermissionError and is remembered."""
    with _loopback_bound(socket.SOCK_DGRAM) as sock, pytest.raises(PermissionError):
        sock.sendto(b"ping", (OUTSIDE, 9))
    assert guard.take_violations() == [f"sendto to {OUTSIDE} from the host's network namespace"]


def test_icmp_echo_beyond_loopback_is_refused(guard: NetworkGuard) -> None:
    """A raw ICMP echo request, as the connection monitor sends it, is refused."""
    echo = bytes([8, 0, 0xF7, 0xFF, 0, 0, 0, 0])
    with (
        _loopback_bound(socket.SOCK_RAW, socket.IPPROTO_ICMP) as sock,
        pytest.raises(PermissionError),
    ):
        sock.sendto(echo, (OUTSIDE, 0))
    assert len(guard.take_violations()) == 1


async def test_reverse_dns_and_mdns_beyond_loopback_are_refused(guard: NetworkGuard) -> None:
    """The LAN monitor's name lookups fail quietly and the guard records both."""
    assert await reverse_dns(OUTSIDE, limit_s=1) is None
    assert await mdns_name(OUTSIDE, limit_s=0.2) is None
    violations = guard.take_violations()
    assert any(v.startswith(f"getnameinfo to {OUTSIDE}") for v in violations)
    assert any(v.startswith("sendto to 224.0.0.251") for v in violations)


def test_anything_goes_inside_a_test_namespace(guard: NetworkGuard) -> None:
    """A thread inside a namespace the test created only reaches that namespace's links."""
    with namespace("guard") as ns:

        def send() -> str:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                try:
                    sock.sendto(b"ping", (OUTSIDE, 9))
                except PermissionError:
                    return "refused"
                except OSError as err:  # no route: the namespace has only loopback
                    return type(err).__name__
            return "sent"

        outcome = ns.call(send)
    assert outcome != "refused"
    assert guard.violations == []
