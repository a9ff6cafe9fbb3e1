"""Print a real conversation with the assistant, for README's sample.

Starts the assistant on free ports with a fresh demo database, talks to it
through /api/chat as Mary Chen (demo / 1234) and prints both sides.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.cli import init_database  # noqa: E402
from assistant.runtime import RuntimeSettings  # noqa: E402
from assistant.stack import Stack  # noqa: E402
from tests.helpers import runtime_env  # noqa: E402

SCRIPT = [
    "hello",
    "what is my balance",
    "how much did I spend on groceries last month",
    "I want to send money to my daughter",
    "fifty dollars",
    "/affirm",
    "what bills do I have",
    "thank you, goodbye",
]


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="sample-"))
    env = {**os.environ, **runtime_env(f"sqlite:///{work / 'bank.db'}",
                                       RASA_ENDPOINTS=str(work / "e.yml"))}  # fmt: skip
    settings = RuntimeSettings.from_env(env)
    init_database(settings.bank)
    stack = Stack(settings, env, work / "logs")
    stack.start()
    web = f"http://127.0.0.1:{settings.web_port}"
    try:
        token = requests.post(
            f"{web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
        ).json()["token"]
        for message in SCRIPT:
            shown = "(presses 'Yes, send it')" if message == "/affirm" else message
            print(f"Mary: {shown}")
            reply = requests.post(
                f"{web}/api/chat", json={"message": message},
                headers={"Authorization": f"Bearer {token}"}, timeout=60,
            ).json()  # fmt: skip
            for response in reply["responses"]:
                print("Assistant: " + response["text"].replace("\n", "\n           "))
                if response.get("buttons"):
                    titles = " | ".join(b["title"] for b in response["buttons"])
                    print(f"           [{titles}]")
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
