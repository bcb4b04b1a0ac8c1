"""Everything a request handler or collector needs, created once per server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from .analysis.windows import zone
from .auth import AuthService
from .collectors import Scheduler
from .config import SecretBox, Settings
from .outputs.hub import NotificationHub
from .registries import Registries, Services
from .runtime import Runtime
from .storage import Database
from .storage.event_repo import EventStore
from .storage.signal_repo import SignalStore


@dataclass(slots=True)
class LiveState:
    """In-memory state the signal pipeline fills (the latest analysis)."""

    analysis: dict[str, Any] | None = None
    device_info: dict[str, Any] = field(default_factory=dict)
    connection_info: dict[str, Any] | None = None
    last_poll: float = 0.0
    snapshot_id: int | None = None
    instance_id: str = ""

    def clear(self) -> None:
        """Forget everything about the modem (it was replaced or demo mode ended)."""
        self.analysis = None
        self.device_info = {}
        self.connection_info = None
        self.last_poll = 0.0
        self.snapshot_id = None

    @property
    def docsis_health(self) -> str:
        """Return the overall health of the latest analysis, or "waiting" before the first."""
        if not self.analysis:
            return "waiting"
        return str(self.analysis.get("summary", {}).get("health", "waiting"))


@dataclass(slots=True)
class ServerContext:
    """The server's long-lived parts; features reach theirs through `registries` and `services`."""

    runtime: Runtime
    settings: Settings
    database: Database
    secrets: SecretBox
    auth: AuthService
    scheduler: Scheduler
    signal: SignalStore
    events: EventStore
    hub: NotificationHub = field(default_factory=NotificationHub)
    state: LiveState = field(default_factory=LiveState)
    registries: Registries = field(default_factory=Registries)
    services: Services = field(default_factory=Services)

    def local_zone(self) -> ZoneInfo:
        """Return the zone for calendar-day views: the timezone setting, else TZ, else UTC."""
        return zone(str(self.settings.get("timezone") or self.runtime.timezone or ""))
