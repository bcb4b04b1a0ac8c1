"""Authentication state: admin password, sessions, tokens and login limits in one place."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..config import Settings
from ..storage import Database, token_repo
from ..storage.meta_repo import get_meta, set_meta
from ..timeutil import now_epoch
from .passwords import hash_password, is_password_hash, verify_password
from .proxies import TrustedProxies
from .ratelimit import LoginLimiter
from .revocations import RevokedSessions
from .sessions import SessionData, SessionSigner
from .tokens import PREFIX_LENGTH, ActiveToken, TokenIndex, new_token, token_digest

_LOGGER = logging.getLogger(__name__)

TOKEN_NAME_MAX = 100
REVOKED_SESSIONS_KEY = "revoked_sessions"
FORM_SESSION_LIFETIME = 3600


@dataclass(frozen=True, slots=True)
class CreatedToken:
    """A new token; the plaintext exists only in this object and the response."""

    id: int
    name: str
    token: str


class AuthService:
    """Checks credentials quickly and keeps auth state consistent with settings."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        signer: SessionSigner,
        session_key_path: Path,
        *,
        supervised: bool,
        session_lifetime_days: int,
    ) -> None:
        """Wire the service; call `load` before serving."""
        self._database = database
        self._settings = settings
        self.signer = signer
        self._session_key_path = session_key_path
        self.supervised = supervised
        self.session_lifetime = session_lifetime_days * 86400
        self.tokens = TokenIndex()
        self.limiter = LoginLimiter()
        self.revoked = RevokedSessions()
        self._proxies = TrustedProxies()
        self._password_hash = ""
        self._fingerprint = ""
        self._marker = ""
        self._touch_tasks: set[asyncio.Task[None]] = set()

    async def load(self) -> None:
        """Read active tokens and signed-out sessions; prepare the admin password check."""
        async with self._database.read() as connection:
            rows = await token_repo.active_tokens(connection)
            revoked = await get_meta(connection, REVOKED_SESSIONS_KEY)
        self.tokens.replace(
            [(r.id, r.token_prefix, r.token_hash, r.kind, r.last_used_at) for r in rows]
        )
        self.revoked.load(revoked, now_epoch())
        await self.refresh_password()

    async def refresh_password(self) -> None:
        """Re-read the admin password from settings (after start or a config change)."""
        value = str(self._settings.get("admin_password") or "")
        if not value:
            self._password_hash = ""
        elif is_password_hash(value):
            self._password_hash = value
        else:
            # Given in clear by options or environment: hash once, compare with the hash.
            loop = asyncio.get_running_loop()
            self._password_hash = await loop.run_in_executor(None, hash_password, value)
        self._fingerprint = self._password_fingerprint(value)
        self._marker = self.signer.password_marker(self._fingerprint)

    @staticmethod
    def _password_fingerprint(value: str) -> str:
        return hashlib.sha256(value.encode()).hexdigest()

    @property
    def required(self) -> bool:
        """Return True when callers must prove who they are."""
        return bool(self._password_hash) or self.supervised

    @property
    def password_set(self) -> bool:
        """Return True when an admin password exists (login is possible)."""
        return bool(self._password_hash)

    async def check_password(self, password: str) -> bool:
        """Verify a login attempt (scrypt runs in an executor)."""
        if not self._password_hash:
            return False
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, verify_password, password, self._password_hash)

    # Sessions

    def new_session(self, csrf: str, *, authenticated: bool) -> SessionData:
        """Return session data for a login form or a logged-in browser."""
        lifetime = self.session_lifetime if authenticated else FORM_SESSION_LIFETIME
        return SessionData(
            csrf=csrf,
            authenticated=authenticated,
            marker=self._marker if authenticated else "",
            expires_at=now_epoch() + lifetime,
            session_id=secrets.token_urlsafe(16) if authenticated else "",
        )

    def session_valid(self, data: SessionData | None) -> bool:
        """Return True for a logged-in session made under the current password, not signed out."""
        return bool(
            data
            and data.authenticated
            and self._password_hash
            and data.marker == self._marker
            and data.session_id
            and data.session_id not in self.revoked
        )

    async def revoke_session(self, data: SessionData) -> None:
        """Sign a session out for good: its cookie stops working here and after a restart."""
        if not self.session_valid(data):
            return
        if not self.revoked.add(data.session_id, data.expires_at, now_epoch()):
            # thousands of sign-outs within one lifetime: end every session instead
            await self.rotate_sessions()
            return
        await self._store_revoked()

    async def rotate_sessions(self) -> None:
        """Invalidate every session by writing and switching to a new signing key."""
        loop = asyncio.get_running_loop()
        key = await loop.run_in_executor(None, SessionSigner.write_new_key, self._session_key_path)
        self.signer.rotate(key)
        self._marker = self.signer.password_marker(self._fingerprint)
        if len(self.revoked):
            self.revoked.clear()  # no old cookie survives a new key
            await self._store_revoked()

    async def _store_revoked(self) -> None:
        try:
            async with self._database.transaction() as connection:
                await set_meta(connection, REVOKED_SESSIONS_KEY, self.revoked.dumps())
        except Exception:  # the sign-out holds in memory; only a restart would forget it
            _LOGGER.exception("Could not store a signed-out session")

    # Browser requests

    @property
    def proxies(self) -> TrustedProxies:
        """Return the trusted reverse proxies (the trusted_proxies setting, parsed once)."""
        self._proxies.update(str(self._settings.get("trusted_proxies") or ""))
        return self._proxies

    @property
    def public_url(self) -> str:
        """Return the public_url setting (an extra origin browsers may send requests from)."""
        return str(self._settings.get("public_url") or "")

    # Tokens

    def verify_bearer(self, token: str) -> ActiveToken | None:
        """Return the active token for a bearer value and schedule a throttled last-used write."""
        entry = self.tokens.verify(token, now_epoch())
        pending = self.tokens.take_pending_touches()
        if pending:
            task = asyncio.get_running_loop().create_task(self._write_touches(pending))
            self._touch_tasks.add(task)
            task.add_done_callback(self._touch_tasks.discard)
        return entry

    async def _write_touches(self, pending: dict[int, int]) -> None:
        try:
            async with self._database.transaction() as connection:
                await token_repo.touch_tokens(connection, pending)
        except Exception:  # a failed bookkeeping write must never fail the request
            _LOGGER.exception("Could not record token use")

    async def create_token(self, name: str, kind: str = "user") -> CreatedToken:
        """Create and store a token; the plaintext is returned once."""
        token = new_token()
        async with self._database.transaction() as connection:
            token_id = await token_repo.insert_token(
                connection,
                name=name,
                token_hash=token_digest(token),
                token_prefix=token[:PREFIX_LENGTH],
                kind=kind,
                created_at=now_epoch(),
            )
        self.tokens.add(token_id, token, kind)
        return CreatedToken(token_id, name, token)

    async def revoke_token(self, token_id: int) -> bool:
        """Revoke a token; False when it is unknown or already revoked."""
        async with self._database.transaction() as connection:
            revoked = await token_repo.revoke_token(connection, token_id)
        if revoked:
            self.tokens.remove(token_id)
        return revoked

    def token_is_active(self, token: str) -> bool:
        """Return True when a plaintext token still grants access (no bookkeeping)."""
        return self.tokens.contains(token)

    async def drain(self) -> None:
        """Wait for pending last-used writes (at shutdown)."""
        if self._touch_tasks:
            await asyncio.gather(*self._touch_tasks, return_exceptions=True)
