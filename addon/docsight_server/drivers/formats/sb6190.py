"""Arris SB6190: the adv_pwd_cgi login fields and answers, and the login-page check."""

from __future__ import annotations

import base64
import re
import secrets
from enum import StrEnum
from urllib.parse import quote

NONCE_DIGITS = 8
_LOGIN_PAGE = re.compile(r"adv_pwd_cgi|id\s*=\s*[\"']?loginPassword", re.I)


class LoginOutcome(StrEnum):
    """What the modem's answer to a login POST means."""

    ACCEPTED = "accepted"
    REFUSED = "refused"
    UNKNOWN = "unknown"


def login_arguments(user: str, password: str) -> str:
    """Return the `arguments` field: base64 of url-encoded "username=U" ":" "password=P"."""
    # Each half is percent-encoded on its own, so a ':' typed in a credential cannot split them.
    plain = quote(f"username={user}", safe="") + ":" + quote(f"password={password}", safe="")
    return base64.b64encode(plain.encode()).decode("ascii")


def login_nonce() -> str:
    """Return the `ar_nonce` field: eight random decimal digits."""
    return "".join(secrets.choice("0123456789") for _ in range(NONCE_DIGITS))


def login_form(user: str, password: str) -> dict[str, str]:
    """Return the form the web UI posts to /cgi-bin/adv_pwd_cgi."""
    return {"arguments": login_arguments(user, password), "ar_nonce": login_nonce()}


def is_login_page(text: str) -> bool:
    """Return whether a page is the login form (what the modem shows a dead session)."""
    return _LOGIN_PAGE.search(text) is not None


def login_outcome(text: str) -> LoginOutcome:
    """Classify the login answer: "Url:<page>" accepted; "Error:..." or the login form refused."""
    body = text.lstrip()
    if body.startswith("Url:"):
        return LoginOutcome.ACCEPTED
    if body.startswith("Error:") or is_login_page(text):
        return LoginOutcome.REFUSED
    return LoginOutcome.UNKNOWN
