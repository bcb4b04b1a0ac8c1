"""Run one modem simulator by hand: python -m devtools.modem_sim KEY [--port N] [--tls]."""

from __future__ import annotations

import argparse
import asyncio
import contextlib

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


def main() -> None:
    """Parse the command line and serve until interrupted."""
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
