"""What a loaded config entry holds (ConfigEntry.runtime_data)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from homeassistant.config_entries import ConfigEntry

from .api import DocsightClient
from .models import Instance

if TYPE_CHECKING:
    from .coordinator import DocsightLiveCoordinator, DocsightSlowCoordinator
    from .evidence import DocsightEvidenceCoordinator
    from .network import DocsightNetworkCoordinator


@dataclass
class DocsightRuntimeData:
    """The client, the add-on's identity and the coordinators of one entry."""

    client: DocsightClient
    instance: Instance
    live: DocsightLiveCoordinator
    slow: DocsightSlowCoordinator
    network: DocsightNetworkCoordinator
    evidence: DocsightEvidenceCoordinator


type DocsightConfigEntry = ConfigEntry[DocsightRuntimeData]
