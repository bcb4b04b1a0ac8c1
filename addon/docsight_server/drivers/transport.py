"""HTTP transport for modem drivers: one cookie jar per modem, TLS modes, typed errors."""

from __future__ import annotations

import json as jsonlib
import ssl
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
from multidict import CIMultiDictProxy
from yarl import URL

from .base import DriverTimeoutError, DriverUnreachableError
from .formats.common import unexpected

REQUEST_TIMEOUT_SECONDS = 20.0
BROWSER_USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36"
)


class TlsMode(StrEnum):
    """How a driver checks the modem's certificate."""

    VERIFY = "verify"
    UNVERIFIED = "unverified"
    LEGACY = "legacy"


@dataclass(frozen=True, slots=True)
class HttpReply:
    """A fully read modem answer."""

    status: int
    text: str
    headers: CIMultiDictProxy[str]
    url: str

    def json(self) -> Any:
        """Parse the body as JSON (ValueError when it is not)."""
        import json

        return json.loads(self.text)

    def json_body(self, what: str) -> Any:
        """Return the body parsed as JSON; UnexpectedPageError naming `what` when it is not."""
        try:
            return self.json()
        except ValueError as err:
            raise unexpected(f"{what} did not return JSON (HTTP {self.status})", self.text) from err


@dataclass(frozen=True, slots=True)
class SentRequest:
    """A request as it went to the modem: what a capture records next to the answer."""

    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: str


#: Called with every request and its answer (redirect hops included), e.g. by a capture.
Recorder = Callable[[SentRequest, HttpReply], None]


def body_text(data: Any, json: Any) -> str:
    """Return a request body as text, encoded as aiohttp encodes it (forms, JSON, text)."""
    if json is not None:
        return jsonlib.dumps(json)
    if isinstance(data, Mapping):
        return urlencode({str(key): str(value) for key, value in data.items()})
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return "" if data is None else str(data)


def tls_context(mode: TlsMode) -> ssl.SSLContext | bool:
    """Return the ssl argument aiohttp needs for a TLS mode."""
    if mode is TlsMode.VERIFY:
        return True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    if mode is TlsMode.LEGACY:
        # Old modem firmware offers only small keys and TLS 1.0/1.1 ciphers.
        context.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


def safe_location(url: str) -> str:
    """Return scheme://host[:port]/path of a URL: never a query (it may carry credentials)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


class ModemHttp:
    """Talks HTTP to one modem: its own session and cookie jar, errors mapped to driver errors."""

    def __init__(
        self,
        base_url: str,
        *,
        tls: TlsMode = TlsMode.UNVERIFIED,
        timeout: float = REQUEST_TIMEOUT_SECONDS,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        """Prepare a transport for base_url; the session opens on first use."""
        self.base_url = base_url.rstrip("/")
        self.tls = tls
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._headers = {"User-Agent": BROWSER_USER_AGENT, **(headers or {})}
        self._session: aiohttp.ClientSession | None = None
        #: The path of the last request whose answer was read ("" before the first).
        self.last_path = ""
        self.recorder: Recorder | None = None

    @property
    def host(self) -> str:
        """Return the modem's host name or address."""
        return urlsplit(self.base_url).hostname or ""

    def url_for(self, path: str) -> str:
        """Return the absolute URL of a modem path."""
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # unsafe: modems are addressed by IP, and the default jar drops cookies for IPs.
            self._session = aiohttp.ClientSession(
                cookie_jar=aiohttp.CookieJar(unsafe=True),
                headers=self._headers,
                timeout=self._timeout,
                connector=aiohttp.TCPConnector(ssl=tls_context(self.tls), limit=4),
            )
        return self._session

    def cookie(self, name: str) -> str | None:
        """Return a cookie the modem set, or None."""
        if self._session is None:
            return None
        for cookie in self._session.cookie_jar:
            if cookie.key == name:
                return cookie.value
        return None

    def set_cookie(self, name: str, value: str) -> None:
        """Store a cookie for the modem (some logins hand the value over in a body)."""
        self._open().cookie_jar.update_cookies({name: value}, URL(self.base_url))

    def clear_cookies(self) -> None:
        """Forget every cookie (a new login starts clean)."""
        if self._session is not None:
            self._session.cookie_jar.clear()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | str | None = None,
        data: Any = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: aiohttp.BasicAuth | None = None,
        allow_redirects: bool = True,
    ) -> HttpReply:
        """Send one request and read the whole answer; driver errors for network failures."""
        url = self.url_for(path)
        session = self._open()
        try:
            async with session.request(
                method,
                url,
                params=params,
                data=data,
                json=json,
                headers=headers,
                auth=auth,
                allow_redirects=allow_redirects,
            ) as response:
                raw = await response.read()
                text = raw.decode(response.get_encoding() if raw else "utf-8", errors="replace")
                reply = HttpReply(response.status, text, response.headers, str(response.url))
                self.last_path = urlsplit(url).path or "/"
                if self.recorder is not None:
                    self._record(response, reply, body_text(data, json))
                return reply
        except TimeoutError as err:
            raise DriverTimeoutError(
                f"The modem at {safe_location(url)} did not answer in time"
            ) from err
        except aiohttp.ClientConnectorCertificateError as err:
            raise DriverUnreachableError(
                f"The certificate of {safe_location(url)} was not accepted: {err.certificate_error}"
            ) from err
        except aiohttp.ClientConnectorError as err:
            reason = err.os_error.strerror or type(err.os_error).__name__
            raise DriverUnreachableError(
                f"Cannot reach the modem at {safe_location(url)}: {reason}"
            ) from err
        except (aiohttp.ClientError, ssl.SSLError) as err:
            raise DriverUnreachableError(
                f"The connection to {safe_location(url)} failed: {type(err).__name__}"
            ) from err
        except LookupError as err:  # an unknown charset in Content-Type
            raise DriverUnreachableError(f"Unreadable answer from {safe_location(url)}") from err

    def _record(self, response: aiohttp.ClientResponse, reply: HttpReply, body: str) -> None:
        """Hand every hop of the exchange (redirects first) to the recorder."""
        assert self.recorder is not None
        for hop in response.history:
            info = hop.request_info
            sent = SentRequest(info.method, str(info.url), tuple(info.headers.items()), body)
            self.recorder(sent, HttpReply(hop.status, "", hop.headers, str(hop.url)))
            body = ""
        info = response.request_info
        self.recorder(
            SentRequest(info.method, str(info.url), tuple(info.headers.items()), body), reply
        )

    async def get(self, path: str, **kwargs: Any) -> HttpReply:
        """GET a modem path."""
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> HttpReply:
        """POST to a modem path."""
        return await self.request("POST", path, **kwargs)

    async def close(self) -> None:
        """Close the session (cookies are forgotten)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
