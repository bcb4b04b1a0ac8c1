"""Vodafone Station CGA and TG: login crypto, parsers, variant detection, counters, expiry."""

from __future__ import annotations

import hashlib
import json

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

from devtools.modem_sim import SimState, default_plan, run_simulator
from devtools.modem_sim.vodafone_station import VodafoneStationSimulator
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.base import DriverLockedOutError
from docsight_server.drivers.formats import vodafone_station as fmt
from docsight_server.drivers.transport import ModemHttp
from docsight_server.drivers.vodafone_station import (
    VodafoneStationDriver,
    cga_password_hash,
    tg_encrypt_login,
)

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _simulator(variant: str) -> VodafoneStationSimulator:
    return VodafoneStationSimulator(SimState("admin", "pw", variant, default_plan()))


# ----- login crypto --------------------------------------------------------------------------


def test_cga_hash_known_answer() -> None:
    """hash = PBKDF2-SHA256(PBKDF2-SHA256(pw, salt, 1000, 16).hex(), saltwebui, 1000, 16).hex()."""
    inner = hashlib.pbkdf2_hmac("sha256", b"Geheim!1", b"a1b2c3", 1000, 16).hex()
    outer = hashlib.pbkdf2_hmac("sha256", inner.encode(), b"d4e5f6", 1000, 16).hex()
    assert cga_password_hash("Geheim!1", "a1b2c3", "d4e5f6") == outer
    assert len(outer) == 32


def test_tg_encrypt_login_known_answer() -> None:
    """EncryptData = hex(AES-CCM(PBKDF2(pw, mySalt), myIv, {Password, Nonce}, "loginPassword"))."""
    salt, iv = "0011223344556677", "8899aabbccddeeff"
    key = hashlib.pbkdf2_hmac("sha256", b"Geheim!1", bytes.fromhex(salt), 1000, 16)
    plain = json.dumps({"Password": "Geheim!1", "Nonce": "abc123"}).encode()
    expected = AESCCM(key, tag_length=16).encrypt(bytes.fromhex(iv), plain, b"loginPassword")
    assert tg_encrypt_login("Geheim!1", "abc123", salt, iv) == expected.hex()


# ----- CGA parser ----------------------------------------------------------------------------


def test_parse_cga_simulated_payload_matches_plan() -> None:
    """The simulator's sta_docsis_status, parsed and analysed, equals the plan with counters."""
    simulator = _simulator("cga")
    result = fmt.parse_cga(simulator.cga_docsis_data())
    analysis = analyze(result.value)
    assert_reading_matches(analysis, simulator.expected())
    assert analysis["ds_channels"][0]["correctable_errors"] == 1000
    assert any("unlocked" in note for note in result.diagnostics)


def test_parse_cga_hand_written_quirks() -> None:
    """Modulation spellings, Hz frequencies, OFDM range without centre, missing counters."""
    payload = {
        "downstream": [
            {
                "channelid": "11",
                "CentralFrequency": "642000000",
                "power": "11.0 dBmV",
                "SNR": "41.1 dB",
                "FFT": "256 QAM",
                "locked": "Locked",
            },
            {
                "channelid": "12",
                "CentralFrequency": "650 MHz",
                "power": "1 dBmV",
                "SNR": "40 dB",
                "FFT": "qam64",
                "locked": "Locked",
                "corrError": "5",
                "nonCorrError": "N/A",
            },
            {"channelid": "13", "CentralFrequency": "658 MHz", "locked": "Not Locked"},
        ],
        "ofdm_downstream": [
            {
                "channelid_ofdm": "33",
                "start_frequency": "135.000000 MHz",
                "end_frequency": "325.000000 MHz",
                "power_ofdm": "3.6 dBmV",
                "SNR_ofdm": "33.81 dB",
                "FFT_ofdm": "256-qam/1024-qam/4096-qam",
                "locked_ofdm": "Locked",
            }
        ],
        "upstream": [
            {
                "channelidup": "1",
                "CentralFrequency": "51.0 MHz",
                "power": "49.8 dBmV",
                "FFT": "64qam",
                "ChannelType": "SC-QAM",
                "RangingStatus": "Completed",
            }
        ],
        "ofdma_upstream": [
            {
                "channelidup": "10",
                "start_frequency": "29.800000 MHz",
                "end_frequency": "64.750000 MHz",
                "power": "43.3 dBmV",
                "FFT": "16-qam",
                "ChannelType": "OFDMA",
                "RangingStatus": "Completed",
            }
        ],
    }
    raw = fmt.parse_cga(payload).value
    ds30 = raw["channelDs"]["docsis30"]
    assert [ch["channelID"] for ch in ds30] == [11, 12]
    assert ds30[0] == {
        "channelID": 11,
        "frequency": "642 MHz",
        "powerLevel": 11.0,
        "modulation": "256QAM",
        "mse": -41.1,
        "corrErrors": None,
        "nonCorrErrors": None,
    }
    assert ds30[1]["modulation"] == "64QAM"
    assert (ds30[1]["corrErrors"], ds30[1]["nonCorrErrors"]) == (5, None)
    ofdm = raw["channelDs"]["docsis31"][0]
    assert ofdm["frequency"] == "230 MHz"
    assert ofdm["mer"] == 33.81
    assert ofdm["type"] == "OFDM"
    assert raw["channelUs"]["docsis30"][0]["multiplex"] == "ATDMA"
    ofdma = raw["channelUs"]["docsis31"][0]
    assert ofdma["frequency"] == "47.275 MHz"
    assert ofdma["modulation"] == "OFDMA"


@pytest.mark.parametrize("payload", [None, {}, {"downstream": "x"}, {"upstream": [1]}])
def test_parse_cga_malformed_is_unexpected(payload: object) -> None:
    """A data object without channel lists raises UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError):
        fmt.parse_cga(payload, "{}")


# ----- TG parser -----------------------------------------------------------------------------


def test_parse_tg_simulated_page_matches_plan() -> None:
    """The simulator's status_docsis_data.php, parsed and analysed, equals the plan."""
    simulator = _simulator("tg")
    analysis = analyze(fmt.parse_tg(simulator.tg_docsis_page()).value)
    assert_reading_matches(analysis, simulator.expected())
    assert analysis["ds_channels"][-1]["uncorrectable_errors"] == 18


def test_parse_tg_hand_written_quirks() -> None:
    """Ranges give the middle, an open range its start, dBmV/dBuV the dBmV, no counters None."""
    ds = [
        {
            "ChannelType": "OFDM",
            "Modulation": "1024QAM",
            "Frequency": "151~324",
            "ChannelID": "33",
            "PowerLevel": "-4.1/55.9",
            "SNRLevel": "39",
            "LockStatus": "Locked",
        },
        {
            "ChannelType": "SC-QAM",
            "Modulation": "256QAM",
            "Frequency": "602",
            "ChannelID": "5",
            "PowerLevel": "2.5/62.5",
            "SNRLevel": "40.9",
            "LockStatus": "Locked",
        },
        {
            "ChannelType": "SC-QAM",
            "Modulation": "256QAM",
            "Frequency": "610",
            "ChannelID": "6",
            "PowerLevel": "0/60",
            "SNRLevel": "0",
            "LockStatus": "Not Locked",
        },
    ]
    us = [
        {
            "ChannelType": "OFDMA",
            "Modulation": "16QAM",
            "Frequency": "29.8~",
            "ChannelID": "10",
            "PowerLevel": "41.3/101.3",
            "LockStatus": "SUCCESS",
        },
        {
            "ChannelType": "SC-QAM",
            "Modulation": "64QAM",
            "Frequency": "51000000",
            "ChannelID": "2",
            "PowerLevel": "44.0/104.0",
            "LockStatus": "ACTIVE",
        },
    ]
    page = (
        "<script>\nvar json_dsData = " + json.dumps(ds) + ";\n"
        "var json_usData = " + json.dumps(us) + ";\n</script>"
    )
    raw = fmt.parse_tg(page).value
    ofdm = raw["channelDs"]["docsis31"][0]
    assert ofdm["frequency"] == "237.5 MHz"
    assert ofdm["powerLevel"] == -4.1
    assert ofdm["mer"] == 39
    assert ofdm["corrErrors"] is None
    assert ofdm["nonCorrErrors"] is None
    assert [ch["channelID"] for ch in raw["channelDs"]["docsis30"]] == [5]
    assert raw["channelDs"]["docsis30"][0]["mse"] == -40.9
    assert raw["channelUs"]["docsis31"][0]["frequency"] == "29.8 MHz"
    assert raw["channelUs"]["docsis30"][0]["frequency"] == "51 MHz"


@pytest.mark.parametrize(
    "page",
    [
        "<html>Service temporarily unavailable</html>",
        "var json_dsData = [];",
        "var json_dsData = [1]; var json_usData = [];",
        "var json_dsData = [{broken; var json_usData = [];",
    ],
)
def test_parse_tg_malformed_is_unexpected(page: str) -> None:
    """A page without both arrays (or with broken ones) raises UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError):
        fmt.parse_tg(page)


# ----- device info ---------------------------------------------------------------------------


def test_parse_device_info_both_variants() -> None:
    """CGA JSON and TG script variables give versions, uptime and the DOCSIS state."""
    cga = fmt.parse_cga_device(
        {
            "ModelName": "CGA4322DE",
            "SoftwareVersion": "1.0",
            "uptime": "60",
            "CMStatus": "OPERATIONAL",
        }
    )
    assert cga == {
        "manufacturer": "CommScope/Technicolor",
        "model": "CGA4322DE",
        "sw_version": "1.0",
        "uptime_seconds": 60,
        "docsis_status": "online",
    }
    tg = fmt.parse_tg_device(
        "var js_FWVersion = '01.02.068';\nvar js_HWTypeVersion = '7';\n"
        "var js_UptimeSinceReboot = '2,03,04';\nvar js_ipv4addr = '198.51.100.1';",
        "_ga.modemConnectionStatus = 'DOCSIS Online';\n_ga.lastRebootReason = 'Power On';",
    )
    assert tg["sw_version"] == "01.02.068"
    assert tg["hw_version"] == "7"
    assert tg["uptime_seconds"] == 2 * 86400 + 3 * 3600 + 4 * 60
    assert tg["docsis_status"] == "online"
    assert tg["reboot_reason"] == "Power On"
    assert tg["wan_ipv4"] == "198.51.100.1"
    assert tg["model"]
    with pytest.raises(UnexpectedPageError):
        fmt.parse_tg_device("<html>login</html>")
    with pytest.raises(UnexpectedPageError):
        fmt.parse_cga_device(None, "")


# ----- against the simulator -----------------------------------------------------------------


async def test_tg_is_found_after_the_cga_attempt() -> None:
    """Detection tries the CGA login first (404 here), then logs in the TG way."""
    async with run_simulator("vodafone_station", variant="tg") as sim:
        driver = create_driver("vodafone_station", sim.url, "admin", sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
            assert isinstance(driver, VodafoneStationDriver)
            assert driver.variant == "tg"
            assert sim.state.hits["/api/v1/session/login"] == 1
            await read_modem(driver)  # the variant is remembered: no second CGA attempt
            assert sim.state.hits["/api/v1/session/login"] == 1
        finally:
            await driver.close()
    assert sim.state.logins == 1
    assert sim.state.logouts == 1
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_cga_variant_is_remembered() -> None:
    """A CGA station is detected on the first request and never probed for TG pages."""
    async with run_simulator("vodafone_station", variant="cga") as sim:
        driver = create_driver("vodafone_station", sim.url, "admin", sim.state.password)
        try:
            info, _, _ = await read_modem(driver)
        finally:
            await driver.close()
    assert isinstance(driver, VodafoneStationDriver)
    assert driver.variant == "cga"
    assert info["model"] == "CGA6444VF"
    assert info["docsis_status"] == "online"
    assert sim.state.hits["/"] == 0
    assert sim.state.logouts == 1


@pytest.mark.parametrize("variant", ["cga", "tg"])
async def test_expired_session_logs_in_once_more(variant: str) -> None:
    """CGA answers 401, TG redirects to its login page: both mean one new login."""
    async with run_simulator("vodafone_station", variant=variant) as sim:
        driver = create_driver("vodafone_station", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            sim.state.expire_sessions()
            _, _, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


@pytest.mark.parametrize("variant", ["cga", "tg"])
async def test_wrong_password_is_refused_server_side(variant: str) -> None:
    """The station checks the hash / decrypts the password and refuses a wrong one."""
    async with run_simulator("vodafone_station", variant=variant) as sim:
        driver = create_driver("vodafone_station", sim.url, "admin", "Wrong-pass-9")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
    assert "Wrong-pass-9" not in str(caught.value)
    assert sim.state.failed_logins == 1
    assert not sim.state.sessions


async def test_tg_wrong_user_is_refused() -> None:
    """The TG checks the Name too."""
    async with run_simulator("vodafone_station", variant="tg") as sim:
        driver = create_driver("vodafone_station", sim.url, "root", sim.state.password)
        try:
            with pytest.raises(DriverAuthError):
                await driver.login()
        finally:
            await driver.close()


async def test_tg_lockout_is_reported() -> None:
    """After too many failures the TG answers Lockout: DriverLockedOutError."""
    async with run_simulator("vodafone_station", variant="tg") as sim:
        sim.state.lockout_after = 1
        driver = create_driver("vodafone_station", sim.url, "admin", "Wrong-pass-9")
        try:
            with pytest.raises(DriverAuthError) as first:
                await driver.login()
            assert not isinstance(first.value, DriverLockedOutError)
            with pytest.raises(DriverLockedOutError):
                await driver.login()
        finally:
            await driver.close()


async def test_tg_garbage_page_is_unexpected() -> None:
    """A maintenance page instead of the TG's pages is an UnexpectedPageError."""
    async with run_simulator("vodafone_station", variant="tg") as sim:
        driver = create_driver("vodafone_station", sim.url, "admin", sim.state.password)
        try:
            await read_modem(driver)
            sim.state.garbage = True
            with pytest.raises(UnexpectedPageError) as caught:
                await read_modem(driver)
        finally:
            await driver.close()
    assert "unavailable" in caught.value.excerpt.lower()


async def test_unknown_station_garbage_login_is_unexpected() -> None:
    """Neither CGA JSON nor a TG login page: the login raises UnexpectedPageError."""
    async with run_simulator("vodafone_station", variant="tg") as sim:
        sim.state.garbage = True
        driver = create_driver("vodafone_station", sim.url, "admin", sim.state.password)
        try:
            with pytest.raises(UnexpectedPageError):
                await driver.login()
        finally:
            await driver.close()


@pytest.mark.parametrize(("variant", "score"), [("cga", 90), ("tg", 80)])
async def test_detect_both_variants_without_login(variant: str, score: int) -> None:
    """login_conf names the CGA model; the TG start page holds its login values."""
    async with run_simulator("vodafone_station", variant=variant) as sim:
        http = ModemHttp(sim.url)
        try:
            assert await VodafoneStationDriver.detect(http) == score
        finally:
            await http.close()
        assert sim.state.logins == 0
    async with run_simulator("ultrahub7") as other:
        http = ModemHttp(other.url)
        try:
            assert await VodafoneStationDriver.detect(http) == 0
        finally:
            await http.close()


def test_tg_upstream_without_a_qam_order_carries_the_channel_type() -> None:
    """An empty Modulation gives the ChannelType the station states (SC-QAM)."""
    us = [{"ChannelType": "SC-QAM", "Modulation": "", "Frequency": "51000000", "ChannelID": "2",
           "PowerLevel": "44.0/104.0", "LockStatus": "ACTIVE"}]  # fmt: skip
    page = "<script>\nvar json_dsData = [];\nvar json_usData = " + json.dumps(us) + ";\n</script>"
    raw = fmt.parse_tg(page).value
    assert raw["channelUs"]["docsis30"][0]["modulation"] == "SC-QAM"
