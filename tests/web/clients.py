"""A web app on a test database, and a logged-in customer's header, for the API tests."""

from __future__ import annotations

import dataclasses

from assistant.runtime import RuntimeSettings
from tests.helpers import runtime_env
from web import create_app
from web.settings import WebSettings


def make_client(bank_settings, db, **limits):
    runtime = RuntimeSettings.from_env(runtime_env(bank_settings.database_url))
    settings = dataclasses.replace(WebSettings.from_runtime(runtime, {}), **limits)
    return create_app(runtime, db=db, settings=settings).test_client()


def customer_auth(client, customer_id="demo", pin="1234"):
    reply = client.post("/api/login", json={"customer_id": customer_id, "pin": pin})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}
