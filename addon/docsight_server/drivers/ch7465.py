"""Compal CH7465 Connect Box (and its Play/UPC variant): XML getter/setter with rotating token."""

from __future__ import annotations

import hashlib
from typing import Any, ClassVar

from .base import SessionExpiredError, UnexpectedPageError
from .formats import compal_xml as fmt
from .formats.common import split_form, unexpected
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp

LOGIN_PAGE = "/common_page/login.html"
GETTER = "/xml/getter.xml"
SETTER = "/xml/setter.xml"
TOKEN_COOKIE = "sessionToken"
SID_COOKIE = "SID"
FUN_CM_STATUS = 144
_REDIRECTS = frozenset((301, 302, 303, 307, 308))


async def compal_post(http: ModemHttp, path: str, fun: int, **extra: str) -> HttpReply:
    """POST {token, fun, ...} with the latest sessionToken; the answer rotates the token."""
    token = http.cookie(TOKEN_COOKIE)
    if token is None:
        raise SessionExpiredError("The modem has not handed out a session token")
    # The web server rejects requests without a Referer from its own pages; the transport
    # already sends the fixed browser User-Agent it also insists on.
    return await http.post(
        path,
        data={"token": token, "fun": str(fun), **extra},
        headers={"Referer": http.url_for(LOGIN_PAGE)},
        allow_redirects=False,
    )


async def compal_get(http: ModemHttp, fun: int) -> str:
    """Return a getter.xml answer; SessionExpiredError when the modem dropped the session."""
    reply = await compal_post(http, GETTER, fun)
    if reply.status in _REDIRECTS:
        raise SessionExpiredError("The modem sent the session back to its login page")
    if reply.status == 200 and not reply.text.strip():
        # An unknown token or a dead SID gets an empty answer instead of data.
        raise SessionExpiredError("The modem answered with an empty page (session lost)")
    if reply.status != 200:
        raise unexpected(f"getter.xml fun {fun} answered HTTP {reply.status}", reply.text)
    return reply.text


async def fetch_token(http: ModemHttp) -> HttpReply:
    """Load the login page, which hands out the first sessionToken cookie."""
    reply = await http.get(LOGIN_PAGE)
    if reply.status != 200 or http.cookie(TOKEN_COOKIE) is None:
        raise unexpected(f"The login page gave no session token (HTTP {reply.status})", reply.text)
    return reply


class CompalXmlDriver(HttpDriver):
    """Shared Compal web session: token per request, SID cookie, one session, logout fun 16."""

    single_session = True

    async def login_fields(self, login_page: HttpReply) -> dict[str, str]:
        """Return the Username/Password fields of the fun 15 login."""
        raise NotImplementedError

    async def open_session(self) -> None:
        """Fetch a token, log in with fun 15 and keep the SID cookie."""
        self.http.clear_cookies()
        page = await fetch_token(self.http)
        fields = await self.login_fields(page)
        reply = await compal_post(self.http, SETTER, fmt.FUN_LOGIN, **fields)
        sid = fmt.parse_login_answer(reply.text)
        self.http.set_cookie(SID_COOKIE, sid)

    async def close_session(self) -> None:
        """Log out with fun 16 so the owner can use the single web session."""
        try:
            if self.http.cookie(TOKEN_COOKIE) is not None:
                await compal_post(self.http, SETTER, fmt.FUN_LOGOUT)
        finally:
            self.http.clear_cookies()

    async def getter(self, *funs: int) -> list[str]:
        """Read getter.xml functions in one session, logging in again once if it expired."""

        async def fetch() -> list[str]:
            return [await compal_get(self.http, fun) for fun in funs]

        return await self.call(fetch)


class Ch7465Driver(CompalXmlDriver):
    """Compal CH7465 Connect Box: SHA-256 password login, DOCSIS 3.0 tables via getter.xml."""

    key = "ch7465"
    display_name = "Compal CH7465 Connect Box"
    default_url = "http://192.168.100.1"
    default_user = "admin"
    needs_user = False
    needs_password = True
    models = "Compal CH7465LG / CH7465 Connect Box"
    login_method = "setter.xml fun 15 with SHA-256 password, rotating sessionToken, SID cookie"
    reads = "POST /xml/getter.xml fun 1, 2, 10, 11, 144"
    limits = (
        "DOCSIS 3.0 only; one web session at a time (logged out after each poll); "
        "no provisioned speeds"
    )
    plaintext_login: ClassVar[bool] = False

    async def login_fields(self, login_page: HttpReply) -> dict[str, str]:
        """Username (ignored by the box, NULL when empty) and the password or its SHA-256."""
        if self.plaintext_login:
            return {"Username": "NULL", "Password": self.password}
        digest = hashlib.sha256(self.password.encode()).hexdigest()
        return {"Username": self.user or "NULL", "Password": digest}

    async def get_device_info(self) -> dict[str, Any]:
        """Return model and firmware (fun 1), hardware and uptime (fun 2), state (fun 144)."""
        settings_xml, system_xml, status_xml = await self.getter(
            fmt.FUN_GLOBAL_SETTINGS, fmt.FUN_SYSTEM_INFO, FUN_CM_STATUS
        )
        status = fmt.fields(status_xml, "cmstatus")
        state = status.get("provisioning_st", "")
        return fmt.device_info("Compal", "CH7465", settings_xml, system_xml, state)

    async def get_connection_info(self) -> dict[str, Any]:
        """The Connect Box pages carry no provisioned speeds."""
        return {}

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the downstream (fun 10) and upstream (fun 11) tables."""
        ds_xml, us_xml = await self.getter(fmt.FUN_DS_TABLE, fmt.FUN_US_TABLE)
        return split_form(
            self.parsed(fmt.parse_downstream(ds_xml)),
            (),
            self.parsed(fmt.parse_upstream(us_xml)),
            (),
        )

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """A Compal box hands out a sessionToken and names a CH7465 in fun 1 (no login)."""
        try:
            await fetch_token(http)
            settings = fmt.fields(await compal_get(http, fmt.FUN_GLOBAL_SETTINGS), "GlobalSettings")
        except (UnexpectedPageError, SessionExpiredError):
            return 0
        if not settings.get("ConfigVenderModel", "").upper().startswith("CH7465"):
            return 0
        play = settings.get("OperatorId", "").upper() == "PLAY"
        return 95 if play == cls.plaintext_login else 90


class Ch7465PlayDriver(Ch7465Driver):
    """The Play/UPC firmware of the CH7465: Username NULL and the password in plain text."""

    key = "ch7465_play"
    display_name = "Compal CH7465 Connect Box (Play/UPC)"
    default_url = "http://192.168.0.1"
    default_user = ""
    models = "Compal CH7465 (Play, UPC firmware)"
    login_method = "setter.xml fun 15, Username NULL, plain-text password, rotating sessionToken"
    plaintext_login = True
