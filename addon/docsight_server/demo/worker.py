"""Child process entry point: read a pickled Chunk on stdin, write its pickled rows to stdout.

A plain subprocess (not multiprocessing) so the parent's __main__ is never re-imported.
"""

from __future__ import annotations

import asyncio
import pickle
import sys

from .signal_history import Chunk, HistoryRows, generate_chunk


async def run_chunk(chunk: Chunk) -> HistoryRows:
    """Generate one chunk in a child Python process and return its rows."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "docsight_server.demo.worker",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        output, errors = await process.communicate(pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
    except BaseException:
        if process.returncode is None:
            process.kill()
            await process.wait()
        raise
    if process.returncode != 0:
        raise RuntimeError(f"Demo history worker failed: {errors.decode(errors='replace')[-500:]}")
    return pickle.loads(output)  # noqa: S301 - our own child process wrote it


def main() -> None:
    """Serve one chunk over stdin/stdout."""
    chunk = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - our parent wrote it
    sys.stdout.buffer.write(pickle.dumps(generate_chunk(chunk), pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main()
