"""The connection monitor's repository: one part per concern, sharing the open rollup buckets."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import tzinfo

from ...storage.database import Database
from .buckets import OpenBuckets
from .pins import PinnedDays, local_zone
from .retention import Retention
from .sample_reads import SampleReader
from .sample_writes import SampleWriter
from .series import LatencySeries
from .stats import SampleStats
from .targets import Targets
from .traces import Traces


class ConnMonStore:
    """Every SQL statement about connection-monitor data, grouped by what it is about.

    Callers use the part they need: `targets`, `writer` (probe results and rollups), `reader`
    (samples, outages, export), `stats`, `series` (trends and correlation), `pins`, `traces`
    and `retention`. The parts share `buckets`, the rollup buckets being filled in memory.
    """

    def __init__(
        self,
        database: Database,
        *,
        clock: Callable[[], float] = time.time,
        zone: Callable[[], tzinfo] | None = None,
    ) -> None:
        """Use `database`; `clock` gives "now" and `zone` the zone of pinned calendar days."""
        self.database = database
        self.buckets = OpenBuckets()
        self.targets = Targets(database, self.buckets, clock)
        self.writer = SampleWriter(database, self.buckets)
        self.reader = SampleReader(database, self.buckets, clock)
        self.stats = SampleStats(database, self.buckets, self.targets)
        self.series = LatencySeries(database, self.buckets)
        self.pins = PinnedDays(database, clock, zone or local_zone)
        self.traces = Traces(database)
        self.retention = Retention(database, self.buckets)
