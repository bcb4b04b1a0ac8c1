"""Hostile and malformed requests get a clear 4xx and change nothing stored (no 500s)."""

from __future__ import annotations

import json

import pytest

from docsight_server.storage.config_repo import save_config

from .conftest import ServerFactory
from .harness import RunningServer

DEEP = 100_000
#: Deep enough for a RecursionError, and under the 64 KiB cap of routes other than config.
DEEP_UNDER_CAP = 30_000


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


async def _refused_as_invalid_json(server: RunningServer, path: str, body: str) -> None:
    status, answer, _ = await server.request(
        "POST", path, data=body, headers={"Content-Type": "application/json"}
    )
    assert status == 400
    assert answer["error"].startswith("Invalid JSON")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/config", '{"isp_name": ' + _nested(DEEP) + "}"),
        ("/api/tokens", '{"name": ' + _nested(DEEP_UNDER_CAP) + "}"),
        ("/api/connection-monitor/targets", '{"label": ' + _nested(DEEP_UNDER_CAP) + "}"),
    ],
    ids=["config", "tokens", "targets"],
)
async def test_deeply_nested_bodies_are_refused(
    open_server: RunningServer, path: str, body: str
) -> None:
    """A body nested 100,000 (30,000 where 64 KiB is the cap) deep is a 400, not a
    RecursionError."""
    await _refused_as_invalid_json(open_server, path, body)


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/tokens", '{"name": "a\\ud800b"}'),
        ("/api/connection-monitor/targets", '{"label": "\\ud800"}'),
        ("/api/config", '{"isp_name": "\\udfff"}'),
    ],
    ids=["tokens", "targets", "config"],
)
async def test_lone_surrogates_are_refused(
    open_server: RunningServer, path: str, body: str
) -> None:
    """Text that cannot be stored as UTF-8 is a 400 at the door, never stored."""
    await _refused_as_invalid_json(open_server, path, body)
    status, connection, _ = await open_server.request("GET", "/api/connection")
    assert status == 200
    assert not connection["isp_name"]


async def test_unparsable_probe_url_is_a_400(open_server: RunningServer) -> None:
    """A URL the parser cannot split (an unclosed IPv6 bracket) is a 400 naming the field."""
    status, answer, _ = await open_server.request(
        "POST", "/api/drivers/probe", json={"url": "http://[::1"}
    )
    assert status == 400
    assert answer["error"].startswith("url ")


async def test_trends_on_the_last_possible_day_is_a_400(open_server: RunningServer) -> None:
    """A legacy day view whose window would end after 9999-12-31 is refused, not a 500."""
    status, answer, _ = await open_server.request("GET", "/api/trends?range=day&date=9999-12-31")
    assert status == 400
    assert "date" in answer["error"]


async def test_login_form_without_a_boundary_is_a_400(server_factory: ServerFactory) -> None:
    """An anonymous multipart login without its boundary is refused as a bad form."""
    async with server_factory({"ADMIN_PASSWORD": "correct horse"}) as server:
        status, answer, response = await server.request(
            "POST",
            "/login",
            data=b"password=x",
            headers={"Content-Type": "multipart/form-data"},
        )
    assert status == 400
    assert response.content_type == "text/html"
    assert "form" in str(answer).lower()


async def test_stored_invalid_text_is_ignored_at_start(server_factory: ServerFactory) -> None:
    """A value an older version stored with a lone surrogate is skipped at start-up (the
    default applies), so GET /api/connection keeps answering."""
    async with server_factory() as server, server.context.database.transaction() as connection:
        await save_config(connection, {"isp_name": "Acme \ud800"})
    async with server_factory() as server:
        assert server.context.settings.get("isp_name") == ""
        status, body, _ = await server.request("GET", "/api/connection")
        assert status == 200
        assert "\ud800" not in json.dumps(body)
