"""The Events page: rows, filters and CSV link as the API gives them; acknowledging; live rows.

Acknowledging changes what every page reads, so those tests run on a server of their own (a copy
of the seeded demo history) instead of the shared one.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from playwright.async_api import Page, Route, expect

from .conftest import OpenUi
from .helpers import open_page
from .servers import UiServer

PER_PAGE = 50
CSV_HEADER = "timestamp,severity,event_type,message,acknowledged,details"


def api_page(server: UiServer, query: str = "") -> dict[str, Any]:
    """Return the API's first page of events (as the page asks for it) with `query` added."""
    status, answer = server.api("GET", f"api/events?page=1&per_page={PER_PAGE}{query}")
    assert status == 200, answer
    return answer


async def shown_ids(page: Page) -> list[int]:
    """Return the ids of the event rows the table shows, top to bottom."""
    ids = await page.locator("tr.event-row").evaluate_all(
        "rows => rows.map(r => Number(r.dataset.id))"
    )
    return [int(value) for value in ids]


def open_count(server: UiServer) -> int:
    """Return the API's count of unacknowledged events."""
    status, answer = server.api("GET", "api/events/count")
    assert status == 200, answer
    return int(answer["count"])


async def test_the_first_page_shows_the_apis_first_page(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Rows, their order and the "first to last of total" line come from the API's first page."""
    await open_ui(page, "events")
    answer = api_page(ui)
    expected = [event["id"] for event in answer["events"]]
    await expect(page.locator("tr.event-row")).to_have_count(len(expected))
    assert await shown_ids(page) == expected
    total = answer["total"]
    await expect(page.locator(".pager .range")).to_have_text(
        f"1–{min(PER_PAGE, total)} of {total:,}"
    )
    await expect(page.locator(".open-count")).to_have_text(
        f"{answer['unacknowledged_count']:,} open"
    )


async def test_next_shows_the_second_page(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """Next asks for page 2 and shows exactly the API's page 2; Previous goes back."""
    await open_ui(page, "events")
    await expect(page.get_by_role("button", name="Previous")).to_be_disabled()
    await page.get_by_role("button", name="Next").click()
    await expect(page.locator(".pager .range")).to_have_text(re.compile(r"^51–"))
    status, answer = ui.api("GET", f"api/events?page=2&per_page={PER_PAGE}")
    assert status == 200
    assert await shown_ids(page) == [event["id"] for event in answer["events"]]
    assert "page=2" in page.url
    await page.get_by_role("button", name="Previous").click()
    await expect(page.locator(".pager .range")).to_have_text(re.compile(r"^1–"))


@pytest.mark.parametrize("severity", ["critical", "warning", "info"])
async def test_the_severity_filter_shows_only_that_severity(
    page: Page, ui: UiServer, open_ui: OpenUi, severity: str
) -> None:
    """Choosing a severity shows the API's events of that severity and nothing else."""
    await open_ui(page, "events")
    await page.get_by_label("Severity").select_option(severity)
    answer = api_page(ui, f"&severity={severity}")
    expected = [event["id"] for event in answer["events"]]
    assert expected, f"the demo history has no {severity} events"
    await expect(page.locator("tr.event-row")).to_have_count(len(expected))
    await expect(page.locator(f"tr.event-row:not([data-severity={severity}])")).to_have_count(0)
    assert await shown_ids(page) == expected
    assert f"severity={severity}" in page.url
    await expect(page.locator(".pager .range")).to_contain_text(f"of {answer['total']:,}")


async def test_the_type_and_state_filters(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """A type shows only events of that type (named in words); the state filter narrows it."""
    await open_ui(page, "events", "type=cm_target_unreachable")
    await expect(page.get_by_label("Type")).to_have_value("cm_target_unreachable")
    answer = api_page(ui, "&event_type=cm_target_unreachable")
    await expect(page.locator("tr.event-row")).to_have_count(len(answer["events"]))
    await expect(page.locator("tr.event-row:not([data-type=cm_target_unreachable])")).to_have_count(
        0
    )
    await expect(page.locator("tr.event-row td.event-type").first).to_have_text(
        "Target unreachable"
    )
    await page.get_by_label("State").select_option("1")
    acknowledged = api_page(ui, "&event_type=cm_target_unreachable&acknowledged=1")
    await expect(page.locator("tr.event-row")).to_have_count(len(acknowledged["events"]))
    await expect(page.locator("tr.event-row[data-acknowledged='0']")).to_have_count(0)


@pytest.mark.parametrize("ingress", [False, True], ids=["root", "ingress"])
async def test_the_csv_link_exports_the_same_filter(
    page: Page, ui: UiServer, open_ui: OpenUi, ingress: bool
) -> None:
    """The link's URL carries the filters and answers text/csv with the header row."""
    await open_ui(page, "events", "severity=warning", ingress=ingress)
    href = await page.locator("a.csv-link").get_attribute("href")
    assert href
    assert href.startswith(ui.ingress_url if ingress else ui.root_url)
    assert "api/events/export.csv" in href
    assert "severity=warning" in href
    response = await page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/csv")
    text = await response.text()
    assert text.splitlines()[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert {row["severity"] for row in rows} == {"warning"}


async def test_details_open_as_a_readable_list(page: Page, open_ui: OpenUi) -> None:
    """An SNR event's details show labelled values and the affected channels as a table."""
    await open_ui(page, "events", "type=snr_change")
    first = page.locator("tr.event-row").first
    toggle = first.get_by_role("button", name="Details")
    await expect(toggle).to_have_attribute("aria-expanded", "false")
    await toggle.click()
    details = page.locator(f"#event-details-{await first.get_attribute('data-id')}")
    await expect(details).to_be_visible()
    await expect(first.get_by_role("button", name="Hide details")).to_have_attribute(
        "aria-expanded", "true"
    )
    await expect(details.locator("dt").first).to_have_text("Before")
    await expect(details.locator(".details-table th").first).to_have_text("Channel")
    assert await details.locator(".details-table tbody tr").count() >= 1


async def test_a_streamed_event_is_prepended(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """An `event` from the live stream appears on top of the first page, marked new."""
    event = {
        "id": 987654321,
        "timestamp": "2030-01-01T12:00:00Z",
        "severity": "critical",
        "event_type": "cm_target_unreachable",
        "message": "Target 9 unreachable: 5 consecutive timeouts",
        "details": {"target_id": 9, "host": "192.0.2.9"},
        "acknowledged": 0,
    }
    body = f"retry: 600000\nevent: event\ndata: {json.dumps(event)}\n\n"
    held: list[Route] = []

    def hold(route: Route) -> None:
        """Keep the stream request unanswered until the page listens."""
        held.append(route)

    await page.route(re.compile(r"/api/stream$"), hold)
    await open_ui(page, "events")
    assert held, "the shell did not open the live stream"
    await held[0].fulfill(status=200, content_type="text/event-stream", body=body)
    total = api_page(ui)["total"]
    first = page.locator("tr.event-row").first
    await expect(first).to_have_attribute("data-id", str(event["id"]))
    await expect(first).to_contain_text("Target 9 unreachable")
    await expect(first.locator(".fresh-badge")).to_have_text("new")
    await expect(page.locator("tr.event-row")).to_have_count(PER_PAGE)
    await expect(page.locator(".pager .range")).to_contain_text(f"of {total + 1:,}")


async def test_german(page: Page, open_ui: OpenUi) -> None:
    """With lang=de the page speaks German."""
    await open_ui(page, "events", lang="de")
    await expect(page.get_by_role("heading", name="Ereignisse")).to_be_visible()
    await expect(page.get_by_label("Schweregrad")).to_be_visible()
    await expect(page.get_by_label("Art")).to_be_visible()
    await expect(page.get_by_role("columnheader", name="Meldung")).to_be_attached()
    await expect(page.get_by_role("button", name="Weiter")).to_be_visible()
    await expect(page.locator("button.acknowledge").first).to_have_text("Bestätigen")
    await expect(page.locator(".open-count")).to_contain_text("offen")
    await expect(page.locator("a.csv-link")).to_have_text("CSV herunterladen")


async def test_acknowledging_one_event(own_page: Page, own_ui: UiServer) -> None:
    """The API then reports the event acknowledged and one open event fewer."""
    await open_page(own_page, own_ui, "events")
    before = open_count(own_ui)
    row = own_page.locator("tr.event-row[data-acknowledged='0']").first
    event_id = int(await row.get_attribute("data-id") or 0)
    await row.locator("button.acknowledge").click()
    done = own_page.locator(f"tr.event-row[data-id='{event_id}']")
    await expect(done).to_have_attribute("data-acknowledged", "1")
    await expect(done.locator("td.event-state")).to_have_text("Acknowledged")
    await expect(own_page.locator(".open-count")).to_have_text(f"{before - 1:,} open")
    assert open_count(own_ui) == before - 1
    answer = api_page(own_ui)
    assert next(e for e in answer["events"] if e["id"] == event_id)["acknowledged"] == 1


async def test_an_acknowledgement_elsewhere_updates_the_row(
    own_page: Page, own_ui: UiServer
) -> None:
    """An event acknowledged through the API turns acknowledged on the open page (live)."""
    await open_page(own_page, own_ui, "events")
    row = own_page.locator("tr.event-row[data-acknowledged='0']").first
    event_id = int(await row.get_attribute("data-id") or 0)
    status, _ = own_ui.api("POST", f"api/events/{event_id}/acknowledge")
    assert status == 200
    done = own_page.locator(f"tr.event-row[data-id='{event_id}']")
    await expect(done).to_have_attribute("data-acknowledged", "1")


async def test_acknowledge_all_asks_first(own_page: Page, own_ui: UiServer) -> None:
    """Cancel in the dialog changes nothing; confirming leaves no open event."""
    await open_page(own_page, own_ui, "events")
    before = open_count(own_ui)
    assert before > 0
    await own_page.get_by_role("button", name="Acknowledge all…").click()
    dialog = own_page.get_by_role("dialog", name="Acknowledge all events?")
    await expect(dialog).to_be_visible()
    await expect(dialog).to_contain_text(f"All {before:,} open events")
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_have_count(0)
    assert open_count(own_ui) == before
    await own_page.get_by_role("button", name="Acknowledge all…").click()
    await own_page.get_by_role("dialog").get_by_role("button", name="Acknowledge all").click()
    await expect(own_page.locator(".open-count")).to_have_text("0 open")
    await expect(own_page.locator("button.acknowledge")).to_have_count(0)
    assert open_count(own_ui) == 0
