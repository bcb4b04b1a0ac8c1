"""How much the HTTP transport accepts: body sizes per route, timeouts, open connections.

Body caps are declared per route (`RouteDef.max_body`) and enforced while the body is read
(`http/bodies.py`); the timeouts and the connection cap are enforced per connection
(`http/transport.py`).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

#: Anonymous (public) routes: the sign-in form is a few hundred bytes.
PUBLIC_BODY_BYTES = 16 * 1024
#: Default for routes that declare a body (tokens, targets, a device's settings: each a few
#: hundred bytes to 4 KiB); a route that takes more declares its own `max_body`.
JSON_BODY_BYTES = 64 * 1024
#: POST /api/config: every setting at its longest text still fits.
CONFIG_BODY_BYTES = 256 * 1024
#: Routes that declare no body: a client may still send a stray `{}`.
NO_BODY_BYTES = 1024

#: Descriptors kept free for the database, outgoing probes, logs and the demo worker.
FD_RESERVE = 64
#: The cap never goes below this, however low the open-files limit is.
MIN_CONNECTIONS = 16


@dataclass(frozen=True, slots=True)
class TransportLimits:
    """Timeouts (seconds) and the connection cap of the HTTP server."""

    #: A new connection must send its first complete request head within this.
    header_timeout: float = 15.0
    #: A keep-alive connection with no request in progress is closed after this.
    keepalive_timeout: float = 30.0
    #: A request body must arrive completely within this (stalled uploads are cut).
    body_timeout: float = 30.0
    #: After an early answer (413, 408, 401), unread body is discarded for at most this long
    #: before the connection is closed (so the client can read the answer first).
    lingering_time: float = 2.0
    #: At a stop, requests still running get this long before they are cancelled (aiohttp
    #: waits 60 s by default; the process's own stop deadline is 20 s).
    shutdown_timeout: float = 5.0
    #: Open connections at most (lowered below the open-files limit, see `connection_cap`).
    max_connections: int = 512
    #: Listen queue of each listening socket; one accept burst can take this many descriptors.
    backlog: int = 128

    def connection_cap(self) -> int:
        """Return the open-connection cap: below the process's open-files limit, always."""
        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft == resource.RLIM_INFINITY:
            return self.max_connections
        room = soft - FD_RESERVE - self.backlog
        return max(MIN_CONNECTIONS, min(self.max_connections, room))
