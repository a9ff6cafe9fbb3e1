"""The bank's Matrix bot and a real Synapse homeserver, as fixtures shared by the Matrix tests."""

from __future__ import annotations

import subprocess
import sys

from tests.matrix_server import Homeserver

BOT_PASSWORD = "bot-password-for-tests"  # noqa: S105 - a throwaway test homeserver


class Bot:
    def __init__(self, assistant, homeserver: Homeserver, log_dir) -> None:
        self.env = {
            **assistant.stack.env,
            "MATRIX_HOMESERVER": homeserver.url,
            "MATRIX_USER": "bank",
            "MATRIX_PASSWORD": BOT_PASSWORD,
            "MATRIX_DAILY_HOUR": "0",
        }
        self.log = log_dir / "matrix-bot.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "assistant.cli", "matrix-bot"],
                env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
