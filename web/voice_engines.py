"""The recogniser and the speaker of the web app, built once by `create_app`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from voice.asr import build_recognizer, engine_label
from voice.errors import SpeechUnavailable
from voice.neural_tts import TextToSpeech, build_speaker
from voice.settings import VoiceSettings
from voice.transcript import Recognizer, Transcript
from voice.whisper import WhisperRecognizer

log = logging.getLogger(__name__)


class VoiceEngines:
    """The recogniser and the speaker, built once and shared by all requests.

    `warm_up()` (called by the server at start) loads the recogniser and the
    speaker in the background, and has the speaker say one sentence, so that the
    first spoken turn waits for neither; otherwise each is loaded on first use.
    `names` gives every payee name in the bank (the hint of Vosk and
    PocketSphinx); `customer_names`, one customer's payees (Whisper's prompt,
    per request). `language` is the bank's ("en"): a neural voice of another
    language is not used.
    """

    def __init__(
        self,
        settings: VoiceSettings,
        names: Callable[[], list[str]] | None = None,
        customer_names: Callable[[str], list[str]] | None = None,
        currency: str = "USD",
        language: str = "en",
    ) -> None:
        self.settings = settings
        self.currency = currency  # amounts in replies are spoken in the home currency
        self._names = names or list
        self._customer_names = customer_names
        self._lock = threading.Lock()
        self._recognizer: Recognizer | None = None
        self.speaker: TextToSpeech = build_speaker(settings, language)

    def recognizer(self) -> Recognizer:
        with self._lock:
            if self._recognizer is None:
                self._recognizer = build_recognizer(self.settings, self._names())
            return self._recognizer

    def warm_up(self) -> threading.Thread:
        def both() -> None:
            try:
                self.speaker.warm_up()
            except SpeechUnavailable as error:  # said again, to the customer, on a spoken turn
                log.warning("Speech output did not warm up: %s", error)
            self.recognizer()

        thread = threading.Thread(target=both, name="voice-warm-up", daemon=True)
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
