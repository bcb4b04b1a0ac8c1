"""What browser tests do on a page: open a UI page, take a screenshot, expect an error answer."""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page

from .servers import UiServer

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
READY_TIMEOUT_MS = 20_000


def expect_failure(page: Page, status: int, path_part: str) -> None:
    """Let `page` get `status` from paths containing `path_part` (the test provokes it)."""
    page.watch.expect_failure(status, path_part)  # type: ignore[attr-defined]


async def open_page(
    page: Page,
    server: UiServer,
    slug: str,
    params: str = "",
    *,
    lang: str | None = None,
    ingress: bool = False,
) -> Page:
    """Go to a UI page and wait until it has drawn its first data."""
    base = server.ingress_url if ingress else server.root_url
    query = f"?lang={lang}" if lang else ""
    hash_part = f"#/{slug}" + (f"?{params}" if params else "")
    await page.goto(base + query + hash_part)
    await page.wait_for_selector(f'#page[data-ready="{slug}"]', timeout=READY_TIMEOUT_MS)
    return page


async def shoot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/screenshots/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True, animations="disabled")
    return path


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


async def serious_violations(page: Page, context: str = "document") -> list[str]:
    """Run axe-core (from npm) on `context`; return its serious and critical findings in words.

    The page needs a context made with bypass_csp: the script is injected inline.
    """
    if not await page.evaluate("typeof axe !== 'undefined'"):
        await page.add_script_tag(path=str(AXE))
    result = await page.evaluate(f"axe.run({context}, {{resultTypes: ['violations']}})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
