"""A real Synapse homeserver for tests: its own venv, SQLite, loopback only.

`make synapse` (run by `make test`) installs it in `.venv-synapse`. Users are
registered through the shared-secret admin API, as an operator would.
"""

from __future__ import annotations

import hashlib
import hmac
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import yaml

from assistant.settings import PROJECT_ROOT
from tests.helpers import free_port

SYNAPSE_PYTHON = PROJECT_ROOT / ".venv-synapse" / "bin" / "python"


@dataclass
class Homeserver:
    url: str
    secret: str
    process: subprocess.Popen

    def register(self, user: str, password: str) -> None:
        """Register a user with the shared secret (Synapse's admin registration API)."""
        endpoint = f"{self.url}/_synapse/admin/v1/register"
        nonce = requests.get(endpoint, timeout=10).json()["nonce"]
        mac = hmac.new(self.secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), user.encode(), password.encode(), b"notadmin"]))
        reply = requests.post(
            endpoint,
            json={"nonce": nonce, "username": user, "password": password, "admin": False,
                  "mac": mac.hexdigest()},
            timeout=30,
        )  # fmt: skip
        reply.raise_for_status()


@contextmanager
def synapse(work: Path) -> Iterator[Homeserver]:
    if not SYNAPSE_PYTHON.exists():
        pytest.fail("Synapse is not installed: run `make synapse` (make test does it).")
    port = free_port()
    config = work / "homeserver.yaml"
    subprocess.run(
        [str(SYNAPSE_PYTHON), "-m", "synapse.app.homeserver", "--server-name", "localhost",
         "--config-path", str(config), "--generate-config", "--report-stats=no",
         "--data-directory", str(work)],
        check=True, capture_output=True, cwd=work,
    )  # fmt: skip
    settings = yaml.safe_load(config.read_text())
    settings["listeners"] = [
        {"port": port, "bind_addresses": ["127.0.0.1"], "type": "http", "tls": False,
         "x_forwarded": False, "resources": [{"names": ["client"], "compress": False}]}
    ]  # fmt: skip
    settings["trusted_key_servers"] = []
    settings["suppress_key_server_warning"] = True
    settings["enable_registration"] = False
    settings.pop("log_config", None)  # log to stdout, which goes to synapse.out
    # The tests talk fast; a real homeserver's rate limits would slow them down.
    fast = {"per_second": 1000, "burst_count": 1000}
    settings["rc_message"] = settings["rc_registration"] = fast
    settings["rc_login"] = {k: fast for k in ("address", "account", "failed_attempts")}
    settings["rc_joins"] = {k: fast for k in ("local", "remote")}
    settings["rc_invites"] = {k: fast for k in ("per_room", "per_user")}
    config.write_text(yaml.safe_dump(settings))
    log = (work / "synapse.out").open("wb")
    process = subprocess.Popen(
        [str(SYNAPSE_PYTHON), "-m", "synapse.app.homeserver", "--config-path", str(config)],
        cwd=work, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"Synapse stopped while starting; see {work / 'synapse.out'}")
            try:
                if requests.get(f"{url}/_matrix/client/versions", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"Synapse did not start in 120 s; see {work / 'synapse.out'}")
            time.sleep(0.5)
        yield Homeserver(url, settings["registration_shared_secret"], process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
