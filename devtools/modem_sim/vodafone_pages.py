"""What a Vodafone Station serves, rendered from the channel plan: CGA JSON and TG pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .plan import ChannelPlan, DsChannel, UsChannel

TG_STATUS_PAGE = (
    "<html><head><script>var _ga = {};\n"
    "_ga.modemConnectionStatus = 'DOCSIS Online';\n"
    "_ga.lastRebootReason = 'Power On';\n"
    "</script></head><body></body></html>"
)


@dataclass
class TgLoginPage:
    """The crypto values one TG login page handed out."""

    session_id: str
    iv_hex: str
    salt_hex: str


def _edges(channel: DsChannel | UsChannel) -> tuple[float, float]:
    """Return the lowest and highest frequency (MHz) of a wide (OFDM/OFDMA) channel."""
    half = channel.width_mhz / 2
    return channel.frequency_mhz - half, channel.frequency_mhz + half


def _cga_band(channel: DsChannel | UsChannel) -> dict[str, str]:
    """Return the start/end frequency fields of a wide channel in the CGA's format."""
    low, high = _edges(channel)
    return {"start_frequency": f"{low:.6f} MHz", "end_frequency": f"{high:.6f} MHz"}


def _cga_downstream(plan: ChannelPlan) -> list[dict[str, str]]:
    return [
        {
            "__id": str(index + 1),
            "channelid": str(ch.channel_id),
            "CentralFrequency": f"{ch.frequency_mhz:g} MHz",
            "power": f"{ch.power:.1f} dBmV",
            "SNR": f"{ch.snr:.1f} dB",
            "FFT": ch.modulation.replace("QAM", "-QAM") if index % 2 else ch.modulation.lower(),
            "locked": "Locked" if ch.locked else "Not Locked",
            "ChannelType": "SC-QAM",
            "corrError": str(ch.corrected),
            "nonCorrError": str(ch.uncorrectable),
        }
        for index, ch in enumerate(ch for ch in plan.ds if not ch.ofdm)
    ]


def _cga_ofdm(plan: ChannelPlan) -> list[dict[str, str]]:
    return [
        {
            "__id": str(index + 1),
            "channelid_ofdm": str(ch.channel_id),
            **_cga_band(ch),
            "CentralFrequency_ofdm": f"{ch.frequency_mhz:g} MHz",
            "bandwidth": f"{ch.width_mhz:g} MHz",
            "power_ofdm": f"{ch.power:.1f} dBmV",
            "SNR_ofdm": f"{ch.snr:.2f} dB",
            "FFT_ofdm": "qam256/qam1024/qam4096",
            "locked_ofdm": "Locked" if ch.locked else "Not Locked",
            "ChannelType": "OFDM",
            "corrError": str(ch.corrected),
            "nonCorrError": str(ch.uncorrectable),
        }
        for index, ch in enumerate(ch for ch in plan.ds if ch.ofdm)
    ]


def _cga_upstream(plan: ChannelPlan) -> list[dict[str, str]]:
    return [
        {
            "__id": str(index + 1),
            "channelidup": str(ch.channel_id),
            "CentralFrequency": f"{ch.frequency_mhz:g} MHz",
            "power": f"{ch.power:.1f} dBmV",
            "ChannelType": "SC-QAM",
            "FFT": ch.modulation.lower(),
            "RangingStatus": "Completed" if ch.locked else "Not Completed",
        }
        for index, ch in enumerate(ch for ch in plan.us if not ch.ofdma)
    ]


def _cga_ofdma(plan: ChannelPlan) -> list[dict[str, str]]:
    return [
        {
            "__id": str(index + 1),
            "channelidup": str(ch.channel_id),
            **_cga_band(ch),
            "CentralFrequency": f"{ch.frequency_mhz:g} MHz",
            "bandwidth": f"{ch.width_mhz:g} MHz",
            "power": f"{ch.power:.1f} dBmV",
            "ChannelType": "OFDMA",
            "FFT": "qpsk",
            "RangingStatus": "Completed" if ch.locked else "Not Completed",
        }
        for index, ch in enumerate(ch for ch in plan.us if ch.ofdma)
    ]


def cga_docsis_data(plan: ChannelPlan) -> dict[str, Any]:
    """Render the plan as the CGA's sta_docsis_status `data` object."""
    return {
        "downstream": _cga_downstream(plan),
        "ofdm_downstream": _cga_ofdm(plan),
        "upstream": _cga_upstream(plan),
        "ofdma_upstream": _cga_ofdma(plan),
        "operational": "1",
    }


def tg_login_page(page: TgLoginPage) -> str:
    """Render the TG login page with its inline crypto values."""
    return (
        "<!DOCTYPE html><html><head><title>Vodafone Station</title>\n"
        '<script type="text/javascript">\n'
        f"var currentSessionId = '{page.session_id}';\n"
        f"var myIv = '{page.iv_hex}';\n"
        f"var mySalt = '{page.salt_hex}';\n"
        "</script></head><body><form id='login'><input type='password' id='Password'>"
        "</form></body></html>"
    )


def _tg_frequency(channel: DsChannel | UsChannel, wide: bool) -> str:
    """Return a TG frequency: "low~high" for OFDM/OFDMA channels, else the centre."""
    if not wide:
        return f"{channel.frequency_mhz:g}"
    low, high = _edges(channel)
    return f"{low:g}~{high:g}"


def tg_docsis_page(plan: ChannelPlan) -> str:
    """Render the plan as the TG's status_docsis_data.php."""
    ds = [
        {
            "ChannelType": "OFDM" if ch.ofdm else "SC-QAM",
            "Modulation": ch.modulation,
            "Frequency": _tg_frequency(ch, ch.ofdm),
            "ChannelID": str(ch.channel_id),
            "PowerLevel": f"{ch.power:.1f}/{ch.power + 60:.1f}",
            "SNRLevel": f"{ch.snr:g}",
            "LockStatus": "Locked" if ch.locked else "Not Locked",
            "CorrectableCodewords": str(ch.corrected),
            "UncorrectableCodewords": str(ch.uncorrectable),
        }
        for ch in plan.ds
    ]
    us = [
        {
            "ChannelType": "OFDMA" if up.ofdma else "SC-QAM",
            "Modulation": "16QAM" if up.ofdma else up.modulation,
            "Frequency": _tg_frequency(up, up.ofdma),
            "ChannelID": str(up.channel_id),
            "PowerLevel": f"{up.power:.1f}/{up.power + 60:.1f}",
            "LockStatus": "SUCCESS" if up.locked else "FAIL",
        }
        for up in plan.us
    ]
    return (
        '<html><head><script type="text/javascript">\n'
        f"var json_dsData = {json.dumps(ds)};\n"
        f"var json_usData = {json.dumps(us)};\n"
        "</script></head><body><div id='docsis'></div></body></html>"
    )


def tg_status_script(plan: ChannelPlan) -> str:
    """Render status_status_data.php: the script variables of firmware, uptime and addresses."""
    days, rest = divmod(plan.uptime_seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return (
        '<script type="text/javascript">\n'
        f"var js_HWTypeVersion = '{plan.hw_version}';\n"
        f"var js_FWVersion = '{plan.sw_version}';\n"
        f"var js_UptimeSinceReboot = '{days},{hours},{rest // 60}';\n"
        "var js_ipv4addr = '198.51.100.23';\n"
        "var js_ipv6addr = '2001:db8::23';\n"
        "</script>"
    )
