"""Readers for JSON values, and `JsonModel`, which reads each field of a model by its type.

Each reader returns the typed value or None, or raises for required parts. Numbers that are not
JSON numbers (text, booleans) count as missing; a required object or array of the wrong kind
raises TypeError, which the client reports as an unexpected answer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, fields
from datetime import UTC, datetime
from typing import Any, ClassVar, Final, Self, TypeIs, get_args, get_origin, get_type_hints


def number(value: Any) -> float | None:
    """Return a JSON number as float (None for null and anything else)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def integer(value: Any) -> int | None:
    """Return a JSON number as int (None for null and anything else)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value)


def text(value: Any) -> str | None:
    """Return a JSON string, or a number as text (None for null and anything else)."""
    if isinstance(value, str):
        return value
    return None if number(value) is None else str(value)


def flag(value: Any) -> bool | None:
    """Return a JSON boolean, also given as 0 or 1 (None for null and anything else)."""
    if isinstance(value, bool):
        return value
    return bool(value) if value in (0, 1) else None


def mapping(value: Any) -> Mapping[str, Any]:
    """Return a JSON object, or raise TypeError."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return value


def items(value: Any) -> list[Mapping[str, Any]]:
    """Return the objects of a JSON array ([] for null), or raise TypeError."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError(f"expected a JSON array, got {type(value).__name__}")
    return [mapping(item) for item in value]


def texts(value: Any) -> tuple[str, ...]:
    """Return the strings of a JSON array (other items, and anything but an array, are left out)."""
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def json_object(value: Any) -> dict[str, Any] | None:
    """Return a free-form JSON object as a dict (None for anything else)."""
    return dict(value) if isinstance(value, Mapping) else None


def epoch(value: Any) -> datetime | None:
    """Return a UTC time from whole epoch seconds (None for null, 0 and anything else)."""
    seconds = integer(value)
    return datetime.fromtimestamp(seconds, UTC) if seconds else None


def iso_time(value: Any) -> datetime | None:
    """Return a time from ISO 8601 text such as 2025-01-01T00:00:00Z (None if it is not one)."""
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


type Reader = Callable[[Any], object]

#: The field metadata key of a field read from another JSON key (see `renamed`).
SOURCE: Final = "json_source"

#: How an optional field is read, by its declared type: a missing or null value gives None.
OPTIONAL_READERS: Final[dict[object, Reader]] = {
    str | None: text,
    int | None: integer,
    float | None: number,
    bool | None: flag,
    datetime | None: iso_time,
    tuple[str, ...]: texts,
    dict[str, Any] | None: json_object,
    dict[str, Any]: lambda value: dict(mapping(value or {})),
}
#: How a required field is read, by its declared type: a missing key raises KeyError.
REQUIRED_READERS: Final[dict[object, Reader]] = {str: str, int: int}


def renamed(key: str, reader: Reader) -> dict[str, tuple[str, Reader]]:
    """Return the metadata of a field read from another JSON key with its own reader."""
    return {SOURCE: (key, reader)}


def switched_on(value: Any) -> bool:
    """Return False only for an explicit JSON false (a switch that defaults to on)."""
    return value is not False


@dataclass(frozen=True, slots=True)
class FieldReader:
    """How one field of a model is read: from which key, whether it is required, with what."""

    name: str
    key: str
    required: bool
    read: Reader

    def value(self, data: Mapping[str, Any]) -> object:
        """Return the field's value from a JSON object."""
        return self.read(data[self.key] if self.required else data.get(self.key))


#: The field readers of each model, worked out on its first parse.
_FIELD_READERS: dict[type[JsonModel], tuple[FieldReader, ...]] = {}


class JsonModel:
    """A dataclass read from a JSON object, each field from the key of its name by its type.

    Optional types (`X | None`, tuples, flags) tolerate missing, null and wrongly typed values;
    `str` and `int` fields are required; nested models are read recursively. The types are
    looked up at run time, so a model's module imports every type its fields name.
    """

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @classmethod
    def from_json(cls, data: object) -> Self:
        """Parse a JSON object into the model (TypeError for anything but an object)."""
        source = mapping(data)
        values = {reader.name: reader.value(source) for reader in field_readers(cls)}
        return cls(**values)


def field_readers(model: type[JsonModel]) -> tuple[FieldReader, ...]:
    """Return how each field of a model is read (worked out once per model)."""
    if (known := _FIELD_READERS.get(model)) is None:
        hints = get_type_hints(model)
        known = tuple(_field_reader(item, hints[item.name]) for item in fields(model))
        _FIELD_READERS[model] = known
    return known


def is_model(hint: object) -> TypeIs[type[JsonModel]]:
    """Return True for a model class (a field holding a nested JSON object)."""
    return isinstance(hint, type) and issubclass(hint, JsonModel)


def _field_reader(declared: Field[Any], hint: object) -> FieldReader:
    """Return the reader of one field, from its metadata, else from its declared type."""
    name = declared.name
    if SOURCE in declared.metadata:
        key, read = declared.metadata[SOURCE]
        return FieldReader(name, key, required=False, read=read)
    if hint in REQUIRED_READERS:
        return FieldReader(name, name, required=True, read=REQUIRED_READERS[hint])
    return FieldReader(name, name, required=False, read=_optional_reader(declared, hint))


def _optional_reader(declared: Field[Any], hint: object) -> Reader:
    """Return the reader of a field that may be missing, by its type (and default for flags)."""
    if hint in OPTIONAL_READERS:
        return OPTIONAL_READERS[hint]
    if hint is bool:
        return switched_on if declared.default is True else bool
    if is_model(hint):
        return lambda value: hint.from_json(value or {})
    args = get_args(hint)
    if get_origin(hint) is tuple and args[1:] == (Ellipsis,) and is_model(element := args[0]):
        return lambda value: tuple(element.from_json(item) for item in items(value))
    raise NotImplementedError(f"no JSON reader for {declared.name}: {hint}")
