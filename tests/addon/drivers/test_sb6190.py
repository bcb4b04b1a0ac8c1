"""Arris SB6190: the adv_pwd_cgi login, session expiry, status tables, firmware variants."""

from __future__ import annotations

import base64
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from devtools.modem_sim import run_simulator
from devtools.modem_sim.plan import default_plan
from devtools.modem_sim.sb6183 import render_tables
from devtools.modem_sim.sb6190 import (
    OPEN_FIRMWARE,
    SB6190_STYLE,
    decode_arguments,
    render_login_page,
)
from docsight_server.drivers import DriverAuthError, UnexpectedPageError, create_driver
from docsight_server.drivers.formats import sb6183 as tables
from docsight_server.drivers.formats import sb6190 as fmt
from docsight_server.drivers.sb6190 import Sb6190Driver
from docsight_server.drivers.transport import ModemHttp, TlsMode

pytestmark = pytest.mark.usefixtures("socket_enabled")

PLAN = default_plan().without_docsis31()


def test_login_arguments_known_answer() -> None:
    """Each half is percent-encoded on its own ('=' too), joined by ':', then base64."""
    expected = base64.b64encode(b"username%3Dadmin:password%3Dp%40ss%3Aw%3Drd%20x").decode()
    assert fmt.login_arguments("admin", "p@ss:w=rd x") == expected
    assert (
        fmt.login_arguments("admin", "password")
        == "dXNlcm5hbWUlM0RhZG1pbjpwYXNzd29yZCUzRHBhc3N3b3Jk"
    )


def test_login_form_has_an_eight_digit_nonce() -> None:
    """ar_nonce is eight decimal digits, fresh for every login."""
    nonces = {fmt.login_form("admin", "pw")["ar_nonce"] for _ in range(20)}
    assert all(re.fullmatch(r"\d{8}", nonce) for nonce in nonces)
    assert len(nonces) > 1


def test_simulator_decodes_what_the_driver_sends() -> None:
    """The simulator's check inverts the driver's encoding, colons in the password included."""
    assert decode_arguments(fmt.login_arguments("admin", "a:b=c")) == ("admin", "a:b=c")
    assert decode_arguments("not base64!") is None
    assert decode_arguments(base64.b64encode(b"admin:secret").decode()) is None


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        ("Url:/cgi-bin/status", fmt.LoginOutcome.ACCEPTED),
        ("  Url:/cgi-bin/status\n", fmt.LoginOutcome.ACCEPTED),
        ("Error: Invalid credentials", fmt.LoginOutcome.REFUSED),
        (render_login_page(), fmt.LoginOutcome.REFUSED),
        ("<html><body>Service unavailable</body></html>", fmt.LoginOutcome.UNKNOWN),
    ],
)
def test_login_outcome(body: str, outcome: fmt.LoginOutcome) -> None:
    """The login answer is classified by its prefix, the login form meaning refused."""
    assert fmt.login_outcome(body) is outcome


def test_status_page_in_mhz_spelling() -> None:
    """The SB6190 spells frequencies in MHz and modulations "256QAM"; both parse to the plan."""
    page = render_tables(PLAN, SB6190_STYLE)
    assert "114.00 MHz" in page
    assert ">256QAM<" in page
    ds = tables.parse_downstream(page, "/cgi-bin/status").value
    assert [ch["channelID"] for ch in ds] == [ch.channel_id for ch in PLAN.ds_qam]
    assert ds[0]["frequency"] == "114 MHz"
    assert ds[0]["modulation"] == "64QAM"
    assert ds[1]["modulation"] == "256QAM"
    us = tables.parse_upstream(page, "/cgi-bin/status").value
    assert us[0]["frequency"] == "30.8 MHz"
    assert us[0]["symbolRate"] == 5120
    assert not fmt.is_login_page(page)
    assert fmt.is_login_page(render_login_page())


def test_driver_uses_legacy_tls_and_https_default() -> None:
    """The SB6190 offers only old TLS; the driver defaults to HTTPS with the legacy context."""
    assert Sb6190Driver.tls_mode is TlsMode.LEGACY
    assert Sb6190Driver.default_url.startswith("https://")
    assert Sb6190Driver.default_user == "admin"


async def test_login_sets_the_credential_cookie() -> None:
    """A good login posts an 8-digit nonce and leaves the modem's session cookie in the jar."""
    async with run_simulator("sb6190") as sim:
        driver = create_driver("sb6190", sim.url, sim.state.user, sim.state.password)
        assert isinstance(driver, Sb6190Driver)
        try:
            await driver.login()
            assert driver.http.cookie("credential") in sim.state.sessions
            info = await driver.get_device_info()
        finally:
            await driver.close()
    assert re.fullmatch(r"\d{8}", sim.state.extra["last_nonce"])
    assert sim.state.logins == 1
    assert info["model"] == "SB6190"
    assert info["uptime_seconds"] == PLAN.uptime_seconds
    assert info["sw_version"] == PLAN.sw_version


async def test_wrong_password_is_refused_without_leaking_it() -> None:
    """An "Error:" answer is a DriverAuthError whose message holds no credential."""
    async with run_simulator("sb6190") as sim:
        driver = create_driver("sb6190", sim.url, "admin", "n0t-The-Pw")
        try:
            with pytest.raises(DriverAuthError) as caught:
                await driver.login()
        finally:
            await driver.close()
    assert "n0t-The-Pw" not in str(caught.value)
    assert sim.state.failed_logins == 1


@asynccontextmanager
async def _login_answering(body: str) -> AsyncIterator[str]:
    async def login(request: web.Request) -> web.Response:
        return web.Response(text=body, content_type="text/html")

    app = web.Application()
    app.router.add_post("/cgi-bin/adv_pwd_cgi", login)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url("")).rstrip("/")
    finally:
        await server.close()


async def test_login_page_answer_is_an_auth_error() -> None:
    """Some firmware answers a refused login with the login form itself."""
    async with _login_answering(render_login_page()) as url:
        driver = create_driver("sb6190", url, "admin", "pw")
        try:
            with pytest.raises(DriverAuthError):
                await driver.login()
        finally:
            await driver.close()


async def test_odd_login_answer_is_an_unexpected_page() -> None:
    """A login answer that is neither "Url:" nor a refusal is an unexpected page."""
    async with run_simulator("sb6190") as sim:
        sim.state.garbage = True
        driver = create_driver("sb6190", sim.url, sim.state.user, sim.state.password)
        try:
            with pytest.raises(UnexpectedPageError) as caught:
                await driver.login()
        finally:
            await driver.close()
    assert "unavailable" in caught.value.excerpt.lower()


async def test_expired_session_logs_in_once_more() -> None:
    """The login form in place of the status page triggers exactly one new login."""
    async with run_simulator("sb6190") as sim:
        driver = create_driver("sb6190", sim.url, sim.state.user, sim.state.password)
        try:
            await driver.login()
            sim.state.expire_sessions()
            docsis = await driver.get_docsis_data()
        finally:
            await driver.close()
    assert sim.state.logins == 2
    assert len(docsis["channelDs"]["docsis30"]) == len(PLAN.ds_qam)


async def test_open_firmware_reads_without_login() -> None:
    """Firmware without adv_pwd_cgi serves the pages openly; nothing is logged in."""
    async with run_simulator("sb6190", variant=OPEN_FIRMWARE) as sim:
        driver = create_driver("sb6190", sim.url, sim.state.user, sim.state.password)
        try:
            await driver.login()
            docsis = await driver.get_docsis_data()
        finally:
            await driver.close()
    assert sim.state.logins == 0
    assert len(docsis["channelUs"]["docsis30"]) == len(PLAN.us_qam)


@pytest.mark.parametrize(("key", "confidence"), [("sb6190", 90), ("sb6183", 0), ("sb6141", 0)])
async def test_detect_only_the_sb6190(key: str, confidence: int) -> None:
    """The model span on the start page marks an SB6190; other SURFboards score 0."""
    async with run_simulator(key) as sim:
        http = ModemHttp(sim.url, tls=TlsMode.LEGACY)
        try:
            assert await Sb6190Driver.detect(http) == confidence
        finally:
            await http.close()
        assert sim.state.logins == 0
