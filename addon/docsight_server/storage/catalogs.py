"""Small lookup tables kept in memory: channel series and modulation names."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, overload

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from ..analysis.selectors import channel_selector
from .legacy_labels import legacy_frequency_label
from .schema import channel_series, modulation_names

_LOGGER = logging.getLogger(__name__)

DOWNSTREAM = 0
UPSTREAM = 1


@dataclass(frozen=True, slots=True)
class Series:
    """One channel as it appears over time (a row of channel_series)."""

    id: int
    direction: int
    channel_id: int
    frequency: str
    docsis_version: str
    channel_family: str
    multiplex: str | None
    selector: str


def series_identity(direction: int, record: dict[str, Any]) -> str:
    """Return the text that identifies a channel's series."""
    return orjson.dumps(
        [
            direction,
            record.get("channel_id"),
            str(record.get("frequency") or ""),
            record.get("docsis_version"),
            record.get("channel_family"),
            record.get("multiplex") if direction == UPSTREAM else None,
        ]
    ).decode()


class SeriesCatalog:
    """Maps channel identities to series ids, creating series on first sight."""

    def __init__(self) -> None:
        """Start empty; `load` fills it from the database."""
        self._by_identity: dict[str, Series] = {}
        self._by_id: dict[int, Series] = {}
        self.loaded = False

    async def load(self, connection: AsyncConnection) -> None:
        """Read every series."""
        result = await connection.execute(select(channel_series))
        self._by_identity.clear()
        self._by_id.clear()
        for row in result.mappings():
            self._remember(row["identity"], Series(**{k: row[k] for k in Series.__slots__}))
        self.loaded = True

    def _remember(self, identity: str, series: Series) -> None:
        self._by_identity[identity] = series
        self._by_id[series.id] = series

    def get(self, series_id: int) -> Series | None:
        """Return a series by id."""
        return self._by_id.get(series_id)

    def all(self) -> list[Series]:
        """Return every known series."""
        return list(self._by_id.values())

    def known(self, direction: int, record: dict[str, Any]) -> Series:
        """Return the series of a record that `ensure` has seen (KeyError otherwise)."""
        return self._by_identity[series_identity(direction, record)]

    async def ensure(
        self, connection: AsyncConnection, direction: int, record: dict[str, Any]
    ) -> Series:
        """Return the series of a channel record, inserting it when new."""
        return (await self.ensure_lineup(connection, direction, [record]))[0]

    async def ensure_lineup(
        self, connection: AsyncConnection, direction: int, records: Sequence[dict[str, Any]]
    ) -> list[Series]:
        """Return the series of one direction's channel records of a poll, inserting new ones.

        A channel whose frequency label earlier versions rounded continues the series stored
        under the rounded label (see `_relabelled`) instead of starting a new one.
        """
        identities = [series_identity(direction, record) for record in records]
        if all(identity in self._by_identity for identity in identities):
            return [self._by_identity[identity] for identity in identities]
        relabelled = self._relabelled(direction, records, identities)
        found = []
        for identity, record in zip(identities, records, strict=True):
            series = self._by_identity.get(identity)
            if series is None and identity in relabelled:
                series = await self._relabel(connection, identity, record, *relabelled[identity])
            elif series is None:
                series = await self._insert(connection, direction, identity, record)
            found.append(series)
        return found

    def _relabelled(
        self, direction: int, records: Sequence[dict[str, Any]], identities: list[str]
    ) -> dict[str, tuple[str, Series]]:
        """Map new identities to the (old identity, series) they continue.

        A series stored under a record's old-style label moves to the record only when no
        series has the record's identity yet, no record of the poll still has the old label,
        and no other channel of the poll had the same old-style label (no two get merged).
        """
        claims: dict[str, set[str]] = {}
        for identity, record in zip(identities, records, strict=True):
            label = legacy_frequency_label(record.get("frequency"))
            if label is not None:
                legacy = series_identity(direction, {**record, "frequency": label})
                claims.setdefault(legacy, set()).add(identity)
        current = set(identities)
        moves: dict[str, tuple[str, Series]] = {}
        for legacy, claimants in claims.items():
            series = self._by_identity.get(legacy)
            if series is None or legacy in current or len(claimants) != 1:
                continue
            (identity,) = claimants
            if identity not in self._by_identity:
                moves[identity] = (legacy, series)
        return moves

    async def _relabel(
        self,
        connection: AsyncConnection,
        identity: str,
        record: dict[str, Any],
        legacy: str,
        series: Series,
    ) -> Series:
        frequency = str(record.get("frequency") or "")
        moved = replace(
            series, frequency=frequency, selector=channel_selector(series.channel_id, frequency)
        )
        await connection.execute(
            channel_series.update()
            .where(channel_series.c.id == series.id)
            .values(identity=identity, frequency=moved.frequency, selector=moved.selector)
        )
        del self._by_identity[legacy]
        self._remember(identity, moved)
        _LOGGER.info(
            "Channel series %d (%s) continues under the frequency label %s",
            series.id,
            series.frequency,
            frequency,
        )
        return moved

    async def _insert(
        self, connection: AsyncConnection, direction: int, identity: str, record: dict[str, Any]
    ) -> Series:
        channel_id = int(record.get("channel_id") or 0)
        frequency = str(record.get("frequency") or "")
        draft = Series(
            id=0,
            direction=direction,
            channel_id=channel_id,
            frequency=frequency,
            docsis_version=str(record.get("docsis_version") or ""),
            channel_family=str(record.get("channel_family") or "unknown"),
            multiplex=record.get("multiplex") if direction == UPSTREAM else None,
            selector=channel_selector(channel_id, frequency),
        )
        values = {name: getattr(draft, name) for name in Series.__slots__[1:]}
        result = await connection.execute(
            channel_series.insert().values(identity=identity, **values)
        )
        series = replace(draft, id=result.inserted_primary_key[0])
        self._remember(identity, series)
        return series

    def forget(self) -> None:
        """Drop the cache (after a rollback or a purge)."""
        self._by_identity.clear()
        self._by_id.clear()
        self.loaded = False


class ModulationCodes:
    """Maps modulation names ("256QAM", "OFDMA", ...) to small integers stored per sample."""

    def __init__(self) -> None:
        """Start empty; `load` fills it from the database."""
        self._codes: dict[str, int] = {}
        self._names: dict[int, str] = {}
        self.loaded = False

    async def load(self, connection: AsyncConnection) -> None:
        """Read every known name."""
        result = await connection.execute(select(modulation_names.c.id, modulation_names.c.name))
        self._codes = {name: code for code, name in result}
        self._names = {code: name for name, code in self._codes.items()}
        self.loaded = True

    def names(self) -> dict[int, str]:
        """Return the code-to-name map (read only)."""
        return self._names

    def name(self, code: int | None) -> str | None:
        """Return the name for a code."""
        return None if code is None else self._names.get(code)

    @overload
    def code(self, name: str) -> int: ...
    @overload
    def code(self, name: None) -> None: ...
    def code(self, name: str | None) -> int | None:
        """Return the code of a known name (None for no name)."""
        return None if name is None else self._codes[name]

    async def ensure(self, connection: AsyncConnection, names: set[str]) -> None:
        """Insert codes for names not seen before."""
        for name in sorted(names - self._codes.keys()):
            code = max(self._names, default=0) + 1
            await connection.execute(modulation_names.insert().values(id=code, name=name))
            self._codes[name] = code
            self._names[code] = name
