"""`assistant run` (what `make run` starts): prints its URLs, serves, stops cleanly,
and adds the demo log-ins only when told to with --demo."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from assistant.settings import PROJECT_ROOT
from tests.helpers import runtime_env

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("demo", [False, True], ids=["production", "demo"])
def test_run_prints_urls_serves_and_stops_every_child_on_sigterm(tmp_path, demo):
    env = {
        **os.environ,
        **runtime_env(f"sqlite:///{tmp_path / 'bank.db'}", RASA_ENDPOINTS=str(tmp_path / "e.yml")),
    }
    web = f"http://127.0.0.1:{env['WEB_PORT']}"
    process = subprocess.Popen(
        [sys.executable, "-m", "assistant.cli", "run", *(["--demo"] if demo else [])],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines = []
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Press Ctrl-C to stop." in line:
                break
        output = "".join(lines)
        assert f"Chat in your browser:  {web}/" in output, output[-2000:]
        assert ("DEMO LOG-INS ARE ACTIVE" in output) is demo, output[-2000:]
        health = requests.get(f"{web}/healthz", timeout=5).json()
        assert health["status"] == "ok"
        loaded_by = time.monotonic() + 120  # the speech model loads at start, in the background
        while health["speech_recognition"] == "not loaded yet" and time.monotonic() < loaded_by:
            time.sleep(0.5)
            health = requests.get(f"{web}/healthz", timeout=5).json()
        assert health["speech_recognition"] == "whisper tiny.en", "the live engine is reported"
        # The published demo log-ins work only in a demo: an attacker who read README
        # can neither log in as Mary nor publish lessons as the demo reviewer.
        customer = requests.post(
            f"{web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
        )
        staff = requests.post(
            f"{web}/api/educator/login",
            json={"user": "editor", "password": "check-then-publish"},
            timeout=30,
        )
        assert (customer.status_code, staff.status_code) == ((200, 200) if demo else (401, 401))
        children = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True
        ).stdout.split()
        assert len(children) == 3
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    for pid in children:
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().split()[2] == "Z", f"child {pid} still runs"
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{web}/healthz", timeout=5)
