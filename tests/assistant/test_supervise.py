"""Stack.supervise: a stopped server comes back after a back-off; one that keeps dying ends it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from assistant.runtime import RuntimeSettings
from assistant.stack import Child, RestartPolicy, Stack, StackFailed
from tests.helpers import runtime_env

pytestmark = pytest.mark.slow


def stack_of(tmp_path: Path, **programs: str) -> Stack:
    env = runtime_env(f"sqlite:///{tmp_path / 'bank.db'}")
    stack = Stack(RuntimeSettings.from_env(env), env, tmp_path / "logs")
    stack.children = [
        Child(name, [sys.executable, "-c", code], "http://127.0.0.1:1/unused")
        for name, code in programs.items()
    ]
    stack.launch()
    return stack


def test_a_server_that_keeps_dying_ends_the_run_with_its_name(tmp_path: Path) -> None:
    stack = stack_of(tmp_path, steady="import time; time.sleep(60)", flaky="raise SystemExit(3)")
    policy = RestartPolicy(first_delay=0.05, max_delay=0.2, max_restarts=3, window=60)
    started = time.monotonic()
    try:
        with pytest.raises(StackFailed, match="The flaky server stopped 4 times"):
            stack.supervise(stopping=lambda: time.monotonic() - started > 30, policy=policy)
        assert len(stack.child("flaky").restarts) == 3
        assert stack.running() == ["steady"]
    finally:
        stack.stop()


def test_a_server_that_stops_once_is_started_again_and_the_others_are_left_alone(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran-once"
    code = (
        "import pathlib, sys, time\n"
        f"p = pathlib.Path({str(marker)!r})\n"
        "if not p.exists():\n    p.touch(); sys.exit(1)\n"
        "time.sleep(60)\n"
    )
    stack = stack_of(tmp_path, steady="import time; time.sleep(60)", once=code)
    steady_pid = stack.child("steady").process.pid
    policy = RestartPolicy(first_delay=0.1, max_delay=1, max_restarts=3, window=60)
    started = time.monotonic()
    try:
        stack.supervise(stopping=lambda: time.monotonic() - started > 3, policy=policy)
        assert sorted(stack.running()) == ["once", "steady"]
        assert len(stack.child("once").restarts) == 1
        assert stack.child("steady").process.pid == steady_pid
    finally:
        stack.stop()
