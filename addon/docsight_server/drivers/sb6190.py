"""Arris SURFboard SB6190: adv_pwd_cgi form login, legacy TLS, bonded tables on /cgi-bin/status."""

from __future__ import annotations

import logging
from typing import Any

from .base import DriverAuthError, SessionExpiredError
from .formats import sb6183 as tables
from .formats import sb6190 as fmt
from .formats.common import split_form, unexpected
from .http_driver import HttpDriver
from .transport import ModemHttp, TlsMode

LOGIN_PATH = "/cgi-bin/adv_pwd_cgi"
STATUS_PATH = "/cgi-bin/status"
SWINFO_PATH = "/cgi-bin/swinfo"
MODEL = "SB6190"
_LOGGER = logging.getLogger(__name__)


class Sb6190Driver(HttpDriver):
    """Logs in with the web UI's form, then reads the status and software pages."""

    key = "sb6190"
    display_name = "Arris SB6190"
    default_url = "https://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "ARRIS SURFboard SB6190"
    login_method = "POST /cgi-bin/adv_pwd_cgi (base64 arguments + 8-digit nonce)"
    reads = "HTML /cgi-bin/status (Downstream/Upstream Bonded Channels), /cgi-bin/swinfo"
    limits = (
        "DOCSIS 3.0 only; the upstream table has no modulation column (modulation is the "
        "stated channel type, ATDMA or TDMA)"
    )
    firmware = (
        "9.1.103 (adv_pwd_cgi login, credential cookie) and 9.1.93 (open pages); status tables "
        "with frequencies in MHz"
    )
    tls_mode = TlsMode.LEGACY

    async def open_session(self) -> None:
        """Post the login form; an "Url:" answer means the session cookie is set."""
        self.http.clear_cookies()
        reply = await self.http.post(LOGIN_PATH, data=fmt.login_form(self.user, self.password))
        if reply.status == 404:
            # Firmware before the login was added serves the status pages openly.
            _LOGGER.debug("SB6190 at %s has no login endpoint: open firmware", self.http.host)
            return
        outcome = fmt.login_outcome(reply.text)
        if outcome is fmt.LoginOutcome.REFUSED:
            raise DriverAuthError("The SB6190 refused the user name or password")
        if outcome is fmt.LoginOutcome.UNKNOWN:
            raise unexpected(
                f"Unexpected answer to the SB6190 login (HTTP {reply.status})", reply.text
            )

    async def _page(self, path: str) -> str:
        async def fetch() -> str:
            reply = await self.http.get(path)
            if fmt.is_login_page(reply.text) or reply.status in (401, 403):
                raise SessionExpiredError(f"The SB6190 session ended ({path})")
            return reply.text

        return await self.call(fetch)

    async def get_device_info(self) -> dict[str, Any]:
        """Return versions, uptime and network access from the software page."""
        text = await self._page(SWINFO_PATH)
        info: dict[str, Any] = {"manufacturer": "ARRIS"}
        info.update(self.parsed(tables.parse_swinfo(text, SWINFO_PATH)))
        info["model"] = tables.page_model(text) or MODEL
        return info

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the status page and parse both bonded tables."""
        text = await self._page(STATUS_PATH)
        return split_form(
            ds30=self.parsed(tables.parse_downstream(text, STATUS_PATH)),
            us30=self.parsed(tables.parse_upstream(text, STATUS_PATH)),
        )

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """An SB6190 names itself in the header of its start page (the login form)."""
        reply = await http.get("/")
        if reply.status != 200 or tables.page_model(reply.text) != MODEL:
            return 0
        return 90
