"""The web page offers the capture of the modem's pages and shows the collectors' hints."""

from __future__ import annotations

from .harness import RunningServer


async def test_page_has_the_capture_button_and_its_script(open_server: RunningServer) -> None:
    """The page shows the button; its script posts the capture and links the file."""
    status, page, _ = await open_server.request("GET", "/")
    assert status == 200
    assert 'id="capture">Capture modem pages</button>' in page
    assert 'id="capture-result"' in page
    status, script, _ = await open_server.request("GET", "/static/app.js")
    assert status == 200
    assert 'api("api/modem/capture", { method: "POST" })' in script
    assert "`api/modem/captures/${encodeURIComponent(capture.name)}`" in script
    assert "Capturing…" in script
    assert "c.hint" in script
