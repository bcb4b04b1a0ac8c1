"""Sercom DM1000 simulator: setup.cgi form login bound to the client address, JSON tables."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .hitron import OFDM_PLAN_BASE, OFDMA_PLAN_BASE, with_modem_docsis31_ids

# The modem's own spelling: the JSON answers carry this content type.
JSON_CONTENT_TYPE = "applation/json"
LOGIN_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>DM1000</title>
<script type="text/javascript" src="js/base64.js"></script>
</head><body>
<form name="login" method="post" action="setup.cgi">
<input type="hidden" name="todo" value="login">
<input type="hidden" name="this_file" value="login.html">
<input type="hidden" name="next_file" value="">
<table><tr><td>User Name</td><td><input type="text" name="login_user" value=""></td></tr>
<tr><td>Password</td><td><input type="password" name="pws" value=""></td></tr></table>
<p class="message">{message}</p>
<input type="submit" name="submit" value="Apply">
</form></body></html>
"""
STATUS_PAGE = """<!DOCTYPE html>
<html><head><title>DM1000</title></head><body>
<table><tr><th><script>dw(str_status16)</script></th><td align="left">{uptime}</td></tr></table>
</body></html>
"""


def _json(payload: dict[str, Any]) -> web.Response:
    return web.Response(
        body=json.dumps(payload).encode("utf-8"), headers={"Content-Type": JSON_CONTENT_TYPE}
    )


@register_simulator
class SercomDm1000Simulator(ModemSimulator):
    """Serves login.html, setup.cgi (login and todo=... tables) and status.html.

    Sessions are bound to the client address, as on the modem. Variant "base64" reads the
    password base64-encoded (the captured web UI) and shows a dead session the login page;
    variant "plain" reads it as typed and redirects a dead session to login.html.
    """

    key = "sercom_dm1000"
    variants = ("base64", "plain")
    default_user = "technician"
    ofdm_error_counters = False

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """OFDM receivers and OFDMA channels keep the modem's numbers where no SC-QAM id clashes."""
        return with_modem_docsis31_ids(super().expected())

    def add_routes(self, app: web.Application) -> None:
        """Register the pages and setup.cgi."""
        app.router.add_get("/", self.login_page)
        app.router.add_get("/login.html", self.login_page)
        app.router.add_get("/status.html", self.status_page)
        app.router.add_post("/setup.cgi", self.login)
        app.router.add_get("/setup.cgi", self.setup_get)

    @property
    def _by_address(self) -> dict[str, str]:
        return self.state.extra.setdefault("sessions_by_address", {})  # type: ignore[no-any-return]

    @property
    def _primed(self) -> set[str]:
        return self.state.extra.setdefault("status_page_seen", set())  # type: ignore[no-any-return]

    def _session(self, request: web.Request) -> str | None:
        token = self._by_address.get(request.remote or "")
        return token if self.state.session_valid(token) else None

    async def login_page(self, request: web.Request) -> web.Response:
        """Return the login form."""
        return web.Response(text=LOGIN_PAGE.format(message=""), content_type="text/html")

    def _password(self, form_value: str) -> str | None:
        if self.state.variant == "plain":
            return form_value
        try:
            return base64.b64decode(form_value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None

    async def login(self, request: web.Request) -> web.Response:
        """Handle todo=login: a good login binds a session to the client address."""
        form = await request.post()
        if form.get("todo") != "login":
            return web.Response(text=LOGIN_PAGE.format(message=""), content_type="text/html")
        password = self._password(str(form.get("pws", "")))
        user = str(form.get("login_user", ""))
        if password is None or not self.state.check_credentials(user, password):
            if password is None:
                self.state.failed_logins += 1
            page = LOGIN_PAGE.format(message="Invalid user name or password")
            return web.Response(text=page, content_type="text/html")
        address = request.remote or ""
        old = self._by_address.get(address)
        if old is not None:
            self.state.sessions.discard(old)
        self._by_address[address] = self.state.new_session()
        page = '<html><head><meta http-equiv="refresh" content="0; url=status.html"></head></html>'
        return web.Response(text=page, content_type="text/html")

    async def status_page(self, request: web.Request) -> web.Response:
        """Return the status page; opening it unlocks the RF tables for the session."""
        token = self._session(request)
        if token is None:
            raise web.HTTPFound("/login.html")
        self._primed.add(token)
        days, rest = divmod(self.plan.uptime_seconds, 86400)
        uptime = f"{days} d: {rest // 3600} h: {rest % 3600 // 60} m"
        return web.Response(text=STATUS_PAGE.format(uptime=uptime), content_type="text/html")

    async def setup_get(self, request: web.Request) -> web.StreamResponse:
        """Answer todo=... with JSON, or the login page when the session is gone."""
        token = self._session(request)
        if token is None:
            if self.state.variant == "plain":
                raise web.HTTPFound("login.html")
            return web.Response(text=LOGIN_PAGE.format(message=""), content_type="text/html")
        todo = request.query.get("todo", "")
        tables = {
            "RF_DS_param": self.rf_ds,
            "RF_DS_31_param": self.rf_ds_31,
            "RF_US_param": self.rf_us,
            "RF_US_31_param": self.rf_us_31,
        }
        if todo in tables:
            # Until the status page was opened the firmware serves empty RF tables.
            return _json(tables[todo]() if token in self._primed else {"nodes": []})
        if todo == "Pd_info":
            return _json(self.pd_info())
        if todo == "Interface_param":
            return _json(self.interface_param())
        return _json({"errCode": "404", "errMsg": "unknown request"})

    def pd_info(self) -> dict[str, Any]:
        """Return the product information."""
        return {
            "nodes": [
                {
                    "ModelName": "DM1000",
                    "VendorName": "Sercomm",
                    "HardwareVersion": self.plan.hw_version,
                    "SoftwareVersion": self.plan.sw_version,
                    "SerialNumber": "SIM00000001",
                }
            ]
        }

    def interface_param(self) -> dict[str, Any]:
        """Return the interface list."""
        return {
            "nodes": [
                {"name": "wan0", "mac": "00:11:22:33:44:55", "state": "up"},
                {"name": "lan0", "mac": "00:11:22:33:44:56", "state": "up"},
            ]
        }

    def rf_ds(self) -> dict[str, Any]:
        """Return the SC-QAM receivers (frequency in Hz); unlocked ones show QAM_NONE."""
        rows = []
        for index, ch in enumerate(self.plan.ds):
            if ch.ofdm:
                continue
            rows.append(
                {
                    "numD": str(index + 1),
                    "DCIDD": str(ch.channel_id) if ch.locked else "0",
                    "FreqD": str(round(ch.frequency_mhz * 1_000_000)) if ch.locked else "0",
                    "SNRD": f"{ch.snr:.6f}" if ch.locked else "0.000000",
                    "qamD": ch.modulation if ch.locked else "QAM_NONE",
                    "octetsD": str(-1_688_606_920 + index),
                    "correctedsD": str(ch.corrected) if ch.locked else "0",
                    "uncorrectedsD": str(ch.uncorrectable) if ch.locked else "0",
                    "PowerD": f"{ch.power:.6f}" if ch.locked else "0.000000",
                }
            )
        return {"nodes": rows}

    def rf_ds_31(self) -> dict[str, Any]:
        """Return the OFDM receivers; MER averages are whole dB on the modem, tenths here."""
        rows = [
            {
                "num": str(ch.channel_id - OFDM_PLAN_BASE),
                "fftType": "4K",
                "OFDMFreq": str(round(ch.frequency_mhz * 1_000_000)),
                "PLC": "YES",
                "NCP": "YES",
                "MDC1": "YES",
                "PLC_power": f"{ch.power:.6f}",
                "AV_Pilot": f"{ch.snr + 5:.1f}",
                "AV_PLC": f"{ch.snr + 1:.1f}",
                "AV_Data": f"{ch.snr:.1f}",
            }
            for ch in self.plan.ds_ofdm
        ]
        rows.append(
            {
                "num": str(len(rows)),
                "fftType": "4K",
                "OFDMFreq": "0",
                "PLC": "NO",
                "NCP": "NO",
                "MDC1": "NO",
                "PLC_power": "0.000000",
                "AV_Pilot": "0",
                "AV_PLC": "0",
                "AV_Data": "0",
            }
        )
        return {"nodes": rows}

    def rf_us(self) -> dict[str, Any]:
        """Return the SC-QAM transmitters (MHz, MSym/s); an idle one reports QAM_NONE/-inf."""
        rows = [
            {
                "num": str(index),
                "Freq": f"{ch.frequency_mhz:.6f}",
                "rate": f"    {ch.symbol_rate_ksym / 1000:.2f}",
                "modulation": ch.modulation,
                "channelType": "DOCSIS 3.0",
                "rep_power": f"{ch.power:.6f}",
                "upstream": str(ch.channel_id),
            }
            for index, ch in enumerate(self.plan.us_qam)
        ]
        rows.append(
            {
                "num": str(len(rows)),
                "Freq": "9.961089",
                "rate": " Invalid",
                "modulation": "QAM_NONE",
                "channelType": "DOCSIS 3.0",
                "rep_power": "-inf",
                "upstream": "---",
            }
        )
        return {"nodes": rows}

    def rf_us_31(self) -> dict[str, Any]:
        """Return the OFDMA table transposed: one row per field, one indexN per channel."""
        channels = self.plan.us_ofdma
        columns: list[dict[str, str]] = [
            {
                "CH": str(ch.channel_id - OFDMA_PLAN_BASE),
                "Power": "ON",
                "STATE": "    RNG3",
                "BW (sc s*fft)": f"{ch.width_mhz:.6f}",
                "rep power": f"{ch.power + 13.9:.6f}",
                "rep power1_6": f"{ch.power:.6f}",
                "FFT SIZE": "2K",
                "Center Freq SC0": f"{ch.frequency_mhz:.6f}",
                "bit Loading": "8",
            }
            for ch in channels
        ]
        columns.append(
            {
                "CH": str(len(columns)),
                "Power": "OFF",
                "STATE": "DISABLED",
                "BW (sc s*fft)": "0.000000",
                "rep power": "0.000000",
                "rep power1_6": "0.000000",
                "FFT SIZE": "2K",
                "Center Freq SC0": "0.000000",
                "bit Loading": "0",
            }
        )
        names = list(columns[0])
        rows = [
            {"name": name, **{f"index{i + 1}": col[name] for i, col in enumerate(columns)}}
            for name in names
        ]
        return {"nodes": rows}
