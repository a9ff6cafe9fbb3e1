"""`POST /api/voice`: one spoken turn, from a recording to a spoken answer.

Authenticated like `/api/chat`. The recording (WAV, or the WebM/Ogg that
browsers record) goes to the recogniser; the transcript goes through exactly
the same path as typed text; the answer comes back as text, buttons and a
WAV of the spoken reply. Saying a number ("two", "the first one") presses
that button of the last answer. Nothing is sent to the assistant when the
audio is unusable or nothing was understood: one gentle "please say it
again", then an offer of help or a person.
"""

from __future__ import annotations

import base64
import logging
import re
import time
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from assistant.bank.auth import Auth, SessionInfo
from assistant.messages import clean_incoming, clean_text
from voice.audio import to_pcm16k
from voice.compress import compress
from voice.errors import AudioRejected, SpeechUnavailable
from voice.profiles import VoiceProfiles
from voice.spoken import sentences
from web.api import converse, session_from_header
from web.errors import BadRequest, TooManyRequests
from web.services import services
from web.voice_engines import VoiceEngines

log = logging.getLogger(__name__)

bp = Blueprint("voice_api", __name__)

SAY_AGAIN = "Sorry, I did not catch that. Please say it again."
OFFER_HELP = (
    "I still did not catch that. You can say 'help' to hear what I can do, or 'talk to a person'."
)
_CHOICE_WORDS = {
    "one": 0, "first": 0, "two": 1, "second": 1, "three": 2, "third": 2,
    "four": 3, "fourth": 3, "five": 4, "fifth": 4, "six": 5, "sixth": 5,
}  # fmt: skip
_CHOICE = re.compile(r"^(?:(?:say|press|choose|number|option|the)\s+)*(\w+)(?:\s+(?:one|please))?$")


def pressed_button(transcript: str, offered: list[str]) -> str | None:
    """The payload of the button the customer named by its number, if they did."""
    # Whisper writes "Number two." with capitals and a full stop.
    match = _CHOICE.match(" ".join(re.sub(r"[^\w\s']", " ", transcript).lower().split()))
    if not match or not offered:
        return None
    index = _CHOICE_WORDS.get(match.group(1))
    if index is None and match.group(1).isdigit():
        index = int(match.group(1)) - 1
    if index is None or not 0 <= index < len(offered):
        return None
    return offered[index]


def _recording() -> bytes:
    upload = request.files.get("audio")
    data = upload.read() if upload is not None else request.get_data(cache=False)
    if not data:
        raise BadRequest(
            "Send the recording as the request body (Content-Type audio/wav, audio/webm "
            "or audio/ogg), or as a form field called audio."
        )
    return data


@bp.post("/api/voice")
def voice() -> ResponseReturnValue:
    session = session_from_header()
    # Taken before the body is read, so that a slow upload holds a slot too.
    with services().voice_in_flight.slot(session.customer_id):
        return _voice_turn(session)


def _voice_turn(session: SessionInfo) -> ResponseReturnValue:
    engines: VoiceEngines = services().voice
    profiles: VoiceProfiles = services().bank.voice_profiles
    profile = profiles.get(session.customer_id)
    auth = services().bank.auth
    try:
        pcm = to_pcm16k(_recording(), engines.settings.max_seconds)
    except AudioRejected as rejected:
        if rejected.status != 422:  # not audio, cut off, too long: not a turn at all
            raise
        return _missed(engines, auth, session.token_hash, profile, str(rejected), "", 0.0)
    started = time.perf_counter()
    transcript = engines.transcribe(pcm.data, session.customer_id)
    timing = _Timing(started)
    heard = clean_text(transcript.text)
    if not heard or transcript.confidence < engines.settings.min_confidence:
        return _missed(
            engines, auth, session.token_hash, profile, SAY_AGAIN, heard, transcript.confidence
        )
    auth.voice_missed(session.token_hash, missed=False)
    offered = session.offered_payloads
    text = pressed_button(heard, offered) or clean_incoming(heard, offered)
    metadata = {"input": "voice", "asr_confidence": transcript.confidence}
    responses = converse(session, text, metadata)
    timing.lap("turn")
    profile = profiles.get(session.customer_id)  # "slower" takes effect in this answer
    audio = _audio(engines, sentences(responses, engines.currency), profile)
    timing.lap("tts")
    reply = jsonify(
        transcript=heard,
        confidence=transcript.confidence,
        engine=transcript.engine,
        responses=responses,
        audio=audio,
    )
    reply.headers["Server-Timing"] = timing.header()
    return reply


class _Timing:
    """Where a spoken turn's time went, for the standard Server-Timing header:
    `asr;dur=412.3, turn;dur=180.0, tts;dur=95.1` (milliseconds; bench/speech.py reads it)."""

    def __init__(self, started: float) -> None:
        self._last = time.perf_counter()
        self.parts = {"asr": (self._last - started) * 1000}

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.parts[name] = (now - self._last) * 1000
        self._last = now

    def header(self) -> str:
        return ", ".join(f"{name};dur={ms:.1f}" for name, ms in self.parts.items())


MAX_SPOKEN_CHARS = 2000
READING_ALOUD = "I am still reading your last message aloud. Please wait for it to finish."
READ_ALOUD_TOO_OFTEN = (
    "You have asked me to read aloud many times in a short while. "
    "Please wait a minute and try again."
)


@bp.post("/api/speak")
def speak() -> ResponseReturnValue:
    """The "read aloud" button: one of the assistant's messages, in the customer's voice.

    Body: {"text": "...", "buttons": [{"title": "..."}], "pictures": ["..."]}; buttons are
    read as numbered choices, as on a phone call, and what a lesson step's picture shows
    (its alt text) is said before them: "The picture shows ...". Answers
    {"audio": base64, "mime": ...}: Opus in Ogg when the Accept header names audio/ogg,
    else WAV. Limited per customer
    (SPEAK_RATE_LIMIT) and, like recordings, in flight per customer and per process.
    """
    session = session_from_header()
    if not services().speak_limiter.allow(session.customer_id):
        raise TooManyRequests(READ_ALOUD_TOO_OFTEN)
    # Taken before the body is read, so that a slow upload holds a slot too.
    with services().speak_in_flight.slot(session.customer_id):
        return _read_aloud(session)


def _read_aloud(session: SessionInfo) -> ResponseReturnValue:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("text"), str):
        raise BadRequest('Send the message to read as {"text": "..."}.')
    buttons = body.get("buttons") or []
    if not isinstance(buttons, list) or not all(
        isinstance(b, dict) and isinstance(b.get("title", ""), str) for b in buttons
    ):
        raise BadRequest('Send buttons as a list such as [{"title": "Yes"}].')
    pictures = body.get("pictures") or []
    if not isinstance(pictures, list) or not all(isinstance(p, str) for p in pictures):
        raise BadRequest('Send what the pictures show as a list such as ["A phone ringing"].')
    message = {"text": body["text"], "buttons": buttons[:8]}
    # A lesson step's picture, said in words after the text and before the buttons.
    shown = [{"card": {"picture": {"alt": alt}}} for alt in pictures[:3]]
    if (
        len(message["text"])
        + sum(len(b.get("title", "")) for b in message["buttons"])
        + sum(len(alt) for alt in pictures[:3])
        > MAX_SPOKEN_CHARS
    ):
        raise BadRequest(f"I can read at most {MAX_SPOKEN_CHARS} characters at a time.")
    engines: VoiceEngines = services().voice
    said = sentences([message, *shown], engines.currency)
    if not said:
        raise BadRequest("There is nothing to read in that message.")
    profile = services().bank.voice_profiles.get(session.customer_id)
    audio = engines.speaker.speak(said, profile)  # SpeechUnavailable is a 503
    encoded = compress(audio, request.headers.get("Accept", ""))
    return jsonify(audio=base64.b64encode(encoded.data).decode("ascii"), mime=encoded.mime)


def _missed(
    engines: VoiceEngines,
    auth: Auth,
    session_hash: str,
    profile: Any,
    first: str,
    heard: str,
    confidence: float,
) -> ResponseReturnValue:
    """Nothing understood: say so gently once, then offer help or a person."""
    misses = auth.voice_missed(session_hash, missed=True)
    message = first if misses <= 1 else OFFER_HELP
    body = {"error": message, "transcript": heard, "confidence": confidence}
    body["audio"] = _audio(engines, [message], profile)
    return jsonify(body), 422


def _audio(engines: VoiceEngines, said: list[str], profile: Any) -> str | None:
    try:
        return base64.b64encode(engines.speaker.speak(said, profile)).decode("ascii")
    except SpeechUnavailable:
        log.warning("No reply audio: the speech worker did not answer.")
        return None


def register_errors(app: Any) -> None:
    @app.errorhandler(AudioRejected)
    def audio_rejected(error: AudioRejected) -> ResponseReturnValue:
        return jsonify(error=str(error)), error.status

    @app.errorhandler(SpeechUnavailable)
    def speech_unavailable(error: SpeechUnavailable) -> ResponseReturnValue:
        return jsonify(error=str(error)), 503
