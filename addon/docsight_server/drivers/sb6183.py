"""Arris SURFboard SB6183: no login; bonded-channel tables on /RgConnect.asp."""

from __future__ import annotations

from typing import Any

from .formats import sb6183 as fmt
from .formats.common import split_form
from .http_driver import HttpDriver
from .transport import ModemHttp

CONNECT_PAGE = "/RgConnect.asp"
SWINFO_PAGE = "/RgSwInfo.asp"
MODEL = "SB6183"


class Sb6183Driver(HttpDriver):
    """Reads the connection page (both bonded tables) and the software-information page."""

    key = "sb6183"
    display_name = "Arris SB6183"
    models = "ARRIS SURFboard SB6183"
    login_method = "none (status pages are open)"
    reads = "HTML /RgConnect.asp (Downstream/Upstream Bonded Channels), /RgSwInfo.asp"
    limits = (
        "DOCSIS 3.0 only; the upstream table has no modulation column (modulation is the "
        "stated channel type, ATDMA or TDMA)"
    )
    firmware = (
        "RgConnect.asp bonded tables with frequencies in Hz, QAM-first or QAM-last spellings, "
        '"N/A" or missing codeword columns'
    )

    async def get_device_info(self) -> dict[str, Any]:
        """Return versions, uptime and network access from the software-information page."""
        text = (await self.http.get(SWINFO_PAGE)).text
        info: dict[str, Any] = {"manufacturer": "ARRIS"}
        info.update(self.parsed(fmt.parse_swinfo(text, SWINFO_PAGE)))
        info["model"] = fmt.page_model(text) or MODEL
        return info

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the connection page and parse both bonded tables."""
        text = (await self.http.get(CONNECT_PAGE)).text
        return split_form(
            ds30=self.parsed(fmt.parse_downstream(text, CONNECT_PAGE)),
            us30=self.parsed(fmt.parse_upstream(text, CONNECT_PAGE)),
        )

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """An SB6183 names itself in the header of its open connection page."""
        reply = await http.get(CONNECT_PAGE)
        if reply.status != 200 or fmt.page_model(reply.text) != MODEL:
            return 0
        return 90 if fmt.DS_TITLE in reply.text else 70
