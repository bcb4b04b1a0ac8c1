"""The Reports page: the PDF download, the complaint letter (and copying it), the window's errors
at their fields, the evidence checklist and the before/after comparison."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi
from .helpers import expect_failure
from .servers import UiServer

MEASUREMENTS = re.compile(r"collected (\d+) measurements")


def complaint(ui: UiServer, **query: str) -> dict[str, Any]:
    """Return the API's complaint answer for a query."""
    code, answer = ui.api("GET", "api/complaint?" + urlencode(query))
    assert code == 200, answer
    return dict(answer)


def query_of(url: str) -> dict[str, str]:
    """Return a URL's query parameters (one value each)."""
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


async def test_the_pdf_link_downloads_the_report(page: Page, open_ui: OpenUi) -> None:
    """The link asks for the last 7 days in English and answers a PDF."""
    await open_ui(page, "reports")
    link = page.locator("#report-pdf")
    href = await link.get_attribute("href")
    assert href
    assert query_of(href) == {"days": "7", "lang": "en"}
    response = await page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert (await response.body()).startswith(b"%PDF")


async def test_the_letter_counts_the_windows_measurements(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """The letter is the API's for the window it names; its count of measurements is the API's."""
    await open_ui(page, "reports")
    letter_card = page.locator("#reports-complaint")
    await expect(letter_card).to_have_attribute("data-from", re.compile(r"Z$"))
    start = await letter_card.get_attribute("data-from")
    end = await letter_card.get_attribute("data-to")
    assert start
    assert end
    expected = MEASUREMENTS.search(
        complaint(ui, **{"from": start, "to": end, "lang": "en"})["text"]
    )
    assert expected
    assert int(expected.group(1)) > 0
    shown = await page.locator("#complaint-text").input_value()
    assert f"collected {expected.group(1)} measurements" in shown
    assert shown.startswith("Subject: ")


async def test_copy_puts_the_letter_on_the_clipboard(page: Page, open_ui: OpenUi) -> None:
    """Copy → the clipboard holds the letter and the page says so."""
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    await open_ui(page, "reports")
    await page.locator("#complaint-copy").click()
    await expect(page.locator(".reports-copy-status")).to_have_text("Copied to the clipboard.")
    letter = await page.locator("#complaint-text").input_value()
    assert await page.evaluate("navigator.clipboard.readText()") == letter


async def test_the_customer_details_come_from_the_settings_and_go_into_the_link(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Saved report_customer_* values prefill the form; a change reaches the PDF link on Apply."""
    code, answer = ui.api("POST", "api/config", {"report_customer_name": "Erika Müller"})
    assert code == 200, answer
    try:
        await open_ui(page, "reports")
        await expect(page.locator("#report-name")).to_have_value("Erika Müller")
        await page.fill("#report-number", "K-4711")
        await expect(page.locator("#report-pdf")).to_have_attribute("aria-disabled", "true")
        await page.locator("#report-apply").click()
        await expect(page.locator("#report-pdf")).to_have_attribute(
            "href", re.compile(r"number=K-4711")
        )
        href = await page.locator("#report-pdf").get_attribute("href")
        assert href
        assert query_of(href)["name"] == "Erika Müller"
        await expect(page.locator("#complaint-text")).to_have_value(re.compile("K-4711"))
    finally:
        ui.api("POST", "api/config", {"report_customer_name": ""})


async def test_a_window_error_shows_the_servers_message_at_the_field(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """From after to: the 400's message stands under "To"; no PDF link until the window is valid."""
    code, answer = ui.api("GET", "api/complaint?from=2026-12-05T00:00:00Z&to=2026-12-01T00:00:00Z")
    assert code == 400
    assert answer["code"] == "window_invalid_order"
    expect_failure(page, 400, "/api/complaint")
    await open_ui(page, "reports")
    await page.locator('label[for="report-mode-range"]').click()
    await page.fill("#report-from", "2026-12-05")
    await page.fill("#report-to", "2026-11-30")
    await page.locator("#report-apply").click()
    await expect(page.locator("#report-to-error")).to_have_text(answer["error"])
    await expect(page.locator("#report-to")).to_have_attribute("aria-invalid", "")
    await expect(page.locator("#report-pdf")).to_have_attribute("aria-disabled", "true")
    assert await page.locator("#report-pdf").get_attribute("href") is None
    await page.fill("#report-to", "2026-12-06")
    await page.locator("#report-apply").click()
    await expect(page.locator("#report-to-error")).to_be_hidden()
    href = await page.locator("#report-pdf").get_attribute("href")
    assert href
    assert set(query_of(href)) >= {"from", "to"}


async def test_the_evidence_checklist_is_the_windows(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """One item per item of the API's checklist for the letter's window, with its status."""
    await open_ui(page, "reports")
    letter_card = page.locator("#reports-complaint")
    await expect(letter_card).to_have_attribute("data-from", re.compile(r"Z$"))
    start = await letter_card.get_attribute("data-from")
    end = await letter_card.get_attribute("data-to")
    code, checklist = ui.api(
        "GET", "api/evidence/checklist?" + urlencode({"from": start, "to": end})
    )
    assert code == 200, checklist
    items = page.locator("#reports-evidence .evidence-item")
    await expect(items).to_have_count(len(checklist["items"]))
    for index, item in enumerate(checklist["items"]):
        await expect(items.nth(index)).to_have_attribute("data-status", item["status"])


async def test_the_comparison_shows_the_apis_verdict_and_goes_into_the_pdf(
    page: Page, open_ui: OpenUi
) -> None:
    """Compare → the verdict and averages of the API's answer, a chart of both periods; the PDF
    link then carries the comparison."""
    await open_ui(page, "reports")
    async with page.expect_response(lambda response: "/api/comparison" in response.url) as info:
        await page.locator("#compare-run").click()
    response = await info.value
    answer = await response.json()
    verdict = answer["delta"]["verdict"]
    words = {"improved": "Improved.", "degraded": "Worse.", "unchanged": "About the same."}
    await expect(page.locator("#compare-verdict")).to_have_attribute("data-verdict", verdict)
    await expect(page.locator("#compare-verdict strong")).to_have_text(words[verdict])
    rows = page.locator(".reports-comparison-table tbody tr")
    await expect(rows).to_have_count(5)
    snapshots = f"{answer['period_a']['snapshots']:,}"
    await expect(rows.first.locator("td").nth(1)).to_have_text(snapshots)
    await expect(page.locator("#reports-comparison .legend-item")).to_have_count(2)
    href = await page.locator("#report-pdf").get_attribute("href")
    assert href
    asked = query_of(response.url)
    sent = query_of(href)
    for name in ("from_a", "to_a", "from_b", "to_b"):
        assert sent[f"comparison_{name}"] == asked[name]
    pdf = await page.request.get(href)
    assert pdf.status == 200
    assert (await pdf.body()).startswith(b"%PDF")


async def test_german(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """?lang=de: the page, the letter's language and the PDF's language are German."""
    await open_ui(page, "reports", lang="de")
    await expect(page.locator("#reports-heading")).to_have_text("Bericht und Beschwerdebrief")
    await expect(page.locator("#report-apply")).to_have_text("Übernehmen")
    await expect(page.locator("#report-lang")).to_have_value("de")
    await expect(page.locator("#reports-comparison h2")).to_have_text("Vorher-nachher-Vergleich")
    href = await page.locator("#report-pdf").get_attribute("href")
    assert href
    assert query_of(href)["lang"] == "de"
    start = await page.locator("#reports-complaint").get_attribute("data-from")
    end = await page.locator("#reports-complaint").get_attribute("data-to")
    assert start
    assert end
    german = complaint(ui, **{"from": start, "to": end, "lang": "de"})["text"]
    await expect(page.locator("#complaint-text")).to_have_value(german)


@pytest.mark.parametrize("width", [360, 400])
async def test_the_comparison_fits_a_phone(page: Page, open_ui: OpenUi, width: int) -> None:
    """With a comparison drawn, nothing scrolls sideways."""
    await page.set_viewport_size({"width": width, "height": 800})
    await open_ui(page, "reports")
    await page.locator("#compare-run").click()
    await expect(page.locator("#compare-verdict")).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= width
