"""The lesson form's Listen buttons: one step, as customers hear it, in their default voice.

`POST /educator/listen` takes the step as it stands in the form, saved or not:
`{"number": 2, "of": 4, "title": "...", "text": "...", "picture": "what it shows"}`
("picture" only when the step has one). The words are made plain as the import makes
them (`lessons.format.plain_text`), put as the chat puts them ("Step 2 of 4: ...",
`lessons.render.step_text`), shaped for the ear as every spoken reply is
(`voice.spoken.sentences`: amounts and dates in words, "The picture shows ..."), and
spoken by the app's speaker in the default speech profile, the one every customer has
until they say "slower" or "louder". The answer is the audio itself, for an `<audio>`
element: Opus in Ogg when the Accept header names audio/ogg, else WAV.

For staff who write or review lessons, through the portal's session and CSRF token, as
the form itself; errors are `{"error": "<sentence>"}` (web/errors.py).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, request
from flask.typing import ResponseReturnValue

from assistant.bank.staff import EDUCATOR, REVIEWER
from lessons import render
from lessons.format import Picture, Step, plain_text
from voice.compress import compress
from voice.spoken import sentences
from web.errors import BadRequest, Forbidden
from web.portal import staff_required
from web.services import services
from web.voice_api import MAX_SPOKEN_CHARS

bp = Blueprint("lesson_listen", __name__, url_prefix="/educator")

LISTENERS = (EDUCATOR, REVIEWER)
SEND_A_STEP = (
    'Send the step as {"number": 2, "of": 4, "title": "...", "text": "...", '
    '"picture": "what the picture shows"}.'
)
# Far above a lesson's 6 steps: a form being written may have too many for a while.
_MOST_STEPS = 99


@bp.post("/listen")
@staff_required
def listen() -> ResponseReturnValue:
    if g.actor.role not in LISTENERS:
        raise Forbidden("Listening to a lesson's steps is for educators and reviewers.")
    (number, of), step = _posted_step(request.get_json(silent=True))
    engines = services().voice
    said = spoken_step(step, number, of, engines.currency)
    profile = services().bank.voice_profiles.default
    # One step at a time for each member of staff, counted with the customers' read-aloud.
    with services().speak_in_flight.slot(f"staff:{g.actor.id}"):
        audio = engines.speaker.speak(said, profile)  # SpeechUnavailable is a 503
    encoded = compress(audio, request.headers.get("Accept", ""))
    return Response(encoded.data, content_type=encoded.mime)


def _posted_step(body: Any) -> tuple[tuple[int, int], Step]:
    """(the step's number, how many steps), and the step made plain; BadRequest says
    what is wrong with it."""
    if not isinstance(body, dict):
        raise BadRequest(SEND_A_STEP)
    number, of = body.get("number"), body.get("of")
    words = [body.get(key, "") for key in ("title", "text", "picture")]
    if (
        type(number) is not int
        or type(of) is not int
        or not 1 <= number <= of <= _MOST_STEPS
        or not all(isinstance(w, str) for w in words)
    ):
        raise BadRequest(SEND_A_STEP)
    length = sum(len(w) for w in words)
    if length > MAX_SPOKEN_CHARS:
        raise BadRequest(
            f"Step {number} is too long to listen to: {length} characters of heading, text "
            f"and picture words, where at most {MAX_SPOKEN_CHARS} are read at a time."
        )
    title, text, shows = (plain_text(w) for w in words)
    if not title or not text:
        raise BadRequest(
            f"Step {number} needs its heading and what it says before it can be listened to."
        )
    return (number, of), Step(title, text, Picture("", shows) if shows else None)


def spoken_step(step: Step, number: int, of: int, currency: str) -> list[str]:
    """The sentences a customer hears for the step, its buttons left out: its text, then
    what its picture shows, as `voice.spoken.sentences` makes them of the chat's message."""
    message: dict[str, Any] = {"text": render.step_text(step, number, of)}
    if step.picture is not None:
        message["card"] = {"picture": {"alt": step.picture.alt}}
    return sentences([message], currency)
