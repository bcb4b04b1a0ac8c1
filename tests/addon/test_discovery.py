"""Under the Supervisor the add-on creates a token and announces itself to Home Assistant."""

from __future__ import annotations

from pathlib import Path

from docsight_server.app import DISCOVERY_TASK
from docsight_server.storage.meta_repo import get_meta
from docsight_server.supervisor import announce_until_done

from .conftest import ServerFactory
from .fake_supervisor import fake_supervisor

SUPERVISOR_TOKEN = "supervisor-secret"


def supervised_env(url: str) -> dict[str, str]:
    """Return the environment the Supervisor gives an add-on."""
    return {
        "SUPERVISOR_TOKEN": SUPERVISOR_TOKEN,
        "SUPERVISOR_URL": url,
        "DISCOVERY_HOST": "a0d7b954-docsight",
    }


async def test_first_start_announces_a_working_token(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """The discovery config carries host, port and a token that opens the API."""
    async with fake_supervisor(SUPERVISOR_TOKEN) as supervisor:
        async with server_factory(supervised_env(supervisor.url)) as server:
            uuid = await server.app[DISCOVERY_TASK]
            [message] = supervisor.messages
            assert message["service"] == "docsight"
            config = message["config"]
            assert config["host"] == "a0d7b954-docsight"
            assert config["port"] == server.port
            status, _, _ = await server.request("GET", "/api/config")
            assert status == 401
            status, body, _ = await server.request("GET", "/api/tokens", token=config["token"])
            assert status == 200
            assert body["tokens"][0]["kind"] == "integration"
            async with server.context.database.read() as connection:
                assert await get_meta(connection, "discovery_uuid") == uuid
            status, instance, _ = await server.request(
                "GET", "/api/instance", token=config["token"]
            )
            assert status == 200
            assert instance["instance_id"] == config["instance_id"]
            assert len(instance["instance_id"]) == 32
            assert instance["api_version"] == 1
        first_token = config["token"]

        async with server_factory(supervised_env(supervisor.url)) as server:
            await server.app[DISCOVERY_TASK]
            assert supervisor.messages[1]["config"]["token"] == first_token
            status, body, _ = await server.request("GET", "/api/tokens", token=first_token)
            assert len(body["tokens"]) == 1  # the same token, not a new one per start


async def test_revoked_integration_token_is_replaced_on_next_start(
    server_factory: ServerFactory,
) -> None:
    """If the user revokes Home Assistant's token, the next start announces a new one."""
    async with fake_supervisor(SUPERVISOR_TOKEN) as supervisor:
        async with server_factory(supervised_env(supervisor.url)) as server:
            await server.app[DISCOVERY_TASK]
            [token_row] = (
                await server.request(
                    "GET", "/api/tokens", token=supervisor.messages[0]["config"]["token"]
                )
            )[1]["tokens"]
            assert await server.context.auth.revoke_token(token_row["id"])
        async with server_factory(supervised_env(supervisor.url)) as server:
            await server.app[DISCOVERY_TASK]
            new_token = supervisor.messages[1]["config"]["token"]
            assert new_token != supervisor.messages[0]["config"]["token"]
            status, _, _ = await server.request("GET", "/api/config", token=new_token)
            assert status == 200


async def test_announcement_retries_until_the_supervisor_answers(
    server_factory: ServerFactory,
) -> None:
    """A Supervisor that fails twice still gets the message on the third attempt."""
    async with (
        fake_supervisor(SUPERVISOR_TOKEN) as supervisor,
        server_factory() as server,
    ):
        supervisor.fail_next = 2
        config = {"host": "h", "port": 8765, "token": "dsk_x"}
        uuid = await announce_until_done(
            server.context.database, supervisor.url, SUPERVISOR_TOKEN, config, delays=(0, 0, 0)
        )
        assert uuid is not None
        assert supervisor.messages == [{"service": "docsight", "config": config}]
        supervisor.fail_next = 10
        assert (
            await announce_until_done(
                server.context.database, supervisor.url, SUPERVISOR_TOKEN, config, delays=(0,)
            )
            is None
        )
