"""What a browser test watches: console errors, failed requests and undocumented routes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from playwright.async_api import ConsoleMessage, Error, Page, Request, Response

INGRESS_PATH = re.compile(r"^/api/hassio_ingress/[^/]+")
# Chrome logs every 4xx/5xx fetch as "Failed to load resource"; those are judged by their
# response (with its URL) in `failed_responses`, so a test can expect one.
NETWORK_NOTE = "Failed to load resource"


def documented_paths(openapi: dict[str, Any]) -> list[re.Pattern[str]]:
    """Return one pattern per path of the OpenAPI document ({name} matches one segment)."""
    patterns = []
    for path in openapi["paths"]:
        pattern = re.sub(r"\\\{path\\\}", ".+", re.escape(path))
        pattern = re.sub(r"\\\{\w+\\\}", "[^/]+", pattern)
        patterns.append(re.compile(f"^{pattern}$"))
    return patterns


def server_path(url: str) -> str:
    """Return the path the add-on sees for a browser URL (the ingress prefix taken off)."""
    path = urlsplit(url).path
    return INGRESS_PATH.sub("", path) or "/"


@dataclass
class PageWatch:
    """Collects what went wrong on one page; `problems()` lists it for the test's teardown."""

    origins: set[str]
    documented: list[re.Pattern[str]]
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    undocumented: list[str] = field(default_factory=list)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    expected_failures: list[tuple[int, str]] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Listen to the page's console, errors, requests and responses."""
        page.on("console", self._console)
        page.on("pageerror", self._page_error)
        page.on("request", self._request)
        page.on("response", self._response)

    def expect_failure(self, status: int, path_part: str) -> None:
        """Allow answers with `status` to requests whose path contains `path_part`."""
        self.expected_failures.append((status, path_part))

    def _ours(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" in self.origins

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith(NETWORK_NOTE):
            self.console_errors.append(message.text)

    def _page_error(self, error: Error) -> None:
        self.page_errors.append(f"{error.name}: {error.message}")

    def _request(self, request: Request) -> None:
        if request.url.startswith("data:") or not self._ours(request.url):
            if not request.url.startswith("data:"):
                self.undocumented.append(f"{request.method} {request.url} (another host)")
            return
        path = server_path(request.url)
        if not any(pattern.match(path) for pattern in self.documented):
            self.undocumented.append(f"{request.method} {path}")

    def _response(self, response: Response) -> None:
        if response.status < 400 or not self._ours(response.url):
            return
        path = server_path(response.url)
        if not any(
            status == response.status and part in path for status, part in self.expected_failures
        ):
            self.failed_responses.append((response.status, f"{response.request.method} {path}"))

    def problems(self) -> list[str]:
        """Return every problem seen, in words."""
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"undocumented request: {text}" for text in self.undocumented]
            + [f"unexpected HTTP {status}: {what}" for status, what in self.failed_responses]
        )
