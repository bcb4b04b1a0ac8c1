"""The web UI's files: the index names the pages; assets are served compressed and revalidated."""

from __future__ import annotations

import gzip
import html
import json
import re

from docsight_server.features import FEATURES

from .harness import RunningServer


def page_list(index: str) -> list[dict[str, str]]:
    """Return the page list the index hands the shell."""
    found = re.search(r'data-pages="([^"]*)"', index)
    assert found is not None
    pages: list[dict[str, str]] = json.loads(html.unescape(found.group(1)))
    return pages


async def test_index_lists_every_feature_page_with_end_pages_last(
    open_server: RunningServer,
) -> None:
    """Main pages in feature order, then the "end" ones (settings, glossary)."""
    status, index, _ = await open_server.request("GET", "/")
    assert status == 200
    declared = [page for feature in FEATURES for page in feature.pages]
    expected = [p.slug for p in declared if p.placement == "main"] + [
        p.slug for p in declared if p.placement == "end"
    ]
    assert [page["slug"] for page in page_list(index)] == expected
    assert expected[-2:] == ["settings", "glossary"]


async def test_every_page_folder_has_its_module_and_strings(open_server: RunningServer) -> None:
    """Each declared page serves page.js (with render) and strings.js (with a title)."""
    _, index, _ = await open_server.request("GET", "/")
    for page in page_list(index):
        status, script, _ = await open_server.request(
            "GET", f"/static/pages/{page['slug']}/page.js"
        )
        assert status == 200, page
        assert "export async function render(" in script
        status, strings, _ = await open_server.request(
            "GET", f"/static/pages/{page['slug']}/strings.js"
        )
        assert status == 200
        assert "title:" in strings


async def test_assets_are_gzipped_for_browsers_that_take_it(open_server: RunningServer) -> None:
    """The same bytes, compressed, with Vary so caches keep both."""
    plain_status, plain, plain_response = await open_server.request(
        "GET", "/static/shell/app.js", headers={"Accept-Encoding": "identity"}
    )
    assert plain_status == 200
    assert plain_response.headers.get("Content-Encoding") is None
    async with open_server.session.get(
        open_server.url + "/static/shell/app.js",
        headers={"Accept-Encoding": "gzip"},
        auto_decompress=False,
    ) as response:
        raw = await response.read()
        assert response.headers["Content-Encoding"] == "gzip"
        assert response.headers["Vary"] == "Accept-Encoding"
        assert response.content_type == "text/javascript"
    assert gzip.decompress(raw).decode() == plain
    assert len(raw) < len(plain.encode())


async def test_an_unchanged_asset_is_revalidated_with_304(open_server: RunningServer) -> None:
    """no-cache + ETag: a browser asks again after an upgrade and gets 304 while unchanged."""
    status, _, response = await open_server.request("GET", "/static/shell/style.css")
    assert status == 200
    etag = response.headers["ETag"]
    assert response.headers["Cache-Control"] == "no-cache"
    status, body, _ = await open_server.request(
        "GET", "/static/shell/style.css", headers={"If-None-Match": etag}
    )
    assert (status, body) == (304, "")
    status, _, _ = await open_server.request(
        "GET", "/static/shell/style.css", headers={"If-None-Match": '"other"'}
    )
    assert status == 200


async def test_only_loaded_assets_are_served(open_server: RunningServer) -> None:
    """Paths are looked up among the loaded files: no file system walk, no traversal."""
    for path in (
        "/static/pages/nope/page.js",
        "/static/shell/../__init__.py",
        "/static/pages/settings/../../../app.py",
        "/static/shell/%2e%2e/index.html",
        "/static/__init__.py",
    ):
        status, _, _ = await open_server.request("GET", path)
        assert status == 404, path


async def test_the_gzip_copy_has_its_own_etag(open_server: RunningServer) -> None:
    """A strong validator differs per coding; each copy revalidates with its own ETag only."""
    path = "/static/shell/chart.js"
    _, _, plain = await open_server.request("GET", path, headers={"Accept-Encoding": "identity"})
    _, _, packed = await open_server.request("GET", path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["ETag"] != plain.headers["ETag"]
    status, _, _ = await open_server.request(
        "GET", path, headers={"Accept-Encoding": "gzip", "If-None-Match": plain.headers["ETag"]}
    )
    assert status == 200
    status, _, _ = await open_server.request(
        "GET", path, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert status == 304
    _, _, refused = await open_server.request("GET", path, headers={"Accept-Encoding": "gzip;q=0"})
    assert "Content-Encoding" not in refused.headers
