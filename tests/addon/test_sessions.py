"""Sessions end for good at sign-out, refuse cross-site requests and are Secure over HTTPS."""

from __future__ import annotations

import pytest
from yarl import URL

from docsight_server.auth import revocations
from docsight_server.auth.proxies import parse_networks
from docsight_server.auth.ratelimit import MAX_FAILURES
from docsight_server.auth.sessions import COOKIE_NAME

from .conftest import ServerFactory
from .harness import RunningServer
from .test_login import PASSWORD, login, login_form_token

PASSWORD_ENV = {"ADMIN_PASSWORD": PASSWORD}
EVIL = "http://evil.example"


def session_cookie(server: RunningServer) -> str:
    """Return the session cookie the client holds now."""
    cookie = server.session.cookie_jar.filter_cookies(URL(server.url))[COOKIE_NAME]
    return cookie.value


async def with_cookie(server: RunningServer, value: str, path: str = "/api/config") -> int:
    """Call a route with only the given session cookie (the jar is emptied first)."""
    server.session.cookie_jar.clear()
    status, _, _ = await server.request("GET", path, headers={"Cookie": f"{COOKIE_NAME}={value}"})
    return status


async def logout(server: RunningServer, **headers: str) -> int:
    """POST /logout with extra headers; return the status."""
    status, _, _ = await server.request("POST", "/logout", headers=headers)
    return status


async def test_old_cookie_is_refused_after_logout(password_server: RunningServer) -> None:
    """A cookie copied before POST /logout no longer opens anything (issue 13, item 5)."""
    await login(password_server)
    old = session_cookie(password_server)
    assert await with_cookie(password_server, old) == 200
    await login(password_server)  # a second browser
    other = session_cookie(password_server)
    password_server.session.cookie_jar.clear()
    password_server.session.cookie_jar.update_cookies({COOKIE_NAME: old})
    assert await logout(password_server) == 302
    assert await with_cookie(password_server, old) == 401
    assert await with_cookie(password_server, old, "/") == 302
    assert await with_cookie(password_server, other) == 200  # only that session ended


async def test_logout_holds_after_a_restart(server_factory: ServerFactory) -> None:
    """The sign-out is stored: after a restart the old cookie is still refused."""
    async with server_factory(PASSWORD_ENV) as server:
        await login(server)
        signed_out = session_cookie(server)
        assert await logout(server) == 302
        await login(server)
        kept = session_cookie(server)
    async with server_factory(PASSWORD_ENV) as server:
        assert await with_cookie(server, signed_out) == 401
        assert await with_cookie(server, kept) == 200


async def test_too_many_sign_outs_end_every_session(
    password_server: RunningServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the bound on remembered sign-outs the signing key rotates: all sessions end."""
    monkeypatch.setattr(revocations, "MAX_REVOKED", 1)
    await login(password_server)
    assert await logout(password_server) == 302
    await login(password_server)
    bystander = session_cookie(password_server)
    await login(password_server)
    assert await logout(password_server) == 302
    assert await with_cookie(password_server, bystander) == 401
    assert len(password_server.context.auth.revoked) == 0
    await login(password_server)
    assert await with_cookie(password_server, session_cookie(password_server)) == 200


async def test_cross_site_logout_is_refused(password_server: RunningServer) -> None:
    """POST /logout from another site's page answers 403 and the session stays."""
    await login(password_server)
    cookie = session_cookie(password_server)
    for headers in (
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Referer": f"{EVIL}/page"},
        {"Origin": "http://127.0.0.1:1"},  # same host, another port: another origin
    ):
        password_server.session.cookie_jar.update_cookies({COOKIE_NAME: cookie})
        status, body, _ = await password_server.request("POST", "/logout", headers=headers)
        assert (status, body) == (403, "Cross-site request refused\n"), headers
        assert await with_cookie(password_server, cookie) == 200
    password_server.session.cookie_jar.update_cookies({COOKIE_NAME: cookie})
    assert await logout(password_server, Origin=password_server.url) == 302
    assert await with_cookie(password_server, cookie) == 401


async def test_same_origin_logout_from_the_page(password_server: RunningServer) -> None:
    """The UI's own form (Referer of this server, no Origin) signs out."""
    await login(password_server)
    cookie = session_cookie(password_server)
    assert await logout(password_server, Referer=f"{password_server.url}/") == 302
    assert await with_cookie(password_server, cookie) == 401


async def test_logout_via_public_url_and_trusted_forwarded_host(
    server_factory: ServerFactory,
) -> None:
    """Behind a proxy the browser's origin is public_url or the trusted X-Forwarded-Host."""
    env = {
        **PASSWORD_ENV,
        "PUBLIC_URL": "https://docsight.example.net",
        "TRUSTED_PROXIES": "127.0.0.0/8",
    }
    async with server_factory(env) as server:
        await login(server)
        assert await logout(server, Origin="https://docsight.example.net") == 302
        await login(server)
        forwarded = {
            "Origin": "https://proxy.example:8443",
            "X-Forwarded-Host": "proxy.example:8443",
        }
        assert await logout(server, **forwarded) == 302
        await login(server)
        assert await logout(server, Origin="https://other.example.net") == 403
    env["TRUSTED_PROXIES"] = "192.0.2.1"  # the loopback peer is not the proxy any more
    async with server_factory(env) as server:
        await login(server)
        assert await logout(server, **forwarded) == 403


async def test_cookie_is_secure_only_behind_a_trusted_https_proxy(
    server_factory: ServerFactory,
) -> None:
    """X-Forwarded-Proto: https sets Secure from a trusted proxy; from anyone else it is ignored."""
    https = {"X-Forwarded-Proto": "https"}
    async with server_factory(PASSWORD_ENV) as server:
        _, _, response = await server.request("GET", "/login", headers=https)
        assert "Secure" not in response.headers["Set-Cookie"]
    env = {**PASSWORD_ENV, "TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}
    async with server_factory(env) as server:
        _, _, response = await server.request("GET", "/login", headers=https)
        assert "; Secure" in response.headers["Set-Cookie"]
        status, _, response = await server.request(
            "POST",
            "/login",
            headers=https,
            data={"password": PASSWORD, "csrf_token": await login_form_token(server)},
        )
        assert status == 302
        cookie = response.headers["Set-Cookie"]
        assert "; Secure" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        _, _, response = await server.request("GET", "/login")
        assert "Secure" not in response.headers["Set-Cookie"]  # plain HTTP through the proxy


async def test_lockout_counts_the_forwarded_client(server_factory: ServerFactory) -> None:
    """Behind a trusted proxy one client's failures do not lock out the others."""
    env = {**PASSWORD_ENV, "TRUSTED_PROXIES": "127.0.0.1"}
    async with server_factory(env) as server:

        async def attempt(password: str, client: str) -> int:
            form = {"password": password, "csrf_token": await login_form_token(server)}
            headers = {"X-Forwarded-For": f"{client}, 127.0.0.1"}
            status, _, _ = await server.request("POST", "/login", data=form, headers=headers)
            return status

        for _ in range(MAX_FAILURES):
            assert await attempt("nope", "203.0.113.9") == 401
        assert await attempt(PASSWORD, "203.0.113.9") == 429
        assert await attempt(PASSWORD, "203.0.113.10") == 302


async def test_cross_site_cookie_api_calls_are_refused(password_server: RunningServer) -> None:
    """A state-changing call riding on the session cookie from another site is a 403."""

    async def status(method: str, path: str, **headers: str) -> int:
        code, _, _ = await password_server.request(method, path, headers=headers)
        return code

    await login(password_server)
    assert await status("POST", "/api/poll", Origin=EVIL) == 403
    assert await status("DELETE", "/api/tokens/1", Referer=f"{EVIL}/x") == 403
    assert await status("POST", "/api/events/acknowledge-all", Origin="null") == 403
    assert await status("GET", "/api/config", Origin=EVIL) == 200  # reading changes nothing
    assert await status("POST", "/api/events/acknowledge-all", Origin=password_server.url) == 200
    assert await status("POST", "/api/events/acknowledge-all") == 200  # no browser page sent it
    token = (await password_server.context.auth.create_token("script")).token
    password_server.session.cookie_jar.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert await status("POST", "/api/events/acknowledge-all", Origin=EVIL, **bearer) == 200


def test_trusted_proxy_list_parsing() -> None:
    """Addresses and CIDR ranges, comma or space separated; anything else is named."""
    networks = parse_networks(" 10.0.0.0/8, 192.168.1.2  fd00::/8 ")
    assert [str(n) for n in networks] == ["10.0.0.0/8", "192.168.1.2/32", "fd00::/8"]
    assert parse_networks("") == ()
    with pytest.raises(ValueError, match="proxy.lan"):
        parse_networks("10.0.0.1, proxy.lan")


async def test_login_page_keeps_a_signed_in_browser(password_server: RunningServer) -> None:
    """GET /login while signed in leads home and leaves the session cookie as it was."""
    await login(password_server)
    before = session_cookie(password_server)
    status, _, _ = await password_server.request("GET", "/login")
    assert status == 302
    assert session_cookie(password_server) == before
    assert await with_cookie(password_server, before) == 200


async def test_cross_site_requests_are_refused_without_a_password(
    open_server: RunningServer,
) -> None:
    """Without an admin password no credential is needed, so another site's page could post
    a form to the API: a state-changing request from another origin is a 403 here too."""
    status, _, _ = await open_server.request(
        "POST", "/api/events/acknowledge-all", headers={"Origin": EVIL}
    )
    assert status == 403
    status, _, _ = await open_server.request(
        "POST", "/api/events/acknowledge-all", headers={"Origin": open_server.url}
    )
    assert status == 200
    status, _, _ = await open_server.request("GET", "/api/config", headers={"Origin": EVIL})
    assert status == 200
