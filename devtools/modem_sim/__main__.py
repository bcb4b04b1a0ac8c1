"""Run one modem simulator by hand: python -m devtools.modem_sim KEY [--port N] [--tls].

`python -m devtools.modem_sim replay CAPTURE.json [--port N] [--tls] [--password P]` serves
a capture instead, for the real driver to poll.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from pathlib import Path

from .base import all_simulators, run_simulator


async def _serve(args: argparse.Namespace) -> None:
    async with run_simulator(
        args.key, variant=args.variant, password=args.password, tls=args.tls, port=args.port
    ) as running:
        state = running.state
        print(
            f"{args.key} ({state.variant}) at {running.url}  user={state.user!r} "
            f"password={state.password!r}",
            flush=True,
        )
        await asyncio.Event().wait()


async def _serve_capture(args: argparse.Namespace) -> None:
    from docsight_server.drivers.capture.fileformat import load_capture

    from .replay import run_replay

    capture = load_capture(Path(args.capture))
    async with run_replay(capture, password=args.password, tls=args.tls, port=args.port) as run:
        print(
            f"{capture.driver} capture ({len(capture.exchanges)} exchanges) at {run.url}  "
            f"any user; password {run.password!r} where the family encrypts answers",
            flush=True,
        )
        await asyncio.Event().wait()


def _replay_main(argv: list[str]) -> int:
    from docsight_server.drivers.capture.fileformat import CaptureFileError
    from docsight_server.drivers.capture.runner import DEFAULT_REPLAY_PASSWORD

    parser = argparse.ArgumentParser(
        prog="python -m devtools.modem_sim replay",
        description="Serve a modem capture on loopback for the real driver",
    )
    parser.add_argument("capture")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument(
        "--password",
        default=DEFAULT_REPLAY_PASSWORD,
        help="the password the driver will use (answers encrypted under it are sealed anew)",
    )
    args = parser.parse_args(argv)
    try:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_serve_capture(args))
    except CaptureFileError as err:
        print(f"Cannot replay {args.capture}: {err}", file=sys.stderr)
        return 1
    return 0


def main() -> None:
    """Parse the command line and serve until interrupted."""
    if sys.argv[1:2] == ["replay"]:
        sys.exit(_replay_main(sys.argv[2:]))
    parser = argparse.ArgumentParser(description="Serve a simulated cable modem on loopback")
    parser.add_argument("key", choices=sorted(all_simulators()))
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--variant")
    parser.add_argument("--password", default="sim-Pa55word")
    parser.add_argument("--tls", action="store_true")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args))


if __name__ == "__main__":
    main()
