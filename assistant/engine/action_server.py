"""The action server: rasa-sdk's app with a bearer token in front.

Rasa sends `Authorization: Bearer <ACTION_TOKEN>` (see the endpoints file that
`assistant run` writes); any other caller gets 401. Listens on loopback only.
"""

from __future__ import annotations

import hmac
import logging

from rasa_sdk.endpoint import create_app
from sanic import response
from sanic.request import Request

from assistant.app_settings import AppSettings

log = logging.getLogger(__name__)
# The only secret the action server holds: the token Rasa calls it with.
SECRETS = ("ACTION_TOKEN",)


def build_app(token: str):  # type: ignore[no-untyped-def]
    app = create_app("actions", cors_origins=[])
    expected = f"Bearer {token}"

    @app.middleware("request")
    async def require_token(request: Request):  # type: ignore[no-untyped-def]
        if request.path == "/health":
            return None
        given = request.headers.get("Authorization", "")
        if not hmac.compare_digest(given.encode(), expected.encode()):
            return response.json({"error": "Missing or wrong action server token."}, status=401)
        return None

    return app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = AppSettings.from_env(needs=SECRETS).runtime
    app = build_app(settings.action_token)
    log.info("Action server on http://%s:%d", settings.listen_host, settings.action_port)
    app.run(
        settings.listen_host,
        settings.action_port,
        workers=settings.action_workers,
        access_log=False,
        motd=False,
    )


if __name__ == "__main__":
    main()
