"""Browser tests: Playwright (async API) drives Debian's chromium against the real add-on server.

One demo-mode server (a copy of the seeded 270-day demo history) serves every test of the
session, on its API port and through an ingress proxy like Home Assistant's; a second one, with
an admin password and no data, serves the sign-in and empty-state tests.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
import pytest_socket
from playwright.async_api import Browser, BrowserContext, Page, async_playwright

from devtools.chromium import CHROMIUM, CHROMIUM_ARGS

from .helpers import READY_TIMEOUT_MS, open_page, shoot
from .servers import UiServer, ui_server
from .watch import PageWatch, documented_paths

ADMIN_PASSWORD = "browser-Test-pw1"

type OpenUi = Callable[..., Awaitable[Page]]


@pytest.fixture(autouse=True)
def _sockets(socket_enabled: None) -> None:
    """Browser tests talk to their servers on loopback."""


@pytest.fixture(scope="session")
def ui(seeded_demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    """The demo-mode server every browser test shares."""
    data_dir = tmp_path_factory.mktemp("browser-demo") / "data"
    shutil.copytree(seeded_demo_dir, data_dir)
    pytest_socket.enable_socket()
    with ui_server(data_dir, {"DEMO_MODE": "true"}) as server:
        yield server


@pytest.fixture(scope="session")
def password_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    """A server with an admin password and no data (no modem, no demo)."""
    data_dir = tmp_path_factory.mktemp("browser-password") / "data"
    data_dir.mkdir()
    pytest_socket.enable_socket()
    with ui_server(data_dir, {"ADMIN_PASSWORD": ADMIN_PASSWORD}) as server:
        yield server


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    """Debian's chromium, headless, with no calls beyond loopback (one per test: Playwright's
    objects belong to the event loop that made them, and each test has its own loop)."""
    async with async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            await browser.close()


_openapi: dict[int, dict[str, Any]] = {}


def _documented(server: UiServer) -> Any:
    if server.port not in _openapi:
        status, document = server.api("GET", "api/openapi.json", ingress=True)
        assert status == 200, document
        _openapi[server.port] = document
    return documented_paths(_openapi[server.port])


def _origins(*servers: UiServer) -> set[str]:
    origins = set()
    for server in servers:
        origins.add(server.root_url.rstrip("/"))
        origins.add(server.ingress_url.split("/api/hassio_ingress")[0])
    return origins


class WatchedPages:
    """Makes pages (any size and colour scheme) whose problems fail the test at its end."""

    def __init__(self, browser: Browser, server: UiServer) -> None:
        self.browser = browser
        self.server = server
        self.contexts: list[BrowserContext] = []
        self.watches: list[PageWatch] = []

    async def new(
        self, *, width: int = 1400, height: int = 900, dark: bool = False, bypass_csp: bool = False
    ) -> Page:
        """Open a new page in a fresh context (no cookies, no storage)."""
        context = await self.browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme="dark" if dark else "light",
            bypass_csp=bypass_csp,
            locale="en-US",
            timezone_id="Europe/Berlin",
        )
        context.set_default_timeout(READY_TIMEOUT_MS)
        self.contexts.append(context)
        page = await context.new_page()
        watch = PageWatch(_origins(self.server), _documented(self.server))
        watch.attach(page)
        page.watch = watch  # type: ignore[attr-defined]
        self.watches.append(watch)
        return page

    async def close(self) -> list[str]:
        """Close every context; return the problems seen on any page."""
        for context in self.contexts:
            await context.close()
        return [problem for watch in self.watches for problem in watch.problems()]


@asynccontextmanager
async def watched_pages(browser: Browser, server: UiServer) -> AsyncIterator[WatchedPages]:
    """Pages on `server`; at the end, fail on any console error or undocumented request."""
    made = WatchedPages(browser, server)
    yield made
    problems = await made.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
async def pages(browser: Browser, ui: UiServer) -> AsyncIterator[WatchedPages]:
    """Pages on the demo server; the test fails on a console error or undocumented request."""
    async with watched_pages(browser, ui) as made:
        yield made


@pytest.fixture(scope="module")
def own_ui(seeded_demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiServer]:
    """A demo server of the test module's own, for tests whose changes other pages would see
    (acknowledging events, polling)."""
    data_dir = tmp_path_factory.mktemp("browser-own") / "data"
    shutil.copytree(seeded_demo_dir, data_dir)
    pytest_socket.enable_socket()
    with ui_server(data_dir, {"DEMO_MODE": "true"}) as server:
        yield server


@pytest.fixture
async def own_page(browser: Browser, own_ui: UiServer) -> AsyncIterator[Page]:
    """A watched 1400 x 900 page on the module's own server."""
    async with watched_pages(browser, own_ui) as made:
        yield await made.new()


@pytest.fixture
async def password_pages(browser: Browser, password_ui: UiServer) -> AsyncIterator[WatchedPages]:
    """Pages on the server with an admin password, watched like `pages`."""
    async with watched_pages(browser, password_ui) as made:
        yield made


@pytest.fixture
async def page(pages: WatchedPages) -> Page:
    """A 1400 x 900 light page on the demo server, watched like every page of `pages`."""
    return await pages.new()


@pytest.fixture
def open_ui(ui: UiServer) -> OpenUi:
    """await open_ui(page, slug, params="", lang=None, ingress=False) on the demo server."""

    async def opener(
        page: Page, slug: str, params: str = "", lang: str | None = None, ingress: bool = False
    ) -> Page:
        return await open_page(page, ui, slug, params, lang=lang, ingress=ingress)

    return opener


@pytest.fixture(name="shoot")
def shoot_fixture() -> Callable[[Page, str], Awaitable[Path]]:
    """await shoot(page, name): a full-page screenshot in test-artifacts/screenshots/<name>.png."""
    return shoot
