"""Child process for demo history: reads a pickled Chunk on stdin, streams row batches out.

A plain subprocess (not multiprocessing) so the parent's __main__ is never re-imported; rows
come back in length-prefixed pickle frames so the parent inserts them as they arrive and
never holds the whole history in memory.
"""

from __future__ import annotations

import asyncio
import pickle
import struct
import sys
from collections.abc import AsyncGenerator

from .signal_history import Chunk, HistoryRows, generate_chunk

FRAME_HEADER = struct.Struct("!Q")
BATCH_SNAPSHOTS = 48  # half a day of 15-minute readings per frame: one short write each
STREAM_LIMIT = 64 * 1024 * 1024


async def stream_chunk(chunk: Chunk) -> AsyncGenerator[HistoryRows]:
    """Generate one chunk in a child Python process, yielding its rows batch by batch."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "docsight_server.demo.worker",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        limit=STREAM_LIMIT,
    )
    if process.stdin is None or process.stdout is None:
        raise RuntimeError("The demo history worker has no pipes")
    try:
        process.stdin.write(pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL))
        await process.stdin.drain()
        process.stdin.close()
        while True:
            try:
                header = await process.stdout.readexactly(FRAME_HEADER.size)
            except asyncio.IncompleteReadError:
                break
            (length,) = FRAME_HEADER.unpack(header)
            yield pickle.loads(await process.stdout.readexactly(length))
        errors = await process.stderr.read() if process.stderr else b""
        if await process.wait() != 0:
            message = errors.decode(errors="replace")[-500:]
            raise RuntimeError(f"Demo history worker failed: {message}")
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def main() -> None:
    """Generate the chunk from stdin in batches and write each as a frame to stdout."""
    chunk: Chunk = pickle.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    for batch in generate_chunk(chunk, BATCH_SNAPSHOTS):
        frame = pickle.dumps(batch, pickle.HIGHEST_PROTOCOL)
        out.write(FRAME_HEADER.pack(len(frame)))
        out.write(frame)
        out.flush()


if __name__ == "__main__":
    main()
