"""The Trends page: day/week/month views, the date picker, threshold bands, German."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from playwright.async_api import Page, Request, expect

from .conftest import OpenUi
from .helpers import expect_failure
from .servers import UiServer

CHART = '[data-chart="{}"] svg.chart-svg'


def get(ui: UiServer, path: str) -> Any:
    """Return the API's answer to a GET (asserting a 200)."""
    code, answer = ui.api("GET", path)
    assert code == 200, answer
    return answer


def trend_points(ui: UiServer, view: str, day: str | None, key: str = "ds_power_avg") -> int:
    """Return how many rows of the API's legacy view carry `key` (a direction with channels);
    `day` None is the server's today, as the page asks for it."""
    total = "us_total" if key.startswith("us_") else "ds_total"
    rows = get(ui, f"api/trends?range={view}" + (f"&date={day}" if day else ""))
    return sum(1 for row in rows if row.get(key) is not None and row.get(total) != 0)


async def drawn(page: Page, key: str) -> int:
    """Return the points the chart `key` draws."""
    return int(await page.locator(CHART.format(key)).get_attribute("data-points") or "-1")


async def shown_day(page: Page, view: str) -> str:
    """Wait until the page shows `view` and return the last day it shows."""
    root = page.locator(".page-trends")
    await expect(root).to_have_attribute("data-view", view)
    return str(await root.get_attribute("data-date"))


async def test_the_month_view_draws_every_row(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """The month charts draw one point per row of the API's month, bands behind the lines."""
    # read before and after the page's own request: a poll may land in between
    before = trend_points(ui, "month", None)
    us_before = trend_points(ui, "month", None, "us_power_avg")
    await open_ui(page, "trends", "view=month")
    await shown_day(page, "month")
    assert before > 2000  # 30 days of 15-minute readings
    assert await drawn(page, "ds_power") in {before, trend_points(ui, "month", None)}
    us_after = trend_points(ui, "month", None, "us_power_avg")
    assert await drawn(page, "us_power") in {us_before, us_after}
    good = page.locator(f"{CHART.format('ds_snr')} rect.threshold.good")
    await expect(good).to_have_count(1)
    note = page.locator("#trend-ds-power .bands-note")
    await expect(note).to_contain_text("256QAM")
    await expect(note.locator('a.term[href="#/glossary?term=qam"]')).to_have_text("256QAM")
    await expect(page.locator("#trend-us-power .bands-note")).to_contain_text("SC-QAM")


async def test_the_month_view_asks_the_server_once(page: Page, open_ui: OpenUi) -> None:
    """A month is one trends request (the server's legacy month view), not one per day, for the
    scalar fields only (the charts draw nothing of the nested parts)."""
    requests: list[str] = []

    def note(request: Request) -> None:
        if "api/trends" in request.url:
            requests.append(request.url)

    page.on("request", note)
    await open_ui(page, "trends", "view=month")
    assert len(requests) == 1, requests
    assert "range=month" in requests[0]
    assert "fields=scalars" in requests[0]


async def test_the_date_picker_reloads_the_view(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """Another last day loads that week: the points equal the API's answer for that date."""
    await open_ui(page, "trends", "view=week")
    today = await shown_day(page, "week")
    chosen = (date.fromisoformat(today) - timedelta(days=100)).isoformat()
    await page.locator("#trends-date").fill(chosen)
    await expect(page.locator(".page-trends")).to_have_attribute("data-date", chosen)
    expected = trend_points(ui, "week", chosen)
    assert expected > 500
    await expect(page.locator(CHART.format("ds_power"))).to_have_attribute(
        "data-points", str(expected)
    )
    assert f"date={chosen}" in await page.evaluate("location.hash")
    await page.reload()
    await page.wait_for_selector('#page[data-ready="trends"]')
    await expect(page.locator("#trends-date")).to_have_value(chosen)
    assert await drawn(page, "ds_power") == expected


async def test_the_day_view_shows_one_day(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """The Day button loads the legacy day view of the chosen date."""
    await open_ui(page, "trends", "view=month")
    await page.locator('label[for="trends-view-day"]').click()
    day = await shown_day(page, "day")
    await expect(page.locator(CHART.format("ds_power"))).to_have_attribute(
        "data-points", str(trend_points(ui, "day", day))
    )
    assert "view=day" in await page.evaluate("location.hash")
    await expect(page.locator("#trends-summary")).to_contain_text("readings")


async def test_an_empty_period_says_so(page: Page, open_ui: OpenUi) -> None:
    """A period before the history began draws nothing and says that there is no data."""
    await open_ui(page, "trends", "view=week&date=2001-01-01")
    await expect(page.locator(".page-trends .status")).to_contain_text("No data for this period")
    assert await drawn(page, "ds_power") == 0


async def test_the_page_speaks_german(page: Page, open_ui: OpenUi) -> None:
    """With lang=de the title, views, date field and notes are German."""
    await open_ui(page, "trends", "view=month", lang="de")
    await expect(page.locator(".page-trends h2").first).to_have_text("Verlauf")
    await expect(page.locator('label[for="trends-view-week"]')).to_have_text("Woche")
    await expect(page.locator('label[for="trends-view-month"]')).to_have_text("Monat")
    await expect(page.locator('label[for="trends-date"]')).to_have_text("Letzter Tag")
    await expect(page.locator("#trends-summary")).to_contain_text("30 Tage bis")
    await expect(page.locator("#trend-ds-power .bands-note")).to_contain_text("Schwellwerte")
    await expect(page.locator("#trend-errors h3").last).to_contain_text("Korrigierbare Fehler")


async def test_a_refused_date_is_shown_at_the_field(page: Page, open_ui: OpenUi) -> None:
    """A date the server refuses shows its message under the date field; the charts stay."""
    await open_ui(page, "trends", "view=week")
    before = await drawn(page, "ds_power")
    expect_failure(page, 400, "api/trends")
    await page.locator("#trends-date").fill("9999-12-31")
    await expect(page.locator("#trends-date-error")).to_contain_text("calendar")
    await expect(page.locator("#trends-date")).to_have_attribute("aria-invalid", "")
    assert await drawn(page, "ds_power") == before
