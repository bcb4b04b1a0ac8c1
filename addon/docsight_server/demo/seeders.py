"""Demo history seeders: each feature adds the rows it shows in demo mode."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncConnection

from .line import DemoLine

if TYPE_CHECKING:
    from ..context import ServerContext

HISTORY_DAYS = 270
STEP_SECONDS = 900


@dataclass(slots=True)
class DemoPlan:
    """What every seeder shares: the time span and the simulated line."""

    now: int
    line: DemoLine
    days: int = HISTORY_DAYS
    step: int = STEP_SECONDS

    @property
    def start(self) -> int:
        """Return the first history timestamp (aligned to the step)."""
        first = self.now - self.days * 86400
        return first - first % self.step + self.step

    def days_ago(self, days: float) -> int:
        """Return the epoch `days` before now, aligned to the step."""
        moment = int(self.now - days * 86400)
        return moment - moment % self.step


Seeder = Callable[[AsyncConnection, "ServerContext", DemoPlan], Awaitable[int]]
SEEDERS: list[tuple[str, Seeder]] = []


def register_seeder(name: str) -> Callable[[Seeder], Seeder]:
    """Register a seeder under a name; seeders run in registration order."""

    def decorate(seeder: Seeder) -> Seeder:
        SEEDERS.append((name, seeder))
        return seeder

    return decorate
