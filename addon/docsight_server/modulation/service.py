"""The modulation feature's service: day tallies kept in memory, and the three views built on them.

A window is cut into local days. Each day's tally is keyed by the polls it covers (first and
last poll time and their number): a finished day keeps its key, so it is counted in SQL once
and reused; today and the window's partial first day get a new key when a poll arrives or
leaves the window. Bulk changes to the signal store (demo seeding, retention, purges) make the
store reload its in-memory summaries, and a new summary array drops every tally kept here.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import OrderedDict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from ..analysis.windows import local_days
from ..storage.catalogs import DOWNSTREAM, UPSTREAM, Series
from ..storage.device_repo import load_device_state
from ..storage.signal_repo import SignalStore
from ..storage.summary_cache import SummaryColumns
from ..timeutil import now_epoch
from .capacity import capacity_history, tariff_mbps
from .distribution import distribution, trend
from .intraday import channel_days, intraday
from .repository import tally_rows, timeline_rows
from .tally import DayPiece, Tally, build_tally, local_day_pieces

if TYPE_CHECKING:
    from array import array

    from ..context import ServerContext

#: Tallies kept: two directions x 31 days of the longest window, twice over (other zones,
#: the intraday views of older days). A day's tally takes ~8 KiB: 128 of them about 1 MiB.
MAX_TALLIES = 128
DAY_SECONDS = 86400
DIRECTIONS = {"ds": DOWNSTREAM, "us": UPSTREAM}
CAPACITY_COLUMNS = {"ds": "ds_capacity_mbps", "us": "us_capacity_mbps"}

TallyKey = tuple[str, str, str, int, int, int]
Window = tuple[list[Tally], list[float | None]]


class ModulationViews:
    """Builds the distribution, intraday and trend answers; keeps day tallies between requests."""

    def __init__(self, context: ServerContext) -> None:
        """Bind to the server's context; nothing is read before the first request."""
        self.context = context
        self._tallies: OrderedDict[TallyKey, Tally] = OrderedDict()
        self._summaries_seen: weakref.ref[array[int]] | None = None

    async def start(self) -> None:
        """Nothing runs in the background."""

    async def stop(self) -> None:
        """Forget the kept tallies."""
        self._tallies.clear()

    async def reload(self) -> None:
        """No settings of its own: the time zone is part of every tally's key."""

    @property
    def kept_tallies(self) -> int:
        """Return how many day tallies are kept in memory."""
        return len(self._tallies)

    def _follow(self, summaries: SummaryColumns) -> None:
        """Drop every tally when the store has reloaded its summaries (a bulk change)."""
        seen = self._summaries_seen() if self._summaries_seen is not None else None
        if seen is not summaries.ts:
            self._tallies.clear()
            self._summaries_seen = weakref.ref(summaries.ts)

    async def _window(self, direction: str, pieces: list[DayPiece], zone: ZoneInfo) -> Window:
        """Return a direction's tallies of local day pieces (in order) and their capacities."""
        start, end = pieces[0][1], pieces[-1][2]
        summaries, first, last = await self.context.signal.summary_window(start, end)
        self._follow(summaries)
        capacities = summaries.column(CAPACITY_COLUMNS[direction], first, last)
        found: dict[TallyKey, Tally | None] = {}
        for day, piece_start, piece_end in pieces:
            low, high = summaries.span(piece_start, piece_end)
            if low < high:
                first_ts, last_ts = summaries.ts[low], summaries.ts[high - 1]
                key = (direction, zone.key, day, first_ts, last_ts, high - low)
                found[key] = self._tallies.get(key)
                if found[key] is not None:
                    self._tallies.move_to_end(key)
        missing = [key for key, tally in found.items() if tally is None]
        if missing:
            for key, tally in zip(missing, await self._count(missing), strict=True):
                found[key] = tally
                self._tallies[key] = tally
            while len(self._tallies) > MAX_TALLIES:
                self._tallies.popitem(last=False)
        return [tally for tally in found.values() if tally is not None], capacities

    async def _count(self, keys: list[TallyKey]) -> list[Tally]:
        """Count the tallies of day pieces in SQL (one short query pair each)."""
        store = self.context.signal
        counted = []
        async with store.database.read() as connection:
            for direction, _zone, day, first_ts, last_ts, _polls in keys:
                lane = DIRECTIONS[direction]
                cells, polls = await tally_rows(connection, lane, first_ts, last_ts)
                series = await _series_of(store, connection, {row[0] for row in cells})
                names = store.modulations.names()
                counted.append(build_tally(direction, day, cells, polls, series, names))
        return counted

    async def _tariffs(self) -> dict[str, float | None]:
        """Return the booked speeds: the booked_* settings, else the modem's connection info."""
        info = self.context.state.connection_info
        if info is None:
            async with self.context.database.read() as connection:
                stored = await load_device_state(connection)
            info = stored["connection_info"] if stored else {}
        settings = self.context.settings
        return {
            "ds": tariff_mbps(settings.get("booked_download"), info.get("max_downstream_kbps")),
            "us": tariff_mbps(settings.get("booked_upload"), info.get("max_upstream_kbps")),
        }

    async def _capacity(
        self, pieces: list[DayPiece], zone: ZoneInfo, known: dict[str, Window]
    ) -> dict[str, Any]:
        """Return capacity_history for both directions over the day pieces."""
        tariffs = await self._tariffs()
        history = {}
        for direction in ("ds", "us"):
            tallies, capacities = known.get(direction) or await self._window(
                direction, pieces, zone
            )
            name = "downstream" if direction == "ds" else "upstream"
            history[name] = capacity_history(direction, capacities, tallies, tariffs[direction])
        return history

    async def distribution(self, direction: str, days: int) -> dict[str, Any]:
        """Return the distribution over the last `days` x 24 h, grouped by local day."""
        zone = self.context.local_zone()
        end = now_epoch()
        pieces = local_day_pieces(end - days * DAY_SECONDS, end, zone)
        window = await self._window(direction, pieces, zone)
        body = distribution(direction, window[0])
        body["capacity_history"] = await self._capacity(pieces, zone, {direction: window})
        return body

    async def trend(self, direction: str, days: int) -> list[dict[str, Any]]:
        """Return one trend row a local day over the last `days` x 24 h."""
        zone = self.context.local_zone()
        end = now_epoch()
        tallies, _ = await self._window(
            direction, local_day_pieces(end - days * DAY_SECONDS, end, zone), zone
        )
        return trend(direction, tallies)

    async def intraday(self, direction: str, day: date | None) -> dict[str, Any]:
        """Return one local day's per-channel timelines (default: today).

        WindowError when the day's end is beyond the calendar (9999-12-31).
        """
        zone = self.context.local_zone()
        if day is None:
            day = datetime.fromtimestamp(now_epoch(), zone).date()
        start, end = local_days(1, day, zone)
        store = self.context.signal
        async with self.context.database.read() as connection:
            rows = await timeline_rows(connection, DIRECTIONS[direction], start, end)
            series = await _series_of(store, connection, {row[1] for row in rows})
        names = dict(store.modulations.names())

        def build() -> dict[str, Any]:
            return intraday(direction, day.isoformat(), channel_days(rows, series, names), zone)

        body = await asyncio.get_running_loop().run_in_executor(None, build)
        pieces = [(day.isoformat(), start, end)]
        body["capacity_history"] = await self._capacity(pieces, zone, {})
        return body


async def _series_of(
    store: SignalStore, connection: AsyncConnection, wanted: set[int]
) -> dict[int, Series]:
    """Return the store's series by id (catalogs loaded; reloaded when one is missing)."""
    if not store.modulations.loaded:
        await store.modulations.load(connection)
    if not store.series.loaded:
        await store.series.load(connection)
    series = {item.id: item for item in store.series.all()}
    if not wanted <= series.keys():  # a series stored after the catalog was read
        await store.series.load(connection)
        series = {item.id: item for item in store.series.all()}
    return series
