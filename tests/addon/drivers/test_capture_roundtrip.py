"""Capture -> redact -> parse -> replay for every driver against its simulator."""

from __future__ import annotations

import json

import pytest

from devtools.modem_sim import all_simulators, run_simulator
from devtools.modem_sim.replay import run_replay
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import create_driver, driver_class
from docsight_server.drivers.capture.fileformat import capture_from_json
from docsight_server.drivers.capture.recorder import Recorder
from docsight_server.drivers.capture.runner import NO_HTTP_NOTE, capture_poll, replay_poll
from docsight_server.drivers.registry import all_drivers

from .capture_secrets import issued_secrets, served_identifiers
from .contract import assert_reading_matches, read_modem

SIMULATORS = all_simulators()
#: Every family's first variant, and the variants whose login or pages differ most.
CASES = [(key, SIMULATORS[key].variants[0]) for key in sorted(SIMULATORS)] + [
    ("cm3000", "form"),
    ("sercom_dm1000", "plain"),
    ("surfboard", "html"),
    ("surfboard", "sb8200"),
    ("vodafone_station", "tg"),
]
#: Families whose simulated pages show a MAC, a serial number or a WAN address.
SHOWS_IDENTIFIERS = frozenset(
    (
        "cgm4981",
        "ch7465",
        "ch7465_play",
        "cm8200",
        "f3896lg",
        "hitron_coda_4680",
        "sb6141",
        "sb6183",
        "sb6190",
        "sb8200_cbn",
        "sercom_dm1000",
        "tc4400",
        "ultrahub7",
        "vodafone_station",
    )
)
SHOWS_IDENTIFIERS_IN_VARIANT = frozenset((("surfboard", "html"),))
REPLAY_PASSWORD = "An0ther-secret"

pytestmark = pytest.mark.usefixtures("socket_enabled")


def test_every_driver_key_is_covered() -> None:
    """The round trip runs every registered driver (generic has its own test: no modem)."""
    assert {cls.key for cls in all_drivers()} == {key for key, _ in CASES} | {"generic"}


@pytest.mark.parametrize(("key", "variant"), CASES)
async def test_capture_round_trip(key: str, variant: str) -> None:
    """Offline parse and replay server read what the live poll read; no secret is in the file."""
    async with run_simulator(key, variant=variant) as sim:
        sessions: list[str] = []
        new_session = sim.state.new_session

        def remembered() -> str:
            sessions.append(new_session())
            return sessions[-1]

        sim.state.new_session = remembered  # type: ignore[method-assign]
        raw = Recorder()
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        result = await capture_poll(driver, product_version="test", recorder=raw)
        csrf = getattr(sim.simulator, "csrf", {})
    assert result.capture.outcome.ok, result.capture.outcome.error
    assert result.analysis is not None
    assert_reading_matches(result.analysis, sim.simulator.expected())
    text = json.dumps(result.capture.to_json())
    capture = capture_from_json(json.loads(text))

    offline = await replay_poll(driver_class(key) or type(driver), capture)
    assert offline["analysis"]["ds_channels"] == result.analysis["ds_channels"]
    assert offline["analysis"]["us_channels"] == result.analysis["us_channels"]

    tls = driver.url.startswith("https")
    async with run_replay(capture, password=REPLAY_PASSWORD, tls=tls) as replay:
        replayer = create_driver(key, replay.url, "someone-else", REPLAY_PASSWORD)
        try:
            _, _, docsis = await read_modem(replayer)
        finally:
            await replayer.close()
    replayed = analyze(docsis)
    assert replayed["ds_channels"] == result.analysis["ds_channels"]
    assert replayed["us_channels"] == result.analysis["us_channels"]

    secrets = {
        sim.state.password,
        *sessions,
        *map(str, csrf.values()),
        *issued_secrets(raw.exchanges),
    }
    assert len(secrets) > 1 or not SIMULATORS[key].needs_login
    assert sorted(secret for secret in secrets if secret in text) == []
    identifiers = served_identifiers(raw.exchanges)
    shows = key in SHOWS_IDENTIFIERS or (key, variant) in SHOWS_IDENTIFIERS_IN_VARIANT
    assert bool(identifiers) == shows, identifiers
    assert sorted(value for value in identifiers if value in text) == []


async def test_generic_driver_capture_has_nothing_to_record() -> None:
    """The generic router talks to nothing: an empty capture that parses to empty tables."""
    driver = create_driver("generic", "", "", "")
    result = await capture_poll(driver, product_version="test")
    assert result.capture.exchanges == []
    assert result.capture.notes == [NO_HTTP_NOTE]
    assert result.capture.outcome.ok
    offline = await replay_poll(driver_class("generic") or type(driver), result.capture)
    assert offline["analysis"]["ds_channels"] == []
