"""The educator portal's pages on a real app and database: CSRF on every form,
staff-only pages, session expiry, safe redirects, clear errors, headers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from assistant.bank.models import StaffSession
from tests.helpers import app_settings
from tests.support import GOOD, PAGE, csrf, portal_login
from web import create_app


@pytest.fixture
def client(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db).test_client()


def test_pages_need_a_staff_log_in(client):
    for path in ("/educator/", "/educator/new", "/educator/lessons/safe-account-calls"):
        reply = client.get(path, headers=PAGE)
        assert reply.status_code == 302
        assert reply.headers["Location"].startswith("/educator/login?next=")
    assert client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).status_code == 200
    assert client.get("/educator/", headers=PAGE).status_code == 302, "a customer is no one here"


def test_log_in_and_out(client):
    wrong = portal_login(client, password="nope")
    assert wrong.status_code == 401
    assert "do not match" in wrong.get_data(as_text=True)
    reply = portal_login(client)
    assert reply.status_code == 302 and reply.headers["Location"] == "/educator/"
    listing = client.get("/educator/", headers=PAGE).get_data(as_text=True)
    assert "How your savings are protected" in listing
    token = csrf(client, "/educator/")
    client.post("/educator/logout", data={"csrf_token": token}, headers=PAGE)
    assert client.get("/educator/", headers=PAGE).status_code == 302


def test_every_form_needs_its_csrf_token(client):
    assert (
        client.post(
            "/educator/login", data={"user": "teacher", "password": "lessons-for-all"}, headers=PAGE
        ).status_code
        == 400
    )
    portal_login(client)
    for path, data in (
        ("/educator/new", {"markdown": GOOD}),
        ("/educator/new/text", {"markdown": GOOD}),
        ("/educator/lessons/safe-account-calls", {"markdown": GOOD}),
        ("/educator/lessons/safe-account-calls/versions/1/unpublish", {}),
        ("/educator/logout", {}),
    ):
        reply = client.post(path, data=data, headers=PAGE)
        assert reply.status_code == 400, path
        assert "This form has expired" in reply.get_data(as_text=True)
    preview = client.post("/educator/preview", json={"markdown": GOOD})
    assert preview.status_code == 400
    assert "expired" in preview.get_json()["error"]
    assert client.get("/educator/", headers=PAGE).status_code == 200, "still logged in"


def test_preview_and_save_a_new_lesson(client):
    portal_login(client)
    token = csrf(client, "/educator/new")
    headers = {"X-CSRFToken": token}
    shown = client.post("/educator/preview", json={"markdown": GOOD}, headers=headers)
    assert shown.status_code == 200
    body = shown.get_json()
    assert body["messages"][0]["text"].startswith("Lesson: ")
    assert body["messages"][1]["card"]["kind"] == "step"
    bad = client.post(
        "/educator/preview", json={"markdown": "no front matter"}, headers={"X-CSRFToken": token}
    )
    assert bad.status_code == 422 and bad.get_json()["problems"]
    rejected = client.post(
        "/educator/new/text",
        data={"markdown": "---\nslug: x\n---\n", "csrf_token": token},
        headers=PAGE,
    )
    assert rejected.status_code == 422
    assert "The lesson needs changes" in rejected.get_data(as_text=True)
    saved = client.post(
        "/educator/new/text", data={"markdown": GOOD, "csrf_token": token}, headers=PAGE
    )
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"], headers=PAGE).get_data(as_text=True)
    assert "Saved draft version 1." in page
    assert (
        "Submit for review" in page
        and "Publish" not in page.split("Versions")[1].split("Submit for review")[0]
    )


def test_an_educator_cannot_publish(client):
    portal_login(client)
    token = csrf(client, "/educator/")
    reply = client.post(
        "/educator/lessons/safe-account-calls/versions/1/unpublish",
        data={"csrf_token": token},
        headers={**PAGE, "Referer": "/educator/lessons/safe-account-calls"},
    )
    assert reply.status_code == 302
    page = client.get(reply.headers["Location"], headers=PAGE).get_data(as_text=True)
    assert "reviewer" in page.lower()


def test_the_session_ends_after_being_idle(client, db):
    portal_login(client)
    assert client.get("/educator/", headers=PAGE).status_code == 200
    with db.session() as session:
        session.execute(update(StaffSession).values(last_seen_at=dt.datetime(2000, 1, 1)))
    reply = client.get("/educator/", headers=PAGE)
    assert reply.status_code == 302
    page = client.get(reply.headers["Location"], headers=PAGE).get_data(as_text=True)
    assert "Your session ended. Please log in again." in page


def test_log_in_goes_back_only_to_portal_pages(client):
    for target, expected in (
        ("/educator/lessons/safe-account-calls", "/educator/lessons/safe-account-calls"),
        ("https://evil.example/", "/educator/"),
        ("//evil.example/educator/", "/educator/"),
    ):
        token = csrf(client, "/educator/login")  # a log-in starts a fresh session
        reply = client.post(
            f"/educator/login?next={target}",
            data={"user": "teacher", "password": "lessons-for-all", "csrf_token": token},
            headers=PAGE,
        )
        assert reply.headers["Location"] == expected


def test_unknown_lessons_and_pages_are_plain_pages(client):
    portal_login(client)
    missing = client.get("/educator/lessons/no-such-lesson", headers=PAGE)
    assert missing.status_code == 404
    assert "no lesson called no-such-lesson" in missing.get_data(as_text=True)
    assert client.get("/educator/lessons/no-such-lesson/analytics", headers=PAGE).status_code == 404
    no_version = client.get("/educator/lessons/romance-scams/versions/99", headers=PAGE)
    assert no_version.status_code == 404
    assert "romance-scams has no version 99" in no_version.get_data(as_text=True)
    nowhere = client.get("/nowhere", headers=PAGE)
    assert nowhere.status_code == 404 and "<h1>Sorry</h1>" in nowhere.get_data(as_text=True)
    assert client.get("/nowhere").get_json() == {"error": "There is no such page."}


def test_analytics_page_draws_charts(client):
    portal_login(client)
    page = client.get("/educator/lessons/safe-account-calls/analytics", headers=PAGE)
    assert page.status_code == 200
    assert page.get_data(as_text=True).count('<svg class="chart"') == 2


def test_analytics_page_says_where_learners_stopped(client, services):
    services.tutor.start("demo", "safe-account-calls")
    portal_login(client)
    page = client.get("/educator/lessons/safe-account-calls/analytics", headers=PAGE)
    html = page.get_data(as_text=True)
    assert "Where those who began and did not finish are now" in html
    assert '<tr><th scope="row">Step 1</th><td>1</td></tr>' in html


def test_security_headers(client):
    reply = client.get("/login", headers=PAGE)
    policy = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Cache-Control"] == "no-store"
    widget = client.get("/widget.js")
    assert widget.status_code == 200 and b"Talk to your bank" in widget.data
    assert widget.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


def test_widget_origins_may_frame_the_chat(bank_settings, db):
    settings = app_settings(bank_settings.database_url, WIDGET_ORIGINS="https://bank.example")
    client = create_app(settings, db=db).test_client()
    policy = client.get("/chat").headers["Content-Security-Policy"]
    assert "frame-ancestors 'self' https://bank.example" in policy
