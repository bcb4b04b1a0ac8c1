"""Command line: `python -m docsight_server [serve|demo|doctor|capture|parse]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import threading
from collections.abc import Callable

from .runtime import Runtime, load_runtime

_LOGGER = logging.getLogger(__name__)

#: Once asked to stop, the process ends within this many seconds even when a part hangs.
#: The add-on's `timeout` (config.yaml) gives the Supervisor's kill 10 s more.
STOP_DEADLINE_SECONDS = 20.0
#: Exit code of a stop that had to be cut short at the deadline.
EXIT_STOP_DEADLINE = 70


def _configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stdout,
    )


def _exit_at_deadline(seconds: float) -> None:
    """End the process now: the orderly stop took longer than its deadline."""
    _LOGGER.error("Stopping took longer than %.0f s; exiting without waiting further", seconds)
    sys.stdout.flush()
    # committed data is safe: SQLite's write-ahead log makes every commit atomic
    os._exit(EXIT_STOP_DEADLINE)


async def arm_stop_deadline(
    stop: asyncio.Event,
    seconds: float = STOP_DEADLINE_SECONDS,
    on_deadline: Callable[[float], None] = _exit_at_deadline,
) -> threading.Timer:
    """Once `stop` is set, start a timer that ends the process after `seconds`.

    A thread, not a task: it also covers what runs after the event loop (executor threads,
    the driver's threads), and it fires even when the loop itself is stuck.
    """
    await stop.wait()
    timer = threading.Timer(seconds, on_deadline, args=(seconds,))
    timer.daemon = True
    timer.start()
    return timer


async def serve_until_stopped(runtime: Runtime) -> None:
    """Serve until SIGTERM/SIGINT; from then on the stop deadline runs."""
    from .server import serve

    stop = asyncio.Event()
    deadline = asyncio.get_running_loop().create_task(arm_stop_deadline(stop))
    try:
        await serve(runtime, stop)
    finally:
        if not deadline.done():
            deadline.cancel()


def main(argv: list[str] | None = None) -> int:
    """Parse the command and run it."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["capture"], ["parse"]):
        from .drivers.capture.cli import run_command

        return run_command(argv[0], argv[1:])
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
    asyncio.run(serve_until_stopped(runtime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
