"""Every driver against its family's simulator: read, wrong password, expiry, garbage, probe."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from devtools.modem_sim import all_simulators, default_plan, run_simulator
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import (
    DriverAuthError,
    UnexpectedPageError,
    create_driver,
    driver_class,
)
from docsight_server.drivers.probe import probe_url

from ..conftest import ServerFactory
from ..harness import wait_for_snapshot
from .contract import assert_reading_matches, read_modem

SIMULATORS = all_simulators()
KEYS = sorted(SIMULATORS)
VARIANTS = [(key, variant) for key in KEYS for variant in SIMULATORS[key].variants]
LOGIN_KEYS = [key for key in KEYS if SIMULATORS[key].needs_login]
DOCSIS31_KEYS = [key for key in KEYS if SIMULATORS[key].docsis31]
SINGLE_SESSION_KEYS = [key for key in KEYS if SIMULATORS[key].single_session]
TLS_KEYS = [key for key in KEYS if (driver_class(key) or object).default_url.startswith("https")]

pytestmark = pytest.mark.usefixtures("socket_enabled")


def test_every_driver_has_a_simulator() -> None:
    """All 21 modem families are simulated (generic has no modem to simulate)."""
    from docsight_server.drivers.registry import all_drivers

    assert {cls.key for cls in all_drivers()} - {"generic"} == set(KEYS)


@pytest.mark.parametrize(("key", "variant"), VARIANTS)
async def test_reads_every_channel(key: str, variant: str) -> None:
    """One poll reads the device and every locked channel with the plan's values."""
    async with run_simulator(key, variant=variant) as sim:
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        try:
            info, connection, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert info.get("model"), info
    assert isinstance(connection, dict)
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


@pytest.mark.parametrize("key", DOCSIS31_KEYS)
async def test_reads_a_docsis30_only_line(key: str) -> None:
    """A DOCSIS 3.1 modem on a line without OFDM/OFDMA reads its SC-QAM channels alone."""
    plan = default_plan().without_docsis31()
    async with run_simulator(key, plan=plan) as sim:
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    analysis = analyze(docsis)
    assert_reading_matches(analysis, sim.simulator.expected())
    families = {channel["channel_family"] for channel in analysis["ds_channels"]}
    assert families == {"sc_qam"}


@pytest.mark.parametrize("key", LOGIN_KEYS)
async def test_wrong_password_is_an_auth_error(key: str) -> None:
    """A refused password raises DriverAuthError, and the message never holds the password."""
    async with run_simulator(key) as sim:
        wrong = "Wr0ng-secret-xyz"
        driver = create_driver(key, sim.url, sim.state.user, wrong)
        try:
            with pytest.raises(DriverAuthError) as caught:
                await read_modem(driver)
        finally:
            await driver.close()
        assert wrong not in str(caught.value)
        assert sim.state.failed_logins >= 1
        assert not sim.state.sessions


@pytest.mark.parametrize("key", LOGIN_KEYS)
async def test_expired_session_logs_in_again(key: str) -> None:
    """When the modem forgets the session, the next poll logs in again and reads normally."""
    async with run_simulator(key) as sim:
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        try:
            await read_modem(driver)
            first_logins = sim.state.logins
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.logins == first_logins + 1
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


@pytest.mark.parametrize("key", KEYS)
async def test_garbage_page_is_an_unexpected_page(key: str) -> None:
    """A page the parser cannot read raises UnexpectedPageError with a short excerpt."""
    async with run_simulator(key) as sim:
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        try:
            await read_modem(driver)
            sim.state.garbage = True
            with pytest.raises(UnexpectedPageError) as caught:
                await read_modem(driver)
        finally:
            await driver.close()
    assert "unavailable" in caught.value.excerpt.lower()
    assert len(caught.value.excerpt) <= 200
    assert sim.state.password not in str(caught.value) + caught.value.excerpt


@pytest.mark.parametrize("key", SINGLE_SESSION_KEYS)
async def test_single_session_modem_is_left_free(key: str) -> None:
    """Single-session modems are logged out after each poll, so the owner can use the web UI."""
    async with run_simulator(key) as sim:
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        try:
            await read_modem(driver)
            assert not sim.state.sessions
            assert sim.state.logouts == 1
            await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.logouts == 2


@pytest.mark.parametrize("key", TLS_KEYS)
async def test_reads_over_self_signed_tls(key: str) -> None:
    """Families served over HTTPS read through a self-signed certificate."""
    async with run_simulator(key, tls=True) as sim:
        driver = create_driver(key, sim.url, sim.state.user, sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


@pytest.mark.parametrize("key", KEYS)
async def test_probe_names_the_family(key: str) -> None:
    """The probe, given only the URL, puts the simulated family first."""
    async with run_simulator(key) as sim:
        matches = await probe_url(sim.url)
        assert sim.state.logins == 0
    assert matches, "no family answered"
    best = [match.key for match in matches if match.confidence == matches[0].confidence]
    twins = set(SIMULATORS[key].probe_twins)
    assert key in best, matches
    assert set(best) <= {key, *twins}, matches


@pytest.mark.parametrize("key", KEYS)
async def test_full_poll_stores_the_snapshot(
    key: str, server_factory: ServerFactory, tmp_path: Path
) -> None:
    """Configured by environment alone, the server polls the simulator and stores its channels."""
    async with run_simulator(key) as sim:
        env = {
            "MODEM_TYPE": key,
            "MODEM_URL": sim.url,
            "MODEM_USER": sim.state.user,
            "MODEM_PASSWORD": sim.state.password,
        }
        async with server_factory(env, data_dir=tmp_path / "data") as server:
            await wait_for_snapshot(server.context)
            latest = await server.context.signal.latest()
    assert latest is not None
    assert_reading_matches(latest, sim.simulator.expected())


@pytest.mark.parametrize("key", LOGIN_KEYS)
async def test_credentials_never_reach_the_log(key: str, caplog: pytest.LogCaptureFixture) -> None:
    """Neither a good nor a refused login writes the password anywhere in the log."""
    caplog.set_level(logging.DEBUG)
    async with run_simulator(key) as sim:
        for password in (sim.state.password, "Wr0ng-secret-xyz"):
            driver = create_driver(key, sim.url, sim.state.user, password)
            try:
                await read_modem(driver)
            except DriverAuthError:
                pass
            finally:
                await driver.close()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert sim.state.password not in logged
    assert "Wr0ng-secret-xyz" not in logged
