"""Arris SURFboard simulator: HNAP1 JSON login and data (S34, SB8200) or the HTML firmware.

Variants: "s34" (HMAC-SHA256, Customer namespace, frequencies in Hz, "256QAM"), "sb8200"
(HMAC-MD5, Moto namespace, frequencies in MHz, "QAM256") and "html" (no HNAP: base64
credential query returns a token, pages are read with ?ct_<token>).
The server verifies HNAP_AUTH on every call, the Login request too (with "withoutloginkey");
a wrong HMAC algorithm there gets LoginResult "ERROR", which is how a client tells MD5 from
SHA-256 firmware before it sends anything derived from the password.
Assumed (not public): ConnectionInfo carries StatusSoftwareModelName and StatusSoftwareSfVer;
an unknown action inside GetMultipleHNAPs fails the whole call with "ERROR"; a dead session
answers "UN-AUTH".
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .cm8200 import (
    decode_credentials,
    format_uptime,
    render_login,
    render_status,
    render_swinfo,
    with_stated_us_type,
)
from .plan import ChannelPlan

_HNAP = {
    "s34": {"algorithm": "sha256", "namespace": "Customer", "model": "S34"},
    "sb8200": {"algorithm": "md5", "namespace": "Moto", "model": "SB8200"},
}
_MOTO_QAM = {"64QAM": "QAM64", "256QAM": "QAM256", "1024QAM": "QAM1024", "16QAM": "QAM16"}
HTML_MODEL = "SB8200"


def _hmac(key: str, message: str, algorithm: str) -> str:
    return hmac.new(key.encode(), message.encode(), getattr(hashlib, algorithm)).hexdigest().upper()


def _frequency(mhz: float, in_hz: bool) -> str:
    return str(round(mhz * 1_000_000)) if in_hz else f"{mhz:.1f}"


def render_downstream(plan: ChannelPlan, variant: str) -> str:
    """Return the DS channel string: num^lock^modulation^id^freq^power^snr^corr^uncorr^."""
    in_hz = variant == "s34"
    records = []
    for index, ch in enumerate(plan.ds, start=1):
        if ch.ofdm:
            spelled = "OFDM PLC"
        else:
            spelled = ch.modulation if in_hz else _MOTO_QAM.get(ch.modulation, ch.modulation)
        fields = (
            str(index),
            "Locked" if ch.locked else "Not Locked",
            spelled,
            str(ch.channel_id),
            _frequency(ch.frequency_mhz, in_hz),
            f" {ch.power:.1f}",
            f" {ch.snr:.1f}",
            str(ch.corrected),
            str(ch.uncorrectable),
        )
        records.append("^".join(fields) + "^")
    return "|+|".join(records)


def render_upstream(plan: ChannelPlan, variant: str) -> str:
    """Return the US channel string: num^lock^type^id^width^freq^power^."""
    in_hz = variant == "s34"
    records = []
    for index, ch in enumerate(plan.us, start=1):
        width = str(round(ch.width_mhz * 1_000_000)) if in_hz else str(ch.symbol_rate_ksym)
        fields = (
            str(index),
            "Locked" if ch.locked else "Not Locked",
            "OFDMA" if ch.ofdma else "SC-QAM",
            str(ch.channel_id),
            width,
            _frequency(ch.frequency_mhz, in_hz),
            f" {ch.power:.1f}",
        )
        records.append("^".join(fields) + "^")
    return "|+|".join(records)


def render_login_html(model: str) -> str:
    """Return /Login.html of the HNAP firmware: the page that loads the HNAP scripts."""
    return (
        "<!DOCTYPE html><html><head><title>SURFboard " + model + " Login</title>"
        "<script src='./js/SOAP/SOAPAction.js'></script>"
        "<script src='./js/hmac2.js'></script>"
        "<script>var HNAP_URL = '/HNAP1/';</script></head><body>"
        f"<span id='thisModelNumberIs'>{model}</span>"
        "<input type='text' id='loginUsername'><input type='password' id='loginWAP'>"
        "</body></html>"
    )


@register_simulator
class SurfboardSimulator(ModemSimulator):
    """Speaks HNAP1 (challenge-response HMAC login, HNAP_AUTH per call) or the HTML firmware."""

    key = "surfboard"
    variants = ("s34", "sb8200", "html")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Track pending challenges and logged-in uids."""
        super().__init__(*args, **kwargs)
        self.pending: dict[str, tuple[str, str]] = {}
        self.logged_in: dict[str, tuple[str, str]] = {}

    @property
    def hnap(self) -> dict[str, str] | None:
        """Return the HNAP firmware settings, None for the HTML firmware."""
        return _HNAP.get(self.state.variant)

    def add_routes(self, app: web.Application) -> None:
        """HNAP variants serve /HNAP1/ and /Login.html; the HTML one its two pages."""
        if self.hnap is not None:
            app.router.add_post("/HNAP1/", self.hnap1)
            app.router.add_get("/Login.html", self.login_page)
        else:
            app.router.add_get("/cmconnectionstatus.html", self.html_status)
            app.router.add_get("/cmswinfo.html", self.html_swinfo)

    async def login_page(self, request: web.Request) -> web.Response:
        """Return the login page (open, no credentials needed)."""
        assert self.hnap is not None
        return web.Response(text=render_login_html(self.hnap["model"]), content_type="text/html")

    def _auth_ok(self, request: web.Request, action: str, key: str) -> bool:
        assert self.hnap is not None
        digest, _, timestamp = request.headers.get("HNAP_AUTH", "").partition(" ")
        soap = request.headers.get("SOAPAction", "")
        if soap != f'"http://purenetworks.com/HNAP1/{action}"' or not timestamp.isdigit():
            return False
        wanted = _hmac(key, timestamp + soap, self.hnap["algorithm"])
        return hmac.compare_digest(digest, wanted)

    async def hnap1(self, request: web.Request) -> web.Response:
        """Dispatch an HNAP call by its SOAPAction."""
        action = request.headers.get("SOAPAction", "").strip('"').rsplit("/", 1)[-1]
        try:
            body = json.loads(await request.text())
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        if action == "Login":
            return web.json_response(self._login(request, body.get("Login") or {}))
        uid = request.cookies.get("uid", "")
        session = self.logged_in.get(uid)
        if (
            session is None
            or not self.state.session_valid(session[0])
            or not self._auth_ok(request, action, session[1])
        ):
            return web.json_response({f"{action}Response": {f"{action}Result": "UN-AUTH"}})
        if action != "GetMultipleHNAPs":
            return web.json_response({f"{action}Response": {f"{action}Result": "ERROR"}})
        return web.json_response(self._multiple(body.get("GetMultipleHNAPs") or {}))

    def _login(self, request: web.Request, login: dict[str, Any]) -> dict[str, Any]:
        assert self.hnap is not None
        algorithm = self.hnap["algorithm"]
        if login.get("Action") == "request":
            if not self._auth_ok(request, "Login", "withoutloginkey"):
                return {"LoginResponse": {"LoginResult": "ERROR"}}
            uid = secrets.token_hex(8)
            challenge, public_key = secrets.token_hex(10).upper(), secrets.token_hex(10).upper()
            self.pending[uid] = (challenge, public_key)
            return {
                "LoginResponse": {
                    "Challenge": challenge,
                    "Cookie": uid,
                    "PublicKey": public_key,
                    "LoginResult": "OK",
                }
            }
        uid = request.cookies.get("uid", "")
        if uid not in self.pending:
            return {"LoginResponse": {"LoginResult": "FAILED"}}
        challenge, public_key = self.pending.pop(uid)
        if self.state.locked_out:
            return {"LoginResponse": {"LoginResult": "LOCKUP"}}
        key = _hmac(public_key + self.state.password, challenge, algorithm)
        answer = str(login.get("LoginPassword", ""))
        good = (
            login.get("Username") == self.state.user
            and hmac.compare_digest(answer, _hmac(key, challenge, algorithm))
            and self._auth_ok(request, "Login", key)
        )
        if not good:
            # The password never travels; a wrong HMAC is the modem's "wrong password".
            self.state.failed_logins += 1
            return {"LoginResponse": {"LoginResult": "FAILED"}}
        self.logged_in[uid] = (self.state.new_session(), key)
        return {"LoginResponse": {"LoginResult": "OK"}}

    def _multiple(self, wanted: dict[str, Any]) -> dict[str, Any]:
        assert self.hnap is not None
        namespace, variant, plan = self.hnap["namespace"], self.state.variant, self.plan
        answers = {
            f"Get{namespace}StatusDownstreamChannelInfo": {
                f"{namespace}ConnDownstreamChannel": render_downstream(plan, variant)
            },
            f"Get{namespace}StatusUpstreamChannelInfo": {
                f"{namespace}ConnUpstreamChannel": render_upstream(plan, variant)
            },
            f"Get{namespace}StatusStartupSequence": {
                f"{namespace}ConnDSFreq": _frequency(plan.ds[0].frequency_mhz, True),
                f"{namespace}ConnConnectivityStatus": "OK",
                f"{namespace}ConnBootStatus": "OK",
                f"{namespace}ConnSecurityStatus": "Enabled",
            },
            f"Get{namespace}StatusConnectionInfo": {
                f"{namespace}CurSystemTime": "Mon Jan 01 00:00:00 2024",
                f"{namespace}ConnSystemUpTime": format_uptime(plan.uptime_seconds),
                f"{namespace}ConnNetworkAccess": "Allowed",
                "StatusSoftwareModelName": self.hnap["model"],
                "StatusSoftwareSfVer": plan.sw_version,
            },
        }
        if any(name not in answers for name in wanted):
            return {"GetMultipleHNAPsResponse": {"GetMultipleHNAPsResult": "ERROR"}}
        response: dict[str, Any] = {
            f"{name}Response": {**answers[name], f"{name}Result": "OK"} for name in wanted
        }
        response["GetMultipleHNAPsResult"] = "OK"
        return {"GetMultipleHNAPsResponse": response}

    def _html(self, text: str) -> web.Response:
        return web.Response(text=text, content_type="text/html")

    async def html_status(self, request: web.Request) -> web.Response:
        """?login_<base64> answers a token; ?ct_<token> the status page; else the login page."""
        query = request.query_string
        if query.startswith("login_"):
            credentials = decode_credentials(query.removeprefix("login_"))
            if credentials is None:
                self.state.failed_logins += 1
            elif self.state.check_credentials(*credentials):
                return web.Response(text=self.state.new_session(), content_type="text/plain")
            return self._html(render_login(HTML_MODEL))
        if not self.state.session_valid(query.removeprefix("ct_") if query else None):
            return self._html(render_login(HTML_MODEL))
        return self._html(render_status(self.plan, HTML_MODEL))

    async def html_swinfo(self, request: web.Request) -> web.Response:
        """?ct_<token> answers the software page; else the login page."""
        query = request.query_string
        if not self.state.session_valid(query.removeprefix("ct_") if query else None):
            return self._html(render_login(HTML_MODEL))
        return self._html(render_swinfo(self.plan, HTML_MODEL))

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """Neither HNAP nor HTML firmware shows the upstream QAM order, only the type SC-QAM."""
        return with_stated_us_type(super().expected(), "SC-QAM")
