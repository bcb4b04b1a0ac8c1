"""The Connection monitor page: targets, charts against the API, traceroute, pinned days, German."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.async_api import Page, expect

from .conftest import OpenUi
from .helpers import expect_failure
from .servers import UiServer

SLUG = "connection-monitor"
API = "api/connection-monitor"
LOOPBACK_LABEL = "Loopback test"
#: How long the new loopback target may take to get its first samples.
PROBE_TIMEOUT_MS = 60_000


def targets(ui: UiServer) -> list[dict[str, Any]]:
    """Return the API's targets."""
    status, listed = ui.api("GET", f"{API}/targets")
    assert status == 200, listed
    return listed


def target_named(ui: UiServer, label: str) -> dict[str, Any] | None:
    """Return the API's target with this label (None when there is none)."""
    return next((target for target in targets(ui) if target["label"] == label), None)


def demo_target(ui: UiServer, label: str = "Cloudflare DNS") -> dict[str, Any]:
    """Return a demo target (seeded with a week of samples and outages)."""
    target = target_named(ui, label)
    assert target is not None
    assert target["is_demo"]
    return target


def row_of(page: Page, label: str) -> Any:
    """Return the targets table's row of a target."""
    return page.locator("#cm-targets tbody tr").filter(
        has=page.locator(".cm-target-label", has_text=label)
    )


async def chart_points(page: Page, chart: str) -> int:
    """Return the points a chart drew (its svg's data-points)."""
    return int(await page.locator(f"#{chart} svg.chart-svg").get_attribute("data-points") or "-1")


@pytest.fixture
def probing(ui: UiServer) -> Iterator[None]:
    """Switch the connection monitor's probing on for the test, then back to what it was."""
    status, config = ui.api("GET", "api/config")
    assert status == 200, config
    before = bool(config["config"]["connection_monitor_enabled"])
    status, saved = ui.api("POST", "api/config", {"connection_monitor_enabled": True})
    assert status == 200, saved
    yield
    ui.api("POST", "api/config", {"connection_monitor_enabled": before})


@pytest.fixture
def loopback(ui: UiServer) -> Iterator[dict[str, Any]]:
    """A target on 127.0.0.2 made through the API (deleted after the test)."""
    status, created = ui.api(
        "POST", f"{API}/targets", {"label": "Loopback fixture", "host": "127.0.0.2"}
    )
    assert status == 201, created
    target = next(item for item in targets(ui) if item["id"] == created["id"])
    yield target
    ui.api("DELETE", f"{API}/targets/{created['id']}")


async def test_the_page_lists_the_api_targets(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """Every target of the API has a row with its host and state; the probe is said in words."""
    await open_ui(page, SLUG)
    listed = targets(ui)
    assert listed
    for target in listed:
        row = row_of(page, target["label"])
        await expect(row).to_have_count(1)
        await expect(row).to_contain_text(target["host"])
        state = "enabled" if target["enabled"] else "disabled"
        await expect(row.locator(f'[data-state="{state}"]')).to_have_count(1)
    await expect(page.locator("#cm-targets .cm-target-label")).to_have_count(len(listed))
    status, capability = ui.api("GET", f"{API}/capability")
    assert status == 200
    words = page.locator(f'.cm-capability[data-method="{capability["method"]}"]')
    await expect(words).to_contain_text("ICMP" if capability["method"] == "icmp" else "TCP")


async def test_create_probe_chart_and_delete_a_loopback_target(
    page: Page, ui: UiServer, open_ui: OpenUi, probing: None
) -> None:
    """A target made in the form is listed, enabled, probed and charted; the dialog deletes it."""
    assert target_named(ui, LOOPBACK_LABEL) is None
    await open_ui(page, SLUG)
    await page.fill("#cm-new-label", LOOPBACK_LABEL)
    await page.fill("#cm-new-host", "127.0.0.1")
    await page.fill("#cm-new-interval", "1000")
    await page.get_by_role("button", name="Add target").click()
    row = row_of(page, LOOPBACK_LABEL)
    await expect(row).to_have_count(1)
    await expect(row.locator('[data-state="enabled"]')).to_have_text("Enabled")
    created = target_named(ui, LOOPBACK_LABEL)
    assert created is not None
    try:
        assert created["enabled"]
        assert created["host"] == "127.0.0.1"
        assert created["poll_interval_ms"] == 1000
        # the new target is the one shown
        await expect(page.locator("#cm-target")).to_have_value(str(created["id"]))
        await expect(row).to_have_class(re.compile(r"\bcm-selected\b"))
        # the server probes every second: the page asks for the target's samples until some
        # have arrived (a wait on the page's own requests, not a sleep of the test's)
        await page.evaluate(
            """(path) => {
                window.loopbackSamples = 0;
                const ask = async () => {
                    const answer = await (await fetch(path)).json();
                    window.loopbackSamples = answer.samples.length;
                    if (!window.loopbackSamples) setTimeout(ask, 500);
                };
                ask();
            }""",
            f"{API}/samples/{created['id']}",
        )
        await page.wait_for_function("() => window.loopbackSamples > 0", timeout=PROBE_TIMEOUT_MS)
        await page.click("#cm-refresh")
        await page.wait_for_function(
            "() => Number(document.querySelector('#cm-latency-chart svg.chart-svg')"
            "?.dataset.points) > 0"
        )
        await expect(page.locator("#cm-stats [data-stat='count'] .value")).not_to_have_text("0")

        await row.get_by_role("button", name=f"Delete {LOOPBACK_LABEL}").click()
        dialog = page.locator("#cm-delete-dialog")
        await expect(dialog).to_be_visible()
        await expect(dialog).to_contain_text(LOOPBACK_LABEL)
        await dialog.get_by_role("button", name="Delete").click()
        await expect(dialog).to_be_hidden()
        await expect(row).to_have_count(0)
        assert target_named(ui, LOOPBACK_LABEL) is None
    finally:
        if target_named(ui, LOOPBACK_LABEL) is not None:
            ui.api("DELETE", f"{API}/targets/{created['id']}")


@pytest.mark.parametrize(
    ("label", "host", "field"),
    [("", "127.0.0.1", "label"), ("Bad host test", "not a host", "host")],
    ids=["empty-label", "host-with-spaces"],
)
async def test_a_bad_value_shows_the_servers_error_next_to_the_field(
    page: Page, ui: UiServer, open_ui: OpenUi, label: str, host: str, field: str
) -> None:
    """The server's 400 message stands under the field it names, and nothing is created."""
    expect_failure(page, 400, f"{API}/targets")
    before = targets(ui)
    status, answer = ui.api(
        "POST", f"{API}/targets", {"label": label, "host": host, "probe_method": "auto"}
    )
    assert status == 400
    await open_ui(page, SLUG)
    await page.fill("#cm-new-label", label)
    await page.fill("#cm-new-host", host)
    await page.get_by_role("button", name="Add target").click()
    error = page.locator(f"#cm-new-{field}-error")
    await expect(error).to_be_visible()
    await expect(error).to_have_text(answer["error"])
    await expect(page.locator(f"#cm-new-{field}")).to_have_attribute("aria-invalid", "")
    assert targets(ui) == before


@pytest.mark.parametrize("range_key", ["1h", "24h", "7d", "30d"])
async def test_chart_points_equal_the_api_samples_for_the_same_query(
    page: Page, ui: UiServer, open_ui: OpenUi, range_key: str
) -> None:
    """The charts draw one point per sample of the API's answer; the resolution is its meta's."""
    target = demo_target(ui)
    async with page.expect_response(lambda response: f"/{API}/samples/" in response.url) as info:
        await open_ui(page, SLUG, f"target={target['id']}&range={range_key}")
    response = await info.value
    query = {name: values[0] for name, values in parse_qs(urlsplit(response.url).query).items()}
    assert urlsplit(response.url).path.endswith(f"/samples/{target['id']}")
    latency = page.locator("#cm-latency-chart")
    assert query["start"] == await latency.get_attribute("data-start")
    assert query["end"] == await latency.get_attribute("data-end")
    assert (
        int(query["end"]) - int(query["start"])
        == {"1h": 3600, "24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400}[range_key]
    )
    answer = await response.json()
    samples = answer["samples"]
    assert samples
    with_latency = [s for s in samples if s["latency_ms"] is not None]
    with_loss = [s for s in samples if s["packet_loss_pct"] is not None]
    assert await chart_points(page, "cm-latency-chart") == len(with_latency)
    assert await chart_points(page, "cm-loss-chart") == len(with_loss)
    resolution = page.locator("#cm-resolution")
    await expect(resolution).to_have_attribute("data-resolution", answer["meta"]["resolution"])
    await expect(resolution).to_contain_text(f"{len(samples):,} points")
    # the same query asked directly picks the same resolution
    path = urlsplit(response.url).path.split(f"/{API}/", 1)[1]
    status, again = ui.api("GET", f"{API}/{path}?{urlsplit(response.url).query}")
    assert status == 200
    assert again["meta"]["resolution"] == answer["meta"]["resolution"]
    # outages: a table row and a marker each
    status, outages = ui.api(
        "GET", f"{API}/outages/{target['id']}?start={query['start']}&end={query['end']}"
    )
    assert status == 200
    await expect(page.locator("#cm-latency-chart line.marker.critical")).to_have_count(len(outages))
    rows = page.locator("#cm-outages tbody tr.clickable")
    await expect(rows).to_have_count(len(outages))


async def test_outages_and_resolution_change_with_the_range(
    page: Page, ui: UiServer, open_ui: OpenUi
) -> None:
    """A week shows the seeded outages (start, end, duration); a click zooms the charts."""
    target = demo_target(ui)
    await open_ui(page, SLUG, f"target={target['id']}&range=1h")
    await expect(page.locator("#cm-resolution")).to_have_attribute("data-resolution", "raw")
    async with page.expect_response(lambda response: f"/{API}/samples/" in response.url) as info:
        await page.locator("label[for='cm-range-7d']").click()
    meta = (await (await info.value).json())["meta"]
    await expect(page.locator("#cm-resolution")).to_have_attribute(
        "data-resolution", meta["resolution"]
    )
    if meta["mixed"]:
        await expect(page.locator("#cm-resolution")).to_contain_text("stitched from")
    assert "range=7d" in page.url
    first = page.locator("#cm-outages tbody tr.clickable").first
    await expect(first).to_be_visible()
    cells = first.locator("td")
    await expect(cells).to_have_count(4)
    await expect(cells.nth(2)).to_contain_text("min")
    svg = page.locator("#cm-latency-chart svg.chart-svg")
    before = await svg.get_attribute("data-from")
    await first.click()
    await expect(page.locator("#cm-latency-chart figure.chart")).to_have_attribute(
        "data-zoomed", "true"
    )
    assert await svg.get_attribute("data-from") != before


async def test_traceroute_to_a_loopback_target_shows_hops(
    page: Page, ui: UiServer, open_ui: OpenUi, loopback: dict[str, Any]
) -> None:
    """Run traceroute: progress while it runs, then the hops (or the server's reason it cannot)."""
    expect_failure(page, 503, f"{API}/traceroute/")
    await open_ui(page, SLUG, f"target={loopback['id']}&range=1h")
    run = page.locator("#cm-trace-run")
    await expect(run).to_be_enabled()
    async with page.expect_response(
        lambda r: f"/{API}/traceroute/{loopback['id']}" in r.url
    ) as info:
        await run.click()
    response = await info.value
    if response.status == 503:  # no raw ICMP socket on this machine: the reason is shown
        await expect(page.locator("#cm-trace-message")).to_contain_text(
            (await response.json())["error"]
        )
        return
    assert response.status == 200
    trace = await response.json()
    await expect(page.locator("#cm-trace-progress")).to_be_hidden()
    hops = page.locator("#cm-hops tbody tr")
    await expect(hops).to_have_count(len(trace["hops"]))
    assert trace["hops"]
    await expect(page.locator("#cm-hops")).to_contain_text(trace["hops"][-1]["hop_ip"] or "")
    stored = page.locator("#cm-traces tbody tr.clickable")
    await expect(stored).to_have_count(1)
    status, listed = ui.api("GET", f"{API}/traces/{loopback['id']}")
    assert status == 200
    assert [item["id"] for item in listed] == [trace["id"]]
    await stored.first.click()
    await expect(page.locator("#cm-hops-title")).to_contain_text("Stored route")
    await expect(hops).to_have_count(len(trace["hops"]))


async def test_edit_and_disable_a_target(
    page: Page, ui: UiServer, open_ui: OpenUi, loopback: dict[str, Any]
) -> None:
    """The edit dialog saves a change; Disable and Enable switch the target (checked in the API)."""
    await open_ui(page, SLUG, f"target={loopback['id']}")
    row = row_of(page, loopback["label"])
    await row.get_by_role("button", name=f"Edit {loopback['label']}").click()
    await page.fill("#cm-edit-interval", "7000")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#cm-edit-form")).to_be_hidden()
    await expect(row).to_contain_text("7 s")
    assert target_named(ui, loopback["label"])["poll_interval_ms"] == 7000  # type: ignore[index]
    await row.get_by_role("button", name=f"Disable {loopback['label']}").click()
    await expect(row.locator('[data-state="disabled"]')).to_have_count(1)
    assert target_named(ui, loopback["label"])["enabled"] is False  # type: ignore[index]
    await row.get_by_role("button", name=f"Enable {loopback['label']}").click()
    await expect(row.locator('[data-state="enabled"]')).to_have_count(1)
    assert target_named(ui, loopback["label"])["enabled"] is True  # type: ignore[index]


async def test_pin_and_unpin_a_day(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """A day pinned in the form is listed and in the API; a future day shows the server's error."""
    expect_failure(page, 400, f"{API}/pinned-days")
    day = (date.today() - timedelta(days=3)).isoformat()
    await open_ui(page, SLUG)
    await page.fill("#cm-pin-date", (date.today() + timedelta(days=2)).isoformat())
    await page.get_by_role("button", name="Pin day").click()
    await expect(page.locator("#cm-pin-date-error")).to_have_text("Future dates cannot be pinned")
    await page.fill("#cm-pin-date", day)
    await page.fill("#cm-pin-label", "Browser test")
    await page.get_by_role("button", name="Pin day").click()
    row = page.locator("#cm-pins tbody tr").filter(has_text="Browser test")
    await expect(row).to_have_count(1)
    await expect(page.locator("#cm-pin-date-error")).to_be_hidden()
    status, pinned = ui.api("GET", f"{API}/pinned-days")
    assert status == 200
    assert day in [item["date"] for item in pinned]
    await row.get_by_role("button").click()
    await expect(row).to_have_count(0)
    status, pinned = ui.api("GET", f"{API}/pinned-days")
    assert day not in [item["date"] for item in pinned]


async def test_export_links_download_the_range(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """The CSV and ping-log links name the target and the shown range; the server serves them."""
    target = demo_target(ui)
    await open_ui(page, SLUG, f"target={target['id']}&range=1h")
    latency = page.locator("#cm-latency-chart")
    start, end = await latency.get_attribute("data-start"), await latency.get_attribute("data-end")
    await page.select_option("#cm-export-resolution", "1min")
    for link, fmt, resolution in (
        ("#cm-export-csv", "csv", "1min"),
        ("#cm-export-pinglog", "pinglog", "raw"),
    ):
        href = await page.locator(link).get_attribute("href") or ""
        parts = urlsplit(href)
        assert parts.path.endswith(f"/{API}/export/{target['id']}")
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        assert query == {"format": fmt, "resolution": resolution, "start": start, "end": end}
        status, body = ui.api("GET", f"{API}/export/{target['id']}?{parts.query}")
        assert status == 200
        assert isinstance(body, str)
        assert body.strip()


async def test_german_strings_with_lang_de(page: Page, ui: UiServer, open_ui: OpenUi) -> None:
    """?lang=de: headings, form, range picker and states in German."""
    target = demo_target(ui)
    await open_ui(page, SLUG, f"target={target['id']}", lang="de")
    headings = page.locator("#page h2")
    for text in ("Ziele", "Messwerte", "Traceroute", "Angeheftete Tage"):
        await expect(headings.filter(has_text=text)).to_have_count(1)
    await expect(page.get_by_role("button", name="Ziel hinzufügen")).to_be_visible()
    await expect(page.locator("label[for='cm-range-7d']")).to_have_text("7 Tage")
    await expect(row_of(page, target["label"]).locator('[data-state="enabled"]')).to_have_text(
        "Aktiv"
    )
    await expect(page.locator("#cm-resolution")).to_contain_text("Auflösung:")
    await expect(page.locator("#cm-trace-run")).to_have_text("Traceroute starten")
    await expect(page.locator("#cm-traceroute")).to_contain_text(
        "Demo-Ziele werden nicht verfolgt."
    )
