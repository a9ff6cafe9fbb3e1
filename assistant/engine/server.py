"""Rasa's server with the signed gateway channel; its HTTP API only when asked for.

Nothing in the assistant calls Rasa's HTTP API: the web app and the Matrix bot
send messages through the signed gateway channel. So the API is off unless
RASA_HTTP_API=1 (the end-to-end tests read trackers with it), and then it needs
RASA_TOKEN. Started through Python rather than the `rasa run` command so that
the token is read from the environment and never shows in the process list.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from assistant.app_settings import AppSettings
from assistant.engine import rasa_speedups
from assistant.errors import ConfigurationError
from assistant.runtime import store_passwords, write_endpoints
from assistant.settings import PROJECT_ROOT

CREDENTIALS_FILE = PROJECT_ROOT / "credentials.yml"
# What Rasa holds: the key that checks the gateway's signatures and the token it calls
# the action server with (RASA_TOKEN too, when its HTTP API is on).
SECRETS = ("GATEWAY_SECRET", "ACTION_TOKEN")


def settings_from_env(env: Mapping[str, str] | None = None) -> AppSettings:
    settings = AppSettings.from_env(env, needs=SECRETS)
    if settings.runtime.rasa_http_api and not settings.runtime.rasa_token:
        raise ConfigurationError("RASA_HTTP_API=1 turns on Rasa's HTTP API: set RASA_TOKEN too.")
    return settings


def main() -> None:
    from rasa.core.run import serve_application
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.INFO)
    rasa_speedups.apply()
    app_settings = settings_from_env()
    settings, database_url = app_settings.runtime, app_settings.bank.database_url
    write_endpoints(settings, database_url)
    os.environ.update(store_passwords(settings, database_url))
    serve_application(
        model_path=str(settings.model_path),
        interface=settings.listen_host,
        port=settings.rasa_port,
        credentials=str(CREDENTIALS_FILE),
        auth_token=settings.rasa_token or None,
        enable_api=settings.rasa_http_api,
        endpoints=AvailableEndpoints.read_endpoints(str(settings.endpoints_file)),
    )


if __name__ == "__main__":
    main()
