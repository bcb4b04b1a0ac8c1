"""Errors that handlers raise and the JSON shape clients receive."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web


class ApiError(Exception):
    """An error answer: status, a message for people, optional extra fields."""

    def __init__(self, status: int, message: str, **extra: Any) -> None:
        """Build the error; extra keys are merged into the JSON body."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra

    def response(self) -> web.Response:
        """Return the JSON response for this error."""
        headers = {}
        if "retry_after" in self.extra:
            headers["Retry-After"] = str(self.extra["retry_after"])
        return json_error(self.status, self.message, headers=headers, **self.extra)


def json_error(
    status: int, message: str, headers: dict[str, str] | None = None, **extra: Any
) -> web.Response:
    """Return `{"error": message, ...extra}` with the given status."""
    return web.json_response({"error": message, **extra}, status=status, headers=headers)


async def read_json(request: web.Request) -> Any:
    """Return the parsed JSON body, or raise a 400/415 ApiError that says what is wrong.

    Hostile bodies are refused here, for every route: nesting too deep for the parser, and
    text with a lone surrogate (no database or JSON answer can hold it later).
    """
    if request.content_type != "application/json":
        raise ApiError(415, "Content-Type must be application/json")
    try:
        text = await request.text()
    except UnicodeDecodeError as err:
        raise ApiError(400, "Request body must be UTF-8") from err
    if not text.strip():
        raise ApiError(400, "Request body is empty")
    try:
        body = json.loads(text)
    except RecursionError as err:
        raise ApiError(400, "Invalid JSON: nested too deeply") from err
    except ValueError as err:
        raise ApiError(400, f"Invalid JSON: {err}") from err
    if "\\u" in text and not _encodable(body):
        raise ApiError(400, "Invalid JSON: text with a lone surrogate (\\ud800-\\udfff)")
    return body


def _encodable(body: Any) -> bool:
    # Only bodies with \u escapes can hold surrogates: the common case never gets here.
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, RecursionError):
        return False
    return True


async def read_json_object(request: web.Request, *, allow_empty: bool = False) -> dict[str, Any]:
    """Return the JSON body as an object (optionally {} when there is no body)."""
    if allow_empty and not request.can_read_body:
        return {}
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "Request body must be a JSON object")
    return body
