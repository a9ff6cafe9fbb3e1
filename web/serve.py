"""Serve the web app with waitress on loopback: `python -m web.serve`."""

from __future__ import annotations

import logging

from waitress import serve

from assistant.app_settings import AppSettings
from web import create_app
from web.services import services_of

# The only secrets the web app holds: it signs messages to Rasa and its cookies. It decodes
# customers' audio, so it gets nothing more (deploy/k8s gives it these two alone).
SECRETS = ("GATEWAY_SECRET", "WEB_SECRET_KEY")


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = AppSettings.from_env(needs=SECRETS)
    runtime = settings.runtime
    app = create_app(settings)
    services_of(app).voice.warm_up()  # the speech model loads once, now, not on a first turn
    serve(
        app,
        host=runtime.listen_host,
        port=runtime.web_port,
        threads=runtime.web_threads,
        ident="bank",
    )


if __name__ == "__main__":
    main()
