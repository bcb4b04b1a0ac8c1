"""Keep every probe local during tests: loopback, or a network namespace a test created.

pytest-socket (through the Home Assistant test plugin) already limits `connect()` to
127.0.0.1 unless a test widens it. Probes mostly travel without `connect()`: ICMP echo
requests, traceroutes and mDNS queries go out through `sendto()`, and reverse DNS through
`getnameinfo()`. This guard wraps those calls. A thread that entered a test's namespace
(`setns`) may send anywhere, because such a namespace holds only the test's own links; a
thread in the host's namespace may only reach loopback. A blocked call raises
`PermissionError` (the probe fails like a closed network) and is recorded, and the autouse
fixture in tests/conftest.py fails the test that made it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
from typing import Any

_NET_NS_LINK = "/proc/thread-self/ns/net"
_INET_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def _current_namespace() -> str:
    """Return the network namespace of the calling thread."""
    return os.readlink(_NET_NS_LINK)


def _true_socket_class() -> type[socket.socket]:
    """Return the stdlib socket class, even while pytest-socket has swapped in a subclass."""
    for cls in socket.socket.__mro__:
        if cls.__module__ == "socket" and cls.__name__ == "socket":
            return cls
    raise RuntimeError("socket.socket is not the standard library's class")


class NetworkGuard:
    """Wraps socket sends and reverse lookups; remembers any that would leave the machine."""

    def __init__(self) -> None:
        self.host_namespace = _current_namespace()
        self.violations: list[str] = []
        self._lock = threading.Lock()
        self._originals: dict[str, Any] = {}

    def allows(self, host: object) -> bool:
        """Return True when the calling thread may reach `host`."""
        if _current_namespace() != self.host_namespace:
            return True
        text = str(host).split("%", 1)[0]
        try:
            return ipaddress.ip_address(text).is_loopback
        except ValueError:
            return text == "localhost"

    def check(self, what: str, host: object) -> None:
        """Record and refuse a call that would reach beyond loopback from the host namespace."""
        if self.allows(host):
            return
        message = f"{what} to {host} from the host's network namespace"
        with self._lock:
            self.violations.append(message)
        raise PermissionError(f"test network guard: {message}")

    def take_violations(self) -> list[str]:
        """Return and forget the violations recorded so far."""
        with self._lock:
            taken, self.violations = self.violations, []
        return taken

    def install(self) -> None:
        """Wrap sendto, sendmsg, getnameinfo and gethostbyaddr."""
        true_socket = _true_socket_class()
        original_sendto = true_socket.sendto
        original_sendmsg = true_socket.sendmsg
        original_getnameinfo = socket.getnameinfo
        original_gethostbyaddr = socket.gethostbyaddr
        self._originals = {
            "sendto": original_sendto,
            "sendmsg": original_sendmsg,
            "getnameinfo": original_getnameinfo,
            "gethostbyaddr": original_gethostbyaddr,
        }
        guard = self

        def sendto(sock: socket.socket, data: Any, *args: Any) -> int:
            if sock.family in _INET_FAMILIES:
                guard.check("sendto", args[-1][0])
            return original_sendto(sock, data, *args)

        def sendmsg(sock: socket.socket, buffers: Any, *args: Any) -> int:
            if sock.family in _INET_FAMILIES and len(args) >= 3 and args[2] is not None:
                guard.check("sendmsg", args[2][0])
            return original_sendmsg(sock, buffers, *args)

        def getnameinfo(address: tuple[Any, ...], flags: int) -> tuple[str, str]:
            guard.check("getnameinfo", address[0])
            return original_getnameinfo(address, flags)

        def gethostbyaddr(ip: str) -> tuple[str, list[str], list[str]]:
            guard.check("gethostbyaddr", ip)
            return original_gethostbyaddr(ip)

        true_socket.sendto = sendto  # type: ignore[assignment,method-assign]
        true_socket.sendmsg = sendmsg  # type: ignore[assignment,method-assign]
        socket.getnameinfo = getnameinfo
        socket.gethostbyaddr = gethostbyaddr

    def uninstall(self) -> None:
        """Put the original functions back."""
        if not self._originals:
            return
        true_socket = _true_socket_class()
        true_socket.sendto = self._originals["sendto"]  # type: ignore[method-assign]
        true_socket.sendmsg = self._originals["sendmsg"]  # type: ignore[method-assign]
        socket.getnameinfo = self._originals["getnameinfo"]
        socket.gethostbyaddr = self._originals["gethostbyaddr"]
        self._originals = {}


def violations_message(violations: list[str], limit: int = 5) -> str:
    """Return a failure message listing the first few violations."""
    shown = "; ".join(violations[:limit])
    more = f" (and {len(violations) - limit} more)" if len(violations) > limit else ""
    return f"a test sent traffic beyond loopback: {shown}{more}"
