"""Redaction of a recorded poll: credentials, session secrets, MACs, serials, WAN addresses.

Each distinct secret gets one stable placeholder, so a replay stays consistent: the token a
login answer hands out is the token the next request sends. Placeholders keep the shape a
parser checks (digits stay digits, hex stays hex, same length); other values become
REDACTED-<KIND>-<n>. The password's forms are of kind "secret", so no placeholder says which
value was the password.

A value that reads like a word ("password", "cable", a short value) is replaced only where it
stands as a value (a form field, a JSON member, an attribute value, a header value); replacing
it inside page text would garble the page and, next to a field name, reveal it.
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
BENIGN = frozenset(
    (
        *("", "true", "false", "0", "1", "null", "none", "yes", "no", "on", "off"),
        *("ok", "success", "successful", "error", "failed", "fail", "enabled", "disabled"),
        *("valid", "invalid", "login", "logout", "basic", "bearer", "digest"),
    )
)
_MIN_SECRET = 6
_MIN_FORCED = 4
#: Values shorter than this, or letters only and shorter than _WORD_MAX, may be ordinary text.
_WORD_MIN = 8
_WORD_MAX = 16
PASSWORD_KIND = "secret"
#: Attribute and member names that describe a field rather than hold its value.
_STRUCTURAL_NAMES = frozenset(
    (
        *("type", "name", "id", "for", "class", "autocomplete", "placeholder", "title", "alt"),
        *("label", "role", "rel", "method", "action", "href", "src", "lang", "style"),
    )
)
#: Where a value stands: after `name=`, `name:` (optionally quoted name) or `>` of an element.
_VALUE_LEAD = r"(?:(?<![\w.\-\[\]])(?P<name>[\w.\-\[\]]+)[\"']?\s*[=:]\s*|>\s*)"
_VALUE_END = r"(?=[&<,;}\])\s\"']|$)"


def _qualifies(value: str, *, forced: bool = False, named: bool = False) -> bool:
    """Return whether a value is worth hiding: long enough, not trivial, not a plain word.

    `forced` values (cookies, serials, opened answers) count from 4 characters; `named` ones
    (under a secret-looking name) from 6 characters, letters only included.
    """
    if value.lower() in BENIGN or len(set(value)) < 2 or value.startswith(SEALED_PREFIX):
        return False
    if value.startswith("REDACTED-"):
        return False
    if forced:
        return len(value) >= _MIN_FORCED
    if len(value) < _MIN_SECRET:
        return False
    return named or any(char.isdigit() for char in value) or len(value) >= _WORD_MAX


def word_like(value: str) -> bool:
    """Return whether a value may be ordinary text (replaced only where it stands as a value)."""
    if value.isdigit():
        return False
    return len(value) < _WORD_MIN or (value.isalpha() and len(value) < _WORD_MAX)


class Placeholders:
    """Hands out one stable placeholder per distinct value and remembers the kinds used."""

    def __init__(self) -> None:
        """Start with none."""
        self._by_value: dict[str, str] = {}
        self._issued: set[str] = set()
        self.kinds: set[str] = set()

    def __call__(self, value: str, kind: str) -> str:
        """Return the placeholder that replaces value in the capture (stable per value)."""
        self.kinds.add(kind)
        found = self._by_value.get(value)
        if found is None:
            found = self._shaped(value, kind, len(self._by_value) + 1)
            self._by_value[value] = found
            self._issued.add(found)
        return found

    def issued(self, text: str) -> bool:
        """Return whether text is a placeholder handed out already."""
        return text in self._issued

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
        password,
        quote_plus(password),
        quote(password, safe=""),
        json.dumps(password)[1:-1],
        base64.b64encode(raw).decode("ascii"),
        base64.b64encode(f"{user}:{password}".encode()).decode("ascii"),
        *(hashlib.new(name, raw).hexdigest() for name in ("md5", "sha1", "sha256", "sha512")),
    }
    return {form for form in forms if form}


class Redactor:
    """Finds the secrets of a recorded poll and rewrites every exchange without them."""

    def __init__(self, user: str, password: str, extra_secrets: list[str] | None = None) -> None:
        """Know the configured credentials and secrets found elsewhere (opened answers)."""
        self.placeholders = Placeholders()
        #: Secrets replaced wherever they appear, with their kind.
        self._secrets: dict[str, str] = {}
        #: Word-like secrets replaced only where they stand as a value, with their kind.
        self._words: dict[str, str] = {}
        self._user = user
        forms = password_forms(user, password)
        self._password_words = {form for form in forms if word_like(form)}
        self._password_forms = forms - self._password_words
        for form in forms:
            self._add(form, PASSWORD_KIND)
        for secret in extra_secrets or []:
            self._note(secret, "token", forced=True)

    @property
    def kinds(self) -> list[str]:
        """Return the kinds of values that were replaced, sorted."""
        return sorted(self.placeholders.kinds)

    def _add(self, text: str, kind: str) -> None:
        if text not in self._secrets and text not in self._words:
            (self._words if word_like(text) else self._secrets)[text] = kind

    def _note(self, value: object, kind: str, *, forced: bool = False, named: bool = False) -> None:
        text = str(value).strip()
        if _qualifies(text, forced=forced, named=named):
            self._add(text, kind)

    def redact(self, exchanges: list[Exchange]) -> list[Exchange]:
        """Return the exchanges with every secret and identifier replaced."""
        for exchange in exchanges:
            self._collect_request(exchange)
            self._collect_answer(exchange)
        patterns = self._patterns()
        return [self._rewrite(exchange, patterns) for exchange in exchanges]

    def redact_text(self, text: str) -> str:
        """Return a free text (an error message) with the known secrets replaced."""
        return self._replace(text, self._patterns())

    # -- finding secrets ------------------------------------------------------------------

    def _collect_request(self, exchange: Exchange) -> None:
        for name, value in exchange.request_headers:
            self._collect_header(name, value)
        for name, value in [*named_values(exchange.query), *named_values(exchange.request_body)]:
            if SECRET_NAME.search(name) and name.lower() not in SELECTOR_FIELDS:
                self._note(value, "token", named=True)
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
                    self._note(part, "token", forced=len(part) >= 8, named=True)

    def _collect_answer(self, exchange: Exchange) -> None:
        for name, value in exchange.headers:
            self._collect_header(name, value)
        body = exchange.body
        for name, value in named_values(body):
            if SECRET_NAME.search(name):
                self._note(value, "token", named=True)
            elif "serial" in name.lower():
                self._note(value, "serial", forced=True)
            elif "mac" in name.lower() and BARE_MAC.match(str(value)):
                self._note(value, "mac", forced=True)
        for match in _XML_ELEMENT.finditer(body):
            if SECRET_NAME.search(match.group(1)):
                self._note(match.group(2), "token", named=True)
        for match in _JS_VAR.finditer(body):
            if SECRET_NAME.search(match.group(1)):
                self._note(match.group(3), "token", named=True)
        for tag in _HIDDEN_INPUT.findall(body):
            attributes = {key.lower(): value for key, _, value in _ATTRIBUTE.findall(tag)}
            if SECRET_NAME.search(attributes.get("name", "")):
                self._note(attributes.get("value", ""), "token", named=True)
        for serial in serial_values(body):
            self._note(serial, "serial", forced=True)

    def _carries_password(self, exchange: Exchange) -> bool:
        """Return whether the request sends a form of the password (a word one as a value)."""
        sent = f"{exchange.query}\n{exchange.request_body}\n{exchange.request_headers}"
        if any(form in sent for form in self._password_forms):
            return True
        if not self._password_words:
            return False
        values = [*named_values(exchange.query), *named_values(exchange.request_body)]
        headers = [part for _, value in exchange.request_headers for part in value.split()]
        return any(str(value) in self._password_words for _, value in values) or any(
            part in self._password_words for part in headers
        )

    # -- rewriting ------------------------------------------------------------------------

    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """Return the pattern of secrets found anywhere and that of words found as values."""
        anywhere = None
        if self._secrets:
            alternatives = []
            for value in sorted(self._secrets, key=len, reverse=True):
                escaped = re.escape(value)
                # Numbers only count as a whole: a token 1234567 must not eat part of 912345678.
                if value.isdigit():
                    escaped = rf"(?<![0-9A-Za-z]){escaped}(?![0-9A-Za-z])"
                alternatives.append(escaped)
            anywhere = re.compile("|".join(alternatives))
        as_value = None
        if self._words:
            words = "|".join(re.escape(v) for v in sorted(self._words, key=len, reverse=True))
            as_value = re.compile(
                rf"{_VALUE_LEAD}(?:(?P<quote>[\"'])(?P<quoted>{words})(?P=quote)"
                rf"|(?P<bare>{words}){_VALUE_END})"
            )
        return anywhere, as_value

    def _replace_words(self, text: str, as_value: re.Pattern[str] | None) -> str:
        """Replace word-like secrets where they stand as the value of a field."""
        if as_value is None or not text:
            return text

        def swap(match: re.Match[str]) -> str:
            name = (match.group("name") or "").lower()
            value = match.group("quoted") or match.group("bare")
            if name in _STRUCTURAL_NAMES:
                return match.group()
            start, end = match.span("quoted" if match.group("quoted") else "bare")
            placeholder = self.placeholders(value, self._words[value])
            offset = match.start()
            whole = match.group()
            return whole[: start - offset] + placeholder + whole[end - offset :]

        return as_value.sub(swap, text)

    def _replace(
        self,
        text: str,
        patterns: tuple[re.Pattern[str] | None, re.Pattern[str] | None],
        *,
        identifiers: bool = True,
    ) -> str:
        anywhere, as_value = patterns
        if anywhere is not None and text:
            text = anywhere.sub(
                lambda m: self.placeholders(m.group(), self._secrets[m.group()]), text
            )
        text = self._replace_words(text, as_value)
        return replace_identifiers(text, self.placeholders) if identifiers else text

    def _replace_header(
        self, value: str, patterns: tuple[re.Pattern[str] | None, re.Pattern[str] | None]
    ) -> str:
        """Replace secrets in a header value; a word-like secret also as the whole value."""
        parts = value.split(" ")
        words = [self.placeholders(p, self._words[p]) if p in self._words else p for p in parts]
        return self._replace(" ".join(words), patterns)

    def _scrub_fields(self, text: str, *, login: bool) -> str:
        """Replace credential values in a query or body; a login's every value but selectors."""

        def rewrite(name: str, value: str) -> str:
            lowered = name.lower()
            if lowered in SELECTOR_FIELDS or value.lower() in BENIGN:
                return value
            if self.placeholders.issued(value) or value.startswith("REDACTED-"):
                return value
            kind = self._secrets.get(value) or self._words.get(value)
            if kind is not None:
                return self.placeholders(value, kind)
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

    def _rewrite(
        self,
        exchange: Exchange,
        patterns: tuple[re.Pattern[str] | None, re.Pattern[str] | None],
    ) -> Exchange:
        # Secrets first, on the text as sent: rewriting fields may re-spell what they match.
        carries = self._carries_password(exchange)
        query = self._replace(exchange.query, patterns, identifiers=False)
        body = self._replace(exchange.request_body, patterns, identifiers=False)
        query = self._scrub_fields(query, login=carries)
        body = self._scrub_fields(body, login=carries or self._is_login(exchange))
        path = self._replace(exchange.path, patterns)
        return replace(
            exchange,
            path=path if path.startswith("/") else f"/{path}",
            query=replace_identifiers(query, self.placeholders),
            request_headers=[
                [n, self._replace_header(v, patterns)] for n, v in exchange.request_headers
            ],
            request_body=replace_identifiers(body, self.placeholders),
            headers=[[n, self._replace_header(v, patterns)] for n, v in exchange.headers],
            body=self._replace(exchange.body, patterns),
        )
