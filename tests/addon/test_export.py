"""GET /api/export: the markdown report for language models."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from docsight_server.connmon.keys import CONNECTION_MONITOR
from docsight_server.connmon.repository import Sample
from docsight_server.context import ServerContext
from docsight_server.feature import Feature
from docsight_server.features import FEATURES
from docsight_server.outputs import llm_export
from docsight_server.timeutil import now_epoch

from .conftest import ServerFactory
from .harness import RunningServer, wait_for_snapshot

_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?\S?")


async def _export(server: RunningServer, query: str = "") -> str:
    status, body, _ = await server.request("GET", "/api/export" + query)
    assert status == 200, body
    assert set(body) == {"text"}
    return str(body["text"])


def _section(text: str, heading: str) -> str:
    """Return the body of a "## heading" section up to the next level-2 heading."""
    start = text.index(f"## {heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def _table_rows(section: str) -> list[dict[str, str]]:
    """Return the first markdown table of a section as dicts keyed by the header cells."""
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header, _, *body = ([cell.strip() for cell in _CELL_SPLIT.split(line)[1:-1]] for line in lines)
    return [dict(zip(header, cells, strict=True)) for cells in body]


async def _add_event(context: ServerContext, ts: int, message: str) -> None:
    async with context.database.transaction() as connection:
        await context.events.add(
            connection,
            ts,
            [{"severity": "warning", "event_type": "power_change", "message": message}],
        )


async def test_no_data_and_bad_mode(open_server: RunningServer) -> None:
    """Without an analysis the export is 404; an unknown mode is 400 before that."""
    status, body, _ = await open_server.request("GET", "/api/export")
    assert (status, body) == (404, {"error": "No data available"})
    status, body, _ = await open_server.request("GET", "/api/export?mode=update")
    assert status == 404
    for mode in ("bogus", "FULL", ""):
        status, body, _ = await open_server.request("GET", f"/api/export?mode={mode}")
        assert status == 400, mode
        assert body["error"] == "Invalid mode (use full or update)"


async def test_needs_credentials(password_server: RunningServer) -> None:
    """The export is behind the login like every data route."""
    status, _, _ = await password_server.request("GET", "/api/export")
    assert status == 401


async def test_report_holds_live_values(demo_server: RunningServer) -> None:
    """Overview, summary and channel tables show the live analysis; all times are UTC with Z."""
    context = demo_server.context
    status, _, _ = await demo_server.request("POST", "/api/config", json={"isp_name": "Kabel Test"})
    assert status == 200
    analysis = context.state.analysis
    assert analysis is not None
    text = await _export(demo_server)
    assert text == text.strip() + "\n"

    overview = {row["Item"]: row["Value"] for row in _table_rows(_section(text, "Overview"))}
    device = context.state.device_info
    assert overview["Modem"] == f"{device['manufacturer']} {device['model']}"
    assert overview["Firmware"] == device["sw_version"]
    assert overview["Internet provider"] == "Kabel Test"
    assert overview["Connection type"] == "Cable"
    assert overview["Booked download"] == "250 Mbit/s"
    assert overview["Booked upload"] == "40 Mbit/s"
    assert re.fullmatch(r"\d+d \d+h \d+m", overview["Uptime"])
    assert overview["Last reading"].endswith("Z")
    assert overview["Overall health"] == analysis["summary"]["health"]

    summary = analysis["summary"]
    summary_rows = {row["Value"]: row["Current"] for row in _table_rows(_section(text, "Summary"))}
    assert summary_rows["Downstream channels"] == str(summary["ds_total"])
    assert summary_rows["Upstream channels"] == str(summary["us_total"])
    assert summary_rows["Downstream power min / avg / max (dBmV)"] == (
        f"{summary['ds_power_min']} / {summary['ds_power_avg']} / {summary['ds_power_max']}"
    )
    assert summary_rows["Uncorrectable errors (since modem start)"] == str(
        summary["ds_uncorrectable_errors"]
    )

    ds_rows = _table_rows(_section(text, "Downstream channels"))
    assert len(ds_rows) == len(analysis["ds_channels"])
    for row, channel in zip(ds_rows, analysis["ds_channels"], strict=True):
        assert row["ID"] == str(channel["channel_id"])
        assert row["Power (dBmV)"] == str(channel["power"])
        assert row["SNR/MER (dB)"] == str(channel["snr"])
        assert row["Modulation"] == channel["modulation"]
        assert row["Corrected"] == str(channel["correctable_errors"])
        assert row["Uncorrectable"] == str(channel["uncorrectable_errors"])
        assert row["Health"] == channel["health"]
        assert row["Frequency"].endswith("MHz")
    assert {row["Type"] for row in ds_rows} == {"DOCSIS 3.0 SC-QAM", "DOCSIS 3.1 OFDM"}

    us_rows = _table_rows(_section(text, "Upstream channels"))
    assert len(us_rows) == len(analysis["us_channels"])
    for row, channel in zip(us_rows, analysis["us_channels"], strict=True):
        assert row["ID"] == str(channel["channel_id"])
        assert row["Power (dBmV)"] == str(channel["power"])
        assert row["Multiplex"] == channel["multiplex"]
        assert row["Modulation"].startswith(channel["modulation"])
        assert row["Health"] == channel["health"]

    assert "No speed test results are recorded yet." in _section(text, "Speed tests")
    questions = _section(text, "Questions")
    assert "internet provider" in questions
    for match in _DATETIME.finditer(text):
        assert re.fullmatch(r"\S+T\S+Z", match.group()), match.group()


async def test_thresholds_are_listed(demo_server: RunningServer) -> None:
    """Both modes carry the active threshold tables."""
    for query in ("", "?mode=update"):
        limits = _section(await _export(demo_server, query), "Limits used for the assessment")
        assert "docsight.thresholds_vfkd" in limits
        assert "| 256QAM (default) | -4 to 13 | -6 to 15 | -8 to 16 | -8 to 16 |" in limits
        assert "| OFDM channels | -12 to 12 | -15 to 15 | -15 to 15 | -15 to 15 |" in limits
        sc_qam = "| SC-QAM channels (default) | 41.1 to 47.0 | 37.1 to 51.0 | 35.0 to 53.0 |"
        assert sc_qam in limits
        assert "| OFDMA channels | 44.1 to 47.0 |" in limits
        assert "| 256QAM (default) | 33 | 31 | 29 | 29 |" in limits
        assert "| OFDM channels | 27 | 25.5 | 24.5 | 24.5 |" in limits
        assert "| Warning | 1.0% or more |" in limits
        assert "| Critical | 3.0% or more |" in limits
        assert "QAM order 4 (QPSK) or lower is critical, up to 16QAM a warning" in limits


async def test_event_windows(demo_server: RunningServer) -> None:
    """Full mode shows 48 h of events, update mode 6 h; newest first."""
    context = demo_server.context
    now = now_epoch()
    await _add_event(context, now - 2 * 3600, "export probe two hours")
    await _add_event(context, now - 5 * 3600, "export probe five | hours")
    await _add_event(context, now - 12 * 3600, "export probe twelve hours")
    await _add_event(context, now - 50 * 3600, "export probe fifty hours")

    full = _section(await _export(demo_server, "?mode=full"), "Events of the last 48 hours")
    messages = [row["Message"] for row in _table_rows(full) if "export probe" in row["Message"]]
    assert messages == [
        "export probe two hours",
        "export probe five \\| hours",
        "export probe twelve hours",
    ]
    probe = next(row for row in _table_rows(full) if row["Message"] == messages[0])
    assert (probe["Severity"], probe["Type"]) == ("warning", "power_change")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z", probe["Time"])
    times = [row["Time"] for row in _table_rows(full)]
    assert times == sorted(times, reverse=True)

    text = await _export(demo_server, "?mode=update")
    assert "## Events of the last 48 hours" not in text
    update = _section(text, "Events of the last 6 hours")
    messages = [row["Message"] for row in _table_rows(update) if "export probe" in row["Message"]]
    assert messages == ["export probe two hours", "export probe five \\| hours"]


async def test_declared_sections(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> None:
    """A feature's sections appear before the limits; declaring "speedtests" replaces the
    placeholder in its place; a failing section is left out; a server without the feature
    keeps the placeholder."""
    calls: list[str] = []

    async def journal(context: ServerContext, mode: str) -> str | None:
        calls.append(mode)
        return "## Test notes\n\nThe user noted an outage." if mode == "full" else None

    def speedtests(context: ServerContext, mode: str) -> str:
        return "## Speed tests\n\n| Time | Download |\n|---|---|\n| 2026-01-01T00:00:00Z | 1 |"

    def broken(context: ServerContext, mode: str) -> str:
        raise RuntimeError("boom")

    extra = Feature(
        name="test_sections",
        title="Test sections",
        export_sections=(
            ("test_journal", journal),
            ("test_broken", broken),
            ("speedtests", speedtests),
        ),
    )
    data_dir = tmp_path / "demo-data"
    shutil.copytree(seeded_demo_dir, data_dir)
    env = {"DEMO_MODE": "true"}
    async with server_factory(env, data_dir=data_dir, features=(*FEATURES, extra)) as server:
        await wait_for_snapshot(server.context)
        assert list(server.context.registries.export_sections) == [
            "speedtests",
            "connection_monitor",
            "journal",
            "test_journal",
            "test_broken",
        ]
        text = await _export(server)
        assert "The user noted an outage." in text
        assert text.index("## Speed tests") < text.index("## Test notes")
        assert text.index("## Test notes") < text.index("## Limits used for the assessment")
        assert "| 2026-01-01T00:00:00Z | 1 |" in text
        assert "No speed test results" not in text
        update = await _export(server, "?mode=update")
        assert "## Test notes" not in update
        assert calls == ["full", "update"]
    async with server_factory(env, data_dir=data_dir) as server:
        await wait_for_snapshot(server.context)
        text = await _export(server)
    assert "## Test notes" not in text
    assert "No speed test results are recorded yet." in text


def test_health_in_plain_words() -> None:
    """Every summary issue id becomes a sentence; missing values read n/a."""
    summary: dict[str, Any] = {
        "health": "critical",
        "health_issues": [
            "ds_power_critical",
            "us_power_marginal_low",
            "us_power_tolerated_high",
            "snr_tolerated",
            "us_modulation_critical",
            "uncorr_errors_critical",
        ],
        "ds_uncorr_pct": 4.2,
    }
    overview = llm_export.render_overview(summary, {}, None, "", None)
    assert "Overall health is **critical**" in overview
    assert "- Downstream receive power is in the critical range on at least one channel." in (
        overview
    )
    too_low = "- Upstream transmit power is too low on at least one channel: in the warning range."
    assert too_low in overview
    assert "is too high on at least one channel: slightly outside the ideal range" in overview
    assert "- Upstream modulation is in the critical range on at least one channel." in overview
    assert "4.2% of the downstream data blocks could not be repaired" in overview
    assert "the critical limit is 3.0%" in overview
    assert "Issue:" not in overview
    rows = {row["Item"]: row["Value"] for row in _table_rows(overview)}
    assert rows["Modem"] == rows["Last reading"] == rows["Booked download"] == "n/a"
    assert rows["Internet provider"] == "not configured"
    summary_text = llm_export.render_summary({"ds_uncorr_pct": None})
    assert "| Uncorrectable share (%) | n/a |" in summary_text
    assert "The modem reported no channels." in llm_export.render_ds_channels([])


async def test_monitor_section_follows_new_samples(demo_server: RunningServer) -> None:
    """Samples written after a report show in the next one: the statistics over the moving
    window are not kept past a write."""
    monitor = demo_server.context.services[CONNECTION_MONITOR]
    targets = {target["label"]: int(target["id"]) for target in await monitor.store.targets.all()}

    async def router_row() -> dict[str, str]:
        rows = _table_rows(_section(await _export(demo_server), "Connection monitor"))
        return next(row for row in rows if row["Target"] == "Router")

    before = await router_row()
    assert before == await router_row()
    # six timeouts in a row between two answered demo probes an hour ago: one more outage
    hour_ago = now_epoch() // 10 * 10 - 3600
    lost = [Sample(targets["Router"], hour_ago + second, None, "icmp") for second in range(1, 7)]
    await monitor.store.writer.add_samples(lost)
    after = await router_row()
    assert int(after["Probes"]) >= int(before["Probes"]) + len(lost)
    assert int(after["Outages"]) == int(before["Outages"]) + 1


async def test_full_report_lists_the_journal(demo_server: RunningServer) -> None:
    """The full report lists the newest journal entries (the demo's 12); an update does not."""
    status, entries, _ = await demo_server.request("GET", "/api/journal?limit=1000")
    assert status == 200
    section = _section(await _export(demo_server), "Journal")
    listed = [line for line in section.splitlines() if line.startswith("- ")]
    assert len(listed) == len(entries) == 12
    assert listed[0].startswith(f"- {entries[0]['date']}: **{entries[0]['title']}**")
    assert "## Journal" not in await _export(demo_server, "?mode=update")
