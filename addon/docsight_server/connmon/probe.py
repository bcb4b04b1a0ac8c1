"""One reachability probe: ICMP echo through icmplib, or a TCP connect where ICMP is not allowed.

Method `auto` picks, in this order: unprivileged ICMP (datagram sockets, allowed when the
kernel's net.ipv4.ping_group_range covers one of our groups), privileged raw ICMP (root or
CAP_NET_RAW), else a TCP connect to the target's port. The decision is a pure function of a few
facts (`ProbeFacts`) so every branch can be tested without changing the machine.

A TCP probe counts a refused connection (the target answered with RST) as an answer: the host
is up and the path works, only the port is closed. Its latency is the connect time.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import ipaddress
import logging
import os
import socket
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from icmplib import async_ping
from icmplib.exceptions import ICMPLibError

_LOG = logging.getLogger(__name__)

PING_GROUP_RANGE = Path("/proc/sys/net/ipv4/ping_group_range")
DEFAULT_TIMEOUT = 2.0
REQUESTS = ("auto", "icmp", "tcp")
# Connect errors that mean a host on the path answered "not here" rather than the target.
_NO_ANSWER_ERRNOS = frozenset(
    {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN, errno.EADDRNOTAVAIL}
)


class ProbeMethod(StrEnum):
    """How a target is probed."""

    ICMP = "icmp"
    TCP = "tcp"


@dataclass(frozen=True, slots=True)
class Capability:
    """The probe method in use, whether it needs privileges, and why it was chosen."""

    method: ProbeMethod
    privileged: bool
    reason: str | None
    hint: str | None

    def as_json(self) -> dict[str, Any]:
        """Return the `/capability` body: method, plus reason and hint when there are any."""
        body: dict[str, Any] = {"method": self.method.value}
        if self.reason:
            body["reason"] = self.reason
        if self.hint:
            body["hint"] = self.hint
        return body


@dataclass(frozen=True, slots=True)
class ProbeFacts:
    """What the machine allows, as read by `gather_facts`."""

    euid: int
    gids: frozenset[int]
    ping_group_range: tuple[int, int] | None  # None when the sysctl cannot be read
    raw_socket_ok: bool


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """One probe: epoch seconds at send, latency in ms (None when unanswered)."""

    ts: float
    latency_ms: float | None
    timeout: bool
    method: ProbeMethod


def _unprivileged_gid(facts: ProbeFacts) -> int | None:
    """Return one of our groups that ping_group_range covers, if any."""
    if facts.ping_group_range is None:
        return None
    low, high = facts.ping_group_range
    covered = sorted(gid for gid in facts.gids if low <= gid <= high)
    return covered[0] if covered else None


def _range_text(facts: ProbeFacts) -> str:
    """Describe ping_group_range for a message."""
    if facts.ping_group_range is None:
        return "net.ipv4.ping_group_range is unreadable"
    low, high = facts.ping_group_range
    if low > high:
        return f"net.ipv4.ping_group_range is '{low} {high}' (unprivileged ICMP disabled)"
    gids = ", ".join(str(gid) for gid in sorted(facts.gids)) or "none"
    return f"net.ipv4.ping_group_range '{low} {high}' does not cover our groups ({gids})"


def _icmp_choice(facts: ProbeFacts) -> Capability | None:
    """Return the ICMP capability the facts allow, or None."""
    gid = _unprivileged_gid(facts)
    if gid is not None:
        low, high = facts.ping_group_range or (0, 0)
        reason = (
            f"unprivileged ICMP (datagram socket): net.ipv4.ping_group_range '{low} {high}' "
            f"covers gid {gid}"
        )
        return Capability(ProbeMethod.ICMP, False, reason, None)
    if facts.raw_socket_ok:
        who = "running as root" if facts.euid == 0 else "CAP_NET_RAW granted"
        return Capability(ProbeMethod.ICMP, True, f"privileged raw ICMP socket ({who})", None)
    return None


def _why_no_icmp(facts: ProbeFacts) -> tuple[str, str]:
    """Return (reason, hint) explaining why neither ICMP mode is available."""
    raw = "not root" if facts.euid != 0 else "root"
    reason = f"no raw ICMP socket ({raw}, no CAP_NET_RAW) and {_range_text(facts)}"
    gid = min(facts.gids) if facts.gids else 0
    hint = (
        "Add the NET_RAW capability to the container (cap_add: NET_RAW), or widen "
        f"net.ipv4.ping_group_range to include gid {gid} "
        "(sysctl -w net.ipv4.ping_group_range='0 2147483647')"
    )
    return reason, hint


def decide_capability(requested: str, facts: ProbeFacts) -> Capability:
    """Pick the probe method for a request ("auto", "icmp" or "tcp") from the machine's facts."""
    if requested not in REQUESTS:
        raise ValueError(f"probe method must be one of {', '.join(REQUESTS)}, not {requested!r}")
    if requested == "tcp":
        return Capability(ProbeMethod.TCP, False, "TCP connect chosen in the settings", None)
    icmp = _icmp_choice(facts)
    if icmp is not None:
        return icmp
    reason, hint = _why_no_icmp(facts)
    if requested == "icmp":
        # Kept as ICMP so the setting is honoured; every probe will go unanswered, and says why.
        return Capability(
            ProbeMethod.ICMP, False, f"ICMP requested but not possible here: {reason}", hint
        )
    return Capability(
        ProbeMethod.TCP, False, f"ICMP unavailable, using TCP connect: {reason}", hint
    )


def read_ping_group_range(path: Path = PING_GROUP_RANGE) -> tuple[int, int] | None:
    """Return the kernel's ping_group_range, or None when it cannot be read."""
    try:
        low, high = path.read_text(encoding="utf-8").split()
        return int(low), int(high)
    except (OSError, ValueError):
        return None


def raw_socket_openable() -> bool:
    """Return True when this process may open a raw ICMP socket."""
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    except OSError:
        return False
    sock.close()
    return True


def gather_facts() -> ProbeFacts:
    """Read the facts `decide_capability` needs from this process and kernel."""
    gids = frozenset({os.getegid(), *os.getgroups()})
    return ProbeFacts(os.geteuid(), gids, read_ping_group_range(), raw_socket_openable())


@functools.cache
def detect_capability(requested: str = "auto") -> Capability:
    """Return the probe capability for a request on this machine (cached per request)."""
    return decide_capability(requested, gather_facts())


def _round(latency_s: float) -> float:
    """Return seconds as milliseconds rounded to 2 decimals."""
    return round(latency_s * 1000.0, 2)


async def resolve(host: str) -> tuple[int, str]:
    """Return (address family, address) for a host name or literal, IPv4 first."""
    with contextlib.suppress(ValueError):
        literal = ipaddress.ip_address(host)
        return (socket.AF_INET6 if literal.version == 6 else socket.AF_INET), str(literal)
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_DGRAM)
    except UnicodeError as err:  # the IDNA codec rejects empty or over-long labels
        raise OSError(f"{host} is not a valid host name: {err}") from err
    if not infos:
        raise OSError(f"{host} did not resolve")
    infos.sort(key=lambda info: 0 if info[0] == socket.AF_INET else 1)
    family, _, _, _, sockaddr = infos[0]
    return int(family), str(sockaddr[0])


async def tcp_connect_latency(family: int, address: str, port: int, limit_s: float) -> float | None:
    """Return the TCP connect time in ms to address:port, None when there was no answer.

    A refused connection is an answer: the host itself sent the RST.
    """
    loop = asyncio.get_running_loop()
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setblocking(False)
    started = time.perf_counter()
    try:
        async with asyncio.timeout(limit_s):
            await loop.sock_connect(sock, (address, port))
    except ConnectionRefusedError:
        return _round(time.perf_counter() - started)
    except TimeoutError:
        return None
    except OSError as err:
        if err.errno not in _NO_ANSWER_ERRNOS:
            _LOG.debug("TCP probe %s:%s failed: %s", address, port, err)
        return None
    finally:
        sock.close()
    return _round(time.perf_counter() - started)


async def probe(
    host: str,
    capability: Capability,
    *,
    tcp_port: int = 443,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 - part of the agreed interface
) -> ProbeResult:
    """Probe a host once with the capability's method; unanswered probes report a timeout."""
    sent = time.time()
    method = capability.method
    try:
        async with asyncio.timeout(timeout):
            family, address = await resolve(host)
    except (OSError, TimeoutError) as err:
        _LOG.debug("cannot resolve %s: %s", host, err)
        return ProbeResult(sent, None, True, method)
    latency: float | None
    if method is ProbeMethod.TCP:
        latency = await tcp_connect_latency(family, address, tcp_port, timeout)
    else:
        try:
            answer = await async_ping(
                address, count=1, timeout=timeout, privileged=capability.privileged
            )
        except ICMPLibError as err:
            _LOG.debug("ICMP probe of %s failed: %s", address, err)
            answer = None
        latency = round(answer.rtts[0], 2) if answer is not None and answer.rtts else None
    return ProbeResult(sent, latency, latency is None, method)
