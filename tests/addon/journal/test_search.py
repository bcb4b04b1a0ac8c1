"""Journal search over the real server: any letter in any case, and no wildcard characters."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from docsight_server.journal.repository.search import case_variants, folded

from ..harness import RunningServer
from .support import new_entry

TITLES = (
    "Übertragung gestört",
    "Große Störung",
    "STRAẞE GESPERRT",
    "100% offline",
    "100 offline",
    "a_b",
    "axb",
    "a.b (x)",
    "Ωmega",
)


async def found_titles(server: RunningServer, search: str) -> list[str]:
    """Return the titles of the entries a search finds, sorted."""
    status, found, _ = await server.request("GET", f"/api/journal?search={quote(search)}")
    assert status == 200, found
    return sorted(entry["title"] for entry in found)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("übertragung", ["Übertragung gestört"]),
        ("ÜBERTRAGUNG GESTÖRT", ["Übertragung gestört"]),
        ("GESTÖRT", ["Übertragung gestört"]),
        ("störung", ["Große Störung"]),
        ("GROẞE", ["Große Störung"]),
        ("straße", ["STRAẞE GESPERRT"]),
        ("ωMEGA", ["Ωmega"]),
        ("100%", ["100% offline"]),
        ("a_b", ["a_b"]),
        ("A.B (X)", ["a.b (x)"]),
        ("[", []),
        ("\\", []),
    ],
)
async def test_search_ignores_case_for_every_letter(
    open_server: RunningServer, search: str, expected: list[str]
) -> None:
    """Umlauts, ß/ẞ and Greek match in either case; % _ . ( [ \\ are plain characters."""
    for title in TITLES:
        await new_entry(open_server, title=title)
    assert await found_titles(open_server, search) == expected


async def test_search_reaches_the_description(open_server: RunningServer) -> None:
    """A match in the description alone finds the entry too."""
    await new_entry(open_server, title="Anruf", description="Techniker kommt zur ÖFFNUNG")
    assert await found_titles(open_server, "öffnung") == ["Anruf"]


def test_case_variants() -> None:
    """Every one-letter case form of a character, itself included."""
    assert case_variants("ü") == {"ü", "Ü"}
    assert case_variants("ß") == {"ß", "ẞ"}
    assert case_variants("ẞ") == {"ß", "ẞ"}
    assert case_variants("%") == {"%"}
    assert case_variants("Σ") == {"Σ", "σ", "ς"}


def test_every_case_form_of_every_letter_is_covered() -> None:
    """For every character of Unicode, its letter's forms include it (the odd-forms table is
    complete), and every form folds back to that letter."""
    for code in range(0x110000):
        char = chr(code)
        forms = case_variants(folded(char))
        assert char in forms, hex(code)
        assert case_variants(char) == forms, hex(code)
