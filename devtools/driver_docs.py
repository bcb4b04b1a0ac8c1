"""Writes the supported-modem table of addon/DOCS.md from the driver registry."""

from __future__ import annotations

import re
from pathlib import Path

from docsight_server.drivers.registry import all_drivers

DOCS = Path(__file__).resolve().parents[1] / "addon" / "DOCS.md"
START = "<!-- drivers:start (written by python -m devtools.driver_docs) -->"
END = "<!-- drivers:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip() or "-"


def render_table() -> str:
    """Return the markdown table: model, key, address, login, what is read, firmware, limits."""
    lines = [
        "| Model | Key | Default address (user) | Login | What is read | Firmware variants known "
        "to work | Known limits |",
        "|---|---|---|---|---|---|---|",
    ]
    for cls in all_drivers():
        user = f" ({cls.default_user})" if cls.default_user else ""
        lines.append(
            "| "
            + " | ".join(
                (
                    _cell(cls.models or cls.display_name),
                    f"`{cls.key}`",
                    _cell(cls.default_url + user),
                    _cell(cls.login_method),
                    _cell(cls.reads),
                    _cell(cls.firmware),
                    _cell(cls.limits),
                )
            )
            + " |"
        )
    return "\n".join(lines)


def documented_table(text: str) -> str:
    """Return the table currently between the markers of a DOCS.md text."""
    match = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.DOTALL)
    return match.group(1) if match else ""


def main() -> None:
    """Rewrite the table between the markers in addon/DOCS.md."""
    text = DOCS.read_text(encoding="utf-8")
    if START not in text:
        raise SystemExit(f"{DOCS} has no {START} marker")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{START}\n{render_table()}\n{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()
