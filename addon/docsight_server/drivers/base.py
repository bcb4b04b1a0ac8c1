"""The driver contract: log in, read device and connection info, read the DOCSIS tables."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Protocol, TypeVar

import aiohttp

if TYPE_CHECKING:
    from .transport import ModemHttp

EXCERPT_CHARS = 200
#: Parser notes kept per poll (skipped rows, odd cells); any beyond this are dropped.
MAX_DIAGNOSTICS = 50
T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@dataclass(slots=True)
class ParseResult(Generic[T]):
    """A parsed value and what the parser noticed on the way (skipped rows, odd cells)."""

    value: T
    diagnostics: list[str] = field(default_factory=list)


class Parsed(Protocol[T_co]):
    """What a driver takes from a parser: a value and notes (read-only, so covariant)."""

    @property
    def value(self) -> T_co:
        """Return the parsed value."""

    @property
    def diagnostics(self) -> list[str]:
        """Return the parser's notes."""


class DriverError(Exception):
    """A modem could not be read; the message is safe to show (no credentials)."""


class DriverAuthError(DriverError):
    """The modem refused the user name or password."""


class DriverLockedOutError(DriverAuthError):
    """The modem refuses logins for a while (too many failures)."""


class DriverUnreachableError(DriverError):
    """Nothing answered at the modem's address."""


class DriverTimeoutError(DriverError):
    """The modem answered too slowly."""


class SessionExpiredError(DriverError):
    """The modem forgot our session; the driver logs in again and retries once."""


class UnexpectedPageError(DriverError):
    """The modem answered with something the parser does not understand.

    `page` names the modem path that could not be read; empty when the raiser does not know it
    (the collector then fills in the last path the transport read).
    """

    def __init__(self, message: str, excerpt: str = "", page: str = "") -> None:
        """Keep a short excerpt of the page and, when known, its path for diagnostics."""
        super().__init__(message)
        self.excerpt = excerpt[:EXCERPT_CHARS]
        self.page = page

    def in_words(self) -> str:
        """Return the failure as users read it: which page, and what the parser expected."""
        where = f"the modem's page {self.page}" if self.page else "a modem page"
        return f"Could not read {where}: {self}"


def last_page(driver: object) -> str:
    """Return the path of the last page the driver's transport read ("" when unknown)."""
    return str(getattr(getattr(driver, "http", None), "last_path", "") or "")


def note_page(err: UnexpectedPageError, driver: object) -> None:
    """Name the page on an error that does not name it yet (call before the driver logs out)."""
    if not err.page:
        err.page = last_page(driver)


class ModemDriver(ABC):
    """One modem family. Parsing lives in pure functions; this class does the talking."""

    key: ClassVar[str] = ""
    display_name: ClassVar[str] = ""
    default_url: ClassVar[str] = "http://192.168.100.1"
    default_user: ClassVar[str] = ""
    needs_user: ClassVar[bool] = False
    needs_password: ClassVar[bool] = False
    models: ClassVar[str] = ""
    login_method: ClassVar[str] = "none"
    reads: ClassVar[str] = ""
    limits: ClassVar[str] = ""
    #: The firmware and page variants known to be read correctly (the docs' table shows them).
    firmware: ClassVar[str] = ""

    def __init__(
        self, url: str, user: str, password: str, session: aiohttp.ClientSession | None = None
    ) -> None:
        """Remember where and how to log in; `session` is shared with the server when given."""
        self.url = (url or self.default_url).rstrip("/")
        self.user = user
        self.password = password
        self.session = session
        self.diagnostics: list[str] = []

    def parsed(self, result: Parsed[T]) -> T:
        """Keep a parser's notes for this poll's diagnostics and return its value."""
        room = MAX_DIAGNOSTICS - len(self.diagnostics)
        self.diagnostics.extend(note[:300] for note in result.diagnostics[: max(room, 0)])
        return result.value

    @abstractmethod
    async def login(self) -> None:
        """Open (or reuse) a session with the modem."""

    @abstractmethod
    async def get_device_info(self) -> dict[str, Any]:
        """Return a subset of {manufacturer, model, hw_version, sw_version, docsis_status,
        uptime_seconds, reboot_reason, wan_ipv4, wan_ipv6}."""

    @abstractmethod
    async def get_connection_info(self) -> dict[str, Any]:
        """Return {max_downstream_kbps, max_upstream_kbps, connection_type} or {} for a modem."""

    @abstractmethod
    async def get_docsis_data(self) -> dict[str, Any]:
        """Return the channel tables in the split or flat raw form."""

    async def finish_poll(self) -> None:  # noqa: B027 - optional hook
        """Called after every poll: single-session modems log out here to free the web UI."""

    async def close(self) -> None:  # noqa: B027 - optional hook
        """Log out where the modem allows only one session; release resources."""

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """Return how sure (0-100) we are that this family answers at http, without logging in."""
        return 0

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """Return what a setup form needs to know about this driver."""
        return {
            "key": cls.key,
            "name": cls.display_name,
            "default_url": cls.default_url,
            "default_user": cls.default_user,
            "username_required": cls.needs_user,
            "credentials_required": cls.needs_password,
            "models": cls.models,
            "login_method": cls.login_method,
        }
