"""Redaction of a capture: encoded credentials, word-like passwords, paths and redirects."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl, quote

import pytest

from devtools.modem_sim import run_simulator
from docsight_server.drivers import create_driver
from docsight_server.drivers.capture.fields import rewrite_fields
from docsight_server.drivers.capture.fileformat import Exchange
from docsight_server.drivers.capture.redaction import Redactor
from docsight_server.drivers.capture.runner import capture_poll

pytestmark = pytest.mark.usefixtures("socket_enabled")

#: Passwords whose base64 "admin:<password>" ends in "==" (pass, S3cr-t7) or in "=" (cable, x9Y_k).
ENCODED_PASSWORDS = ("pass", "S3cr-t7", "cable", "x9Y_k")
WORD_PASSWORDS = ("password", "cable", "admin")
LOGIN_PAGE = (
    "<html><body><h1>Cable modem login</h1><form action='/goform/login' method='post'>"
    '<label for=\'password\'>Password</label><input type="password" name="password" '
    'id="password" autocomplete="current-password"><p>Ask the cable company for the admin '
    "password.</p></form></body></html>"
)


def _credentials(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()


def test_encoded_passwords_end_in_both_paddings() -> None:
    """The parametrization covers both paddings (a guard for the list above)."""
    endings = {_credentials("admin", password)[-2:] for password in ENCODED_PASSWORDS}
    assert {ending.count("=") for ending in endings} == {1, 2}


def test_unchanged_query_keeps_its_spelling() -> None:
    """A query that only looks like a form comes back byte for byte when nothing is replaced."""
    for text in ("YWRtaW46cGFzcw==", "login_YWRtaW46cGFzcw==", "a=%41b&c=d+e&f=="):
        assert rewrite_fields(text, lambda _name, value: value) == text


def test_only_the_changed_value_is_spelled_anew() -> None:
    """Fields around a replaced value keep their spelling."""
    rewritten = rewrite_fields("a=x/y&b=secret&c=d%20e", lambda n, v: "NEW" if n == "b" else v)
    assert rewritten == "a=x/y&b=NEW&c=d%20e"


@pytest.mark.parametrize("password", ENCODED_PASSWORDS)
@pytest.mark.parametrize(("key", "variant"), [("cm8200", None), ("surfboard", "html")])
async def test_base64_credentials_in_the_query_are_redacted(
    key: str, variant: str | None, password: str
) -> None:
    """CM8200 `?<b64>` and SURFboard HTML `?login_<b64>`: no spelling of the credentials stays."""
    async with run_simulator(key, variant=variant, user="admin", password=password) as sim:
        driver = create_driver(key, sim.url, "admin", password)
        result = await capture_poll(driver, product_version="test")
    assert result.capture.outcome.ok, result.capture.outcome.error
    text = json.dumps(result.capture.to_json())
    encoded = _credentials("admin", password)
    spellings = {encoded, encoded.rstrip("="), quote(encoded, safe=""), encoded.replace("=", "%3D")}
    assert sorted(spelling for spelling in spellings if spelling in text) == []
    for exchange in result.capture.exchanges:
        assert not exchange.query.removeprefix("login_").startswith(encoded[:8])


def _login_exchanges(user: str, password: str) -> list[Exchange]:
    return [
        Exchange("GET", "/login.html", body=LOGIN_PAGE),
        Exchange(
            "POST",
            "/goform/login",
            request_body=f"username={user}&password={password}",
            body=json.dumps({"result": "ok", "user": user, "password": password}),
        ),
        Exchange("GET", "/status.html", body="<p>The cable modem is online.</p>"),
    ]


@pytest.mark.parametrize("password", WORD_PASSWORDS)
def test_word_passwords_are_replaced_only_as_values(password: str) -> None:
    """A password that is an ordinary word leaves page text and field names readable."""
    redacted = Redactor("technician", password).redact(_login_exchanges("technician", password))
    page, login, status = redacted
    assert page.body == LOGIN_PAGE
    assert status.body == "<p>The cable modem is online.</p>"
    sent = dict(parse_qsl(login.request_body))
    answer = json.loads(login.body)
    assert password not in (sent["password"], answer["password"])
    assert sent["password"] == answer["password"]
    text = json.dumps([page.body, login.request_body, login.body]).upper()
    assert "REDACTED-PASSWORD" not in text
    assert "REDACTED-SECRET-" in text


async def test_word_password_against_a_form_login_modem() -> None:
    """A real form login (CM3000) with the password "password": login works, no value leaks."""
    async with run_simulator("cm3000", variant="form", password="password") as sim:
        driver = create_driver("cm3000", sim.url, sim.state.user, "password")
        result = await capture_poll(driver, product_version="test")
    assert result.capture.outcome.ok, result.capture.outcome.error
    text = json.dumps(result.capture.to_json())
    assert 'type=\\"password\\" name=\\"loginPassword\\"' in text
    assert "REDACTED-PASSWORD" not in text
    for exchange in result.capture.exchanges:
        assert "password" not in dict(parse_qsl(exchange.request_body)).values()


def test_secrets_in_paths_and_redirects_are_replaced() -> None:
    """A session token handed out at login is replaced in later paths and Location headers."""
    token = "f3a9c2e17b4d8a60"
    exchanges = [
        Exchange("POST", "/login", request_body="password=S3cret-Pa55", body=token),
        Exchange(
            "GET",
            f"/session/{token}/status.html",
            status=302,
            headers=[["Location", f"/session/{token}/channels.html?x=1"]],
        ),
        Exchange("GET", f"/session/{token}/channels.html", query="x=1", body="<p>ok</p>"),
    ]
    redacted = Redactor("admin", "S3cret-Pa55").redact(exchanges)
    text = json.dumps([[e.path, e.headers, e.body] for e in redacted])
    assert token not in text
    assert redacted[1].header("Location").split("?")[0] == redacted[2].path
    assert redacted[2].path.startswith("/session/")


def test_letter_only_secret_under_a_secret_name_is_replaced() -> None:
    """A 6-15 letter value named like a secret (sessionToken) counts as one."""
    exchanges = [
        Exchange("POST", "/login", body=json.dumps({"sessionToken": "qwkzhvbnmt"})),
        Exchange("GET", "/data", query="sessionToken=qwkzhvbnmt", body="<p>data</p>"),
    ]
    redacted = Redactor("admin", "S3cret-Pa55").redact(exchanges)
    text = json.dumps([[e.query, e.body] for e in redacted])
    assert "qwkzhvbnmt" not in text
    assert json.loads(redacted[0].body)["sessionToken"] in redacted[1].query
