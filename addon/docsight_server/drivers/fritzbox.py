"""AVM FRITZ!Box Cable: login_sid.lua challenge (PBKDF2 or legacy MD5), then data.lua pages."""

from __future__ import annotations

import asyncio
from typing import Any

from .base import (
    DriverAuthError,
    DriverLockedOutError,
    SessionExpiredError,
    UnexpectedPageError,
)
from .formats import fritzbox as fmt
from .formats.common import unexpected
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp

LOGIN_PATH = "/login_sid.lua"
DATA_PATH = "/data.lua"
# Markers of the FRITZ!OS login page a dead SID is redirected to.
_LOGIN_PAGE_MARKERS = ("login_sid.lua", 'id="uiPass"', "uiLogin")


def _session_gone(reply: HttpReply) -> bool:
    """Return whether data.lua answered as it does for an unknown or expired SID."""
    if reply.status in (401, 403):
        return True
    try:
        payload = reply.json()
    except ValueError:
        return any(marker in reply.text for marker in _LOGIN_PAGE_MARKERS)
    if not isinstance(payload, dict) or isinstance(payload.get("data"), dict):
        return False
    return payload.get("sid") == fmt.NO_SID or payload.get("pid") == "login"


class FritzBoxDriver(HttpDriver):
    """Logs in once with the box's challenge, keeps the SID and reads data.lua pages."""

    key = "fritzbox"
    display_name = "AVM FRITZ!Box"
    default_url = "http://192.168.178.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "FRITZ!Box 6591 Cable, 6660 Cable, 6690 Cable"
    login_method = "login_sid.lua challenge-response (PBKDF2-SHA256, legacy MD5 on old FRITZ!OS)"
    reads = "POST /data.lua pages docInfo (channels), overview (device), netMoni (line rates)"
    limits = (
        "DOCSIS 3.1 upstream power is reported 6 dB low by FRITZ!OS and corrected by +6 dB; "
        "OFDM/OFDMA frequency is the start of the block"
    )
    firmware = (
        "FRITZ!OS before 7.24 (MD5 login) and 7.24 or later (PBKDF2 login); docInfo with the "
        "modulation in `modulation` or, on older pages, `type`; rows with empty power cells"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Start without a SID; the first poll logs in."""
        super().__init__(*args, **kwargs)
        self.sid = fmt.NO_SID

    async def open_session(self) -> None:
        """Answer the box's challenge and keep the SID it grants."""
        self.sid = fmt.NO_SID
        reply = await self.http.get(LOGIN_PATH, params={"version": "2", "username": self.user})
        info = fmt.parse_session_info(reply.text)
        if info.block_time > 0:
            raise DriverLockedOutError(
                f"The FRITZ!Box blocks logins for {info.block_time} s after failed attempts"
            )
        if not info.challenge:
            raise unexpected(
                "FRITZ!Box /login_sid.lua sent no challenge; expected a SessionInfo with one",
                reply.text,
            )
        try:
            response = await asyncio.to_thread(
                fmt.challenge_response, info.challenge, self.password
            )
        except ValueError as err:
            raise unexpected(
                "FRITZ!Box /login_sid.lua sent a malformed challenge; expected "
                "2$iter1$salt1$iter2$salt2 or a hex MD5 challenge",
                reply.text,
            ) from err
        reply = await self.http.post(
            LOGIN_PATH,
            params={"version": "2"},
            data={"username": self.user, "response": response},
        )
        result = fmt.parse_session_info(reply.text)
        if not result.valid:
            if result.block_time > 0:
                raise DriverLockedOutError(
                    "The FRITZ!Box refused the login and blocks new attempts for "
                    f"{result.block_time} s"
                )
            raise DriverAuthError("The FRITZ!Box refused the user name or password")
        self.sid = result.sid

    async def close_session(self) -> None:
        """Give the SID back so the box can drop the session at once."""
        if self.sid != fmt.NO_SID:
            sid, self.sid = self.sid, fmt.NO_SID
            await self.http.post(LOGIN_PATH, data={"logout": "1", "sid": sid})

    async def close(self) -> None:
        """Log out (the SID is kept across polls until now) and close the transport."""
        if self.logged_in:
            await self._logout_quietly()
        await super().close()

    async def _page(self, page: str) -> tuple[Any, str]:
        """POST data.lua for one page; SessionExpiredError when the SID is no longer valid."""
        form = {
            "xhr": "1",
            "sid": self.sid,
            "lang": "de",
            "page": page,
            "xhrId": "all",
            "no_sidrenew": "",
        }
        reply = await self.http.post(DATA_PATH, data=form)
        if _session_gone(reply):
            raise SessionExpiredError(f"The FRITZ!Box no longer accepts the session ({page})")
        try:
            payload = reply.json()
        except ValueError as err:
            raise fmt.page_error(page, f"is not JSON (HTTP {reply.status})", reply.text) from err
        renewed = payload.get("sid") if isinstance(payload, dict) else None
        if isinstance(renewed, str) and len(renewed) == 16 and renewed != fmt.NO_SID:
            self.sid = renewed
        return payload, reply.text

    async def get_device_info(self) -> dict[str, Any]:
        """Return product name, FRITZ!OS version and uptime from page overview."""
        payload, text = await self.call(lambda: self._page("overview"))
        return self.parsed(fmt.parse_overview(payload, text))

    async def get_connection_info(self) -> dict[str, Any]:
        """Return the cable line rates from page netMoni."""
        payload, text = await self.call(lambda: self._page("netMoni"))
        return self.parsed(fmt.parse_netmoni(payload, text))

    async def get_docsis_data(self) -> dict[str, Any]:
        """Return the channel tables from page docInfo."""
        payload, text = await self.call(lambda: self._page("docInfo"))
        return self.parsed(fmt.parse_docinfo(payload, text))

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """A FRITZ!Box answers login_sid.lua with a SessionInfo challenge, no credentials needed."""
        reply = await http.get(LOGIN_PATH, params={"version": "2"})
        if reply.status != 200:
            return 0
        try:
            info = fmt.parse_session_info(reply.text)
        except UnexpectedPageError:
            return 0
        return 95 if info.challenge else 0
