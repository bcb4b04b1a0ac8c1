"""Vodafone Station simulator: variant cga (Technicolor JSON API) or tg (ARRIS PHP pages)."""

from __future__ import annotations

import json
import secrets
from typing import Any, NoReturn

from aiohttp import web

from docsight_server.drivers import sjcl

from . import vodafone_pages as pages
from .base import ModemSimulator, SimState, register_simulator
from .vodafone_pages import TgLoginPage

SESSION_COOKIE = "PHPSESSID"
CGA_MODEL = "CGA6444VF"
TG_AAD = b"loginPassword"
NONCE_AAD = b"nonce"
TG_LOCKOUT_SECONDS = 60


def cga_hash(password: str, salt: str, salt_web_ui: str) -> str:
    """Return the hash a CGA expects for a password (double PBKDF2-SHA256, 1000, 128 bit)."""
    inner = sjcl.pbkdf2_sha256(password, salt).hex()
    return sjcl.pbkdf2_sha256(inner, salt_web_ui).hex()


@register_simulator
class VodafoneStationSimulator(ModemSimulator):
    """Serves either the CGA JSON API or the TG PHP pages, with their login protocols."""

    key = "vodafone_station"
    variants = ("cga", "tg")

    def __init__(self, state: SimState) -> None:
        """Create the station's salts and session tables."""
        super().__init__(state)
        state.extra.setdefault("salt", secrets.token_hex(6))
        state.extra.setdefault("saltwebui", secrets.token_hex(6))
        self.csrf: dict[str, str] = {}
        self.ready: set[str] = set()
        self.login_pages: dict[str, TgLoginPage] = {}

    def add_routes(self, app: web.Application) -> None:
        """Register the variant's endpoints (the other variant's paths answer 404)."""
        if self.state.variant == "tg":
            app.router.add_get("/", self.tg_root)
            app.router.add_post("/php/ajaxSet_Password.php", self.tg_password)
            app.router.add_post("/php/ajaxSet_Session.php", self.tg_session)
            app.router.add_post("/php/logout.php", self.tg_logout)
            app.router.add_get("/php/status_docsis_data.php", self.tg_docsis)
            app.router.add_get("/php/status_status_data.php", self.tg_status_data)
            return
        app.router.add_get("/", self.cga_root)
        app.router.add_get("/api/v1/login_conf", self.cga_login_conf)
        app.router.add_post("/api/v1/session/login", self.cga_login)
        app.router.add_get("/api/v1/session/menu", self.cga_menu)
        app.router.add_post("/api/v1/session/logout", self.cga_logout)
        app.router.add_get("/api/v1/sta_docsis_status", self.cga_docsis)
        app.router.add_get("/api/v1/sta_device_info", self.cga_device)

    # ----- CGA ---------------------------------------------------------------------------

    async def cga_root(self, request: web.Request) -> web.Response:
        """Return the single-page app shell."""
        return web.Response(
            text="<html><head><title>Vodafone Station</title></head><body>"
            "<div id='app'></div><script src='/js/app.js'></script></body></html>",
            content_type="text/html",
        )

    async def cga_login_conf(self, request: web.Request) -> web.Response:
        """Return the open login configuration (model, firmware, mode)."""
        data = {"ModelName": CGA_MODEL, "firmwareversion": self.plan.sw_version}
        return web.json_response(
            {"error": "ok", "message": "", "data": {**data, "DeviceMode": "Router"}}
        )

    async def cga_login(self, request: web.Request) -> web.Response:
        """Step 1 (password=seeksalthash) returns the salts; step 2 checks the hash."""
        form = await request.post()
        user = str(form.get("username", ""))
        posted = str(form.get("password", ""))
        if posted == "seeksalthash":
            return web.json_response(
                {
                    "error": "ok",
                    "salt": self.state.extra["salt"],
                    "saltwebui": self.state.extra["saltwebui"],
                }
            )
        expected = cga_hash(
            self.state.password, self.state.extra["salt"], self.state.extra["saltwebui"]
        )
        if posted != expected:
            self.state.failed_logins += 1
            return web.json_response({"error": "error", "message": "MSG_LOGIN_1"})
        if not self.state.check_credentials(user, self.state.password):
            return web.json_response({"error": "error", "message": "MSG_LOGIN_1"})
        if form.get("logout") == "true":
            self.state.sessions.clear()
        token = self.state.new_session()
        self.csrf[token] = secrets.token_hex(16)
        response = web.json_response({"error": "ok", "message": "MSG_LOGIN_OK"})
        response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True)
        response.set_cookie("auth", self.csrf[token], path="/")
        return response

    def _cga_session(self, request: web.Request) -> str | None:
        token = request.cookies.get(SESSION_COOKIE)
        if not self.state.session_valid(token) or token is None:
            return None
        if request.headers.get("X-CSRF-TOKEN") != self.csrf.get(token):
            return None
        return token

    @staticmethod
    def _cga_denied() -> web.Response:
        return web.json_response({"error": "error", "message": "MSG_NOT_LOGGED_IN"}, status=401)

    async def cga_menu(self, request: web.Request) -> web.Response:
        """Open the session's menu; data calls before it are refused, as in the browser flow."""
        token = self._cga_session(request)
        if token is None:
            return self._cga_denied()
        self.ready.add(token)
        return web.json_response({"error": "ok", "message": "", "data": {"menu": ["overview"]}})

    async def cga_logout(self, request: web.Request) -> web.Response:
        """End the session."""
        token = self._cga_session(request)
        if token is None:
            return self._cga_denied()
        self.state.end_session(token)
        return web.json_response({"error": "ok", "message": ""})

    def _cga_ready(self, request: web.Request) -> bool:
        token = self._cga_session(request)
        return token is not None and token in self.ready

    async def cga_device(self, request: web.Request) -> web.Response:
        """Return the device information."""
        if not self._cga_ready(request):
            return self._cga_denied()
        plan = self.plan
        data = {
            "ModelName": CGA_MODEL,
            "SoftwareVersion": plan.sw_version,
            "HardwareVersion": plan.hw_version,
            "SerialNumber": "SIM0000000002",
            "uptime": str(plan.uptime_seconds),
            "CMStatus": "OPERATIONAL",
        }
        return web.json_response({"error": "ok", "message": "all values retrieved", "data": data})

    async def cga_docsis(self, request: web.Request) -> web.Response:
        """Return the four channel lists; unlocked channels are listed as "Not Locked"."""
        if not self._cga_ready(request):
            return self._cga_denied()
        return web.json_response(
            {"error": "ok", "message": "all values retrieved", "data": self.cga_docsis_data()}
        )

    def cga_docsis_data(self) -> dict[str, Any]:
        """Render the plan as the CGA's sta_docsis_status `data` object."""
        return pages.cga_docsis_data(self.plan)

    # ----- TG ----------------------------------------------------------------------------

    def _tg_token(self, request: web.Request) -> str | None:
        token = request.cookies.get(SESSION_COOKIE)
        if token is None or not self.state.session_valid(token) or token not in self.ready:
            return None
        if request.headers.get("csrfNonce") != self.csrf.get(token):
            return None
        return token

    @staticmethod
    def _to_login() -> NoReturn:
        raise web.HTTPFound("/")

    async def tg_root(self, request: web.Request) -> web.Response:
        """Return the status page for /?status_status, else a fresh login page."""
        if "status_status" in request.query:
            if self._tg_token(request) is None:
                return self._to_login()
            return web.Response(text=pages.TG_STATUS_PAGE, content_type="text/html")
        page = TgLoginPage(secrets.token_hex(16), secrets.token_hex(8), secrets.token_hex(8))
        pre_session = secrets.token_hex(16)
        self.login_pages[pre_session] = page
        response = web.Response(text=pages.tg_login_page(page), content_type="text/html")
        response.set_cookie(SESSION_COOKIE, pre_session, path="/", httponly=True)
        return response

    async def tg_password(self, request: web.Request) -> web.Response:
        """Decrypt {Password, Nonce} with the key of the stored password; hand out a nonce."""
        page = self.login_pages.pop(request.cookies.get(SESSION_COOKIE, ""), None)
        if self.state.locked_out:
            return web.json_response({"p_status": "Lockout", "p_waitTime": TG_LOCKOUT_SECONDS})
        try:
            body = await request.json()
            if (
                page is None
                or not isinstance(body, dict)
                or body.get("AuthData") != "loginPassword"
            ):
                raise ValueError("no login page or wrong AuthData")
            key = sjcl.pbkdf2_sha256(self.state.password, bytes.fromhex(page.salt_hex))
            iv = bytes.fromhex(page.iv_hex)
            plain = sjcl.ccm_decrypt(key, iv, bytes.fromhex(str(body["EncryptData"])), TG_AAD, 16)
            secret = json.loads(plain)
            if secret.get("Nonce") != page.session_id:
                raise ValueError("stale session id")
        except (ValueError, KeyError, sjcl.SjclError, AttributeError):
            self.state.failed_logins += 1
            return web.json_response({"p_status": "Mismatch", "p_waitTime": 0})
        user = str(body.get("Name", ""))
        if not self.state.check_credentials(user, str(secret.get("Password", ""))):
            return web.json_response({"p_status": "Mismatch", "p_waitTime": 0})
        token = self.state.new_session()
        self.csrf[token] = secrets.token_hex(16)
        encrypted = sjcl.ccm_encrypt(key, iv, self.csrf[token].encode(), NONCE_AAD, 16)
        status = "AdminMatch" if user == "admin" else "Match"
        response = web.json_response({"p_status": status, "encryptData": encrypted.hex()})
        response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True)
        return response

    async def tg_session(self, request: web.Request) -> web.Response:
        """Activate the session when the csrfNonce header matches."""
        token = request.cookies.get(SESSION_COOKIE)
        if (
            token is None
            or not self.state.session_valid(token)
            or request.headers.get("csrfNonce") != self.csrf.get(token)
        ):
            return web.json_response({"LoginStatus": "no"})
        self.ready.add(token)
        return web.json_response({"LoginStatus": "yes"})

    async def tg_logout(self, request: web.Request) -> web.Response:
        """End the session."""
        token = self._tg_token(request)
        if token is not None:
            self.state.end_session(token)
        return self._to_login()

    async def tg_docsis(self, request: web.Request) -> web.Response:
        """Return the DOCSIS page with its embedded arrays; a dead session goes to login."""
        if self._tg_token(request) is None:
            return self._to_login()
        return web.Response(text=self.tg_docsis_page(), content_type="text/html")

    def tg_docsis_page(self) -> str:
        """Render the plan as status_docsis_data.php."""
        return pages.tg_docsis_page(self.plan)

    async def tg_status_data(self, request: web.Request) -> web.Response:
        """Return the status data script variables."""
        if self._tg_token(request) is None:
            return self._to_login()
        return web.Response(text=pages.tg_status_script(self.plan), content_type="text/html")
