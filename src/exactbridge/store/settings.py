"""The store's settings, from `EXACTBRIDGE_*` environment variables.

- `EXACTBRIDGE_DATABASE_URL`: where the store lives; default `sqlite:///exactbridge.db`, a
  SQLite file in the working directory (the embedded default). For production, a
  PostgreSQL URL such as `postgresql://exactbridge@db.internal/exactbridge`.
- `EXACTBRIDGE_TOKEN_KEYS`: Fernet keys for tokens at rest, comma-separated, newest first.

Secrets stay secret: the keys are a `SecretStr`, and `display_url` hides a URL's password.
"""

from __future__ import annotations

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from exactbridge.store.crypto import TokenCipher, parse_keys
from exactbridge.store.database import DEFAULT_DATABASE_URL

__all__ = ["StoreSettings", "display_url"]


class StoreSettings(BaseSettings):
    """Database URL and token keys, read from the environment."""

    model_config = SettingsConfigDict(env_prefix="EXACTBRIDGE_", extra="ignore")

    database_url: SecretStr = SecretStr(DEFAULT_DATABASE_URL)
    token_keys: SecretStr = SecretStr("")

    def cipher(self) -> TokenCipher:
        """The token cipher of `token_keys` (ConfigurationError when there is no key)."""
        return TokenCipher(parse_keys(self.token_keys.get_secret_value()))


def display_url(url: str) -> str:
    """`url` fit to print: its password replaced by `***`."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unreadable URL is shown as nothing at all
        return "<unreadable URL>"
