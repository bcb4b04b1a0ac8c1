"""Base class for drivers that talk HTTP: session reuse and one re-login when it expired."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

import aiohttp

from .base import DriverError, ModemDriver, SessionExpiredError
from .transport import ModemHttp, TlsMode

T = TypeVar("T")
_LOGGER = logging.getLogger(__name__)


class HttpDriver(ModemDriver):
    """A modem reached over HTTP(S) through its own ModemHttp transport."""

    tls_mode: ClassVar[TlsMode] = TlsMode.UNVERIFIED
    single_session: ClassVar[bool] = False

    def __init__(
        self, url: str, user: str, password: str, session: aiohttp.ClientSession | None = None
    ) -> None:
        """Prepare the transport; the modem is not contacted yet."""
        super().__init__(url, user, password, session)
        if not self.user and self.default_user:
            self.user = self.default_user
        self.http = ModemHttp(self.url, tls=self.tls_mode)
        self.logged_in = False

    async def login(self) -> None:
        """Log in unless the session from the last poll is still held."""
        if not self.logged_in:
            await self.open_session()
            self.logged_in = True

    async def open_session(self) -> None:
        """Perform the family's login; raise DriverAuthError on refused credentials."""

    async def close_session(self) -> None:
        """Log out of the modem (single-session families)."""

    async def get_connection_info(self) -> dict[str, Any]:
        """Return {}: a pure modem shows no provisioned speeds (gateways override this)."""
        return {}

    async def call(self, fetch: Callable[[], Awaitable[T]]) -> T:
        """Run fetch with a session; on SessionExpiredError log in again and retry once."""
        await self.login()
        try:
            return await fetch()
        except SessionExpiredError:
            self.logged_in = False
            await self.login()
            return await fetch()

    async def finish_poll(self) -> None:
        """Log out after each poll where the modem allows only one web session."""
        if self.single_session and self.logged_in:
            self.logged_in = False
            await self._logout_quietly()

    async def close(self) -> None:
        """Log out if needed and close the transport."""
        try:
            if self.logged_in and self.single_session:
                await self._logout_quietly()
        finally:
            self.logged_in = False
            await self.http.close()

    async def _logout_quietly(self) -> None:
        # A failed logout must not fail the poll: the modem drops the session on its own later.
        try:
            await self.close_session()
        except DriverError as err:
            _LOGGER.debug("Logout from %s failed: %s", self.key, err)
