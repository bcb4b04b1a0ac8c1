"""The LAN devices page: inventory, device settings, forgetting, status history and RTD chart."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.async_api import Page, Route, expect

from .conftest import OpenUi, WatchedPages
from .helpers import expect_failure, serious_violations
from .servers import UiServer

ROWS = "#lan-inventory table.data tbody tr.clickable"


def devices(ui: UiServer, status: str | None = None) -> list[dict[str, Any]]:
    """Return the API's device list (optionally filtered by status)."""
    path = "api/lan/devices" + (f"?status={status}" if status else "")
    code, answer = ui.api("GET", path)
    assert code == 200, answer
    found: list[dict[str, Any]] = answer["devices"]
    return found


def device(ui: UiServer, device_id: int) -> dict[str, Any]:
    """Return one device as the API has it now."""
    code, answer = ui.api("GET", f"api/lan/devices/{device_id}")
    assert code == 200, answer
    return dict(answer)


def with_rtd(ui: UiServer) -> int:
    """Return the id of a device with RTD statistics (the demo gives every device a week)."""
    code, answer = ui.api("GET", "api/lan/rtd")
    assert code == 200, answer
    assert answer["rtd"], answer
    return int(answer["rtd"][0]["device_id"])


def floating(ui: UiServer) -> dict[str, Any]:
    """Return a FLOATING device without a name of the user's (the tests change its settings)."""
    candidates = [d for d in devices(ui) if d["importance"] == "FLOATING"]
    assert candidates
    return candidates[-1]


async def open_device(page: Page, open_ui: OpenUi, device_id: int, lang: str | None = None) -> None:
    """Open the LAN page with a device's details shown (as after a reload)."""
    await open_ui(page, "lan", f"device={device_id}", lang=lang)
    await expect(page.locator("#lan-device")).to_have_attribute("data-device", str(device_id))


async def test_the_inventory_lists_every_device_and_filters_by_status(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """One row per device of the API; the status filter shows as many rows as the API's filter."""
    await open_ui(page, "lan")
    everything = devices(ui)
    assert everything
    await expect(page.locator(ROWS)).to_have_count(len(everything))
    for status in ("DOWN", "ONLINE"):
        await page.locator(f'label[for="lan-status-{status}"]').click()
        wanted = devices(ui, status)
        await expect(page.locator(ROWS)).to_have_count(max(len(wanted), 0))
        if wanted:
            badges = page.locator(f"{ROWS} [data-status]")
            assert set(await badges.evaluate_all("els => els.map(e => e.dataset.status)")) == {
                status
            }
    assert "status=ONLINE" in page.url
    await page.locator('label[for="lan-status-all"]').click()
    await expect(page.locator(ROWS)).to_have_count(len(everything))


async def test_the_inventory_sorts_by_a_column(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """A click on a heading sorts by it; a second click reverses the order."""
    await open_ui(page, "lan")
    macs = sorted(d["hw_address"] for d in devices(ui))
    heading = page.locator("#lan-inventory th button.sort", has_text="MAC address")
    await heading.click()
    await expect(page.locator(f"{ROWS} td:nth-child(4)").first).to_have_text(macs[0])
    await heading.click()
    await expect(page.locator(f"{ROWS} td:nth-child(4)").first).to_have_text(macs[-1])


async def test_enter_on_a_row_opens_the_device_and_a_reload_reopens_it(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Keyboard opens the details; the address keeps the device, so a reload shows it again."""
    await open_ui(page, "lan")
    target = devices(ui)[0]
    row = page.locator(ROWS, has_text=target["hw_address"])
    await row.focus()
    await page.keyboard.press("Enter")
    await expect(page.locator("#lan-device-heading")).to_have_text(target["display_name"])
    assert f"device={target['id']}" in page.url
    await page.reload()
    await page.wait_for_selector('#page[data-ready="lan"]')
    await expect(page.locator("#lan-device-heading")).to_have_text(target["display_name"])
    await page.locator("#lan-device button", has_text="Close details").click()
    await expect(page.locator("#lan-device")).to_have_count(0)
    assert "device=" not in page.url


async def test_renaming_a_device_through_the_form(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """The new name reaches the API, the heading and the inventory row."""
    target = floating(ui)
    before = target["user_data"].get("name")
    new_name = "Browser test laptop"
    try:
        await open_ui(page, "lan")
        await page.locator(ROWS, has_text=target["hw_address"]).click()
        await page.fill('#lan-settings input[name="display_name"]', new_name)
        await page.locator("#lan-settings button[type=submit]").click()
        await expect(page.locator("#lan-settings .notice.ok")).to_have_text("Saved.")
        assert device(ui, target["id"])["display_name"] == new_name
        await expect(page.locator("#lan-device-heading")).to_have_text(new_name)
        await expect(page.locator(ROWS, has_text=target["hw_address"])).to_contain_text(new_name)
    finally:
        code, answer = ui.api("PATCH", f"api/lan/devices/{target['id']}", {"display_name": before})
        assert code == 200, answer
    assert device(ui, target["id"])["display_name"] == target["display_name"]


@pytest.mark.parametrize("grace", ["-5", "1000000000000"])
async def test_a_bad_grace_period_shows_the_servers_error_and_changes_nothing(
    page: Page, ui: UiServer, open_ui: OpenUi, grace: str
) -> None:
    """A 400 names the field: its message stands under it, the typed values stay, no change."""
    target = floating(ui)
    code, answer = ui.api("PATCH", f"api/lan/devices/{target['id']}", {"down_grace_s": int(grace)})
    assert code == 400
    message = answer["error"]
    expect_failure(page, 400, f"/api/lan/devices/{target['id']}")
    await open_device(page, open_ui, target["id"])
    form = page.locator("#lan-settings")
    await form.locator('input[name="display_name"]').fill("Must not be stored")
    await form.locator('select[name="importance"]').select_option("VITAL")
    grace_input = form.locator('input[name="down_grace_s"]')
    await grace_input.fill(grace)
    await form.locator("button[type=submit]").click()
    await expect(form.locator(".field-error:not([hidden])")).to_have_text(message)
    await expect(grace_input).to_have_attribute("aria-invalid", "")
    await expect(grace_input).to_be_focused()
    await expect(grace_input).to_have_value(grace)
    await expect(form.locator('input[name="display_name"]')).to_have_value("Must not be stored")
    await expect(form.locator('select[name="importance"]')).to_have_value("VITAL")
    after = device(ui, target["id"])
    assert after["display_name"] == target["display_name"]
    assert after["importance"] == target["importance"]
    assert after["down_grace_s"] == target["down_grace_s"]


async def test_forgetting_asks_first_and_cancel_keeps_the_device(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Forget opens a modal dialog naming the device; Cancel closes it and deletes nothing."""
    target = floating(ui)
    await open_device(page, open_ui, target["id"])
    await page.locator("#lan-device button", has_text="Forget device").click()
    dialog = page.locator("dialog#lan-forget")
    await expect(dialog).to_be_visible()
    await expect(dialog.locator("h2")).to_have_text(f"Forget {target['display_name']}?")
    await dialog.locator("button", has_text="Cancel").click()
    await expect(dialog).to_be_hidden()
    assert device(ui, target["id"])["id"] == target["id"]


async def test_confirming_forget_sends_delete_and_drops_the_row(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Forget → DELETE of that device; the details close and the row goes (the DELETE is answered
    by the test, so the shared server keeps its demo device)."""
    target = floating(ui)
    total = len(devices(ui))
    deleted: list[str] = []

    async def answer(route: Route) -> None:
        if route.request.method != "DELETE":
            await route.continue_()
            return
        deleted.append(route.request.url)
        await route.fulfill(status=200, content_type="application/json", body='{"ok": true}')

    await page.route(f"**/api/lan/devices/{target['id']}", answer)
    await open_device(page, open_ui, target["id"])
    await page.locator("#lan-device button", has_text="Forget device").click()
    await page.locator("dialog#lan-forget button", has_text="Forget").click()
    await expect(page.locator("#lan-inventory .notice.ok")).to_have_text(
        f"{target['display_name']} was forgotten."
    )
    assert len(deleted) == 1
    assert deleted[0].endswith(f"/api/lan/devices/{target['id']}")
    await expect(page.locator("#lan-device")).to_have_count(0)
    await expect(page.locator(ROWS)).to_have_count(total - 1)
    await expect(page.locator(ROWS, has_text=target["hw_address"])).to_have_count(0)
    assert "device=" not in page.url


def medians(ui: UiServer, device_id: int, start: str, end: str) -> int:
    """Return how many buckets of the API's answer for [start, end] have a median."""
    code, answer = ui.api("GET", f"api/lan/devices/{device_id}/rtd?from={start}&to={end}")
    assert code == 200, answer
    return sum(1 for sample in answer["rtd"] if sample["median"] is not None)


async def test_the_rtd_chart_draws_each_median_of_the_api(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """data-points equals the API's non-null medians for the same window (7 days, then 24 h)."""
    device_id = with_rtd(ui)
    await open_device(page, open_ui, device_id)
    chart = page.locator("#lan-rtd svg.chart-svg")
    await expect(chart).to_have_attribute("data-device", str(device_id))
    body = page.locator("#lan-rtd .lan-rtd-body")
    start, end = await body.get_attribute("data-from"), await body.get_attribute("data-to")
    assert start
    assert end
    assert int(end) - int(start) == 7 * 86400
    assert await chart.get_attribute("data-from") == f"{int(start) * 1000}"
    week = medians(ui, device_id, start, end)
    assert week > 0
    assert await chart.get_attribute("data-points") == str(week)
    await expect(page.locator("#lan-rtd .reference")).to_have_count(1)
    await expect(page.locator("#lan-rtd .legend-item")).to_have_count(2)

    await page.locator('label[for="lan-period-24h"]').click()
    await expect(body).not_to_have_attribute("data-from", start)
    start, end = await body.get_attribute("data-from"), await body.get_attribute("data-to")
    assert start
    assert end
    assert int(end) - int(start) == 86400
    await expect(chart).to_have_attribute("data-from", f"{int(start) * 1000}")
    day = medians(ui, device_id, start, end)
    assert 0 < day < week
    await expect(page.locator("#lan-rtd svg.chart-svg")).to_have_attribute("data-points", str(day))
    assert "period=24h" in page.url


async def test_the_history_lists_the_apis_changes(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """One row per history entry of the API for the shown window, newest first."""
    down = devices(ui, "DOWN")
    target = down[0] if down else devices(ui)[0]
    await open_device(page, open_ui, target["id"])
    body = page.locator("#lan-history .lan-history-body")
    await expect(body.locator("table, p")).to_have_count(1)
    start, end = await body.get_attribute("data-from"), await body.get_attribute("data-to")
    path = f"api/lan/devices/{target['id']}/history?from={start}&to={end}"
    code, answer = ui.api("GET", path)
    assert code == 200, answer
    entries = answer["history"]
    await expect(body.locator("tbody tr")).to_have_count(len(entries) or 1)
    if entries:
        newest = entries[-1]["type"]
        await expect(body.locator("tbody tr").first.locator("[data-type]")).to_have_attribute(
            "data-type", newest
        )


async def test_german(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """?lang=de: the inventory, the details and the glossary links speak German."""
    target = devices(ui)[0]
    await open_device(page, open_ui, target["id"], lang="de")
    await expect(page.locator("#lan-devices-heading")).to_have_text("Geräte in deinem Netzwerk")
    await expect(page.locator('label[for="lan-status-all"]')).to_have_text(
        f"Alle ({len(devices(ui))})"
    )
    await expect(page.locator("#lan-inventory th").first).to_have_text("Name ▲")
    await expect(page.locator("#lan-settings h2")).to_have_text("Einstellungen")
    await expect(page.locator("#lan-history h2")).to_have_text("Statusverlauf")
    await expect(page.locator("#lan-rtd h2 a.term")).to_have_text("Antwortzeit (RTD)")
    await expect(page.locator("#lan-rtd h2 a.term")).to_have_attribute(
        "href", "#/glossary?term=rtd"
    )
    await expect(page.locator("#lan-device .card-header button.danger")).to_have_text(
        "Gerät vergessen"
    )
    await expect(page.locator('#lan-settings a.term[href="#/glossary?term=grace"]')).to_have_text(
        "Karenzzeit (Sekunden)"
    )


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_the_open_device_is_accessible_and_fits_400_px(
    pages: WatchedPages, ui: UiServer, open_ui: OpenUi, dark: bool
) -> None:
    """With a device open: no serious axe findings, no sideways scrolling at 400 px."""
    device_id = with_rtd(ui)
    page = await pages.new(width=400, height=800, dark=dark, bypass_csp=True)
    await open_device(page, open_ui, device_id)
    await expect(page.locator("#lan-rtd svg.chart-svg")).to_be_visible()
    assert await page.evaluate("document.documentElement.scrollWidth") <= 400
    serious = await serious_violations(page)
    assert not serious, "\n".join(serious)
