"""The Glossary page: every term the UI needs, ?term= going to an entry, search, German."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi

REQUIRED = [
    "scqam", "ofdm", "ofdma", "mer", "snr", "power", "t3", "t4", "codewords", "uncorrectable",
    "correctable", "modulation", "qam", "docsis31", "upstream", "downstream", "latency",
    "packet_loss", "rtd", "grace", "outage", "traceroute", "cmts", "docsis30", "bonding",
    "profile", "health", "gaming_score", "importance",
]  # fmt: skip
HIGHLIGHT = re.compile(r"\bhighlight\b")


async def visible_keys(page: Page) -> list[str]:
    """Return the keys of the entries shown, in page order."""
    return await page.locator(".glossary-entry:visible").evaluate_all(
        "entries => entries.map(e => e.dataset.term)"
    )


@pytest.mark.parametrize("lang", ["en", "de"])
async def test_every_needed_term_has_an_entry(page: Page, open_ui: OpenUi, lang: str) -> None:
    """Each key has an entry with its anchor id, a name and an explanation, in both languages."""
    await open_ui(page, "glossary", lang=lang)
    for key in REQUIRED:
        entry = page.locator(f"#term-{key}")
        await expect(entry).to_have_count(1)
        name = (await entry.locator("h3").inner_text()).strip()
        text = (await entry.locator("p").inner_text()).strip()
        assert name, key
        assert not name.startswith("term."), key
        assert len(text) > 60, key
        assert not text.startswith("term."), key
        assert "[[" not in text, key


async def test_term_parameter_focuses_and_highlights_the_entry(page: Page, open_ui: OpenUi) -> None:
    """#/glossary?term=mer scrolls to the MER entry, focuses it and marks it alone."""
    await open_ui(page, "glossary", "term=mer")
    entry = page.locator("#term-mer")
    await expect(entry).to_have_class(HIGHLIGHT)
    await expect(entry).to_be_focused()
    await expect(entry).to_be_in_viewport()
    await expect(entry.locator("h3")).to_contain_text("MER")
    await expect(entry.locator("h3")).to_contain_text("Modulation Error Ratio")
    await expect(page.locator(".glossary-entry.highlight")).to_have_count(1)


async def test_a_term_link_from_another_page_lands_on_its_entry(
    page: Page, open_ui: OpenUi
) -> None:
    """A glossary link in the hash (as glossary.term() makes them) opens that entry."""
    await open_ui(page, "events")
    await page.evaluate("location.hash = '#/glossary?term=t4'")
    await page.wait_for_selector('#page[data-ready="glossary"]')
    await expect(page.locator("#term-t4")).to_be_focused()
    await expect(page.locator("#term-t4")).to_have_class(HIGHLIGHT)


async def test_the_index_reaches_entries_by_keyboard(page: Page, open_ui: OpenUi) -> None:
    """Tab to an index link, Enter: the entry gets focus and the address names it."""
    await open_ui(page, "glossary")
    index = page.get_by_role("navigation", name="All terms")
    link = index.get_by_role("link", name="Grace period", exact=True)
    await link.focus()
    await page.keyboard.press("Enter")
    entry = page.locator("#term-grace")
    await expect(entry).to_be_focused()
    await expect(entry).to_have_class(HIGHLIGHT)
    await expect(entry).to_be_in_viewport()
    assert page.url.endswith("#/glossary?term=grace")


async def test_links_inside_entries_go_to_the_other_entry(page: Page, open_ui: OpenUi) -> None:
    """The OFDM link in the MER entry moves the highlight to OFDM."""
    await open_ui(page, "glossary", "term=mer")
    await page.locator("#term-mer").get_by_role("link", name="OFDM", exact=True).click()
    await expect(page.locator("#term-ofdm")).to_be_focused()
    await expect(page.locator("#term-mer")).not_to_have_class(HIGHLIGHT)


async def test_search_filters_the_entries(page: Page, open_ui: OpenUi) -> None:
    """Only entries mentioning the words stay; the index follows; clearing brings all back."""
    await open_ui(page, "glossary")
    total = await page.locator(".glossary-entry").count()
    search = page.get_by_label("Search the glossary")
    await search.fill("jitter")
    await expect(page.locator("#term-mer")).to_be_hidden()
    keys = await visible_keys(page)
    assert "jitter" in keys
    assert len(keys) < total
    for key in keys:
        assert "jitter" in (await page.locator(f"#term-{key}").inner_text()).lower()
    await expect(page.locator(".glossary-index li:visible")).to_have_count(len(keys))
    await expect(page.locator(".glossary-count")).to_have_text(f"{len(keys)} of {total} terms")
    await search.fill("no such words here")
    await expect(page.locator(".glossary-entry:visible")).to_have_count(0)
    await expect(page.locator(".glossary-messages")).to_contain_text("No entry matches")
    await search.fill("")
    await expect(page.locator(".glossary-entry:visible")).to_have_count(total)


async def test_german(page: Page, open_ui: OpenUi) -> None:
    """With lang=de the entries, sections and search are German; search finds German words."""
    await open_ui(page, "glossary", "term=grace", lang="de")
    await expect(page.get_by_role("heading", name="Glossar", exact=True)).to_be_visible()
    await expect(page.locator("#term-grace h3")).to_have_text("Karenzzeit")
    await expect(page.locator("#term-grace")).to_be_focused()
    await expect(page.get_by_role("heading", name="Heimnetz")).to_be_visible()
    search = page.get_by_label("Glossar durchsuchen")
    await search.fill("Umlaufzeit")
    await expect(page.locator("#term-mer")).to_be_hidden()
    assert "rtd" in await visible_keys(page)
    await search.fill("LAN-Gerat")  # without the umlaut: still finds "LAN-Gerät"
    assert "grace" in await visible_keys(page)
    await expect(page.locator(".glossary-count")).to_contain_text("Begriffen")


async def test_an_unknown_term_says_so(page: Page, open_ui: OpenUi) -> None:
    """A term the glossary does not have gives a message instead of nothing."""
    await open_ui(page, "glossary", "term=no_such_term")
    await expect(page.locator(".glossary-messages")).to_contain_text("no_such_term")
    await expect(page.locator(".glossary-entry.highlight")).to_have_count(0)
