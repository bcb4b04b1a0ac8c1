"""The Settings page: the grouped settings form, saving and refusals, read-only keys, the modem
tools, collectors and API tokens."""

from __future__ import annotations

import json
import re
import secrets
import time
from typing import Any

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi, WatchedPages
from .helpers import expect_failure, open_page, serious_violations
from .servers import UiServer

MASK = "\u2022" * 8


def config(ui: UiServer) -> dict[str, Any]:
    """Return the GET /api/config answer."""
    code, answer = ui.api("GET", "api/config")
    assert code == 200, answer
    return dict(answer)


def tokens(ui: UiServer) -> list[dict[str, Any]]:
    """Return the API's token list."""
    code, answer = ui.api("GET", "api/tokens")
    assert code == 200, answer
    return list(answer["tokens"])


def setting(page: Page, key: str) -> Any:
    """Return the input of a settings key."""
    return page.locator(f"#set-{key}")


async def test_every_setting_is_a_field_of_its_type_in_a_group(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """One input per key of the API with its value, edited as the API's `fields` describe it:
    checkboxes for booleans, numbers within the server's limits, empty password fields for
    secrets, text no longer than the server takes; readable labels."""
    await open_ui(page, "settings")
    answer = config(ui)
    for key, value in answer["config"].items():
        spec = answer["fields"][key]
        field = setting(page, key)
        await expect(field).to_have_count(1)
        kind = await field.evaluate("e => e.type")
        if spec["type"] == "boolean":
            assert kind == "checkbox", key
            assert await field.is_checked() == value, key
        elif spec["type"] in ("integer", "number"):
            assert kind == "number", key
            assert float(await field.input_value()) == float(value), key
            assert float(await field.get_attribute("min") or "nan") == spec["minimum"], key
            assert float(await field.get_attribute("max") or "nan") == spec["maximum"], key
            step = "any" if spec["type"] == "number" else "1"
            assert await field.get_attribute("step") == step, key
        elif spec["secret"]:
            assert kind == "password", key
            assert await field.input_value() == "", key
        else:
            assert await field.input_value() == str(value), key
            if kind in ("text", "url", "textarea"):
                assert await field.get_attribute("maxlength") == str(spec["max_length"]), key
    await expect(page.locator("label[for='set-mqtt_port']")).to_have_text("Broker port")
    await expect(setting(page, "mqtt_port")).to_have_attribute("max", "65535")
    await expect(setting(page, "poll_interval")).to_have_attribute("min", "60")
    await expect(page.locator("#group-mqtt h2")).to_have_text("MQTT")
    await expect(page.locator("#group-lan #set-lan_probe_interval_s")).to_have_count(1)
    await expect(page.locator("#group-modem #set-modem_type")).to_have_count(1)


async def test_saving_posts_only_the_changed_keys(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Two edits are saved (the API has them); a stored secret left alone is not sent."""
    kept = {key: config(ui)["config"][key] for key in ("mqtt_topic_prefix", "backup_retention")}
    code, stored = ui.api("POST", "api/config", {"mqtt_password": "kept-secret"})
    assert code == 200, stored
    try:
        await open_ui(page, "settings")
        await expect(setting(page, "mqtt_password")).to_have_attribute(
            "placeholder", "Stored; type to replace it"
        )
        prefix = f"docsight-{secrets.token_hex(3)}"
        retention = 5 if config(ui)["config"]["backup_retention"] != 5 else 6
        await setting(page, "mqtt_topic_prefix").fill(prefix)
        await setting(page, "backup_retention").fill(str(retention))
        await expect(page.locator("#settings-pending")).to_have_text("2 unsaved changes")
        async with page.expect_request(
            lambda request: request.method == "POST" and request.url.endswith("/api/config")
        ) as posted:
            await page.locator("#settings-save").click()
        assert json.loads((await posted.value).post_data or "{}") == {
            "mqtt_topic_prefix": prefix,
            "backup_retention": retention,
        }
        await expect(page.locator("#settings-status")).to_have_text("Saved.")
        await expect(page.locator("#settings-save")).to_be_disabled()
        saved = config(ui)["config"]
        assert saved["mqtt_topic_prefix"] == prefix
        assert saved["backup_retention"] == retention
        assert saved["mqtt_password"] == MASK  # still stored
        await expect(setting(page, "mqtt_topic_prefix")).to_have_value(prefix)
    finally:  # the shared server gets its values back
        ui.api("POST", "api/config", {**kept, "mqtt_password": ""})


async def test_a_refused_value_shows_the_servers_error_at_its_field(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """A port beyond its limits: the server's message is under the port, the other edit stays
    in the form, and nothing is saved."""
    before = config(ui)["config"]
    await open_ui(page, "settings")
    expect_failure(page, 400, "/api/config")
    await setting(page, "mqtt_discovery_prefix").fill("kept-in-form")
    await setting(page, "mqtt_port").fill("70000")
    await page.locator("#settings-save").click()
    error = page.locator("#set-mqtt_port-error")
    await expect(error).to_have_text("mqtt_port must be between 1 and 65535")
    await expect(setting(page, "mqtt_port")).to_have_attribute("aria-invalid", "")
    await expect(page.locator("#settings-status")).to_contain_text("Not saved")
    await expect(setting(page, "mqtt_discovery_prefix")).to_have_value("kept-in-form")
    await expect(setting(page, "mqtt_port")).to_have_value("70000")
    after = config(ui)["config"]
    assert after["mqtt_port"] == before["mqtt_port"]
    assert after["mqtt_discovery_prefix"] == before["mqtt_discovery_prefix"]
    # Typing in the field clears its error.
    await setting(page, "mqtt_port").fill("1883")
    await expect(error).to_be_hidden()


async def test_keys_fixed_by_options_or_environment_are_read_only(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Every key the API reports as locked is disabled, with the reason under it."""
    locked = config(ui)["locked"]
    assert locked, "the demo server sets DEMO_MODE, which locks demo_mode"
    await open_ui(page, "settings")
    for key, source in locked.items():
        await expect(setting(page, key)).to_be_disabled()
        hint = page.locator(f"#set-{key}-hint")
        if source == "environment":
            await expect(hint).to_contain_text(key.upper())
        else:
            await expect(hint).to_contain_text("add-on option")
    await expect(setting(page, "mqtt_topic_prefix")).to_be_enabled()


async def test_an_api_token_is_shown_once_listed_and_revoked(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Create: the value appears once (Copy puts it on the clipboard); the list has it;
    Revoke asks first, then the API says revoked."""
    await page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    name = f"browser-{secrets.token_hex(3)}"
    await open_ui(page, "settings")
    await page.locator("#token-name").fill(name)
    await page.locator("#token-create").click()
    value = page.locator("#token-value")
    await expect(value).to_have_value(re.compile(r"^dsk_"))
    await expect(page.locator("#token-new")).to_contain_text(name)
    token = await value.input_value()
    assert token.startswith("dsk_")
    assert len(token) > 20
    await page.locator("#token-copy").click()
    await expect(page.locator("#token-new")).to_contain_text("Copied.")
    assert await page.evaluate("navigator.clipboard.readText()") == token
    created = next(t for t in tokens(ui) if t["name"] == name)
    assert token.startswith(created["token_prefix"])
    row = page.locator("#tokens tbody tr", has_text=name)
    await expect(row).to_contain_text("active")

    # Shown once: a reload lists the token but never shows its value again.
    await page.reload()
    await page.wait_for_selector('#page[data-ready="settings"]')
    await expect(row).to_contain_text(created["token_prefix"])
    assert token not in await page.content()

    await row.get_by_role("button", name=f"Revoke the token “{name}”").click()
    dialog = page.get_by_role("dialog", name="Revoke token?")
    await expect(dialog).to_contain_text(name)
    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_have_count(0)
    assert next(t for t in tokens(ui) if t["name"] == name)["revoked"] == 0
    await row.get_by_role("button", name=f"Revoke the token “{name}”").click()
    await dialog.get_by_role("button", name="Revoke", exact=True).click()
    await expect(row).to_contain_text("revoked")
    await expect(page.locator("#tokens-result")).to_contain_text(name)
    assert next(t for t in tokens(ui) if t["name"] == name)["revoked"] == 1


async def test_test_modem_shows_the_drivers_answer(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """A FRITZ!Box test against the demo server's address fails on its login page: the page
    shows the driver's message, the page it read and the hint; the generic driver succeeds."""
    await open_ui(page, "settings")
    address = ui.root_url.rstrip("/")
    body = {"modem_type": "fritzbox", "modem_url": address, "modem_user": "", "modem_password": ""}
    code, answer = ui.api("POST", "api/test-modem", body)
    assert code == 200, answer
    assert answer["success"] is False, answer
    await setting(page, "modem_type").select_option("fritzbox")
    await setting(page, "modem_url").fill(address)
    await page.locator("#modem-test").click()
    result = page.locator("#modem-result")
    await expect(result).to_contain_text(answer["error"])
    await expect(result).to_contain_text(answer["page"])
    await expect(result).to_contain_text(answer["hint"])

    await setting(page, "modem_type").select_option("generic")
    await setting(page, "modem_url").fill(address)
    await page.locator("#modem-test").click()
    code, answer = ui.api("POST", "api/test-modem", {**body, "modem_type": "generic"})
    assert answer["success"] is True, answer
    await expect(result).to_contain_text(f"Connected. The modem says: {answer['model']}")
    # Nothing was saved by testing.
    assert config(ui)["config"]["modem_url"] != address


async def test_modem_type_comes_from_the_drivers_and_detect_reports(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """The select offers every driver by name; choosing one shows its default address and
    fills it in; Detect asks the server and says when no modem answers."""
    code, answer = ui.api("GET", "api/drivers")
    assert code == 200, answer
    await open_ui(page, "settings")
    options = setting(page, "modem_type").locator("option")
    await expect(options).to_have_count(answer["count"])
    tc4400 = next(d for d in answer["drivers"] if d["key"] == "tc4400")
    await setting(page, "modem_url").fill(
        next(d for d in answer["drivers"] if d["key"] == "fritzbox")["default_url"]
    )
    await setting(page, "modem_type").select_option("fritzbox")
    await setting(page, "modem_type").select_option("tc4400")
    await expect(setting(page, "modem_url")).to_have_value(tc4400["default_url"])
    await expect(page.locator("#set-modem_type-hint")).to_contain_text(tc4400["default_url"])
    address = ui.root_url.rstrip("/")
    await setting(page, "modem_url").fill(address)
    await page.locator("#modem-detect").click()
    await expect(page.locator("#modem-result")).to_contain_text(
        f"No supported modem answered at {address}"
    )


async def test_capture_modem_pages_offers_the_file(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """Capturing with the generic driver writes a file; its download link works."""
    await open_ui(page, "settings")
    await setting(page, "modem_type").select_option("generic")
    await setting(page, "modem_url").fill(ui.root_url.rstrip("/"))
    await page.locator("#modem-capture").click()
    link = page.locator("#capture-download")
    await expect(link).to_be_visible()
    name = await link.get_attribute("download")
    assert name
    assert name.startswith("capture-generic-")
    href = await link.get_attribute("href")
    assert href
    assert href.endswith(f"api/modem/captures/{name}")
    code, capture = ui.api("GET", f"api/modem/captures/{name}")
    assert code == 200, capture
    assert capture["format"] == "docsight-modem-capture", capture


async def test_collectors_are_listed_and_poll_now_answers(own_page: Page, own_ui: UiServer) -> None:
    """One row per collector of the API; Poll now polls (on a server of this module's own, so
    no other test's poll gets in the way) and says so."""
    code, collectors = own_ui.api("GET", "api/collectors/status")
    assert code == 200, collectors
    await open_page(own_page, own_ui, "settings")
    rows = own_page.locator("#collectors tbody tr")
    await expect(rows).to_have_count(len(collectors))
    for collector in collectors:
        await expect(own_page.locator("#collectors tbody")).to_contain_text(collector["name"])
    before = time.time()
    await own_page.locator("#poll-now").click()
    result = own_page.locator("#poll-result .notice.ok")
    await expect(result).to_have_text("Polled: the new values are on the dashboard.")
    code, collectors = own_ui.api("GET", "api/collectors/status")
    primary = next(c for c in collectors if c["primary"])
    assert primary["last_poll"] >= before - 1, primary


async def test_german(page: Page, open_ui: OpenUi) -> None:
    """lang=de: group titles, labels, buttons and notices in German."""
    await open_ui(page, "settings", lang="de")
    await expect(page.locator("#group-polling h2")).to_have_text("Abfrage und Verlauf")
    await expect(page.locator("#group-lan h2")).to_have_text("LAN-Überwachung")
    await expect(page.locator("label[for='set-modem_type']")).to_have_text("Modemtyp")
    await expect(page.locator("#settings-save")).to_have_text("Speichern")
    await expect(page.locator("#modem-test")).to_have_text("Modem testen")
    await expect(page.locator("#poll-now")).to_have_text("Jetzt abfragen")
    await expect(page.locator("#set-demo_mode-hint")).to_contain_text("Umgebungsvariable DEMO_MODE")
    await expect(page.locator("#page")).to_contain_text("Es ist kein Admin-Passwort gesetzt")
    await setting(page, "mqtt_topic_prefix").fill("x")
    await expect(page.locator("#settings-pending")).to_have_text("1 ungespeicherte Änderung")


async def test_without_a_password_the_page_says_where_to_set_one(
    page: Page, open_ui: OpenUi
) -> None:
    """The demo server has no admin password: the page points to the add-on options."""
    await open_ui(page, "settings")
    await expect(page.locator(".settings-notices")).to_contain_text(
        "admin_password in the add-on options"
    )


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
async def test_the_page_in_use_stays_accessible(
    pages: WatchedPages, ui: UiServer, open_ui: OpenUi, dark: bool
) -> None:
    """axe-core finds nothing serious with a field error, a modem answer, a new token and the
    revoke dialog on screen."""
    page = await open_ui(await pages.new(dark=dark, bypass_csp=True), "settings")
    expect_failure(page, 400, "/api/config")
    await setting(page, "mqtt_port").fill("0")
    await page.locator("#settings-save").click()
    await expect(page.locator("#set-mqtt_port-error")).to_be_visible()
    await setting(page, "modem_type").select_option("fritzbox")
    await setting(page, "modem_url").fill(ui.root_url.rstrip("/"))
    await page.locator("#modem-test").click()
    await expect(page.locator("#modem-result .notice")).to_be_visible()
    await page.locator("#token-name").fill(f"axe-{secrets.token_hex(3)}")
    await page.locator("#token-create").click()
    await expect(page.locator("#token-value")).to_be_visible()
    for state in ("form", "dialog"):
        if state == "dialog":
            await page.locator("#tokens button.danger").first.click()
            await expect(page.locator("dialog.confirm-dialog")).to_be_visible()
        serious = await serious_violations(page)
        assert not serious, f"{state}: " + "\n".join(serious)
    await page.get_by_role("button", name="Cancel").click()
