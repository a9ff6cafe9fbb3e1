"""Try one part of the voice pipeline by hand on a recording or a sentence.

    PYTHONPATH=$PWD .venv/bin/python tools/voice_check.py audio FILE
    PYTHONPATH=$PWD .venv/bin/python tools/voice_check.py recognise --wav FILE
    PYTHONPATH=$PWD .venv/bin/python tools/voice_check.py whisper --wav FILE [--model base]
    PYTHONPATH=$PWD .venv/bin/python tools/voice_check.py shape IN.wav OUT.wav --pad-ms 300
    PYTHONPATH=$PWD .venv/bin/python tools/voice_check.py speak "Hello." -o out.wav
    PYTHONPATH=$PWD .venv/bin/python tools/voice_check.py compress reply.wav -o reply.ogg

`audio` prints what an upload becomes (or why it is refused), `recognise` the events of
the configured recogniser (VOICE_* settings), `whisper` one Whisper transcript with its
confidence, `shape` writes a recording padded as the recogniser hears it, `speak` writes
sentences spoken as the assistant speaks them, `compress` writes a WAV as Opus in Ogg.
The voice package itself has no command-line code: the assistant runs it in its servers.
"""

from __future__ import annotations

import argparse
import audioop
import logging
import sys
import time
from pathlib import Path


def audio(args: argparse.Namespace) -> int:
    from voice.audio import AudioRejected, to_pcm16k

    try:
        result = to_pcm16k(args.file.read_bytes())
    except AudioRejected as rejected:
        print(f"rejected ({rejected.status}): {rejected}")
        return 1
    print(f"{result.seconds:.2f} s of 16 kHz mono PCM, RMS {audioop.rms(result.data, 2)}")
    return 0


def recognise(args: argparse.Namespace) -> int:
    from voice.asr import build_recognizer
    from voice.audio import to_pcm16k
    from voice.settings import VoiceSettings

    recognizer = build_recognizer(VoiceSettings.from_env())
    pcm = to_pcm16k(args.wav.read_bytes())
    started = time.perf_counter()
    for event in recognizer.stream(pcm.chunks()):
        print(event.kind, repr(event.text))
    print(f"real-time factor {(time.perf_counter() - started) / pcm.seconds:.3f}")
    return 0


def whisper(args: argparse.Namespace) -> int:
    from voice.audio import to_pcm16k
    from voice.whisper import MODELS, WhisperRecognizer

    started = time.perf_counter()
    recognizer = WhisperRecognizer(MODELS[args.model], args.name)
    print(f"loaded in {time.perf_counter() - started:.2f} s")
    pcm = to_pcm16k(args.wav.read_bytes())
    started = time.perf_counter()
    transcript = recognizer.transcribe(pcm.data)
    print(f"{transcript.text!r} confidence {transcript.confidence}")
    print(f"real-time factor {(time.perf_counter() - started) / pcm.seconds:.3f}")
    return 0


def shape(args: argparse.Namespace) -> int:
    from voice.audio import to_pcm16k, wav_bytes
    from voice.shape import Shaping

    pcm = to_pcm16k(args.wav.read_bytes()).data
    args.out.write_bytes(wav_bytes(Shaping(args.pad_ms).apply(pcm)))
    return 0


def speak(args: argparse.Namespace) -> int:
    import dataclasses

    from voice.neural_tts import build_speaker
    from voice.settings import VoiceSettings
    from voice.tts import SpeechProfile

    settings = VoiceSettings.from_env()
    if args.engine:
        settings = dataclasses.replace(settings, speech_output=args.engine)
    speaker = build_speaker(settings)
    print(f"speaking with {speaker.label}")
    try:
        args.out.write_bytes(speaker.speak(args.sentences, SpeechProfile(rate_wpm=args.rate)))
    finally:
        speaker.close()
    return 0


def compress(args: argparse.Namespace) -> int:
    from voice.compress import OGG_OPUS
    from voice.compress import compress as encode

    wav = args.wav.read_bytes()
    encoded = encode(wav, OGG_OPUS)
    args.out.write_bytes(encoded.data)
    print(f"{len(wav)} bytes of WAV -> {len(encoded.data)} bytes of {encoded.mime}")
    return 0


def parser() -> argparse.ArgumentParser:
    from voice.whisper import MODELS

    top = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", required=True)
    one = commands.add_parser("audio", help="what an upload becomes")
    one.add_argument("file", type=Path)
    one.set_defaults(run=audio)
    one = commands.add_parser("recognise", help="the configured recogniser's events")
    one.add_argument("--wav", required=True, type=Path, help="a recording (WAV, WebM, Ogg)")
    one.set_defaults(run=recognise)
    one = commands.add_parser("whisper", help="one Whisper transcript")
    one.add_argument("--wav", required=True, type=Path, help="a recording (WAV, WebM, Ogg)")
    one.add_argument("--model", default="tiny.en", choices=sorted(MODELS))
    one.add_argument("--name", action="append", default=[], help="a payee name for the prompt")
    one.set_defaults(run=whisper)
    one = commands.add_parser("shape", help="a recording as the recogniser hears it")
    one.add_argument("wav", type=Path)
    one.add_argument("out", type=Path)
    one.add_argument("--pad-ms", type=int, default=0)
    one.set_defaults(run=shape)
    one = commands.add_parser("speak", help="sentences spoken into a WAV file")
    one.add_argument("sentences", nargs="+")
    one.add_argument("-o", "--out", type=Path, required=True)
    one.add_argument("--rate", type=int, default=150)
    one.add_argument(
        "--engine", choices=["auto", "piper", "espeak-ng"], help="default: SPEECH_OUTPUT"
    )
    one.set_defaults(run=speak)
    one = commands.add_parser("compress", help="a WAV as Opus in Ogg")
    one.add_argument("wav", type=Path)
    one.add_argument("-o", "--out", type=Path, required=True)
    one.set_defaults(run=compress)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
