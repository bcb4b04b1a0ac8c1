"""The web UI: the shell (index page, shared modules) and the pages features bring."""

from __future__ import annotations

from .assets import Asset, WebAssets, render

__all__ = ["Asset", "WebAssets", "render"]
