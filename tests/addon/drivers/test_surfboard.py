"""Arris SURFboard: HNAP crypto known answers, channel strings, firmware variants, fallbacks."""

from __future__ import annotations

import hashlib
import hmac

import pytest

from devtools.modem_sim import default_plan, run_simulator
from devtools.modem_sim.surfboard import render_downstream, render_upstream
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.base import DriverLockedOutError
from docsight_server.drivers.cm8200 import Cm8200Driver
from docsight_server.drivers.formats import hnap as fmt
from docsight_server.drivers.probe import probe_url
from docsight_server.drivers.surfboard import SurfboardDriver

from .contract import read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

CUSTOMER_DS = (
    "1^Locked^256QAM^20^549000000^ 3.0^ 40.9^12^3^|+|"
    "2^Locked^QAM64^21^555000000^ -1.2^ 35.5^N/A^^|+|"
    "3^Locked^OFDM PLC^193^957000000^ 1.5^ 41.0^100000^7^|+|"
    "4^Not Locked^Unknown^0^0^ 0.0^ 0.0^0^0^"
)
MOTO_US = (
    "1^Locked^SC-QAM^3^5120^16.4^ 44.0^|+|"
    "2^Locked^OFDMA^41^0^36.8^ 39.5^|+|"
    "3^Not Locked^SC-QAM^0^0^0^0^"
)


def _independent_hmac(key: str, message: str, digest: str) -> str:
    return hmac.new(key.encode(), message.encode(), digest).hexdigest().upper()


@pytest.mark.parametrize("algorithm", ["sha256", "md5"])
def test_login_crypto_known_answer(algorithm: str) -> None:
    """PrivateKey, LoginPassword and HNAP_AUTH match an independent HMAC computation."""
    public, challenge, password = "A1B2C3D4E5F60718", "0F1E2D3C4B5A6978", "s3cret"
    key = _independent_hmac(public + password, challenge, algorithm)
    assert fmt.private_key(public, password, challenge, algorithm) == key
    assert fmt.login_password(key, challenge, algorithm) == _independent_hmac(
        key, challenge, algorithm
    )
    stamp = 1_700_000_000_123
    soap = '"http://purenetworks.com/HNAP1/GetMultipleHNAPs"'
    assert fmt.soap_action("GetMultipleHNAPs") == soap
    wanted = _independent_hmac(key, f"{stamp}{soap}", algorithm)
    assert fmt.hnap_auth(key, "GetMultipleHNAPs", stamp, algorithm) == f"{wanted} {stamp}"
    assert len(wanted) == (64 if algorithm == "sha256" else 32)


def test_fixed_sha256_vector() -> None:
    """A fixed vector pins the upper-case hex output."""
    expected = hmac.new(
        b"withoutloginkey", b'1"http://purenetworks.com/HNAP1/Login"', hashlib.sha256
    )
    assert fmt.hnap_auth("withoutloginkey", "Login", 1, "sha256") == (
        f"{expected.hexdigest().upper()} 1"
    )


def test_downstream_string_quirks() -> None:
    """Hz frequencies, both QAM spellings, OFDM PLC, missing counters, unlocked records."""
    qam, ofdm = fmt.parse_downstream(CUSTOMER_DS).value
    assert qam == [
        {
            "channelID": 20,
            "frequency": "549 MHz",
            "powerLevel": 3.0,
            "corrErrors": 12,
            "nonCorrErrors": 3,
            "modulation": "256QAM",
            "mse": -40.9,
        },
        {
            "channelID": 21,
            "frequency": "555 MHz",
            "powerLevel": -1.2,
            "corrErrors": None,
            "nonCorrErrors": None,
            "modulation": "64QAM",
            "mse": -35.5,
        },
    ]
    assert ofdm == [
        {
            "channelID": 193,
            "frequency": "957 MHz",
            "powerLevel": 1.5,
            "corrErrors": 100000,
            "nonCorrErrors": 7,
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": 41.0,
        }
    ]


def test_upstream_string_in_mhz() -> None:
    """Moto firmware writes MHz and a symbol rate; OFDMA is its own lane."""
    qam, ofdma = fmt.parse_upstream(MOTO_US).value
    assert qam == [
        {
            "channelID": 3,
            "frequency": "16.4 MHz",
            "powerLevel": 44.0,
            "modulation": "SC-QAM",
            "multiplex": "ATDMA",
        }
    ]
    assert ofdma[0]["channelID"] == 41
    assert ofdma[0]["frequency"] == "36.8 MHz"
    assert ofdma[0]["multiplex"] == "OFDMA"


@pytest.mark.parametrize("variant", ["s34", "sb8200"])
def test_rendered_strings_round_trip(variant: str) -> None:
    """The simulator's strings parse back to the plan in both spellings."""
    plan = default_plan()
    raw = fmt.parse_channels(render_downstream(plan, variant), render_upstream(plan, variant))
    ds30 = raw.value["channelDs"]["docsis30"]
    assert [ch["channelID"] for ch in ds30] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["modulation"] for ch in ds30] == [ch.modulation for ch in plan.ds_qam]
    assert [ch["frequency"] for ch in raw.value["channelUs"]["docsis30"]] == [
        f"{ch.frequency_mhz:g} MHz" for ch in plan.us_qam
    ]
    assert len(raw.diagnostics) == 1
    assert raw.diagnostics[0].startswith("downstream record skipped: 17^Not Locked^")


@pytest.mark.parametrize(
    ("variant", "algorithm", "namespace", "mode"),
    [
        ("s34", "sha256", "Customer", "hnap"),
        ("sb8200", "md5", "Moto", "hnap"),
        ("html", None, None, "html"),
    ],
)
async def test_firmware_is_detected(
    variant: str, algorithm: str | None, namespace: str | None, mode: str
) -> None:
    """HMAC algorithm, action namespace and HNAP-vs-HTML are found without configuration."""
    async with run_simulator("surfboard", variant=variant) as sim:
        driver = create_driver("surfboard", sim.url, sim.state.user, sim.state.password)
        assert isinstance(driver, SurfboardDriver)
        try:
            info, _, docsis = await read_modem(driver)
            sim.state.expire_sessions()
            await read_modem(driver)
        finally:
            await driver.close()
    assert (driver.mode, driver.algorithm, driver.namespace) == (mode, algorithm, namespace)
    assert info["model"] == ("S34" if variant == "s34" else "SB8200")
    assert info["uptime_seconds"] == sim.state.plan.uptime_seconds
    assert len(docsis["channelDs"]["docsis31"]) == 2
    assert sim.state.logins == 2
    assert sim.state.failed_logins == 0


@pytest.mark.parametrize("variant", ["sb8200", "html"])
async def test_wrong_password_on_every_firmware(variant: str) -> None:
    """A wrong password is a DriverAuthError on the MD5 and the HTML firmware too."""
    async with run_simulator("surfboard", variant=variant) as sim:
        driver = create_driver("surfboard", sim.url, sim.state.user, "Nope-123")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
    assert "Nope-123" not in str(caught.value)
    assert sim.state.failed_logins == 1
    assert not sim.state.sessions


async def test_lockup_is_a_lockout() -> None:
    """LoginResult LOCKUP after failed logins raises DriverLockedOutError."""
    async with run_simulator("surfboard") as sim:
        sim.state.lockout_after = 1
        driver = create_driver("surfboard", sim.url, sim.state.user, "bad")
        try:
            with pytest.raises(DriverAuthError):
                await driver.login()
            driver.password = sim.state.password
            with pytest.raises(DriverLockedOutError):
                await driver.login()
        finally:
            await driver.close()


async def test_transient_html_is_unexpected_on_md5_firmware() -> None:
    """An HTML page where JSON belongs is an UnexpectedPageError carrying the page text."""
    async with run_simulator("surfboard", variant="sb8200") as sim:
        driver = create_driver("surfboard", sim.url, sim.state.user, sim.state.password)
        try:
            await read_modem(driver)
            sim.state.garbage = True
            with pytest.raises(UnexpectedPageError) as caught:
                await driver.get_docsis_data()
        finally:
            await driver.close()
    assert "unavailable" in caught.value.excerpt.lower()


@pytest.mark.parametrize("variant", ["sb8200", "html"])
async def test_probe_names_surfboard_for_every_firmware(variant: str) -> None:
    """Both the MD5 HNAP firmware and the HTML firmware are recognised as SURFboard."""
    async with run_simulator("surfboard", variant=variant) as sim:
        matches = await probe_url(sim.url)
        assert sim.state.logins == 0
    assert matches
    assert matches[0].key == "surfboard"
    assert all(match.key != Cm8200Driver.key for match in matches)
