"""Tokens at rest: encrypted with Fernet keys, newest first, rotated without downtime.

A refresh token stands for the user's consent to read their books, so the store never
keeps one in clear. `TokenCipher` wraps `cryptography`'s `MultiFernet`:

- it encrypts with the first (newest) key and decrypts with any of them, so a new key can be
  put in front of `EXACTBRIDGE_TOKEN_KEYS` while tokens written with the old one still open;
- `rotate` re-encrypts a token under the newest key (the database-wide sweep is
  `store.tokens.rotate_keys`), after which the old key can be dropped.

Keys are the 44-character url-safe base64 strings `TokenCipher.generate_key()` makes. They
are never printed: `repr` names how many keys there are, not what they are.
"""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from exactbridge.errors import ConfigurationError

__all__ = ["TokenCipher", "parse_keys"]


def parse_keys(text: str) -> list[str]:
    """The keys of a comma-separated list (`EXACTBRIDGE_TOKEN_KEYS`), blanks dropped."""
    return [key.strip() for key in text.split(",") if key.strip()]


class TokenCipher:
    """Encrypts with the newest key, decrypts with any.

    Args:
        keys: Fernet keys, newest first.

    Raises:
        ConfigurationError: no key, or a key that is not a Fernet key (which one is said by
            position, never by value).
    """

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise ConfigurationError(
                "no token key is configured: set EXACTBRIDGE_TOKEN_KEYS to one or more Fernet "
                "keys, newest first (make one with `exactbridge db new-key`)"
            )
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.encode("ascii")))
            except (ValueError, UnicodeEncodeError):
                raise ConfigurationError(
                    f"token key {position} of {len(keys)} is not a Fernet key "
                    "(32 bytes in url-safe base64, 44 characters)"
                ) from None
        self._fernet = MultiFernet(fernets)
        self._newest = fernets[0]
        self._count = len(fernets)

    @staticmethod
    def generate_key() -> str:
        """A new random Fernet key."""
        return Fernet.generate_key().decode("ascii")

    def __repr__(self) -> str:
        return f"TokenCipher({self._count} key{'s' if self._count != 1 else ''})"

    def encrypt(self, plaintext: bytes) -> str:
        """`plaintext` encrypted (and authenticated) under the newest key."""
        return self._fernet.encrypt(plaintext).decode("ascii")

    def decrypt(self, ciphertext: str) -> bytes:
        """The plaintext of a token written under any configured key.

        Raises:
            ConfigurationError: no configured key opens it (the key it was written with was
                removed too early, or the data was altered).
        """
        try:
            return self._fernet.decrypt(ciphertext.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            raise ConfigurationError(
                "a stored token cannot be decrypted with any key in EXACTBRIDGE_TOKEN_KEYS: "
                "put back the key it was written with (keep old keys until `exactbridge db "
                "rotate-keys` has run)"
            ) from None

    def rotate(self, ciphertext: str) -> str:
        """The same plaintext, re-encrypted under the newest key.

        Raises:
            ConfigurationError: no configured key opens it.
        """
        try:
            return self._fernet.rotate(ciphertext.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError):
            raise ConfigurationError(
                "a stored token cannot be rotated: no key in EXACTBRIDGE_TOKEN_KEYS opens it"
            ) from None

    def is_current(self, ciphertext: str) -> bool:
        """Whether `ciphertext` opens with the newest key (rotation has nothing to do)."""
        try:
            self._newest.decrypt(ciphertext.encode("ascii"))
        except (InvalidToken, UnicodeEncodeError):
            return False
        return True
