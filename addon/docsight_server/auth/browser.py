"""Checks on browser requests: HTTPS behind trusted proxies, client address, same origin."""

from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from .identity import Caller, CallerKind
from .proxies import TrustedProxies

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _first_forwarded(request: web.Request, header: str) -> str:
    return request.headers.get(header, "").split(",", 1)[0].strip()


def is_https(request: web.Request, proxies: TrustedProxies) -> bool:
    """Return True when the browser reached us over HTTPS (directly or via a trusted proxy)."""
    if request.secure:
        return True
    if not proxies.trusts(request.remote):
        return False
    return _first_forwarded(request, "X-Forwarded-Proto").lower() == "https"


def client_address(request: web.Request, proxies: TrustedProxies) -> str:
    """Return the client's address: the nearest X-Forwarded-For hop no trusted proxy added."""
    peer = request.remote or "unknown"
    if not proxies.trusts(peer):
        return peer
    hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not proxies.trusts(hop):
            return hop
    return peer


def _origin_key(url: str) -> str | None:
    """Return host[:port] of an absolute URL, the scheme's default port left out."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return host if port in (None, _DEFAULT_PORTS[parts.scheme]) else f"{host}:{port}"


def _host_keys(host: str) -> set[str]:
    keys = {host.lower()}
    for scheme in _DEFAULT_PORTS:
        key = _origin_key(f"{scheme}://{host}")
        if key:
            keys.add(key)
    return keys


def _own_origins(request: web.Request, proxies: TrustedProxies, public_url: str) -> set[str]:
    origins = _host_keys(request.host)
    if proxies.trusts(request.remote):
        forwarded = _first_forwarded(request, "X-Forwarded-Host")
        if forwarded:
            origins |= _host_keys(forwarded)
    if public_url:
        key = _origin_key(public_url)
        if key:
            origins.add(key)
    return origins


def same_origin(request: web.Request, proxies: TrustedProxies, public_url: str = "") -> bool:
    """Return False when Origin (or, without it, Referer) names another site than this one.

    A request with neither header is not from a browser page and passes.
    """
    sender = request.headers.get("Origin") or request.headers.get("Referer")
    if sender is None:
        return True
    key = _origin_key(sender)
    return key is not None and key in _own_origins(request, proxies, public_url)


def cross_site_request(
    request: web.Request, caller: Caller | None, proxies: TrustedProxies, public_url: str = ""
) -> bool:
    """Return True for a state-changing request a page of another site made a browser send.

    Browsers attach the session cookie on their own, and without an admin password no
    credential is needed at all, so both are checked. Bearer tokens are never sent by a
    browser on its own; ingress is protected by Home Assistant's own strict session cookie.
    """
    if caller is None or caller.kind not in (CallerKind.SESSION, CallerKind.OPEN):
        return False
    if request.method in SAFE_METHODS:
        return False
    return not same_origin(request, proxies, public_url)
