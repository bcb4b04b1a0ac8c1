"""`python -m docsight_server capture|parse`: files, exit codes and diagnoses."""

from __future__ import annotations

import json
from pathlib import Path

import aiohttp
import pytest

from devtools.modem_sim import run_simulator
from docsight_server.__main__ import main
from docsight_server.drivers import create_driver
from docsight_server.drivers.capture.cli import capture_command, parse_arguments, parse_command
from docsight_server.drivers.capture.fileformat import NAME_PATTERN, load_capture, write_capture
from docsight_server.drivers.capture.runner import capture_poll
from docsight_server.runtime import load_runtime

pytestmark = pytest.mark.usefixtures("socket_enabled")


async def _tc4400_capture(directory: Path) -> tuple[Path, dict[str, object]]:
    async with run_simulator("tc4400") as sim:
        driver = create_driver("tc4400", sim.url, sim.state.user, sim.state.password)
        result = await capture_poll(driver, product_version="test")
    assert result.analysis is not None
    from datetime import UTC, datetime

    return write_capture(result.capture, directory, datetime.now(UTC)), result.analysis


async def _parse(argv: list[str]) -> int:
    return await parse_command(parse_arguments("parse", argv))


async def test_parse_prints_the_channels_of_a_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """parse runs the driver on the file and prints the same channels the live poll read."""
    path, live = await _tc4400_capture(tmp_path)
    assert await _parse([str(path)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["driver"] == "tc4400"
    assert printed["analysis"]["ds_channels"] == live["ds_channels"]
    assert printed["analysis"]["summary"]


async def test_unreadable_page_exits_2_with_the_diagnosis(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page the parser cannot read: exit code 2, the parser's message and the page path."""
    path, _ = await _tc4400_capture(tmp_path)
    document = json.loads(path.read_text())
    for exchange in document["exchanges"]:
        if exchange["path"] == "/cmconnectionstatus.html":
            exchange["body"] = "<html><body>Firmware upgrade in progress</body></html>"
    path.write_text(json.dumps(document))
    assert await _parse([str(path)]) == 2
    err = capsys.readouterr().err
    assert "/cmconnectionstatus.html" in err
    assert "Firmware upgrade in progress" in err


async def test_loose_pages_parse_without_a_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pages saved by hand (--page PATH=FILE) are read by a page-based driver."""
    async with run_simulator("sb6141") as sim, aiohttp.ClientSession() as session:
        pages = []
        for page in ("/cmSignalData.htm", "/cmHelpData.htm"):
            async with session.get(sim.url + page) as response:
                saved = tmp_path / page.strip("/")
                saved.write_text(await response.text())
                pages += ["--page", f"{page}={saved}"]
        expected = sim.simulator.expected()
    assert await _parse(["--driver", "sb6141", *pages]) == 0
    printed = json.loads(capsys.readouterr().out)
    ids = sorted(channel["channel_id"] for channel in printed["analysis"]["ds_channels"])
    assert ids == sorted(channel["channel_id"] for channel in expected["ds"])
    assert printed["device"]["model"] == "SB6141"


HOSTILE_FILES = {
    "not-json": "{this is not json",
    "array": "[1, 2, 3]",
    "foreign": json.dumps({"format": "har", "version": 1}),
    "bad-exchange": json.dumps(
        {
            "format": "docsight-modem-capture",
            "version": 1,
            "driver": "tc4400",
            "exchanges": [{"method": "GET", "path": "no-slash", "status": 200}],
        }
    ),
    "bad-status": json.dumps(
        {
            "format": "docsight-modem-capture",
            "version": 1,
            "driver": "tc4400",
            "exchanges": [{"method": "GET", "path": "/", "status": "200"}],
        }
    ),
    "bad-headers": json.dumps(
        {
            "format": "docsight-modem-capture",
            "version": 1,
            "driver": "tc4400",
            "exchanges": [{"method": "GET", "path": "/", "headers": {"a": 1}}],
        }
    ),
    "deep": "[" * 100_000 + "]" * 100_000,
    "binary": "\x00\xff\xfe garbage",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
async def test_hostile_capture_file_exits_1(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A garbled or foreign file: exit code 1 and a message saying what is wrong."""
    path = tmp_path / "capture.json"
    path.write_text(HOSTILE_FILES[name], encoding="utf-8", errors="surrogateescape")
    assert await _parse([str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Cannot read the capture: ")
    assert "Traceback" not in err


def test_missing_capture_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The command line itself: a file that does not exist is exit code 1, never a traceback."""
    assert main(["parse", str(tmp_path / "absent.json")]) == 1
    assert "does not exist" in capsys.readouterr().err


async def test_capture_command_writes_the_configured_modem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """capture logs in with the configured driver and writes one redacted file."""
    async with run_simulator("cm8200") as sim:
        for name, value in {
            "MODEM_TYPE": "cm8200",
            "MODEM_URL": sim.url,
            "MODEM_USER": sim.state.user,
            "MODEM_PASSWORD": sim.state.password,
        }.items():
            monkeypatch.setenv(name, value)
        code = await capture_command(load_runtime({"DATA_DIR": str(tmp_path)}))
    out = capsys.readouterr().out
    assert code == 0
    written = sorted((tmp_path / "captures").iterdir())
    assert len(written) == 1
    assert NAME_PATTERN.match(written[0].name)
    assert f"Capture written to {written[0]}" in out
    capture = load_capture(written[0])
    assert f"{len(capture.exchanges)} requests recorded; read 18 downstream" in out
    assert sim.state.password not in written[0].read_text()
