"""API token rows: create, list, revoke, touch. Only SHA-256 digests are stored."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from .schema import api_tokens


@dataclass(frozen=True, slots=True)
class TokenRow:
    """One stored token (never the token itself)."""

    id: int
    name: str
    token_hash: str
    token_prefix: str
    kind: str
    created_at: int
    last_used_at: int | None
    revoked: bool


def _row(record: object) -> TokenRow:
    mapping = record._mapping  # type: ignore[attr-defined]
    return TokenRow(
        id=mapping["id"],
        name=mapping["name"],
        token_hash=mapping["token_hash"],
        token_prefix=mapping["token_prefix"],
        kind=mapping["kind"],
        created_at=mapping["created_at"],
        last_used_at=mapping["last_used_at"],
        revoked=bool(mapping["revoked"]),
    )


async def insert_token(
    connection: AsyncConnection,
    *,
    name: str,
    token_hash: str,
    token_prefix: str,
    kind: str,
    created_at: int,
) -> int:
    """Store a new token digest and return its id."""
    result = await connection.execute(
        insert(api_tokens)
        .values(
            name=name,
            token_hash=token_hash,
            token_prefix=token_prefix,
            kind=kind,
            created_at=created_at,
            revoked=False,
        )
        .returning(api_tokens.c.id)
    )
    return int(result.scalar_one())


async def list_tokens(connection: AsyncConnection) -> list[TokenRow]:
    """Return all tokens, newest first, revoked ones included."""
    rows = await connection.execute(select(api_tokens).order_by(api_tokens.c.id.desc()))
    return [_row(row) for row in rows]


async def active_tokens(connection: AsyncConnection) -> list[TokenRow]:
    """Return the tokens that still grant access."""
    rows = await connection.execute(select(api_tokens).where(api_tokens.c.revoked.is_(False)))
    return [_row(row) for row in rows]


async def revoke_token(connection: AsyncConnection, token_id: int) -> bool:
    """Mark a token revoked; False when it does not exist or was revoked already."""
    result = await connection.execute(
        update(api_tokens)
        .where(api_tokens.c.id == token_id, api_tokens.c.revoked.is_(False))
        .values(revoked=True)
    )
    return result.rowcount == 1


async def touch_tokens(connection: AsyncConnection, used: dict[int, int]) -> None:
    """Record when tokens were last used."""
    for token_id, when in used.items():
        await connection.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_at=when)
        )
