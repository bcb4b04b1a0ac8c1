"""Answers that only change when new data is stored, cached against the store's version."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from aiohttp import web

MAX_ENTRIES = 16


class VersionedCache:
    """Keeps encoded bodies until the data version moves on (a new poll, a purge)."""

    def __init__(self) -> None:
        """Start empty."""
        self._entries: OrderedDict[Hashable, tuple[Hashable, bytes]] = OrderedDict()

    async def get(
        self, key: Hashable, version: Hashable, build: Callable[[], Awaitable[bytes]]
    ) -> bytes:
        """Return the cached body for key at this version, building it when stale."""
        entry = self._entries.get(key)
        if entry is not None and entry[0] == version:
            self._entries.move_to_end(key)
            return entry[1]
        body = await build()
        self._entries[key] = (version, body)
        self._entries.move_to_end(key)
        while len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)
        return body


RESPONSE_CACHE: web.AppKey[VersionedCache] = web.AppKey("response_cache")


def response_cache(request: web.Request) -> VersionedCache:
    """Return the application's response cache."""
    return request.app[RESPONSE_CACHE]
