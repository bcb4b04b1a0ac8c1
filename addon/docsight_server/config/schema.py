"""Configuration keys as features declare them, and the schema a server builds from them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Final

Value = str | int | float | bool

MASK: Final = "\u2022" * 8
# Keys the server keeps for itself in the same store; never accepted from or returned to clients.
INTERNAL_KEYS: Final = frozenset({"integration_token"})
#: The longest text a setting takes unless it declares its own max_length.
TEXT_MAX_LENGTH: Final = 256
URL_MAX_LENGTH: Final = 2048
SECRET_MAX_LENGTH: Final = 1024
PATH_MAX_LENGTH: Final = 1024


@dataclass(frozen=True, slots=True)
class Setting:
    """One config key (upstream's name): its default fixes its type.

    Every number declares `limits` (the allowed range); text is at most `max_length` characters
    (by default 256, 2048 for URLs); a `path` is a folder inside the allowed roots; `check`
    raises ValueError (its message names the fault) for non-empty text of the wrong form.
    """

    key: str
    default: Value
    secret: bool = False
    url: bool = False
    limits: tuple[float, float] | None = None
    max_length: int | None = None
    path: bool = False
    check: Callable[[str], object] | None = None

    def __post_init__(self) -> None:
        """Refuse a declaration that would let a value through unchecked."""
        default = self.default
        if self.limits is None:
            if not isinstance(default, str | bool):
                raise ValueError(f"Setting {self.key}: a number needs limits (its allowed range)")
        elif isinstance(default, str | bool) or not self.limits[0] <= default <= self.limits[1]:
            raise ValueError(f"Setting {self.key}: limits need a number default inside them")
        if (self.path or self.url) and not isinstance(default, str):
            raise ValueError(f"Setting {self.key}: URLs and paths are text")

    def describe(self) -> dict[str, Value]:
        """Return what a form needs to edit this key: type, secrecy, allowed range or length."""
        kind = {bool: "boolean", int: "integer", float: "number"}.get(type(self.default), "string")
        described: dict[str, Value] = {"type": kind, "secret": self.secret}
        if self.limits is not None:
            described["minimum"], described["maximum"] = self.limits
        if kind == "string":
            described["max_length"] = self.text_limit
            described["url"] = self.url
            described["path"] = self.path
        return described

    @property
    def text_limit(self) -> int:
        """Return the most characters a text value may have."""
        if self.max_length is not None:
            return self.max_length
        if self.url:
            return URL_MAX_LENGTH
        if self.path:
            return PATH_MAX_LENGTH
        return SECRET_MAX_LENGTH if self.secret else TEXT_MAX_LENGTH


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
        self.path_keys = frozenset(key for key, item in self._settings.items() if item.path)

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

    def describe(self) -> dict[str, dict[str, Value]]:
        """Return every key's description (Setting.describe) in declaration order."""
        return {key: setting.describe() for key, setting in self._settings.items()}


def env_name(key: str) -> str:
    """Return the environment variable that overrides a config key."""
    return key.upper()
