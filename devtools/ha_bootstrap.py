"""Set up the DOCSight integration in a running Home Assistant through its REST API.

Onboards a fresh instance (or logs in to an onboarded one) with the development user, then runs
the integration's config flow against an add-on URL. Used by scripts/develop and the end-to-end
test; run it as `python -m devtools.ha_bootstrap --ha URL --addon URL --token TOKEN`.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

DEV_USER = "dev"
DEV_PASSWORD = "dev-docsight"
DOMAIN = "docsight"


class BootstrapError(RuntimeError):
    """Home Assistant did not do what the bootstrap asked."""


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
    # The remaining onboarding steps are left to the person: "core_config" would add weather
    # and radio integrations whose packages a development set-up does not have.
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


async def ensure_docsight_entry(
    api: HomeAssistantApi, addon_url: str, addon_token: str | None
) -> dict[str, Any]:
    """Run the DOCSight config flow unless an entry exists; return the entry."""
    entries = await api.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
    if entries:
        entry: dict[str, Any] = entries[0]
        return entry
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
    args = parser.parse_args()
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
