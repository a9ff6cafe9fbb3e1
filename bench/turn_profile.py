"""Where a text turn's time goes: every server sampled by py-spy while customers talk.

Starts the real assistant on loopback with a throwaway database, sends the chat benchmark's mix
of messages one at a time through /api/chat, and meanwhile samples the web app, the Rasa server
and the action server with py-spy (a sampling profiler that attaches from outside: the servers
run unchanged). Each sample's stack is put in the first part of a turn that it shows, and the
table gives each part's CPU time per turn. Waiting (for the network, another server or the
database) is not CPU time and is left out.

    .venv/bin/python bench/turn_profile.py [--seconds 40]

Needs py-spy (a development dependency) and the right to attach to one's own processes (root,
or kernel.yama.ptrace_scope 0).
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.app_settings import AppSettings  # noqa: E402
from assistant.cli import init_database  # noqa: E402
from assistant.stack import Stack  # noqa: E402
from bench.chat_latency import AS_IN_PRODUCTION, MIX, machine, percentile  # noqa: E402
from tests.helpers import runtime_env  # noqa: E402

# (server, part of a turn, frames that mark it): the first match from the top of this list wins.
PARTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("rasa", "NLU: sentence embedding (MiniLM)", ("nlu/minilm.py",)),
    ("rasa", "NLU: rest of the pipeline", ("_parse_message_with_graph",)),
    ("rasa", "tracker load", ("get_or_create_tracker", "fetch_tracker_and_update_session")),
    ("rasa", "tracker save", ("save_tracker",)),
    ("rasa", "action reply checks", ("_validate_action_result",)),
    ("rasa", "action calls (HTTP to the action server)", ("rasa/utils/endpoints.py",)),
    ("rasa", "policies (RulePolicy)", ("predict_next_with_tracker",)),
    ("rasa", "forms and other actions", ("_run_action",)),
    ("rasa", "signed channel and HTTP handling", ("",)),
    ("actions", "database queries", ("sqlalchemy/",)),
    ("actions", "wording the answers (Babel, num2words)", ("babel/", "num2words/")),
    ("actions", "actions' own code", ("(actions/", "(assistant/", "(lessons/")),
    ("actions", "rasa-sdk and HTTP handling", ("",)),
    ("web", "log-in check and database", ("sqlalchemy/", "argon2")),
    ("web", "signing and calling Rasa", ("rasa_gateway.py",)),
    ("web", "Flask, waitress, JSON", ("",)),
]


def sample(pid: int, seconds: int, out: Path) -> subprocess.Popen[bytes]:
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return subprocess.Popen(
        [py_spy, "record", "-p", str(pid), "-d", str(seconds), "-r", "250", "-f", "raw",
         "-o", str(out)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the kernel counted for a process (/proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def breakdown(server: str, raw: Path) -> collections.Counter[str]:
    """Samples of one server, counted by the part of a turn their stack shows."""
    counts: collections.Counter[str] = collections.Counter()
    parts = [(part, marks) for s, part, marks in PARTS if s == server]
    for line in raw.read_text().splitlines():
        stack, _, number = line.rpartition(" ")
        if not stack.strip():
            continue  # idle
        for part, marks in parts:
            if any(mark in stack for mark in marks):
                counts[part] += int(number)
                break
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="copy py-spy's raw samples to this folder")
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    work = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    env = {
        **os.environ,
        **runtime_env(f"sqlite:///{work / 'bank.db'}", RASA_ENDPOINTS=str(work / "e.yml")),
        **AS_IN_PRODUCTION,
    }
    settings = AppSettings.from_env(env)
    init_database(settings, demo=True)
    stack = Stack(settings.runtime, env, work / "logs")
    stack.start(timeout=300)
    try:
        web = f"http://127.0.0.1:{settings.runtime.web_port}"
        token = requests.post(
            f"{web}/api/login", json={"customer_id": "demo", "pin": "1234"}, timeout=30
        ).json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for message in MIX:  # warm-up
            requests.post(f"{web}/api/chat", json={"message": message}, headers=headers, timeout=60)
        samplers = {
            name: sample(stack.child(name).process.pid, args.seconds, work / f"{name}.txt")
            for name in ("web", "rasa", "actions")
        }
        time.sleep(1)
        pids = {name: stack.child(name).process.pid for name in ("web", "rasa", "actions")}
        cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
        latencies = []
        stop_at = time.monotonic() + args.seconds - 3
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            message = MIX[len(latencies) % len(MIX)]
            requests.post(f"{web}/api/chat", json={"message": message}, headers=headers, timeout=60)
            latencies.append((time.perf_counter() - started) * 1000)
        cpu_used = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
        for sampler in samplers.values():
            sampler.wait()
        turns = len(latencies)
        print(
            f"{turns} turns one at a time: p50 {percentile(latencies, 50):.0f} ms, "
            f"p95 {percentile(latencies, 95):.0f} ms"
        )
        print(f"{'server':<8} {'part of a turn':<44} {'CPU ms/turn':>11} {'share':>6}")
        for name in ("web", "rasa", "actions"):
            counts = breakdown(name, work / f"{name}.txt")
            total = sum(counts.values())
            for part, count in counts.most_common():
                ms = count * 4 / turns  # 250 samples a second: 4 ms each
                print(f"{name:<8} {part:<44} {ms:>11.1f} {count / total:>6.0%}")
            print(f"{name:<8} {'all (py-spy samples)':<44} {total * 4 / turns:>11.1f}")
        print("CPU ms/turn as the kernel counts it (py-spy's samples include some waiting):")
        for name, seconds in cpu_used.items():
            print(f"{name:<8} {seconds * 1000 / turns:>8.1f}")
        print(f"{'total':<8} {sum(cpu_used.values()) * 1000 / turns:>8.1f}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in samplers:
                shutil.copy(work / f"{name}.txt", args.keep / f"{name}.txt")
    finally:
        stack.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
