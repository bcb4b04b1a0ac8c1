"""ModemHttp: cookies for IP hosts, TLS modes, and network failures as driver errors."""

from __future__ import annotations

import asyncio
import ssl
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from devtools.modem_sim.base import self_signed_context
from docsight_server.drivers import DriverTimeoutError, DriverUnreachableError
from docsight_server.drivers.transport import ModemHttp, TlsMode, safe_location, tls_context

from ..harness import free_port

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _serve(app: web.Application, *, tls: bool = False) -> AsyncIterator[str]:
    runner = web.AppRunner(app)
    await runner.setup()
    with tempfile.TemporaryDirectory() as directory:
        context = self_signed_context(Path(directory)) if tls else None
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port, ssl_context=context).start()
        try:
            yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"
        finally:
            await runner.cleanup()


def _cookie_app() -> web.Application:
    async def set_cookie(request: web.Request) -> web.Response:
        response = web.Response(text="set")
        response.set_cookie("sessionToken", "abc123")
        return response

    async def echo(request: web.Request) -> web.Response:
        return web.Response(text=request.cookies.get("sessionToken", "none"))

    app = web.Application()
    app.router.add_get("/set", set_cookie)
    app.router.add_get("/echo", echo)
    return app


@pytest.fixture
async def cookie_url() -> AsyncIterator[str]:
    """A loopback server that sets and echoes a cookie."""
    async for url in _serve(_cookie_app()):
        yield url


async def test_cookies_stick_to_an_ip_address(cookie_url: str) -> None:
    """Modems are addressed by IP; the jar still keeps and sends their cookies."""
    http = ModemHttp(cookie_url)
    try:
        await http.get("/set")
        assert http.cookie("sessionToken") == "abc123"
        assert (await http.get("/echo")).text == "abc123"
        http.set_cookie("sessionToken", "handmade")
        assert (await http.get("/echo")).text == "handmade"
        http.clear_cookies()
        assert (await http.get("/echo")).text == "none"
    finally:
        await http.close()


async def test_self_signed_tls_needs_the_unverified_mode() -> None:
    """Verified TLS refuses a modem's self-signed certificate; unverified and legacy read it."""
    async for url in _serve(_cookie_app(), tls=True):
        for mode in (TlsMode.UNVERIFIED, TlsMode.LEGACY):
            http = ModemHttp(url, tls=mode)
            try:
                assert (await http.get("/set")).text == "set"
            finally:
                await http.close()
        strict = ModemHttp(url, tls=TlsMode.VERIFY)
        try:
            with pytest.raises(DriverUnreachableError):
                await strict.get("/set")
        finally:
            await strict.close()


def test_legacy_mode_lowers_the_security_level() -> None:
    """The legacy context accepts old protocol versions and checks no certificate."""
    context = tls_context(TlsMode.LEGACY)
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode is ssl.CERT_NONE
    assert context.minimum_version is ssl.TLSVersion.MINIMUM_SUPPORTED
    assert tls_context(TlsMode.VERIFY) is True


async def test_nothing_listening_is_unreachable() -> None:
    """A closed port gives DriverUnreachableError naming the address, not the query."""
    url = f"http://127.0.0.1:{free_port()}"
    http = ModemHttp(url)
    try:
        with pytest.raises(DriverUnreachableError) as caught:
            await http.get("/page?login_c2VjcmV0")
    finally:
        await http.close()
    assert "127.0.0.1" in str(caught.value)
    assert "login_" not in str(caught.value)


async def test_a_silent_modem_times_out() -> None:
    """A modem that accepts but never answers gives DriverTimeoutError after the timeout."""
    never = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await never.wait()
        return web.Response()

    app = web.Application()
    app.router.add_get("/", hang)
    async for url in _serve(app):
        http = ModemHttp(url, timeout=0.3)
        try:
            with pytest.raises(DriverTimeoutError):
                await http.get("/")
        finally:
            await http.close()
            never.set()


def test_safe_location_drops_queries() -> None:
    """Error messages show where, never the query (some logins put credentials there)."""
    assert safe_location("https://10.0.0.1:8443/a.html?login_dXNlcjpwdw==") == (
        "https://10.0.0.1:8443/a.html"
    )
