"""GET /metrics: who needs a credential, and WAN addresses only for credentialed callers."""

from __future__ import annotations

from docsight_server.outputs.prometheus import format_metrics
from docsight_server.signal.routes.metrics import without_private_series

from .conftest import ServerFactory
from .harness import RunningServer
from .test_login import login
from .test_metrics import CONTENT_TYPE, full_state, only, parse
from .test_tokens import create_token

WAN_FAMILIES = {"docsight_device_wan_ipv4_info", "docsight_device_wan_ipv6_info"}


def show_full_device(server: RunningServer) -> None:
    """Put the synthetic modem identity (with both WAN addresses) into the live state."""
    server.context.state.device_info = full_state()["device_info"]


def assert_no_wan(text: str) -> None:
    """Assert neither WAN address nor its family appears anywhere in the exposition."""
    assert "198.51.100.7" not in text
    assert "2001:db8::1" not in text
    assert not WAN_FAMILIES & set(parse(text))
    assert only(parse(text), "docsight_device_info").labels["sw_version"] == "7.57"


async def test_metrics_need_a_credential_with_a_password(password_server: RunningServer) -> None:
    """With an admin password /metrics answers 401 to anonymous callers (issue 13)."""
    show_full_device(password_server)
    status, text, response = await password_server.request("GET", "/metrics")
    assert (status, text) == (401, "Authentication required\n")
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert "198.51.100.7" not in text


async def test_metrics_with_a_token_or_a_session(password_server: RunningServer) -> None:
    """A token or a signed-in browser gets everything, WAN addresses included."""
    show_full_device(password_server)
    await login(password_server)
    status, text, _ = await password_server.request("GET", "/metrics")
    assert status == 200
    assert only(parse(text), "docsight_device_wan_ipv4_info").labels == {"wan_ipv4": "198.51.100.7"}
    token = (await create_token(password_server))["token"]
    password_server.session.cookie_jar.clear()
    status, text, _ = await password_server.request("GET", "/metrics", token=token)
    assert status == 200
    assert set(parse(text)) >= WAN_FAMILIES
    status, text, _ = await password_server.request("GET", "/metrics", token="dsk_not-a-token")
    assert (status, text) == (401, "Authentication required\n")


async def test_metrics_public_opens_them_without_wan(server_factory: ServerFactory) -> None:
    """metrics_public serves anonymous scrapes, but never the WAN addresses."""
    env = {"ADMIN_PASSWORD": "correct horse", "METRICS_PUBLIC": "true"}
    async with server_factory(env) as server:
        show_full_device(server)
        status, text, response = await server.request("GET", "/metrics")
        assert status == 200
        assert response.headers["Content-Type"] == CONTENT_TYPE
        assert_no_wan(text)
        assert "docsight_health_status" in parse(text)
        token = (await server.context.auth.create_token("prometheus")).token
        status, text, _ = await server.request("GET", "/metrics", token=token)
        assert set(parse(text)) >= WAN_FAMILIES
        status, _, _ = await server.request("GET", "/metrics", token="dsk_revoked-or-wrong")
        assert status == 401


async def test_open_mode_hides_wan_from_anonymous_scrapes(open_server: RunningServer) -> None:
    """Without a password /metrics stays open, the WAN addresses only with a token."""
    show_full_device(open_server)
    status, text, _ = await open_server.request("GET", "/metrics")
    assert status == 200
    assert_no_wan(text)
    assert only(parse(text), "docsight_device_uptime_seconds").value == 3600
    token = (await open_server.context.auth.create_token("prometheus")).token
    status, text, _ = await open_server.request("GET", "/metrics", token=token)
    assert status == 200
    assert only(parse(text), "docsight_device_wan_ipv6_info").labels == {"wan_ipv6": "2001:db8::1"}


async def test_ingress_gets_the_full_metrics(server_factory: ServerFactory) -> None:
    """Through ingress (Home Assistant signed the user in) the WAN addresses are shown."""
    env = {"SUPERVISOR_TOKEN": "supervisor-secret", "SUPERVISOR_URL": "http://127.0.0.1:9"}
    async with server_factory(env, ingress=True) as server:
        show_full_device(server)
        async with server.session.get(f"{server.ingress_url}/metrics") as response:
            assert response.status == 200
            assert set(parse(await response.text())) >= WAN_FAMILIES
        status, _, _ = await server.request("GET", "/metrics")
        assert status == 401


def test_private_series_are_dropped_with_their_family() -> None:
    """Only samples with a WAN label go; families keeping other samples keep HELP and TYPE."""
    text = format_metrics(**full_state())
    text += '# HELP x_info mixed\n# TYPE x_info gauge\nx_info{wan_ipv4="1.2.3.4"} 1\nx_info 2\n'
    kept = without_private_series(text)
    families = parse(kept)
    assert not WAN_FAMILIES & set(families)
    assert "# HELP docsight_device_wan_ipv4_info" not in kept
    assert only(families, "x_info").value == 2
    assert set(families) == set(parse(text)) - WAN_FAMILIES


async def test_metrics_require_token(server_factory: ServerFactory) -> None:
    """With metrics_require_token only a valid bearer API token gets the metrics."""
    async with server_factory({"METRICS_REQUIRE_TOKEN": "true"}) as server:
        assert server.context.settings.get("metrics_require_token") is True
        for token in (None, "dsk_not-a-real-token"):
            status, text, response = await server.request("GET", "/metrics", token=token)
            assert (status, text) == (401, "Authentication required\n")
            assert response.content_type == "text/plain"
        status, text, _ = await server.request(
            "GET", "/metrics", headers={"Authorization": "Basic eDp5"}
        )
        assert status == 401
        token = (await create_token(server))["token"]
        status, text, response = await server.request("GET", "/metrics", token=token)
        assert status == 200
        assert response.headers["Content-Type"] == CONTENT_TYPE
        assert "docsight_health_status" in parse(text)


async def test_metrics_token_gate_refuses_a_session(server_factory: ServerFactory) -> None:
    """The gate wants an API token: a logged-in browser session is not enough."""
    env = {"METRICS_REQUIRE_TOKEN": "true", "ADMIN_PASSWORD": "correct horse"}
    async with server_factory(env) as server:
        await login(server)
        status, _, _ = await server.request("GET", "/metrics")
        assert status == 401
        token = (await create_token(server))["token"]
        server.session.cookie_jar.clear()
        status, _, _ = await server.request("GET", "/metrics", token=token)
        assert status == 200


async def test_metrics_need_a_token_under_the_supervisor(server_factory: ServerFactory) -> None:
    """As an add-on the API port is never open without a credential, /metrics included."""
    env = {"SUPERVISOR_TOKEN": "supervisor-secret", "SUPERVISOR_URL": "http://127.0.0.1:9"}
    async with server_factory(env) as server:
        status, body, _ = await server.request("GET", "/metrics")
        assert (status, body) == (401, "Authentication required\n")
        created = await server.context.auth.create_token("prometheus")
        status, body, _ = await server.request("GET", "/metrics", token=created.token)
        assert status == 200
        assert "docsight_health_status 4" in body
