"""Benchmark: speech recognition and spoken turns (a report, not a test).

Prints, for Whisper (the embedded default) and PocketSphinx side by side:

1. word error rate and intent accuracy on banking utterances from the
   held-out NLU set (the written part, 4 per intent), spoken by espeak-ng at
   three rates, clean and with brown noise mixed in by sox;
2. the recogniser's real-time factor on those recordings, and the intent
   accuracy of the same sentences typed (the ceiling speech cannot beat);
3. word error rate on the real recorded speech of Debian's
   pocketsphinx-testdata package (Whisper as deployed, with its domain
   prompt; PocketSphinx with its general model);
4. through the real /api/voice with Rasa, the action server and speech
   output: time from the end of speech to the reply audio being ready
   (p50/p95, model loaded at start), where that time went (the web app's
   Server-Timing header: recognition, Rasa turn, speech), the web app's
   memory, and what silence, noise-only and music uploads lead to
   (transcripts, turns). `--skip typed asr real` runs this part alone;
   `--skip pocketsphinx` leaves PocketSphinx out of part 1.

Transcripts are compared as spoken words: Whisper's "Send $50." counts as
"send fifty dollars".

    .venv/bin/python bench/speech.py [--per-intent 4] [--turns 30] [--whisper-model tiny.en]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import jiwer
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_latency import machine, percentile  # noqa: E402
from bench.evaluate import load_examples, model_parser  # noqa: E402
from tests.helpers import throwaway_assistant  # noqa: E402
from voice.asr import PocketSphinxRecognizer, build_recognizer  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.errors import AudioRejected  # noqa: E402
from voice.settings import VoiceSettings  # noqa: E402
from voice.transcript import Recognizer  # noqa: E402
from voice.vocabulary import spoken  # noqa: E402
from voice.whisper import MODELS  # noqa: E402

RATES = (130, 160, 190)
NOISE_VOLUME = 0.04  # brown noise, about 15-20 dB below the speech
TESTDATA = Path("/usr/share/pocketsphinx/test/data")
PAYEES = ["Alice Wong", "City Water", "Northern Power", "Carlos Diaz", "Wei Zhang"]


def say(text: str, rate: int, out: Path, noisy: bool, repeatable: bool = False) -> bytes:
    """espeak-ng's WAV of `text`, with brown noise mixed in when `noisy` (the same
    noise each time when `repeatable`: sox -R seeds its generator)."""
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", str(rate), "-w", str(out), text], check=True)
    if noisy:
        sox = ["sox", "-R"] if repeatable else ["sox"]
        seconds = float(subprocess.check_output(["soxi", "-D", str(out)]).decode())
        noise = out.with_suffix(".noise.wav")
        subprocess.run(
            [*sox, "-n", "-r", "22050", "-c", "1", "-b", "16", str(noise), "synth",
             str(seconds), "brownnoise", "vol", str(NOISE_VOLUME)], check=True,
        )  # fmt: skip
        mixed = out.with_suffix(".mixed.wav")
        subprocess.run([*sox, "-m", str(out), str(noise), str(mixed)], check=True)
        return mixed.read_bytes()
    return out.read_bytes()


def utterances(per_intent: int) -> list[tuple[str, str]]:
    """(text, intent): the first written (not speech-style) examples of each intent."""
    by_intent: dict[str, list[str]] = collections.defaultdict(list)
    for example in load_examples(ROOT / "tests" / "nlu" / "heldout.yml"):
        if not example.asr_style and len(by_intent[example.intent]) < per_intent:
            by_intent[example.intent].append(example.text)
    return [(text, intent) for intent, texts in by_intent.items() for text in texts]


def words(text: str) -> str:
    """A transcript as spoken words: "$50" -> "fifty dollars", no capitals or punctuation."""
    return spoken(re.sub(r"\$\s?(\d[\d,]*(?:\.\d+)?)", r"\1 dollars", text.replace(",", "")))


def engines(whisper_model: str) -> list[Recognizer]:
    """Whisper as deployed (WHISPER_BEAM_SIZE, WHISPER_FIRST_BEAM, WHISPER_RETRY_LOGPROB
    from the environment), and PocketSphinx."""
    settings = VoiceSettings.from_env({**os.environ, "WHISPER_MODEL": whisper_model})
    return [
        build_recognizer(replace(settings, engine="whisper"), PAYEES),
        build_recognizer(VoiceSettings(engine="pocketsphinx"), PAYEES),
    ]


def typed(per_intent: int) -> None:
    """The ceiling: intent accuracy on the sentences as written, before any speech."""
    parse = model_parser(ROOT / "models" / "bank.tar.gz")
    items = utterances(per_intent)
    right = sum(parse(text) == intent for text, intent in items)
    print(f"The same {len(items)} sentences typed: intent accuracy {right / len(items):.1%}")


def recognition(
    per_intent: int,
    recognizers: list[Recognizer],
    model: Path = ROOT / "models" / "bank.tar.gz",
    seeded: bool = False,
    show: bool = False,
    keep: Path | None = None,
) -> None:
    """`seeded`: the same noise in every run, so two models compare on the same audio;
    `show`: print each utterance whose transcript was understood as another intent;
    `keep`: write the first engine's transcripts there (JSON lines) for `reparse`."""
    parse = model_parser(model)
    items = utterances(per_intent)
    print(f"{len(items)} utterances x {len(RATES)} rates x 2, the same audio for each engine")
    print(
        "| engine | rate (wpm) | audio | WER | intent accuracy | real-time factor "
        "| time per utterance | decoded twice |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    work = Path(tempfile.mkdtemp(prefix="bench-voice-"))
    kept: list[dict] = []
    for noisy in (False, True):
        for rate in RATES:
            pcms = []
            for number, (text, _) in enumerate(items):
                try:
                    pcms.append(to_pcm16k(say(text, rate, work / f"{number}.wav", noisy, seeded)))
                except AudioRejected:
                    pcms.append(None)
            for recognizer in recognizers:
                refs, hyps, right, audio_s, busy_s = [], [], 0, 0.0, 0.0
                retried_before = getattr(recognizer, "retried", 0)
                for pcm, (text, intent) in zip(pcms, items, strict=True):
                    refs.append(spoken(text))
                    if pcm is None:
                        hyps.append("")
                        continue
                    started = time.perf_counter()
                    transcript = recognizer.transcribe(pcm.data)
                    busy_s += time.perf_counter() - started
                    audio_s += pcm.seconds
                    hyps.append(words(transcript.text))
                    if keep is not None and recognizer is recognizers[0]:
                        kept.append({"rate": rate, "noisy": noisy, "intent": intent,
                                     "text": text, "heard": transcript.text})  # fmt: skip
                    heard_as = parse(transcript.text or "-")
                    right += heard_as == intent
                    if show and heard_as != intent:
                        print(f"  {intent} {text!r} heard {transcript.text!r} -> {heard_as}")
                label = "with noise" if noisy else "clean"
                retried = getattr(recognizer, "retried", 0) - retried_before
                twice = f"{retried / len(items):.0%}" if hasattr(recognizer, "retried") else ""
                print(
                    f"| {_name(recognizer)} | {rate} | {label} | {jiwer.wer(refs, hyps):.1%} "
                    f"| {right / len(items):.1%} | {busy_s / audio_s:.3f} "
                    f"| {busy_s / len(items) * 1000:.0f} ms "
                    f"| {twice} |",
                    flush=True,
                )
    if keep is not None:
        keep.write_text("".join(json.dumps(k) + "\n" for k in kept))


def reparse(transcripts: Path, model: Path) -> None:
    """Intent accuracy of another NLU model on transcripts kept by an earlier run
    (`--keep`): the same words heard, only the understanding changed."""
    parse = model_parser(model)
    cells: dict[tuple[int, bool], list[bool]] = collections.defaultdict(list)
    for line in transcripts.read_text().splitlines():
        item = json.loads(line)
        heard_as = parse(item["heard"] or "-")
        cells[item["rate"], item["noisy"]].append(heard_as == item["intent"])
        if heard_as != item["intent"]:
            print(f"  {item['rate']} {'noise' if item['noisy'] else 'clean'} {item['intent']} "
                  f"{item['text']!r} heard {item['heard']!r} -> {heard_as}")  # fmt: skip
    for (rate, noisy), right in sorted(cells.items(), key=lambda c: (c[0][1], c[0][0])):
        label = "with noise" if noisy else "clean"
        print(f"{rate} wpm {label}: intent accuracy {sum(right) / len(right):.1%} of {len(right)}")


def _name(recognizer: Recognizer) -> str:
    beam = getattr(recognizer, "beam_size", None)
    retry = getattr(recognizer, "retry", None)
    if beam and retry:
        model = f"{recognizer.model_name} beam {retry.first_beam}, {beam} if unsure"  # type: ignore[attr-defined]
    elif beam:
        model = f"{recognizer.model_name} beam {beam}"  # type: ignore[attr-defined]
    else:
        model = ""
    return f"{recognizer.name} {model}".strip()


def real_speech(whisper: Recognizer) -> None:
    if not TESTDATA.is_dir():
        print("pocketsphinx-testdata is not installed (make system-deps): no real-speech WER.")
        return
    recordings, refs = [], []
    for folder, fileids in (("librivox", "fileids"), ("cards", "cards.fileids")):
        lines = (TESTDATA / folder / fileids).read_text().split()
        truth = {}
        for line in (TESTDATA / folder / (
            "transcription" if folder == "librivox" else "cards.transcription"
        )).read_text().splitlines():  # fmt: skip
            said, _, fileid = line.rpartition("(")
            truth[fileid.rstrip(") ").split("/")[-1]] = said.replace("<s>", "").replace("</s>", "")
        for fileid in lines:
            name = fileid.split("/")[-1]
            recordings.append(to_pcm16k((TESTDATA / folder / f"{name}.wav").read_bytes()).data)
            refs.append(" ".join(truth[name].split()))
    recordings.append((TESTDATA / "goforward.raw").read_bytes())
    refs.append("go forward ten meters")
    refs = [spoken(r) for r in refs]
    for recognizer in (whisper, PocketSphinxRecognizer()):  # PocketSphinx: its general model
        hyps = [words(recognizer.transcribe(pcm).text) for pcm in recordings]
        print(
            f"Real recorded speech (pocketsphinx-testdata: {len(refs)} recordings, read books, "
            f"card names, a command), {_name(recognizer)}: WER {jiwer.wer(refs, hyps):.1%}",
            flush=True,
        )


NOT_SPEECH = {
    "silence": ["-n", "trim", "0", "3"],
    "white noise": ["-n", "synth", "3", "whitenoise", "vol", "0.3"],
    "brown noise": ["-n", "synth", "3", "brownnoise", "vol", "0.5"],
    "music": ["-n", "synth", "0.4", "pluck", "C4", ":", "synth", "0.4", "pluck", "E4", ":",
              "synth", "0.4", "pluck", "G4", ":", "synth", "0.8", "pluck", "C5"],
    "chord": ["-n", "synth", "3", "sine", "261.6", "sine", "329.6", "sine", "392",
              "tremolo", "4", "60", "vol", "0.4"],
}  # fmt: skip


def not_speech(work: Path) -> dict[str, bytes]:
    out = {}
    for kind, args in NOT_SPEECH.items():
        path = work / f"{kind.replace(' ', '-')}.wav"
        sox_in, effects = args[:1], args[1:]
        subprocess.run(["sox", *sox_in, "-r", "16000", "-c", "1", "-b", "16", str(path), *effects],
                       check=True)  # fmt: skip
        out[kind] = path.read_bytes()
    return out


def web_memory_mb(port: int) -> tuple[float, float]:
    """Resident and peak memory of the web app serving on `port` (from /proc)."""
    for proc in Path("/proc").iterdir():
        try:
            if b"web.serve" not in (proc / "cmdline").read_bytes():
                continue
            if f"WEB_PORT={port}".encode() not in (proc / "environ").read_bytes().split(b"\0"):
                continue
            status = dict(line.split(":", 1) for line in (proc / "status").read_text().splitlines())
        except OSError:
            continue
        return tuple(int(status[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM"))  # type: ignore[return-value]
    return (float("nan"), float("nan"))


def latency(turns: int, engine: str, whisper_model: str) -> None:
    said = ["what is my balance", "what bills do I have", "freeze my card", "no",
            "how much did I spend last month", "thank you"]  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="bench-voice-turns-"))
    recordings = [say(text, 160, work / f"t{i}.wav", False) for i, text in enumerate(said)]
    with throwaway_assistant(
        "bench-voice-", VOICE_ENGINE=engine, WHISPER_MODEL=whisper_model
    ) as settings:
        url = f"http://127.0.0.1:{settings.runtime.web_port}"
        loaded_by = time.monotonic() + 300
        while time.monotonic() < loaded_by:
            live = requests.get(f"{url}/healthz", timeout=10).json()["speech_recognition"]
            if live != "not loaded yet":
                break
            time.sleep(0.5)
        token = requests.post(
            f"{url}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "audio/wav"}
        requests.post(f"{url}/api/voice", data=recordings[0], headers=headers, timeout=120)
        times: list[float] = []
        parts: dict[str, list[float]] = collections.defaultdict(list)
        for turn in range(turns):
            started = time.perf_counter()
            reply = requests.post(
                f"{url}/api/voice", data=recordings[turn % len(recordings)], headers=headers,
                timeout=120,
            )  # fmt: skip
            times.append((time.perf_counter() - started) * 1000)
            for part in reply.headers.get("Server-Timing", "").split(","):
                name, _, duration = part.strip().partition(";dur=")
                if duration:
                    parts[name].append(float(duration))
            if reply.status_code != 200 or not reply.json().get("audio"):
                print(f"turn {turn}: {reply.status_code} {reply.text[:200]}")
        rss, peak = web_memory_mb(settings.runtime.web_port)
        heard = turned = 0
        uploads = not_speech(work)
        for data in uploads.values():
            for _ in range(4):
                reply = requests.post(f"{url}/api/voice", data=data, headers=headers, timeout=120)
                body = reply.json()
                heard += bool(body.get("transcript"))
                turned += reply.status_code == 200 and "responses" in body
    print(
        f"{live}: end of speech to reply audio ready ({turns} turns via /api/voice, upload of "
        f"the whole utterance): p50 {percentile(times, 50):.0f} ms, "
        f"p95 {percentile(times, 95):.0f} ms; web app memory {rss:.0f} MB resident "
        f"(peak {peak:.0f} MB)",
        flush=True,
    )
    print(
        f"{live}: where the turn went (p50 of the web app's Server-Timing): "
        + ", ".join(f"{name} {percentile(ms, 50):.0f} ms" for name, ms in parts.items())
        + "; the rest is the upload, decoding the audio and the answer's transfer",
        flush=True,
    )
    print(
        f"{live}: {len(uploads) * 4} uploads of {', '.join(uploads)}: {heard} transcripts, "
        f"{turned} turns sent to the assistant",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-intent", type=int, default=4)
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "bank.tar.gz")
    parser.add_argument(
        "--seeded-noise", action="store_true", help="the same noise each run (sox -R)"
    )
    parser.add_argument("--show", action="store_true", help="print each misunderstood utterance")
    parser.add_argument("--keep", type=Path, help="write Whisper's transcripts here (JSON lines)")
    parser.add_argument(
        "--reparse", type=Path, help="only the intent accuracy of --model on kept transcripts"
    )
    parser.add_argument("--whisper-model", default="tiny.en", choices=sorted(MODELS))
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=["typed", "asr", "real", "turns", "pocketsphinx"]
    )
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    if args.reparse:
        reparse(args.reparse, args.model)
        return
    if "typed" not in args.skip:
        typed(args.per_intent)
    if "asr" not in args.skip or "real" not in args.skip:
        recognizers = engines(args.whisper_model)
        if "asr" not in args.skip:
            recognition(
                args.per_intent,
                recognizers[:1] if "pocketsphinx" in args.skip else recognizers,
                args.model,
                args.seeded_noise,
                args.show,
                args.keep,
            )
        if "real" not in args.skip:
            real_speech(recognizers[0])
    if "turns" not in args.skip:
        for engine in ("whisper", "pocketsphinx"):
            latency(args.turns, engine, args.whisper_model)


if __name__ == "__main__":
    main()
