"""Benchmark: latency of a text turn through /api/chat, and model training time.

Starts the real assistant (Rasa, action server, web app) on free loopback
ports with a throwaway database, logs in the demo customers and sends a fixed
mix of messages one turn at a time. Prints p50/p95/p99 latency and throughput.
With --train it also times a full `rasa train` (no cache) of this project.

    .venv/bin/python bench/chat_latency.py [--turns 300] [--train] [--long 200]

With --long N it also holds one conversation of N turns and compares the latency of its
first turns with its last ones: conversation length should not matter.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.helpers import throwaway_assistant  # noqa: E402

MIX = [
    "what is my balance",
    "how much did I spend on groceries last month",
    "what bills do I have",
    "send 5 dollars to my daughter",
    "no",
    "where is the nearest branch",
    "Springfield",
    "what can you do",
    "tell me about time deposits",
    "thank you",
]
CUSTOMERS = [("demo", "1234"), ("robert", "2468"), ("li", "1357")]
# The tests make Rasa check its cached dialogue states the slow way too; benchmarks measure
# the assistant as it runs in production.
AS_IN_PRODUCTION = {"BANK_CHECK_STATE_CACHE": "0"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB RAM, Python {platform.python_version()}"
    )


def time_training() -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-train-"))
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "--force", "--out", str(out), "--quiet"],
        cwd=ROOT, env={**env, "RASA_CACHE_DIRECTORY": str(out / "cache")}, check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    shutil.rmtree(out, ignore_errors=True)
    return elapsed


def one_long_conversation(web: str, turns: int) -> list[float]:
    """Latency (ms) of each turn of one log-in's conversation of `turns` turns."""
    token = requests.post(
        f"{web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
    ).json()["token"]
    latencies = []
    for turn in range(turns):
        t0 = time.perf_counter()
        requests.post(
            f"{web}/api/chat", json={"message": MIX[turn % len(MIX)]},
            headers={"Authorization": f"Bearer {token}"}, timeout=60,
        )  # fmt: skip
        latencies.append((time.perf_counter() - t0) * 1000)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--train", action="store_true", help="also time a full model training")
    parser.add_argument("--long", type=int, default=0, help="turns of one long conversation")
    args = parser.parse_args()

    print(f"Machine: {machine()}")
    started = time.perf_counter()
    with throwaway_assistant("bench-chat-", **AS_IN_PRODUCTION) as settings:
        print(f"Start-up of the three servers: {time.perf_counter() - started:.1f} s")
        web = f"http://127.0.0.1:{settings.runtime.web_port}"
        tokens = [
            requests.post(f"{web}/api/login", json={"customer_id": c, "pin": p}, timeout=30).json()[
                "token"
            ]
            for c, p in CUSTOMERS
        ]
        for token in tokens:  # warm-up: first turn loads lazily built parts
            requests.post(f"{web}/api/chat", json={"message": "hello"},
                          headers={"Authorization": f"Bearer {token}"}, timeout=60)  # fmt: skip
        latencies, errors = [], 0
        run_started = time.perf_counter()
        for turn in range(args.turns):
            token = tokens[turn // len(MIX) % len(tokens)]
            message = MIX[turn % len(MIX)]
            t0 = time.perf_counter()
            reply = requests.post(
                f"{web}/api/chat", json={"message": message},
                headers={"Authorization": f"Bearer {token}"}, timeout=60,
            )  # fmt: skip
            latencies.append((time.perf_counter() - t0) * 1000)
            if reply.status_code != 200 or not reply.json().get("responses"):
                errors += 1
        wall = time.perf_counter() - run_started
        long_conversation = one_long_conversation(web, args.long) if args.long else None

    print(f"Text turns through /api/chat: {len(latencies)} (one at a time), errors: {errors}")
    print(
        f"  latency ms: p50 {percentile(latencies, 50):.0f}, p95 {percentile(latencies, 95):.0f}, "
        f"p99 {percentile(latencies, 99):.0f}, mean {statistics.mean(latencies):.0f}, "
        f"max {max(latencies):.0f}"
    )
    print(f"  throughput: {len(latencies) / wall:.1f} turns/s")
    if long_conversation:
        first, last = long_conversation[:20], long_conversation[-20:]
        print(
            f"One conversation of {len(long_conversation)} turns: turns 1-20 median "
            f"{statistics.median(first):.0f} ms, turns {len(long_conversation) - 19}-"
            f"{len(long_conversation)} median {statistics.median(last):.0f} ms "
            f"(ratio {statistics.median(last) / statistics.median(first):.2f})"
        )
    if args.train:
        print(f"Model training (rasa train --force, empty cache): {time_training():.0f} s")


if __name__ == "__main__":
    main()
