"""Encryption at rest for stored secrets (Fernet, key file in the data dir)."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

_LOGGER = logging.getLogger(__name__)

PREFIX = "enc:v1:"


class SecretBox:
    """Encrypts and decrypts secret config values with a per-installation key."""

    def __init__(self, key: bytes) -> None:
        """Wrap a Fernet key."""
        self._fernet = Fernet(key)

    @classmethod
    def load_or_create(cls, key_file: Path) -> SecretBox:
        """Read the key file, creating it (mode 0600) on first start. Blocking: use an executor."""
        try:
            return cls(key_file.read_bytes().strip())
        except FileNotFoundError:
            key = Fernet.generate_key()
            key_file.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(key)
            return cls(key)

    def encrypt(self, plaintext: str) -> str:
        """Return the stored form of a secret."""
        return PREFIX + self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, stored: str) -> str:
        """Return the clear secret; values without the prefix are legacy plaintext."""
        if not stored.startswith(PREFIX):
            return stored
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode()).decode()
        except InvalidToken:
            _LOGGER.error("A stored secret cannot be decrypted (was .config_key replaced?)")
            return ""
