"""Lesson pictures on a real app and database: uploaded in the portal's form and by the
API, served with their type and cache headers to anyone only once published, to staff
before, and shown in the chat's lesson card with their address."""

from __future__ import annotations

import io
import os
import re

import pytest
from PIL import Image, ImageDraw

from lessons.pictures import file_name
from tests.helpers import app_settings
from tests.support import PAGE, portal_login
from tests.web.lesson_form import FORM, form_of, page
from web import create_app
from web.services import services

PUBLISHED = "safe-account-calls"


def png(size=(400, 300), noise: bool = False) -> bytes:
    if noise:  # does not compress: a file larger than a short form's limit
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, "white")
        ImageDraw.Draw(image).ellipse((50, 50, 200, 200), fill="darkgreen")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


class Gateway:
    """Rasa as the web app sees it: what `send` answers is what the actions said."""

    def __init__(self, messages: list[dict]) -> None:
        self.messages = messages

    def send(self, sender_id: str, text: str, metadata: dict | None = None) -> list[dict]:
        return self.messages


@pytest.fixture
def app(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db)


@pytest.fixture
def client(app):
    return app.test_client()


def staff_token(client, user="teacher", password="lessons-for-all"):  # noqa: S107 (demo staff)
    reply = client.post("/api/educator/login", json={"user": user, "password": password})
    return {"Authorization": f"Bearer {reply.get_json()['token']}"}


def published_picture(app) -> str:
    """The file name of the first picture of a published library lesson."""
    with app.app_context():
        _, content = services().bank.lessons.published(PUBLISHED)
    return file_name(next(s.picture for s in content.steps if s.picture))


def test_a_published_picture_is_anyones_with_its_type_and_cache_headers(app, client):
    file = published_picture(app)
    reply = client.get(f"/lesson-pictures/{file}")
    assert reply.status_code == 200
    assert reply.mimetype == "image/png" and reply.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert reply.headers["Cache-Control"] == "public, max-age=86400"
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    etag = reply.headers["ETag"]
    again = client.get(f"/lesson-pictures/{file}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


@pytest.mark.parametrize(
    "file",
    ["nothing.png", "../../bank.db", "A" * 64 + ".png", "0" * 64 + ".png", "0" * 64 + ".gif"],
)
def test_anything_else_is_not_found(client, file):
    assert client.get(f"/lesson-pictures/{file}").status_code == 404


def test_an_upload_is_shown_to_staff_only_until_it_is_published(client):
    reply = client.post(
        "/api/educator/pictures", data=png(), headers=staff_token(client),
        content_type="image/png",
    )  # fmt: skip
    assert reply.status_code == 201, reply.get_json()
    body = reply.get_json()
    assert re.fullmatch(r"pictures/[0-9a-f]{16}\.png", body["name"])
    assert body["line"].endswith(f"]({body['name']})") and body["width"] == 400
    assert client.get(body["url"]).status_code == 404  # not published, not staff
    assert client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).status_code == 200
    assert client.get(body["url"]).status_code == 404  # a customer is not staff either
    portal_login(client)
    seen = client.get(body["url"])
    assert seen.status_code == 200 and seen.headers["Cache-Control"] == "private, no-cache"


def test_only_staff_upload_and_a_bad_file_says_what_to_upload(client):
    customer = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"})
    headers = {"Authorization": f"Bearer {customer.get_json()['token']}"}
    assert client.post("/api/educator/pictures", data=png(), headers=headers).status_code == 401
    reply = client.post(
        "/api/educator/pictures", headers=staff_token(client),
        data={"picture": (io.BytesIO(b"Your parcel is waiting, tap here"), "parcel.png")},
    )  # fmt: skip
    assert reply.status_code == 422
    assert reply.get_json()["error"].startswith("The file is not a picture")
    assert "PNG or JPEG" in reply.get_json()["error"]


# -- the lesson form -----------------------------------------------------------------


def _post(client, slug, values, files=None, action="save"):
    data = {**values, "action": action}
    for name, (content, filename) in (files or {}).items():
        data[name] = (io.BytesIO(content), filename)
    return client.post(FORM.format(slug), data=data, headers=PAGE,
                       content_type="multipart/form-data")  # fmt: skip


def test_the_form_uploads_a_picture_and_saves_it_with_its_words(client):
    portal_login(client)
    slug = "romance-scams"
    values = form_of(page(client, FORM.format(slug))).values
    assert values["step-1-picture"] == "" and "step-1-picture-alt" in values
    big = png((700, 700), noise=True)
    assert len(big) > 1024 * 1024  # far over the short-form limit of other requests
    shown = _post(client, slug, values, {"step-1-picture-file": (big, "me.png")},
                  action="upload-picture-1")  # fmt: skip
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    assert "The picture is on step 1 now" in html
    assert re.search(r'id="step-1-picture-alt"[^>]*autofocus', html)
    values = form_of(html).values
    assert re.fullmatch(r"pictures/[0-9a-f]{16}\.png", values["step-1-picture"])
    assert 'class="picture-now"' in html

    unsaid = _post(client, slug, values)
    assert unsaid.status_code == 422
    assert 'id="step-1-picture-alt-problem"' in unsaid.get_data(as_text=True)

    values["step-1-picture-alt"] = "A man's face on a dating site, smiling"
    saved = _post(client, slug, values)
    assert saved.status_code == 302
    text = client.get(f"/educator/lessons/{slug}/text", headers=PAGE).get_data(as_text=True)
    assert f"![A man&#39;s face on a dating site, smiling]({values['step-1-picture']})" in text
    assert "lesson-picture" in text  # the preview shows it as the chat will


def test_a_refused_file_is_said_at_its_field_and_nothing_is_saved(client):
    portal_login(client)
    slug = "romance-scams"
    values = form_of(page(client, FORM.format(slug))).values
    values["step-1-title"] = "A new heading"
    reply = _post(client, slug, values, {"step-1-picture-file": (b"not a picture", "x.png")})
    assert reply.status_code == 422
    html = reply.get_data(as_text=True)
    assert 'id="step-1-picture-file-problem"' in html and "not a picture" in html
    assert "A new heading" not in page(client, f"/educator/lessons/{slug}/text")


def test_a_picture_is_taken_off_its_step(client):
    portal_login(client)
    values = form_of(page(client, FORM.format(PUBLISHED))).values
    assert values["step-1-picture"] == "pictures/safe-account-call.png"
    reply = _post(client, PUBLISHED, values, action="remove-picture-1")
    html = reply.get_data(as_text=True)
    assert "The picture of step 1 is taken off" in html
    assert form_of(html).values["step-1-picture"] == ""
    assert re.search(r'id="step-1-picture-file"[^>]*autofocus', html)


def test_an_upload_without_the_forms_csrf_token_is_refused(client):
    portal_login(client)
    values = form_of(page(client, FORM.format(PUBLISHED))).values
    values.pop("csrf_token")
    reply = _post(client, PUBLISHED, values, {"step-1-picture-file": (png(), "a.png")})
    assert reply.status_code == 400


# -- the chat and reading aloud ------------------------------------------------------


def test_the_chat_gets_the_step_card_with_the_pictures_address(app, bank_settings, db):
    file = published_picture(app)
    picture = {"file": file, "alt": "A ringing phone", "width": 960, "height": 640}
    card = {"kind": "step", "lesson": "The call", "number": 1, "of": 4, "picture": picture}
    gateway = Gateway([{"text": "Step 1 of 4: The call."}, {"custom": {"card": card}}])
    chat = create_app(app_settings(bank_settings.database_url), db=db, gateway=gateway)
    client = chat.test_client()
    token = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).get_json()
    reply = client.post("/api/chat", json={"message": "next"},
                        headers={"Authorization": f"Bearer {token['token']}"})  # fmt: skip
    shown = reply.get_json()["responses"][0]["card"]["picture"]
    assert shown == {**card["picture"], "url": f"/lesson-pictures/{file}"}
    assert client.get(shown["url"]).status_code == 200


def test_a_card_naming_no_kept_file_shows_no_picture(bank_settings, db):
    card = {"kind": "step", "picture": {"file": "../../etc/passwd", "alt": "x"}}
    gateway = Gateway([{"text": "Step 1.", "buttons": []}, {"custom": {"card": card}}])
    client = create_app(app_settings(bank_settings.database_url), db=db,
                        gateway=gateway).test_client()  # fmt: skip
    token = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).get_json()
    reply = client.post("/api/chat", json={"message": "next"},
                        headers={"Authorization": f"Bearer {token['token']}"})  # fmt: skip
    assert "picture" not in reply.get_json()["responses"][0]["card"]


def test_read_aloud_takes_the_pictures_words_as_a_list_of_text(client):
    token = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).get_json()
    headers = {"Authorization": f"Bearer {token['token']}"}
    reply = client.post("/api/speak", json={"text": "Step 1.", "pictures": "a phone"},
                        headers=headers)  # fmt: skip
    assert reply.status_code == 400 and "list" in reply.get_json()["error"]
