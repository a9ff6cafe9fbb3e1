"""`assistant voice-shell`: talk to the running assistant from a computer.

With a microphone (sounddevice), it listens until you stop speaking (a pause
of 1.2 s ends a turn, so slow speakers are not cut off), sends the recording
to `/api/voice`, shows "You said: ..." and the answer, and plays the spoken
answer. With `--wav FILE` it sends that file instead, once. The PIN is read
from ASSISTANT_PIN or asked for without echo; it is never printed.
"""

from __future__ import annotations

import argparse
import base64
import getpass
import sys
from pathlib import Path
from typing import Any

import requests

from voice.audio import RATE, wav_bytes
from voice.settings import ShellSettings
from voice.vad import Endpointer

CHUNK_SECONDS = 0.1


def _login(url: str, customer: str) -> str:
    pin = ShellSettings.from_env().pin or (
        getpass.getpass("PIN: ") if sys.stdin.isatty() else sys.stdin.readline().strip()
    )
    reply = requests.post(
        f"{url}/api/login", json={"customer_id": customer, "pin": pin}, timeout=30
    )
    if reply.status_code != 200:
        raise SystemExit(f"Log-in refused: {reply.json().get('error', reply.status_code)}")
    return reply.json()["token"]


def _turn(url: str, token: str, audio: bytes) -> dict[str, Any]:
    reply = requests.post(
        f"{url}/api/voice",
        data=audio,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "audio/wav"},
        timeout=120,
    )
    body = reply.json()
    if reply.status_code != 200:
        print(body.get("error", f"Error {reply.status_code}"))
    else:
        print(f"You said: {body['transcript']}")
        for response in body["responses"]:
            print(f"Assistant: {response['text']}")
            for number, button in enumerate(response.get("buttons", []), start=1):
                print(f"  {number}. {button['title']}")
    return body


def _play(audio_b64: str | None) -> None:
    if not audio_b64:
        return
    try:
        import io
        import wave

        import numpy as np
        import sounddevice as sd

        with wave.open(io.BytesIO(base64.b64decode(audio_b64))) as reader:
            samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
            sd.play(samples, reader.getframerate(), blocking=True)
    except (OSError, ImportError) as error:  # no sound device: the text is on screen
        print(f"(Cannot play the answer here: {error})")


def _record() -> bytes | None:
    try:
        import sounddevice as sd

        sd.query_devices(kind="input")
    except (OSError, ImportError, ValueError):
        return None
    endpointer = Endpointer()
    pieces: list[bytes] = []
    print("Listening... (speak, then pause)")
    with sd.RawInputStream(samplerate=RATE, channels=1, dtype="int16") as stream:
        while True:
            data, _ = stream.read(int(RATE * CHUNK_SECONDS))
            pieces.append(bytes(data))
            if endpointer.feed(bytes(data)):
                return wav_bytes(b"".join(pieces))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="assistant voice-shell", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--url", default=f"http://127.0.0.1:{ShellSettings.from_env().web_port}")
    parser.add_argument("--customer", default="demo", help="customer number to log in as")
    parser.add_argument("--wav", type=Path, help="send this recording instead of the microphone")
    parser.add_argument(
        "--out", type=Path, help="save the spoken answer here instead of playing it"
    )
    args = parser.parse_args(argv)
    token = _login(args.url.rstrip("/"), args.customer)
    if args.wav is not None:
        body = _turn(args.url, token, args.wav.read_bytes())
        if args.out is not None and body.get("audio"):
            args.out.write_bytes(base64.b64decode(body["audio"]))
        elif args.out is None:
            _play(body.get("audio"))
        return 0 if "transcript" in body and "responses" in body else 1
    try:
        while True:
            audio = _record()
            if audio is None:
                print("No microphone found. Use --wav FILE to send a recording.")
                return 2
            _play(_turn(args.url, token, audio).get("audio"))
    except KeyboardInterrupt:
        print()
        return 0
