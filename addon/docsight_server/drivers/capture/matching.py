"""Which recorded answer a replayed request gets: by selector, else in recorded order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .fields import form_pairs, is_form, json_leaves, json_value
from .fileformat import Exchange

#: Request fields that choose what the modem answers (never secret, never redacted).
SELECTOR_FIELDS = frozenset(("fun", "page", "todo", "action", "method", "xpath", "logout"))
#: JSON members naming a batch of actions whose names choose the answer (HNAP).
_BATCH_MEMBERS = frozenset(("GetMultipleHNAPs",))
_RAW_PREFIX_CHARS = 16
NOT_FOUND = Exchange("GET", "/", status=404, body="Not recorded in this capture")
#: Turns a chosen answer into the one served (e.g. re-encrypting it for the replay password).
Finisher = Callable[[Exchange, int], Exchange]


def _query_shape(query: str) -> list[str]:
    """Return the selector part of a query: its selector fields, or the kind of a bare query."""
    if not query:
        return []
    if is_form(query):
        return [f"{k}={v}" for k, v in form_pairs(query) if k.lower() in SELECTOR_FIELDS]
    prefix = query.split("_", 1)[0] if "_" in query else ""
    if prefix.isalpha() and len(prefix) <= _RAW_PREFIX_CHARS:
        return [f"query:{prefix}"]
    return ["query:raw"]


def _json_shape(document: object) -> list[str]:
    parts: list[str] = []
    if isinstance(document, dict):
        parts.extend(f"member:{name}" for name in document)
        for name in _BATCH_MEMBERS & document.keys():
            batch = document[name]
            if isinstance(batch, dict):
                parts.extend(f"batch:{item}" for item in batch)
    parts.extend(
        f"{key}={value}"
        for key, value in json_leaves(document)
        if key.lower() in SELECTOR_FIELDS and isinstance(value, str)
    )
    return parts


def _body_shape(body: str) -> list[str]:
    document = json_value(body)
    if document is not None:
        return _json_shape(document)
    parts: list[str] = []
    for name, value in form_pairs(body):
        inner = json_value(value)
        if inner is not None:
            parts.extend(_json_shape(inner))
        elif name.lower() in SELECTOR_FIELDS:
            parts.append(f"{name}={value}")
    return parts


def selector(
    query: str, headers: Iterable[tuple[str, str]] | Iterable[list[str]], body: str
) -> str:
    """Return the request's non-secret fields that select the modem's answer, as one key."""
    parts = [f"soap={value}" for name, value in headers if name.lower() == "soapaction"]
    parts += _query_shape(query) + _body_shape(body)
    return "&".join(parts)


@dataclass(frozen=True, slots=True)
class Request:
    """A request to answer from a capture."""

    method: str
    path: str
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""


class ExchangeBook:
    """Answers requests from recorded exchanges, cycling through repeats in recorded order."""

    def __init__(self, exchanges: list[Exchange], finish: Finisher | None = None) -> None:
        """Index the exchanges by selector, by method and path, and by path alone."""
        self.exchanges = exchanges
        self._finish = finish
        self._queues: dict[tuple[str, ...], list[int]] = {}
        for index, exchange in enumerate(exchanges):
            chosen = selector(exchange.query, exchange.request_headers, exchange.request_body)
            for key in self._keys(exchange.method, exchange.path, chosen):
                self._queues.setdefault(key, []).append(index)
        self._turns: Counter[tuple[str, ...]] = Counter()

    @staticmethod
    def _keys(method: str, path: str, chosen: str) -> list[tuple[str, ...]]:
        return [("exact", method, path, chosen), ("path", method, path), ("any", path)]

    def answer(self, request: Request) -> Exchange:
        """Return the recorded answer for a request; a 404 exchange when none fits."""
        chosen = selector(request.query, request.headers, request.body)
        for key in self._keys(request.method.upper(), request.path, chosen):
            queue = self._queues.get(key)
            if queue:
                index = queue[self._turns[key] % len(queue)]
                self._turns[key] += 1
                exchange = self.exchanges[index]
                return self._finish(exchange, index) if self._finish else exchange
        return NOT_FOUND
