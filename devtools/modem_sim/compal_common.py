"""Compal web server behaviour shared by the CH7465 and SB8200 (CBN) simulators.

Every answer sets a fresh `sessionToken` cookie; each POST must carry an outstanding token as
its `token` field (the token is used up). A bad token gets an empty 200 answer, a dead `SID`
cookie a 302 to the login page. Requests without a browser User-Agent or without a Referer
from the box's own host are refused with 403, as the real web server does.
"""

from __future__ import annotations

import secrets
from abc import abstractmethod
from collections import deque
from collections.abc import Callable
from urllib.parse import urlsplit

from aiohttp import web

from .base import ModemSimulator
from .plan import ChannelPlan, DsChannel, UsChannel

LOGIN_PAGE = "/common_page/login.html"
TOKEN_COOKIE = "sessionToken"
SID_COOKIE = "SID"
FUN_LOGIN = 15
FUN_LOGOUT = 16
_TOKENS_KEPT = 256
XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>'

Renderer = Callable[[], str]


def hz(mhz: float) -> int:
    """Return a frequency in whole Hz."""
    return round(mhz * 1_000_000)


def uptime_text(seconds: int) -> str:
    """Return the Compal uptime spelling, e.g. "1day(s)10h:17m:36s"."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{days}day(s){hours}h:{minutes}m:{secs}s"


def render_fields(root: str, values: dict[str, str]) -> str:
    """Return a flat XML answer <root><tag>value</tag>...</root>."""
    body = "".join(f"<{tag}>{value}</{tag}>" for tag, value in values.items())
    return f"{XML_HEAD}<{root}>{body}</{root}>"


def render_table(
    root: str, count_tag: str, count: int, rows: list[tuple[str, dict[str, str]]]
) -> str:
    """Return a table answer: <root><count_tag>n</count_tag> then each (row tag, fields)."""
    body = "".join(
        f"<{tag}>"
        + "".join(f"<{key}>{value}</{key}>" for key, value in cells.items())
        + f"</{tag}>"
        for tag, cells in rows
    )
    return f"{XML_HEAD}<{root}><{count_tag}>{count}</{count_tag}>{body}</{root}>"


def render_downstream(channels: list[DsChannel], mod_style: str = "lower") -> str:
    """Render getter fun 10: SC-QAM rows, unlocked ones with IsQamLocked 0."""
    rows = []
    for ch in channels:
        mod = ch.modulation.lower() if mod_style == "lower" else "QAM" + ch.modulation[:-3]
        locked = "1" if ch.locked else "0"
        rows.append(
            "<downstream>"
            f"<freq>{hz(ch.frequency_mhz)}</freq><pow>{ch.power:.1f}</pow>"
            f"<snr>{round(ch.snr)}</snr><mod>{mod}</mod><chid>{ch.channel_id}</chid>"
            f"<RxMER>{ch.snr:.1f}</RxMER>"
            f"<PreRs>{ch.corrected if ch.locked else 0}</PreRs>"
            f"<PostRs>{ch.uncorrectable if ch.locked else 0}</PostRs>"
            f"<IsQamLocked>{locked}</IsQamLocked><IsFECLocked>{locked}</IsFECLocked>"
            f"<IsMpegLocked>{locked}</IsMpegLocked>"
            "</downstream>"
        )
    return (
        f"{XML_HEAD}<downstream_table><ds_num>{len(channels)}</ds_num>"
        f"{''.join(rows)}</downstream_table>"
    )


def render_upstream(channels: list[UsChannel], mod_style: str = "lower") -> str:
    """Render getter fun 11: ATDMA rows, symbol rate in MSym/s, frequency in Hz."""
    rows = []
    for ch in channels:
        mod = ch.modulation.lower() if mod_style == "lower" else "QAM" + ch.modulation[:-3]
        rows.append(
            "<upstream>"
            f"<usid>{ch.channel_id}</usid><freq>{hz(ch.frequency_mhz)}</freq>"
            f"<power>{ch.power:.1f}</power><srate>{ch.symbol_rate_ksym / 1000:.3f}</srate>"
            f"<mod>{mod}</mod><ustype>3</ustype>"
            "<t1Timeouts>0</t1Timeouts><t2Timeouts>0</t2Timeouts>"
            "<t3Timeouts>1</t3Timeouts><t4Timeouts>0</t4Timeouts>"
            "<channeltype>ATDMA</channeltype><messageType>29</messageType>"
            "</upstream>"
        )
    return (
        f"{XML_HEAD}<upstream_table><us_num>{len(channels)}</us_num>"
        f"{''.join(rows)}</upstream_table>"
    )


def render_system_info(plan: ChannelPlan, docsis_mode: str) -> str:
    """Render getter fun 2 (<cm_system_info>)."""
    return render_fields(
        "cm_system_info",
        {
            "cm_docsis_mode": docsis_mode,
            "cm_hardware_version": plan.hw_version,
            "cm_mac_addr": "38:43:7D:00:00:01",
            "cm_serial_number": "SIM000000001",
            "cm_system_uptime": uptime_text(plan.uptime_seconds),
            "cm_network_access": "Allowed",
        },
    )


class CompalSimulator(ModemSimulator):
    """A Compal web UI: login page, rotating token, getter.xml and setter.xml."""

    single_session = True
    public_funs: frozenset[int] = frozenset((1,))

    @abstractmethod
    def login_page(self) -> str:
        """Return the HTML of the login page."""

    @abstractmethod
    def verify_login(self, form: dict[str, str], token: str) -> bool:
        """Check the fun 15 credentials (through state.check_credentials)."""

    @abstractmethod
    def renderers(self) -> dict[int, Renderer]:
        """Return the getter.xml functions this box answers."""

    def add_routes(self, app: web.Application) -> None:
        """Register the login page and the two XML endpoints."""
        app.router.add_get("/", self.index)
        app.router.add_get(LOGIN_PAGE, self.index)
        app.router.add_post("/xml/getter.xml", self.getter)
        app.router.add_post("/xml/setter.xml", self.setter)

    def _tokens(self) -> deque[str]:
        tokens: deque[str] = self.state.extra.setdefault("tokens", deque(maxlen=_TOKENS_KEPT))
        return tokens

    def _answer(self, response: web.Response) -> web.Response:
        """Attach a fresh sessionToken: the token rotates on every answer."""
        token = str(secrets.randbelow(9 * 10**8) + 10**8)
        self._tokens().append(token)
        response.set_cookie(TOKEN_COOKIE, token, path="/")
        return response

    def _use_token(self, token: str | None) -> bool:
        tokens = self._tokens()
        if token is None or token not in tokens:
            return False
        tokens.remove(token)
        return True

    @staticmethod
    def _from_browser(request: web.Request) -> bool:
        if "Mozilla/" not in request.headers.get("User-Agent", ""):
            return False
        referer = urlsplit(request.headers.get("Referer", ""))
        return bool(referer.netloc) and referer.netloc == request.host

    async def index(self, request: web.Request) -> web.Response:
        """Serve the login page with a new token."""
        return self._answer(web.Response(text=self.login_page(), content_type="text/html"))

    async def getter(self, request: web.Request) -> web.Response:
        """Answer a getter.xml function for a live session (fun 1 is public)."""
        if not self._from_browser(request):
            return web.Response(status=403, text="Forbidden")
        form = await _form(request)
        if not self._use_token(form.get("token")):
            return self._answer(web.Response(text=""))
        fun = _fun(form)
        render = self.renderers().get(fun)
        if render is None:
            return self._answer(web.Response(status=400, text=""))
        if fun not in self.public_funs and not self.state.session_valid(
            request.cookies.get(SID_COOKIE)
        ):
            return self._answer(web.Response(status=302, headers={"Location": LOGIN_PAGE}))
        return self._answer(web.Response(text=render(), content_type="text/xml"))

    async def setter(self, request: web.Request) -> web.Response:
        """fun 15 logs in (answer `successful;SID=<n>`), fun 16 logs out."""
        if not self._from_browser(request):
            return web.Response(status=403, text="Forbidden")
        form = await _form(request)
        token = form.get("token", "")
        if not self._use_token(token):
            return self._answer(web.Response(text=""))
        fun = _fun(form)
        if fun == FUN_LOGOUT:
            self.state.end_session(request.cookies.get(SID_COOKIE))
            return self._answer(web.Response(text=""))
        if fun != FUN_LOGIN:
            return self._answer(web.Response(status=400, text=""))
        if self.state.locked_out:
            return self._answer(web.Response(text="idloginlocked"))
        if not self.verify_login(form, token):
            return self._answer(web.Response(text="idloginincorrect"))
        # One web session: a new login replaces whatever session was open.
        self.state.sessions.clear()
        sid = str(secrets.randbelow(9 * 10**8) + 10**8)
        self.state.sessions.add(sid)
        self.state.logins += 1
        return self._answer(web.Response(text=f"successful;SID={sid}"))


async def _form(request: web.Request) -> dict[str, str]:
    form = await request.post()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def _fun(form: dict[str, str]) -> int:
    text = form.get("fun", "")
    return int(text) if text.isdigit() else 0
