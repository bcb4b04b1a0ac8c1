"""The server is built from its features: no global registries, conflicts refused."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openapi_spec_validator import validate

from docsight_server.api.feature import FEATURE as CORE
from docsight_server.connmon.feature import FEATURE as CONNECTION_MONITOR
from docsight_server.connmon.keys import CONNECTION_MONITOR as MONITOR_KEY
from docsight_server.drivers import BUILTIN_DRIVERS
from docsight_server.drivers.catalog import DriverCatalog
from docsight_server.features import FEATURES
from docsight_server.registries import FeatureConflictError, build_registries
from docsight_server.signal.feature import FEATURE as SIGNAL
from docsight_server.storage.schema import metadata

from .conftest import ServerFactory
from .harness import RunningServer
from .routes import app_routes


def test_each_build_has_its_own_registries() -> None:
    """Two builds share no list or dict: changing one leaves the other as declared."""
    first, second = build_registries(FEATURES), build_registries(FEATURES)
    first.routes.clear()
    first.correlation_sources.clear()
    first.demo_seeders.append(("extra", second.demo_seeders[0][1]))
    assert len(second.routes) == sum(len(feature.routes) for feature in FEATURES)
    assert "connection_monitor" in second.correlation_sources
    assert [name for name, _ in second.demo_seeders] == [
        "signal",
        "connection_monitor",
        "lan_devices",
        "journal",
    ]


def test_conflicting_declarations_are_refused() -> None:
    """A second feature cannot take a route, an operationId or a source another one has."""
    copy = replace(CONNECTION_MONITOR, name="copy", services=())
    with pytest.raises(FeatureConflictError, match="declared by connection_monitor and copy"):
        build_registries((CORE, SIGNAL, CONNECTION_MONITOR, copy))
    renamed = replace(SIGNAL, name="other", routes=(), drivers=(), settings=())
    with pytest.raises(FeatureConflictError, match="Correlation source 'modem'"):
        build_registries((CORE, SIGNAL, renamed))


async def test_two_apps_in_one_process_are_independent(
    server_factory: ServerFactory, tmp_path: Path
) -> None:
    """A server without the connection monitor has none of its routes, sources or services,
    while a full one running beside it in the same process has them all."""
    async with (
        server_factory() as full,
        server_factory(features=(CORE, SIGNAL), data_dir=tmp_path / "small") as small,
    ):
        full_paths = {path for _, path in app_routes(full.app)}
        small_paths = {path for _, path in app_routes(small.app)}
        assert "/api/connection-monitor/targets" in full_paths
        assert not any(path.startswith("/api/connection-monitor") for path in small_paths)
        assert not any(path.startswith("/api/lan") for path in small_paths)
        assert full.context.services.get(MONITOR_KEY) is not None
        assert small.context.services.get(MONITOR_KEY) is None
        assert "connection_monitor" not in small.context.registries.correlation_sources
        status, _, _ = await small.request("GET", "/api/connection-monitor/targets")
        assert status == 404
        status, body, _ = await small.request("GET", "/api/correlation?hours=1")
        assert status == 200
        assert all(entry["source"] != "connection_monitor" for entry in body)
        status, document, _ = await small.request("GET", "/api/openapi.json")
        assert not any(path.startswith("/api/lan") for path in document["paths"])


async def test_openapi_document_is_valid(open_server: RunningServer) -> None:
    """The document passes openapi-spec-validator and every operationId is unique."""
    status, document, _ = await open_server.request("GET", "/api/openapi.json")
    assert status == 200
    validate(document)
    operation_ids = [
        operation["operationId"]
        for item in document["paths"].values()
        for operation in item.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))


def test_every_table_belongs_to_one_feature() -> None:
    """The features' tables are exactly the tables the migrations create, each declared once."""
    registries = build_registries(FEATURES)
    names = [table.name for table in registries.tables]
    assert len(names) == len(set(names))
    assert set(names) == set(metadata.tables)
    declared = set(registries.tables)
    assert all(table in declared for table in registries.demo_tables)


def test_every_route_declares_what_it_answers() -> None:
    """Each route documents a success answer; JSON ones carry a schema with a type."""
    missing = []
    for route in build_registries(FEATURES).routes:
        successes = {status: reply for status, reply in route.responses.items() if status < 400}
        if not successes:
            missing.append(f"{route.method} {route.path}: no success answer")
        for status, reply in successes.items():
            json_answer = reply.content_type == "application/json" and 200 <= status < 300
            if json_answer and not (
                reply.schema and ("type" in reply.schema or "anyOf" in reply.schema)
            ):
                missing.append(f"{route.method} {route.path} {status}: no schema")
    assert missing == []


def test_a_setting_belongs_to_one_feature_and_leaves_with_it() -> None:
    """Settings come from the declarations: without the LAN feature its keys are unknown."""
    schema = build_registries(FEATURES).settings
    assert schema["connection_monitor_tcp_port"].limits == (1, 65535)
    assert "modem_password" in schema.secret_keys
    small = build_registries((CORE, SIGNAL)).settings
    assert "lan_monitoring_enabled" in schema
    assert "lan_monitoring_enabled" not in small
    assert "modem_type" in small
    taken = replace(
        CONNECTION_MONITOR, name="taken", routes=(), services=(), settings=SIGNAL.settings[:1]
    )
    with pytest.raises(
        FeatureConflictError, match="Setting 'modem_type' is declared by signal and taken"
    ):
        build_registries((CORE, SIGNAL, taken))


def test_builtin_driver_entries_name_their_classes() -> None:
    """Each catalog entry imports the class registered under its key (loaded on first use)."""
    assert len({ref.key for ref in BUILTIN_DRIVERS}) == len(BUILTIN_DRIVERS)
    catalog = DriverCatalog(BUILTIN_DRIVERS)
    for ref in BUILTIN_DRIVERS:
        assert catalog[ref.key].key == ref.key
        assert catalog[ref.key] is ref.load()
    assert catalog.get("no-such-modem") is None
