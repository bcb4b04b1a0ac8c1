"""Arris SB8200 with Compal (CBN) firmware: AES-wrapped login, DOCSIS 3.1 tables via getter.xml."""

from __future__ import annotations

from typing import Any

from .base import SessionExpiredError, UnexpectedPageError
from .ch7465 import CompalXmlDriver, fetch_token
from .formats import compal_xml as fmt
from .formats import sb8200_cbn as cbn
from .formats.common import split_form
from .transport import HttpReply, ModemHttp, TlsMode


class Sb8200CbnDriver(CompalXmlDriver):
    """SB8200 (CBN firmware): credentials AES-256-CBC encrypted under the rotating token."""

    key = "sb8200_cbn"
    display_name = "Arris SB8200 (Compal CBN firmware)"
    default_url = "https://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Arris SURFboard SB8200 with CBN firmware"
    login_method = (
        "setter.xml fun 15; user and password AES-256-CBC under SHA-256/MD5 of the "
        "rotating sessionToken, sent as HS:<HwModel>:<hex>"
    )
    reads = "POST /xml/getter.xml fun 1, 2, 6, 9, 10, 11, 19 (state, or SNR and counters)"
    limits = (
        "One web session at a time (logged out after each poll); OFDM/OFDMA frequency is the "
        "start of the block; no provisioned speeds"
    )
    firmware = (
        "CBN releases with <ofdm_downstream>/<ofdma_upstream> tables and counters in the rows; "
        "releases with <downstreamOFDM_table>/<upstreamOFDMA_table>, lock flags per row and "
        "codeword counters in the fun 19 signal table"
    )
    tls_mode = TlsMode.UNVERIFIED

    async def login_fields(self, login_page: HttpReply) -> dict[str, str]:
        """Wrap user and password with the token the login page just handed out."""
        model = cbn.hw_model(login_page.text)
        token = self.http.cookie("sessionToken") or ""
        return {
            "Username": cbn.wrap_credential(self.user, token, model),
            "Password": cbn.wrap_credential(self.password, token, model),
        }

    async def get_device_info(self) -> dict[str, Any]:
        """Return model and firmware (fun 1), hardware and uptime (fun 2), state (fun 19)."""
        settings_xml, system_xml, signal_xml = await self.getter(
            fmt.FUN_GLOBAL_SETTINGS, fmt.FUN_SYSTEM_INFO, cbn.FUN_SIGNAL
        )
        state = cbn.signal_status(signal_xml).get("provisioning_st", "")
        return fmt.device_info("Arris", "SB8200", settings_xml, system_xml, state)

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read SC-QAM (fun 10, 11), OFDM (fun 9), OFDMA (fun 6) and signal (fun 19) tables."""
        ds_xml, ofdm_xml, us_xml, ofdma_xml, signal_xml = await self.getter(
            fmt.FUN_DS_TABLE, cbn.FUN_DS_OFDM, fmt.FUN_US_TABLE, cbn.FUN_US_OFDMA, cbn.FUN_SIGNAL
        )
        # Some firmware keeps SNR and codeword counters only in the signal table.
        signal = self.parsed(cbn.parse_signal(signal_xml))
        ds = self.parsed(fmt.parse_downstream(ds_xml, signal))
        us = self.parsed(fmt.parse_upstream(us_xml))
        # The DOCSIS 3.1 parsers make the direction's ids distinct, SC-QAM records included.
        ofdm = self.parsed(cbn.parse_ofdm_downstream(ofdm_xml, signal, ds))
        ofdma = self.parsed(cbn.parse_ofdma_upstream(ofdma_xml, us))
        return split_form(ds, ofdm, us, ofdma)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """The CBN login page hands out a sessionToken and declares an SB8200 HwModel."""
        try:
            page = await fetch_token(http)
            model = cbn.hw_model(page.text)
        except (UnexpectedPageError, SessionExpiredError):
            return 0
        return 95 if model.upper().startswith("SB8200") else 0
