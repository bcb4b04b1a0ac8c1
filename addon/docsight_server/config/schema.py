"""Configuration keys as features declare them, and the schema a server builds from them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Final

Value = str | int | float | bool

MASK: Final = "\u2022" * 8
# Keys the server keeps for itself in the same store; never accepted from or returned to clients.
INTERNAL_KEYS: Final = frozenset({"integration_token"})


@dataclass(frozen=True, slots=True)
class Setting:
    """One config key (upstream's name): its default fixes its type; limits clamp integers."""

    key: str
    default: Value
    secret: bool = False
    url: bool = False
    limits: tuple[int, int] | None = None


class SettingsSchema:
    """Every key one server knows: the settings its features declare, in feature order."""

    def __init__(self, settings: Iterable[Setting] = ()) -> None:
        """Index the settings by key."""
        self._settings = {setting.key: setting for setting in settings}
        self.defaults: dict[str, Value] = {
            key: setting.default for key, setting in self._settings.items()
        }
        self.secret_keys = frozenset(key for key, item in self._settings.items() if item.secret)
        self.url_keys = frozenset(key for key, item in self._settings.items() if item.url)

    def __contains__(self, key: object) -> bool:
        """Return True for a key some feature declares."""
        return key in self._settings

    def __iter__(self) -> Iterator[str]:
        """Iterate over the keys in declaration order."""
        return iter(self._settings)

    def __len__(self) -> int:
        """Return the number of keys."""
        return len(self._settings)

    def __getitem__(self, key: str) -> Setting:
        """Return a key's declaration; KeyError for an unknown key."""
        return self._settings[key]


def env_name(key: str) -> str:
    """Return the environment variable that overrides a config key."""
    return key.upper()
