"""The recogniser and the speaker of the web app, built once by `create_app`."""

from __future__ import annotations

import threading
from collections.abc import Callable

from voice.asr import build_recognizer, engine_label
from voice.settings import VoiceSettings
from voice.transcript import Recognizer, Transcript
from voice.tts import Speaker
from voice.whisper import WhisperRecognizer


class VoiceEngines:
    """The recogniser and the speaker, built once and shared by all requests.

    `warm_up()` (called by the server at start) loads the recogniser in the
    background so that the first spoken turn does not wait for the model;
    otherwise it is loaded on first use. `names` gives every payee name in
    the bank (the hint of Vosk and PocketSphinx); `customer_names`, one
    customer's payees (Whisper's prompt, per request).
    """

    def __init__(
        self,
        settings: VoiceSettings,
        names: Callable[[], list[str]] | None = None,
        customer_names: Callable[[str], list[str]] | None = None,
        currency: str = "USD",
    ) -> None:
        self.settings = settings
        self.currency = currency  # amounts in replies are spoken in the home currency
        self._names = names or list
        self._customer_names = customer_names
        self._lock = threading.Lock()
        self._recognizer: Recognizer | None = None
        self.speaker = Speaker(settings.tts_timeout_seconds, settings.sentence_pause_ms)

    def recognizer(self) -> Recognizer:
        with self._lock:
            if self._recognizer is None:
                self._recognizer = build_recognizer(self.settings, self._names())
            return self._recognizer

    def warm_up(self) -> threading.Thread:
        thread = threading.Thread(target=self.recognizer, name="asr-warm-up", daemon=True)
        thread.start()
        return thread

    def engine(self) -> str:
        """The live engine ("whisper tiny.en", "vosk", "pocketsphinx"), or "not loaded yet"."""
        recognizer = self._recognizer
        return engine_label(recognizer) if recognizer is not None else "not loaded yet"

    def transcribe(self, pcm: bytes, customer_id: str) -> Transcript:
        recognizer = self.recognizer()
        if isinstance(recognizer, WhisperRecognizer) and self._customer_names is not None:
            return recognizer.transcribe(pcm, self._customer_names(customer_id))
        return recognizer.transcribe(pcm)
