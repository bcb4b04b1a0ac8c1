"""GET /metrics: Prometheus exposition; a credential is needed once sign-in is required."""

from __future__ import annotations

import re

from aiohttp import web

from ...api.routing import RouteDef
from ...auth import Access, Caller, CallerKind
from ...http.keys import CALLER, CONTEXT
from ...http.schema import Reply, text
from ...outputs.prometheus import CONTENT_TYPE

#: Label names whose values only credentialed callers see (the line's WAN addresses).
PRIVATE_LABELS = ("wan_ipv4", "wan_ipv6")
_PRIVATE_SERIES = re.compile(r"[{,](?:" + "|".join(PRIVATE_LABELS) + r')="')
_CREDENTIALS = (CallerKind.TOKEN, CallerKind.SESSION, CallerKind.INGRESS)


def _bearer(request: web.Request, caller: Caller | None) -> bool | None:
    """Return None without a bearer header, else whether the token is valid."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() != "bearer ":
        return None
    if caller is None or caller.kind is CallerKind.TOKEN:
        return caller is not None  # the auth middleware has checked it already
    # open mode and ingress admit callers without looking at their token
    return request.app[CONTEXT].auth.verify_bearer(header[7:].strip()) is not None


def without_private_series(exposition: str) -> str:
    """Drop the samples carrying a private label, and the HELP/TYPE of families left empty."""
    kept: list[str] = []
    emptied: set[str] = set()
    filled: set[str] = set()
    for line in exposition.splitlines():
        if not line.startswith("#"):
            name = line.split("{", 1)[0].split(" ", 1)[0]
            if _PRIVATE_SERIES.search(line):
                emptied.add(name)
                continue
            filled.add(name)
        kept.append(line)
    emptied -= filled
    lines = [line for line in kept if not (line.startswith("# ") and _family(line) in emptied)]
    return "\n".join(lines) + "\n"


def _family(comment: str) -> str:
    parts = comment.split(" ", 3)
    return parts[2] if len(parts) > 2 else ""


def _unauthorized() -> web.Response:
    return web.Response(
        status=401,
        body=b"Authentication required\n",
        headers={"Content-Type": "text/plain; charset=utf-8", "WWW-Authenticate": "Bearer"},
    )


async def get_metrics(request: web.Request) -> web.Response:
    """Return every enabled feature's metrics; anonymous callers never see WAN addresses."""
    context = request.app[CONTEXT]
    settings, caller = context.settings, request[CALLER]
    bearer = _bearer(request, caller)
    if bearer is False:
        return _unauthorized()  # a wrong or revoked token is an error, not an anonymous scrape
    if settings.get("metrics_require_token"):
        credentialed = bool(bearer)
        required = True
    else:
        credentialed = bool(bearer) or (caller is not None and caller.kind in _CREDENTIALS)
        required = context.auth.required and not settings.get("metrics_public")
    if required and not credentialed:
        return _unauthorized()
    exposition = "".join(provider(context) for provider in context.registries.metrics)
    if not credentialed and _PRIVATE_SERIES.search(exposition):
        exposition = without_private_series(exposition)
    return web.Response(body=exposition.encode(), headers={"Content-Type": CONTENT_TYPE})


ROUTES = (
    RouteDef(
        "GET",
        "/metrics",
        get_metrics,
        Access.PUBLIC,
        "Prometheus metrics: a token, session or ingress is needed with an admin password or "
        "under the Supervisor unless metrics_public is on (a token always with "
        "metrics_require_token); WAN addresses only with a credential",
        "core",
        responses={
            200: text("Prometheus exposition format 0.0.4 (text/plain; version=0.0.4)"),
            401: Reply(
                "Credential required and missing, or the Bearer token is invalid (plain text)",
                {"type": "string"},
                "text/plain",
                {"WWW-Authenticate": "Bearer"},
            ),
        },
    ),
)
