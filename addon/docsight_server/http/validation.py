"""Request validation: voluptuous schemas that also describe themselves as JSON Schema.

A route declares its body, query and path inputs as `Fields`; the router validates them before
the handler runs and answers 400 `{"error": ...}` naming the field (404 for path ids that cannot
exist). The same declaration produces the OpenAPI parameters and request body.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import voluptuous as vol

#: The largest id a table can hold (the keys are 32-bit INTEGER columns); PostgreSQL refuses
#: a larger parameter, so a larger id in a path is a 404 before any query.
MAX_ID = 2**31 - 1
#: 9999-12-31T23:59:59Z: the last second every database and datetime can hold.
MAX_EPOCH = 253_402_300_799
MAX_QUERY_INT = 2**31 - 1


class FieldError(ValueError):
    """A request input is invalid; `status` is 400, or 404 for a path id that cannot exist."""

    def __init__(self, message: str, status: int = 400) -> None:
        """Keep the message and status."""
        super().__init__(message)
        self.message = message
        self.status = status


class Verbatim(vol.Invalid):
    """An input error whose message is complete as it is (upstream's wording, no field name)."""


class Validator:
    """A leaf validator: converts and checks one value, and describes itself as JSON Schema."""

    #: Query strings arrive as text; validators that need a number parse it first.
    from_text: bool = False

    def __call__(self, value: Any) -> Any:
        """Return the converted value or raise vol.Invalid with a message."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """Return the JSON Schema of accepted values."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Str(Validator):
    """A string, stripped, with a length range and an optional check."""

    min_length: int = 0
    max_length: int = 10_000
    strip: bool = True
    check: Callable[[str], bool] | None = None
    check_message: str = "is not valid"
    extra_schema: Mapping[str, Any] = field(default_factory=dict)

    def __call__(self, value: Any) -> str:
        """Return the stripped string."""
        if not isinstance(value, str):
            raise vol.Invalid("must be a string")
        text = value.strip() if self.strip else value
        if len(text) < self.min_length:
            raise vol.Invalid("is required" if self.min_length == 1 else "is too short")
        if len(text) > self.max_length:
            raise vol.Invalid(f"must be at most {self.max_length} characters")
        if self.check is not None and text and not self.check(text):
            raise vol.Invalid(self.check_message)
        return text

    def json_schema(self) -> dict[str, Any]:
        """Return {"type": "string", ...}."""
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.min_length:
            schema["minLength"] = self.min_length
        return {**schema, **self.extra_schema}


@dataclass(frozen=True, slots=True)
class Int(Validator):
    """A whole number from minimum to maximum (JSON numbers with no fraction; digits in a query).

    Both ends are required, and a value outside them is refused with the range, never clamped.
    """

    minimum: int
    maximum: int
    from_text: bool = False

    def __call__(self, value: Any) -> int:
        """Return the number as int."""
        number = _whole_number(value, self.from_text)
        if not self.minimum <= number <= self.maximum:
            raise vol.Invalid(f"must be between {self.minimum} and {self.maximum}")
        return number

    def json_schema(self) -> dict[str, Any]:
        """Return {"type": "integer", "minimum": ..., "maximum": ...}."""
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True, slots=True)
class Num(Validator):
    """A finite number from minimum to maximum (both required; outside them is refused)."""

    minimum: float
    maximum: float
    from_text: bool = False

    def __call__(self, value: Any) -> float:
        """Return the number as float."""
        number = _finite_number(value, self.from_text)
        if not self.minimum <= number <= self.maximum:
            raise vol.Invalid(f"must be between {_plain(self.minimum)} and {_plain(self.maximum)}")
        return number

    def json_schema(self) -> dict[str, Any]:
        """Return {"type": "number", "minimum": ..., "maximum": ...}."""
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


@dataclass(frozen=True, slots=True)
class Bool(Validator):
    """true or false (1/true/yes/on and 0/false/no/off in a query)."""

    from_text: bool = False

    def __call__(self, value: Any) -> bool:
        """Return the boolean."""
        if isinstance(value, bool):
            return value
        if self.from_text and isinstance(value, str):
            word = value.strip().lower()
            if word in ("1", "true", "yes", "on"):
                return True
            if word in ("0", "false", "no", "off", ""):
                return False
        raise vol.Invalid("must be true or false")

    def json_schema(self) -> dict[str, Any]:
        """Return {"type": "boolean"}."""
        return {"type": "boolean"}


@dataclass(frozen=True, slots=True)
class OneOf(Validator):
    """One of a fixed set of strings; `message` replaces the generic error when given."""

    choices: Sequence[str]
    message: str = ""

    def __call__(self, value: Any) -> str:
        """Return the value when it is one of the choices."""
        if not isinstance(value, str) or value not in self.choices:
            if self.message:
                raise Verbatim(self.message)
            raise vol.Invalid(f"must be one of {', '.join(self.choices)}")
        return value

    def json_schema(self) -> dict[str, Any]:
        """Return {"type": "string", "enum": [...]}."""
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True, slots=True)
class Day(Validator):
    """A calendar date written YYYY-MM-DD."""

    def __call__(self, value: Any) -> date:
        """Return the date."""
        if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
            raise vol.Invalid("must be YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError as err:
            raise vol.Invalid("must be a valid calendar date (YYYY-MM-DD)") from err

    def json_schema(self) -> dict[str, Any]:
        """Return a date string schema."""
        return {"type": "string", "format": "date"}


@dataclass(frozen=True, slots=True)
class Epoch(Validator):
    """Epoch seconds from 0 to the year 9999."""

    from_text: bool = False

    def __call__(self, value: Any) -> float:
        """Return the epoch as float."""
        try:
            number = _finite_number(value, self.from_text)
        except vol.Invalid as err:
            raise vol.Invalid("must be epoch seconds") from err
        if not 0 <= number <= MAX_EPOCH:
            raise vol.Invalid(f"must be epoch seconds between 0 and {MAX_EPOCH}")
        return number

    def json_schema(self) -> dict[str, Any]:
        """Return a bounded number schema."""
        return {"type": "number", "minimum": 0, "maximum": MAX_EPOCH}


@dataclass(frozen=True, slots=True)
class PathId(Validator):
    """A row id in a path, up to its column's limit; a larger one cannot exist: 404."""

    maximum: int = MAX_ID
    not_found: str = "Not found"
    from_text: bool = True

    def __call__(self, value: Any) -> int:
        """Return the id."""
        text = str(value)
        # int() refuses strings of more than 4300 digits: check the length first
        if not text.isdigit() or len(text) > len(str(self.maximum)) or int(text) > self.maximum:
            raise FieldError(self.not_found, 404)
        return int(text)

    def json_schema(self) -> dict[str, Any]:
        """Return the bounded integer schema."""
        return {"type": "integer", "minimum": 0, "maximum": self.maximum}


ID = PathId()


def _whole_number(value: Any, from_text: bool) -> int:
    if from_text and isinstance(value, str):
        text = value.strip()
        if len(text) > 40 or not text.lstrip("+-").isdigit():
            raise vol.Invalid("must be an integer")
        return int(text)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise vol.Invalid("must be an integer")
    if isinstance(value, float) and not value.is_integer():
        raise vol.Invalid("must be an integer")
    return int(value)


def _finite_number(value: Any, from_text: bool) -> float:
    if from_text and isinstance(value, str):
        try:
            value = float(value.strip()) if len(value) <= 64 else math.nan
        except ValueError as err:
            raise vol.Invalid("must be a number") from err
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise vol.Invalid("must be a number")
    if not math.isfinite(value):
        raise vol.Invalid("must be a finite number")
    return float(value)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(frozen=True, slots=True)
class Spec:
    """One input field: its validator, whether it is required, its default and description."""

    validator: Validator
    required: bool = False
    default: Any = None
    description: str = ""
    #: In a query string a blank value (`?mode=`) means "not given" unless this is set.
    keep_blank: bool = False


class Fields:
    """A named set of input fields, checked by voluptuous (unknown keys refused)."""

    def __init__(
        self,
        specs: Mapping[str, Spec],
        *,
        min_fields: int = 0,
        ignore_unknown: bool = False,
        empty_message: str = "",
    ) -> None:
        """Build the voluptuous schema; query strings ignore unknown keys, bodies refuse them."""
        self.specs = dict(specs)
        self.min_fields = min_fields
        self.empty_message = empty_message
        schema: dict[Any, Any] = {}
        for name, spec in self.specs.items():
            marker = vol.Required(name) if spec.required else vol.Optional(name)
            schema[marker] = spec.validator
        self._schema = vol.Schema(
            schema, extra=vol.REMOVE_EXTRA if ignore_unknown else vol.PREVENT_EXTRA
        )

    def validate(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """Return the validated values (defaults filled) or raise FieldError."""
        try:
            values: dict[str, Any] = self._schema(dict(data))
        except vol.MultipleInvalid as err:
            raise FieldError(self._message(err.errors)) from err
        except vol.Invalid as err:  # a validator raised before voluptuous wrapped it
            raise FieldError(self._message([err])) from err
        if len(values) < self.min_fields:
            raise FieldError(
                self.empty_message or f"Nothing to update; fields: {', '.join(sorted(self.specs))}"
            )
        for name, spec in self.specs.items():
            if name not in values and spec.default is not None:
                values[name] = spec.default
        return values

    def _message(self, errors: Sequence[vol.Invalid]) -> str:
        unknown = sorted(
            str(error.path[-1])
            for error in errors
            if error.path and str(error.path[-1]) not in self.specs
        )
        if unknown:
            return (
                f"Unknown field(s): {', '.join(unknown)}; allowed: {', '.join(sorted(self.specs))}"
            )
        error = errors[0]
        if isinstance(error, Verbatim):
            return error.error_message
        name = str(error.path[0]) if error.path else "body"
        if error.error_message == "required key not provided":
            return f"{name} is required"
        return f"{name} {error.error_message}"

    def validate_query(self, query: Mapping[str, str]) -> dict[str, Any]:
        """Validate a query string: blank values count as not given, except where kept."""
        given: dict[str, str] = {}
        for name, value in query.items():
            kept = value.strip() or (name in self.specs and self.specs[name].keep_blank)
            if kept and name not in given:  # a repeated parameter: the first one counts
                given[name] = value
        return self.validate(given)

    def json_schema(self) -> dict[str, Any]:
        """Return the JSON Schema of an object with these fields."""
        properties: dict[str, Any] = {}
        for name, spec in self.specs.items():
            prop = spec.validator.json_schema()
            if spec.default is not None:
                prop["default"] = spec.default
            if spec.description:
                prop["description"] = spec.description
            properties[name] = prop
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": properties,
        }
        required = [name for name, spec in self.specs.items() if spec.required]
        if required:
            schema["required"] = required
        if self.min_fields:
            schema["minProperties"] = self.min_fields
        return schema


def validate_one(name: str, validator: Validator, value: Any) -> Any:
    """Validate one value outside a Fields set (a path parameter); FieldError names it."""
    try:
        return validator(value)
    except vol.Invalid as err:
        raise FieldError(f"{name} {err.error_message}") from err
