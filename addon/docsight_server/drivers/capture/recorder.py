"""Collects every request and answer of a poll from the driver's transport, unredacted."""

from __future__ import annotations

from urllib.parse import urlsplit

from ..transport import HttpReply, SentRequest
from .fileformat import Exchange, Headers

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
    """A transport recorder: keeps the exchanges in the order they happened."""

    def __init__(self) -> None:
        """Start with no exchanges."""
        self.exchanges: list[Exchange] = []

    def __call__(self, sent: SentRequest, reply: HttpReply) -> None:
        """Record one request and its answer."""
        url = urlsplit(sent.url)
        self.exchanges.append(
            Exchange(
                method=sent.method.upper(),
                path=url.path or "/",
                query=url.query,
                request_headers=_kept(sent.headers),
                request_body=sent.body,
                status=reply.status,
                headers=_kept(reply.headers.items()),
                body=reply.text,
            )
        )
