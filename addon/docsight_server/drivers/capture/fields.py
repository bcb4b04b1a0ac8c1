"""Reading the named values of a request or answer: query strings, forms and JSON bodies."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, quote_plus, unquote_plus

_FORM = re.compile(r"^[\w.\-\[\]%]+=[^&]*(?:&[\w.\-\[\]%]+=[^&]*)*$")
#: A value the caller may swap: (field name, value) -> new value.
Rewrite = Callable[[str, str], str]


def is_form(text: str) -> bool:
    """Return whether text reads as name=value&... (a form body or a query with fields)."""
    return bool(text) and _FORM.match(text) is not None


def form_pairs(text: str) -> list[tuple[str, str]]:
    """Return the (name, value) pairs of a form or query ([] when it is not one)."""
    if not is_form(text):
        return []
    return parse_qsl(text, keep_blank_values=True)


def json_value(text: str) -> Any:
    """Return text parsed as a JSON object or array, None when it is not one."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return None
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):
        return None


def json_leaves(value: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Yield (member name, value) for every scalar in a JSON document, depth first."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from json_leaves(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from json_leaves(item, key)
    elif value is not None and not isinstance(value, bool):
        yield key, value


def rewrite_json(value: Any, rewrite: Rewrite, key: str = "") -> Any:
    """Return a copy of a JSON document with every string and number leaf passed to rewrite."""
    if isinstance(value, dict):
        return {name: rewrite_json(item, rewrite, str(name)) for name, item in value.items()}
    if isinstance(value, list):
        return [rewrite_json(item, rewrite, key) for item in value]
    if isinstance(value, str):
        return _nested(value, rewrite, key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        new = rewrite(key, str(value))
        return value if new == str(value) else new
    return value


def _nested(value: str, rewrite: Rewrite, key: str) -> str:
    inner = json_value(value)
    if isinstance(inner, dict | list):
        rewritten = rewrite_json(inner, rewrite)
        return value if rewritten == inner else json.dumps(rewritten, separators=(",", ":"))
    return rewrite(key, value)


def rewrite_fields(text: str, rewrite: Rewrite) -> str:
    """Return a form, query or JSON body with every value passed to rewrite.

    Only a value that rewrite changes is spelled anew; the rest of the text keeps its bytes, so
    a secret pattern applied before or after still finds what it found in the original.
    """
    document = json_value(text)
    if document is not None:
        rewritten = rewrite_json(document, rewrite)
        return text if rewritten == document else json.dumps(rewritten)
    if not is_form(text):
        return text
    parts = []
    for part in text.split("&"):
        raw_name, _, raw_value = part.partition("=")
        name, value = unquote_plus(raw_name), unquote_plus(raw_value)
        new = _nested(value, rewrite, name)
        parts.append(part if new == value else f"{raw_name}={quote_plus(new)}")
    return "&".join(parts)


def named_values(text: str) -> Iterator[tuple[str, Any]]:
    """Yield (name, value) of every field in a form, query or JSON body (JSON in a form too)."""
    document = json_value(text)
    if document is not None:
        yield from json_leaves(document)
        return
    for name, value in form_pairs(text):
        inner = json_value(value)
        if inner is not None:
            yield from json_leaves(inner)
        else:
            yield name, value
