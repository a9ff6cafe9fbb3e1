"""Text to speech: pyttsx3 over espeak-ng, in a worker process that can be replaced.

Contract: `Speaker.speak(sentences, profile)` returns one WAV (mono 16-bit)
with the sentences in order and `pause_ms` of silence between them, or raises
`SpeechUnavailable`. Nothing else touches the engine.

pyttsx3's `runAndWait` is known to hang, or to raise "run loop already
started", when called many times in one process (pyttsx3 issues 262 and
403). So one child process owns the engine and answers one request at a
time over a pipe; a request that fails or takes longer than the timeout
ends that child, and the next request starts a fresh one.

Try it: `tools/voice_check.py speak "Hello." "Your balance is ten dollars." -o out.wav`.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing as mp
import os
import sys
import tempfile
import threading
import time
import uuid
import wave
from dataclasses import dataclass
from multiprocessing.connection import Connection

from voice.audio import WIDTH, wav_bytes
from voice.errors import SpeechUnavailable

log = logging.getLogger(__name__)

RENDER_SECONDS = 15.0  # one sentence; the parent's timeout covers the whole request
SETTINGS_SECONDS = 2.0


@dataclass(frozen=True)
class SpeechProfile:
    """How the assistant sounds for one customer."""

    rate_wpm: int = 150
    volume: float = 0.9  # 0 to 1
    pitch: int = 50  # espeak-ng 0 to 99


def _worker(conn: Connection) -> None:
    """The child: owns one pyttsx3 engine and renders each sentence to WAV."""
    import pyttsx3

    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - pyttsx3 prints each file it saves
    engine = pyttsx3.init("espeak")
    finished = threading.Event()
    engine.connect("finished-utterance", lambda name, completed: finished.set())
    folder = tempfile.mkdtemp(prefix="tts-")
    # A fresh engine queues its first settings and sometimes writes an empty
    # first file: one throw-away sentence brings it to its steady state.
    with contextlib.suppress(Exception):
        _render(engine, finished, "Ready.", folder)
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        sentences, profile, pause_ms = request
        try:
            _apply(engine, profile)
            pieces = [_render(engine, finished, sentence, folder) for sentence in sentences]
            conn.send(("ok", join_pieces(pieces, pause_ms)))
        except Exception as error:  # reported to the parent, which restarts us
            conn.send(("error", f"{type(error).__name__}: {error}"))
            return


def _apply(engine, profile: SpeechProfile) -> None:  # type: ignore[no-untyped-def]
    """Set rate, volume and pitch, and wait until espeak-ng really uses them.

    pyttsx3 drives espeak-ng in its asynchronous mode, where a setting sent
    just as the previous sentence ends can be dropped (the driver cancels
    espeak-ng's queue). Reading the values back shows whether they landed;
    they are sent again until they do.
    """
    wanted = (profile.rate_wpm, round(profile.volume * 100), profile.pitch)
    deadline = time.monotonic() + SETTINGS_SECONDS
    while time.monotonic() < deadline:
        engine.setProperty("rate", profile.rate_wpm)
        engine.setProperty("volume", profile.volume)
        engine.setProperty("pitch", profile.pitch)
        resend = time.monotonic() + 0.1
        while time.monotonic() < resend:
            current = (
                engine.getProperty("rate"),
                round(engine.getProperty("volume") * 100),
                engine.getProperty("pitch"),
            )
            if current == wanted:
                return
            time.sleep(0.002)
    raise RuntimeError(f"espeak-ng did not take the settings {wanted} in {SETTINGS_SECONDS} s")


def _render(engine, finished: threading.Event, sentence: str, folder: str) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    """One sentence to WAV frames.

    With espeak, pyttsx3 2.99's `runAndWait` returns once synthesis is queued,
    not when the file is written; the file is complete when the driver sends
    "finished-utterance". Waiting for that before the next sentence keeps
    every request's rate and volume on its own words (without the wait, a
    sentence could come out at the previous request's rate).
    """
    for _attempt in (1, 2):  # an empty file is tried once more
        path = os.path.join(folder, f"{uuid.uuid4().hex}.wav")
        finished.clear()
        engine.save_to_file(sentence, path)
        engine.runAndWait()
        if not finished.wait(RENDER_SECONDS):
            raise RuntimeError(f"the engine did not finish a sentence in {RENDER_SECONDS} s")
        try:
            with wave.open(path) as reader:
                frames = reader.readframes(reader.getnframes())
                rate = reader.getframerate()
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(path)
        if frames:
            return rate, frames
    raise RuntimeError("the engine wrote no audio")


def join_pieces(pieces: list[tuple[int, bytes]], pause_ms: int, rate: int = 22050) -> bytes:
    """One WAV of (rate, frames) pieces with `pause_ms` of silence between them."""
    rate = pieces[0][0] if pieces else rate
    silence = b"\0" * (rate * pause_ms // 1000) * WIDTH
    return wav_bytes(silence.join(frames for _, frames in pieces), rate)


class Speaker:
    """Renders speech through a worker process; safe to share between threads."""

    label = "espeak-ng"

    def __init__(self, timeout_seconds: float = 20.0, pause_ms: int = 350) -> None:
        self._timeout = timeout_seconds
        self._pause_ms = pause_ms
        self._lock = threading.Lock()
        self._context = mp.get_context("spawn")
        self._process: mp.process.BaseProcess | None = None
        self._conn: Connection | None = None
        self.restarts = 0

    def speak(self, sentences: list[str], profile: SpeechProfile | None = None) -> bytes:
        sentences = [s for s in (" ".join(x.split()) for x in sentences) if s]
        profile = profile or SpeechProfile()
        if not sentences:
            return join_pieces([], 0)
        with self._lock:
            for _attempt in (1, 2):
                conn = self._ensure()
                try:
                    conn.send((sentences, profile, self._pause_ms))
                    if not conn.poll(self._timeout):
                        raise TimeoutError(f"no answer in {self._timeout:.0f} s")
                    status, value = conn.recv()
                except (OSError, EOFError, TimeoutError) as error:
                    status, value = "error", f"{type(error).__name__}: {error}"
                if status == "ok":
                    return value
                log.warning("Speech worker failed (%s); starting a new one.", value)
                self._stop()
                self.restarts += 1
            raise SpeechUnavailable("I cannot speak right now. The answer is on the screen.")

    def warm_up(self) -> None:
        """Start the worker now, so that the first answer does not wait for it."""
        self.speak(["Ready."])

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _ensure(self) -> Connection:
        if self._conn is not None and self._process is not None and self._process.is_alive():
            return self._conn
        self._stop()
        parent, child = self._context.Pipe()
        self._process = self._context.Process(target=_worker, args=(child,), daemon=True)
        self._process.start()
        child.close()
        self._conn = parent
        return parent

    def _stop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
            self._conn.close()
            self._conn = None
        if self._process is not None:
            self._process.join(timeout=2)
            if self._process.is_alive():
                self._process.kill()
                self._process.join(timeout=2)
            self._process = None
