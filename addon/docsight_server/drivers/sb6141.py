"""Arris/Motorola SURFboard SB6141: no login; transposed HTML tables on /cmSignalData.htm."""

from __future__ import annotations

from typing import Any

from .formats import sb6141 as fmt
from .formats.common import split_form
from .http_driver import HttpDriver
from .transport import ModemHttp

SIGNAL_PAGE = "/cmSignalData.htm"
HELP_PAGE = "/cmHelpData.htm"
MODEL_MARKER = "SB6141"


class Sb6141Driver(HttpDriver):
    """Reads the signal page (downstream, upstream, codewords) and the help page."""

    key = "sb6141"
    display_name = "Arris/Motorola SB6141"
    models = "ARRIS / Motorola SURFboard SB6141"
    login_method = "none (status pages are open)"
    reads = "HTML /cmSignalData.htm (transposed tables + codeword table), /cmHelpData.htm"
    limits = "DOCSIS 3.0 only; no uptime; upstream modulation is the highest of the burst list"
    firmware = (
        "cmSignalData.htm transposed tables with or without the nested power-level note; "
        "cmHelpData.htm device page"
    )

    async def get_device_info(self) -> dict[str, Any]:
        """Return model, firmware and hardware version from the help page."""
        reply = await self.http.get(HELP_PAGE)
        return dict(self.parsed(fmt.parse_help(reply.text)))

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read the signal page and parse both directions."""
        text = (await self.http.get(SIGNAL_PAGE)).text
        return split_form(
            ds30=self.parsed(fmt.parse_downstream(text)), us30=self.parsed(fmt.parse_upstream(text))
        )

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """An SB6141 names itself on the open help page."""
        reply = await http.get(HELP_PAGE)
        if reply.status != 200:
            return 0
        model = fmt.help_fields(reply.text).get("modelname", "")
        return 90 if MODEL_MARKER in model.upper() else 0
