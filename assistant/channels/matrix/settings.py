"""How the Matrix bot reaches its homeserver, read from the environment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.errors import ConfigurationError
from assistant.settings import env_setting, read_env


def _hour(raw: str) -> int:
    if not raw.isdigit() or not 0 <= int(raw) <= 23:
        raise ConfigurationError(f"MATRIX_DAILY_HOUR must be 0 to 23, got {raw!r}.")
    return int(raw)


@dataclass(frozen=True)
class MatrixSettings:
    """How the bot reaches its homeserver; read from the environment.

    Attributes:
        homeserver: base URL, such as http://127.0.0.1:8008 (MATRIX_HOMESERVER).
        user: the bot's user name (MATRIX_USER).
        password: its password (MATRIX_PASSWORD), or
        access_token: an access token instead (MATRIX_ACCESS_TOKEN).
        daily_hour: UTC hour from which the lesson of the day is sent (MATRIX_DAILY_HOUR).
        sync_timeout_ms: how long one sync waits for news.
    """

    homeserver: str = env_setting("MATRIX_HOMESERVER", "")
    user: str = env_setting("MATRIX_USER", "")
    password: str = env_setting("MATRIX_PASSWORD", "")
    access_token: str = env_setting("MATRIX_ACCESS_TOKEN", "")
    daily_hour: int = env_setting("MATRIX_DAILY_HOUR", 9, parse=_hour)
    sync_timeout_ms: int = 5000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> MatrixSettings:
        return read_env(cls, env).check()

    def check(self) -> MatrixSettings:
        """These settings, when the bot can log in with them; otherwise what to set."""
        if not self.homeserver:
            raise ConfigurationError(
                "Set MATRIX_HOMESERVER to the homeserver's URL, such as http://127.0.0.1:8008."
            )
        if not self.access_token and not (self.user and self.password):
            raise ConfigurationError(
                "Set MATRIX_ACCESS_TOKEN, or MATRIX_USER and MATRIX_PASSWORD, for the bot account."
            )
        return self
