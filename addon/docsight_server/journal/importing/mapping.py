"""Finding the header row and deciding which column holds the date, the title and the description.

Header keywords match case-insensitively against the words of a header cell (runs of letters):
a word matches a keyword when it is the keyword itself, the keyword plus an English plural "s"
(keywords of four letters or more: "Dates", "Events"), or a German compound ending in a keyword
of five letters or more ("Ereignisdatum", "Kurzbeschreibung"). Short keywords such as "tag" or
"was" only match as whole words, so "Eintrag" or "Tags" stay unmapped. When a header names
several keywords, its last matching word decides (the head noun: "Event date" is a date);
words after "of", "von", "des", … do not count ("Date of event", "Beschreibung des Ereignisses").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .dates import looks_like_date, month_header
from .table import column_letter

FIELDS = ("date", "title", "description")
KEYWORDS: dict[str, tuple[str, ...]] = {
    "date": ("datum", "date", "tag", "day", "zeit", "time", "when"),
    "title": ("titel", "title", "ereignis", "event", "betreff", "subject", "was", "what"),
    "description": (
        "beschreibung",
        "description",
        "details",
        "notiz",
        "note",
        "notes",
        "text",
        "inhalt",
        "content",
    ),
}
_WORD = re.compile(r"[^\W\d_]+")
#: Words that start a qualifier after the head noun.
_QUALIFIER_STARTS = frozenset({"of", "for", "von", "vom", "zum", "zur", "des", "der", "für"})
#: Content mapping looks at this many data rows; more would only cost time, not change the answer.
CONTENT_SAMPLE_ROWS = 500
_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _word_matches(word: str, keyword: str) -> bool:
    """Whether one header word stands for the keyword (see the module docstring)."""
    if word == keyword:
        return True
    if len(keyword) >= 4 and word == keyword + "s":
        return True
    return len(keyword) >= 5 and word.endswith(keyword)


def header_field(header: str) -> tuple[str, int] | None:
    """(field, keyword rank) a header cell names, decided by its last matching word."""
    found: tuple[str, int] | None = None
    for word in _WORD.findall(header.casefold()):
        if word in _QUALIFIER_STARTS:
            break
        for field in FIELDS:
            rank = next(
                (i for i, kw in enumerate(KEYWORDS[field]) if _word_matches(word, kw)), None
            )
            if rank is not None:
                found = (field, rank)
                break
    return found


def _filled(cells: Sequence[str]) -> list[str]:
    """The cells that are not blank, stripped."""
    return [cell.strip() for cell in cells if cell.strip()]


def find_header(rows: Sequence[Sequence[str]]) -> tuple[int | None, int]:
    """(header row index or None, index of the first data row).

    The candidate is the first row with two or more filled cells that is not a month header.
    It is the header when a cell names a keyword or no cell reads as a date; otherwise the
    file has no header and the data starts at the candidate.
    """
    for index, cells in enumerate(rows):
        filled = _filled(cells)
        if len(filled) < 2 or month_header(list(cells)) is not None:
            continue
        if any(header_field(cell) for cell in filled) or not any(map(looks_like_date, filled)):
            return index, index + 1
        return None, index
    return None, 0


def map_by_keywords(headers: Sequence[str]) -> dict[str, int | None]:
    """For each field, the column whose header names its highest-ranked keyword (leftmost wins)."""
    best: dict[str, tuple[int, int] | None] = dict.fromkeys(FIELDS)
    for column, header in enumerate(headers):
        named = header_field(header)
        if named is None:
            continue
        field, rank = named
        current = best[field]
        if current is None or rank < current[0]:
            best[field] = (rank, column)
    return {field: (choice[1] if choice else None) for field, choice in best.items()}


def _column_texts(rows: Sequence[Sequence[str]], column: int) -> list[str]:
    """The filled cells of one column over the data rows."""
    return _filled([row[column] if column < len(row) else "" for row in rows])


def fill_by_content(
    mapping: dict[str, int | None], rows: Sequence[Sequence[str]], width: int
) -> dict[str, int | None]:
    """Map the fields keywords left open: the most date-like column, then text by length.

    A date column needs at least half of its filled cells to read as dates. Text columns are
    those where fewer than half the cells are numbers or dates; the shortest average text
    becomes the title, the longest of the rest the description. Only the first 500 data rows
    are looked at.
    """
    rows = rows[:CONTENT_SAMPLE_ROWS]
    result = dict(mapping)
    free = [c for c in range(width) if c not in result.values()]
    texts = {column: _column_texts(rows, column) for column in free}
    if result["date"] is None:
        result["date"] = _most_date_like(texts)
    text_columns = {
        column: cells
        for column, cells in texts.items()
        if cells and column != result["date"] and not _mostly_values(cells)
    }
    by_length = sorted(text_columns, key=lambda c: (_average_length(text_columns[c]), c))
    if result["title"] is None and by_length:
        result["title"] = by_length.pop(0)
    by_length = [c for c in by_length if c != result["title"]]
    if result["description"] is None and by_length:
        result["description"] = by_length[-1]
    return result


def _most_date_like(texts: dict[int, list[str]]) -> int | None:
    """The column with the most date-like cells, if at least half its cells are dates."""
    best, best_count = None, 0
    for column, cells in texts.items():
        count = sum(1 for cell in cells if looks_like_date(cell))
        if count > best_count and count * 2 >= len(cells):
            best, best_count = column, count
    return best


def _mostly_values(cells: list[str]) -> bool:
    """True when at least half the cells are numbers or dates rather than words."""
    values = sum(1 for cell in cells if _NUMBER.fullmatch(cell) or looks_like_date(cell))
    return values * 2 >= len(cells)


def _average_length(cells: list[str]) -> float:
    """Mean text length of the cells."""
    return sum(len(cell) for cell in cells) / len(cells)


def letters(mapping: dict[str, int | None]) -> dict[str, str | None]:
    """The mapping with column indexes turned into letters (A, B, …)."""
    return {field: column_letter(c) if c is not None else None for field, c in mapping.items()}
