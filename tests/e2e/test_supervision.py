"""`assistant run` keeps serving when one of its servers dies, and nothing is lost or paid twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select

from assistant.app_settings import AppSettings
from assistant.bank.db import Database
from assistant.bank.models import Account, Transaction
from assistant.cli import init_database
from assistant.settings import PROJECT_ROOT
from tests.helpers import runtime_env

pytestmark = pytest.mark.e2e


class RunCommand:
    """`assistant run` as a child process, its output collected line by line."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = {
            **os.environ,
            **runtime_env(
                f"sqlite:///{tmp_path / 'bank.db'}", RASA_ENDPOINTS=str(tmp_path / "e.yml")
            ),
        }
        self.settings = AppSettings.from_env(self.env)
        init_database(self.settings, demo=True)
        self.web = f"http://127.0.0.1:{self.settings.runtime.web_port}"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "run"],
            cwd=PROJECT_ROOT, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)

    def wait_for(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.output():
            assert self.process.poll() is None, self.output()[-3000:]
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.output()[-3000:]}"
            time.sleep(0.5)

    def child_pid(self, module: str) -> int:
        pids = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        for pid in pids:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if module in cmdline:
                return int(pid)
        raise AssertionError(f"no child runs {module}: {pids}")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


@pytest.fixture
def running(tmp_path: Path) -> Iterator[RunCommand]:
    run = RunCommand(tmp_path)
    try:
        run.wait_for("Press Ctrl-C to stop.", 300)
        yield run
    finally:
        if run.process.poll() is None:
            assert run.stop() == 0


def chat(run: RunCommand, token: str, message: str) -> tuple[int, str]:
    reply = requests.post(
        f"{run.web}/api/chat",
        json={"message": message},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    )
    body = reply.json()
    if reply.status_code == 200:
        return 200, "\n".join(r.get("text", "") for r in body["responses"])
    return reply.status_code, body["error"]


def ledger(run: RunCommand) -> tuple[int, int]:
    db = Database(run.settings.bank.database_url)
    try:
        with db.session() as session:
            balance = session.scalar(
                select(Account.balance_minor).where(
                    Account.customer_id == "demo", Account.kind == "current"
                )
            )
            count = session.scalar(
                select(func.count())
                .select_from(Transaction)
                .where(Transaction.customer_id == "demo")
            )
    finally:
        db.dispose()
    return balance, count


def answered_again(run: RunCommand, token: str, timeout: float) -> float:
    """Ask for the balance until a real answer comes; return how long that took."""
    start = time.monotonic()
    while True:
        status, text = chat(run, token, "what is my balance")
        if status == 200 and "Your Checking account ending 4821 has" in text:
            return time.monotonic() - start
        if status != 200:
            assert "try again" in text, text
        assert time.monotonic() - start < timeout, f"still not answered: {status} {text}"
        time.sleep(1)


def test_crashed_servers_are_restarted_and_the_payment_happens_once(running: RunCommand) -> None:
    reply = requests.post(
        f"{running.web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
    )
    token = reply.json()["token"]
    status, text = chat(running, token, "send 9 dollars to my daughter")
    assert "Pay $9.00 to Alice Wong." in text
    before, count = ledger(running)

    os.kill(running.child_pid("assistant.engine.action_server"), signal.SIGKILL)
    status, text = chat(running, token, "yes")
    assert status == 200 and text.startswith("Sorry"), text
    assert ledger(running) == (before, count)
    running.wait_for("Restarted the actions server", 30)
    took = answered_again(running, token, 90)
    print(f"action server: answered again {took:.1f} s after the restart began")

    status, text = chat(running, token, "send 9 dollars to my daughter")
    assert "Pay $9.00 to Alice Wong." in text
    os.kill(running.child_pid("assistant.engine.server"), signal.SIGKILL)
    status, text = chat(running, token, "yes")
    assert status == 503 and "try again" in text, (status, text)
    running.wait_for("Restarted the rasa server", 30)
    answered_again(running, token, 300)

    status, text = chat(running, token, "send 9 dollars to my daughter")
    assert "Pay $9.00 to Alice Wong." in text
    status, text = chat(running, token, "yes")
    assert "Done. I sent $9.00 to Alice Wong." in text, text
    assert ledger(running) == (before - 900, count + 1)
    assert requests.get(f"{running.web}/healthz", timeout=5).status_code == 200
    assert running.process.poll() is None
