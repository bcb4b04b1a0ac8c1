"""Fixtures that start the real add-on server on loopback."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from docsight_server.feature import Feature
from docsight_server.features import FEATURES

from .harness import RunningServer, running_server, wait_for_snapshot
from .postgres import start_cluster, stop_cluster

ServerFactory = Callable[..., AbstractAsyncContextManager[RunningServer]]


@pytest.fixture
def server_factory(tmp_path: Path, socket_enabled: None) -> ServerFactory:
    """Return a function that starts a server on tmp_path/data with extra environment.

    Real loopback sockets: the Home Assistant test plugin blocks sockets unless enabled.
    """

    def factory(
        env: dict[str, str] | None = None,
        *,
        ingress: bool = False,
        data_dir: Path | None = None,
        features: Iterable[Feature] = FEATURES,
    ) -> AbstractAsyncContextManager[RunningServer]:
        return running_server(
            data_dir or tmp_path / "data", env, ingress=ingress, features=features
        )

    return factory


@pytest.fixture
async def open_server(server_factory: ServerFactory) -> AsyncIterator[RunningServer]:
    """A standalone server with no admin password (the API is open)."""
    async with server_factory() as server:
        yield server


@pytest.fixture
async def password_server(server_factory: ServerFactory) -> AsyncIterator[RunningServer]:
    """A standalone server with an admin password from the environment."""
    async with server_factory({"ADMIN_PASSWORD": "correct horse"}) as server:
        yield server


@pytest.fixture(scope="session")
def postgres_base_url() -> Iterator[str]:
    """Start a throwaway PostgreSQL cluster for the session; yield its test database URL.

    Fails (does not skip) when the PostgreSQL server binaries are not installed.
    """
    cluster = start_cluster()
    try:
        yield cluster.url()
    finally:
        stop_cluster(cluster)


@pytest.fixture
async def postgres_url(postgres_base_url: str, socket_enabled: None) -> str:
    """Return the URL of the PostgreSQL test database, emptied for this test."""
    engine = create_async_engine(postgres_base_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()
    return postgres_base_url


@pytest.fixture
async def demo_server(
    server_factory: ServerFactory, seeded_demo_dir: Path, tmp_path: Path
) -> AsyncIterator[RunningServer]:
    """A demo-mode server with the seeded history whose first live poll has finished."""
    data_dir = tmp_path / "demo-data"
    shutil.copytree(seeded_demo_dir, data_dir)
    async with server_factory({"DEMO_MODE": "true"}, data_dir=data_dir) as server:
        await wait_for_snapshot(server.context)
        yield server
