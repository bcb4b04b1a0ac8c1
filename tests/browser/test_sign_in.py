"""With an admin password: sign in, every page on an empty installation, sign out; ingress."""

from __future__ import annotations

from playwright.async_api import Page, expect

from .conftest import ADMIN_PASSWORD, WatchedPages
from .helpers import expect_failure, open_page
from .servers import UiServer
from .test_shell import SLUGS


async def sign_in(page: Page, server: UiServer, password: str) -> None:
    """Open the UI, get sent to the sign-in form, and submit `password`."""
    await page.goto(server.root_url)
    await expect(page).to_have_url(server.root_url + "login")
    await page.fill("#password", password)
    await page.click("button[type=submit]")


async def test_the_ui_asks_for_the_password_and_refuses_a_wrong_one(
    password_pages: WatchedPages, password_ui: UiServer
) -> None:
    """A wrong password stays on the form with the reason; nothing of the API answers."""
    page = await password_pages.new()
    expect_failure(page, 401, "/login")
    await sign_in(page, password_ui, "not the password")
    await expect(page.locator(".message")).to_have_text("Wrong password.")
    status, _ = password_ui.api("GET", "api/channels")
    assert status == 401


async def test_signed_in_every_page_works_on_an_empty_installation(
    password_pages: WatchedPages, password_ui: UiServer
) -> None:
    """No modem, no history: every page draws its empty state without an error."""
    page = await password_pages.new()
    await sign_in(page, password_ui, ADMIN_PASSWORD)
    await page.wait_for_selector('#page[data-ready="dashboard"]')
    await expect(page.locator("#logout")).to_be_visible()
    for slug in SLUGS:
        await open_page(page, password_ui, slug)
        await expect(page.locator(f"#page .page-{slug}")).to_be_visible()
        await expect(page.locator("#page .notice.error")).to_have_count(0)


async def test_sign_out_ends_the_session(
    password_pages: WatchedPages, password_ui: UiServer
) -> None:
    """Sign out returns to the form, and the old session no longer opens the UI."""
    page = await password_pages.new()
    await sign_in(page, password_ui, ADMIN_PASSWORD)
    await page.wait_for_selector('#page[data-ready="dashboard"]')
    await page.click("#logout-button")
    await expect(page).to_have_url(password_ui.root_url + "login")
    await page.goto(password_ui.root_url)
    await expect(page).to_have_url(password_ui.root_url + "login")


async def test_under_ingress_home_assistant_has_signed_the_user_in(
    password_pages: WatchedPages, password_ui: UiServer
) -> None:
    """Through the Supervisor's ingress no second sign-in is asked for, password or not."""
    page = await password_pages.new()
    await open_page(page, password_ui, "settings", ingress=True)
    await expect(page.locator("#logout")).to_be_hidden()
    await expect(page).to_have_url(password_ui.ingress_url + "#/settings")


async def test_the_sign_in_form_speaks_german(
    password_pages: WatchedPages, password_ui: UiServer
) -> None:
    """?lang=de (or the saved choice) turns the server's English form and messages German."""
    page = await password_pages.new()
    expect_failure(page, 401, "/login")
    await page.goto(password_ui.root_url + "login?lang=de")
    await expect(page.locator("#password-label")).to_have_text("Admin-Passwort")
    await expect(page.locator("#sign-in")).to_have_text("Anmelden")
    await page.fill("#password", "wrong")
    await page.click("#sign-in")
    await expect(page.locator(".message")).to_have_text("Falsches Passwort.")
