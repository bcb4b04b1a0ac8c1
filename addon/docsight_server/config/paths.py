"""Folders a path setting may name: inside the data dir or another allowed root."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..runtime import Runtime
from .schema import SettingsSchema

#: The add-on's backup and share folders, as the Supervisor maps them (config.yaml `map`).
ADDON_ROOTS = (Path("/backup"), Path("/share"))


class PathError(ValueError):
    """A path setting names a folder outside the allowed roots."""


def allowed_roots(runtime: Runtime) -> tuple[Path, ...]:
    """Return the data dir, the add-on's mapped folders when supervised, and configured roots."""
    mapped = ADDON_ROOTS if runtime.supervised else ()
    roots = (runtime.data_dir, *mapped, *runtime.path_roots)
    return tuple(dict.fromkeys(roots))


def confine(key: str, value: str, roots: Sequence[Path]) -> str:
    """Return the folder with `..` and symbolic links resolved, inside a root (blocking I/O)."""
    if os.path.isabs(value):
        try:
            real = os.path.realpath(value)
            bases = [os.path.realpath(root) for root in roots]
        except (OSError, ValueError):  # a NUL byte, a name too long
            bases = []
        for base in bases:
            if real == base or real.startswith(base.rstrip(os.sep) + os.sep):
                return real
    allowed = ", ".join(str(root) for root in roots) or "no folder"
    raise PathError(f"{key} must be a folder inside {allowed}")


def confine_paths(
    values: Mapping[str, Any], schema: SettingsSchema, roots: Sequence[Path]
) -> dict[str, Any]:
    """Return values with each path setting confined; its declared default always passes."""
    confined = dict(values)
    for key, value in values.items():
        if key in schema.path_keys and value != schema.defaults[key]:
            confined[key] = confine(key, str(value), roots)
    return confined
