"""Query parameter parsing with 400 answers that name the parameter."""

from __future__ import annotations

from aiohttp import web

from .errors import ApiError

TRUE_WORDS = {"1", "true", "yes", "on"}


def int_param(
    request: web.Request,
    name: str,
    default: int | None,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    clamp: bool = False,
) -> int | None:
    """Return an integer query parameter; out of range is clamped or a 400."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise ApiError(400, f"{name} must be an integer") from err
    if minimum is not None and value < minimum:
        if not clamp:
            raise ApiError(400, f"{name} must be at least {minimum}")
        value = minimum
    if maximum is not None and value > maximum:
        if not clamp:
            raise ApiError(400, f"{name} must be at most {maximum}")
        value = maximum
    return value


def bool_param(request: web.Request, name: str) -> bool:
    """Return True when the parameter is one of 1/true/yes/on."""
    return request.query.get(name, "").strip().lower() in TRUE_WORDS


def choice_param(request: web.Request, name: str, choices: tuple[str, ...], default: str) -> str:
    """Return a parameter that must be one of `choices`."""
    value = request.query.get(name, default)
    if value not in choices:
        raise ApiError(400, f"{name} must be one of {', '.join(choices)}")
    return value
