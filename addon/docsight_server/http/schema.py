"""Building blocks for response schemas (JSON Schema, as the OpenAPI 3.1 document uses them).

Each route declares what it answers with these; the OpenAPI document carries them and the tests
validate every response they receive against them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

JsonSchema = dict[str, Any]

STRING: JsonSchema = {"type": "string"}
INTEGER: JsonSchema = {"type": "integer"}
NUMBER: JsonSchema = {"type": "number"}
BOOLEAN: JsonSchema = {"type": "boolean"}
ANY: JsonSchema = {}
TIMESTAMP: JsonSchema = {"type": "string", "description": "ISO 8601 UTC with Z"}
EPOCH_SECONDS: JsonSchema = {"type": "integer", "description": "Epoch seconds"}
TRUE: JsonSchema = {"const": True}
#: A yes/no stored as an integer (0 or 1).
FLAG: JsonSchema = {"type": "integer", "enum": [0, 1]}
#: The fields of an answer about a time window: its first and last moment.
TIME_WINDOW: dict[str, JsonSchema] = {"from": TIMESTAMP, "to": TIMESTAMP}


def nullable(schema: JsonSchema) -> JsonSchema:
    """Return the schema that also accepts null."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**schema, "type": [*kind, "null"]} if "null" not in kind else schema
    return {"anyOf": [schema, {"type": "null"}]}


def enum(values: Sequence[str]) -> JsonSchema:
    """Return a string schema limited to values."""
    return {"type": "string", "enum": list(values)}


def array(items: JsonSchema) -> JsonSchema:
    """Return an array schema."""
    return {"type": "array", "items": items}


def obj(
    required: Mapping[str, JsonSchema] | None = None,
    optional: Mapping[str, JsonSchema] | None = None,
    *,
    extra: JsonSchema | bool = True,
) -> JsonSchema:
    """Return an object schema; extra=True lets fields be added without breaking clients."""
    required = dict(required or {})
    properties = {**required, **dict(optional or {})}
    schema: JsonSchema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if extra is not True:
        schema["additionalProperties"] = extra
    return schema


def mapping(values: JsonSchema) -> JsonSchema:
    """Return an object schema whose keys are data (ids, names) and values all alike."""
    return {"type": "object", "additionalProperties": values}


OK: JsonSchema = obj({"ok": TRUE})
SUCCESS: JsonSchema = obj({"success": TRUE})
ERROR: JsonSchema = obj({"error": STRING})


@dataclass(frozen=True, slots=True)
class Reply:
    """One documented answer: a description and, for JSON bodies, the schema of the body."""

    description: str
    schema: JsonSchema | None = None
    content_type: str = "application/json"
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Other content types the same answer may come in (a CSV or a plain-text log).
    other_types: tuple[str, ...] = ()

    @property
    def content_types(self) -> tuple[str, ...]:
        """Return every content type of this answer, the main one first."""
        return (self.content_type, *self.other_types)


def ok(description: str = "Done") -> Reply:
    """Return the documented `{"ok": true}` answer."""
    return Reply(description, OK)


def error(description: str) -> Reply:
    """Return a documented error answer (`{"error": ...}`)."""
    return Reply(description, ERROR)


def text(description: str, content_type: str = "text/plain", *others: str) -> Reply:
    """Return a documented non-JSON answer (CSV, text, HTML, a stream)."""
    return Reply(description, {"type": "string"}, content_type, other_types=others)
