"""Models of the evidence workflow: incidents, journal entries, comparisons and outages."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from . import parse

#: Incident statuses that mean the problem is not solved yet.
UNRESOLVED_STATUSES: Final = ("open", "escalated")


def epoch_time(value: Any) -> datetime | None:
    """Return a UTC time from epoch seconds, fractions kept (None for anything else)."""
    seconds = parse.number(value)
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Incident(parse.JsonModel):
    """An incident grouping journal entries (GET /api/incidents item).

    `start_date` and `end_date` are the household's calendar dates (YYYY-MM-DD); the end is
    missing while the incident goes on.
    """

    id: int
    name: str
    description: str | None = None
    status: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    icon: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    entry_count: int | None = None

    @property
    def unresolved(self) -> bool:
        """Return True while the incident is open or escalated."""
        return self.status in UNRESOLVED_STATUSES


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntry(parse.JsonModel):
    """A journal entry the add-on created (POST /api/journal answers its id)."""

    id: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonAverages(parse.JsonModel):
    """Mean signal levels of a period (2 decimals; None without readings)."""

    ds_power: float | None = None
    ds_snr: float | None = None
    us_power: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonTotals(parse.JsonModel):
    """Error counter totals of a period."""

    corr_errors: int | None = None
    uncorr_errors: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonSample(parse.JsonModel):
    """One reading of a period's time series."""

    timestamp: str | None = None
    ds_power_avg: float | None = None
    ds_snr_avg: float | None = None
    us_power_avg: float | None = None
    uncorr_errors: int | None = None
    health: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonPeriod(parse.JsonModel):
    """One period of a comparison; `start` and `end` are its `from` and `to` (UTC, Z)."""

    snapshots: int | None = None
    avg: ComparisonAverages = field(default_factory=ComparisonAverages)
    total: ComparisonTotals = field(default_factory=ComparisonTotals)
    errors_supported: bool | None = None
    corr_errors_supported: bool | None = None
    uncorr_errors_supported: bool | None = None
    health_distribution: dict[str, Any] = field(default_factory=dict)
    timeseries: tuple[ComparisonSample, ...] = ()
    start: str | None = field(default=None, metadata=parse.renamed("from", parse.text))
    end: str | None = field(default=None, metadata=parse.renamed("to", parse.text))

    def to_json(self) -> dict[str, Any]:
        """Return the period in the add-on's shape."""
        period = asdict(self)
        period["timeseries"] = list(period["timeseries"])
        period["from"], period["to"] = period.pop("start"), period.pop("end")
        return period


@dataclass(frozen=True, slots=True, kw_only=True)
class ComparisonDelta(parse.JsonModel):
    """Period B minus period A, and what that means for the line."""

    ds_power: float | None = None
    ds_snr: float | None = None
    us_power: float | None = None
    uncorr_errors: int | None = None
    #: improved, degraded or unchanged
    verdict: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison(parse.JsonModel):
    """Two periods compared (GET /api/comparison)."""

    period_a: ComparisonPeriod
    period_b: ComparisonPeriod
    delta: ComparisonDelta

    def to_json(self) -> dict[str, Any]:
        """Return the comparison in the add-on's shape."""
        return {
            "period_a": self.period_a.to_json(),
            "period_b": self.period_b.to_json(),
            "delta": asdict(self.delta),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Outage(parse.JsonModel):
    """A run of unanswered probes of a target (GET /api/connection-monitor/outages item).

    `end` is the first answer after it; None while the run goes on, when `duration_seconds`
    runs to the last unanswered probe seen.
    """

    start: datetime | None = field(default=None, metadata=parse.renamed("start", epoch_time))
    end: datetime | None = field(default=None, metadata=parse.renamed("end", epoch_time))
    duration_seconds: float | None = None
    timeout_count: int | None = None
