"""The shell: every page loads at the root and under ingress, in German, at 400 px, accessibly."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi, WatchedPages
from .helpers import serious_violations
from .servers import UiServer

SLUGS = [
    "dashboard",
    "channels",
    "trends",
    "events",
    "connection-monitor",
    "lan",
    "journal",
    "incidents",
    "reports",
    "settings",
    "glossary",
]


async def nav_slugs(page: Page) -> list[str]:
    """Return the pages the navigation links to, in order."""
    links = page.locator("#nav a")
    hrefs = await links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [href.removeprefix("#/") for href in hrefs]


async def test_the_navigation_lists_every_page_the_features_bring(
    page: Page, open_ui: OpenUi
) -> None:
    """Main pages in feature order, then settings and glossary."""
    await open_ui(page, "dashboard")
    assert await nav_slugs(page) == SLUGS
    await expect(page.locator('#nav a[aria-current="page"]')).to_have_text("Dashboard")


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("ingress", [False, True], ids=["root", "ingress"])
async def test_every_page_loads_without_errors(
    page: Page, open_ui: OpenUi, slug: str, ingress: bool
) -> None:
    """The page draws (no console error, no undocumented call: checked by the fixture)."""
    await open_ui(page, slug, ingress=ingress)
    await expect(page.locator(f"#page .page-{slug}")).to_be_visible()
    assert (await page.title()).endswith("· DOCSight")


async def test_ingress_assets_come_through_the_prefix(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Under ingress every request stays below the ingress prefix."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    await open_ui(page, "dashboard", ingress=True)
    assert seen
    outside = [url for url in seen if not url.startswith(ui.ingress_url)]
    assert not outside


async def test_german_with_lang_de(page: Page, open_ui: OpenUi) -> None:
    """?lang=de switches the shell and the navigation to German."""
    await open_ui(page, "channels", lang="de")
    assert await page.locator("html").get_attribute("lang") == "de"
    await expect(page.locator('#nav a[aria-current="page"]')).to_have_text("Kanäle")
    await expect(page.locator("#nav")).to_contain_text("Einstellungen")
    assert await page.title() == "Kanäle · DOCSight"


GERMAN_TITLES = {
    "dashboard": "Übersicht",
    "channels": "Kanäle",
    "trends": "Verlauf",
    "events": "Ereignisse",
    "connection-monitor": "Verbindungsmonitor",
    "lan": "LAN-Geräte",
    "journal": "Tagebuch",
    "incidents": "Vorfälle",
    "reports": "Berichte",
    "settings": "Einstellungen",
    "glossary": "Glossar",
}


@pytest.mark.parametrize("slug", SLUGS)
async def test_every_page_has_its_german_title(page: Page, open_ui: OpenUi, slug: str) -> None:
    """The window title and the navigation name each page in German."""
    await open_ui(page, slug, lang="de")
    assert await page.title() == f"{GERMAN_TITLES[slug]} · DOCSight"
    current = page.locator('#nav a[aria-current="page"]')
    await expect(current).to_have_text(GERMAN_TITLES[slug])


async def test_the_language_choice_is_kept(page: Page, open_ui: OpenUi) -> None:
    """Choosing Deutsch in the toolbar redraws the page and survives a reload."""
    await open_ui(page, "glossary")
    await page.select_option("#lang", "de")
    await expect(page.locator('#nav a[aria-current="page"]')).to_have_text("Glossar")
    await page.reload()
    await page.wait_for_selector('#page[data-ready="glossary"]')
    await expect(page.locator('#nav a[aria-current="page"]')).to_have_text("Glossar")


async def test_an_unknown_page_says_so(page: Page, open_ui: OpenUi) -> None:
    """A hash naming no page shows a message, not a blank screen."""
    await open_ui(page, "no-such-page")
    await expect(page.locator("#page")).to_contain_text("no-such-page")


@pytest.mark.parametrize("slug", SLUGS)
async def test_no_horizontal_overflow_on_a_phone(
    pages: WatchedPages, open_ui: OpenUi, slug: str
) -> None:
    """The companion app's widths (360 to 420 px): nothing makes the page scroll sideways."""
    for viewport in (400, 360):
        page = await open_ui(await pages.new(width=viewport, height=800), slug)
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport, f"{slug} is {width} px wide at {viewport} px"


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_no_serious_accessibility_violations(
    pages: WatchedPages, open_ui: OpenUi, slug: str, dark: bool
) -> None:
    """axe-core finds nothing serious or critical (contrast included, in both schemes)."""
    page = await open_ui(await pages.new(dark=dark, bypass_csp=True), slug)
    serious = await serious_violations(page)
    assert not serious, "\n".join(serious)
