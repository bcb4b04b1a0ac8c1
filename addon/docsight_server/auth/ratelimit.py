"""Login lock-out: 5 failures within 15 minutes lock a client out, with growing waits."""

from __future__ import annotations

from dataclasses import dataclass, field

WINDOW = 900
MAX_FAILURES = 5
BASE_LOCKOUT = 30
MAX_DOUBLINGS = 8


@dataclass(slots=True)
class _Record:
    failures: list[float] = field(default_factory=list)


class LoginLimiter:
    """Tracks failed logins per client address."""

    def __init__(self) -> None:
        """Start with no failures."""
        self._records: dict[str, _Record] = {}

    def _recent(self, client: str, now: float) -> list[float]:
        record = self._records.get(client)
        if record is None:
            return []
        record.failures = [t for t in record.failures if now - t < WINDOW]
        if not record.failures:
            del self._records[client]
            return []
        return record.failures

    def retry_after(self, client: str, now: float) -> int:
        """Return seconds until the client may try again (0 when not locked out)."""
        failures = self._recent(client, now)
        if len(failures) < MAX_FAILURES:
            return 0
        lockout = BASE_LOCKOUT * 2 ** min(len(failures) - MAX_FAILURES, MAX_DOUBLINGS)
        remaining = failures[-1] + lockout - now
        return max(0, int(remaining + 0.999))

    def record_failure(self, client: str, now: float) -> None:
        """Count a failed attempt."""
        self._recent(client, now)
        self._records.setdefault(client, _Record()).failures.append(now)

    def reset(self, client: str) -> None:
        """Forget a client's failures after a successful login."""
        self._records.pop(client, None)
