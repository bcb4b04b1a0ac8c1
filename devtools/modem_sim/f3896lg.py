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

Variants:
- `default`: every field filled in; the OFDM `modulation` is the profile's highest QAM
  (`qam_4096`), which the driver keeps as the profile, not as the channel's modulation.
- `sentinels`: the values the Hub 5 puts where it has none: `snr`/`rxMer` 0 or "N/A",
  codeword counters -1 (see SENTINEL_IDS); the unlocked tuner keeps stale measurements and only
  `lockStatus: false` says it is unlocked; the OFDM receiver leaves `lockStatus` out (older
  firmware); ATDMA rows name no modulation, so their channel type stands for it.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from .base import ModemSimulator, register_simulator
from .plan import ChannelPlan, DsChannel, UsChannel

SENTINELS = "sentinels"
#: Channels the `sentinels` variant reports without a value: SNR 0, SNR "N/A", counters -1, and
#: the OFDM receiver whose rxMer is 0.
SNR_ZERO_ID, SNR_NA_ID, NO_COUNTERS_ID, MER_ZERO_ID = 3, 7, 5, 33


def _qam(value: str) -> str:
    """Return the Hub 5 spelling of a modulation ("256QAM" -> "qam_256")."""
    return "qam_" + value.upper().removesuffix("QAM") if value.upper().endswith("QAM") else value


def _ofdm_row(ch: DsChannel, sentinels: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
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
    if sentinels:
        del row["lockStatus"]
        if ch.channel_id == MER_ZERO_ID:
            row["rxMer"] = 0
    return row


def _qam_row(ch: DsChannel, sentinels: bool) -> dict[str, Any]:
    # The default firmware zeroes an unlocked tuner; the other keeps its last measurements.
    blank = not ch.locked and not sentinels
    row: dict[str, Any] = {
        "channelId": ch.channel_id,
        "channelType": "sc_qam",
        "frequency": round(ch.frequency_mhz * 1_000_000),
        "lockStatus": ch.locked,
        "power": 0 if blank else ch.power,
        "snr": 0 if blank else ch.snr,
        "modulation": "unknown" if blank else _qam(ch.modulation),
        "correctedErrors": 0 if blank else ch.corrected,
        "uncorrectedErrors": 0 if blank else ch.uncorrectable,
    }
    if sentinels and ch.channel_id == SNR_ZERO_ID:
        row["snr"] = 0
    elif sentinels and ch.channel_id == SNR_NA_ID:
        row["snr"] = "N/A"
    elif sentinels and ch.channel_id == NO_COUNTERS_ID:
        row["correctedErrors"] = row["uncorrectedErrors"] = -1
    return row


def _us_row(ch: UsChannel, sentinels: bool) -> dict[str, Any]:
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
    row: dict[str, Any] = {
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
    if sentinels:
        del row["modulation"]
    return row


def render_downstream(plan: ChannelPlan, variant: str = "default") -> dict[str, Any]:
    """Return the /downstream answer for a plan (unlocked tuners included)."""
    sentinels = variant == SENTINELS
    rows = [_ofdm_row(ch, sentinels) if ch.ofdm else _qam_row(ch, sentinels) for ch in plan.ds]
    return {"downstream": {"channels": rows}}


def render_upstream(plan: ChannelPlan, variant: str = "default") -> dict[str, Any]:
    """Return the /upstream answer for a plan."""
    sentinels = variant == SENTINELS
    return {"upstream": {"channels": [_us_row(ch, sentinels) for ch in plan.us]}}


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
    variants = ("default", SENTINELS)
    needs_login = False
    default_user = ""

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """OFDM channels say OFDM; the sentinels variant's blanks and ATDMA rows as read."""
        expected = super().expected()
        sentinels = self.state.variant == SENTINELS
        for channel in expected["ds"]:
            if channel["channel_family"] == "ofdm":
                channel["modulation"] = "OFDM"
            if sentinels and channel["channel_id"] in (SNR_ZERO_ID, SNR_NA_ID, MER_ZERO_ID):
                channel["snr"] = None
            if sentinels and channel["channel_id"] == NO_COUNTERS_ID:
                channel["correctable_errors"] = channel["uncorrectable_errors"] = None
        for channel in expected["us"]:
            if sentinels and channel["channel_family"] == "sc_qam":
                channel["modulation"] = "ATDMA"
        return expected

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
        return web.json_response(render_downstream(self.plan, self.state.variant))

    async def upstream(self, request: web.Request) -> web.Response:
        """Return the upstream channels."""
        return web.json_response(render_upstream(self.plan, self.state.variant))

    async def serviceflows(self, request: web.Request) -> web.Response:
        """Return the provisioned service flows."""
        return web.json_response(render_serviceflows(self.plan))
