"""Screenshots of every page at 1400 and 400 px, light and dark, as test artifacts."""

from __future__ import annotations

import pytest
from PIL import Image

from .conftest import OpenUi, WatchedPages
from .helpers import shoot
from .test_shell import SLUGS

SIZES = ((1400, 900), (400, 800))


@pytest.mark.parametrize("slug", SLUGS)
async def test_screenshots_of_every_page(pages: WatchedPages, open_ui: OpenUi, slug: str) -> None:
    """Each page drawn four ways; the files are what a person looks at before a release."""
    for width, height in SIZES:
        for dark in (False, True):
            page = await open_ui(await pages.new(width=width, height=height, dark=dark), slug)
            await page.evaluate("document.fonts.ready")
            scheme = "dark" if dark else "light"
            path = await shoot(page, f"{slug}-{width}-{scheme}")
            with Image.open(path) as image:
                assert image.width == width
                assert image.height >= height
