"""Print a real conversation with the assistant, for README's sample.

Starts the assistant on free ports with a fresh demo database, talks to it
through /api/chat as Mary Chen (demo / 1234) and prints both sides.
"""

from __future__ import annotations

import sys
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import throwaway_assistant  # noqa: E402

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
    with throwaway_assistant("sample-") as settings:
        web = f"http://127.0.0.1:{settings.web_port}"
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


if __name__ == "__main__":
    main()
