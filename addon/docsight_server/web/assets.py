"""Web UI files read once at start, kept in memory with a gzip copy and an ETag each."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..feature import Page

WEB_DIR = Path(__file__).parent
SHELL_DIR = WEB_DIR / "shell"
STATIC_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".png": "image/png",
    ".svg": "image/svg+xml",
}
_COMPRESSIBLE = {".css", ".js", ".svg"}


@dataclass(frozen=True, slots=True)
class Asset:
    """One static file: its bytes, gzip copy (None when not worth it), type and ETag."""

    body: bytes
    gzipped: bytes | None
    content_type: str
    etag: str


def _asset(path: Path) -> Asset:
    body = path.read_bytes()
    gzipped = None
    if path.suffix in _COMPRESSIBLE:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
        gzipped = packed if len(packed) < len(body) else None
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
    return Asset(body, gzipped, STATIC_TYPES[path.suffix], etag)


def _files(directory: Path, prefix: str) -> dict[str, Asset]:
    return {
        f"{prefix}{path.relative_to(directory).as_posix()}": _asset(path)
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.suffix in STATIC_TYPES
    }


def page_list(pages: Iterable[Page]) -> str:
    """Return the navigation as JSON: main pages in feature order, then the "end" pages."""
    ordered = sorted(pages, key=lambda page: page.placement == "end")
    return json.dumps([{"slug": page.slug, "title": page.title} for page in ordered])


@dataclass(frozen=True, slots=True)
class WebAssets:
    """Page templates and static files kept in memory."""

    index: str
    login: str
    static: dict[str, Asset]
    pages: str

    @classmethod
    def load(cls, pages: Iterable[Page] = ()) -> WebAssets:
        """Read the shell and every page's folder. Blocking: call from an executor."""
        pages = tuple(pages)
        static = _files(SHELL_DIR, "shell/")
        for page in pages:
            static.update(_files(page.directory, f"pages/{page.slug}/"))
        return cls(
            index=(WEB_DIR / "index.html").read_text(encoding="utf-8"),
            login=(WEB_DIR / "login.html").read_text(encoding="utf-8"),
            static=static,
            pages=page_list(pages),
        )


def render(template: str, **values: str) -> str:
    """Fill {{name}} placeholders with HTML-escaped values."""
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", html.escape(value, quote=True))
    return template
