"""Everything a request handler or collector needs, created once per server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .auth import AuthService
from .collectors import Scheduler
from .config import SecretBox, Settings
from .runtime import Runtime
from .storage import Database


@dataclass(slots=True)
class LiveState:
    """In-memory state the signal pipeline fills (the latest analysis)."""

    analysis: dict[str, Any] | None = None

    @property
    def docsis_health(self) -> str:
        """Return the overall health of the latest analysis, or "waiting" before the first."""
        if not self.analysis:
            return "waiting"
        return str(self.analysis.get("summary", {}).get("health", "waiting"))


@dataclass(slots=True)
class ServerContext:
    """The server's long-lived parts."""

    runtime: Runtime
    settings: Settings
    database: Database
    secrets: SecretBox
    auth: AuthService
    scheduler: Scheduler
    state: LiveState = field(default_factory=LiveState)
