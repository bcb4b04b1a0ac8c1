"""Sagemcom F@st 3896 XMO: auth hashes, envelopes, replies, channel records, sessions."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from devtools.modem_sim import run_simulator
from devtools.modem_sim.plan import default_plan
from devtools.modem_sim.sagemcom import render_downstreams, render_upstreams
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.formats import sagemcom as fmt
from docsight_server.drivers.sagemcom import SagemcomDriver
from docsight_server.drivers.transport import ModemHttp

from .contract import read_modem

pytestmark = pytest.mark.usefixtures("socket_enabled")


def _sha512(text: str) -> str:
    return hashlib.sha512(text.encode()).hexdigest()


def _ok(description: str = "XMO_NO_ERR") -> dict[str, Any]:
    return {"code": 1, "description": description}


# ---- crypto and envelope -------------------------------------------------------------------


def test_credential_and_auth_key_known_answers() -> None:
    """credential = SHA512(user:nonce:SHA512(pw)); key = SHA512(cred:id:cnonce:JSON:path)."""
    credential = _sha512("admin:4711:" + _sha512("pa55"))
    assert fmt.credential_hash("admin", "pa55", "4711") == credential
    want = _sha512(f"{credential}:3:98765:JSON:/cgi/json-req")
    assert fmt.auth_key(credential, 3, 98765) == want


def test_login_request_envelope() -> None:
    """The logIn request carries session 0 and a key from the nonce-less credential."""
    credential = fmt.credential_hash("admin", "pa55", "")
    request = fmt.build_request(
        request_id=0,
        session_id=0,
        cnonce=12345,
        credential=credential,
        actions=[fmt.login_action("admin")],
    )["request"]
    assert request["session-id"] == 0
    assert request["actions"][0]["method"] == "logIn"
    assert request["actions"][0]["parameters"]["user"] == "admin"
    assert request["auth-key"] == _sha512(
        _sha512("admin::" + _sha512("pa55")) + ":0:12345:JSON:/cgi/json-req"
    )
    assert "pa55" not in json.dumps(request)


def test_get_value_actions_number_the_xpaths() -> None:
    """Each XPath becomes one getValue action with its own id."""
    actions = fmt.get_value_actions([fmt.DOWNSTREAMS, fmt.UPSTREAMS])
    assert [(a["id"], a["method"], a["xpath"]) for a in actions] == [
        (0, "getValue", fmt.DOWNSTREAMS),
        (1, "getValue", fmt.UPSTREAMS),
    ]


# ---- replies -------------------------------------------------------------------------------


def test_login_reply_gives_session_and_nonce() -> None:
    """logIn's callback parameters hold the session id and server nonce."""
    payload = {
        "reply": {
            "error": _ok("XMO_REQUEST_NO_ERR"),
            "actions": [
                {
                    "error": _ok(),
                    "callbacks": [{"parameters": {"id": 815, "nonce": "2222"}}],
                }
            ],
        }
    }
    reply = fmt.parse_reply(payload)
    assert reply.errors == []
    assert fmt.parse_login(reply) == (815, "2222")


def test_error_replies_list_their_descriptions() -> None:
    """Request and action errors other than success are collected."""
    payload = {
        "reply": {
            "error": _ok("XMO_REQUEST_ACTION_ERR"),
            "actions": [{"error": _ok("XMO_AUTHENTICATION_ERR")}],
        }
    }
    assert fmt.parse_reply(payload).errors == ["XMO_REQUEST_ACTION_ERR", "XMO_AUTHENTICATION_ERR"]


@pytest.mark.parametrize(
    "payload", [{}, {"reply": {}}, {"reply": "x"}, [], {"reply": {"error": 1}}]
)
def test_non_xmo_answers_are_unexpected(payload: Any) -> None:
    """Anything without an XMO reply envelope raises UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError):
        fmt.parse_reply(payload, "text")


def test_missing_value_is_unexpected() -> None:
    """A getValue callback without a value cannot be read."""
    reply = fmt.parse_reply(
        {
            "reply": {
                "error": _ok(),
                "actions": [{"error": _ok(), "callbacks": [{"parameters": {}}]}],
            }
        }
    )
    with pytest.raises(UnexpectedPageError):
        reply.value(0)
    with pytest.raises(UnexpectedPageError):
        reply.value(1)


# ---- channel records -----------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["channel-type", "legacy"])
def test_records_from_rendered_plan_match_the_plan(variant: str) -> None:
    """Both firmware variants split SC-QAM from OFDM/OFDMA and keep the plan's values."""
    plan = default_plan()
    result = fmt.parse_downstreams(render_downstreams(plan, variant))
    qam, ofdm = result.value
    assert [ch["channelID"] for ch in qam] == [ch.channel_id for ch in plan.ds_qam]
    for got, want in zip(qam, plan.ds_qam, strict=True):
        assert got["frequency"] == f"{want.frequency_mhz:g} MHz"
        assert got["powerLevel"] == pytest.approx(want.power)
        assert got["mse"] == pytest.approx(-want.snr)
        assert got["modulation"] == want.modulation
        assert (got["corrErrors"], got["nonCorrErrors"]) == (want.corrected, want.uncorrectable)
    assert [ch["channelID"] for ch in ofdm] == [ch.channel_id for ch in plan.ds_ofdm]
    assert all(ch["type"] == "OFDM" and ch["modulation"] == "4096QAM" for ch in ofdm)
    assert [ch["mer"] for ch in ofdm] == [ch.snr for ch in plan.ds_ofdm]
    assert any("not locked" in note for note in result.diagnostics)
    us_qam, ofdma = fmt.parse_upstreams(render_upstreams(plan, variant)).value
    assert [ch["channelID"] for ch in us_qam] == [ch.channel_id for ch in plan.us_qam]
    assert [ch["channelID"] for ch in ofdma] == [ch.channel_id for ch in plan.us_ofdma]
    assert us_qam[0]["modulation"] == "64QAM"


def test_record_quirks() -> None:
    """String lock states, missing counters, OFDM named in Modulation, typed records."""
    downstreams = [
        {"ChannelID": 3, "Frequency": 602000000, "Modulation": "QAM256", "PowerLevel": 2.5,
         "SNR": 39.0, "LockStatus": "Locked"},
        {"ChannelID": 4, "Frequency": 610000000, "LockStatus": "NotLocked"},
        {"ChannelID": 34, "Frequency": 750000000, "Modulation": "OFDM", "PowerLevel": 1.0,
         "SNR": 41.5, "CorrectableCodewords": 5, "UncorrectableCodewords": 0},
        {"ChannelID": 5, "Frequency": 618000000, "Modulation": "QAM4096", "ChannelType": "SC-QAM",
         "BandWidth": 96000000, "PowerLevel": 0.5, "SNR": 38.0},
    ]  # fmt: skip
    qam, ofdm = fmt.parse_downstreams(downstreams).value
    assert [ch["channelID"] for ch in qam] == [3, 5]
    assert qam[0]["corrErrors"] is None
    assert qam[0]["modulation"] == "256QAM"
    assert ofdm[0]["modulation"] == "OFDM"
    assert (ofdm[0]["mer"], ofdm[0]["nonCorrErrors"]) == (41.5, 0)
    upstreams = [
        {"ChannelID": 1, "Frequency": 36000000, "BandWidth": 6400000, "Modulation": "QAM64",
         "PowerLevel": 44.0, "SymbolRate": 5120},
        {"ChannelID": 9, "Frequency": 40000000, "BandWidth": 44000000, "Modulation": "QAM1024",
         "PowerLevel": 43.0},
    ]  # fmt: skip
    us_qam, ofdma = fmt.parse_upstreams(upstreams).value
    assert us_qam[0]["symbolRate"] == 5120
    assert ofdma[0]["channelID"] == 9
    assert ofdma[0]["multiplex"] == "OFDMA"


def test_malformed_records_are_unexpected() -> None:
    """A value that is not a list of records raises UnexpectedPageError."""
    with pytest.raises(UnexpectedPageError):
        fmt.parse_downstreams({"ChannelID": 1})
    with pytest.raises(UnexpectedPageError):
        fmt.parse_upstreams(["x"])


# ---- driver against the simulator ----------------------------------------------------------


async def test_session_reused_then_logged_out_on_close() -> None:
    """Polls share one session; close() sends logOut."""
    async with run_simulator("sagemcom") as sim:
        driver = create_driver("sagemcom", sim.url, sim.state.user, sim.state.password)
        try:
            info, connection, _ = await read_modem(driver)
            await read_modem(driver)
            assert sim.state.logins == 1
        finally:
            await driver.close()
        assert sim.state.logouts == 1
        assert not sim.state.sessions
    assert info == {
        "manufacturer": "Sagemcom",
        "model": "F@st 3896",
        "sw_version": sim.state.plan.sw_version,
        "uptime_seconds": sim.state.plan.uptime_seconds,
    }
    assert connection == {}


async def test_simulator_rejects_a_bad_auth_key() -> None:
    """A request signed with the wrong credential is refused; the driver re-logs in once."""
    async with run_simulator("sagemcom") as sim:
        driver = SagemcomDriver(sim.url, sim.state.user, sim.state.password)
        try:
            await driver.login()
            driver.credential = fmt.credential_hash(sim.state.user, "other", "0")
            info = await driver.get_device_info()
        finally:
            await driver.close()
        assert info["model"] == "F@st 3896"
        assert sim.state.logins == 2


async def test_simulator_rejects_a_replayed_request_id() -> None:
    """Request ids must grow within a session."""
    async with run_simulator("sagemcom") as sim:
        driver = SagemcomDriver(sim.url, sim.state.user, sim.state.password)
        try:
            await driver.login()
            await driver.get_device_info()
            driver.request_id -= 1
            reply = await driver._send(fmt.get_value_actions([fmt.MODEL_NAME]))
        finally:
            await driver.close()
    assert reply.errors == ["XMO_AUTHENTICATION_ERR"]


async def test_wrong_user_is_refused() -> None:
    """The credential hash binds the user name, so a wrong user fails too."""
    async with run_simulator("sagemcom") as sim:
        driver = create_driver("sagemcom", sim.url, "guest", sim.state.password)
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
        assert sim.state.failed_logins == 1
        assert sim.state.password not in str(caught.value)


async def test_detect_ignores_other_families() -> None:
    """A FRITZ!Box has no /cgi/json-req: the XMO detector answers 0."""
    async with run_simulator("fritzbox") as sim:
        http = ModemHttp(sim.url)
        try:
            assert await SagemcomDriver.detect(http) == 0
        finally:
            await http.close()


def test_upstream_without_a_qam_order_carries_the_channel_type() -> None:
    """An empty Modulation gives the ChannelType the record states; a QAM order wins."""
    upstreams = [
        {"ChannelID": 1, "Frequency": 36000000, "BandWidth": 6400000, "Modulation": "",
         "ChannelType": "ATDMA", "PowerLevel": 44.0},
        {"ChannelID": 2, "Frequency": 42400000, "BandWidth": 6400000, "Modulation": "QAM64",
         "ChannelType": "ATDMA", "PowerLevel": 44.5},
    ]  # fmt: skip
    us_qam, _ = fmt.parse_upstreams(upstreams).value
    assert [ch["modulation"] for ch in us_qam] == ["ATDMA", "64QAM"]
