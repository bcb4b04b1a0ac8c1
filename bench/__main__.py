"""Run every bench section on fresh data dirs and print one report."""

from __future__ import annotations

import argparse
import asyncio
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from . import auth_overhead, connmon_engine, driver_polls, evidence_routes, signal_routes, ui_load

SECTIONS = {"auth", "signal", "drivers", "connmon", "ui", "evidence"}


async def run(count: int, sections: set[str]) -> list[str]:
    """Run the sections and return the report lines."""
    lines = [
        f"DOCSight bench report {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ}",
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{len(__import__('os').sched_getaffinity(0))} CPUs",
        "",
    ]
    with tempfile.TemporaryDirectory(prefix="docsight-bench-") as work:
        if "auth" in sections:
            lines += await auth_overhead.measure(Path(work), count)
            lines.append("")
        if "signal" in sections:
            lines += await signal_routes.measure(Path(work))
            lines.append("")
        if "drivers" in sections:
            lines += await driver_polls.measure(Path(work))
            lines.append("")
        if "connmon" in sections:
            lines += await connmon_engine.measure(Path(work))
            lines.append("")
        if "evidence" in sections:
            lines += await evidence_routes.measure(Path(work))
            lines.append("")
        if "ui" in sections:
            lines += await ui_load.measure(Path(work))
    return lines


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(prog="scripts/bench")
    parser.add_argument("--requests", type=int, default=2000, help="requests per measurement")
    parser.add_argument(
        "--only", choices=sorted(SECTIONS), action="append", help="run only these sections"
    )
    args = parser.parse_args()
    print("\n".join(asyncio.run(run(args.requests, set(args.only or SECTIONS)))))


if __name__ == "__main__":
    main()
