"""Rasa started as a Kubernetes pod starts it: its two secrets only, and no HTTP API.

The real `python -m assistant.engine.server` with the trained model, on loopback.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests

from assistant.engine.server import SECRETS
from assistant.settings import PROJECT_ROOT
from tests.helpers import free_port

pytestmark = [pytest.mark.e2e, pytest.mark.model]

MODEL = PROJECT_ROOT / "models" / "bank.tar.gz"


def test_rasa_runs_with_its_own_secrets_and_its_http_api_off() -> None:
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make test`, which trains it first.")
    work = Path(tempfile.mkdtemp(prefix="rasa-role-"))
    port = free_port()
    dropped = ("RASA_TOKEN", "ACTION_TOKEN", "GATEWAY_SECRET", "WEB_SECRET_KEY", "RASA_HTTP_API")
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({name: f"test-{name.lower()}" for name in SECRETS})
    env.update(
        RASA_PORT=str(port),
        DATABASE_URL=f"sqlite:///{work / 'bank.db'}",
        RASA_ENDPOINTS=str(work / "endpoints.yml"),
    )
    log = (work / "rasa.log").open("w")
    rasa = subprocess.Popen(
        [sys.executable, "-m", "assistant.engine.server"], env=env, stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert rasa.poll() is None, (work / "rasa.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "Rasa did not start in 4 minutes"
            try:
                if requests.get(f"{base}/webhooks/bank_gateway/", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(1)
        assert requests.get(f"{base}/", timeout=10).status_code == 200, "the liveness probe"
        for path in ("/status", "/version", "/conversations/someone/tracker", "/model/parse"):
            reply = requests.get(f"{base}{path}", params={"token": "anything"}, timeout=10)
            assert reply.status_code in (404, 405), f"{path} answered {reply.status_code}"
    finally:
        rasa.terminate()
        rasa.wait(timeout=30)
        log.close()
