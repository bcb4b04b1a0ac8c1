"""Every /api route refuses unauthenticated callers once auth is on; public routes stay public."""

from __future__ import annotations

from aiohttp import web

from docsight_server.auth import Access
from docsight_server.http.keys import ROUTE_DEFS

from .conftest import ServerFactory
from .harness import RunningServer
from .routes import app_routes, concrete_path

# /metrics decides in its handler (credential unless metrics_public; no WAN addresses anonymously)
PUBLIC_PATHS = {
    "/health",
    "/metrics",
    "/login",
    "/logout",
    "/static/{path:[A-Za-z0-9_][A-Za-z0-9_./-]*}",
}


def api_routes(app: web.Application) -> list[tuple[str, str]]:
    """Return every /api route the application serves."""
    routes = [(m, p) for m, p in app_routes(app) if p.startswith("/api/")]
    assert len(routes) >= 9, routes  # the enumeration itself works
    return routes


async def assert_all_api_routes_refused(server: RunningServer) -> None:
    """Call each /api route without credentials and expect the JSON 401."""
    for method, template in api_routes(server.app):
        status, body, _ = await server.request(method, concrete_path(template))
        assert status == 401, (method, template, status, body)
        assert body == {"error": "Authentication required"}, (method, template)


async def test_api_routes_need_a_credential_with_admin_password(
    password_server: RunningServer,
) -> None:
    """With an admin password set, no /api route answers an anonymous caller."""
    await assert_all_api_routes_refused(password_server)


async def test_api_routes_need_a_credential_under_the_supervisor(
    server_factory: ServerFactory,
) -> None:
    """Under the Supervisor the API is closed even without an admin password."""
    env = {"SUPERVISOR_TOKEN": "supervisor-secret", "SUPERVISOR_URL": "http://127.0.0.1:9"}
    async with server_factory(env) as server:
        assert not server.context.settings.has_admin_password
        await assert_all_api_routes_refused(server)


async def test_only_declared_public_routes_are_public(password_server: RunningServer) -> None:
    """The public set is exactly health, login, logout and static assets; / redirects."""
    public = {
        route_def.path
        for route_def in password_server.app[ROUTE_DEFS].values()
        if route_def.access is Access.PUBLIC
    }
    assert public == PUBLIC_PATHS
    status, body, _ = await password_server.request("GET", "/static/shell/style.css")
    assert status == 200
    assert "body" in body
    status, _, response = await password_server.request("GET", "/")
    assert status == 302
    assert response.headers["Location"] == "/login"


async def test_undeclared_route_is_protected(password_server: RunningServer) -> None:
    """A route added without a definition is treated as needing auth, not as public."""

    async def secret(_request: web.Request) -> web.Response:
        return web.json_response({"secret": True})

    password_server.app.router._frozen = False  # test-only: add a route after start
    password_server.app.router.add_get("/api/undeclared", secret)
    status, body, _ = await password_server.request("GET", "/api/undeclared")
    assert status == 401
    assert body == {"error": "Authentication required"}


async def test_open_mode_serves_the_api_without_credentials(open_server: RunningServer) -> None:
    """Standalone with no password the API is open, as upstream."""
    status, body, _ = await open_server.request("GET", "/api/config")
    assert status == 200
    assert body["configured"] is False
    status, body, _ = await open_server.request("POST", "/api/tokens", json={"name": "script"})
    assert status == 201
    assert body["token"].startswith("dsk_")


async def test_security_headers_allow_home_assistant_framing(open_server: RunningServer) -> None:
    """No X-Frame-Options: DENY; the CSP allows same-origin framing (ingress)."""
    for path in ("/", "/health", "/api/nope"):
        _, _, response = await open_server.request("GET", path)
        assert "X-Frame-Options" not in response.headers
        assert "frame-ancestors 'self'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_server_header_names_no_versions(open_server: RunningServer) -> None:
    """The Server header says DOCSight, not the Python and aiohttp versions (404s too)."""
    for path in ("/health", "/api/nope", "/static/nope.js"):
        _, _, response = await open_server.request("GET", path)
        assert response.headers["Server"] == "DOCSight"
