"""JSON errors without stack traces, and an OpenAPI document that covers every route."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from docsight_server.api.openapi import openapi_path

from .harness import RunningServer
from .routes import app_routes


async def test_openapi_covers_every_route(open_server: RunningServer) -> None:
    """Each (method, path) the router serves is in /api/openapi.json, and nothing else."""
    status, document, _ = await open_server.request("GET", "/api/openapi.json")
    assert status == 200
    assert document["openapi"].startswith("3.1")
    documented = {
        (method.upper(), path) for path, item in document["paths"].items() for method in item
    }
    served = {(method, openapi_path(path)) for method, path in app_routes(open_server.app)}
    assert served == documented
    token_route = document["paths"]["/api/tokens/{token_id}"]["delete"]
    # ids are bounded: a longer number cannot exist and gets a 404, never a 500
    assert token_route["parameters"][0]["schema"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 2**31 - 1,
    }
    assert document["paths"]["/health"]["get"]["security"] == []


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "message"),
    [
        ("GET", "/api/does-not-exist", {}, 404, "Not found"),
        ("PUT", "/api/config", {}, 405, "Method Not Allowed"),
        (
            "POST",
            "/api/config",
            {"data": "{not json", "headers": {"Content-Type": "application/json"}},
            400,
            "Invalid JSON",
        ),
        ("POST", "/api/config", {"data": "a=b"}, 415, "Content-Type must be application/json"),
        ("POST", "/api/config", {"json": []}, 400, "Request body must be a JSON object"),
        ("DELETE", "/api/tokens/abc", {}, 404, "Not found"),
    ],
)
async def test_bad_requests_get_json_errors(
    open_server: RunningServer,
    method: str,
    path: str,
    kwargs: dict,
    status: int,
    message: str,
) -> None:
    """Malformed calls get a 4xx JSON body that says what is wrong."""
    got, body, _ = await open_server.request(method, path, **kwargs)
    assert got == status
    assert isinstance(body, dict)
    assert body["error"].startswith(message)


async def test_unexpected_errors_do_not_leak(
    open_server: RunningServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing handler answers 500 with a generic message and logs the trace server-side."""
    with (
        patch.object(
            type(open_server.context.scheduler), "status", side_effect=RuntimeError("db secret")
        ),
        caplog.at_level("ERROR"),
    ):
        status, body, _ = await open_server.request("GET", "/api/collectors/status")
    assert (status, body) == (500, {"error": "Internal server error"})
    assert "db secret" in caplog.text
