"""Command line: `python -m docsight_server [serve|demo|doctor]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys

from .runtime import load_runtime


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stdout,
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the command and run it."""
    parser = argparse.ArgumentParser(prog="docsight_server", description="DOCSight server")
    parser.add_argument(
        "command",
        nargs="?",
        default="serve",
        choices=("serve", "demo", "doctor"),
        help="serve (default), demo (serve with demo data), doctor (check the set-up)",
    )
    parser.add_argument("--json", action="store_true", help="doctor: print JSON")
    args = parser.parse_args(argv)
    if args.command == "demo":
        os.environ["DEMO_MODE"] = "true"
    runtime = load_runtime()
    _configure_logging(runtime.log_level)
    if args.command == "doctor":
        from .doctor import run_doctor

        return asyncio.run(run_doctor(runtime, as_json=args.json))
    from .server import serve

    asyncio.run(serve(runtime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
