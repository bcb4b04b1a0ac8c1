"""Per-collector failure bookkeeping and the back-off rule."""

from __future__ import annotations

from dataclasses import dataclass

from .diagnosis import Diagnosis

PENALTY_BASE = 30
PENALTY_MAX = 3600
PENALTY_RESET_AFTER = 86400


def penalty_for(consecutive_failures: int) -> int:
    """Return the extra wait after n consecutive failures: min(30·2^(n-1), 3600) seconds."""
    if consecutive_failures <= 0:
        return 0
    return min(PENALTY_BASE << (consecutive_failures - 1), PENALTY_MAX)


@dataclass(slots=True)
class PollRecord:
    """When a collector ran and how its recent runs went.

    `last_poll` is the last run of any kind (what people read as "Last poll"); the schedule
    counts from `scheduled_at`, the last automatic run, so a manual poll does not move it.
    """

    last_poll: float = 0.0
    scheduled_at: float = 0.0
    last_failure: float = 0.0
    consecutive_failures: int = 0
    #: Why the last scheduled run failed; None after a success.
    diagnosis: Diagnosis | None = None

    @property
    def last_error(self) -> str | None:
        """Return the message of the last failure, None after a success."""
        return self.diagnosis.message if self.diagnosis else None

    def success(self, now: float) -> None:
        """Record a successful scheduled run."""
        self.last_poll = self.scheduled_at = now
        self.consecutive_failures = 0
        self.diagnosis = None

    def manual_success(self, now: float) -> None:
        """Record a successful manual run (the schedule and the back-off stay as they were)."""
        self.last_poll = now

    def failure(self, now: float, diagnosis: Diagnosis) -> None:
        """Record a failed scheduled run."""
        self.last_poll = self.scheduled_at = now
        self.last_failure = now
        self.consecutive_failures += 1
        self.diagnosis = diagnosis

    def penalty(self, now: float) -> int:
        """Return the current back-off, cleared 24 h after the last failure."""
        if self.consecutive_failures and now - self.last_failure >= PENALTY_RESET_AFTER:
            self.consecutive_failures = 0
        return penalty_for(self.consecutive_failures)
