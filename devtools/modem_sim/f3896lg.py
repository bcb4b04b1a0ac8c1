"""Sagemcom F3896LG (Virgin Media Hub 5) simulator: open REST JSON, no login.

Resources (all `GET`, JSON, under `/rest/v1/cablemodem/`):
- `registration`: `{"registration": {"status": "operational", "docsisVersion": "3.1",
  "cmMacAddress": ..., "configFile": ...}}` - the driver's presence check and probe marker.
- `state_`: `{"cablemodem": {"status": "operational", "upTime": <seconds>, "docsisVersion",
  "accessAllowed": true}}`.
- `downstream`: `{"downstream": {"channels": [...]}}`; every channel has `channelId`,
  `channelType` (`sc_qam` | `ofdm`), `frequency` (Hz), `lockStatus` (bool), `modulation`
  (`qam_256`, ...), `correctedErrors`, `uncorrectedErrors`. `sc_qam`: `power` (dBmV) and `snr`
  (dB) as plain numbers. `ofdm`: `channelWidth` (Hz), `fftType`, and `power` and `rxMer` in
  tenths (42 = 4.2 dBmV). Tuners without a lock are listed with `lockStatus: false`.
- `upstream`: `{"upstream": {"channels": [...]}}`; `channelType` `atdma` (`power` dBmV,
  `modulation`, `symbolRate` kSym/s, `t3Timeouts`, `t4Timeouts`) or `ofdma` (`channelWidth`,
  `fftType`, `power` in tenths).
- `serviceflows`: `{"serviceFlows": [{"serviceFlow": {"serviceFlowId", "direction",
  "maxTrafficRate" (bit/s), "maxTrafficBurst", "minReservedRate", "scheduleType"}}]}`.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel


def _qam(value: str) -> str:
    """Return the Hub 5 spelling of a modulation ("256QAM" -> "qam_256")."""
    return "qam_" + value.upper().removesuffix("QAM") if value.upper().endswith("QAM") else value


def _ds_row(ch: DsChannel) -> dict[str, Any]:
    if ch.ofdm:
        return {
            "channelId": ch.channel_id,
            "channelType": "ofdm",
            "frequency": round(ch.frequency_mhz * 1_000_000),
            "channelWidth": round(ch.width_mhz * 1_000_000),
            "fftType": "4K",
            "lockStatus": ch.locked,
            "power": round(ch.power * 10),
            "rxMer": round(ch.snr * 10),
            "modulation": _qam(ch.modulation),
            "correctedErrors": ch.corrected,
            "uncorrectedErrors": ch.uncorrectable,
        }
    locked = ch.locked
    return {
        "channelId": ch.channel_id,
        "channelType": "sc_qam",
        "frequency": round(ch.frequency_mhz * 1_000_000),
        "lockStatus": locked,
        "power": ch.power if locked else 0,
        "snr": ch.snr if locked else 0,
        "modulation": _qam(ch.modulation) if locked else "unknown",
        "correctedErrors": ch.corrected if locked else 0,
        "uncorrectedErrors": ch.uncorrectable if locked else 0,
    }


def _us_row(ch: UsChannel) -> dict[str, Any]:
    if ch.ofdma:
        return {
            "channelId": ch.channel_id,
            "channelType": "ofdma",
            "frequency": round(ch.frequency_mhz * 1_000_000),
            "channelWidth": round(ch.width_mhz * 1_000_000),
            "fftType": "2K",
            "lockStatus": ch.locked,
            "power": round(ch.power * 10),
        }
    return {
        "channelId": ch.channel_id,
        "channelType": "atdma",
        "frequency": round(ch.frequency_mhz * 1_000_000),
        "lockStatus": ch.locked,
        "power": ch.power,
        "modulation": _qam(ch.modulation),
        "symbolRate": ch.symbol_rate_ksym,
        "t3Timeouts": 0,
        "t4Timeouts": 0,
    }


def render_downstream(plan: ChannelPlan) -> dict[str, Any]:
    """Return the /downstream answer for a plan (unlocked tuners included)."""
    return {"downstream": {"channels": [_ds_row(ch) for ch in plan.ds]}}


def render_upstream(plan: ChannelPlan) -> dict[str, Any]:
    """Return the /upstream answer for a plan."""
    return {"upstream": {"channels": [_us_row(ch) for ch in plan.us]}}


def render_serviceflows(plan: ChannelPlan) -> dict[str, Any]:
    """Return the /serviceflows answer: one primary flow per direction."""
    flows = [
        ("downstream", plan.max_downstream_kbps, 1),
        ("upstream", plan.max_upstream_kbps, 2),
    ]
    return {
        "serviceFlows": [
            {
                "serviceFlow": {
                    "serviceFlowId": flow_id,
                    "direction": direction,
                    "maxTrafficRate": kbps * 1000,
                    "maxTrafficBurst": 42_600,
                    "minReservedRate": 0,
                    "scheduleType": "undefined" if direction == "downstream" else "bestEffort",
                }
            }
            for direction, kbps, flow_id in flows
        ]
    }


@register_simulator
class F3896LGSimulator(ModemSimulator):
    """Serves the Hub 5's open cable-modem REST resources."""

    key = "f3896lg"
    needs_login = False
    default_user = ""

    def add_routes(self, app: web.Application) -> None:
        """Register the REST resources."""
        base = "/rest/v1/cablemodem"
        app.router.add_get(f"{base}/registration", self.registration)
        app.router.add_get(f"{base}/state_", self.cm_state)
        app.router.add_get(f"{base}/downstream", self.downstream)
        app.router.add_get(f"{base}/upstream", self.upstream)
        app.router.add_get(f"{base}/serviceflows", self.serviceflows)

    async def registration(self, request: web.Request) -> web.Response:
        """Return the registration state."""
        return web.json_response(
            {
                "registration": {
                    "status": "operational",
                    "docsisVersion": "3.1",
                    "cmMacAddress": "00:11:22:33:44:55",
                    "configFile": "sim.cfg",
                }
            }
        )

    async def cm_state(self, request: web.Request) -> web.Response:
        """Return the modem state with its uptime."""
        return web.json_response(
            {
                "cablemodem": {
                    "status": "operational",
                    "docsisVersion": "3.1",
                    "upTime": self.plan.uptime_seconds,
                    "accessAllowed": True,
                }
            }
        )

    async def downstream(self, request: web.Request) -> web.Response:
        """Return the downstream channels."""
        return web.json_response(render_downstream(self.plan))

    async def upstream(self, request: web.Request) -> web.Response:
        """Return the upstream channels."""
        return web.json_response(render_upstream(self.plan))

    async def serviceflows(self, request: web.Request) -> web.Response:
        """Return the provisioned service flows."""
        return web.json_response(render_serviceflows(self.plan))
