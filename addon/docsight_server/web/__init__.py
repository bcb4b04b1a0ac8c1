"""The ingress web UI: static files loaded once at start."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

WEB_DIR = Path(__file__).parent
STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".png": "image/png"}


@dataclass(frozen=True, slots=True)
class WebAssets:
    """Page templates and static files kept in memory."""

    index: str
    login: str
    static: dict[str, tuple[bytes, str]]

    @classmethod
    def load(cls) -> WebAssets:
        """Read every asset from disk. Blocking: call from an executor."""
        static = {
            path.name: (path.read_bytes(), STATIC_TYPES[path.suffix])
            for path in WEB_DIR.iterdir()
            if path.suffix in STATIC_TYPES
        }
        return cls(
            index=(WEB_DIR / "index.html").read_text(encoding="utf-8"),
            login=(WEB_DIR / "login.html").read_text(encoding="utf-8"),
            static=static,
        )


def render(template: str, **values: str) -> str:
    """Fill {{name}} placeholders with HTML-escaped values."""
    for name, value in values.items():
        template = template.replace("{{" + name + "}}", html.escape(value, quote=True))
    return template
