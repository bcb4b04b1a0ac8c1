"""The Channels page: tables, one channel's history, comparing channels, German, accessibility."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi, WatchedPages
from .helpers import serious_violations
from .servers import UiServer

HISTORY = "#channel-history"
COMPARE = "#channel-compare"


def get(ui: UiServer, path: str) -> Any:
    """Return the API's answer to a GET (asserting a 200)."""
    code, answer = ui.api("GET", path)
    assert code == 200, answer
    return answer


def channels(ui: UiServer, direction: str) -> list[dict[str, Any]]:
    """Return the API's current channels of a direction, sorted by channel id as the table is."""
    return sorted(get(ui, "api/channels")[f"{direction}_channels"], key=lambda c: c["channel_id"])


def readings(ui: UiServer, selector: str, direction: str, key: str = "power") -> int:
    """Return how many non-null `key` values the API's 7-day history of a channel holds."""
    query = f"selector={quote(selector)}&direction={direction}&range=7d"
    return sum(1 for point in get(ui, f"api/channel-history?{query}") if point[key] is not None)


def compared(ui: UiServer, selectors: list[str], direction: str) -> int:
    """Return how many non-null powers the API's 7-day comparison of channels holds."""
    query = f"selectors={quote(','.join(selectors))}&direction={direction}&range=7d"
    answer = get(ui, f"api/channel-compare?{query}")
    return sum(1 for key in selectors for point in answer[key] if point["power"] is not None)


async def points(page: Page, card: str, metric: str) -> int:
    """Return the points the chart of `metric` in `card` draws."""
    chart = page.locator(f'{card} [data-metric="{metric}"] svg.chart-svg')
    return int(await chart.get_attribute("data-points") or "-1")


async def tick(page: Page, direction: str, index: int) -> None:
    """Tick the compare box of the table row at `index`."""
    await page.locator(f"#{direction}-channels input.compare-box").nth(index).check()


async def test_the_tables_have_one_row_per_channel(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Each table has as many rows as the API has channels in its direction, health coloured."""
    await open_ui(page, "channels")
    for direction in ("ds", "us"):
        expected = channels(ui, direction)
        rows = page.locator(f"#{direction}-channels tbody tr")
        await expect(rows).to_have_count(len(expected))
        await expect(rows.first.locator("td").nth(1)).to_have_text(str(expected[0]["channel_id"]))
        # the health column follows power (and SNR/MER downstream)
        health_cell = rows.first.locator("td").nth(4 if direction == "ds" else 3)
        await expect(health_cell).to_have_class(f"{expected[0]['health']}")
    await expect(page.locator('#ds-channels th a.term[href="#/glossary?term=mer"]')).to_have_text(
        "MER"
    )


async def test_a_row_opens_its_history_with_every_reading(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """A click draws as many points as the API's history has powers; a reload reopens it."""
    channel = channels(ui, "ds")[2]
    selector = channel["selector"]
    await open_ui(page, "channels")
    before = readings(ui, selector, "ds")
    await page.locator("#ds-channels tbody tr").nth(2).click()
    await page.wait_for_selector(f'{HISTORY}[data-selector="{selector}"] svg[data-points]')
    assert await points(page, HISTORY, "power") in {before, readings(ui, selector, "ds")}
    assert await points(page, HISTORY, "snr") in {before, readings(ui, selector, "ds", "snr")}
    assert await page.locator(f'{HISTORY} [data-metric="snr"] rect.threshold.good').count() == 1
    assert f"channel={selector}" in await page.evaluate("location.hash")
    await page.reload()
    await page.wait_for_selector('#page[data-ready="channels"]')
    await expect(page.locator(HISTORY)).to_have_attribute("data-selector", selector)
    assert await points(page, HISTORY, "power") in {before, readings(ui, selector, "ds")}


async def test_enter_on_an_upstream_row_opens_its_history(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """The keyboard opens a row too; an upstream channel has its power chart and bands only."""
    channel = channels(ui, "us")[0]
    await open_ui(page, "channels")
    before = readings(ui, channel["selector"], "us")
    await page.locator("#us-channels tbody tr").first.focus()
    await page.keyboard.press("Enter")
    await expect(page.locator(HISTORY)).to_have_attribute("data-selector", channel["selector"])
    after = readings(ui, channel["selector"], "us")
    assert await points(page, HISTORY, "power") in {before, after}
    await expect(page.locator(f'{HISTORY} [data-metric="snr"]')).to_have_count(0)
    assert await page.locator(f'{HISTORY} [data-metric="power"] rect.threshold.good').count() == 1


async def test_comparing_two_channels_draws_two_series(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Two ticked channels give one line each in every chart, with all of the API's points."""
    ds = channels(ui, "ds")
    selectors = [ds[0]["selector"], ds[-1]["selector"]]
    await open_ui(page, "channels")
    await tick(page, "ds", 0)
    await tick(page, "ds", len(ds) - 1)
    before = compared(ui, selectors, "ds")
    await page.locator("#ds-channels .compare-button").click()
    card = page.locator(f'{COMPARE}[data-selectors="{",".join(selectors)}"]')
    await expect(card.locator('[data-metric="power"] svg path.line')).to_have_count(2)
    await expect(card.locator("svg.chart-svg")).to_have_count(4)
    assert await points(page, COMPARE, "power") in {before, compared(ui, selectors, "ds")}
    await expect(card.locator('[data-metric="power"] .legend-item')).to_have_count(2)


async def test_a_seventh_channel_is_refused(page: Page, open_ui: OpenUi) -> None:
    """Six channels can be ticked; the seventh stays unticked and the page says why."""
    await open_ui(page, "channels")
    for index in range(6):
        await tick(page, "ds", index)
    seventh = page.locator("#ds-channels input.compare-box").nth(6)
    await seventh.click()
    await expect(seventh).not_to_be_checked()
    await expect(page.locator("#ds-channels .compare-message")).to_contain_text(
        "At most 6 channels"
    )
    await expect(page.locator("#ds-channels input.compare-box:checked")).to_have_count(6)
    await expect(page.locator("#ds-channels .compare-button")).to_have_text("Compare (6)")
    await page.locator("#ds-channels input.compare-box").first.uncheck()
    await expect(page.locator("#ds-channels .compare-message")).to_have_text("")


async def test_the_page_speaks_german(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """With lang=de the headings, columns, hints and the history are German."""
    channel = channels(ui, "ds")[0]
    await open_ui(page, "channels", lang="de")
    await expect(page.locator("#ds-channels th").nth(2).locator("button")).to_have_text(
        "Pegel (dBmV)"
    )
    await expect(page.locator("#ds-channels th").nth(2).locator("a")).to_have_attribute(
        "aria-label", "Was ist Pegel?"
    )
    await expect(page.locator("#ds-channels th").nth(9).locator("button")).to_have_text(
        "Nicht korrigierbar"
    )
    await expect(page.locator("#ds-channels .hint")).to_contain_text("Kanäle an")
    await expect(page.locator("#ds-channels .compare-button")).to_have_text("Vergleichen (0)")
    await page.locator("#ds-channels tbody tr").first.click()
    await expect(page.locator("#history-title")).to_contain_text(
        f"Verlauf von Kanal {channel['channel_id']}"
    )
    await expect(page.locator(f"{HISTORY} .bands-note")).to_contain_text("Schwellwerte")


async def test_an_unknown_channel_in_the_address_is_said(page: Page, open_ui: OpenUi) -> None:
    """A channel in the address that is not in the line-up gives a notice, not a history."""
    await open_ui(page, "channels", "channel=c1_not-a-channel")
    await expect(page.locator(".page-status")).to_contain_text("not in the current channel")
    await expect(page.locator(HISTORY)).to_be_hidden()


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_history_and_comparison_are_accessible_at_400_px(
    pages: WatchedPages, open_ui: OpenUi, shoot: Any, dark: bool
) -> None:
    """With a history and a comparison open: no serious axe findings, no sideways scrolling."""
    page = await pages.new(width=400, height=800, dark=dark, bypass_csp=True)
    await open_ui(page, "channels")
    await tick(page, "ds", 0)
    await tick(page, "ds", 1)
    await page.locator("#ds-channels .compare-button").click()
    await expect(page.locator(f'{COMPARE} [data-metric="power"] svg path.line')).to_have_count(2)
    await page.locator("#us-channels tbody tr").first.click()
    await expect(page.locator(f'{HISTORY} [data-metric="power"] svg path.line')).to_have_count(1)
    assert await page.evaluate("document.documentElement.scrollWidth") <= 400
    await shoot(page, f"channels-open-400-{'dark' if dark else 'light'}")
    serious = await serious_violations(page)
    assert not serious, "\n".join(serious)
