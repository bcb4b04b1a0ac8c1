"""Guessing a CSV file's text encoding and its delimiter."""

from __future__ import annotations

import csv
import io
from collections import Counter
from itertools import islice

from .errors import ImportFileError

#: Tried in order; cp1252 before latin-1 because latin-1 accepts any byte and would win every time.
ENCODINGS = ("utf-8-sig", "utf-8", "cp1252", "latin-1")
DELIMITERS = (";", ",", "\t")
#: How many records the delimiter vote looks at.
SAMPLE_RECORDS = 10
#: The vote reads at most this much text, so one enormous first line cannot stall it.
SAMPLE_CHARS = 64 * 1024


def decode_text(data: bytes) -> str:
    """The file's text in the first encoding that decodes it (a UTF-8 BOM is removed)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError("The CSV file is UTF-16 encoded; save it as CSV UTF-8 and try again")
    if b"\x00" in data:
        raise ImportFileError("The file is not a text CSV file (it contains NUL bytes)")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("The CSV file's text encoding is not recognised")  # pragma: no cover


def sniff_delimiter(text: str) -> str:
    """The delimiter that most often splits the first records into the same number of fields.

    Counting separators alone is fooled by quoted cells ("A;B;C" inside a comma file), so
    each delimiter scores (records agreeing on one field count above 1, that field count);
    the highest score wins and ';' wins ties, then ',', then tab.
    """
    sample = text[:SAMPLE_CHARS]
    best, best_score = DELIMITERS[0], (0, 0)
    for delimiter in DELIMITERS:
        score = _agreement(_field_counts(sample, delimiter))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _field_counts(sample: str, delimiter: str) -> list[int]:
    """Fields per non-blank record among the first records, quotes respected."""
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        records = list(islice(reader, SAMPLE_RECORDS))
    except csv.Error:
        return []
    return [len(record) for record in records if any(cell.strip() for cell in record)]


def _agreement(counts: list[int]) -> tuple[int, int]:
    """(how many records share the best field count above 1, that count), or (0, 0)."""
    tally = Counter(count for count in counts if count > 1)
    if not tally:
        return 0, 0
    fields, records = max(tally.items(), key=lambda item: (item[1], item[0]))
    return records, fields
