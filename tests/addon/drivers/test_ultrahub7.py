"""Vodafone Ultra Hub 7: parsers, the SJCL login crypto, duplicate sessions, expiry."""

from __future__ import annotations

import base64
import hashlib
import json

import aiohttp
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESCCM

from devtools.modem_sim import SimState, default_plan, run_simulator
from devtools.modem_sim.ultrahub7 import UltraHub7Simulator
from docsight_server.analysis.analyzer import analyze
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.formats import ultrahub7 as fmt
from docsight_server.drivers.transport import ModemHttp
from docsight_server.drivers.ultrahub7 import UltraHub7Driver, password_envelope

from .contract import assert_reading_matches, read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

SECRET = "Ab3dE6gH9jrouter-salt-xyz"


def _simulator(variant: str = "default") -> UltraHub7Simulator:
    return UltraHub7Simulator(SimState("", "pw", variant, default_plan()))


# ----- login crypto --------------------------------------------------------------------------


def test_password_envelope_known_answer() -> None:
    """Key = PBKDF2-SHA256(secret[:10], secret[10:], 1000, 16); ct = CCM(IV[:13]), 64-bit tag."""
    iv = bytes.fromhex("00112233445566778899aabbccddeeff")
    envelope = json.loads(password_envelope("s3cret!", SECRET, iv=iv))
    key = hashlib.pbkdf2_hmac("sha256", b"Ab3dE6gH9j", b"router-salt-xyz", 1000, 16)
    ct = AESCCM(key, tag_length=8).encrypt(iv[:13], b"s3cret!", None)
    assert envelope == {
        "iv": base64.b64encode(iv).decode(),
        "v": 1,
        "iter": 1000,
        "ks": 128,
        "ts": 64,
        "mode": "ccm",
        "adata": "",
        "cipher": "aes",
        "ct": base64.b64encode(ct).decode(),
    }


def test_password_envelope_uses_a_fresh_iv() -> None:
    """Two logins never reuse an IV."""
    first = json.loads(password_envelope("pw", SECRET))
    second = json.loads(password_envelope("pw", SECRET))
    assert first["iv"] != second["iv"]


async def test_simulator_decrypts_and_verifies_the_password() -> None:
    """An envelope under a wrong key is refused server-side and counted as a failure."""
    async with (
        run_simulator("ultrahub7") as sim,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client,
    ):
        async with client.get(f"{sim.url}/api/config/details.jst") as reply:
            csrf = (await reply.json())["csrf_token"]
        wrong_secret = "XXXXXXXXXX" + "not-the-salt"
        form = {
            "__id": "3",
            "X_VODAFONE_Password": password_envelope(sim.state.password, wrong_secret),
            "Push": "false",
            "csrf_token": csrf,
        }
        async with client.post(f"{sim.url}/api/users/login.jst", data=form) as reply:
            answer = await reply.json()
    assert answer == {"X_INTERNAL_Password_Status": "Invalid_PWD"}
    assert sim.state.failed_logins == 1
    assert not sim.state.sessions


async def test_login_without_csrf_token_is_refused() -> None:
    """The hub rejects a login that does not carry the csrf_token of its DUKSID."""
    async with (
        run_simulator("ultrahub7") as sim,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client,
    ):
        form = {"__id": "3", "X_VODAFONE_Password": "{}", "Push": "false", "csrf_token": "x"}
        async with client.post(f"{sim.url}/api/users/login.jst", data=form) as reply:
            assert reply.status == 403
    assert sim.state.logins == 0


# ----- parsers -------------------------------------------------------------------------------


def test_parse_simulated_lists_split_and_skip_unlocked() -> None:
    """The flat lists split into SC-QAM and OFDM/OFDMA lanes; the unlocked row is dropped."""
    simulator = _simulator()
    ds = fmt.parse_downstream(simulator.downstream_list())
    us = fmt.parse_upstream(simulator.upstream_list())
    ds30, ds31 = ds.value
    us30, us31 = us.value
    plan = simulator.plan
    assert [ch["channelID"] for ch in ds30] == [ch.channel_id for ch in plan.ds_qam]
    assert [ch["channelID"] for ch in ds31] == [33, 34]
    assert [ch["channelID"] for ch in us31] == [41]
    assert len(us30) == len(plan.us_qam)
    assert any("not locked" in note for note in ds.diagnostics)
    assert ds31[0] == {
        "channelID": 33,
        "frequency": "751 MHz",
        "powerLevel": 4.2,
        "corrErrors": None,
        "nonCorrErrors": None,
        "type": "OFDM",
        "modulation": "OFDM",
        "mer": 40.3,
    }
    assert ds30[0]["mse"] == -36.1
    assert ds30[0]["modulation"] == "64QAM"
    assert us31[0]["multiplex"] == "OFDMA"
    assert us30[0]["multiplex"] == "ATDMA"


def test_parse_full_plan_through_analyzer() -> None:
    """Parsed lists, analysed, equal the plan (counters unsupported -> None)."""
    simulator = _simulator()
    ds30, ds31 = fmt.parse_downstream(simulator.downstream_list()).value
    us30, us31 = fmt.parse_upstream(simulator.upstream_list()).value
    raw = {
        "channelDs": {"docsis30": ds30, "docsis31": ds31},
        "channelUs": {"docsis30": us30, "docsis31": us31},
    }
    analysis = analyze(raw)
    assert_reading_matches(analysis, simulator.expected())
    assert all(ch["correctable_errors"] is None for ch in analysis["ds_channels"])


def test_parse_hand_written_quirks() -> None:
    """ChannelType marks OFDM, Hz frequencies, QAM spellings, rows without ID are skipped."""
    payload = {
        "channels": [
            {
                "ChannelID": "5",
                "Frequency": "602000000",
                "Modulation": "QAM256",
                "PowerLevel": "3.1",
                "SNRLevel": "40.2",
            },
            {
                "ChannelID": "193",
                "ChannelType": "OFDM",
                "Frequency": "690 MHz",
                "Modulation": "4096QAM",
                "PowerLevel": "0",
                "SNRLevel": "41.8",
            },
            {"ChannelID": "", "Frequency": "610 MHz"},
            {"ChannelID": "6", "LockStatus": "unlocked"},
        ]
    }
    result = fmt.parse_downstream(payload)
    ds30, ds31 = result.value
    assert ds30 == [
        {
            "channelID": 5,
            "frequency": "602 MHz",
            "powerLevel": 3.1,
            "corrErrors": None,
            "nonCorrErrors": None,
            "modulation": "256QAM",
            "mse": -40.2,
        }
    ]
    assert ds31[0]["channelID"] == 193
    assert ds31[0]["mer"] == 41.8
    assert len(result.diagnostics) == 2
    us30, us31 = fmt.parse_upstream(
        {
            "channels": [
                {
                    "ChannelID": "41",
                    "Frequency": "36.2 MHz",
                    "Modulation": "OFDMA",
                    "PowerLevel": "36.5",
                }
            ]
        }
    ).value
    assert us30 == []
    assert us31[0]["frequency"] == "36.2 MHz"


@pytest.mark.parametrize("payload", [[], {"channel": []}, {"channels": "none"}, {"channels": [1]}])
def test_malformed_lists_are_unexpected(payload: object) -> None:
    """A list without channels[] raises UnexpectedPageError with the page excerpt."""
    with pytest.raises(UnexpectedPageError) as caught:
        fmt.parse_downstream(payload, "<html>broken</html>")
    assert "broken" in caught.value.excerpt


def test_parse_device_details() -> None:
    """Versions and uptime come from /api/device/details.jst; the model has a fallback."""
    info = fmt.parse_device({"SoftwareVersion": "7.1", "HardwareVersion": "1.0", "UpTime": "99"})
    assert info == {
        "manufacturer": "Sercomm",
        "model": "Vodafone Ultra Hub 7",
        "sw_version": "7.1",
        "hw_version": "1.0",
        "uptime_seconds": 99,
    }
    with pytest.raises(UnexpectedPageError):
        fmt.parse_device({"error": "x"}, "{}")


# ----- sessions ------------------------------------------------------------------------------


async def test_duplicate_session_is_taken_over_once() -> None:
    """With a browser session open, the first login is refused, the Push=true retry wins."""
    async with run_simulator("ultrahub7", variant="other_session") as sim:
        driver = create_driver("ultrahub7", sim.url, "", sim.state.password)
        try:
            _, _, docsis = await read_modem(driver)
            assert sim.state.extra["takeovers"] == 1
            assert sim.state.hits["/api/users/login.jst"] == 2
            await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.extra["takeovers"] == 1
    assert sim.state.logins == 2
    assert sim.state.logouts == 2
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_free_hub_logs_in_without_push() -> None:
    """Without another session the driver never kicks anyone."""
    async with run_simulator("ultrahub7") as sim:
        driver = create_driver("ultrahub7", sim.url, "", sim.state.password)
        try:
            await read_modem(driver)
        finally:
            await driver.close()
    assert sim.state.extra["takeovers"] == 0
    assert sim.state.hits["/api/users/login.jst"] == 1
    assert not sim.state.sessions


async def test_persistent_duplicate_is_an_auth_error() -> None:
    """If the hub still reports a duplicate after Push=true, the login fails cleanly."""
    async with run_simulator("ultrahub7") as sim:
        driver = UltraHub7Driver(sim.url, "", sim.state.password)

        async def always_duplicate(*, push: bool) -> bool:
            return False

        driver._login_once = always_duplicate  # type: ignore[method-assign]
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
    assert "another" in str(caught.value)


async def test_session_expiry_mid_poll_logs_in_again() -> None:
    """A 401 on a data list means the session is gone: one new login, then the read."""
    async with run_simulator("ultrahub7") as sim:
        driver = create_driver("ultrahub7", sim.url, "", sim.state.password)
        try:
            await driver.login()
            await driver.get_device_info()
            sim.state.expire_sessions()
            docsis = await driver.get_docsis_data()
            await driver.finish_poll()
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert_reading_matches(analyze(docsis), sim.simulator.expected())


async def test_wrong_password_leaves_no_session() -> None:
    """Invalid_PWD is an auth error whose message holds no password."""
    async with run_simulator("ultrahub7") as sim:
        driver = create_driver("ultrahub7", sim.url, "", "bad-Secret-1")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
    assert "bad-Secret-1" not in str(caught.value)
    assert sim.state.failed_logins == 1
    assert not sim.state.sessions


async def test_detect_is_specific() -> None:
    """The detector recognises the hub and ignores the Vodafone Station."""
    async with run_simulator("ultrahub7") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await UltraHub7Driver.detect(http) > 0
        finally:
            await http.close()
    async with run_simulator("vodafone_station") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await UltraHub7Driver.detect(http) == 0
        finally:
            await http.close()


def test_upstream_without_a_qam_order_carries_the_channel_type() -> None:
    """An empty Modulation gives the ChannelType the hub states (SC-QAM)."""
    channel = {"ChannelID": "2", "Frequency": "30.8 MHz", "Modulation": "", "PowerLevel": "44",
               "ChannelType": "SC-QAM", "LockStatus": "Locked"}  # fmt: skip
    us30, _ = fmt.parse_upstream({"channels": [channel]}).value
    assert us30[0]["modulation"] == "SC-QAM"
