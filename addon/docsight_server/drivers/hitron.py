"""Hitron CODA-56: no login; JSON tables under /data/."""

from __future__ import annotations

import time
from typing import Any

from .base import UnexpectedPageError
from .formats import hitron as fmt
from .formats.common import unexpected
from .formats.records import split_form_with_distinct_ids
from .http_driver import HttpDriver
from .transport import ModemHttp


async def _json(http: ModemHttp, path: str) -> tuple[Any, str]:
    reply = await http.get(path, params={"_": str(int(time.time() * 1000))})
    return reply.json_body(path), reply.text


class HitronDriver(HttpDriver):
    """Reads the four channel tables the CODA-56 status page loads."""

    key = "hitron"
    display_name = "Hitron CODA-56"
    models = "Hitron CODA-56"
    login_method = "none (status pages are open)"
    reads = "JSON /data/dsinfo.asp, usinfo.asp, dsofdminfo.asp, usofdminfo.asp, getCMInit.asp"
    limits = (
        "No firmware version or uptime in the open pages; OFDMA power is the 1.6 MHz figure. "
        "OFDM receivers and OFDMA channels keep the modem's numbers (from 0); one that an "
        "SC-QAM channel of the direction also has becomes 33 + receiver (41 + uschindex)"
    )
    firmware = (
        "CODA-56 open /data/*.asp tables: SC-QAM modulation as a code or a QAM name, idle OFDM "
        "receivers (PLC unlocked) and disabled OFDMA channels skipped"
    )

    async def get_device_info(self) -> dict[str, Any]:
        """Return the fixed identity and the provisioning state."""
        payload, text = await _json(self.http, "/data/getCMInit.asp")
        if not isinstance(payload, list | dict):
            raise unexpected("getCMInit.asp is not a JSON object", text)
        row = payload[0] if isinstance(payload, list) and payload else payload
        if not isinstance(row, dict) or "networkAccess" not in row:
            raise unexpected("getCMInit.asp has no networkAccess", text)
        return {
            "manufacturer": "Hitron Technologies",
            "model": "CODA-56",
            "docsis_status": str(row.get("networkAccess")),
        }

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read and parse the four tables."""
        ds, ds_text = await _json(self.http, "/data/dsinfo.asp")
        us, us_text = await _json(self.http, "/data/usinfo.asp")
        ofdm, ofdm_text = await _json(self.http, "/data/dsofdminfo.asp")
        ofdma, ofdma_text = await _json(self.http, "/data/usofdminfo.asp")
        return self.parsed(
            split_form_with_distinct_ids(
                self.parsed(fmt.parse_downstream(ds, ds_text)),
                self.parsed(fmt.parse_ofdm_downstream(ofdm, ofdm_text)),
                self.parsed(fmt.parse_upstream(us, us_text)),
                self.parsed(fmt.parse_ofdma_upstream(ofdma, ofdma_text)),
            )
        )

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """A CODA answers getCMInit.asp with a networkAccess field."""
        try:
            payload, _ = await _json(http, "/data/getCMInit.asp")
        except UnexpectedPageError:
            return 0
        row = payload[0] if isinstance(payload, list) and payload else payload
        return 80 if isinstance(row, dict) and "networkAccess" in row else 0
