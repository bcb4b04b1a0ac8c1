"""Admin password hashing with scrypt. Slow on purpose: call from an executor."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from .encoding import b64decode, b64encode

SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
DKLEN = 32


def is_password_hash(value: str) -> bool:
    """Return True when value is a hash made by hash_password."""
    return value.startswith(SCHEME + "$")


def hash_password(password: str) -> str:
    """Return a salted scrypt hash of password."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=DKLEN)
    return f"{SCHEME}${N}${R}${P}${b64encode(salt)}${b64encode(digest)}"


def verify_password(password: str, stored: str) -> bool:
    """Check password against a stored hash in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME:
            return False
        expected = b64decode(digest)
        actual = hashlib.scrypt(
            password.encode(),
            salt=b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected),
        )
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)
