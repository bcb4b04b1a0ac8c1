"""Which drivers a server knows: entries naming a driver class, imported when first needed.

A demo or unconfigured server never imports the 22 driver modules and their parsers.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from .base import ModemDriver


@dataclass(frozen=True, slots=True)
class DriverRef:
    """A built-in driver: its key, and the module and class that implement it."""

    key: str
    module: str
    class_name: str

    def load(self) -> type[ModemDriver]:
        """Import the driver's module and return its class."""
        module = importlib.import_module(f"{__package__}.{self.module}")
        cls: type[ModemDriver] = getattr(module, self.class_name)
        return cls


DriverEntry = DriverRef | type[ModemDriver]


def entry_key(entry: DriverEntry) -> str:
    """Return the key a catalog entry is registered under."""
    return entry.key


class DriverCatalog(Mapping[str, type[ModemDriver]]):
    """The drivers of one server by key; a class is imported the first time it is asked for."""

    def __init__(self, entries: Iterable[DriverEntry] = ()) -> None:
        """Index the entries by key (a later entry with the same key replaces an earlier one)."""
        self._entries: dict[str, DriverEntry] = {entry_key(entry): entry for entry in entries}
        self._classes: dict[str, type[ModemDriver]] = {}

    def add(self, entry: DriverEntry) -> None:
        """Add or replace one entry."""
        key = entry_key(entry)
        self._entries[key] = entry
        self._classes.pop(key, None)

    def __getitem__(self, key: str) -> type[ModemDriver]:
        """Return the driver class for a key (imported on first use); KeyError when unknown."""
        cls = self._classes.get(key)
        if cls is None:
            entry = self._entries[key]
            cls = entry.load() if isinstance(entry, DriverRef) else entry
            self._classes[key] = cls
        return cls

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys in entry order."""
        return iter(self._entries)

    def __len__(self) -> int:
        """Return the number of drivers."""
        return len(self._entries)
