"""API tokens: list (any caller), create and revoke (session only)."""

from __future__ import annotations

from aiohttp import web

from ..auth import Access
from ..auth.service import TOKEN_NAME_MAX
from ..http.errors import ApiError
from ..http.keys import CONTEXT
from ..http.schema import SUCCESS, Reply, error
from ..http.validation import Fields, Spec, Str
from ..storage import token_repo
from ..timeutil import iso_utc
from .routing import RouteDef, inputs
from .schemas import TOKEN_CREATED, TOKENS


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
    created = await request.app[CONTEXT].auth.create_token(inputs(request).body["name"])
    return web.json_response(
        {"id": created.id, "token": created.token, "name": created.name}, status=201
    )


async def revoke_token(request: web.Request) -> web.Response:
    """Revoke a token by id."""
    token_id = inputs(request).path["token_id"]
    if not await request.app[CONTEXT].auth.revoke_token(token_id):
        raise ApiError(404, "Token not found or already revoked")
    return web.json_response({"success": True})


TOKEN_BODY = Fields(
    {
        "name": Spec(
            Str(min_length=1, max_length=TOKEN_NAME_MAX),
            required=True,
            description="What the token is for (shown in the list)",
        )
    }
)

ROUTES = (
    RouteDef(
        "GET",
        "/api/tokens",
        list_tokens,
        Access.AUTH,
        "List API tokens",
        "tokens",
        responses={200: Reply("Every token, newest first (never the secret)", TOKENS)},
    ),
    RouteDef(
        "POST",
        "/api/tokens",
        create_token,
        Access.SESSION,
        "Create an API token",
        "tokens",
        body=TOKEN_BODY,
        responses={
            201: Reply("Created; the token is shown once", TOKEN_CREATED),
            400: error("Name missing or too long"),
            403: error("Bearer tokens may not create tokens"),
        },
    ),
    RouteDef(
        "DELETE",
        r"/api/tokens/{token_id:\d+}",
        revoke_token,
        Access.SESSION,
        "Revoke an API token",
        "tokens",
        responses={
            200: Reply("Revoked", SUCCESS),
            403: error("Bearer tokens may not revoke tokens"),
            404: error("Unknown or already revoked"),
        },
    ),
)
