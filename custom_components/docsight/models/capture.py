"""The model of a capture of the modem's pages (POST /api/modem/capture)."""

from __future__ import annotations

from dataclasses import dataclass

from . import parse


@dataclass(frozen=True, slots=True, kw_only=True)
class ModemCapture(parse.JsonModel):
    """A file of the modem's pages the add-on recorded, and what the drivers read from them.

    `ok` is False with `error` when the modem could not be read; the file holds the pages
    anyway (that is what a bug report needs).
    """

    name: str
    path: str | None = None
    requests: int | None = None
    ok: bool = False
    error: str | None = None
    ds_channels: int | None = None
    us_channels: int | None = None
