"""Requests through Home Assistant ingress: trusted from the Supervisor, served under a prefix."""

from __future__ import annotations

from .conftest import ServerFactory

PREFIX = "/api/hassio_ingress/abc123DEF"
SUPERVISED = {"SUPERVISOR_TOKEN": "supervisor-secret", "SUPERVISOR_URL": "http://127.0.0.1:9"}


async def test_ingress_callers_are_authenticated_and_session_like(
    server_factory: ServerFactory,
) -> None:
    """Through ingress the API and session-only routes work without a credential."""
    async with server_factory(SUPERVISED, ingress=True) as server:
        headers = {"X-Ingress-Path": PREFIX}
        async with server.session.get(f"{server.ingress_url}/api/config", headers=headers) as r:
            assert r.status == 200
        async with server.session.post(
            f"{server.ingress_url}/api/tokens", headers=headers, json={"name": "from the UI"}
        ) as r:
            assert r.status == 201
        status, _, _ = await server.request("GET", "/api/config")
        assert status == 401  # the API port itself still needs a credential


async def test_ingress_pages_use_the_prefix(server_factory: ServerFactory) -> None:
    """The UI's base href carries X-Ingress-Path so relative links stay inside ingress."""
    async with server_factory(SUPERVISED, ingress=True) as server:
        async with server.session.get(
            f"{server.ingress_url}/", headers={"X-Ingress-Path": PREFIX}
        ) as response:
            page = await response.text()
        assert response.status == 200
        assert f'<base href="{PREFIX}/">' in page
        async with server.session.get(
            f"{server.ingress_url}/", headers={"X-Ingress-Path": '/x"><script>'}
        ) as response:
            page = await response.text()
        assert '<base href="/">' in page  # a malformed prefix is dropped, not echoed


async def test_ingress_port_refuses_other_peers(server_factory: ServerFactory) -> None:
    """Only the Supervisor's proxy address may use the ingress port."""
    env = {**SUPERVISED, "INGRESS_ALLOWED_PEERS": "172.30.32.2"}
    async with server_factory(env, ingress=True) as server:
        async with server.session.get(f"{server.ingress_url}/api/config") as response:
            body = await response.json()
        assert response.status == 403
        assert "Supervisor" in body["error"]
