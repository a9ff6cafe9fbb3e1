"""Load benchmark: N concurrent customers holding real conversations.

Starts the real assistant on free loopback ports with a throwaway database.
For each level N, N logged-in customers (threads) talk through /api/chat for
--duration seconds, each waiting for its answer before the next message. A
conversation lasts --turns turns (a log-in session), then the customer logs
in again, as people do; Rasa reads a whole conversation on every turn, so
endless conversations would measure something no customer does.
Reports throughput, p50/p95/p99 latency, errors, and lost messages (messages
sent minus user events stored in Rasa's tracker store), then the largest N
whose p95 stays under 800 ms with no errors and nothing lost.

    .venv/bin/python bench/load.py [--levels 1,2,4,8,16] [--duration 60]

With --think SECONDS it measures realistic customers instead: each reads and thinks for a
time drawn around SECONDS (normal, sd a quarter of it, at least a second) before every
message, logs in at a random moment of the first --ramp seconds, and holds short
conversations of mixed skills (balance, history, bills, a transfer read-back, branches,
lessons, help) before logging in again. --rasa-workers 1,2 repeats every level with one and
then two Rasa processes (on PostgreSQL and Redis, started for the run) in the same run.

    .venv/bin/python bench/load.py --think 8 --levels 50,100,150,200 --duration 120
    .venv/bin/python bench/load.py --levels 4,8,16 --rasa-workers 1,2
"""

from __future__ import annotations

import argparse
import contextlib
import random
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app_settings import AppSettings  # noqa: E402
from assistant.bank.auth import token_hash  # noqa: E402
from bench.chat_latency import AS_IN_PRODUCTION, MIX, machine, percentile  # noqa: E402
from tests.helpers import throwaway_assistant  # noqa: E402

CUSTOMERS = [("demo", "1234"), ("robert", "2468"), ("li", "1357")]
TARGET_P95_MS = 800
# Short conversations of mixed skills, as a customer holds them between two log-ins.
CONVERSATIONS = [
    ["hello", "what is my balance", "thank you"],
    ["how much did I spend on groceries last month", "and the month before that"],
    ["what bills do I have", "no thanks"],
    ["send 5 dollars to my daughter", "no"],
    ["where is the nearest branch", "Springfield", "thanks, goodbye"],
    ["tell me about time deposits", "what can you do"],
    ["teach me about scams", "next", "stop"],
    ["what is my balance", "show me my last payments", "goodbye"],
]


def chat_turn(web: str, token: str, message: str) -> tuple[bool, float]:
    """Send one message; whether it was answered, and how long it took in ms."""
    started = time.perf_counter()
    try:
        reply = requests.post(
            f"{web}/api/chat", json={"message": message},
            headers={"Authorization": f"Bearer {token}"}, timeout=60,
        )  # fmt: skip
        ok = reply.status_code == 200 and bool(reply.json().get("responses"))
    except requests.RequestException:
        ok = False
    return ok, (time.perf_counter() - started) * 1000


def run_level(
    web: str, engine, n: int, duration: float, conversation_turns: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    sent: dict[str, int] = {}
    lock = threading.Lock()
    stop_at = time.monotonic() + duration

    def login(who: str, pin: str) -> str:
        reply = requests.post(f"{web}/api/login", json={"customer_id": who, "pin": pin}, timeout=30)
        return reply.json()["token"]

    def customer(index: int) -> None:
        nonlocal errors
        who, pin = CUSTOMERS[index % len(CUSTOMERS)]
        token = login(who, pin)
        count, turn = 0, index
        while time.monotonic() < stop_at:
            if count == conversation_turns:
                with lock:
                    sent[token] = count
                token, count = login(who, pin), 0
            message = MIX[turn % len(MIX)]
            turn += 1
            ok, elapsed = chat_turn(web, token, message)
            count += 1
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1
        with lock:
            sent[token] = count

    threads = [threading.Thread(target=customer, args=(i,)) for i in range(n)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    stored = stored_user_turns(engine, sent)
    total = sum(sent.values())
    return {
        "n": n, "turns": total, "throughput": total / wall, "errors": errors,
        "lost": total - stored, "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95), "p99": percentile(latencies, 99),
    }  # fmt: skip


def run_realistic_level(
    web: str, engine, n: int, duration: float, think: float, ramp: float
) -> dict[str, float]:
    """N customers who think about `think` seconds before each message, for `duration` s."""
    latencies: list[float] = []
    errors = 0
    sent: dict[str, int] = {}
    lock = threading.Lock()
    begin = time.monotonic()
    stop_at = begin + ramp + duration

    def pause(rng: random.Random) -> None:
        time.sleep(max(1.0, rng.gauss(think, think / 4)))

    def customer(index: int) -> None:
        nonlocal errors
        rng = random.Random(index)
        who, pin = CUSTOMERS[index % len(CUSTOMERS)]
        time.sleep(rng.uniform(0, ramp))
        while time.monotonic() < stop_at:
            token = requests.post(
                f"{web}/api/login", json={"customer_id": who, "pin": pin}, timeout=60
            ).json()["token"]
            count = 0
            for message in rng.choice(CONVERSATIONS):
                pause(rng)
                if time.monotonic() >= stop_at:
                    break
                ok, elapsed = chat_turn(web, token, message)
                count += 1
                with lock:
                    if time.monotonic() - begin > ramp:  # measure once everyone is in
                        latencies.append(elapsed)
                    errors += 0 if ok else 1
            with lock:
                sent[token] = count

    threads = [threading.Thread(target=customer, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(sent.values())
    return {
        "n": n, "turns": total, "throughput": total / (time.monotonic() - begin),
        "errors": errors, "lost": total - stored_user_turns(engine, sent),
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
    }  # fmt: skip


def stored_user_turns(engine, sent: dict[str, int]) -> int:
    """Customer messages that Rasa's tracker store holds for these log-ins."""
    stored = 0
    with engine.connect() as connection:
        for token in sent:
            sender = connection.execute(
                text("SELECT sender_id FROM web_sessions WHERE token_hash = :h"),
                {"h": token_hash(token)},
            ).scalar()
            stored += connection.execute(
                text("SELECT count(*) FROM events WHERE sender_id = :s AND type_name = 'user'"),
                {"s": sender},
            ).scalar()
    return stored


@contextlib.contextmanager
def assistant(rasa_workers: int) -> Iterator[AppSettings]:
    """The assistant on loopback: SQLite for one Rasa process; PostgreSQL and Redis for more."""
    extra = {
        "LOGIN_RATE_LIMIT": "100000/minute",
        "RASA_WORKERS": str(rasa_workers),
        **AS_IN_PRODUCTION,
    }
    if rasa_workers == 1:
        with throwaway_assistant("bench-load-", **extra) as settings:
            yield settings
        return
    from tests.postgres import postgres_server
    from tests.redis_server import redis_server

    with (
        postgres_server() as database_url,
        redis_server() as redis_url,
        throwaway_assistant(
            "bench-load-", DATABASE_URL=database_url, REDIS_URL=redis_url, **extra
        ) as settings,
    ):
        yield settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--levels", default="1,2,4,8,16")
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--turns", type=int, default=20, help="turns per conversation")
    parser.add_argument("--think", type=float, default=0.0, help="seconds between messages")
    parser.add_argument("--ramp", type=float, default=30.0, help="log-ins spread over (s)")
    parser.add_argument("--rasa-workers", default="1", help="e.g. 1,2 to compare")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    mode = f"think time about {args.think:.0f} s" if args.think else "no think time"
    for workers in (int(w) for w in args.rasa_workers.split(",")):
        print(f"\nRasa processes: {workers}; {mode}; {args.duration:.0f} s a level")
        print(f"{'N':>4} {'turns':>6} {'turns/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
              f"{'errors':>6} {'lost':>5}")  # fmt: skip
        results = []
        with assistant(workers) as settings:
            engine = create_engine(settings.bank.database_url)
            web = f"http://127.0.0.1:{settings.runtime.web_port}"
            try:
                for n in (int(x) for x in args.levels.split(",")):
                    if args.think:
                        r = run_realistic_level(
                            web, engine, n, args.duration, args.think, args.ramp
                        )
                    else:
                        r = run_level(web, engine, n, args.duration, args.turns)
                    results.append(r)
                    print(
                        f"{r['n']:>4} {r['turns']:>6} {r['throughput']:>8.1f} {r['p50']:>7.0f} "
                        f"{r['p95']:>7.0f} {r['p99']:>7.0f} {r['errors']:>6} {r['lost']:>5}",
                        flush=True,
                    )
            finally:
                engine.dispose()
        good = [
            r["n"]
            for r in results
            if r["p95"] < TARGET_P95_MS and not r["errors"] and not r["lost"]
        ]
        best = max(good) if good else "none of the levels tried"
        print(f"Largest N with p95 < {TARGET_P95_MS} ms, no errors, nothing lost: {best}")
        print(f"Most turns a second at any level: {max(r['throughput'] for r in results):.1f}")


if __name__ == "__main__":
    main()
