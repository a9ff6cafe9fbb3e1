"""The noises an older customer talks over, made here and mixed in at a chosen SNR.

Four kinds, each made from a seed (the same seed, the same noise) at 16 kHz:

- `tv`: a television in the room: another voice (espeak-ng, British English,
  a woman's variant) reading unrelated text (news, weather, a recipe), over
  a soft tune of held chords with a little vibrato;
- `kitchen`: running water (white noise band-passed around 0.4-5 kHz, its
  level wandering) and clatter: cutlery and crockery knocks at random times,
  each a sharp burst of noise with a few ringing metal tones decaying in it;
- `street`: traffic through a window: brown noise (a low rumble) with
  vehicles passing, each a swell of low-mid noise rising and falling over a
  couple of seconds;
- `fan`: a desk fan or extractor: a steady hum at the blade rate with its
  harmonics, over steady broadband (pink-ish) noise.

`mix(speech, noise, snr_db)` sets the noise so that the speech is `snr_db`
above it. The speech's power is its *active* power: the mean over the 20 ms
frames that hold speech (within 40 dB of the loudest frame, as ITU-T P.56
measures speech level), not diluted by the pauses around and between the
words; the noise's power is its mean over the whole mix. The noise starts
half a second before the speech and runs on half a second after it, as it
would when a microphone is opened in a room with the television on.
"""

from __future__ import annotations

import functools
import subprocess
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import signal

RATE = 16_000
FRAME = RATE // 50  # 20 ms
ACTIVE_RANGE_DB = 40.0
LEAD_SECONDS = 0.5  # noise before the speech, and after it
SNRS = (0, 5, 10, 15)

# What the television says: unrelated to banking, so that its words cannot make
# the customer's request right by chance.
TV_TEXT = (
    "Good evening. Heavy rain is expected across the north tonight, with winds "
    "reaching fifty miles an hour on the coast. In the garden this week, cut back "
    "the roses and lift the dahlias before the first frost. The match ended two all "
    "after a late goal from the visitors. Now, stir the onions until they are soft "
    "and golden, then add the tomatoes and a pinch of salt. Traffic is slow on the "
    "ring road after an earlier accident. Tomorrow will be brighter, with sunny "
    "spells in the afternoon and a light breeze. The museum opens its new gallery "
    "of Roman coins on Saturday. Leave the cake to cool for ten minutes before "
    "turning it out. Coming up after the break: the antiques roadshow visits a "
    "castle by the sea."
)


def _rng(seed: int, kind: str) -> np.random.Generator:
    return np.random.default_rng([seed, sum(kind.encode())])


def _band(noise: np.ndarray, low: float, high: float, order: int = 4) -> np.ndarray:
    sos = signal.butter(order, [low, high], btype="bandpass", fs=RATE, output="sos")
    return signal.sosfilt(sos, noise)


def _lowpass(noise: np.ndarray, cutoff: float, order: int = 4) -> np.ndarray:
    sos = signal.butter(order, cutoff, btype="lowpass", fs=RATE, output="sos")
    return signal.sosfilt(sos, noise)


def _unit(x: np.ndarray) -> np.ndarray:
    """`x` scaled to a mean power of 1 (the level is set later, by `mix`)."""
    power = float(np.mean(x**2))
    return (x / np.sqrt(power)).astype(np.float64) if power > 0 else x.astype(np.float64)


def _wandering(rng: np.random.Generator, n: int, every_s: float, depth: float) -> np.ndarray:
    """A slowly wandering gain around 1 (a new random level every `every_s`, smoothed)."""
    points = max(2, int(n / (RATE * every_s)) + 2)
    levels = 1.0 + depth * rng.uniform(-1, 1, points)
    return np.interp(np.arange(n), np.linspace(0, n, points), levels)


@functools.lru_cache(maxsize=8)
def _tv_voice(start: int) -> np.ndarray:
    """espeak-ng reading `TV_TEXT` from its `start`th sentence on, at 16 kHz (about a minute)."""
    sentences = [s.strip() for s in TV_TEXT.split(".") if s.strip()]
    text = ". ".join(sentences[start:] + sentences[:start]) + "."
    with tempfile.TemporaryDirectory(prefix="tv-") as folder:
        wav = Path(folder) / "tv.wav"
        subprocess.run(
            ["espeak-ng", "-v", "en-gb+f3", "-s", "175", "-p", "60", "-w", str(wav), text],
            check=True,
            capture_output=True,
        )
        with wave.open(str(wav)) as reader:
            rate = reader.getframerate()
            raw = samples(reader.readframes(reader.getnframes()))
    if rate != 22_050:
        raise RuntimeError(f"espeak-ng wrote {rate} Hz; 22050 Hz was expected.")
    # espeak-ng writes 22.05 kHz: 16000 / 22050 = 320 / 441.
    return signal.resample_poly(raw, 320, 441)


def tv(n: int, rng: np.random.Generator) -> np.ndarray:
    sentences = len([s for s in TV_TEXT.split(".") if s.strip()])
    voice = _tv_voice(int(rng.integers(sentences)))
    offset = int(rng.integers(0, max(1, len(voice) - n)))
    speech = np.resize(voice[offset:], n)  # repeats only if the utterance is very long
    t = np.arange(n) / RATE
    chords = ((220.0, 277.2, 329.6), (196.0, 246.9, 293.7), (174.6, 220.0, 261.6))
    music = np.zeros(n)
    beat = int(1.6 * RATE)
    first = int(rng.integers(len(chords)))
    for index, at in enumerate(range(0, n, beat)):
        end = min(n, at + beat)
        span = t[at:end] - t[at]
        envelope = np.minimum(1.0, span / 0.08) * np.exp(-span / 1.2)
        vibrato = 1 + 0.003 * np.sin(2 * np.pi * 5 * span)
        for pitch in chords[(first + index) % len(chords)]:
            for harmonic, weight in ((1, 1.0), (2, 0.4), (3, 0.2)):
                music[at:end] += (
                    weight * envelope * np.sin(2 * np.pi * pitch * harmonic * vibrato * span)
                )
    # The programme's voice on top, its music about 8 dB under it.
    return _unit(_unit(speech) + 0.4 * _unit(music))


def kitchen(n: int, rng: np.random.Generator) -> np.ndarray:
    water = _band(rng.normal(size=n), 400, 5000) * _wandering(rng, n, 0.15, 0.35)
    clatter = np.zeros(n)
    at = int(rng.exponential(0.5) * RATE)
    while at < n:
        length = min(n - at, int(rng.uniform(0.08, 0.35) * RATE))
        span = np.arange(length) / RATE
        decay = np.exp(-span / rng.uniform(0.02, 0.09))
        knock = _band(rng.normal(size=length), 1500, 7000) * decay
        for tone in rng.uniform(1800, 6500, 3):
            knock += 0.6 * np.sin(2 * np.pi * tone * span + rng.uniform(0, 6.3)) * decay
        clatter[at : at + length] += rng.uniform(0.5, 2.0) * knock
        at += length + int(rng.exponential(0.6) * RATE)
    return _unit(_unit(water) + 1.2 * _unit(clatter))


def street(n: int, rng: np.random.Generator) -> np.ndarray:
    brown = np.cumsum(rng.normal(size=n))
    rumble = _band(brown - np.mean(brown), 25, 400, order=2)
    passing = np.zeros(n)
    t = np.arange(n) / RATE
    centre = -rng.uniform(0, 2)
    while centre < n / RATE + 2:
        width = rng.uniform(0.6, 1.4)
        passing += rng.uniform(0.5, 1.5) * np.exp(-(((t - centre) / width) ** 2))
        centre += rng.uniform(1.5, 4.0)
    swell = _band(rng.normal(size=n), 60, 1500) * passing
    return _unit(_unit(rumble) + 0.8 * _unit(swell))


def fan(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / RATE
    blade = rng.uniform(90, 140)  # blade-pass rate, in Hz
    hum = sum(
        weight * np.sin(2 * np.pi * blade * harmonic * t + rng.uniform(0, 6.3))
        for harmonic, weight in ((1, 1.0), (2, 0.5), (3, 0.3), (4, 0.15))
    )
    pink = _lowpass(rng.normal(size=n), 1200, order=1)  # falls about 6 dB an octave
    return _unit(0.7 * _unit(np.asarray(hum)) + _unit(pink))


KINDS: dict[str, Callable[[int, np.random.Generator], np.ndarray]] = {
    "tv": tv,
    "kitchen": kitchen,
    "street": street,
    "fan": fan,
}


def noise(kind: str, samples: int, seed: int) -> np.ndarray:
    """`samples` of noise of `kind` at 16 kHz, mean power 1, the same for the same seed."""
    if kind not in KINDS:
        raise ValueError(f"No noise kind {kind!r}: choose from {', '.join(KINDS)}.")
    return KINDS[kind](samples, _rng(seed, kind))


def active_power(speech: np.ndarray) -> float:
    """Mean power of the 20 ms frames of `speech` within 40 dB of its loudest frame."""
    frames = speech[: len(speech) // FRAME * FRAME].reshape(-1, FRAME)
    if not len(frames):
        return float(np.mean(speech**2)) if len(speech) else 0.0
    powers = np.mean(frames**2, axis=1)
    loudest = float(np.max(powers))
    if loudest <= 0:
        return 0.0
    return float(np.mean(powers[powers >= loudest * 10 ** (-ACTIVE_RANGE_DB / 10)]))


def snr_db(speech: np.ndarray, noise: np.ndarray) -> float:
    """The speech's active power over the noise's mean power, in decibels."""
    return 10 * np.log10(active_power(speech) / float(np.mean(noise**2)))


@dataclass(frozen=True)
class Mix:
    """One noisy recording and what it is made of.

    Attributes:
        pcm: 16 kHz mono 16-bit PCM, the speech with the noise, as a microphone gives it.
        speech: the speech part of `pcm` (float, -1 to 1, the same length).
        noise: the noise part of `pcm`.
    """

    pcm: bytes
    speech: np.ndarray
    noise: np.ndarray


def samples(pcm: bytes) -> np.ndarray:
    """16-bit PCM as floats from -1 to 1."""
    return np.frombuffer(pcm[: len(pcm) - len(pcm) % 2], dtype="<i2").astype(np.float64) / 32768


def mix(speech_pcm: bytes, kind: str, snr: float, seed: int) -> Mix:
    """`speech_pcm` (16 kHz PCM) with noise of `kind` at `snr` dB, the noise starting
    `LEAD_SECONDS` before the speech and running on as long after it.

    Both are scaled down together when the sum would clip, which keeps the SNR.
    """
    lead = np.zeros(int(LEAD_SECONDS * RATE))
    speech = np.concatenate([lead, samples(speech_pcm), lead])
    sound = noise(kind, len(speech), seed)
    sound = sound * np.sqrt(active_power(speech) / 10 ** (snr / 10))
    total = speech + sound
    peak = float(np.max(np.abs(total)))
    if peak > 0.95:
        speech, sound, total = (x * 0.95 / peak for x in (speech, sound, total))
    pcm = np.round(total * 32767).astype("<i2").tobytes()
    return Mix(pcm, speech, sound)
