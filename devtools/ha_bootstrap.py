"""Set up the DOCSight integration in a running Home Assistant through its REST API.

Before the first start, `prepare_config` finishes Home Assistant's onboarding in its storage
except for the owner. Then, with Home Assistant running, the bootstrap creates the development
owner (or logs in as it) and runs the integration's config flow against an add-on URL, replacing
an entry whose add-on turned out to be another installation. scripts/develop runs
`python -m devtools.ha_bootstrap --prepare-config DIR` before the start, then
`python -m devtools.ha_bootstrap --ha URL --addon URL [--token TOKEN]`; the end-to-end test
uses the second part.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

DEV_USER = "dev"
DEV_PASSWORD = "dev-docsight"
DOMAIN = "docsight"
#: Onboarding steps marked done in storage before the first start. Finishing them in the wizard
#: would set up weather, radio, translation and shopping-list entries whose packages a
#: development set-up lacks (errors on every start). The owner ("user") is made through the API.
PRESET_ONBOARDING_STEPS = ("core_config", "analytics", "integration")
#: Home Assistant's storage formats of the onboarding state and the core configuration.
ONBOARDING_STORE = ("onboarding", 4, 1)
CORE_CONFIG_STORE = ("core.config", 1, 4)
#: The location the wizard would have asked for: Berlin (DOCSight's users are mostly on German
#: cable networks); a country also keeps the "country not configured" repair away.
DEV_CORE_CONFIG: dict[str, Any] = {
    "latitude": 52.52,
    "longitude": 13.405,
    "elevation": 34,
    "unit_system_v2": "metric",
    "location_name": "DOCSight development",
    "time_zone": "Europe/Berlin",
    "external_url": None,
    "internal_url": None,
    "currency": "EUR",
    "country": "DE",
    "language": "en",
    "radius": 100,
}
#: The translation key of the set-up error of an entry whose add-on is another installation.
INSTANCE_CHANGED = "instance_changed"
#: Entry states of a set-up that has not ended yet.
SETTING_UP = ("not_loaded", "setup_in_progress")


class BootstrapError(RuntimeError):
    """Home Assistant did not do what the bootstrap asked."""


def _read_store(path: Path) -> dict[str, Any] | None:
    """Return a storage file of Home Assistant, or None when it is missing."""
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    return data


def _write_store(path: Path, store: tuple[str, int, int], data: dict[str, Any]) -> None:
    """Write a storage file the way Home Assistant does (private, replaced atomically)."""
    key, version, minor_version = store
    text = json.dumps(
        {"version": version, "minor_version": minor_version, "key": key, "data": data}, indent=2
    )
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text)
    os.chmod(partial, 0o600)
    partial.replace(path)


def prepare_config(config_dir: Path) -> list[str]:
    """Before Home Assistant starts: finish onboarding but the owner, set a location.

    Keeps what is there (steps already done, a configured location); returns the steps done.
    """
    storage = config_dir / ".storage"
    storage.mkdir(parents=True, exist_ok=True)
    onboarding = _read_store(storage / ONBOARDING_STORE[0]) or {}
    done = [str(step) for step in onboarding.get("data", {}).get("done", [])]
    done += [step for step in PRESET_ONBOARDING_STEPS if step not in done]
    _write_store(storage / ONBOARDING_STORE[0], ONBOARDING_STORE, {"done": done})
    if _read_store(storage / CORE_CONFIG_STORE[0]) is None:
        _write_store(storage / CORE_CONFIG_STORE[0], CORE_CONFIG_STORE, DEV_CORE_CONFIG)
    return done


@dataclass
class HomeAssistantApi:
    """An authenticated session with Home Assistant's REST API."""

    session: aiohttp.ClientSession
    base_url: str
    access_token: str

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}

    async def get(self, path: str) -> Any:
        """GET a JSON resource."""
        async with self.session.get(self.base_url + path, headers=self._headers()) as response:
            if response.status != 200:
                raise BootstrapError(f"GET {path}: {response.status} {await response.text()}")
            return await response.json()

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        """POST JSON and return the JSON answer."""
        async with self.session.post(
            self.base_url + path, json=body, headers=self._headers()
        ) as response:
            if response.status not in (200, 201):
                raise BootstrapError(f"POST {path}: {response.status} {await response.text()}")
            return await response.json()

    async def delete(self, path: str) -> None:
        """DELETE a resource."""
        async with self.session.delete(self.base_url + path, headers=self._headers()) as response:
            if response.status != 200:
                raise BootstrapError(f"DELETE {path}: {response.status} {await response.text()}")


async def wait_until_up(session: aiohttp.ClientSession, base_url: str, limit: float) -> None:
    """Wait until Home Assistant's HTTP server answers (any status)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            async with session.get(base_url + "/api/onboarding") as response:
                if response.status in (200, 401, 404):
                    return
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise BootstrapError(f"Home Assistant did not answer at {base_url} within {limit} s")
        await asyncio.sleep(0.5)


async def _token_from_code(session: aiohttp.ClientSession, base_url: str, code: str) -> str:
    form = {"grant_type": "authorization_code", "code": code, "client_id": base_url + "/"}
    async with session.post(base_url + "/auth/token", data=form) as response:
        if response.status != 200:
            raise BootstrapError(f"/auth/token: {response.status} {await response.text()}")
        return str((await response.json())["access_token"])


async def _onboard(session: aiohttp.ClientSession, base_url: str) -> str | None:
    """Create the development owner on a fresh instance; None when already onboarded."""
    async with session.get(base_url + "/api/onboarding") as response:
        steps = await response.json() if response.status == 200 else []
    if not any(step.get("step") == "user" and not step.get("done") for step in steps):
        return None
    body = {
        "client_id": base_url + "/",
        "name": "Developer",
        "username": DEV_USER,
        "password": DEV_PASSWORD,
        "language": "en",
    }
    async with session.post(base_url + "/api/onboarding/users", json=body) as response:
        if response.status != 200:
            raise BootstrapError(f"onboarding: {response.status} {await response.text()}")
        code = (await response.json())["auth_code"]
    # The other steps are done in storage by prepare_config: the wizard's "core_config" would
    # add weather and radio integrations whose packages a development set-up does not have.
    return await _token_from_code(session, base_url, code)


async def _login(session: aiohttp.ClientSession, base_url: str) -> str:
    """Log in as the development user on an onboarded instance."""
    client_id = base_url + "/"
    start = {"client_id": client_id, "handler": ["homeassistant", None], "redirect_uri": client_id}
    async with session.post(base_url + "/auth/login_flow", json=start) as response:
        flow_id = (await response.json())["flow_id"]
    credentials = {"username": DEV_USER, "password": DEV_PASSWORD, "client_id": client_id}
    async with session.post(base_url + f"/auth/login_flow/{flow_id}", json=credentials) as response:
        result = await response.json()
    if result.get("type") != "create_entry":
        raise BootstrapError(f"login as {DEV_USER!r} failed: {result}")
    return await _token_from_code(session, base_url, result["result"])


async def authenticate(session: aiohttp.ClientSession, base_url: str) -> HomeAssistantApi:
    """Return an API session as the development user (onboarding first when needed)."""
    token = await _onboard(session, base_url) or await _login(session, base_url)
    return HomeAssistantApi(session, base_url, token)


async def open_addon_token(session: aiohttp.ClientSession, addon_url: str) -> str:
    """Create an API token on an add-on without an admin password (its API is open)."""
    body = {"name": "Home Assistant (development)"}
    async with session.post(addon_url + "/api/tokens", json=body) as response:
        if response.status != 201:
            raise BootstrapError(f"the add-on refused a token: {response.status}")
        return str((await response.json())["token"])


async def _settled_entries(api: HomeAssistantApi, limit: float = 60) -> list[dict[str, Any]]:
    """Return the DOCSight entries once none is still being set up (or after `limit` s)."""
    deadline = time.monotonic() + limit
    while True:
        entries: list[dict[str, Any]] = await api.get(
            f"/api/config/config_entries/entry?domain={DOMAIN}"
        )
        starting = [
            entry
            for entry in entries
            if entry.get("state") in SETTING_UP and not entry.get("disabled_by")
        ]
        if not starting or time.monotonic() > deadline:
            return entries
        await asyncio.sleep(0.5)


async def ensure_docsight_entry(
    api: HomeAssistantApi, addon_url: str, addon_token: str | None
) -> dict[str, Any]:
    """Run the DOCSight config flow unless an entry exists; return the entry.

    An entry whose add-on reports another installation (the data directory changed, as between
    the demo and MODEM_SIM runs of scripts/develop) is removed first instead of kept.
    """
    entries = await _settled_entries(api)
    for entry in entries:
        if entry.get("error_reason_translation_key") == INSTANCE_CHANGED:
            await api.delete(f"/api/config/config_entries/entry/{entry['entry_id']}")
        else:
            kept: dict[str, Any] = entry
            return kept
    if addon_token is None:
        addon_token = await open_addon_token(api.session, addon_url)
    step = await api.post("/api/config/config_entries/flow", {"handler": DOMAIN})
    if step.get("type") != "form":
        raise BootstrapError(f"unexpected first step: {step}")
    answer = {"url": addon_url, "token": addon_token}
    names = {field["name"] for field in step.get("data_schema", [])}
    result = await api.post(
        f"/api/config/config_entries/flow/{step['flow_id']}",
        {key: value for key, value in answer.items() if key in names},
    )
    if result.get("type") != "create_entry":
        raise BootstrapError(f"the config flow did not create an entry: {result}")
    created: dict[str, Any] = result["result"]
    return created


async def bootstrap(
    ha_url: str, addon_url: str, addon_token: str | None, limit: float
) -> dict[str, Any]:
    """Wait for Home Assistant, authenticate, and make sure DOCSight is set up."""
    async with aiohttp.ClientSession() as session:
        await wait_until_up(session, ha_url, limit)
        api = await authenticate(session, ha_url)
        return await ensure_docsight_entry(api, addon_url, addon_token)


def main() -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python -m devtools.ha_bootstrap")
    parser.add_argument("--ha", default="http://127.0.0.1:8123")
    parser.add_argument("--addon", default="http://127.0.0.1:8765")
    parser.add_argument("--token", help="an API token of the add-on (default: create one)")
    parser.add_argument("--wait", type=float, default=180, help="seconds to wait for HA")
    parser.add_argument(
        "--prepare-config",
        type=Path,
        metavar="DIR",
        help="before Home Assistant's start: finish onboarding (but the owner) in DIR and exit",
    )
    args = parser.parse_args()
    if args.prepare_config is not None:
        prepare_config(args.prepare_config)
        return 0
    try:
        entry = asyncio.run(bootstrap(args.ha, args.addon, args.token, args.wait))
    except BootstrapError as err:
        print(f"DOCSight set-up in Home Assistant failed: {err}", file=sys.stderr)
        return 1
    print(f"DOCSight is set up in Home Assistant ({entry.get('title')}, {entry.get('entry_id')})")
    print(f"Log in at {args.ha}/ as {DEV_USER} / {DEV_PASSWORD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
