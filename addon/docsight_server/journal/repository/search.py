"""Journal search that ignores case for every letter, the same way on SQLite and PostgreSQL.

SQLite's lower() and LIKE fold only A-Z, and PostgreSQL's depend on the database's locale, so
the search text becomes a regular expression instead: each letter a bracket of its case forms
("ü" -> "[Üü]"), everything else a literal character. SQLite matches it with the REGEXP
function SQLAlchemy registers on every connection (Python's re), PostgreSQL with `~`; both read
the pattern alike because it uses only brackets and backslash escapes.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import ColumnElement

#: Forms whose case maps never lead back to their letter (final sigma, capital sharp s, the
#: Kelvin sign, ...), by the letter they fold to. A test checks the table is complete.
_ODD_FORMS = {
    "\u03bc": "\u00b5",
    "s": "\u017f",
    "\u03b9": "\u0345\u1fbe",
    "\u03c3": "\u03c2",
    "\u03b2": "\u03d0",
    "\u03b8": "\u03d1\u03f4",
    "\u03c6": "\u03d5",
    "\u03c0": "\u03d6",
    "\u03ba": "\u03f0",
    "\u03c1": "\u03f1",
    "\u03b5": "\u03f5",
    "\u0432": "\u1c80",
    "\u0434": "\u1c81",
    "\u043e": "\u1c82",
    "\u0441": "\u1c83",
    "\u0442": "\u1c84\u1c85",
    "\u044a": "\u1c86",
    "\u0463": "\u1c87",
    "\ua64b": "\u1c88",
    "\u1e61": "\u1e9b",
    "\u00df": "\u1e9e",
    "\u03c9": "\u2126",
    "k": "\u212a",
    "\u00e5": "\u212b",
}


def _single(text: str) -> str | None:
    return text if len(text) == 1 else None


def folded(char: str) -> str:
    """Return the letter a character stands for in any case (its one-letter case fold)."""
    return _single(char.casefold()) or _single(char.lower()) or char


@lru_cache(maxsize=1024)
def case_variants(char: str) -> frozenset[str]:
    """Return every character that folds to the same letter as char, char included."""
    letter = folded(char)
    near = {letter, letter.lower(), letter.upper(), letter.title(), *_ODD_FORMS.get(letter, "")}
    return frozenset(form for form in near if len(form) == 1 and folded(form) == letter)


def _piece(char: str) -> str:
    forms = case_variants(char)
    if len(forms) > 1:  # letters only: none of them is special inside brackets
        return "[" + "".join(sorted(forms)) + "]"
    if char.isascii() and not char.isalnum():
        return "\\" + char  # a literal in Python's re and in PostgreSQL's regular expressions
    return char


def case_blind_pattern(text: str) -> str:
    """Return a regular expression that finds text in any case, every other character literal."""
    return "".join(_piece(char) for char in text)


def contains_any_case(column: ColumnElement[str], text: str) -> ColumnElement[bool]:
    """Return the condition "column contains text, ignoring case" for SQLite and PostgreSQL."""
    return column.regexp_match(case_blind_pattern(text))
