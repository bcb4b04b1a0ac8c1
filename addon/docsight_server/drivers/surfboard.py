"""Arris SURFboard S33/S34/SB8200: HNAP1 JSON (HMAC-SHA256 or MD5), or the HTML firmware."""

from __future__ import annotations

import base64
import time
from typing import Any

from .base import DriverAuthError, DriverLockedOutError, SessionExpiredError
from .formats import cm8200 as arris_html
from .formats import hnap as fmt
from .formats.common import unexpected
from .http_driver import HttpDriver
from .transport import HttpReply, ModemHttp, TlsMode

HNAP_PATH = "/HNAP1/"
STATUS_PAGE = "/cmconnectionstatus.html"
INFO_PAGE = "/cmswinfo.html"
HTML_MODEL = "SB8200"
_MODEL_MARKERS = ("SURFBOARD", "S33", "S34", "SB8200")


def _timestamp() -> int:
    return int(time.time() * 1000) % fmt.TIMESTAMP_MODULO


class SurfboardDriver(HttpDriver):
    """HNAP1 challenge-response login; HMAC algorithm, namespace and firmware auto-detected."""

    key = "surfboard"
    display_name = "Arris SURFboard S33/S34/SB8200 HNAP"
    default_url = "https://192.168.100.1"
    default_user = "admin"
    needs_user = True
    needs_password = True
    models = "Arris SURFboard S33, S34, SB8200"
    login_method = "HNAP1 challenge-response (HMAC-SHA256 or HMAC-MD5); HTML token fallback"
    reads = (
        "HNAP1 GetMultipleHNAPs Get{Customer|Moto}Status{Downstream|Upstream}ChannelInfo, "
        "StartupSequence, ConnectionInfo; HTML /cmconnectionstatus.html?ct_<token> fallback"
    )
    limits = (
        "The modem does not show the upstream QAM order (SC-QAM upstream modulation is the "
        "stated type, SC-QAM)"
    )
    firmware = (
        "S33/S34 HNAP (HMAC-SHA256, Customer namespace, Hz), SB8200 HNAP (HMAC-MD5, Moto "
        "namespace, MHz) and SB8200 HTML firmware without HNAP (token query, ?ct_ pages)"
    )
    tls_mode = TlsMode.LEGACY

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Nothing is known about the firmware until the first login."""
        super().__init__(*args, **kwargs)
        self.mode: str | None = None
        self.algorithm: str | None = None
        self.namespace: str | None = None
        self._key = fmt.WITHOUT_LOGIN_KEY
        self._token = ""

    # -- HNAP -----------------------------------------------------------------------------

    async def _post(self, action: str, body: dict[str, Any], key: str, algorithm: str) -> Any:
        headers = {
            "SOAPAction": fmt.soap_action(action),
            "HNAP_AUTH": fmt.hnap_auth(key, action, _timestamp(), algorithm),
            "Content-Type": "application/json",
        }
        reply = await self.http.post(HNAP_PATH, json=body, headers=headers)
        return self._json(reply, action)

    @staticmethod
    def _json(reply: HttpReply, action: str) -> Any:
        try:
            payload = reply.json()
        except ValueError as err:
            # Upstream counts this (a transient HTML page) as a skipped poll, not a failure.
            raise unexpected(
                f"HNAP {action} answered HTML instead of JSON (HTTP {reply.status})", reply.text
            ) from err
        if not isinstance(payload, dict):
            raise unexpected(f"HNAP {action} answer is not a JSON object", reply.text)
        return payload

    async def _login_request(self) -> dict[str, Any] | None:
        """Run the "request" phase; None when the modem has no HNAP (HTML firmware)."""
        candidates = (self.algorithm,) if self.algorithm else fmt.ALGORITHMS
        answer: Any = None
        for algorithm in candidates:
            headers = {
                "SOAPAction": fmt.soap_action("Login"),
                "HNAP_AUTH": fmt.hnap_auth(fmt.WITHOUT_LOGIN_KEY, "Login", _timestamp(), algorithm),
                "Content-Type": "application/json",
            }
            body = fmt.login_body(self.user, "request")
            reply = await self.http.post(HNAP_PATH, json=body, headers=headers)
            if reply.status == 404 and self.mode != "hnap":
                return None
            answer = self._json(reply, "Login").get("LoginResponse")
            # A firmware with the other HMAC rejects our HNAP_AUTH before sending a challenge.
            if isinstance(answer, dict) and all(
                answer.get(name) for name in ("Challenge", "Cookie", "PublicKey")
            ):
                self.algorithm = algorithm
                return answer
        raise unexpected("The modem refused the HNAP login request", str(answer))

    async def _hnap_login(self, answer: dict[str, Any]) -> None:
        assert self.algorithm is not None
        challenge, public_key = str(answer["Challenge"]), str(answer["PublicKey"])
        key = fmt.private_key(public_key, self.password, challenge, self.algorithm)
        self.http.set_cookie("uid", str(answer["Cookie"]))
        self.http.set_cookie("PrivateKey", key)
        proof = fmt.login_password(key, challenge, self.algorithm)
        body = fmt.login_body(self.user, "login", proof)
        payload = await self._post("Login", body, key, self.algorithm)
        result = str((payload.get("LoginResponse") or {}).get("LoginResult", "")).upper()
        if result == "OK":
            self._key = key
            return
        if result == "LOCKUP":
            raise DriverLockedOutError("The modem locked its login after failed attempts")
        raise DriverAuthError("The modem refused the user name or password")

    async def _multiple(self, parts: tuple[str, ...]) -> tuple[dict[str, Any], str]:
        """Call GetMultipleHNAPs for parts; on the first call, find the action namespace."""
        assert self.algorithm is not None
        namespaces = (self.namespace,) if self.namespace else fmt.NAMESPACES
        payload: dict[str, Any] = {}
        for namespace in namespaces:
            names = [fmt.action_name(namespace, part) for part in parts]
            body = {"GetMultipleHNAPs": dict.fromkeys(names, "")}
            payload = await self._post("GetMultipleHNAPs", body, self._key, self.algorithm)
            outer = payload.get("GetMultipleHNAPsResponse")
            result = str((outer or {}).get("GetMultipleHNAPsResult", "")).upper()
            if result == "UN-AUTH":
                raise SessionExpiredError("The modem no longer knows our HNAP session")
            if isinstance(outer, dict) and result == "OK":
                self.namespace = namespace
                answers = {name: outer.get(f"{name}Response") for name in names}
                return {n: a if isinstance(a, dict) else {} for n, a in answers.items()}, namespace
        raise unexpected("The modem answered no known HNAP status action", str(payload))

    # -- HTML firmware ----------------------------------------------------------------------

    async def _html_login(self) -> None:
        query = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        reply = await self.http.get(f"{STATUS_PAGE}?login_{query}")
        token = arris_html.parse_token(reply.text) if reply.status == 200 else None
        if token is not None:
            self._token = token
            return
        if reply.status in (401, 403) or arris_html.is_login_page(reply.text):
            raise DriverAuthError("The modem refused the user name or password")
        raise unexpected(f"The login answer is not a token (HTTP {reply.status})", reply.text)

    async def _html_page(self, path: str) -> str:
        reply = await self.http.get(f"{path}?ct_{self._token}")
        if reply.status in (401, 403) or arris_html.is_login_page(reply.text):
            raise SessionExpiredError("The modem's token expired")
        if reply.status != 200:
            raise unexpected(f"{path} answered HTTP {reply.status}", reply.text)
        return reply.text

    # -- driver interface -------------------------------------------------------------------

    async def open_session(self) -> None:
        """Log in over HNAP; fall back to the HTML token login when there is no /HNAP1/."""
        self.http.clear_cookies()
        self._key = fmt.WITHOUT_LOGIN_KEY
        if self.mode != "html":
            answer = await self._login_request()
            if answer is not None:
                self.mode = "hnap"
                await self._hnap_login(answer)
                return
            self.mode = "html"
        await self._html_login()

    async def get_device_info(self) -> dict[str, Any]:
        """Read model, firmware and uptime (ConnectionInfo, StartupSequence or /cmswinfo.html)."""
        await self.login()
        if self.mode == "html":
            text = await self.call(lambda: self._html_page(INFO_PAGE))
            return self.parsed(arris_html.parse_swinfo(text, HTML_MODEL))
        answers, namespace = await self.call(lambda: self._multiple((fmt.CONNECTION, fmt.STARTUP)))
        connection = answers[fmt.action_name(namespace, fmt.CONNECTION)]
        startup = answers[fmt.action_name(namespace, fmt.STARTUP)]
        return self.parsed(fmt.parse_device(connection, startup, namespace))

    async def get_docsis_data(self) -> dict[str, Any]:
        """Read both channel tables."""
        await self.login()
        if self.mode == "html":
            text = await self.call(lambda: self._html_page(STATUS_PAGE))
            return self.parsed(arris_html.parse_status(text))
        answers, namespace = await self.call(lambda: self._multiple((fmt.DOWNSTREAM, fmt.UPSTREAM)))
        ds = answers[fmt.action_name(namespace, fmt.DOWNSTREAM)]
        us = answers[fmt.action_name(namespace, fmt.UPSTREAM)]
        ds_text = ds.get(f"{namespace}ConnDownstreamChannel")
        us_text = us.get(f"{namespace}ConnUpstreamChannel")
        if ds_text is None or us_text is None:
            raise unexpected("The HNAP answer lacks the channel strings", str(answers)[:400])
        return self.parsed(fmt.parse_channels(ds_text, us_text))

    @classmethod
    async def detect(cls, http: ModemHttp) -> int:
        """HNAP firmware: /Login.html loads the HNAP scripts; HTML firmware: the SB8200 marker."""
        reply = await http.get("/Login.html")
        if reply.status == 200 and "hnap" in reply.text.lower():
            upper = reply.text.upper()
            return 90 if any(marker in upper for marker in _MODEL_MARKERS) else 40
        reply = await http.get(STATUS_PAGE)
        if reply.status == 200 and (arris_html.model_marker(reply.text) or "").upper().startswith(
            "SB8200"
        ):
            return 85
        return 0
