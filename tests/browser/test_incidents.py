"""The Incidents page: the list and its status filter, an incident's life (create, assign an
entry, timeline, PDF, edit, delete), the server's errors at their fields, the demo incident's
timeline and evidence checklist."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi, WatchedPages
from .helpers import expect_failure, serious_violations
from .servers import UiServer

ROWS = "#incidents-list table.data tbody tr.clickable"


def incidents(ui: UiServer, status: str | None = None) -> list[dict[str, Any]]:
    """Return the API's incidents (optionally of one status)."""
    code, answer = ui.api("GET", "api/incidents" + (f"?status={status}" if status else ""))
    assert code == 200, answer
    return list(answer)


def incident(ui: UiServer, incident_id: int) -> dict[str, Any]:
    """Return one incident as the API has it now."""
    code, answer = ui.api("GET", f"api/incidents/{incident_id}")
    assert code == 200, answer
    return dict(answer)


def entry(ui: UiServer, entry_id: int) -> dict[str, Any]:
    """Return one journal entry as the API has it now."""
    code, answer = ui.api("GET", f"api/journal/{entry_id}")
    assert code == 200, answer
    return dict(answer)


def timeline(ui: UiServer, incident_id: int) -> dict[str, Any]:
    """Return the API's timeline answer of an incident."""
    code, answer = ui.api("GET", f"api/incidents/{incident_id}/timeline")
    assert code == 200, answer
    return dict(answer)


def with_entries(ui: UiServer) -> dict[str, Any]:
    """Return the demo's open incident (it has a start date and entries)."""
    found = [item for item in incidents(ui, "open") if item["entry_count"] and item["start_date"]]
    assert found
    return found[0]


async def open_incident(
    page: Page, open_ui: OpenUi, incident_id: int, lang: str | None = None
) -> None:
    """Open the page with an incident's details shown (as after a reload)."""
    await open_ui(page, "incidents", f"incident={incident_id}", lang=lang)
    await expect(page.locator("#incident-detail")).to_have_attribute(
        "data-incident", str(incident_id)
    )


async def test_the_list_and_its_status_filter_show_what_the_api_has(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """All incidents, then each status: as many rows as the API's filter; the address keeps it."""
    await open_ui(page, "incidents")
    await expect(page.locator(ROWS)).to_have_count(len(incidents(ui)))
    for status in ("open", "resolved", "escalated"):
        await page.locator(f'label[for="incidents-status-{status}"]').click()
        wanted = incidents(ui, status)
        await expect(page.locator(ROWS)).to_have_count(len(wanted))
        badges = page.locator(f"{ROWS} [data-status]")
        assert set(await badges.evaluate_all("els => els.map(e => e.dataset.status)")) <= {status}
    assert "status=escalated" in page.url


async def create_through_the_form(page: Page, ui: UiServer, name: str) -> int:
    """Fill and save the new-incident form; check the API and the opened details; return its id."""
    await page.locator("#incident-create").click()
    await page.fill("#incident-new-name", name)
    await page.fill("#incident-new-description", "Evenings without internet.")
    await page.fill("#incident-new-start", "2026-11-17")
    await page.fill("#incident-new-end", "2026-11-19")
    await page.locator("#incident-new-save").click()
    await expect(page.locator("#incident-heading")).to_have_text(name)
    found = [item for item in incidents(ui) if item["name"] == name]
    assert len(found) == 1
    assert found[0]["start_date"] == "2026-11-17"
    assert found[0]["end_date"] == "2026-11-19"
    assert found[0]["status"] == "open"
    assert f"incident={found[0]['id']}" in page.url
    await expect(page.locator(ROWS, has_text=name)).to_have_count(1)
    return int(found[0]["id"])


async def assert_the_pdf_answers(page: Page) -> None:
    """The incident's PDF link (in the UI's language) answers a PDF."""
    href = await page.locator("#incident-pdf").get_attribute("href")
    assert href
    assert parse_qs(urlsplit(href).query)["lang"] == ["en"]
    response = await page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert (await response.body()).startswith(b"%PDF")


async def test_an_incident_is_created_given_an_entry_reported_and_deleted(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Create → assign an entry → the timeline shows it → the PDF answers → delete keeps it."""
    name = f"Browser incident {secrets.token_hex(4)}"
    code, made = ui.api("POST", "api/journal", {"date": "2026-11-18", "title": f"{name} entry"})
    assert code == 201, made
    entry_id = int(made["id"])
    try:
        await open_ui(page, "incidents")
        incident_id = await create_through_the_form(page, ui, name)

        await page.locator("#incident-picker summary").click()
        await page.locator(f"#pick-{entry_id}").check()
        await page.locator("#incident-assign").click()
        assigned = page.locator(f'#incident-entries-list li[data-id="{entry_id}"]')
        await expect(assigned).to_be_visible()
        assert entry(ui, entry_id)["incident_id"] == incident_id
        journal_items = page.locator('#incident-timeline-list [data-kind="journal"]')
        await expect(journal_items).to_have_count(1)
        await expect(journal_items).to_contain_text(f"{name} entry")
        await expect(page.locator("#incident-timeline svg.chart-svg line.marker")).to_have_count(1)

        await assert_the_pdf_answers(page)

        await page.locator("#incident-delete").click()
        dialog = page.locator("dialog.confirm-dialog")
        await expect(dialog).to_contain_text("its journal entry is kept")
        await dialog.locator("button.confirm").click()
        await expect(page.locator("#incidents-list .notice.ok")).to_have_text(
            f"“{name}” was deleted; its entries are kept."
        )
        await expect(page.locator("#incident-detail")).to_have_count(0)
        assert not [item for item in incidents(ui) if item["name"] == name]
        assert entry(ui, entry_id)["incident_id"] is None
    finally:
        for item in incidents(ui):
            if item["name"] == name:
                ui.api("DELETE", f"api/incidents/{item['id']}")
        ui.api("DELETE", f"api/journal/{entry_id}")


async def test_editing_changes_the_status_and_a_bad_field_shows_the_servers_error(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """An end before the start: the 400 under "End date"; then resolving it is saved."""
    name = f"Browser edit {secrets.token_hex(4)}"
    code, made = ui.api("POST", "api/incidents", {"name": name, "start_date": "2026-11-10"})
    assert code == 201, made
    incident_id = int(made["id"])
    body = {"name": name, "start_date": "2026-11-10", "end_date": "2026-11-01"}
    code, refused = ui.api("PUT", f"api/incidents/{incident_id}", body)
    assert code == 400
    expect_failure(page, 400, f"/api/incidents/{incident_id}")
    try:
        await open_incident(page, open_ui, incident_id)
        await page.locator("#incident-edit-open").click()
        await page.fill("#incident-edit-end", "2026-11-01")
        await page.locator("#incident-edit-save").click()
        await expect(page.locator("#incident-edit-end-error")).to_have_text(refused["error"])
        assert incident(ui, incident_id)["end_date"] is None

        await page.fill("#incident-edit-end", "2026-11-12")
        await page.select_option("#incident-edit-status", "resolved")
        await page.locator("#incident-edit-save").click()
        await expect(page.locator("#incident-detail .incident-facts [data-status]")).to_have_text(
            "resolved"
        )
        stored = incident(ui, incident_id)
        assert stored["status"] == "resolved"
        assert stored["end_date"] == "2026-11-12"
    finally:
        ui.api("DELETE", f"api/incidents/{incident_id}")


async def test_the_demo_incidents_timeline_and_checklist_are_the_apis(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """The timeline lists each entry with a marker; the checklist has the API's items."""
    target = with_entries(ui)
    answer = timeline(ui, target["id"])
    await open_incident(page, open_ui, target["id"])
    await expect(page.locator("#incident-entries-list li[data-id]")).to_have_count(
        len(answer["entries"])
    )
    await expect(page.locator('#incident-timeline-list [data-kind="journal"]')).to_have_count(
        len(answer["entries"])
    )
    await expect(page.locator("#incident-timeline svg.chart-svg line.marker")).to_have_count(
        len(answer["entries"])
    )
    assert any(row["source"] == "modem" for row in answer["timeline"])
    await expect(page.locator('#incident-timeline-list [data-kind="health"]').first).to_be_visible()
    code, checklist = ui.api("GET", f"api/evidence/checklist?incident_id={target['id']}")
    assert code == 200, checklist
    items = page.locator("#incident-evidence .evidence-item")
    await expect(items).to_have_count(len(checklist["items"]))
    for index, item in enumerate(checklist["items"]):
        await expect(items.nth(index)).to_have_attribute("data-status", item["status"])


async def test_the_open_incident_survives_a_reload(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """A row opens the incident; the address keeps it; Close forgets it."""
    target = incidents(ui)[-1]
    await open_ui(page, "incidents")
    await page.locator(ROWS, has_text=target["name"]).click()
    await expect(page.locator("#incident-heading")).to_have_text(target["name"])
    await page.reload()
    await page.wait_for_selector('#page[data-ready="incidents"]')
    await expect(page.locator("#incident-heading")).to_have_text(target["name"])
    await page.locator("#incident-close").click()
    await expect(page.locator("#incident-detail")).to_have_count(0)
    assert "incident=" not in page.url


async def test_german(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """?lang=de: list, details, timeline and the PDF's language are German."""
    target = with_entries(ui)
    await open_incident(page, open_ui, target["id"], lang="de")
    await expect(page.locator("#incidents-heading")).to_have_text("Vorfälle")
    await expect(page.locator('label[for="incidents-status-resolved"]')).to_have_text("Gelöst")
    await expect(page.locator("#incident-pdf")).to_have_text("Vorfall als PDF herunterladen")
    await expect(page.locator("#incident-timeline h2")).to_have_text("Zeitleiste")
    await expect(page.locator("#incident-evidence h2")).to_have_text("Checkliste der Nachweise")
    await expect(page.locator("#incident-detail [data-status]")).to_have_text("offen")
    href = await page.locator("#incident-pdf").get_attribute("href")
    assert href
    assert parse_qs(urlsplit(href).query)["lang"] == ["de"]


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_an_open_incident_is_accessible_and_fits_360_px(
    pages: WatchedPages, ui: UiServer, open_ui: OpenUi, dark: bool
) -> None:
    """With the demo incident open: no serious axe finding, no sideways scrolling."""
    target = with_entries(ui)
    page = await pages.new(width=360, height=800, dark=dark, bypass_csp=True)
    await open_incident(page, open_ui, target["id"])
    await expect(page.locator("#incident-timeline svg.chart-svg")).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    serious = await serious_violations(page)
    assert not serious, "\n".join(serious)
