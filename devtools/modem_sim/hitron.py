"""Hitron CODA-56 simulator: open JSON tables under /data/."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator

_DS_CODES = {"64QAM": "1", "256QAM": "2", "1024QAM": "3"}
#: The plan's first OFDM and OFDMA ids: these modems number both from 0 (plan id - base).
OFDM_PLAN_BASE = 33
OFDMA_PLAN_BASE = 41


def with_modem_docsis31_ids(
    expected: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, Any]]]:
    """Give OFDM/OFDMA channels the modem's number, unless an SC-QAM channel has that id:
    then they keep base + number, the plan's id."""
    for direction, family, base in (
        ("ds", "ofdm", OFDM_PLAN_BASE),
        ("us", "ofdma", OFDMA_PLAN_BASE),
    ):
        lane = expected[direction]
        scqam = {ch["channel_id"] for ch in lane if ch["channel_family"] == "sc_qam"}
        for ch in lane:
            if ch["channel_family"] == family and ch["channel_id"] - base not in scqam:
                ch["channel_id"] -= base
    return expected


@register_simulator
class HitronSimulator(ModemSimulator):
    """Serves getCMInit, dsinfo, usinfo, dsofdminfo and usofdminfo as the CODA-56 does."""

    key = "hitron"
    needs_login = False
    default_user = ""

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """OFDM receivers and OFDMA channels keep the modem's numbers where no SC-QAM id clashes."""
        return with_modem_docsis31_ids(super().expected())

    def add_routes(self, app: web.Application) -> None:
        """Register the JSON pages."""
        app.router.add_get("/data/getCMInit.asp", self.cm_init)
        app.router.add_get("/data/dsinfo.asp", self.dsinfo)
        app.router.add_get("/data/usinfo.asp", self.usinfo)
        app.router.add_get("/data/dsofdminfo.asp", self.dsofdminfo)
        app.router.add_get("/data/usofdminfo.asp", self.usofdminfo)

    async def cm_init(self, request: web.Request) -> web.Response:
        """Return the provisioning state."""
        return web.json_response([{"networkAccess": "Permitted", "cmStatus": "Operational"}])

    async def dsinfo(self, request: web.Request) -> web.Response:
        """Return the SC-QAM downstream table (frequency in Hz, modulation as a code)."""
        rows = [
            {
                "portId": str(index + 1),
                "frequency": str(int(ch.frequency_mhz * 1_000_000)),
                "modulation": _DS_CODES[ch.modulation],
                "signalStrength": f"{ch.power:.3f}",
                "snr": f"{ch.snr:.3f}",
                "dsoctets": "123456789",
                "correcteds": str(ch.corrected),
                "uncorrect": str(ch.uncorrectable),
                "channelId": str(ch.channel_id),
            }
            for index, ch in enumerate(self.plan.ds_qam)
        ]
        return web.json_response(rows)

    async def usinfo(self, request: web.Request) -> web.Response:
        """Return the SC-QAM upstream table."""
        rows = [
            {
                "portId": str(index + 1),
                "frequency": str(round(ch.frequency_mhz * 1_000_000)),
                "bandwidth": "6400000",
                "modtype": ch.modulation,
                "scdmaMode": "ATDMA",
                "signalStrength": f"{ch.power:.3f}",
                "channelId": str(ch.channel_id),
            }
            for index, ch in enumerate(self.plan.us_qam)
        ]
        return web.json_response(rows)

    async def dsofdminfo(self, request: web.Request) -> web.Response:
        """Return both OFDM receivers; an unused one reports its PLC unlocked."""
        rows = [
            {
                "receive": str(ch.channel_id - OFDM_PLAN_BASE),
                "ffttype": "4K",
                "Subcarr0freqFreq": f"  {int(ch.frequency_mhz * 1_000_000)}",
                "plclock": "YES",
                "ncplock": "YES",
                "mdc1lock": "YES",
                "plcpower": f"  {ch.power:.6f}",
                "SNR": f"{ch.snr:.1f}",
                "dsoctets": "987654321",
                "correcteds": str(ch.corrected),
                "uncorrect": str(ch.uncorrectable),
            }
            for ch in self.plan.ds_ofdm
        ]
        rows.append(
            {
                "receive": "7",
                "ffttype": "NA",
                "Subcarr0freqFreq": "0",
                "plclock": "NO",
                "ncplock": "NO",
                "mdc1lock": "NO",
                "plcpower": "0",
                "SNR": "0",
                "dsoctets": "0",
                "correcteds": "0",
                "uncorrect": "0",
            }
        )
        return web.json_response(rows)

    async def usofdminfo(self, request: web.Request) -> web.Response:
        """Return the OFDMA channels; repPower is the full-band figure, repPower1_6 per 1.6 MHz."""
        rows = [
            {
                "uschindex": str(ch.channel_id - OFDMA_PLAN_BASE),
                "state": "  OPERATE",
                "frequency": str(int(ch.frequency_mhz * 1_000_000)),
                "digAtt": "0.0000",
                "digAttBo": "0.0000",
                "channelBw": f"{ch.width_mhz:.4f}",
                "repPower": f"{ch.power + 8.0:.4f}",
                "repPower1_6": f"{ch.power:.4f}",
                "fftVal": "2K",
            }
            for ch in self.plan.us_ofdma
        ]
        rows.append(
            {
                "uschindex": "1",
                "state": "  DISABLED",
                "frequency": "0",
                "digAtt": "0",
                "digAttBo": "0",
                "channelBw": "0",
                "repPower": "0",
                "repPower1_6": "0",
                "fftVal": "2K",
            }
        )
        return web.json_response(rows)
