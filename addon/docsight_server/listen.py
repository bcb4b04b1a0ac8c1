"""Where the server listens: the host's every address, or only the Supervisor network.

The add-on runs with host networking so the LAN monitor sees the host's neighbour table and
subnets. Its ports are then the host's ports, so under the Supervisor the API and ingress
listen only on the add-on's Supervisor-network address (where Home Assistant and the ingress
proxy reach it) unless the `api_on_lan` option opens the API to the local network.
"""

from __future__ import annotations

import logging

import aiohttp

from .runtime import Runtime
from .supervisor import SupervisorError, addon_address

_LOGGER = logging.getLogger(__name__)

API_ON_LAN_OPTION = "api_on_lan"


async def listen_host(runtime: Runtime) -> str:
    """Return the address to listen on for this runtime."""
    if not runtime.supervised or runtime.options.get(API_ON_LAN_OPTION):
        return runtime.web_host
    try:
        async with aiohttp.ClientSession() as session:
            return await addon_address(session, runtime.supervisor_url, runtime.supervisor_token)
    except SupervisorError as err:
        # Every /api route still needs a credential under the Supervisor.
        _LOGGER.warning(
            "Could not read the add-on's Supervisor-network address (%s); listening on %s",
            err,
            runtime.web_host,
        )
        return runtime.web_host
