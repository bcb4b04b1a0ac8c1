"""Arris SB8200 with Compal (CBN) firmware: AES-wrapped credentials, DOCSIS 3.1 tables.

Variants: "default" serves the table layout the driver was first written for; "cbn-real" the
layout of the firmware seen in the field: other table and field names, lock flags per row
(unlocked rows listed too), codeword counters only in the fun 19 signal table, and two OFDM
channels of which the second comes as a separate <tablerow> entry.
"""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .base import register_simulator
from .compal_common import (
    XML_HEAD,
    CompalSimulator,
    Renderer,
    hz,
    render_downstream,
    render_fields,
    render_system_info,
    render_table,
    render_upstream,
)
from .plan import ChannelPlan, DsChannel

HW_MODEL = "SB8200"
FUN_GLOBAL_SETTINGS = 1
FUN_SYSTEM_INFO = 2
FUN_US_OFDMA = 6
FUN_DS_OFDM = 9
FUN_DS_TABLE = 10
FUN_US_TABLE = 11
FUN_SIGNAL = 19
DEFAULT = "default"
CBN_REAL = "cbn-real"
#: The cbn-real upstream table also lists a transmitter the modem has not ranged on.
UNUSED_UPSTREAM_ID = 8
#: The cbn-real OFDM table also lists a receiver that found no channel.
UNLOCKED_OFDM_ID = 48

LOGIN_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>ARRIS SB8200</title>
<script type="text/javascript">var HwModel = "{model}";</script>
<script type="text/javascript" src="../js/aes.js"></script>
<script type="text/javascript" src="../js/login.js"></script></head>
<body><form id="loginForm" onsubmit="return false;">
<input type="text" id="loginUsername" value="admin">
<input type="password" id="loginPassword" autocomplete="off">
<button type="submit">Log In</button></form></body></html>
"""


def unwrap_credential(wrapped: str, token: str, model: str) -> str | None:
    """Decrypt `HS:<model>:<hex>` with key SHA-256(token), IV MD5(token); None if invalid."""
    prefix = f"HS:{model}:"
    if not wrapped.startswith(prefix):
        return None
    try:
        cipher_bytes = bytes.fromhex(wrapped[len(prefix) :])
        key = hashlib.sha256(token.encode()).digest()
        iv = hashlib.md5(token.encode()).digest()
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        padded = decryptor.update(cipher_bytes) + decryptor.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return (unpadder.update(padded) + unpadder.finalize()).decode()
    except ValueError:
        return None


def render_ofdm_downstream(plan: ChannelPlan) -> str:
    """Render getter fun 9: locked OFDM receivers plus one unused receiver."""
    rows = []
    for ch in plan.ds_ofdm:
        start = hz(ch.frequency_mhz)
        width = hz(ch.width_mhz)
        rows.append(
            "<ds_ofdm>"
            f"<ChannelID>{ch.channel_id}</ChannelID><start_frequency>{start}</start_frequency>"
            f"<end_frequency>{start + width}</end_frequency>"
            f"<CentralFrequency_ofdm>{start + width // 2}</CentralFrequency_ofdm>"
            f"<bandwidth>{width}</bandwidth><power_ofdm>{ch.power:.1f}</power_ofdm>"
            f"<SNR_ofdm>{ch.snr:.1f}</SNR_ofdm><FFT_ofdm>4K</FFT_ofdm>"
            "<locked_ofdm>Locked</locked_ofdm>"
            f"<PreRs_ofdm>{ch.corrected}</PreRs_ofdm><PostRs_ofdm>{ch.uncorrectable}</PostRs_ofdm>"
            "</ds_ofdm>"
        )
    rows.append(
        "<ds_ofdm><ChannelID>0</ChannelID><start_frequency>0</start_frequency>"
        "<end_frequency>0</end_frequency><CentralFrequency_ofdm>0</CentralFrequency_ofdm>"
        "<bandwidth>0</bandwidth><power_ofdm>0</power_ofdm><SNR_ofdm>0</SNR_ofdm>"
        "<FFT_ofdm>NA</FFT_ofdm><locked_ofdm>Unlocked</locked_ofdm>"
        "<PreRs_ofdm>0</PreRs_ofdm><PostRs_ofdm>0</PostRs_ofdm></ds_ofdm>"
    )
    return (
        f"{XML_HEAD}<ofdm_downstream><ofdm_ds_num>{len(plan.ds_ofdm)}</ofdm_ds_num>"
        f"{''.join(rows)}</ofdm_downstream>"
    )


def render_ofdma_upstream(plan: ChannelPlan) -> str:
    """Render getter fun 6: active OFDMA channels plus one inactive one."""
    rows = []
    for ch in plan.us_ofdma:
        start = hz(ch.frequency_mhz)
        rows.append(
            "<us_ofdma>"
            f"<ChannelID>{ch.channel_id}</ChannelID><start_frequency>{start}</start_frequency>"
            f"<end_frequency>{start + hz(ch.width_mhz)}</end_frequency>"
            f"<power>{ch.power:.1f} dBmV</power><FFT_type>2K</FFT_type><state>Active</state>"
            "</us_ofdma>"
        )
    rows.append(
        "<us_ofdma><ChannelID>0</ChannelID><start_frequency>0</start_frequency>"
        "<end_frequency>0</end_frequency><power>0 dBmV</power><FFT_type>NA</FFT_type>"
        "<state>Inactive</state></us_ofdma>"
    )
    return (
        f"{XML_HEAD}<ofdma_upstream><ofdma_us_num>{len(plan.us_ofdma)}</ofdma_us_num>"
        f"{''.join(rows)}</ofdma_upstream>"
    )


def _flag(on: bool) -> str:
    return "1" if on else "0"


def render_real_downstream(plan: ChannelPlan) -> str:
    """Render cbn-real fun 10: rounded SNR, no counters, IsLocked per row (unlocked listed)."""
    rows = [
        (
            "downstream",
            {
                "freq": str(hz(ch.frequency_mhz)),
                "pow": f"{ch.power:.1f}",
                "snr": str(round(ch.snr)),
                "mod": "QAM" + ch.modulation[:-3],
                "chid": str(ch.channel_id),
                "IsLocked": _flag(ch.locked),
            },
        )
        for ch in plan.ds
        if not ch.ofdm
    ]
    return render_table("downstream_table", "ds_num", len(rows), rows)


def render_real_upstream(plan: ChannelPlan) -> str:
    """Render cbn-real fun 11: usLocked per row, plus one transmitter that is not ranged."""
    rows = [
        (
            "upstream",
            {
                "usid": str(ch.channel_id),
                "freq": str(hz(ch.frequency_mhz)),
                "power": f"{ch.power:.1f}",
                "srate": f"{ch.symbol_rate_ksym / 1000:.3f}",
                "mod": "QAM" + ch.modulation[:-3],
                "channeltype": "ATDMA",
                "bandwidth": str(hz(ch.width_mhz)),
                "usLocked": "1",
            },
        )
        for ch in plan.us_qam
    ]
    unused = {"usid": str(UNUSED_UPSTREAM_ID), "freq": "51000000", "power": "0.0"}
    unused |= {"srate": "5.120", "mod": "QAM64", "channeltype": "ATDMA", "usLocked": "0"}
    rows.append(("upstream", unused))
    return render_table("upstream_table", "us_num", len(rows), rows)


def _real_ofdm_cells(receiver: int, ch: DsChannel, locked: bool) -> dict[str, str]:
    return {
        "Receiver": str(receiver),
        "FFTType": "4K",
        "Subcarr0Frequency": str(hz(ch.frequency_mhz)),
        "PLCLocked": "YES" if locked else "NO",
        "PLCPower": f"{ch.power:.1f}",
        "DataScAvgMer": f"{ch.snr:.1f}",
        "ofdmModulation": "QAM4096",
        "dsid": str(ch.channel_id),
        "ofdmIsLocked": _flag(locked),
    }


def render_real_ofdm_downstream(plan: ChannelPlan) -> str:
    """Render cbn-real fun 9: no counters; the second channel in a <tablerow> of its own."""
    rows = [
        ("downstream" if receiver == 1 else "tablerow", _real_ofdm_cells(receiver, ch, True))
        for receiver, ch in enumerate(plan.ds_ofdm, start=1)
    ]
    idle = DsChannel(UNLOCKED_OFDM_ID, 0.0, 0.0, 0.0, "4096QAM", 0, 0, ofdm=True, locked=False)
    rows.append(("downstream", _real_ofdm_cells(len(rows) + 1, idle, False)))
    return render_table("downstreamOFDM_table", "ds_num", len(plan.ds_ofdm), rows)


def render_real_ofdma_upstream(plan: ChannelPlan) -> str:
    """Render cbn-real fun 6: active channels plus one inactive one."""
    rows = [
        (
            "upstream",
            {
                "usid": str(ch.channel_id),
                "Subcarr0Frequency": str(hz(ch.frequency_mhz)),
                "FFTType": "2K",
                "power": f"{ch.power:.1f}",
                "ofdmaIsActive": "1",
            },
        )
        for ch in plan.us_ofdma
    ]
    idle = {"usid": "0", "Subcarr0Frequency": "0", "FFTType": "NA", "power": "0"}
    rows.append(("upstream", idle | {"ofdmaIsActive": "0"}))
    return render_table("upstreamOFDMA_table", "us_num", len(plan.us_ofdma), rows)


def render_signal_table(plan: ChannelPlan) -> str:
    """Render cbn-real fun 19: SNR and codeword counters per downstream channel id."""
    rows = [
        (
            "signal",
            {
                "dsid": str(ch.channel_id),
                "SNR": f"{ch.snr:.1f}" if ch.locked else "0",
                "unerrored": str(9_876_543_210 + ch.channel_id if ch.locked else 0),
                "correctable": str(ch.corrected if ch.locked else 0),
                "uncorrectable": str(ch.uncorrectable if ch.locked else 0),
            },
        )
        for ch in plan.ds
    ]
    return render_table("signal_table", "sig_num", len(rows), rows)


def render_global_settings(sw_version: str) -> str:
    """Render getter fun 1 (<GlobalSettings>), readable before login."""
    return render_fields(
        "GlobalSettings",
        {
            "AccessLevel": "0",
            "SwVersion": sw_version,
            "CmProvisionMode": "IPv6",
            "ConfigVenderModel": HW_MODEL,
            "OperatorId": "CBN",
            "LockedOut": "Disable",
            "Interface": "1",
        },
    )


def render_signal() -> str:
    """Render getter fun 19 (<cm_signal>)."""
    return render_fields(
        "cm_signal",
        {
            "provisioning_st": "Operational",
            "ds_lock": "Locked",
            "us_ranging": "Complete",
            "cm_network_access": "Allowed",
        },
    )


@register_simulator
class Sb8200CbnSimulator(CompalSimulator):
    """An SB8200 on CBN firmware: fun 15 verifies both AES-wrapped credentials."""

    key = "sb8200_cbn"
    variants = (DEFAULT, CBN_REAL)
    default_user = "admin"

    def login_page(self) -> str:
        """Return the login page that declares the HwModel used in the credential wrapping."""
        return LOGIN_HTML.format(model=HW_MODEL)

    def verify_login(self, form: dict[str, str], token: str) -> bool:
        """Decrypt user and password with this login's token and check them."""
        user = unwrap_credential(form.get("Username", ""), token, HW_MODEL)
        password = unwrap_credential(form.get("Password", ""), token, HW_MODEL)
        if user is None or password is None:
            self.state.failed_logins += 1
            return False
        return self.state.check_credentials(user, password)

    def renderers(self) -> dict[int, Renderer]:
        """Return the getter.xml functions of the CBN firmware (of the variant served)."""
        plan = self.plan
        shared: dict[int, Renderer] = {
            FUN_GLOBAL_SETTINGS: lambda: render_global_settings(
                f"SB8200.0200.{plan.sw_version}.CBN"
            ),
            FUN_SYSTEM_INFO: lambda: render_system_info(plan, "DOCSIS 3.1"),
        }
        if self.state.variant == CBN_REAL:
            return shared | {
                FUN_US_OFDMA: lambda: render_real_ofdma_upstream(plan),
                FUN_DS_OFDM: lambda: render_real_ofdm_downstream(plan),
                FUN_DS_TABLE: lambda: render_real_downstream(plan),
                FUN_US_TABLE: lambda: render_real_upstream(plan),
                FUN_SIGNAL: lambda: render_signal_table(plan),
            }
        return shared | {
            FUN_US_OFDMA: lambda: render_ofdma_upstream(plan),
            FUN_DS_OFDM: lambda: render_ofdm_downstream(plan),
            FUN_DS_TABLE: lambda: render_downstream(
                [ch for ch in plan.ds if not ch.ofdm], mod_style="upper"
            ),
            FUN_US_TABLE: lambda: render_upstream(plan.us_qam, mod_style="upper"),
            FUN_SIGNAL: render_signal,
        }
