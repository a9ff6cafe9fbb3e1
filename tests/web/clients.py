"""A web app on a test database, and a logged-in customer's header, for the API tests."""

from __future__ import annotations

from tests.helpers import app_settings, with_web
from web import create_app


def make_client(bank_settings, db, **limits):
    settings = with_web(app_settings(bank_settings.database_url), **limits)
    return create_app(settings, db=db).test_client()


def customer_auth(client, customer_id="demo", pin="1234"):
    reply = client.post("/api/login", json={"customer_id": customer_id, "pin": pin})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}
