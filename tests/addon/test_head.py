"""HEAD on every GET route answers like GET without a body (not 405), with the same access."""

from __future__ import annotations

import pytest

from .harness import RunningServer
from .routes import app_routes

PUBLIC = ["/health", "/login", "/static/shell/style.css"]
PROTECTED = [
    "/api/instance",
    "/api/openapi.json",
    "/api/config",
    "/api/tokens",
    "/api/stream",
    "/api/lan/devices",
    "/api/connection-monitor/targets",
]


async def _get_and_head(
    server: RunningServer, path: str, headers: dict[str, str]
) -> tuple[tuple[int, str], tuple[int, str, bytes]]:
    url = server.url + path
    async with server.session.get(url, headers=headers, allow_redirects=False) as got:
        get = (got.status, got.headers.get("Content-Type", ""))
    async with server.session.head(url, headers=headers, allow_redirects=False) as head:
        answer = (head.status, head.headers.get("Content-Type", ""), await head.read())
    return get, answer


@pytest.mark.parametrize("path", PUBLIC + PROTECTED)
async def test_head_answers_like_get_without_a_body(
    password_server: RunningServer, path: str
) -> None:
    """With a credential (or none on public routes) HEAD gives GET's status and type."""
    created = await password_server.context.auth.create_token("head-test")
    headers = {"Authorization": f"Bearer {created.token}"}
    get, head = await _get_and_head(password_server, path, headers)
    assert get[0] == 200
    assert head == (get[0], get[1], b"")


@pytest.mark.parametrize("path", PROTECTED)
async def test_head_without_a_credential_is_refused(
    password_server: RunningServer, path: str
) -> None:
    """A protected route refuses an anonymous HEAD exactly as it refuses a GET."""
    get, head = await _get_and_head(password_server, path, {})
    assert get == (401, "application/json; charset=utf-8")
    assert head == (401, "application/json; charset=utf-8", b"")


async def test_every_get_route_has_a_head_twin_and_the_document_lists_get_only(
    open_server: RunningServer,
) -> None:
    """The router serves HEAD for each GET route; OpenAPI documents the GET (HEAD is implied)."""
    served = {
        (route.method, route.resource.canonical)
        for route in open_server.app.router.routes()
        if route.resource is not None
    }
    gets = {path for method, path in served if method == "GET"}
    assert gets == {path for method, path in served if method == "HEAD"}
    assert ("GET", "/health") in app_routes(open_server.app)
    _, document, _ = await open_server.request("GET", "/api/openapi.json")
    assert not [path for path, item in document["paths"].items() if "head" in item]
