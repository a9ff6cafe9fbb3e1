"""One spoken turn through /api/voice: espeak-ng says the text, the real stack answers."""

from __future__ import annotations

import requests

from tests.voice.speech import espeak


def speak_to(assistant, customer, text, tmp_path, rate=150):
    wav = espeak(text, tmp_path / f"say-{rate}.wav", voice="en-us", rate=rate)
    reply = requests.post(
        f"{assistant.web_url}/api/voice",
        data=wav.read_bytes(),
        headers={"Authorization": f"Bearer {customer.token}", "Content-Type": "audio/wav"},
        timeout=120,
    )
    body = reply.json()
    assert reply.status_code == 200, body
    customer.last = body["responses"]
    return body
