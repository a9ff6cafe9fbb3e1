"""The lesson form's Listen button on a real app and database: a step as typed, said as the
chat says it, in the customers' default voice; for educators and reviewers only; a step
with nothing to say or too much is refused with what is wrong."""

from __future__ import annotations

import io
import wave

import pytest

from lessons import render
from lessons.format import LessonContent, Picture, Step
from tests.helpers import app_settings
from tests.support import PAGE, csrf, portal_login
from voice.spoken import sentences
from web import create_app
from web.lesson_listen import spoken_step

LISTEN = "/educator/listen"
STEP = {
    "number": 2,
    "of": 4,
    "title": "Hang up",
    "text": "A caller asks you to move $250 to a safe account. Hang up and call your bank.",
}
PHONE = "A ringing mobile phone that says Your Bank is calling"


@pytest.fixture
def client(bank_settings, db):
    return create_app(app_settings(bank_settings.database_url), db=db).test_client()


def _staff(client, user="teacher", password="lessons-for-all"):  # noqa: S107 (demo staff)
    portal_login(client, user, password)
    return {"X-CSRFToken": csrf(client, "/educator/new")}


def _seconds(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as reader:
        return reader.getnframes() / reader.getframerate()


def test_a_step_is_said_as_the_chat_says_it_without_its_buttons():
    picture = Picture("pictures/phone.png", PHONE, sha256="a" * 64, media_type="image/png")
    steps = [Step("Look", "Look at the screen."), Step(STEP["title"], STEP["text"], picture)]
    content = LessonContent(
        "safe", "Safe", "A summary.", [], [], "en", 1, [*steps, steps[0], steps[0]], [], 1.0
    )
    chat = render.step(content, 1)
    chat.pop("buttons")
    typed = Step(STEP["title"], STEP["text"], Picture("", PHONE))
    said = spoken_step(typed, 2, 4, "USD")
    assert said == sentences([chat], "USD")
    assert said == [
        "Step two of four: Hang up.",
        "A caller asks you to move two hundred and fifty dollars to a safe account.",
        "Hang up and call your bank.",
        "The picture shows a ringing mobile phone that says Your Bank is calling.",
    ]


def test_no_one_but_a_logged_in_educator_or_reviewer_may_listen(client):
    assert client.post(LISTEN, json=STEP).status_code == 400  # no CSRF token, no session
    # With the log-in page's CSRF token, and a customer's log-in, still no staff session:
    anyone = {"X-CSRFToken": csrf(client, "/educator/login")}
    reply = client.post(LISTEN, json=STEP, headers=anyone)
    assert reply.status_code == 302 and reply.headers["Location"].startswith("/educator/login")
    token = client.post("/api/login", json={"customer_id": "demo", "pin": "1234"}).get_json()
    customer = {**anyone, "Authorization": f"Bearer {token['token']}"}
    reply = client.post(LISTEN, json=STEP, headers=customer)
    assert reply.status_code == 302 and reply.headers["Location"].startswith("/educator/login")

    trainer = _staff(client, "trainer", "teach-the-assistant")
    reply = client.post(LISTEN, json=STEP, headers=trainer)
    assert reply.status_code == 403
    assert reply.get_json() == {
        "error": "Listening to a lesson's steps is for educators and reviewers."
    }


def test_the_form_has_a_listen_button_per_step_for_those_who_may_listen(client):
    _staff(client)
    form = client.get("/educator/lessons/romance-scams", headers=PAGE).get_data(as_text=True)
    assert 'data-listen="/educator/listen"' in form
    for number in (1, 2, 3):
        assert (
            f'<button type="button" class="secondary" id="step-{number}-listen">'
            f'Listen<span class="visually-hidden"> to step {number}</span></button>'
        ) in form
    # Hidden until portal.js shows it: without JavaScript nothing would play the sound.
    assert '<div class="listen" data-listen-step="1" hidden>' in form
    client.post("/educator/logout", headers={"X-CSRFToken": csrf(client, "/educator/new")})
    _staff(client, "trainer", "teach-the-assistant")
    form = client.get("/educator/lessons/romance-scams", headers=PAGE).get_data(as_text=True)
    assert "step-1-title" in form and "data-listen" not in form and "step-1-listen" not in form


def test_listening_needs_the_forms_csrf_token(client):
    _staff(client)
    reply = client.post(LISTEN, json=STEP)
    assert reply.status_code == 400 and "expired" in reply.get_json()["error"]


@pytest.mark.parametrize(
    ("step", "said"),
    [
        ({**STEP, "text": ""}, "Step 2 needs its heading and what it says before it can be"),
        ({**STEP, "title": "  "}, "Step 2 needs its heading and what it says"),
        ({**STEP, "text": "<b></b>"}, "Step 2 needs its heading and what it says"),
        ({**STEP, "text": "Call the bank. " * 150}, "Step 2 is too long to listen to: 2257 "),
        ({**STEP, "picture": "A phone. " * 250}, "at most 2000 are read at a time"),
        ({**STEP, "number": 5}, 'Send the step as {"number": 2, "of": 4'),
        ({**STEP, "number": "2"}, "Send the step as"),
        ({**STEP, "text": ["a", "list"]}, "Send the step as"),
        ("Hang up", "Send the step as"),
    ],
    ids=["no text", "no heading", "only markup", "too long", "picture words too long",
         "past the last step", "number as text", "text as a list", "not an object"],
)  # fmt: skip
def test_a_step_with_nothing_to_say_or_too_much_is_refused(client, step, said):
    staff = _staff(client)
    reply = client.post(LISTEN, json=step, headers=staff)
    assert reply.status_code == 400
    assert said in reply.get_json()["error"]


def test_a_body_that_is_not_json_is_refused(client):
    staff = _staff(client)
    reply = client.post(LISTEN, data="Hang up", headers={**staff, **PAGE})
    assert reply.status_code == 400


@pytest.mark.speech
def test_educators_and_reviewers_hear_the_step_as_typed(voice_client):
    staff = _staff(voice_client)
    reply = voice_client.post(LISTEN, json=STEP, headers={**staff, "Accept": "audio/wav"})
    assert reply.status_code == 200, reply.get_data(as_text=True)
    assert reply.content_type == "audio/wav"
    wav = reply.get_data()
    assert wav[:4] == b"RIFF" and wav[8:12] == b"WAVE"
    alone = _seconds(wav)
    assert alone > 3, "the heading and two sentences, not a click"

    shown = {**STEP, "picture": PHONE}
    with_picture = voice_client.post(LISTEN, json=shown, headers=staff).get_data()
    assert _seconds(with_picture) > alone + 1.5, "what the picture shows is said too"

    ogg = voice_client.post(LISTEN, json=STEP, headers={**staff, "Accept": "audio/ogg"})
    assert ogg.content_type == "audio/ogg; codecs=opus" and ogg.get_data()[:4] == b"OggS"

    voice_client.post("/educator/logout", headers=staff)
    reviewer = _staff(voice_client, "editor", "check-then-publish")
    reply = voice_client.post(LISTEN, json=STEP, headers=reviewer)
    assert reply.status_code == 200 and reply.get_data()[:4] == b"RIFF"
