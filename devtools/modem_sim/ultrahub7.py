"""Vodafone Ultra Hub 7 simulator: JST JSON API, SJCL AES-CCM login, one web session."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from docsight_server.drivers import sjcl

from .base import ModemSimulator, SimState, register_simulator

INTERNAL_ID = "3"
SESSION_COOKIE = "DUKSID"


def web_ui_key(secret: str) -> bytes:
    """Return the AES key the hub derives from its X_VODAFONE_WebUISecret."""
    return sjcl.pbkdf2_sha256(secret[:10], secret[10:])


@register_simulator
class UltraHub7Simulator(ModemSimulator):
    """Serves the JST endpoints; variant other_session starts with a browser logged in."""

    key = "ultrahub7"
    variants = ("default", "other_session")
    default_user = ""
    checks_user = False
    has_error_counters = False
    single_session = True

    def __init__(self, state: SimState) -> None:
        """Create the hub's web secret and session tables."""
        super().__init__(state)
        state.extra.setdefault("secret", secrets.token_hex(5) + secrets.token_urlsafe(12))
        state.extra.setdefault("other_session", state.variant == "other_session")
        state.extra.setdefault("takeovers", 0)
        self.pending: dict[str, str] = {}
        self.csrf: dict[str, str] = {}

    def add_routes(self, app: web.Application) -> None:
        """Register the login and data endpoints."""
        app.router.add_get("/api/config/details.jst", self.config_details)
        app.router.add_get("/api/users/details.jst", self.user_details)
        app.router.add_post("/api/users/login.jst", self.login)
        app.router.add_post("/api/users/logout.jst", self.logout)
        app.router.add_get("/api/device/details.jst", self.device_details)
        app.router.add_get("/api/docsis/downstream/list.jst", self.downstream)
        app.router.add_get("/api/docsis/upstream/list.jst", self.upstream)

    async def config_details(self, request: web.Request) -> web.Response:
        """Hand out the user id and a csrf_token bound to a fresh, unauthenticated DUKSID."""
        pre_session = secrets.token_hex(16)
        csrf = secrets.token_hex(16)
        self.pending[pre_session] = csrf
        response = web.json_response(
            {
                "X_INTERNAL_ID": INTERNAL_ID,
                "csrf_token": csrf,
                "X_RDK_ONT_Veip_1_OperationalState": "",
            }
        )
        response.set_cookie(SESSION_COOKIE, pre_session, path="/", httponly=True)
        return response

    async def user_details(self, request: web.Request) -> web.Response:
        """Return the web UI secret (10-character salt + PBKDF2 salt) for the admin user."""
        if request.query.get("__id") != INTERNAL_ID:
            return web.json_response({"error": "unknown user"}, status=404)
        fields = request.query.get("X_INTERNAL_FIELDS", "")
        if "X_VODAFONE_WebUISecret" not in fields:
            return web.json_response({"__id": INTERNAL_ID})
        return web.json_response({"X_VODAFONE_WebUISecret": self.state.extra["secret"]})

    async def login(self, request: web.Request) -> web.Response:
        """Decrypt and check the password; refuse a second session unless Push=true."""
        form = await request.post()
        pre_session = request.cookies.get(SESSION_COOKIE, "")
        csrf = self.pending.pop(pre_session, None)
        if csrf is None or form.get("csrf_token") != csrf or form.get("__id") != INTERNAL_ID:
            return web.json_response({"error": "invalid csrf_token"}, status=403)
        try:
            password = sjcl.decrypt_json(
                web_ui_key(self.state.extra["secret"]), str(form.get("X_VODAFONE_Password", ""))
            ).decode("utf-8")
        except (sjcl.SjclError, UnicodeDecodeError):
            self.state.failed_logins += 1
            return web.json_response({"X_INTERNAL_Password_Status": "Invalid_PWD"})
        if not self.state.check_credentials(None, password):
            return web.json_response({"X_INTERNAL_Password_Status": "Invalid_PWD"})
        busy = self.state.extra["other_session"] or bool(self.state.sessions)
        if busy and form.get("Push") != "true":
            return web.json_response({"X_INTERNAL_Is_Duplicate": "true"})
        if busy:
            self.state.extra["other_session"] = False
            self.state.extra["takeovers"] += 1
            self.state.sessions.clear()
        token = self.state.new_session()
        self.csrf[token] = secrets.token_hex(16)
        response = web.json_response(
            {"X_INTERNAL_Is_Duplicate": "false", "csrf_token": self.csrf[token]}
        )
        response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True)
        return response

    async def logout(self, request: web.Request) -> web.Response:
        """End the session named by the cookie when the csrf_token matches."""
        form = await request.post()
        token = request.cookies.get(SESSION_COOKIE)
        if not self.state.session_valid(token) or form.get("csrf_token") != self.csrf.get(
            token or ""
        ):
            return web.json_response({"error": "Unauthorized"}, status=401)
        self.state.end_session(token)
        return web.json_response({})

    def _authorized(self, request: web.Request) -> bool:
        return self.state.session_valid(request.cookies.get(SESSION_COOKIE))

    @staticmethod
    def _denied() -> web.Response:
        return web.json_response({"error": "Unauthorized"}, status=401)

    async def device_details(self, request: web.Request) -> web.Response:
        """Return versions and uptime."""
        if not self._authorized(request):
            return self._denied()
        plan = self.plan
        return web.json_response(
            {
                "SoftwareVersion": plan.sw_version,
                "HardwareVersion": plan.hw_version,
                "SerialNumber": "SIM0000000001",
                "UpTime": str(plan.uptime_seconds),
                "X_VODAFONE_WANType": "DOCSIS",
            }
        )

    async def downstream(self, request: web.Request) -> web.Response:
        """Return every downstream channel, SC-QAM and OFDM mixed, unlocked ones included."""
        if not self._authorized(request):
            return self._denied()
        return web.json_response(self.downstream_list())

    async def upstream(self, request: web.Request) -> web.Response:
        """Return every upstream channel, SC-QAM and OFDMA mixed."""
        if not self._authorized(request):
            return self._denied()
        return web.json_response(self.upstream_list())

    def downstream_list(self) -> dict[str, list[dict[str, Any]]]:
        """Render the plan's downstream as /api/docsis/downstream/list.jst."""
        rows = [
            {
                "ChannelID": str(ch.channel_id),
                "Frequency": f"{ch.frequency_mhz:g} MHz",
                "Modulation": "OFDM" if ch.ofdm else ch.modulation,
                "PowerLevel": f"{ch.power:.1f} dBmV" if ch.locked else "0",
                "SNRLevel": f"{ch.snr:.1f} dB" if ch.locked else "0",
                "LockStatus": "Locked" if ch.locked else "Not Locked",
            }
            for ch in self.plan.ds
        ]
        return {"channels": rows}

    def upstream_list(self) -> dict[str, list[dict[str, Any]]]:
        """Render the plan's upstream as /api/docsis/upstream/list.jst."""
        rows = [
            {
                "ChannelID": str(ch.channel_id),
                "Frequency": f"{ch.frequency_mhz:g} MHz",
                "Modulation": "OFDMA" if ch.ofdma else ch.modulation,
                "PowerLevel": f"{ch.power:.1f} dBmV",
                "LockStatus": "Locked" if ch.locked else "Not Locked",
            }
            for ch in self.plan.us
        ]
        return {"channels": rows}
