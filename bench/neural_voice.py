"""Benchmark: the neural voice (Piper, joe) against espeak-ng as the assistant's speech output.

Prints, for each engine, on 100 reply sentences (the assistant's own reply texts from
actions/, with amounts, dates and card endings filled in, then shaped for the ear by
voice/spoken.py exactly as /api/voice does):

1. intelligibility: the word error rate of the project's Whisper pipeline (as deployed:
   tiny.en, the domain prompt, two or three hearings) on the engine's own speech of
   each sentence, compared as spoken words (bench/speech.py's `words`);
2. time to first audio for a one-sentence answer: from `speak([sentence])` to the WAV
   in hand, engine warmed at start as the web app does (p50/p95), and the first answer
   of a fresh engine without warm-up;
3. the pace: the espeak-ng rate that takes as long as the neural voice at its own
   pace (length scale 1), the figure behind voice/neural_tts.py's NATURAL_WPM.

    .venv/bin/python bench/neural_voice.py [--count 100] [--latency 40] [--threads 1]
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import time
import wave
from pathlib import Path

import jiwer
from num2words import num2words

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.bank.money import format_money  # noqa: E402
from bench.chat_latency import machine, percentile  # noqa: E402
from bench.speech import PAYEES  # noqa: E402
from voice.asr import build_recognizer  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.neural_tts import (  # noqa: E402
    NATURAL_WPM,
    PACKAGED_SHA256,
    NeuralSpeaker,
    TextToSpeech,
    packaged_model,
)
from voice.settings import VoiceSettings  # noqa: E402
from voice.spoken import sentences as spoken_sentences  # noqa: E402
from voice.transcript import Recognizer  # noqa: E402
from voice.tts import Speaker, SpeechProfile  # noqa: E402
from voice.vocabulary import spoken  # noqa: E402

# Reply texts as the actions write them (actions/accounts, money, cards, places), with
# the values they fill in. Each one's buttons, where it has them, are read as choices.
TEMPLATES = [
    ("Your Current account ending {last4} has {amount}.", []),
    ("Your Savings account ending {last4} has {amount}.", []),
    ("Done. I sent {amount} to {payee}.", []),
    ("Done. I moved {amount} to your Savings account.", []),
    ("I have not sent the {amount} to {payee}.", []),
    ("Your {payee} bill is {amount}. It is due on {day}.", []),
    ("No, not yet. Your {payee} bill of {amount} is due on {day}.", []),
    (
        "Please check this payment.\nPay {amount} to {payee}.\n"
        "The money comes from your Current account ending {last4}.",
        ["Yes, send it", "No, stop"],
    ),
    ("I found it: {day}, {payee}, {amount}.", []),
    ("Your Current account has only {amount}, so I cannot send that.", []),
    ("Done. Your card ending {last4} is frozen. No one can pay with it now.", []),
    ("Done. Your card ending {last4} works again.", []),
    ("Shall I freeze your card ending {last4} now?", ["Yes, freeze it", "No"]),
    ("I have stopped your card ending {last4}. A new one is coming.", []),
    ("Your payment of {amount} to {payee} is still waiting for your yes.", []),
    ("Did you mean {amount}? Or say the amount again, please.", []),
    ("It pays from your account ending {last4}. The code works until {day}.", []),
    ("Yes. On {weekday}, the Riverside branch is open from nine to five.", []),
    ("Okay. I have not sent anything to {payee}.", []),
    ("You spent {amount} on groceries since {day}.", []),
]
AMOUNTS = [
    25000, 1450, 4000, 725050, 99, 1200000, 1999, 30000, 8075, 14000,
    5050, 250, 61234, 1700, 90000, 3333, 45012, 100, 128800, 7010,
]  # fmt: skip
DAYS = [
    "Tuesday 3 November", "Friday 21 August", "Monday 1 December", "Sunday 12 April",
    "Wednesday 30 September", "Thursday 15 January", "Saturday 2 May",
]  # fmt: skip
LAST4 = ["4821", "7730", "0912", "5566", "3048"]


def reply_sentences(count: int) -> list[list[str]]:
    """`count` answers, each one message shaped into sentences by voice/spoken.py."""
    answers = []
    for i in range(count):
        text, buttons = TEMPLATES[i % len(TEMPLATES)]
        day = DAYS[i % len(DAYS)]
        filled = text.format(
            amount=format_money(AMOUNTS[i % len(AMOUNTS)], "USD"),
            payee=PAYEES[i % len(PAYEES)],
            day=day,
            weekday=day.split()[0],
            last4=LAST4[i % len(LAST4)],
        )
        message = {"text": filled, "buttons": [{"title": b} for b in buttons]}
        answers.append(spoken_sentences([message], "USD"))
    return answers


_MONEY = re.compile(r"\$\s?(\d[\d,]*)(?:\.(\d\d))?")
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")


def words(text: str) -> str:
    """Text as spoken words, whoever wrote it: Whisper's "$7,250.50" and "the 15th" are
    "seven thousand two hundred and fifty dollars and fifty cents" and "the fifteenth",
    as voice/spoken.py says them; no capitals, commas or hyphens."""

    def money(match: re.Match[str]) -> str:
        dollars, cents = int(match.group(1).replace(",", "")), int(match.group(2) or 0)
        said = [f"{num2words(n)} {unit}{'s' if n != 1 else ''}" for n, unit in
                ((dollars, "dollar"), (cents, "cent")) if n]  # fmt: skip
        return " and ".join(said) or "zero dollars"

    text = _MONEY.sub(money, text)
    text = _ORDINAL.sub(lambda match: num2words(int(match.group(1)), to="ordinal"), text)
    return spoken(re.sub(r"(?<=\d),(?=\d{3})", "", text))


def seconds(wav: bytes) -> float:
    with wave.open(io.BytesIO(wav)) as reader:
        return reader.getnframes() / reader.getframerate()


def intelligibility(
    name: str, engine: TextToSpeech, whisper: Recognizer, answers: list[list[str]], show: bool
) -> float:
    """Whisper's word error rate on the engine's speech of each answer."""
    references, heard = [], []
    for answer in answers:
        pcm = to_pcm16k(engine.speak(answer, SpeechProfile()), max_seconds=60).data
        transcript = whisper.transcribe(pcm).text
        references.append(words(" ".join(answer)))
        heard.append(words(transcript))
        if show and references[-1] != heard[-1]:
            print(f"  {name}: {answer!r}\n    heard {transcript!r}")
    return jiwer.wer(references, heard)


def first_audio(engine: TextToSpeech, answers: list[list[str]]) -> tuple[list[float], list[float]]:
    """Milliseconds from asking for each answer to its WAV, and of this process's CPU time
    in that (what the wall time would be on an idle core, for an engine in this process)."""
    times, cpu = [], []
    for answer in answers:
        started, used = time.perf_counter(), time.process_time()
        engine.speak(answer, SpeechProfile())
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return times, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100, help="answers for the word error rate")
    parser.add_argument("--latency", type=int, default=40, help="one-sentence answers timed")
    parser.add_argument("--threads", type=int, default=1, help="ONNX Runtime threads of Piper")
    parser.add_argument("--show", action="store_true", help="print each answer misheard")
    parser.add_argument("--skip", nargs="*", default=[], choices=["wer", "latency", "pace"])
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    model = packaged_model()
    if model is None:
        sys.exit("The neural voice is not installed: make install (requirements-speech.lock).")
    profile = SpeechProfile()
    pause = VoiceSettings().sentence_pause_ms
    engines = {
        "piper joe medium": NeuralSpeaker(model, pause, PACKAGED_SHA256, threads=args.threads),
        "espeak-ng": Speaker(pause_ms=pause),
    }
    answers = reply_sentences(args.count)
    one_sentence = [a for a in reply_sentences(200) if len(a) == 1][: args.latency]
    try:
        if "pace" not in args.skip:
            neutral = NeuralSpeaker(model, pause, threads=args.threads)
            # At rate NATURAL_WPM the length scale is 1: the voice's own pace.
            ratios = []
            for answer in answers[:40]:
                own = seconds(neutral.speak(answer, SpeechProfile(rate_wpm=NATURAL_WPM)))
                espeak = seconds(engines["espeak-ng"].speak(answer, SpeechProfile(150)))
                ratios.append(150 * espeak / own)
            print(
                f"Pace: joe at its own pace (length scale 1) takes as long as espeak-ng at "
                f"{statistics.median(ratios):.0f} wpm (median of {len(ratios)} answers)"
            )
        if "latency" not in args.skip:
            print(f"\nTime to first audio, {len(one_sentence)} one-sentence answers, warmed:")
            print(
                "| engine | first answer, no warm-up | first answer after warm-up | p50 | p95 "
                "| CPU time p50, p95 | audio per answer | load average |"
            )
            print("| --- | --- | --- | --- | --- | --- | --- | --- |")
            for name, engine in engines.items():
                fresh = first_audio(engine, one_sentence[:1])[0]
                engine.close()
                engine.warm_up()
                times, cpu = first_audio(engine, one_sentence)
                audio = statistics.mean(seconds(engine.speak(a, profile)) for a in one_sentence)
                in_process = isinstance(engine, NeuralSpeaker)
                used = (
                    f"{percentile(cpu, 50):.0f} ms, {percentile(cpu, 95):.0f} ms"
                    if in_process
                    else "(in its worker)"
                )
                print(
                    f"| {name} | {fresh[0]:.0f} ms | {times[0]:.0f} ms | "
                    f"{percentile(times, 50):.0f} ms | "
                    f"{percentile(times, 95):.0f} ms | {used} | {audio:.2f} s | "
                    f"{os.getloadavg()[0]:.1f} |"
                )
        if "wer" not in args.skip:
            whisper = build_recognizer(VoiceSettings(engine="whisper"), PAYEES)
            print(f"\nIntelligibility: Whisper tiny.en as deployed on {len(answers)} answers:")
            print("| engine | word error rate |")
            print("| --- | --- |")
            for name, engine in engines.items():
                wer = intelligibility(name, engine, whisper, answers, args.show)
                print(f"| {name} | {wer:.1%} |")
    finally:
        for engine in engines.values():
            engine.close()


if __name__ == "__main__":
    main()
