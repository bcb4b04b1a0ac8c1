"""Simulator framework: shared state, the garbage-page mode, the registry and a runner."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import secrets
import ssl
import tempfile
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from aiohttp import web

from .plan import ChannelPlan, default_plan

LOOPBACK = "127.0.0.1"
GARBAGE_PAGE = (
    "<html><head><title>Maintenance</title></head><body><h1>Service temporarily "
    "unavailable</h1><p>The device is busy. Please try again later.</p></body></html>"
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class SimState:
    """What a simulated modem knows: credentials, plan, sessions and counters for assertions."""

    user: str
    password: str
    variant: str
    plan: ChannelPlan
    garbage: bool = False
    logins: int = 0
    failed_logins: int = 0
    logouts: int = 0
    lockout_after: int = 0
    sessions: set[str] = field(default_factory=set)
    hits: Counter[str] = field(default_factory=Counter)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def locked_out(self) -> bool:
        """Return whether too many failed logins lock the modem (lockout_after > 0)."""
        return 0 < self.lockout_after <= self.failed_logins

    def check_credentials(self, user: str | None, password: str) -> bool:
        """Compare credentials (user None = not part of this login) and count a failure."""
        good = (user is None or user == self.user) and password == self.password
        if not good:
            self.failed_logins += 1
        return good

    def new_session(self) -> str:
        """Open a session after a good login and return its token."""
        token = secrets.token_hex(16)
        self.sessions.add(token)
        self.logins += 1
        return token

    def session_valid(self, token: str | None) -> bool:
        """Return whether a token names an open session."""
        return token is not None and token in self.sessions

    def end_session(self, token: str | None) -> None:
        """Close a session (logout)."""
        if token in self.sessions:
            self.sessions.discard(token)
            self.logouts += 1

    def expire_sessions(self) -> None:
        """Forget every session, as a modem does after its idle timeout or a reboot."""
        self.sessions.clear()


class ModemSimulator(ABC):
    """One modem family on a loopback port. Subclasses add the family's routes."""

    key: ClassVar[str] = ""
    variants: ClassVar[tuple[str, ...]] = ("default",)
    default_user: ClassVar[str] = "admin"
    needs_login: ClassVar[bool] = True
    checks_user: ClassVar[bool] = True
    docsis31: ClassVar[bool] = True
    has_error_counters: ClassVar[bool] = True
    ofdm_error_counters: ClassVar[bool] = True
    single_session: ClassVar[bool] = False
    probe_twins: ClassVar[tuple[str, ...]] = ()

    def __init__(self, state: SimState) -> None:
        """Bind the simulator to its state."""
        self.state = state

    @property
    def plan(self) -> ChannelPlan:
        """Return the channel plan being served."""
        return self.state.plan

    @abstractmethod
    def add_routes(self, app: web.Application) -> None:
        """Register the family's pages and login endpoints."""

    def expected(self) -> dict[str, list[dict[str, Any]]]:
        """Return the channel values a correct driver reports, as the analyzer stores them."""
        plan = self.plan
        ds = []
        for ch in plan.ds_qam + plan.ds_ofdm:
            counters = self.has_error_counters and (self.ofdm_error_counters or not ch.ofdm)
            ds.append(
                {
                    "channel_id": ch.channel_id,
                    "frequency_mhz": ch.frequency_mhz,
                    "power": ch.power,
                    "snr": ch.snr,
                    "channel_family": "ofdm" if ch.ofdm else "sc_qam",
                    "modulation": None if ch.ofdm else ch.modulation,
                    "correctable_errors": ch.corrected if counters else None,
                    "uncorrectable_errors": ch.uncorrectable if counters else None,
                }
            )
        us = [
            {
                "channel_id": ch.channel_id,
                "frequency_mhz": ch.frequency_mhz,
                "power": ch.power,
                "channel_family": "ofdma" if ch.ofdma else "sc_qam",
                "modulation": None if ch.ofdma else ch.modulation,
            }
            for ch in plan.us_qam + plan.us_ofdma
        ]
        return {"ds": ds, "us": us}

    def build_app(self) -> web.Application:
        """Return the aiohttp application: the garbage switch in front of the family's routes."""
        app = web.Application(middlewares=[self._middleware])
        self.add_routes(app)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        self.state.hits[request.path] += 1
        if self.state.garbage:
            return web.Response(text=GARBAGE_PAGE, content_type="text/html")
        return await handler(request)


SIMULATORS: dict[str, type[ModemSimulator]] = {}
_SUPPORT_MODULES = frozenset(("base", "plan", "__main__"))


def register_simulator(cls: type[ModemSimulator]) -> type[ModemSimulator]:
    """Register a simulator class under its driver key."""
    SIMULATORS[cls.key] = cls
    return cls


def all_simulators() -> dict[str, type[ModemSimulator]]:
    """Import every simulator module and return the registry."""
    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if module.name not in _SUPPORT_MODULES:
            importlib.import_module(f"{__package__}.{module.name}")
    return dict(sorted(SIMULATORS.items()))


@dataclass
class RunningSimulator:
    """A simulator listening on loopback."""

    simulator: ModemSimulator
    url: str
    port: int

    @property
    def state(self) -> SimState:
        """Return the simulator's state."""
        return self.simulator.state


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """Return a server TLS context with a fresh self-signed certificate for 127.0.0.1."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "modem.local")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context


@asynccontextmanager
async def run_simulator(
    key: str,
    *,
    variant: str | None = None,
    user: str | None = None,
    password: str = "sim-Pa55word",
    plan: ChannelPlan | None = None,
    tls: bool = False,
    port: int = 0,
) -> AsyncIterator[RunningSimulator]:
    """Start a family's simulator on loopback (port 0 = any free port) and stop it after."""
    cls = all_simulators()[key]
    chosen = variant or cls.variants[0]
    if plan is None:
        plan = default_plan()
        if not cls.docsis31:
            plan = plan.without_docsis31()
    state = SimState(user or cls.default_user, password, chosen, plan)
    simulator = cls(state)
    runner = web.AppRunner(simulator.build_app(), access_log=None)
    await runner.setup()
    with tempfile.TemporaryDirectory() as directory:
        context = self_signed_context(Path(directory)) if tls else None
        site = web.TCPSite(runner, LOOPBACK, port, ssl_context=context)
        await site.start()
        try:
            bound = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
            scheme = "https" if tls else "http"
            yield RunningSimulator(simulator, f"{scheme}://{LOOPBACK}:{bound}", int(bound))
        finally:
            await runner.cleanup()
