"""How the browser tests and the bench start Debian's chromium (Playwright's executable_path)."""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking switches chromium calls Google's hosts at start; the
#: tests and the bench must touch nothing beyond loopback.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
)
