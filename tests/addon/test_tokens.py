"""Bearer token lifecycle and the session-only rules."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from docsight_server.storage.schema import api_tokens

from .harness import RunningServer
from .test_login import login

SESSION_ONLY = [
    ("POST", "/api/tokens", {"name": "other"}),
    ("DELETE", "/api/tokens/1", None),
    ("POST", "/api/config", {"isp_name": "x"}),
    ("POST", "/api/demo/start", {}),
]


async def create_token(server: RunningServer, name: str = "script") -> dict:
    """Create a token with the current session and return the 201 body."""
    status, body, _ = await server.request("POST", "/api/tokens", json={"name": name})
    assert status == 201, body
    return body


async def test_token_lifecycle(password_server: RunningServer) -> None:
    """Create (shown once), use, list without the secret, revoke, and be refused after."""
    await login(password_server)
    created = await create_token(password_server)
    token = created["token"]
    assert token.startswith("dsk_")
    assert len(token) == 68
    assert created["name"] == "script"

    password_server.session.cookie_jar.clear()
    status, _, _ = await password_server.request("GET", "/api/config", token=token)
    assert status == 200
    status, listing, _ = await password_server.request("GET", "/api/tokens", token=token)
    assert status == 200
    [entry] = listing["tokens"]
    assert entry["id"] == created["id"]
    assert entry["token_prefix"] == token[:8]
    assert entry["revoked"] == 0
    assert entry["created_at"].endswith("Z")
    assert token not in str(listing)

    await login(password_server)
    status, body, _ = await password_server.request("DELETE", f"/api/tokens/{created['id']}")
    assert (status, body) == (200, {"success": True})
    status, body, _ = await password_server.request("DELETE", f"/api/tokens/{created['id']}")
    assert (status, body) == (404, {"error": "Token not found or already revoked"})
    password_server.session.cookie_jar.clear()
    status, _, _ = await password_server.request("GET", "/api/config", token=token)
    assert status == 401


async def test_tokens_are_stored_as_sha256_digests(password_server: RunningServer) -> None:
    """The database holds the digest and the 8-character prefix, never the token."""
    await login(password_server)
    token = (await create_token(password_server))["token"]
    async with password_server.context.database.read() as connection:
        row = (await connection.execute(select(api_tokens))).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert row.token_prefix == token[:8]
    assert token not in str(tuple(row))


async def test_bearer_callers_are_refused_on_session_only_routes(
    password_server: RunningServer,
) -> None:
    """A valid token gets 403 on token create/revoke, config save and demo start."""
    await login(password_server)
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    for method, path, body in SESSION_ONLY:
        status, answer, _ = await password_server.request(method, path, token=token, json=body)
        assert status == 403, (method, path)
        assert answer == {"error": "Session authentication required"}
    async with password_server.context.database.read() as connection:
        rows = (await connection.execute(select(api_tokens))).all()
    assert len(rows) == 1  # nothing was created by the refused calls


async def test_unknown_or_malformed_bearer_is_refused(password_server: RunningServer) -> None:
    """Tokens that do not exist, or are not ours, get 401."""
    for token in ("dsk_" + "A" * 64, "not-a-docsight-token", "dsk_"):
        status, body, _ = await password_server.request("GET", "/api/tokens", token=token)
        assert (status, body) == (401, {"error": "Authentication required"})


async def test_token_name_is_required(password_server: RunningServer) -> None:
    """Missing, blank or over-long names are 400 and create nothing."""
    await login(password_server)
    for body in ({}, {"name": "  "}, {"name": 5}, {"name": "x" * 101}):
        status, answer, _ = await password_server.request("POST", "/api/tokens", json=body)
        assert status == 400, body
        assert "name" in answer["error"].lower()
    status, listing, _ = await password_server.request("GET", "/api/tokens")
    assert listing == {"tokens": []}


async def test_last_used_is_recorded_and_throttled(password_server: RunningServer) -> None:
    """The first use writes last_used_at; repeated uses within a minute write nothing more."""
    await login(password_server)
    created = await create_token(password_server)
    auth = password_server.context.auth
    status, _, _ = await password_server.request("GET", "/api/config", token=created["token"])
    assert status == 200
    await auth.drain()
    status, listing, _ = await password_server.request("GET", "/api/tokens")
    first = listing["tokens"][0]["last_used_at"]
    assert first is not None
    assert first.endswith("Z")
    await password_server.request("GET", "/api/tokens", token=created["token"])
    assert auth.tokens.take_pending_touches() == {}


async def test_revoking_an_id_no_table_can_hold_is_404(password_server: RunningServer) -> None:
    """An id beyond the 32-bit key columns is an unknown token (404), not a server error."""
    await login(password_server)
    for token_id in ("99999999999999999999999", "26882499266542480752902144", str(2**31)):
        status, body, _ = await password_server.request("DELETE", f"/api/tokens/{token_id}")
        assert (status, body) == (404, {"error": "Not found"}), token_id
    status, body, _ = await password_server.request("DELETE", f"/api/tokens/{2**31 - 1}")
    assert (status, body) == (404, {"error": "Token not found or already revoked"})
