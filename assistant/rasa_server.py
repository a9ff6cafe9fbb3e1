"""Rasa's server with the HTTP API on, token auth, and the signed gateway channel.

Started through Python rather than the `rasa run` command so that the API
token is read from the environment and never shows in the process list.
"""

from __future__ import annotations

import logging
import os

from assistant import rasa_speedups
from assistant.runtime import RuntimeSettings, store_passwords, write_endpoints
from assistant.settings import PROJECT_ROOT

CREDENTIALS_FILE = PROJECT_ROOT / "credentials.yml"


def main() -> None:
    from rasa.core.run import serve_application
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.common import configure_logging_and_warnings

    configure_logging_and_warnings(logging.INFO)
    rasa_speedups.apply()
    settings = RuntimeSettings.from_env()
    write_endpoints(settings)
    os.environ.update(store_passwords(settings))
    serve_application(
        model_path=str(settings.model_path),
        interface=settings.listen_host,
        port=settings.rasa_port,
        credentials=str(CREDENTIALS_FILE),
        auth_token=settings.rasa_token,
        enable_api=True,
        endpoints=AvailableEndpoints.read_endpoints(str(settings.endpoints_file)),
    )


if __name__ == "__main__":
    main()
