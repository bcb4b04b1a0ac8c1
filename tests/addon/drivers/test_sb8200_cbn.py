"""Arris SB8200 (Compal CBN firmware): credential crypto, DOCSIS 3.1 XML, login and session."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from multidict import CIMultiDict, CIMultiDictProxy

from devtools.modem_sim import run_simulator
from devtools.modem_sim.compal_common import render_downstream
from devtools.modem_sim.plan import default_plan
from devtools.modem_sim.sb8200_cbn import (
    render_ofdm_downstream,
    render_ofdma_upstream,
    unwrap_credential,
)
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.ch7465 import Ch7465Driver
from docsight_server.drivers.formats import compal_xml as fmt
from docsight_server.drivers.formats import sb8200_cbn as cbn
from docsight_server.drivers.sb8200_cbn import Sb8200CbnDriver
from docsight_server.drivers.transport import HttpReply, ModemHttp

from .contract import read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")

HEAD = '<?xml version="1.0" encoding="utf-8"?>'
TOKEN = "1234567890"


def _independent_encrypt(value: str, token: str) -> bytes:
    key = hashlib.sha256(token.encode()).digest()
    iv = hashlib.md5(token.encode()).digest()
    padder = padding.PKCS7(128).padder()
    data = padder.update(value.encode()) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


# ---- crypto ----------------------------------------------------------------------------------


def test_key_and_iv_derivation() -> None:
    """Key = SHA-256(token), IV = MD5(token), both over the token's ASCII text."""
    key, iv = cbn.credential_key("abc")
    assert key.hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert iv.hex() == "900150983cd24fb0d6963f7d28e17f72"


def test_wrapped_credential_known_answer() -> None:
    """The wrapped credential is HS:<HwModel>:<hex of AES-256-CBC with PKCS#7>."""
    wrapped = cbn.wrap_credential("admin", TOKEN, "SB8200")
    assert wrapped == "HS:SB8200:" + _independent_encrypt("admin", TOKEN).hex()
    assert len(wrapped.split(":")[2]) == 32  # one AES block
    long_password = cbn.wrap_credential("a much longer password!", TOKEN, "SB8200")
    assert len(long_password.split(":")[2]) == 64
    assert unwrap_credential(wrapped, TOKEN, "SB8200") == "admin"


def test_wrapping_depends_on_the_token_and_model() -> None:
    """A credential wrapped under another token or model does not unwrap."""
    wrapped = cbn.wrap_credential("s3cret", TOKEN, "SB8200")
    assert cbn.wrap_credential("s3cret", "1234567891", "SB8200") != wrapped
    assert unwrap_credential(wrapped, "1234567891", "SB8200") != "s3cret"
    assert unwrap_credential(wrapped, TOKEN, "CH7465") is None
    assert unwrap_credential("HS:SB8200:zz", TOKEN, "SB8200") is None


def test_hw_model_from_login_page() -> None:
    """The login page's HwModel variable names the model used in the wrapping."""
    assert cbn.hw_model('<script>var HwModel = "SB8200";</script>') == "SB8200"
    with pytest.raises(UnexpectedPageError) as caught:
        cbn.hw_model("<html><body>Service temporarily unavailable</body></html>")
    assert "unavailable" in caught.value.excerpt


async def test_login_fields_use_the_current_token() -> None:
    """Both credentials are wrapped with the token the login page just set."""
    driver = Sb8200CbnDriver("http://127.0.0.1:9", "admin", "pw")
    try:
        driver.http.set_cookie("sessionToken", TOKEN)
        page = HttpReply(
            200, 'var HwModel = "SB8200";', CIMultiDictProxy(CIMultiDict()), "http://m/"
        )
        fields = await driver.login_fields(page)
    finally:
        await driver.close()
    assert fields == {
        "Username": "HS:SB8200:" + _independent_encrypt("admin", TOKEN).hex(),
        "Password": "HS:SB8200:" + _independent_encrypt("pw", TOKEN).hex(),
    }


# ---- parsers -------------------------------------------------------------------------------


def test_ofdm_from_rendered_plan() -> None:
    """OFDM receivers give start frequency, power, MER and counters; unused ones are skipped."""
    plan = default_plan()
    result = cbn.parse_ofdm_downstream(render_ofdm_downstream(plan))
    assert len(result.value) == len(plan.ds_ofdm)
    for got, want in zip(result.value, plan.ds_ofdm, strict=True):
        assert got == {
            "channelID": want.channel_id,
            "frequency": f"{want.frequency_mhz:g} MHz",
            "powerLevel": pytest.approx(want.power),
            "type": "OFDM",
            "modulation": "OFDM",
            "mer": pytest.approx(want.snr),
            "corrErrors": want.corrected,
            "nonCorrErrors": want.uncorrectable,
        }
    assert result.diagnostics == ["OFDM receiver 0 not locked: skipped"]


def test_ofdma_from_rendered_plan() -> None:
    """OFDMA power carries a unit ("45.1 dBmV"); inactive channels are skipped."""
    plan = default_plan()
    result = cbn.parse_ofdma_upstream(render_ofdma_upstream(plan))
    assert result.value == [
        {
            "channelID": ch.channel_id,
            "frequency": f"{ch.frequency_mhz:g} MHz",
            "powerLevel": pytest.approx(ch.power),
            "type": "OFDMA",
            "modulation": "OFDMA",
            "multiplex": "OFDMA",
        }
        for ch in plan.us_ofdma
    ]
    assert len(result.diagnostics) == 1


def test_sc_qam_upper_case_modulation() -> None:
    """The CBN firmware spells SC-QAM modulations QAM256 / QAM64."""
    plan = default_plan()
    result = fmt.parse_downstream(render_downstream(plan.ds_qam, mod_style="upper"))
    assert [ch["modulation"] for ch in result.value] == [ch.modulation for ch in plan.ds_qam]


def test_ofdm_without_counters() -> None:
    """Missing or N/A codeword counters are None, never 0."""
    text = (
        f"{HEAD}<ofdm_downstream><ds_ofdm><ChannelID>34</ChannelID>"
        "<start_frequency>847000000</start_frequency><power_ofdm>-1.5</power_ofdm>"
        "<SNR_ofdm>39.0</SNR_ofdm><locked_ofdm>Locked</locked_ofdm>"
        "<PostRs_ofdm>N/A</PostRs_ofdm></ds_ofdm></ofdm_downstream>"
    )
    (channel,) = cbn.parse_ofdm_downstream(text).value
    assert channel["corrErrors"] is None
    assert channel["nonCorrErrors"] is None
    assert channel["frequency"] == "847 MHz"


@pytest.mark.parametrize(
    "text",
    ["<html>Service temporarily unavailable</html>", f"{HEAD}<ofdma_upstream/>", f"{HEAD}<x"],
)
def test_malformed_ofdm_is_an_unexpected_page(text: str) -> None:
    """Anything but an <ofdm_downstream> document raises UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError):
        cbn.parse_ofdm_downstream(text)


# ---- against the simulator -------------------------------------------------------------------


async def test_device_info_and_channels() -> None:
    """Model, firmware, uptime and state; all four channel lanes are filled."""
    async with run_simulator("sb8200_cbn") as sim:
        driver = create_driver("sb8200_cbn", sim.url, "admin", sim.state.password)
        try:
            info, connection, docsis = await read_modem(driver)
        finally:
            await driver.close()
    assert info == {
        "manufacturer": "Arris",
        "model": "SB8200",
        "sw_version": "SB8200.0200.1.2.3.CBN",
        "hw_version": "2.0",
        "uptime_seconds": 123456,
        "docsis_status": "online",
    }
    assert connection == {}
    plan = sim.state.plan
    assert len(docsis["channelDs"]["docsis30"]) == len(plan.ds_qam)
    assert len(docsis["channelDs"]["docsis31"]) == len(plan.ds_ofdm)
    assert len(docsis["channelUs"]["docsis30"]) == len(plan.us_qam)
    assert len(docsis["channelUs"]["docsis31"]) == len(plan.us_ofdma)


async def test_wrong_user_is_an_auth_error() -> None:
    """The user name is checked too (it travels encrypted like the password)."""
    async with run_simulator("sb8200_cbn") as sim:
        driver = create_driver("sb8200_cbn", sim.url, "someone", sim.state.password)
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
        assert sim.state.failed_logins == 1
        assert not sim.state.sessions
    assert sim.state.password not in str(caught.value)


async def test_expired_session_mid_poll_and_logout() -> None:
    """A dead SID means one more login; the poll ends with a fun 16 logout."""
    async with run_simulator("sb8200_cbn") as sim:
        driver = create_driver("sb8200_cbn", sim.url, "admin", sim.state.password)
        try:
            await driver.login()
            sim.state.expire_sessions()
            docsis = await driver.get_docsis_data()
            await driver.finish_poll()
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert sim.state.logouts == 1
    assert not sim.state.sessions
    assert len(docsis["channelDs"]["docsis31"]) == len(sim.state.plan.ds_ofdm)


async def test_detect_tells_the_sb8200_from_the_ch7465() -> None:
    """Only the SB8200 login page declares HwModel SB8200; the CH7465 has none."""
    async with run_simulator("sb8200_cbn") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Sb8200CbnDriver.detect(http) == 95
            assert await Ch7465Driver.detect(http) == 0
        finally:
            await http.close()
        assert sim.state.logins == 0
    async with run_simulator("ch7465") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await Sb8200CbnDriver.detect(http) == 0
        finally:
            await http.close()
