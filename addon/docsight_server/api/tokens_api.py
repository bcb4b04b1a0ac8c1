"""API tokens: list (any caller), create and revoke (session only)."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..auth.service import TOKEN_NAME_MAX
from ..http.errors import ApiError, read_json_object
from ..http.keys import CONTEXT
from ..storage import token_repo
from ..timeutil import iso_utc
from .routing import RouteDef


async def list_tokens(request: web.Request) -> web.Response:
    """Return every token (never the secret), newest first."""
    async with request.app[CONTEXT].database.read() as connection:
        rows = await token_repo.list_tokens(connection)
    return web.json_response(
        {
            "tokens": [
                {
                    "id": row.id,
                    "name": row.name,
                    "token_prefix": row.token_prefix,
                    "kind": row.kind,
                    "created_at": iso_utc(row.created_at),
                    "last_used_at": iso_utc(row.last_used_at),
                    "revoked": int(row.revoked),
                }
                for row in rows
            ]
        }
    )


async def create_token(request: web.Request) -> web.Response:
    """Create a token; its value is shown in this response only."""
    body = await read_json_object(request)
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ApiError(400, "Token name is required")
    if len(name.strip()) > TOKEN_NAME_MAX:
        raise ApiError(400, f"Token name is longer than {TOKEN_NAME_MAX} characters")
    created = await request.app[CONTEXT].auth.create_token(name.strip())
    return web.json_response(
        {"id": created.id, "token": created.token, "name": created.name}, status=201
    )


async def revoke_token(request: web.Request) -> web.Response:
    """Revoke a token by id."""
    token_id = int(request.match_info["token_id"])
    if not await request.app[CONTEXT].auth.revoke_token(token_id):
        raise ApiError(404, "Token not found or already revoked")
    return web.json_response({"success": True})


ROUTES = [
    RouteDef("GET", "/api/tokens", list_tokens, Access.AUTH, "List API tokens", "tokens"),
    RouteDef(
        "POST",
        "/api/tokens",
        create_token,
        Access.SESSION,
        "Create an API token",
        "tokens",
        request_body={
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "maxLength": TOKEN_NAME_MAX}},
        },
        responses={201: "Created; the token is shown once", 400: "Name missing"},
    ),
    RouteDef(
        "DELETE",
        r"/api/tokens/{token_id:\d+}",
        revoke_token,
        Access.SESSION,
        "Revoke an API token",
        "tokens",
        responses={200: "Revoked", 404: "Unknown or already revoked"},
    ),
]
