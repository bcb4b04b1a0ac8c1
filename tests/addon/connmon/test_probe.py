"""Probe capability decisions (every branch, from facts), ICMP parsing and loopback probes."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from docsight_server.connmon import probe as probe_module
from docsight_server.connmon.icmp import parse_icmp
from docsight_server.connmon.probe import (
    Capability,
    ProbeFacts,
    ProbeMethod,
    decide_capability,
    detect_capability,
    gather_facts,
    probe,
    raw_socket_openable,
    read_ping_group_range,
)
from docsight_server.connmon.trace import Hop, TraceResult

# The timeout only bounds a hang (a probe that never reports); nothing asserts on time.
pytestmark = [pytest.mark.usefixtures("socket_enabled"), pytest.mark.timeout(60)]

WIDE = (0, 2147483647)
DISABLED = (1, 0)


def facts(
    euid: int = 1000,
    gids: tuple[int, ...] = (1000,),
    ping_range: tuple[int, int] | None = DISABLED,
    raw: bool = False,
) -> ProbeFacts:
    """Return facts with defaults of an ordinary user on a locked-down kernel."""
    return ProbeFacts(euid, frozenset(gids), ping_range, raw)


# --- decide_capability: one test per branch -----------------------------------------------------


def test_unprivileged_icmp_when_range_covers_our_gid() -> None:
    """A covered gid gives datagram ICMP without privileges, and says which gid."""
    cap = decide_capability("auto", facts(ping_range=(100, 2000)))
    assert cap.method is ProbeMethod.ICMP
    assert not cap.privileged
    assert cap.reason is not None
    assert "gid 1000" in cap.reason
    assert "'100 2000'" in cap.reason
    assert cap.hint is None


def test_supplementary_group_is_enough() -> None:
    """Any of our groups inside the range allows unprivileged ICMP."""
    cap = decide_capability("auto", facts(gids=(1000, 2500), ping_range=(2000, 3000)))
    assert (cap.method, cap.privileged) == (ProbeMethod.ICMP, False)
    assert cap.reason is not None
    assert "gid 2500" in cap.reason


def test_unprivileged_preferred_even_when_root() -> None:
    """Datagram sockets only see their own replies, so they win when both are possible."""
    cap = decide_capability("auto", facts(euid=0, gids=(0,), ping_range=WIDE, raw=True))
    assert (cap.method, cap.privileged) == (ProbeMethod.ICMP, False)


def test_root_gets_privileged_raw_icmp() -> None:
    """Root with ping_group_range disabled uses raw sockets."""
    cap = decide_capability("auto", facts(euid=0, gids=(0,), raw=True))
    assert (cap.method, cap.privileged) == (ProbeMethod.ICMP, True)
    assert cap.reason == "privileged raw ICMP socket (running as root)"
    assert cap.hint is None


def test_cap_net_raw_without_root() -> None:
    """A raw socket that opens for a non-root user means CAP_NET_RAW."""
    cap = decide_capability("auto", facts(raw=True))
    assert (cap.method, cap.privileged) == (ProbeMethod.ICMP, True)
    assert cap.reason is not None
    assert "CAP_NET_RAW" in cap.reason


def test_tcp_fallback_explains_and_hints() -> None:
    """No raw socket and a disabled range fall back to TCP with a reason and a fix."""
    cap = decide_capability("auto", facts())
    assert (cap.method, cap.privileged) == (ProbeMethod.TCP, False)
    assert cap.reason is not None
    assert "not root" in cap.reason
    assert "unprivileged ICMP disabled" in cap.reason
    assert cap.hint is not None
    assert "NET_RAW" in cap.hint
    assert "ping_group_range" in cap.hint
    assert "gid 1000" in cap.hint


def test_tcp_fallback_when_range_misses_our_groups() -> None:
    """A range that excludes our groups is named with the groups in the reason."""
    cap = decide_capability("auto", facts(gids=(1000, 20), ping_range=(5000, 6000)))
    assert cap.method is ProbeMethod.TCP
    assert cap.reason is not None
    assert "'5000 6000' does not cover our groups (20, 1000)" in cap.reason


def test_tcp_fallback_when_range_unreadable() -> None:
    """An unreadable sysctl is reported as such."""
    cap = decide_capability("auto", facts(ping_range=None))
    assert cap.method is ProbeMethod.TCP
    assert cap.reason is not None
    assert "unreadable" in cap.reason


def test_tcp_requested_is_honoured_even_with_icmp_available() -> None:
    """The setting "tcp" always probes by TCP connect."""
    cap = decide_capability("tcp", facts(euid=0, gids=(0,), raw=True))
    assert (cap.method, cap.privileged, cap.hint) == (ProbeMethod.TCP, False, None)
    assert cap.reason is not None


def test_icmp_requested_and_possible_is_like_auto() -> None:
    """Forced ICMP where it works gives the same capability as auto."""
    every = facts(euid=0, gids=(0,), raw=True)
    assert decide_capability("icmp", every) == decide_capability("auto", every)


def test_icmp_requested_but_impossible_reports_why() -> None:
    """Forced ICMP that cannot work stays ICMP and says why, with the fix."""
    cap = decide_capability("icmp", facts())
    assert (cap.method, cap.privileged) == (ProbeMethod.ICMP, False)
    assert cap.reason is not None
    assert cap.reason.startswith("ICMP requested but not possible here")
    assert cap.hint is not None
    assert "NET_RAW" in cap.hint


def test_unknown_request_is_rejected() -> None:
    """Only auto, icmp and tcp are methods."""
    with pytest.raises(ValueError, match="auto, icmp, tcp"):
        decide_capability("udp", facts())


def test_capability_json_omits_missing_fields() -> None:
    """as_json carries reason and hint only when set."""
    assert Capability(ProbeMethod.ICMP, True, None, None).as_json() == {"method": "icmp"}
    assert Capability(ProbeMethod.TCP, False, "why", "fix").as_json() == {
        "method": "tcp",
        "reason": "why",
        "hint": "fix",
    }


def test_read_ping_group_range(tmp_path: Path) -> None:
    """The sysctl file is parsed; missing or malformed files give None."""
    good = tmp_path / "range"
    good.write_text("1\t0\n", encoding="ascii")
    assert read_ping_group_range(good) == (1, 0)
    bad = tmp_path / "bad"
    bad.write_text("garbage\n", encoding="ascii")
    assert read_ping_group_range(bad) is None
    assert read_ping_group_range(tmp_path / "missing") is None


def test_real_detection_matches_the_facts() -> None:
    """On this machine detection equals the decision over the facts it reads, and is cached."""
    here = gather_facts()
    assert here.euid == os.geteuid()
    assert here.raw_socket_ok == raw_socket_openable()
    assert here.ping_group_range == read_ping_group_range()
    cap = detect_capability("auto")
    assert cap == decide_capability("auto", here)
    assert detect_capability("auto") is cap
    if here.euid == 0:
        assert cap.method is ProbeMethod.ICMP


# --- ICMP packet parsing ------------------------------------------------------------------------


def icmp(kind: int, ident: int, sequence: int, payload: bytes = b"x" * 8) -> bytes:
    """Return an ICMP message (checksum left zero: the parser does not check it)."""
    return struct.pack("!BBHHH", kind, 0, 0, ident, sequence) + payload


def ipv4(payload: bytes, options: bytes = b"") -> bytes:
    """Return payload behind a minimal IPv4 header (with optional options)."""
    ihl = 5 + len(options) // 4
    header = bytes([0x40 | ihl]) + bytes(19) + options
    return header + payload


def test_parse_raw_ipv4_echo_reply() -> None:
    """Raw IPv4 packets carry the IP header, options included."""
    assert parse_icmp(socket.AF_INET, True, ipv4(icmp(0, 7, 9))) == (True, 7, 9)
    assert parse_icmp(socket.AF_INET, True, ipv4(icmp(0, 7, 9), bytes(4))) == (True, 7, 9)


def test_parse_datagram_reply_has_no_ip_header() -> None:
    """Datagram sockets deliver the bare ICMP message."""
    assert parse_icmp(socket.AF_INET, False, icmp(0, 1, 2)) == (True, 1, 2)


def test_parse_errors_quote_our_request() -> None:
    """Unreachable / time exceeded quoting an echo request map to (False, id, seq)."""
    quoted = ipv4(icmp(8, 300, 40))
    assert parse_icmp(socket.AF_INET, True, ipv4(icmp(3, 0, 0, quoted))) == (False, 300, 40)
    assert parse_icmp(socket.AF_INET, True, ipv4(icmp(11, 0, 0, quoted))) == (False, 300, 40)
    v6_quoted = bytes(40) + icmp(128, 5, 6)
    assert parse_icmp(socket.AF_INET6, True, icmp(1, 0, 0, v6_quoted)) == (False, 5, 6)


def test_parse_ipv6_echo_reply() -> None:
    """IPv6 sockets never include the IP header."""
    assert parse_icmp(socket.AF_INET6, True, icmp(129, 3, 4)) == (True, 3, 4)


def test_parse_ignores_other_packets() -> None:
    """Echo requests (seen by raw sockets on loopback), other errors and runts are ignored."""
    assert parse_icmp(socket.AF_INET, True, ipv4(icmp(8, 1, 1))) is None
    assert parse_icmp(socket.AF_INET, True, ipv4(icmp(3, 0, 0, ipv4(icmp(0, 1, 1))))) is None
    assert parse_icmp(socket.AF_INET, True, b"") is None
    assert parse_icmp(socket.AF_INET, False, b"\x00\x00") is None
    assert parse_icmp(socket.AF_INET6, True, icmp(1, 0, 0, b"short")) is None


def test_trace_fingerprint() -> None:
    """The fingerprint hashes hop IPs joined by "|" with "*" for silent hops."""
    hops = (
        Hop(1, "10.0.0.1", None, 1.0, 3),
        Hop(2, None, None, None, 0),
        Hop(3, "10.0.0.3", "gw", 2.0, 3),
    )
    expected = hashlib.sha256(b"10.0.0.1|*|10.0.0.3").hexdigest()
    assert TraceResult(True, hops).fingerprint == expected


# --- real probes on loopback --------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[int]:
    """A TCP listener on loopback; yields its port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield int(sock.getsockname()[1])


def closed_port() -> int:
    """Return a loopback port nobody listens on."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def two_decimals(value: float) -> bool:
    """True when value has at most two decimals."""
    return round(value, 2) == value


async def test_icmp_probe_of_loopback() -> None:
    """A privileged ICMP probe of 127.0.0.1 is answered (root here; namespaces cover others)."""
    cap = detect_capability("icmp")
    result = await probe("127.0.0.1", cap)
    assert result.method is ProbeMethod.ICMP
    assert not result.timeout
    assert result.latency_ms is not None
    assert result.latency_ms >= 0
    assert two_decimals(result.latency_ms)


async def test_hostname_is_resolved_asynchronously() -> None:
    """localhost resolves (through the loop's resolver) and answers."""
    result = await probe("localhost", detect_capability("icmp"))
    assert not result.timeout


async def test_tcp_probe_open_port(listener: int) -> None:
    """A TCP connect to a listener answers with the connect time."""
    cap = Capability(ProbeMethod.TCP, False, None, None)
    result = await probe("127.0.0.1", cap, tcp_port=listener)
    assert result.method is ProbeMethod.TCP
    assert not result.timeout
    assert result.latency_ms is not None
    assert two_decimals(result.latency_ms)


async def test_tcp_probe_closed_port_counts_as_answer() -> None:
    """A refused connection (RST) means the host is up: answered, with a latency."""
    cap = Capability(ProbeMethod.TCP, False, None, None)
    result = await probe("127.0.0.1", cap, tcp_port=closed_port())
    assert not result.timeout
    assert result.latency_ms is not None


async def test_unresolvable_host_is_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """A name that does not resolve gives an unanswered probe (no DNS query leaves the host)."""

    async def no_such_name(*_args: object, **_kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    loop = asyncio.get_running_loop()
    monkeypatch.setattr(loop, "getaddrinfo", no_such_name)
    result = await probe("no-such-host.invalid", detect_capability("icmp"))
    assert (result.latency_ms, result.timeout) == (None, True)


async def test_resolve_prefers_ipv4(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names with both families resolve to the IPv4 address first; literals skip resolution."""

    async def both(*_args: object, **_kwargs: object) -> list[tuple[object, ...]]:
        return [
            (socket.AF_INET6, socket.SOCK_DGRAM, 17, "", ("::1", 0, 0, 0)),
            (socket.AF_INET, socket.SOCK_DGRAM, 17, "", ("127.0.0.1", 0)),
        ]

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", both)
    assert await probe_module.resolve("dual.example") == (socket.AF_INET, "127.0.0.1")
    assert await probe_module.resolve("::1") == (socket.AF_INET6, "::1")
