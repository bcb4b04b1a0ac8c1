"""Redaction of a recorded poll: credentials, session secrets, MACs, serials, WAN addresses.

Each distinct secret gets one stable placeholder, so a replay stays consistent: the token a
login answer hands out is the token the next request sends. Placeholders keep the shape a
parser checks (digits stay digits, hex stays hex, same length); other values become
REDACTED-<KIND>-<n>.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import replace
from urllib.parse import quote, quote_plus

from .fields import named_values, rewrite_fields
from .fileformat import Exchange
from .identifiers import BARE_MAC, replace_identifiers, serial_values
from .matching import SELECTOR_FIELDS
from .sealing import SEALED_PREFIX

SECRET_NAME = re.compile(
    r"token|sid$|^sid|session|nonce|csrf|auth|secret|passw|pwd|pws|credential|cookie"
    r"|private.?key|^response$|encrypt",
    re.IGNORECASE,
)
USER_FIELD = re.compile(r"^(?:user(?:_?name)?|login_?user(?:name)?|loginname|name)$", re.I)
LOGIN_PATH = re.compile(r"login|logon|signin|pwd|passw|auth", re.IGNORECASE)
_HIDDEN_INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"\b(name|value)\s*=\s*(['\"]?)([^'\"\s>]*)\2", re.IGNORECASE)
_JS_VAR = re.compile(r"\b(?:var|let|const)\s+(\w+)\s*=\s*(['\"])(.*?)\2", re.DOTALL)
_XML_ELEMENT = re.compile(r"<(\w+)(?:\s[^>]*)?>\s*([^<>\s][^<>]{2,200}?)\s*</\1>")
_TOKEN_ANSWER = re.compile(r"^[A-Za-z0-9+/=_-]{8,128}$")
_HEX = re.compile(r"^[0-9A-Fa-f]+$")
BENIGN = frozenset(("", "true", "false", "0", "1", "null", "none", "yes", "no", "on", "off"))
_MIN_SECRET = 6


def _qualifies(value: str, *, forced: bool = False) -> bool:
    """Return whether a value is worth hiding: long enough, not trivial, not a plain word."""
    if value.lower() in BENIGN or len(set(value)) < 2 or value.startswith(SEALED_PREFIX):
        return False
    if forced:
        return len(value) >= 4
    if len(value) < _MIN_SECRET or value.startswith("REDACTED-"):
        return False
    return any(char.isdigit() for char in value) or len(value) >= 16


class Placeholders:
    """Hands out one stable placeholder per distinct value and remembers the kinds used."""

    def __init__(self) -> None:
        """Start with none."""
        self._by_value: dict[str, str] = {}
        self.kinds: set[str] = set()

    def reserve(self, value: str, kind: str) -> str:
        """Return the placeholder of value, creating it on first sight (not yet used)."""
        found = self._by_value.get(value)
        if found is None:
            found = self._shaped(value, kind, len(self._by_value) + 1)
            self._by_value[value] = found
        return found

    def __call__(self, value: str, kind: str) -> str:
        """Return the placeholder that replaces value in the capture."""
        self.kinds.add(kind)
        return self.reserve(value, kind)

    @staticmethod
    def _shaped(value: str, kind: str, number: int) -> str:
        if kind in ("token", "cookie") and len(value) >= 4:
            if value.isdigit():
                # no leading zero: the number may stand unquoted in JSON
                return "9" + str(number).rjust(len(value) - 1, "0")
            if _HEX.match(value) and len(value) >= 8:
                return f"{number:x}".rjust(len(value), "0")
        return f"REDACTED-{kind.upper()}-{number}"


def password_forms(user: str, password: str) -> set[str]:
    """Return the password as it may travel: plain, encoded, hashed, in Basic credentials."""
    if not password:
        return set()
    raw = password.encode("utf-8")
    forms = {
        quote_plus(password),
        quote(password, safe=""),
        json.dumps(password)[1:-1],
        base64.b64encode(raw).decode("ascii"),
        base64.b64encode(f"{user}:{password}".encode()).decode("ascii"),
        *(hashlib.new(name, raw).hexdigest() for name in ("md5", "sha1", "sha256", "sha512")),
    }
    # A plain word like "password" also names form fields: replaced only where it is a value.
    if not password.isalpha() or len(password) >= 12:
        forms.add(password)
    return {form for form in forms if len(form) >= 4}


class Redactor:
    """Finds the secrets of a recorded poll and rewrites every exchange without them."""

    def __init__(self, user: str, password: str, extra_secrets: list[str] | None = None) -> None:
        """Know the configured credentials and secrets found elsewhere (opened answers)."""
        self.placeholders = Placeholders()
        #: Every secret found, with its kind: replaced wherever it appears.
        self._secrets: dict[str, str] = {}
        self._user = user
        self._password = password
        self._password_forms = password_forms(user, password)
        for form in self._password_forms:
            self._secrets[form] = "password"
        for secret in extra_secrets or []:
            self._note(secret, "token", forced=True)

    @property
    def kinds(self) -> list[str]:
        """Return the kinds of values that were replaced, sorted."""
        return sorted(self.placeholders.kinds)

    def _note(self, value: object, kind: str, *, forced: bool = False) -> None:
        text = str(value).strip()
        if text not in self._secrets and _qualifies(text, forced=forced):
            self._secrets[text] = kind

    def redact(self, exchanges: list[Exchange]) -> list[Exchange]:
        """Return the exchanges with every secret and identifier replaced."""
        for exchange in exchanges:
            self._collect_request(exchange)
            self._collect_answer(exchange)
        pattern = self._pattern()
        return [self._rewrite(exchange, pattern) for exchange in exchanges]

    def redact_text(self, text: str) -> str:
        """Return a free text (an error message) with the known secrets replaced."""
        return self._replace(text, self._pattern())

    # -- finding secrets ------------------------------------------------------------------

    def _collect_request(self, exchange: Exchange) -> None:
        for name, value in exchange.request_headers:
            self._collect_header(name, value)
        for name, value in [*named_values(exchange.query), *named_values(exchange.request_body)]:
            if SECRET_NAME.search(name) and name.lower() not in SELECTOR_FIELDS:
                self._note(value, "token")
        if self._carries_password(exchange) and exchange.status == 200:
            answer = exchange.body.strip()
            if _TOKEN_ANSWER.match(answer):
                self._note(answer, "token", forced=True)

    def _collect_header(self, name: str, value: str) -> None:
        lowered = name.lower()
        if lowered in ("cookie", "set-cookie"):
            pairs = value.split(";") if lowered == "cookie" else value.split(";")[:1]
            for pair in pairs:
                self._note(pair.partition("=")[2].strip().strip('"'), "cookie", forced=True)
        elif lowered == "authorization" or SECRET_NAME.search(lowered):
            for part in [value, *value.split()]:
                if part.lower() not in ("basic", "bearer", "digest"):
                    self._note(part, "token", forced=len(part) >= 8)

    def _collect_answer(self, exchange: Exchange) -> None:
        for name, value in exchange.headers:
            self._collect_header(name, value)
        body = exchange.body
        for name, value in named_values(body):
            if SECRET_NAME.search(name):
                self._note(value, "token")
            elif "serial" in name.lower():
                self._note(value, "serial", forced=True)
            elif "mac" in name.lower() and BARE_MAC.match(str(value)):
                self._note(value, "mac", forced=True)
        for match in _XML_ELEMENT.finditer(body):
            if SECRET_NAME.search(match.group(1)):
                self._note(match.group(2), "token")
        for match in _JS_VAR.finditer(body):
            if SECRET_NAME.search(match.group(1)):
                self._note(match.group(3), "token")
        for tag in _HIDDEN_INPUT.findall(body):
            attributes = {key.lower(): value for key, _, value in _ATTRIBUTE.findall(tag)}
            if SECRET_NAME.search(attributes.get("name", "")):
                self._note(attributes.get("value", ""), "token")
        for serial in serial_values(body):
            self._note(serial, "serial", forced=True)

    def _carries_password(self, exchange: Exchange) -> bool:
        sent = f"{exchange.query}\n{exchange.request_body}\n{exchange.request_headers}"
        return any(form in sent for form in self._password_forms)

    # -- rewriting ------------------------------------------------------------------------

    def _pattern(self) -> re.Pattern[str] | None:
        if not self._secrets:
            return None
        alternatives = []
        for value in sorted(self._secrets, key=len, reverse=True):
            escaped = re.escape(value)
            # Numbers only count as a whole: a token 1234567 must not eat part of 912345678.
            if value.isdigit():
                escaped = rf"(?<![0-9A-Za-z]){escaped}(?![0-9A-Za-z])"
            alternatives.append(escaped)
        return re.compile("|".join(alternatives))

    def _replace(self, text: str, pattern: re.Pattern[str] | None) -> str:
        if pattern is not None and text:
            text = pattern.sub(
                lambda m: self.placeholders(m.group(), self._secrets[m.group()]), text
            )
        return replace_identifiers(text, self.placeholders)

    def _scrub_fields(self, text: str, *, login: bool) -> str:
        """Replace credential values in a query or body; a login's every value but selectors."""

        def rewrite(name: str, value: str) -> str:
            lowered = name.lower()
            if lowered in SELECTOR_FIELDS or value.lower() in BENIGN:
                return value
            if value in self._secrets:
                return self.placeholders(value, self._secrets[value])
            if value.startswith("REDACTED-"):
                return value
            if USER_FIELD.match(name) or (value == self._user and lowered.startswith("user")):
                return self.placeholders(value, "user")
            if login or SECRET_NAME.search(name):
                return self.placeholders(value, "credential")
            return value

        return rewrite_fields(text, rewrite)

    def _is_login(self, exchange: Exchange) -> bool:
        if self._carries_password(exchange) or LOGIN_PATH.search(exchange.path):
            return True
        return '"Login"' in exchange.request_body[:200]

    def _rewrite(self, exchange: Exchange, pattern: re.Pattern[str] | None) -> Exchange:
        login = self._is_login(exchange)
        query = self._scrub_fields(exchange.query, login=False)
        body = self._scrub_fields(exchange.request_body, login=login)
        return replace(
            exchange,
            query=self._replace(query, pattern),
            request_headers=[[n, self._replace(v, pattern)] for n, v in exchange.request_headers],
            request_body=self._replace(body, pattern),
            headers=[[n, self._replace(v, pattern)] for n, v in exchange.headers],
            body=self._replace(exchange.body, pattern),
        )
