"""The Journal page: the list, an entry's life (create, edit, attachment, search, delete), the
server's errors at their fields, several entries at once, exports and the import wizard."""

from __future__ import annotations

import io
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from PIL import Image
from playwright.async_api import Page, expect

from .conftest import OpenUi, WatchedPages
from .helpers import expect_failure, serious_violations
from .servers import UiServer

ROWS = "#journal-list table.data tbody tr:has(input.journal-select)"


def entries(ui: UiServer, **query: Any) -> list[dict[str, Any]]:
    """Return the API's entries for a query (newest date first)."""
    code, answer = ui.api("GET", "api/journal?" + urlencode({"limit": 100, **query}))
    assert code == 200, answer
    return list(answer)


def incidents(ui: UiServer) -> list[dict[str, Any]]:
    """Return the API's incidents."""
    code, answer = ui.api("GET", "api/incidents")
    assert code == 200, answer
    return list(answer)


def create_entry(ui: UiServer, title: str, date: str = "2026-11-20", **extra: Any) -> int:
    """Create an entry through the API; return its id."""
    code, answer = ui.api("POST", "api/journal", {"date": date, "title": title, **extra})
    assert code == 201, answer
    return int(answer["id"])


def delete_entries(ui: UiServer, ids: list[int]) -> None:
    """Delete entries a test made (those still there)."""
    if ids:
        code, answer = ui.api("DELETE", "api/journal/batch", {"ids": ids})
        assert code == 200, answer


def unique(word: str) -> str:
    """A title no other test uses."""
    return f"{word} {secrets.token_hex(4)}"


def png_file(tmp_path: Path) -> Path:
    """A small PNG made here (a screenshot stand-in)."""
    path = tmp_path / "screenshot.png"
    buffer = io.BytesIO()
    Image.new("RGB", (24, 16), (3, 169, 244)).save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


async def test_the_list_shows_the_apis_entries_with_their_incidents(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """One row per entry of the API's first page, in its order, with the incident's name."""
    await open_ui(page, "journal")
    listed = entries(ui, limit=50)
    assert listed
    await expect(page.locator(ROWS)).to_have_count(len(listed))
    await expect(page.locator(f"{ROWS} .journal-open").first).to_have_text(listed[0]["title"])
    names = {incident["id"]: incident["name"] for incident in incidents(ui)}
    assigned = next(entry for entry in listed if entry["incident_id"])
    row = page.locator(ROWS, has=page.locator(f'.journal-open[data-id="{assigned["id"]}"]'))
    await expect(row.locator("td").nth(3)).to_have_text(names[assigned["incident_id"]])


async def test_the_incident_filter_shows_what_the_api_filters(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Unassigned and one incident: as many rows as the API's filter; the address keeps it."""
    await open_ui(page, "journal")
    await page.select_option("#journal-incident", "0")
    await expect(page.locator(ROWS)).to_have_count(len(entries(ui, incident_id=0)))
    incident = incidents(ui)[0]
    await page.select_option("#journal-incident", str(incident["id"]))
    await expect(page.locator(ROWS)).to_have_count(len(entries(ui, incident_id=incident["id"])))
    assert f"incident={incident['id']}" in page.url
    csv_link = page.locator("#journal-export-csv")
    await expect(csv_link).to_have_attribute("href", re.compile(rf"incident_id={incident['id']}$"))


async def create_through_the_form(page: Page, ui: UiServer, title: str, incident_id: int) -> int:
    """Fill and save the new-entry form; check the API stored it; return its id."""
    await page.locator("#journal-new").click()
    await page.fill("#entry-date", "2026-11-21")
    await page.fill("#entry-title", title)
    await page.fill("#entry-description", "Dropped twice during a video call.")
    await page.select_option("#entry-incident", str(incident_id))
    await page.locator("#entry-save").click()
    await expect(page.locator("#journal-entry .notice.ok")).to_have_text("Saved.")
    found = entries(ui, search=title)
    assert len(found) == 1
    assert found[0]["date"] == "2026-11-21"
    assert found[0]["incident_id"] == incident_id
    assert f"entry={found[0]['id']}" in page.url
    return int(found[0]["id"])


async def attach_a_png(page: Page, ui: UiServer, entry_id: int, tmp_path: Path) -> None:
    """Upload a PNG to the open entry; check the list, the API, the download and the count."""
    await page.set_input_files("#attachment-file", str(png_file(tmp_path)))
    await page.locator("#attachment-upload").click()
    link = page.locator("#journal-attachments a.attachment-link")
    await expect(link).to_have_text("screenshot.png")
    code, stored = ui.api("GET", f"api/journal/{entry_id}")
    assert code == 200
    assert [item["filename"] for item in stored["attachments"]] == ["screenshot.png"]
    href = await link.get_attribute("href")
    assert href
    response = await page.request.get(href)
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert (await response.body()).startswith(b"\x89PNG")
    row = page.locator(ROWS, has=page.locator(f'.journal-open[data-id="{entry_id}"]'))
    await expect(row.locator("td.journal-attachment-count .count")).to_have_text("1")


async def test_an_entry_is_created_edited_attached_found_and_deleted(
    page: Page, ui: UiServer, open_ui: OpenUi, tmp_path: Path
) -> None:
    """The whole life of an entry through the page, checked against the API at each step."""
    title = unique("Browser entry")
    try:
        await open_ui(page, "journal")
        entry_id = await create_through_the_form(page, ui, title, incidents(ui)[0]["id"])

        edited = f"{title} (edited)"
        await page.fill("#entry-title", edited)
        await page.locator("#entry-save").click()
        await expect(page.locator("#entry-heading")).to_have_text(f"Edit “{edited}”")
        code, stored = ui.api("GET", f"api/journal/{entry_id}")
        assert code == 200
        assert stored["title"] == edited

        await attach_a_png(page, ui, entry_id, tmp_path)

        await page.fill("#journal-search", title.split()[-1])
        await expect(page.locator(ROWS)).to_have_count(1)
        await expect(page.locator(f"{ROWS} .journal-open")).to_have_text(edited)

        await page.locator("#entry-delete").click()
        dialog = page.locator("dialog.confirm-dialog")
        await expect(dialog.locator("h2")).to_have_text(f"Delete “{edited}”?")
        await dialog.locator("button.confirm").click()
        await expect(page.locator("#journal-list .notice.ok")).to_have_text(
            f"“{edited}” was deleted."
        )
        await expect(page.locator(ROWS)).to_have_count(0)
        code, _ = ui.api("GET", f"api/journal/{entry_id}")
        assert code == 404
        assert "entry=" not in page.url
    finally:
        delete_entries(ui, [entry["id"] for entry in entries(ui, search=title)])


@pytest.mark.parametrize(
    ("field", "value"),
    [("#entry-title", "x" * 201), ("#entry-date", "")],
    ids=["title-too-long", "no-date"],
)
async def test_a_bad_field_shows_the_servers_error_there_and_stores_nothing(
    page: Page, ui: UiServer, open_ui: OpenUi, field: str, value: str
) -> None:
    """The 400 message stands under the field it names; the typed values stay."""
    title = unique("Must not be stored")
    body = {"date": "2026-11-22", "title": title, "description": "", "icon": None}
    body["title" if field == "#entry-title" else "date"] = value
    code, answer = ui.api("POST", "api/journal", body)
    assert code == 400
    expect_failure(page, 400, "/api/journal")
    await open_ui(page, "journal")
    await page.locator("#journal-new").click()
    await page.fill("#entry-date", "2026-11-22")
    await page.fill("#entry-title", title)
    await page.fill(field, value)
    await page.locator("#entry-save").click()
    await expect(page.locator(f"{field}-error")).to_have_text(answer["error"])
    await expect(page.locator(field)).to_have_attribute("aria-invalid", "")
    await expect(page.locator(field)).to_have_value(value)
    assert not entries(ui, search=title)


async def test_an_attachment_of_a_refused_type_shows_the_servers_message(
    page: Page, ui: UiServer, open_ui: OpenUi, tmp_path: Path
) -> None:
    """Bytes that are no image, PDF or text: the 400 message at the file field, nothing stored."""
    entry_id = create_entry(ui, unique("Attachment refused"))
    try:
        fake = tmp_path / "photo.png"
        fake.write_bytes(bytes(range(256)) * 4)
        expect_failure(page, 400, f"/api/journal/{entry_id}/attachments")
        await open_ui(page, "journal", f"entry={entry_id}")
        await page.set_input_files("#attachment-file", str(fake))
        await page.locator("#attachment-upload").click()
        await expect(page.locator("#attachment-file-error")).to_contain_text("Unsupported file")
        code, stored = ui.api("GET", f"api/journal/{entry_id}")
        assert code == 200
        assert stored["attachments"] == []
    finally:
        delete_entries(ui, [entry_id])


async def test_several_entries_are_assigned_unassigned_and_deleted_at_once(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Select all (of a search) → assign, remove from incident, delete after confirming."""
    word = secrets.token_hex(4)
    made = [create_entry(ui, f"Batch {word} {n}") for n in range(2)]
    incident = incidents(ui)[-1]
    try:
        await open_ui(page, "journal", f"q={word}")
        await expect(page.locator(ROWS)).to_have_count(2)
        await page.locator("#journal-select-all").check()
        await expect(page.locator(".journal-selected")).to_have_text("2 selected")
        await page.select_option("#journal-batch-incident", str(incident["id"]))
        await page.locator("#journal-batch-assign").click()
        await expect(page.locator("#journal-list .notice.ok")).to_have_text(
            f"2 entries assigned to “{incident['name']}”."
        )
        assert {entry["incident_id"] for entry in entries(ui, search=word)} == {incident["id"]}

        await page.locator("#journal-select-all").check()
        await page.locator("#journal-batch-unassign").click()
        await expect(page.locator("#journal-list .notice.ok")).to_have_text(
            "2 entries taken out of their incident."
        )
        assert {entry["incident_id"] for entry in entries(ui, search=word)} == {None}

        await page.locator(f'input.journal-select[data-id="{made[0]}"]').check()
        await page.locator("#journal-batch-delete").click()
        dialog = page.locator("dialog.confirm-dialog")
        await expect(dialog.locator("h2")).to_have_text("Delete 1 entry?")
        await dialog.locator("button", has_text="Cancel").click()
        assert len(entries(ui, search=word)) == 2
        await page.locator("#journal-batch-delete").click()
        await dialog.locator("button.confirm").click()
        await expect(page.locator("#journal-list .notice.ok")).to_have_text("1 entry deleted.")
        await expect(page.locator(ROWS)).to_have_count(1)
        assert [entry["id"] for entry in entries(ui, search=word)] == [made[1]]
    finally:
        delete_entries(ui, [entry["id"] for entry in entries(ui, search=word)])


async def test_the_exports_download_the_journal(page: Page, open_ui: OpenUi) -> None:
    """CSV (with its BOM and upstream's columns), JSON and Markdown links answer 200."""
    await open_ui(page, "journal")
    href = await page.locator("#journal-export-csv").get_attribute("href")
    assert href
    response = await page.request.get(href)
    assert response.status == 200
    text = (await response.body()).decode("utf-8")
    assert text.startswith("\ufeffID,Date,Title,Description,Icon,Incident ID,Attachments")
    for kind in ("json", "md"):
        href = await page.locator(f"#journal-export-{kind}").get_attribute("href")
        assert href
        assert (await page.request.get(href)).status == 200


async def test_the_import_wizard_imports_new_rows_and_skips_duplicates(
    page: Page, ui: UiServer, open_ui: OpenUi, tmp_path: Path
) -> None:
    """A CSV with a new row, a duplicate and a row without a date: the preview shows the
    mapping and marks each; confirming imports only the new row."""
    word = secrets.token_hex(4)
    existing = f"Already noted {word}"
    create_entry(ui, existing, date="2026-11-03")
    fresh = f"Imported outage {word}"
    csv = tmp_path / "tagebuch.csv"
    csv.write_text(
        "Datum;Titel;Beschreibung\n"
        f"04.11.2026;{fresh};Kein Internet ab 19 Uhr\n"
        f"03.11.2026;{existing};schon da\n"
        f";Ohne Datum {word};fehlt\n",
        encoding="utf-8",
    )
    try:
        await open_ui(page, "journal")
        await page.locator("#journal-import-open").click()
        await page.set_input_files("#import-file", str(csv))
        await page.locator("#import-preview").click()
        mapping = page.locator("#import-mapping")
        await expect(mapping.locator('[data-role="date"] dd')).to_have_text("A (Datum)")
        await expect(mapping.locator('[data-role="title"] dd')).to_have_text("B (Titel)")
        await expect(mapping.locator('[data-role="description"] dd')).to_have_text(
            "C (Beschreibung)"
        )
        await expect(page.locator("#import-counts")).to_have_text(
            "3 rows: 1 new, 1 already in the journal, 1 skipped."
        )
        rows = page.locator(".journal-import-table tbody tr")
        await expect(rows).to_have_count(3)
        await expect(rows.nth(1).locator("[data-state]")).to_have_attribute(
            "data-state", "duplicate"
        )
        await expect(rows.nth(2).locator("[data-state]")).to_have_attribute("data-state", "skipped")
        await expect(rows.nth(2)).to_contain_text("no date")
        await page.locator("#import-confirm").click()
        await expect(page.locator(".journal-import-result .notice.ok")).to_have_text(
            "1 imported, 1 duplicates skipped."
        )
        imported = entries(ui, search=word)
        assert sorted(entry["title"] for entry in imported) == sorted([existing, fresh])
        assert next(e for e in imported if e["title"] == fresh)["date"] == "2026-11-04"
        await expect(page.locator(f"{ROWS} .journal-open", has_text=fresh)).to_have_count(1)
    finally:
        delete_entries(ui, [entry["id"] for entry in entries(ui, search=word)])


async def test_an_open_entry_survives_a_reload(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """The address names the open entry; a reload shows it again; Close forgets it."""
    entry = entries(ui, limit=1)[0]
    await open_ui(page, "journal")
    await page.locator(f'.journal-open[data-id="{entry["id"]}"]').click()
    await expect(page.locator("#journal-entry")).to_have_attribute("data-entry", str(entry["id"]))
    await page.reload()
    await page.wait_for_selector('#page[data-ready="journal"]')
    await expect(page.locator("#entry-title")).to_have_value(entry["title"])
    await page.locator("#entry-close").click()
    await expect(page.locator("#journal-entry")).to_have_count(0)
    assert "entry=" not in page.url


async def test_german(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """?lang=de: headings, buttons, columns and the editor speak German."""
    await open_ui(page, "journal", lang="de")
    await expect(page.locator("#journal-heading")).to_have_text("Tagebuch")
    await expect(page.locator("#journal-new")).to_have_text("Neuer Eintrag")
    await expect(page.locator("#journal-list th").nth(1)).to_have_text("Datum")
    await expect(page.locator("#journal-batch-unassign")).to_have_text("Aus Vorfall entfernen")
    await expect(page.locator("#journal-export-csv")).to_have_text("CSV")
    await page.locator("#journal-new").click()
    await expect(page.locator("#entry-heading")).to_have_text("Neuer Eintrag")
    await expect(page.locator("#entry-save")).to_have_text("Anlegen")
    await expect(page.locator('label[for="entry-incident"]')).to_have_text("Vorfall")
    await page.locator("#journal-import-open").click()
    await expect(page.locator("#import-heading")).to_have_text("Einträge importieren")


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_the_editor_and_the_import_are_accessible_at_360_px(
    pages: WatchedPages, ui: UiServer, open_ui: OpenUi, dark: bool
) -> None:
    """With an entry open and then the import form: no serious axe finding, no sideways scroll."""
    entry = entries(ui, limit=1)[0]
    page = await pages.new(width=360, height=800, dark=dark, bypass_csp=True)
    await open_ui(page, "journal", f"entry={entry['id']}")
    await expect(page.locator("#journal-entry-attachments")).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not await serious_violations(page)
    await page.locator("#journal-import-open").click()
    await expect(page.locator("#import-file")).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360
    serious = await serious_violations(page)
    assert not serious, "\n".join(serious)
