"""The plan every demo history seeder shares (features declare their seeders)."""

from __future__ import annotations

from dataclasses import dataclass

from .line import DemoLine

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
