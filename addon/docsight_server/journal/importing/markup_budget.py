"""Counting a workbook's XML elements before openpyxl parses them, to bound its work.

openpyxl builds Python objects for every cell, merged range or hyperlink it meets, about 20 µs
each, so a 5 MB upload of nothing but empty cells or merges would keep a core busy for a minute.
The budgets sit above the largest workbook the import accepts (5,000 rows by 50 columns of
distinct texts is about 250,000 cells and 1,000,000 elements), so only crafted files meet them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO

from .errors import ImportFileError

MAX_XML_ELEMENTS = 1_500_000
MAX_CELL_ELEMENTS = 300_000
XML_SUFFIXES = (".xml", ".rels", ".vml")
CHUNK_BYTES = 1024 * 1024
#: A tag start cut off at a chunk's end is carried into the next chunk when it is this close.
CARRY_BYTES = 64
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def check_markup_budget(archive: zipfile.ZipFile) -> None:
    """Raise ImportFileError when the XML parts hold more elements or cells than allowed."""
    elements = cells = 0
    for member in archive.infolist():
        if not member.filename.lower().endswith(XML_SUFFIXES):
            continue
        with archive.open(member) as stream:
            for chunk in _chunks(stream):
                elements += _element_starts(chunk)
                cells += len(_CELL_START.findall(chunk))
                if elements > MAX_XML_ELEMENTS:
                    raise ImportFileError(
                        "The Excel workbook is too complex to import "
                        f"(more than {MAX_XML_ELEMENTS:,} XML elements)"
                    )
                if cells > MAX_CELL_ELEMENTS:
                    raise ImportFileError(
                        f"The sheet has too many cells (more than {MAX_CELL_ELEMENTS:,}, "
                        "empty ones included)"
                    )


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """The member's bytes in chunks that never split a tag's start between two chunks."""
    carry = b""
    while chunk := stream.read(CHUNK_BYTES):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut == -1 or len(buffer) - cut > CARRY_BYTES:
            cut = len(buffer)
        carry = buffer[cut:]
        yield buffer[:cut]
    yield carry


def _element_starts(chunk: bytes) -> int:
    """Start tags in the chunk: every "<" that opens no end tag, declaration or comment."""
    return chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<?") - chunk.count(b"<!")
