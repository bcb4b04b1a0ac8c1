"""Network-namespace harness for probe tests: namespaces, veth links, loss, delayed echo replies.

Everything lives in namespaces created here (unique names, removed on exit); the host's own
network is never touched. Code runs "inside" a namespace in a dedicated thread that entered it
with setns(2): sockets belong to the namespace of the thread that creates them, and threads that
thread starts (asyncio executors) inherit it.

The kernel here has no netem, so the path is emulated: loss by an nftables rule that drops a
random share of echo requests, delay by a userspace echo responder (this file, run as a script
inside the namespace) while the namespace's kernel echo replies are switched off.

Run as a script: `python netns.py respond --delay S [--drop F]` answers echo requests after S
seconds, dropping a fraction F of them, and prints "ready" once listening.
"""

from __future__ import annotations

import argparse
import ctypes
import heapq
import os
import platform
import random
import secrets
import select
import shutil
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

NETNS_DIR = "/run/netns"
# Per-thread credential syscalls (glibc's wrappers would change every thread of the process).
_SYSCALLS = {
    "x86_64": {"setgroups": 116, "setresuid": 117, "setresgid": 119},
    "aarch64": {"setgroups": 159, "setresuid": 147, "setresgid": 149},
}


class NetnsError(RuntimeError):
    """The namespace harness cannot do what a test asked."""


def require_tools() -> None:
    """Fail with a clear message unless ip, nft and root privileges are available."""
    missing = [tool for tool in ("ip", "nft") if shutil.which(tool) is None]
    if missing:
        raise NetnsError(
            f"network-namespace tests need {' and '.join(missing)} on PATH "
            "(install the iproute2 and nftables packages)"
        )
    if os.geteuid() != 0:
        raise NetnsError("network-namespace tests must run as root (ip netns add needs it)")


def run(*args: str) -> str:
    """Run a command, return its stdout, raise NetnsError with its stderr on failure."""
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=30)
    if done.returncode != 0:
        raise NetnsError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def unique_name(prefix: str = "cm") -> str:
    """Return a short unique name usable for a namespace or an interface (<= 15 chars)."""
    return f"{prefix}{secrets.token_hex(4)}"[:13]


def _in_thread(setup: Callable[[], None], work: Callable[[], T], timeout: float = 300.0) -> T:
    """Run setup then work in a fresh thread and return work's result (or raise its error)."""
    outcome: dict[str, object] = {}

    def body() -> None:
        try:
            setup()
            outcome["value"] = work()
        except BaseException as err:
            outcome["error"] = err

    thread = threading.Thread(target=body, name="netns-worker", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise NetnsError(f"namespace worker still running after {timeout} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def drop_thread_privileges(uid: int = 65534, gid: int = 65534) -> None:
    """Make the calling thread (only) an ordinary user without capabilities."""
    numbers = _SYSCALLS.get(platform.machine())
    if numbers is None:
        raise NetnsError(f"no per-thread credential syscalls known for {platform.machine()}")
    libc = ctypes.CDLL(None, use_errno=True)
    for name, args in (
        ("setgroups", (0, None)),
        ("setresgid", (gid, gid, gid)),
        ("setresuid", (uid, uid, uid)),
    ):
        if libc.syscall(numbers[name], *args) != 0:
            raise NetnsError(f"{name} failed: {os.strerror(ctypes.get_errno())}")


@dataclass(frozen=True, slots=True)
class Namespace:
    """A network namespace created by this harness."""

    name: str

    def exec(self, *command: str) -> str:
        """Run a command inside the namespace."""
        return run("ip", "netns", "exec", self.name, *command)

    def sysctl(self, key: str, value: str) -> None:
        """Set a (per-namespace) sysctl inside the namespace."""
        self.exec("sysctl", "-q", "-w", f"{key}={value}")

    def enter(self) -> None:
        """Move the calling thread into this namespace."""
        fd = os.open(f"{NETNS_DIR}/{self.name}", os.O_RDONLY)
        try:
            os.setns(fd, os.CLONE_NEWNET)
        finally:
            os.close(fd)

    def call(self, work: Callable[[], T], *, unprivileged: bool = False) -> T:
        """Run a function in a thread inside the namespace (optionally as an ordinary user)."""

        def setup() -> None:
            self.enter()
            if unprivileged:
                drop_thread_privileges()

        return _in_thread(setup, work)

    def run_async(self, factory: Callable[[], Awaitable[T]], *, unprivileged: bool = False) -> T:
        """Run a coroutine on a fresh event loop in a thread inside the namespace."""
        import asyncio

        async def main() -> T:
            return await factory()

        return self.call(lambda: asyncio.run(main()), unprivileged=unprivileged)


@contextmanager
def namespace(prefix: str = "cm") -> Iterator[Namespace]:
    """Create a namespace with loopback up; delete it (and all in it) on exit."""
    require_tools()
    ns = Namespace(unique_name(prefix))
    run("ip", "netns", "add", ns.name)
    try:
        run("ip", "-n", ns.name, "link", "set", "lo", "up")
        yield ns
    finally:
        run("ip", "netns", "delete", ns.name)


def link(left: Namespace, left_cidr: str, right: Namespace, right_cidr: str) -> None:
    """Connect two namespaces with a veth pair and address both ends."""
    left_if, right_if = unique_name("va"), unique_name("vb")
    run("ip", "link", "add", left_if, "netns", left.name, "type", "veth",
        "peer", "name", right_if, "netns", right.name)  # fmt: skip
    for ns, ifname, cidr in ((left, left_if, left_cidr), (right, right_if, right_cidr)):
        run("ip", "-n", ns.name, "addr", "add", cidr, "dev", ifname)
        run("ip", "-n", ns.name, "link", "set", ifname, "up")


@dataclass(frozen=True, slots=True)
class NsPair:
    """A client namespace linked to a server namespace on one /24."""

    client: Namespace
    server: Namespace
    client_ip: str
    server_ip: str
    subnet: str


@contextmanager
def netns_pair(subnet: str = "10.213.1") -> Iterator[NsPair]:
    """Create client and server namespaces joined by veth (client .1, server .2)."""
    with namespace("cmc") as client, namespace("cms") as server:
        link(client, f"{subnet}.1/24", server, f"{subnet}.2/24")
        yield NsPair(client, server, f"{subnet}.1", f"{subnet}.2", subnet)


@dataclass(frozen=True, slots=True)
class RoutedPath:
    """client -- router -- server, two /24s, the router forwarding between them."""

    client: Namespace
    router: Namespace
    server: Namespace
    client_ip: str
    router_client_ip: str
    router_server_ip: str
    server_ip: str


@contextmanager
def routed_path() -> Iterator[RoutedPath]:
    """Create three namespaces where the client reaches the server through a router."""
    with namespace("cmc") as client, namespace("cmr") as router, namespace("cms") as server:
        link(client, "10.213.1.2/24", router, "10.213.1.1/24")
        link(router, "10.213.2.1/24", server, "10.213.2.2/24")
        router.sysctl("net.ipv4.ip_forward", "1")
        run("ip", "-n", client.name, "route", "add", "default", "via", "10.213.1.1")
        run("ip", "-n", server.name, "route", "add", "default", "via", "10.213.2.1")
        yield RoutedPath(client, router, server, "10.213.1.2", "10.213.1.1", "10.213.2.1",
                         "10.213.2.2")  # fmt: skip


@contextmanager
def nft_table(ns: Namespace, chain_hook: str, rule: str) -> Iterator[None]:
    """Add an nftables table with one filter chain on a hook and one rule; remove it on exit."""
    table = unique_name("cmt")
    ns.exec("nft", "add", "table", "inet", table)
    try:
        ns.exec("nft", "add", "chain", "inet", table, "c",
                f"{{ type filter hook {chain_hook} priority 0; }}")  # fmt: skip
        ns.exec("nft", "add", "rule", "inet", table, "c", *rule.split())
        yield
    finally:
        ns.exec("nft", "delete", "table", "inet", table)


@contextmanager
def packet_loss(ns: Namespace, one_in: int) -> Iterator[None]:
    """Drop on average one in `one_in` echo requests arriving in the namespace."""
    if one_in < 2:
        raise ValueError("one_in must be at least 2")
    with nft_table(ns, "input", f"icmp type echo-request numgen random mod {one_in} 0 drop"):
        yield


@contextmanager
def delayed_responder(
    ns: Namespace, delay_s: float, drop_fraction: float = 0.0
) -> Iterator[subprocess.Popen[str]]:
    """Answer echo requests in the namespace from userspace after delay_s (kernel echo off)."""
    ns.sysctl("net.ipv4.icmp_echo_ignore_all", "1")
    command = [
        "ip", "netns", "exec", ns.name, sys.executable, os.path.abspath(__file__),
        "respond", "--delay", str(delay_s), "--drop", str(drop_fraction),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if line != "ready":
            _, err = process.communicate(timeout=10)
            raise NetnsError(f"echo responder did not start: {line!r} {err.strip()}")
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)
        ns.sysctl("net.ipv4.icmp_echo_ignore_all", "0")


@contextmanager
def tcp_listener(ns: Namespace, address: str, port: int) -> Iterator[socket.socket]:
    """Listen on address:port inside the namespace (the kernel completes handshakes)."""

    def open_listener() -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((address, port))
        sock.listen(128)
        return sock

    listener = ns.call(open_listener)
    try:
        yield listener
    finally:
        listener.close()


# --- the echo responder, run as a script inside a namespace ------------------------------------


def _checksum(data: bytes) -> int:
    """Return the Internet checksum of data."""
    if len(data) % 2:
        data += b"\x00"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    total = (total >> 16) + (total & 0xFFFF)
    total += total >> 16
    return int(~total & 0xFFFF)


def echo_reply_for(packet: bytes) -> tuple[str, bytes] | None:
    """Return (destination, ICMP echo reply) for a raw IPv4 echo request packet, else None."""
    header = (packet[0] & 0x0F) * 4
    icmp = packet[header:]
    if len(icmp) < 8 or icmp[0] != 8:
        return None
    source = socket.inet_ntoa(packet[12:16])
    body = b"\x00\x00\x00\x00" + icmp[4:]
    reply = body[:2] + struct.pack("!H", _checksum(body)) + body[4:]
    return source, reply


def respond(delay_s: float, drop_fraction: float) -> None:
    """Answer echo requests after delay_s, dropping a random fraction, until killed."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    due: list[tuple[float, int, str, bytes]] = []
    counter = 0
    print("ready", flush=True)
    while True:
        wait = max(0.0, due[0][0] - time.monotonic()) if due else None
        readable, _, _ = select.select([sock], [], [], wait)
        if readable:
            packet = sock.recv(65535)
            answer = echo_reply_for(packet)
            if answer is not None and random.random() >= drop_fraction:
                counter += 1
                heapq.heappush(due, (time.monotonic() + delay_s, counter, *answer))
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, destination, reply = heapq.heappop(due)
            sock.sendto(reply, (destination, 0))


def main() -> None:
    """Command-line entry point of the responder."""
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    responder = sub.add_parser("respond")
    responder.add_argument("--delay", type=float, required=True)
    responder.add_argument("--drop", type=float, default=0.0)
    args = parser.parse_args()
    respond(args.delay, args.drop)


if __name__ == "__main__":
    main()
