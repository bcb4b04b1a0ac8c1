"""Attachment files under <data dir>/attachments/: written, served and removed only here.

Every stored file has a random name chosen by the server (never the client's), so no request
can name a path. A file whose row is gone (a failed insert, entries removed with the demo
data) is an orphan: the sweep at start and after every demo-mode change deletes it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import secrets
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import aiofiles  # type: ignore[import-untyped]

from .repository.attachments import stored_names

if TYPE_CHECKING:
    from ..context import ServerContext

_LOGGER = logging.getLogger(__name__)
FOLDER = "attachments"
#: What the server names its files: 32 hex digits and the detected type's extension.
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(png|jpg|gif|webp|pdf|txt)")


class AttachmentFiles:
    """The attachments folder: new files, paths of stored ones, removal and the orphan sweep."""

    def __init__(self, context: ServerContext) -> None:
        """Use <data dir>/attachments/ (created on the first upload)."""
        self.context = context
        self.directory = context.runtime.data_dir / FOLDER
        self._being_written: set[str] = set()
        # names written since the running sweep began: never orphans for that sweep
        self._written_during_sweep: set[str] = set()

    async def start(self) -> None:
        """Remove files left without a row by an earlier run."""
        await self.sweep()

    async def stop(self) -> None:
        """Nothing runs in the background."""

    async def reload(self) -> None:
        """Demo mode changed (its entries may have gone): remove files without a row."""
        await self.sweep()

    def path_of(self, stored_name: str) -> Path | None:
        """Return the path of a stored file, None for a name the server would never choose."""
        if STORED_NAME.fullmatch(stored_name) is None:
            return None
        return self.directory / stored_name

    @asynccontextmanager
    async def new_file(self, data: bytes, extension: str) -> AsyncIterator[str]:
        """Write `data` under a fresh name and yield the name; the file goes if the block fails.

        The caller inserts the row inside the block, so a failed insert leaves no file behind.
        """
        name = f"{secrets.token_hex(16)}.{extension}"
        self._being_written.add(name)
        self._written_during_sweep.add(name)
        try:
            path = self.directory / name
            try:
                await asyncio.get_running_loop().run_in_executor(None, self._make_folder)
                async with aiofiles.open(path, "xb") as file:
                    await file.write(data)
                yield name
            except BaseException:
                await self.remove([name])
                raise
        finally:
            self._being_written.discard(name)

    def _make_folder(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    async def remove(self, names: Iterable[str]) -> None:
        """Delete stored files (missing ones are fine)."""
        paths = [path for path in map(self.path_of, names) if path is not None]
        if paths:
            await asyncio.get_running_loop().run_in_executor(None, _unlink_all, paths)

    async def sweep(self) -> int:
        """Delete the server's files that no row names; return how many went."""
        self._written_during_sweep = set(self._being_written)
        on_disk = await asyncio.get_running_loop().run_in_executor(None, self._listing)
        if not on_disk:
            return 0
        async with self.context.database.read() as connection:
            known = await stored_names(connection)
        orphans = on_disk - known - self._written_during_sweep
        await self.remove(orphans)
        if orphans:
            _LOGGER.info("Removed %d attachment file(s) without an entry", len(orphans))
        return len(orphans)

    def _listing(self) -> set[str]:
        try:
            names = os.listdir(self.directory)
        except FileNotFoundError:
            return set()
        return {name for name in names if STORED_NAME.fullmatch(name)}


def _unlink_all(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
