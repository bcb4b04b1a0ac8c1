"""Login form with CSRF, lock-out after repeated failures, sessions tied to the password."""

from __future__ import annotations

import re

from docsight_server.auth.ratelimit import MAX_FAILURES
from docsight_server.auth.sessions import COOKIE_NAME

from .harness import RunningServer

PASSWORD = "correct horse"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


async def login_form_token(server: RunningServer) -> str:
    """Open the login form and return its CSRF token (the cookie lands in the jar)."""
    status, page, _ = await server.request("GET", "/login")
    assert status == 200
    match = _CSRF.search(page)
    assert match, page
    return match.group(1)


async def submit(server: RunningServer, password: str, csrf: str) -> tuple[int, str, dict]:
    """Post the login form; return (status, page, headers)."""
    status, page, response = await server.request(
        "POST", "/login", data={"password": password, "csrf_token": csrf}
    )
    return status, page, dict(response.headers)


async def login(server: RunningServer, password: str = PASSWORD) -> None:
    """Sign in as a fresh browser (the cookie jar is emptied first); assert the redirect."""
    server.session.cookie_jar.clear()
    status, _, headers = await submit(server, password, await login_form_token(server))
    assert status == 302
    assert headers["Location"] == "/"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


async def test_login_gives_a_session_that_opens_the_api(password_server: RunningServer) -> None:
    """A correct password with the form's CSRF token yields a working session cookie."""
    status, _, _ = await password_server.request("GET", "/api/config")
    assert status == 401
    await login(password_server)
    status, body, _ = await password_server.request("GET", "/api/config")
    assert status == 200
    assert body["config"]["admin_password"] == "••••••••"
    status, page, _ = await password_server.request("GET", "/")
    assert status == 200
    assert 'data-session="1"' in page


async def test_login_refuses_a_missing_or_wrong_csrf_token(password_server: RunningServer) -> None:
    """The right password with a bad CSRF token is refused and no session is made."""
    await login_form_token(password_server)
    status, page, _ = await submit(password_server, PASSWORD, "forged")
    assert status == 400
    assert "expired" in page
    password_server.session.cookie_jar.clear()
    status, _, _ = await submit(password_server, PASSWORD, "")
    assert status == 400
    status, _, _ = await password_server.request("GET", "/api/config")
    assert status == 401


async def test_wrong_password_is_refused(password_server: RunningServer) -> None:
    """A wrong password answers 401 and grants nothing."""
    status, page, _ = await submit(
        password_server, "wrong", await login_form_token(password_server)
    )
    assert status == 401
    assert "Wrong password" in page
    status, _, _ = await password_server.request("GET", "/api/config")
    assert status == 401


async def test_lockout_after_five_failures(password_server: RunningServer) -> None:
    """Five failures lock the client out; even the right password waits (429, Retry-After)."""
    for _ in range(MAX_FAILURES):
        status, _, _ = await submit(
            password_server, "nope", await login_form_token(password_server)
        )
        assert status == 401
    csrf = await login_form_token(password_server)
    status, page, headers = await submit(password_server, PASSWORD, csrf)
    assert status == 429
    assert int(headers["Retry-After"]) == 30
    assert "Too many failed attempts" in page
    status, _, _ = await password_server.request("GET", "/api/config")
    assert status == 401


async def test_password_change_ends_existing_sessions(open_server: RunningServer) -> None:
    """Saving a new admin password invalidates every session, the caller's included."""
    status, _, _ = await open_server.request("POST", "/api/config", json={"admin_password": "one"})
    assert status == 200
    status, _, _ = await open_server.request("GET", "/api/config")
    assert status == 401  # setting a password closed the open API
    await login(open_server, "one")
    status, body, _ = await open_server.request(
        "POST", "/api/config", json={"admin_password": "two"}
    )
    assert status == 200, body
    assert body["changed"] == ["admin_password"]
    status, _, _ = await open_server.request("GET", "/api/config")
    assert status == 401
    status, _, _ = await submit(open_server, "one", await login_form_token(open_server))
    assert status == 401
    await login(open_server, "two")
    status, _, _ = await open_server.request("GET", "/api/config")
    assert status == 200


async def test_logout_ends_the_session(password_server: RunningServer) -> None:
    """POST /logout clears the cookie and redirects to the form."""
    await login(password_server)
    status, _, response = await password_server.request("POST", "/logout")
    assert status == 302
    assert response.headers["Location"] == "/login"
    status, _, _ = await password_server.request("GET", "/api/config")
    assert status == 401
