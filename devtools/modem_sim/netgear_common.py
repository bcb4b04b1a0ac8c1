"""Shared parts of the Netgear simulators: Basic or form login, tagValueList and table pages."""

from __future__ import annotations

import base64
import binascii
import html
import secrets
from typing import Any, ClassVar

from aiohttp import web

from .base import ModemSimulator
from .plan import ChannelPlan, DsChannel, UsChannel

SESSION_COOKIE = "SessionID"


def uptime_text(seconds: int, *, units: bool) -> str:
    """Render an uptime as "1 days 10:17:36" or, with units, "1 days 10h:17m:36s"."""
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if units:
        return f"{days} days {hours:02d}h:{minutes:02d}m:{secs:02d}s"
    return f"{days} days {hours:02d}:{minutes:02d}:{secs:02d}"


def _hz(mhz: float) -> str:
    return f"{round(mhz * 1_000_000)} Hz"


def _lock(locked: bool) -> str:
    return "Locked" if locked else "Not Locked"


def ds_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the SC-QAM downstream rows, unlocked receivers included."""
    channels: list[DsChannel] = [ch for ch in plan.ds if not ch.ofdm]
    return [
        [
            str(index),
            _lock(ch.locked),
            "QAM" + ch.modulation.removesuffix("QAM"),
            str(ch.channel_id),
            _hz(ch.frequency_mhz),
            f"{ch.power:.1f} dBmV",
            f"{ch.snr:.1f} dB",
            str(ch.corrected),
            str(ch.uncorrectable),
        ]
        for index, ch in enumerate(channels, start=1)
    ]


def us_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the SC-QAM upstream rows (type and symbol rate, no modulation)."""
    channels: list[UsChannel] = [ch for ch in plan.us if not ch.ofdma]
    return [
        [
            str(index),
            _lock(ch.locked),
            "ATDMA",
            str(ch.channel_id),
            f"{ch.symbol_rate_ksym} Ksym/sec",
            _hz(ch.frequency_mhz),
            f"{ch.power:.1f} dBmV",
        ]
        for index, ch in enumerate(channels, start=1)
    ]


def ofdm_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the OFDM downstream rows plus the firmware's idle second receiver."""
    rows = [
        [
            str(index),
            _lock(ch.locked),
            "0 ,1 ,2 ,3",
            str(ch.channel_id),
            _hz(ch.frequency_mhz),
            f"{ch.power:.2f} dBmV",
            f"{ch.snr:.1f} dB",
            "1108 ~ 2987",
            "987654321",
            str(ch.corrected),
            str(ch.uncorrectable),
        ]
        for index, ch in enumerate((ch for ch in plan.ds if ch.ofdm), start=1)
    ]
    idle = ["Not Locked", "0", "0", "0 Hz", "0.00 dBmV", "0.0 dB", "0 ~ 0", "0", "0", "0"]
    return [*rows, [str(len(rows) + 1), *idle]]


def ofdma_rows(plan: ChannelPlan) -> list[list[str]]:
    """Return the OFDMA upstream rows plus an idle channel."""
    rows = [
        [
            str(index),
            _lock(ch.locked),
            "0 ,1",
            str(ch.channel_id),
            _hz(ch.frequency_mhz),
            f"{ch.power:.2f} dBmV",
        ]
        for index, ch in enumerate((ch for ch in plan.us if ch.ofdma), start=1)
    ]
    return [*rows, [str(len(rows) + 1), "Not Locked", "0", "0", "0 Hz", "0 dBmV"]]


def info_values(plan: ChannelPlan, *, units: bool) -> list[str]:
    """Return the InitTagValue list: startup procedure, system time at 10, uptime at 14."""
    first = next((ch for ch in plan.ds if ch.locked), None)
    return [
        _hz(first.frequency_mhz) if first else "0 Hz",
        "Locked",
        "OK",
        "Operational",
        "OK",
        "Operational",
        "OK",
        "cm-config.cfg",
        "Enabled",
        "BPI+",
        "Tue Mar 04 10:11:12 2025",
        "Honor MDD",
        "IPv6 only",
        "Allowed",
        uptime_text(plan.uptime_seconds, units=units),
    ]


def _tag_list(rows: list[list[str]]) -> str:
    return "|".join([str(len(rows)), *(cell for row in rows for cell in row)]) + "|"


def _function(name: str, value: str) -> str:
    return (
        f"function {name}()\n{{\n    var tagValueList = '{value}';\n"
        '    return tagValueList.split("|");\n}\n'
    )


def _head(model: str) -> str:
    return (
        f"<html><head><META name=\"description\" content='{model}'>"
        f"<title>NETGEAR Gateway {model}</title>"
    )


def render_tag_page(plan: ChannelPlan, model: str, *, units: bool = False) -> str:
    """Render DocsisStatus with every table as a tagValueList in its Init function."""
    scripts = [
        _function("InitTagValue", "|".join(info_values(plan, units=units)) + "|"),
        _function("InitDsTableTagValue", _tag_list(ds_rows(plan))),
        _function("InitUsTableTagValue", _tag_list(us_rows(plan))),
    ]
    if plan.has_docsis31:
        scripts.append(_function("InitDsOfdmTableTagValue", _tag_list(ofdm_rows(plan))))
        scripts.append(_function("InitUsOfdmaTableTagValue", _tag_list(ofdma_rows(plan))))
    return (
        _head(model)
        + '<script type="text/javascript">\n'
        + "".join(scripts)
        + '</script></head><body onload="init()"><table id="dsTable"></table>'
        + '<table id="usTable"></table></body></html>'
    )


_DS_HEADERS = (
    "Channel",
    "Lock Status",
    "Modulation",
    "Channel ID",
    "Frequency",
    "Power",
    "SNR",
    "Correctables",
    "Uncorrectables",
)
_US_HEADERS = (
    "Channel",
    "Lock Status",
    "US Channel Type",
    "Channel ID",
    "Symbol Rate",
    "Frequency",
    "Power",
)
_OFDM_HEADERS = (
    "Channel",
    "Lock Status",
    "Modulation / Profile ID",
    "Channel ID",
    "Frequency",
    "Power",
    "SNR / MER",
    "Active Subcarrier Number Range",
    "Unerrored Codewords",
    "Correctable Codewords",
    "Uncorrectable Codewords",
)
_OFDMA_HEADERS = (
    "Channel",
    "Lock Status",
    "Modulation / Profile ID",
    "Channel ID",
    "Frequency",
    "Power",
)


def _table(table_id: str, headers: tuple[str, ...], rows: list[list[str]]) -> str:
    head = "".join(f"<td><strong>{html.escape(cell)}</strong></td>" for cell in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f'<table id="{table_id}" class="table"><tr>{head}</tr>{body}</table>\n'


def render_table_page(plan: ChannelPlan, model: str) -> str:
    """Render DocsisStatus with server-side tables (the firmware without tagValueList)."""
    system = [
        ["Current System Time", "Tue Mar 04 10:11:12 2025"],
        ["System Up Time", uptime_text(plan.uptime_seconds, units=False)],
        ["Connectivity State", "Operational"],
    ]
    parts = [
        _head(model) + "</head><body>",
        '<table id="systemTable">'
        + "".join(f"<tr><td>{label}</td><td>{value}</td></tr>" for label, value in system)
        + "</table>\n",
        "<h3>Downstream Bonded Channels</h3>" + _table("dsTable", _DS_HEADERS, ds_rows(plan)),
        "<h3>Upstream Bonded Channels</h3>" + _table("usTable", _US_HEADERS, us_rows(plan)),
    ]
    if plan.has_docsis31:
        parts.append(_table("d31dsTable", _OFDM_HEADERS, ofdm_rows(plan)))
        parts.append(_table("d31usTable", _OFDMA_HEADERS, ofdma_rows(plan)))
    return "".join(parts) + "</body></html>"


def render_login_page(
    model: str, action: str, web_token: str, user_field: str, password_field: str
) -> str:
    """Render a login form carrying the one-time webToken."""
    return (
        _head(model)
        + "</head><body>"
        + f'<form name="loginForm" method="post" action="{html.escape(action)}">'
        + f'<input type="text" name="{user_field}" value="">'
        + f'<input type="password" name="{password_field}" value="">'
        + f'<input type="hidden" name="webToken" value="{web_token}">'
        + '<input type="submit" value="Login"></form></body></html>'
    )


class NetgearSimulator(ModemSimulator):
    """A Netgear modem: Basic auth per client address, or a form login with a session cookie."""

    model: ClassVar[str] = ""
    status_path: ClassVar[str] = ""
    login_page_path: ClassVar[str] = ""
    login_post_path: ClassVar[str] = ""
    user_field: ClassVar[str] = ""
    password_field: ClassVar[str] = ""

    def form_login(self) -> bool:
        """Return whether this firmware variant uses the login form instead of Basic auth."""
        return False

    def render_status(self) -> str:
        """Render the DOCSIS status page of this variant."""
        return render_tag_page(self.plan, self.model)

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The upstream table names the channel type only, never a QAM order."""
        expected = super().expected()
        for channel in expected["us"]:
            channel["modulation"] = None
        return expected

    def add_routes(self, app: web.Application) -> None:
        """Register the status page and the login form endpoints."""
        app.router.add_get(self.status_path, self.status)
        app.router.add_get(self.login_page_path, self.login_page)
        app.router.add_post(self.login_post_path, self.login)

    def _challenge(self) -> web.Response:
        return web.Response(
            status=401,
            text="<html><body><h1>401 Unauthorized</h1></body></html>",
            content_type="text/html",
            headers={"WWW-Authenticate": f'Basic realm="NETGEAR {self.model}"'},
        )

    def _basic_allowed(self, request: web.Request) -> bool | None:
        """Return True to serve, False to challenge (401); None when the header is absent."""
        header = request.headers.get("Authorization", "")
        if not header.lower().startswith("basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if not self.state.check_credentials(user, password):
            return False
        bound: dict[str, str] = self.state.extra.setdefault("basic_sessions", {})
        address = request.remote or ""
        token = bound.get(address)
        if token is None:
            bound[address] = self.state.new_session()
            return True
        if not self.state.session_valid(token):
            # The login timer ran out: the modem challenges once, as if nobody had logged in.
            del bound[address]
            return False
        return True

    def _web_tokens(self) -> dict[str, str]:
        tokens: dict[str, str] = self.state.extra.setdefault("web_tokens", {})
        return tokens

    def _login_response(self) -> web.Response:
        page_id, web_token = secrets.token_hex(4), secrets.token_hex(16)
        self._web_tokens()[page_id] = web_token
        action = f"{self.login_post_path}?id={page_id}"
        page = render_login_page(
            self.model, action, web_token, self.user_field, self.password_field
        )
        return web.Response(text=page, content_type="text/html")

    async def status(self, request: web.Request) -> web.Response:
        """Serve the status page to an authenticated client."""
        if self.form_login():
            if not self.state.session_valid(request.cookies.get(SESSION_COOKIE)):
                return self._login_response()
        elif not self._basic_allowed(request):
            return self._challenge()
        return web.Response(text=self.render_status(), content_type="text/html")

    async def login_page(self, request: web.Request) -> web.Response:
        """Serve the login form with a fresh webToken and page id."""
        return self._login_response()

    async def login(self, request: web.Request) -> web.Response:
        """Check the one-time webToken, then the credentials; set the session cookie."""
        form = await request.post()
        expected = self._web_tokens().pop(request.query.get("id", ""), None)
        if expected is None or form.get("webToken") != expected:
            return self._login_response()
        user, password = form.get(self.user_field), form.get(self.password_field)
        if not isinstance(user, str) or not isinstance(password, str):
            return self._login_response()
        if not self.state.check_credentials(user, password):
            return self._login_response()
        response = web.Response(status=302, headers={"Location": self.status_path})
        response.set_cookie(SESSION_COOKIE, self.state.new_session(), httponly=True)
        return response
