"""Sagemcom F3896LG (Virgin Media Hub 5): open REST JSON under /rest/v1/cablemodem/."""

from __future__ import annotations

from typing import Any

from .base import UnexpectedPageError
from .formats import f3896lg as fmt
from .http_driver import HttpDriver
from .transport import ModemHttp


async def _json(http: ModemHttp, resource: str) -> tuple[Any, str]:
    reply = await http.get(f"{fmt.API}/{resource}", headers={"Accept": "application/json"})
    try:
        return reply.json(), reply.text
    except ValueError as err:
        raise fmt.page_error(resource, f"is not JSON (HTTP {reply.status})", reply.text) from err


class F3896LGDriver(HttpDriver):
    """Reads the Hub 5's cable-modem REST resources; they need no login."""

    key = "f3896lg"
    display_name = "Sagemcom F3896LG (Virgin Media Hub 5)"
    default_url = "https://192.168.100.1"
    models = "Sagemcom F3896LG, Virgin Media Hub 5, Liberty Global Connect Box 2"
    login_method = "none (REST API is open; /registration checks the modem is there)"
    reads = "REST /rest/v1/cablemodem/registration, downstream, upstream, state_, serviceflows"
    limits = "No firmware version in the open API; OFDM/OFDMA power and OFDM MER come in 0.1 dB"
    firmware = (
        "REST v1 pages with or without lockStatus (only lockStatus false drops a channel); "
        'rxMer/snr 0 or -1, counters -1, "N/A" and "---" read as no value; the OFDM QAM '
        "is kept as the profile modulation"
    )

    async def open_session(self) -> None:
        """No login: check that the registration resource answers as a Hub 5's does."""
        payload, text = await _json(self.http, "registration")
        if fmt.registration(payload) is None:
            raise fmt.page_error("registration", "answer has no registration status", text)

    async def get_device_info(self) -> dict[str, Any]:
        """Return the fixed identity plus DOCSIS status and uptime from /state_."""
        payload, text = await self.call(lambda: _json(self.http, "state_"))
        return {
            "manufacturer": "Sagemcom",
            "model": "F3896LG",
            **self.parsed(fmt.parse_state(payload, text)),
        }

    async def get_connection_info(self) -> dict[str, Any]:
        """Return the provisioned rates from the service flows."""
        payload, text = await self.call(lambda: _json(self.http, "serviceflows"))
        return self.parsed(fmt.parse_serviceflows(payload, text))

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read /downstream and /upstream and return the split form."""
        down, down_text = await self.call(lambda: _json(self.http, "downstream"))
        up, up_text = await self.call(lambda: _json(self.http, "upstream"))
        return fmt.parse_channels(down, up, down_text, up_text)

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """A Hub 5 answers /rest/v1/cablemodem/registration with a registration object."""
        try:
            payload, _ = await _json(http, "registration")
        except UnexpectedPageError:
            return 0
        return 90 if fmt.registration(payload) is not None else 0
