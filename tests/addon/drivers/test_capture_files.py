"""Capture files: exclusive creation, modes, pruning, and the size limits of a recording."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from devtools.modem_sim import run_simulator
from docsight_server.drivers import create_driver, driver_class
from docsight_server.drivers.capture.fileformat import (
    KEEP_CAPTURES,
    MAX_FILE_BYTES,
    Capture,
    Exchange,
    Outcome,
    capture_name,
    load_capture,
    write_capture,
)
from docsight_server.drivers.capture.recorder import Recorder
from docsight_server.drivers.capture.runner import capture_poll

pytestmark = pytest.mark.usefixtures("socket_enabled")

MOMENT = dt.datetime(2026, 5, 1, 12, 0, 0, tzinfo=dt.UTC)


def _capture(body: str = "<html>ok</html>") -> Capture:
    return Capture("tc4400", [Exchange("GET", "/cmswinfo.html", body=body)], Outcome(ok=True))


def test_a_link_at_the_name_is_not_followed(tmp_path: Path) -> None:
    """A dangling symlink planted at the capture's name is not written through."""
    directory = tmp_path / "captures"
    directory.mkdir()
    planted = tmp_path / "elsewhere.json"
    (directory / capture_name("tc4400", MOMENT)).symlink_to(planted)
    written = write_capture(_capture(), directory, MOMENT)
    assert not planted.exists()
    assert written.name == capture_name("tc4400", MOMENT).replace(".json", "-1.json")
    assert not written.is_symlink()
    assert load_capture(written).driver == "tc4400"


def test_file_is_private_and_the_folder_too(tmp_path: Path) -> None:
    """The folder is created 0700 and the file 0600 (it may hold what redaction missed)."""
    directory = tmp_path / "data" / "captures"
    written = write_capture(_capture(), directory, MOMENT)
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(written.stat().st_mode) == 0o600


def test_same_second_captures_get_their_own_names(tmp_path: Path) -> None:
    """Two captures in the same second: neither overwrites the other."""
    first = write_capture(_capture("first"), tmp_path, MOMENT)
    second = write_capture(_capture("second"), tmp_path, MOMENT)
    assert first != second
    assert load_capture(first).exchanges[0].body == "first"
    assert load_capture(second).exchanges[0].body == "second"


def test_only_the_newest_captures_are_kept(tmp_path: Path) -> None:
    """After a write, the newest KEEP_CAPTURES captures stay; other files are left alone."""
    old = [MOMENT - dt.timedelta(days=day) for day in range(1, KEEP_CAPTURES + 3)]
    for moment in old:
        write_capture(_capture(), tmp_path, moment, keep=1000)
    (tmp_path / "notes.txt").write_text("mine")
    written = write_capture(_capture(), tmp_path, MOMENT)
    names = sorted(path.name for path in tmp_path.glob("capture-*.json"))
    assert len(names) == KEEP_CAPTURES
    assert written.name in names
    expected_gone = {capture_name("tc4400", moment) for moment in old[-3:]}
    assert expected_gone.isdisjoint(names)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_oversized_capture_is_cut_to_a_readable_file(tmp_path: Path) -> None:
    """A body that JSON escaping blows past the file limit is cut and marked; parse reads it."""
    body = "\x01" * (6 * 1024 * 1024)  # 6 MB that escape to 36 MB
    written = write_capture(_capture(body), tmp_path, MOMENT)
    assert written.stat().st_size <= MAX_FILE_BYTES
    exchange = load_capture(written).exchanges[0]
    assert exchange.truncated is True
    assert 0 < len(exchange.body) < len(body)


async def test_recorder_limits_bodies_and_exchanges(tmp_path: Path) -> None:
    """Long bodies are cut (marked), requests past the count are dropped; the notes say so."""
    recorder = Recorder(max_exchanges=2, max_body_chars=100)
    async with run_simulator("tc4400") as sim:
        driver = create_driver("tc4400", sim.url, sim.state.user, sim.state.password)
        result = await capture_poll(driver, product_version="test", recorder=recorder)
    capture = result.capture
    assert len(capture.exchanges) == 2
    assert recorder.dropped >= 1
    assert all(len(exchange.body) <= 100 for exchange in capture.exchanges)
    assert any(exchange.truncated for exchange in capture.exchanges)
    assert any("cut at 100 characters" in note for note in capture.notes)
    assert any("only the first 2 requests" in note for note in capture.notes)
    document = json.loads(write_capture(capture, tmp_path, MOMENT).read_text())
    assert any(exchange["truncated"] for exchange in document["exchanges"])


async def test_a_logout_that_hangs_does_not_hold_the_capture() -> None:
    """Closing the session is given a short time; the capture is returned with a note."""
    base = driver_class("tc4400")
    assert base is not None
    release = asyncio.Event()

    class HangingClose(base):  # type: ignore[misc,valid-type]
        async def close(self) -> None:
            await release.wait()

    async with run_simulator("tc4400") as sim:
        driver = HangingClose(sim.url, sim.state.user, sim.state.password)
        try:
            result = await capture_poll(driver, product_version="test", close_limit=0.01)
        finally:
            await base.close(driver)
    assert result.capture.outcome.ok
    assert any("cut short" in note for note in result.capture.notes)
