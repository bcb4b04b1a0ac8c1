"""Collects every request and answer of a poll from the driver's transport, unredacted."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..transport import HttpReply, SentRequest
from .fileformat import (
    MAX_BODY_CHARS,
    MAX_RECORDED_CHARS,
    MAX_RECORDED_EXCHANGES,
    Exchange,
    Headers,
)

#: Headers that describe the transfer, not the modem's answer (the body is stored decoded).
_DROPPED = frozenset(
    (
        "host",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "date",
        "accept-encoding",
    )
)
#: Headers holding a URL of the modem: kept as a path so a replay stays on its own host.
_URL_HEADERS = frozenset(("location", "referer", "origin", "content-location"))


def path_only(url: str) -> str:
    """Return path?query of a URL (an absolute one loses scheme and host)."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


def _kept(headers: object) -> Headers:
    kept: Headers = []
    for name, value in headers:  # type: ignore[attr-defined]
        lowered = str(name).lower()
        if lowered in _DROPPED:
            continue
        text = str(value)
        kept.append([str(name), path_only(text) if lowered in _URL_HEADERS else text])
    return kept


class Recorder:
    """A transport recorder: keeps the exchanges in the order they happened, within limits."""

    def __init__(
        self,
        *,
        max_exchanges: int = MAX_RECORDED_EXCHANGES,
        max_body_chars: int = MAX_BODY_CHARS,
        max_total_chars: int = MAX_RECORDED_CHARS,
    ) -> None:
        """Start with no exchanges; keep at most max_exchanges, bodies cut to the limits."""
        self.exchanges: list[Exchange] = []
        self.max_exchanges = max_exchanges
        self.max_body_chars = max_body_chars
        self._left = max_total_chars
        #: Exchanges not kept because max_exchanges was reached.
        self.dropped = 0

    def _cut(self, text: str) -> tuple[str, bool]:
        """Return text cut to the body limit and the total left, and whether it was cut."""
        kept = text[: min(self.max_body_chars, self._left)]
        self._left -= len(kept)
        return kept, len(kept) < len(text)

    def __call__(self, sent: SentRequest, reply: HttpReply) -> None:
        """Record one request and its answer (counted only once the limit is reached)."""
        if len(self.exchanges) >= self.max_exchanges:
            self.dropped += 1
            return
        url = urlsplit(sent.url)
        request_body, request_cut = self._cut(sent.body)
        body, body_cut = self._cut(reply.text)
        self.exchanges.append(
            Exchange(
                method=sent.method.upper(),
                path=url.path or "/",
                query=url.query,
                request_headers=_kept(sent.headers),
                request_body=request_body,
                status=reply.status,
                headers=_kept(reply.headers.items()),
                body=body,
                truncated=request_cut or body_cut,
            )
        )

    def notes(self) -> list[str]:
        """Return what the file should say about the limits that cut it."""
        notes = []
        cut = sum(1 for exchange in self.exchanges if exchange.truncated)
        if cut:
            notes.append(
                f"{cut} recorded bodies were cut at {self.max_body_chars} characters or at the "
                "capture's size limit (marked truncated)"
            )
        if self.dropped:
            notes.append(
                f"only the first {self.max_exchanges} requests were recorded; "
                f"{self.dropped} more were not"
            )
        return notes
