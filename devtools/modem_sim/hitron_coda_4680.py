"""Hitron CODA-4680 simulator: form login, session cookie, Backbone JSON under /1/Device/CM/."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .hitron import OFDM_PLAN_BASE, OFDMA_PLAN_BASE, with_modem_docsis31_ids

SESSION_COOKIE = "userid"
LOGIN_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>CODA-4680</title>
<script src="/webpages/js/lib/backbone.js"></script>
<script>
var LoginModel = Backbone.Model.extend({url: "/1/Device/Users/Login"});
</script></head>
<body><form id="loginForm">
<input type="text" name="username" id="username">
<input type="password" name="password" id="password">
<button type="submit">Login</button>
</form></body></html>
"""
_DS_MODULATION = {"64QAM": "QAM64", "256QAM": "QAM256", "1024QAM": "QAM1024"}


def _ok(**fields: Any) -> dict[str, Any]:
    return {"errCode": "000", "errMsg": "", **fields}


@register_simulator
class HitronCoda4680Simulator(ModemSimulator):
    """Serves the login API and the CM objects the CODA-4680 status pages load.

    Variant "captured" is the firmware of the known captures: the login answers an empty 200,
    a dead session gets HTTP 401, DsOfdm has no SNR/counters and UsOfdm no frequency.
    Variant "extended" answers the login with errCode JSON, redirects a dead session to the
    login page, and its OFDM tables carry the SNR/counter/frequency fields of the CODA-56.
    """

    key = "hitron_coda_4680"
    variants = ("captured", "extended")
    default_user = "admin"

    @property
    def extended(self) -> bool:
        """Return whether the richer firmware variant is served."""
        return self.state.variant == "extended"

    def add_routes(self, app: web.Application) -> None:
        """Register the login page, the login API and the CM objects."""
        app.router.add_get("/", self.root)
        app.router.add_get("/webpages/login.html", self.login_page)
        app.router.add_post("/1/Device/Users/Login", self.login)
        objects = {
            "Version": self.version,
            "SysInfo": self.sysinfo,
            "DsInfo": self.dsinfo,
            "UsInfo": self.usinfo,
            "DsOfdm": self.dsofdm,
            "UsOfdm": self.usofdm,
        }
        for name, render in objects.items():
            app.router.add_get(f"/1/Device/CM/{name}", self._guarded(render))

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """The captured firmware reports no OFDM MER/counters and no OFDMA frequency."""
        expected = with_modem_docsis31_ids(super().expected())
        if self.extended:
            return expected
        for channel in expected["ds"]:
            if channel["channel_family"] == "ofdm":
                del channel["snr"]
                channel["correctable_errors"] = None
                channel["uncorrectable_errors"] = None
        for channel in expected["us"]:
            if channel["channel_family"] == "ofdma":
                channel["frequency_mhz"] = None
        return expected

    async def root(self, request: web.Request) -> web.Response:
        """The web UI's start page sends the browser to the login page."""
        raise web.HTTPFound("/webpages/login.html")

    async def login_page(self, request: web.Request) -> web.Response:
        """Return the login page (no session needed)."""
        return web.Response(text=LOGIN_PAGE, content_type="text/html")

    async def login(self, request: web.Request) -> web.Response:
        """Check the JSON credentials in the `model` form field and open a session."""
        form = await request.post()
        try:
            model = json.loads(str(form.get("model", "")))
        except ValueError:
            model = {}
        user = str(model.get("username", "")) if isinstance(model, dict) else ""
        password = str(model.get("password", "")) if isinstance(model, dict) else ""
        if not self.state.check_credentials(user, password):
            if self.extended:
                return web.Response(text="", status=200)
            return web.json_response({"errCode": "101", "errMsg": "Invalid username or password"})
        token = self.state.new_session()
        response = web.json_response(_ok()) if self.extended else web.Response(text="", status=200)
        response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True)
        return response

    def _guarded(self, render: Any) -> Any:
        async def handler(request: web.Request) -> web.StreamResponse:
            if not self.state.session_valid(request.cookies.get(SESSION_COOKIE)):
                if self.extended:
                    raise web.HTTPFound("/webpages/login.html")
                return web.json_response({"errCode": "401", "errMsg": "Unauthorized"}, status=401)
            return web.json_response(render())

        return handler

    def version(self) -> dict[str, Any]:
        """Return the identity object."""
        return _ok(
            modelName="CODA-4680-TPIA",
            vendorName="Hitron Technologies",
            SerialNum="SIM0000000001",
            HwVersion=self.plan.hw_version,
            ApiVersion="1.12.1",
            SoftwareVersion=self.plan.sw_version,
            Model=f"CODA-4680-TPIA ({self.plan.hw_version})",
            ModelReport="CODA-4680-TPIA",
        )

    def sysinfo(self) -> dict[str, Any]:
        """Return the provisioning object (rates in bit/s)."""
        return _ok(
            ntAccess="Permitted",
            macAddr="00:11:22:33:44:55",
            ip=["10.78.158.23"],
            subMask="255.255.255.192",
            gw="10.78.158.1",
            lease="D: 7 H: 00 M: 00 S: 00",
            Configname="bac10a000106b0f530913980",
            DsDataRate=str(self.plan.max_downstream_kbps * 1000),
            UsDataRate=str(self.plan.max_upstream_kbps * 1000),
        )

    def dsinfo(self) -> dict[str, Any]:
        """Return the SC-QAM downstream list (frequency in Hz, modulation as QAMnnn)."""
        rows = [
            {
                "portId": str(index + 1),
                "frequency": str(round(ch.frequency_mhz * 1_000_000)),
                "modulation": _DS_MODULATION[ch.modulation],
                "signalStrength": f"{ch.power:.3f}",
                "snr": f"{ch.snr:.3f}",
                "channelId": str(ch.channel_id),
                "dsoctets": str(1_591_166_190 + index),
                "correcteds": str(ch.corrected),
                "uncorrect": str(ch.uncorrectable),
            }
            for index, ch in enumerate(self.plan.ds_qam)
        ]
        return _ok(Freq_List=rows)

    def usinfo(self) -> dict[str, Any]:
        """Return the SC-QAM upstream list (symbol rate as a number in kSym/s)."""
        rows = [
            {
                "portId": str(index + 1),
                "frequency": str(round(ch.frequency_mhz * 1_000_000)),
                "modulationType": ch.modulation,
                "signalStrength": f"{ch.power:.3f}",
                "bandwidth": str(round(ch.width_mhz * 1_000_000)),
                "channelId": str(ch.channel_id),
                "symbolrate": ch.symbol_rate_ksym,
                "preEq": [8, 1, 24, 0],
            }
            for index, ch in enumerate(self.plan.us_qam)
        ]
        return _ok(Freq_List=rows)

    def dsofdm(self) -> dict[str, Any]:
        """Return the OFDM receivers; the spare receiver reports its PLC unlocked."""
        rows: list[dict[str, Any]] = []
        for ch in self.plan.ds_ofdm:
            row: dict[str, Any] = {
                "receive": ch.channel_id - OFDM_PLAN_BASE,
                "ffttype": "4K",
                "Subcarr0freqFreq": f" {round(ch.frequency_mhz * 1_000_000)}",
                "plclock": "YES",
                "ncplock": "YES",
                "mdc1lock": "YES",
                "plclocation": "1544",
                "occupiedbw": f"{ch.frequency_mhz:g} ~ {ch.frequency_mhz + ch.width_mhz:g}",
                "datasubcarriers": "3736",
                "plcpower": f"  {ch.power:.6f}",
            }
            if self.extended:
                row.update(
                    SNR=f"{ch.snr:.1f}",
                    dsoctets="987654321",
                    correcteds=str(ch.corrected),
                    uncorrect=str(ch.uncorrectable),
                )
            rows.append(row)
        rows.append(
            {
                "receive": len(rows),
                "ffttype": "NA",
                "Subcarr0freqFreq": " 0",
                "plclock": "NO",
                "ncplock": "NO",
                "mdc1lock": "NO",
                "plclocation": "0",
                "occupiedbw": "0 ~ 0",
                "datasubcarriers": "0",
                "plcpower": "  0.000000",
            }
        )
        return _ok(OFDMs_List=rows)

    def usofdm(self) -> dict[str, Any]:
        """Return the OFDMA channels: repPower is the full-band figure, repPower1_6 per 1.6 MHz."""
        rows: list[dict[str, Any]] = []
        for ch in self.plan.us_ofdma:
            row: dict[str, Any] = {
                "uschindex": str(ch.channel_id - OFDMA_PLAN_BASE),
                "state": "OPERATE",
                "digAtten": "0.1659",
                "digAttenBo": "6.5838",
                "channelBw": f"{ch.width_mhz:.4f}",
                "repPower": f"{ch.power + 13.9:.4f}",
                "repPower1_6": f"{ch.power:.4f}",
                "fftVal": "2K",
            }
            if self.extended:
                row["frequency"] = str(round(ch.frequency_mhz * 1_000_000))
            rows.append(row)
        rows.append(
            {
                "uschindex": str(len(rows)),
                "state": "DISABLED",
                "digAtten": "0.0000",
                "digAttenBo": "0.0000",
                "channelBw": "0.0000",
                "repPower": "0.0000",
                "repPower1_6": "0.0000",
                "fftVal": "2K",
            }
        )
        return _ok(OFDMAs_List=rows)
