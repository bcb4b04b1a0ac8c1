"""A transport that answers a driver from a capture: no sockets, the driver's code unchanged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from ..transport import HttpReply, ModemHttp, SentRequest, TlsMode, body_text
from .fileformat import Exchange
from .matching import ExchangeBook, Request
from .recorder import path_only

_REDIRECTS = frozenset((301, 302, 303, 307, 308))
_MAX_REDIRECTS = 10


def _query(url_query: str, params: Mapping[str, str] | str | None) -> str:
    extra = params if isinstance(params, str) else urlencode(dict(params or {}))
    return "&".join(part for part in (url_query, extra) if part)


class ReplayHttp(ModemHttp):
    """ModemHttp whose answers come from an ExchangeBook; cookies live in a plain dict."""

    def __init__(self, base_url: str, book: ExchangeBook, *, tls: TlsMode = TlsMode.UNVERIFIED):
        """Answer from book; base_url only shapes the URLs the driver sees."""
        super().__init__(base_url, tls=tls)
        self.book = book
        self.jar: dict[str, str] = {}

    def cookie(self, name: str) -> str | None:
        """Return a cookie a replayed answer set (or the driver stored)."""
        return self.jar.get(name)

    def set_cookie(self, name: str, value: str) -> None:
        """Store a cookie the driver hands over."""
        self.jar[name] = value

    def clear_cookies(self) -> None:
        """Forget every cookie."""
        self.jar.clear()

    def _remember_cookies(self, exchange: Exchange) -> None:
        for name, value in exchange.headers:
            if name.lower() != "set-cookie":
                continue
            pair, _, attributes = value.partition(";")
            key, _, cookie = pair.partition("=")
            if "max-age=0" in attributes.replace(" ", "").lower() or not cookie.strip():
                self.jar.pop(key.strip(), None)
            else:
                self.jar[key.strip()] = cookie.strip().strip('"')

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | str | None = None,
        data: Any = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: aiohttp.BasicAuth | None = None,
        allow_redirects: bool = True,
    ) -> HttpReply:
        """Answer one request from the capture, following recorded redirects like aiohttp."""
        target = urlsplit(self.url_for(path))
        sent = Request(
            method.upper(),
            target.path or "/",
            _query(target.query, params),
            tuple({**self._headers, **(headers or {})}.items()),
            body_text(data, json),
        )
        for _ in range(_MAX_REDIRECTS):
            exchange = self.book.answer(sent)
            self._remember_cookies(exchange)
            location = exchange.header("Location")
            if not (allow_redirects and exchange.status in _REDIRECTS and location):
                break
            follow = urlsplit(urljoin(sent.path, path_only(location)))
            keep = exchange.status in (307, 308)
            sent = Request(
                sent.method if keep else "GET",
                follow.path or "/",
                follow.query,
                sent.headers,
                sent.body if keep else "",
            )
        url = f"{self.base_url}{sent.path}" + (f"?{sent.query}" if sent.query else "")
        reply = HttpReply(
            exchange.status,
            exchange.body,
            CIMultiDictProxy(CIMultiDict([(k, v) for k, v in exchange.headers])),
            url,
        )
        self.last_path = urlsplit(self.url_for(path)).path or "/"
        if self.recorder is not None:
            self.recorder(SentRequest(sent.method, url, sent.headers, sent.body), reply)
        return reply

    async def close(self) -> None:
        """Nothing to close."""
