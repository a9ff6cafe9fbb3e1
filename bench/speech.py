"""Benchmark: speech recognition and spoken turns (a report, not a test).

Prints, for the engine the assistant would use on this machine:

1. word error rate and intent accuracy on banking utterances from the
   held-out NLU set (the written part, 4 per intent), spoken by espeak-ng at
   three rates, clean and with brown noise mixed in by sox;
2. the recogniser's real-time factor on those recordings;
3. time from the end of speech to the reply audio being ready (p50/p95),
   through the real /api/voice with Rasa, the action server and speech output;
4. word error rate on the real recorded speech of Debian's
   pocketsphinx-testdata package, with the recogniser's general model.

    .venv/bin/python bench/speech.py [--per-intent 4] [--turns 30]
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jiwer
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_latency import machine, percentile  # noqa: E402
from nlu.evaluate import load_examples, model_parser  # noqa: E402
from tests.helpers import throwaway_assistant  # noqa: E402
from voice.asr import PocketSphinxRecognizer, build_recognizer  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.errors import AudioRejected  # noqa: E402
from voice.settings import VoiceSettings  # noqa: E402
from voice.vocabulary import spoken  # noqa: E402

RATES = (130, 160, 190)
NOISE_VOLUME = 0.04  # brown noise, about 15-20 dB below the speech
TESTDATA = Path("/usr/share/pocketsphinx/test/data")
PAYEES = ["Alice Wong", "City Water", "Northern Power", "Carlos Diaz", "Wei Zhang"]


def say(text: str, rate: int, out: Path, noisy: bool) -> bytes:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(rate), "-w", str(out), text], check=True)
    if noisy:
        seconds = float(subprocess.check_output(["soxi", "-D", str(out)]).decode())
        noise = out.with_suffix(".noise.wav")
        subprocess.run(
            ["sox", "-n", "-r", "22050", "-c", "1", "-b", "16", str(noise), "synth",
             str(seconds), "brownnoise", "vol", str(NOISE_VOLUME)], check=True,
        )  # fmt: skip
        mixed = out.with_suffix(".mixed.wav")
        subprocess.run(["sox", "-m", str(out), str(noise), str(mixed)], check=True)
        return mixed.read_bytes()
    return out.read_bytes()


def utterances(per_intent: int) -> list[tuple[str, str]]:
    """(text, intent): the first written (not speech-style) examples of each intent."""
    by_intent: dict[str, list[str]] = collections.defaultdict(list)
    for example in load_examples(ROOT / "tests" / "nlu" / "heldout.yml"):
        if not example.asr_style and len(by_intent[example.intent]) < per_intent:
            by_intent[example.intent].append(example.text)
    return [(text, intent) for intent, texts in by_intent.items() for text in texts]


def recognition(per_intent: int) -> None:
    settings = VoiceSettings.from_env()
    recognizer = build_recognizer(settings, PAYEES)
    parse = model_parser(ROOT / "models" / "bank.tar.gz")
    items = utterances(per_intent)
    print(f"Engine: {recognizer.name}; {len(items)} utterances x {len(RATES)} rates x 2")
    print("| rate (wpm) | audio | WER | intent accuracy | real-time factor |")
    print("| --- | --- | --- | --- | --- |")
    work = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    for noisy in (False, True):
        for rate in RATES:
            refs, hyps, right, audio_s, busy_s = [], [], 0, 0.0, 0.0
            for number, (text, intent) in enumerate(items):
                data = say(text, rate, work / f"{number}.wav", noisy)
                try:
                    pcm = to_pcm16k(data)
                except AudioRejected:
                    refs.append(spoken(text))
                    hyps.append("")
                    continue
                started = time.perf_counter()
                transcript = recognizer.transcribe(pcm.data)
                busy_s += time.perf_counter() - started
                audio_s += pcm.seconds
                refs.append(spoken(text))
                hyps.append(transcript.text)
                right += parse(transcript.text or "-") == intent
            label = "with noise" if noisy else "clean"
            print(
                f"| {rate} | {label} | {jiwer.wer(refs, hyps):.1%} | {right / len(items):.1%} "
                f"| {busy_s / audio_s:.3f} |",
                flush=True,
            )


def real_speech() -> None:
    if not TESTDATA.is_dir():
        print("pocketsphinx-testdata is not installed (make system-deps): no real-speech WER.")
        return
    recognizer = PocketSphinxRecognizer()  # the general US English language model
    refs, hyps = [], []
    for folder, fileids in (("librivox", "fileids"), ("cards", "cards.fileids")):
        lines = (TESTDATA / folder / fileids).read_text().split()
        truth = {}
        for line in (TESTDATA / folder / (
            "transcription" if folder == "librivox" else "cards.transcription"
        )).read_text().splitlines():  # fmt: skip
            words, _, fileid = line.rpartition("(")
            truth[fileid.rstrip(") ").split("/")[-1]] = words.replace("<s>", "").replace("</s>", "")
        for fileid in lines:
            name = fileid.split("/")[-1]
            pcm = to_pcm16k((TESTDATA / folder / f"{name}.wav").read_bytes())
            refs.append(" ".join(truth[name].split()))
            hyps.append(recognizer.transcribe(pcm.data).text)
    raw = (TESTDATA / "goforward.raw").read_bytes()
    refs.append("go forward ten meters")
    hyps.append(recognizer.transcribe(raw).text)
    print(
        f"Real recorded speech (pocketsphinx-testdata: {len(refs)} recordings, read books, "
        f"card names, a command), general model: WER {jiwer.wer(refs, hyps):.1%}"
    )


def latency(turns: int) -> None:
    said = ["what is my balance", "what bills do I have", "freeze my card", "no",
            "how much did I spend last month", "thank you"]  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="bench-voice-turns-"))
    recordings = [say(text, 160, work / f"t{i}.wav", False) for i, text in enumerate(said)]
    with throwaway_assistant("bench-voice-") as settings:
        url = f"http://127.0.0.1:{settings.web_port}"
        token = requests.post(
            f"{url}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "audio/wav"}
        requests.post(f"{url}/api/voice", data=recordings[0], headers=headers, timeout=120)
        times = []
        for turn in range(turns):
            started = time.perf_counter()
            reply = requests.post(
                f"{url}/api/voice", data=recordings[turn % len(recordings)], headers=headers,
                timeout=120,
            )  # fmt: skip
            times.append((time.perf_counter() - started) * 1000)
            if reply.status_code != 200 or not reply.json().get("audio"):
                print(f"turn {turn}: {reply.status_code} {reply.text[:200]}")
    print(
        f"End of speech to reply audio ready ({turns} turns via /api/voice, upload of the "
        f"whole utterance): p50 {percentile(times, 50):.0f} ms, p95 {percentile(times, 95):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-intent", type=int, default=4)
    parser.add_argument("--turns", type=int, default=30)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    recognition(args.per_intent)
    real_speech()
    latency(args.turns)


if __name__ == "__main__":
    main()
