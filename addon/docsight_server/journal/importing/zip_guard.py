"""Checks an .xlsx container before openpyxl opens it, so a hostile zip is refused cheaply."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from .errors import ImportFileError
from .markup_budget import check_markup_budget

ZIP_MAGIC = b"PK\x03\x04"
#: The old binary Excel format (OLE2 compound file).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 1_000
MAX_RATIO = 100
#: Members smaller than this are never bombs, and tiny XML parts can compress better than 100:1.
RATIO_FLOOR_BYTES = 64 * 1024
#: What zipfile and zlib raise for a broken, encrypted or oddly compressed container.
_UNREADABLE = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


def check_xlsx_container(data: bytes) -> None:
    """Raise ImportFileError unless data is a zip that is safe to unpack."""
    if data.startswith(OLE2_MAGIC):
        raise ImportFileError(
            "The file is an old Excel 97-2003 workbook (.xls); save it as .xlsx and try again"
        )
    if not data.startswith(ZIP_MAGIC):
        raise ImportFileError("The file is not an Excel workbook (.xlsx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive.infolist())
            check_markup_budget(archive)
    except ImportFileError:
        raise
    except _UNREADABLE:
        raise ImportFileError(
            "The Excel workbook is damaged (the zip container is unreadable)"
        ) from None


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    """Refuse too many members, unsafe names, bomb-like ratios and too much unpacked data."""
    if len(members) > MAX_MEMBERS:
        raise ImportFileError(f"The Excel workbook holds more than {MAX_MEMBERS:,} parts")
    for member in members:
        _check_member(member)
    if sum(member.file_size for member in members) > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError("The Excel workbook unpacks to more than 50 MB")


def _check_member(member: zipfile.ZipInfo) -> None:
    """Refuse a member with an unsafe name or a bomb-like compression ratio."""
    name = member.filename.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":"):
        raise ImportFileError("The Excel workbook holds a part with an unsafe name")
    if member.file_size > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError("The Excel workbook unpacks to more than 50 MB")
    if member.file_size >= RATIO_FLOOR_BYTES:
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > MAX_RATIO:
            raise ImportFileError(
                "The Excel workbook is compressed suspiciously well (a possible zip bomb)"
            )
