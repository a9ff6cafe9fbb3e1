"""Start, watch and stop the whole assistant: Rasa, the action server, the web app.

`make run` uses this, and so do the end-to-end tests, so that what is tested
is what runs. Every child listens on 127.0.0.1 and gets its secrets through
the environment, never on its command line.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from assistant.errors import ConfigurationError
from assistant.runtime import HOST, RuntimeSettings
from assistant.settings import PROJECT_ROOT

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestartPolicy:
    """How `Stack.supervise` brings back a server that stopped.

    Attributes:
        first_delay: seconds before the first restart of a server.
        max_delay: the longest wait between restarts; each restart doubles the wait up to this.
        max_restarts: restarts of one server allowed within `window` before giving up.
        window: seconds over which restarts are counted.
    """

    first_delay: float = 1.0
    max_delay: float = 30.0
    max_restarts: int = 5
    window: float = 300.0


class StackFailed(RuntimeError):
    """One server kept stopping: the message names it and where its log is."""


@dataclass
class Child:
    name: str
    argv: list[str]
    ready_url: str
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None
    restarts: list[float] = field(default_factory=list)
    restart_at: float | None = None


@dataclass
class Stack:
    """The three servers of the assistant, as child processes."""

    settings: RuntimeSettings
    env: dict[str, str]
    log_dir: Path
    children: list[Child] = field(default_factory=list)

    def __post_init__(self) -> None:
        python = sys.executable
        s = self.settings
        self.children = [
            Child(
                "actions",
                [python, "-m", "assistant.engine.action_server"],
                f"http://{HOST}:{s.action_port}/health",
            ),
            *(
                Child(
                    "rasa" if i == 0 else f"rasa-{i + 1}",
                    [python, "-m", "assistant.engine.server"],
                    f"{url}/webhooks/bank_gateway/",
                    env={"RASA_PORT": str(s.rasa_port + i)},
                )
                for i, url in enumerate(s.rasa_urls)
            ),
            Child("web", [python, "-m", "web.serve"], f"http://{HOST}:{s.web_port}/healthz"),
        ]

    def start(self, timeout: float = 300.0) -> None:
        if not self.settings.model_path.exists():
            raise ConfigurationError(
                f"No trained model at {self.settings.model_path}. Run `make train` first."
            )
        self.launch()
        self.wait_ready(timeout)

    def launch(self) -> None:
        """Start every child without waiting for it to answer."""
        self.log_dir.mkdir(parents=True, exist_ok=True)
        env = {**self.env, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false"}
        env["PYTHONPATH"] = str(PROJECT_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        self._child_env = env
        for child in self.children:
            self._spawn(child)

    def _spawn(self, child: Child) -> None:
        child.log_path = self.log_dir / f"{child.name}.log"
        with open(child.log_path, "ab") as out:
            child.process = subprocess.Popen(
                child.argv, cwd=PROJECT_ROOT, env={**self._child_env, **child.env}, stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self, name: str) -> None:
        """Kill one server at once (SIGKILL), as a crash would."""
        child = self.child(name)
        if child.process is not None and child.process.poll() is None:
            child.process.kill()
            child.process.wait()

    def restart(self, name: str, timeout: float = 240.0) -> None:
        """Stop one server if it runs, start it again and wait until it answers."""
        child = self.child(name)
        if child.process is not None and child.process.poll() is None:
            child.process.terminate()
            child.process.wait(30)
        self._spawn(child)
        self.wait_ready(timeout, [child])

    def wait_ready(self, timeout: float, children: list[Child] | None = None) -> None:
        deadline = time.monotonic() + timeout
        for child in children or self.children:
            while True:
                if child.process is not None and child.process.poll() is not None:
                    raise RuntimeError(
                        f"The {child.name} server stopped while starting; see {child.log_path}."
                    )
                try:
                    if requests.get(child.ready_url, timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"The {child.name} server was not ready in {timeout:.0f} s; "
                        f"see {child.log_path}."
                    )
                time.sleep(0.5)
            log.info("%s is ready", child.name)

    def stop(self, timeout: float = 20.0) -> None:
        for child in reversed(self.children):
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signal.SIGTERM)
        for child in reversed(self.children):
            if child.process is None:
                continue
            try:
                child.process.wait(timeout)
            except subprocess.TimeoutExpired:
                child.process.kill()
                child.process.wait()

    def supervise(
        self, stopping: Callable[[], bool], policy: RestartPolicy = RestartPolicy()
    ) -> None:
        """Keep every server running until `stopping()` is true.

        A server that stops is started again after a back-off that doubles with each
        restart, while the others keep serving (the web app tells customers to try again
        in a moment meanwhile). Raises StackFailed when one server stopped more than
        `policy.max_restarts` times within `policy.window` seconds.
        """
        while not stopping():
            now = time.monotonic()
            for child in self.children:
                self._watch(child, now, policy)
            time.sleep(0.2)

    def _watch(self, child: Child, now: float, policy: RestartPolicy) -> None:
        process = child.process
        if process is not None and process.poll() is None:
            return
        if child.restart_at is None:
            code = process.returncode if process is not None else None
            child.restarts = [t for t in child.restarts if now - t < policy.window]
            if len(child.restarts) >= policy.max_restarts:
                raise StackFailed(
                    f"The {child.name} server stopped {len(child.restarts) + 1} times in "
                    f"{policy.window:.0f} s; giving up. See {child.log_path}."
                )
            delay = min(policy.max_delay, policy.first_delay * 2 ** len(child.restarts))
            child.restart_at = now + delay
            log.warning(
                "The %s server stopped (exit code %s); restarting it in %.0f s.",
                child.name, code, delay,
            )  # fmt: skip
        elif now >= child.restart_at:
            child.restart_at = None
            child.restarts.append(now)
            self._spawn(child)
            log.info("Restarted the %s server (restart %d).", child.name, len(child.restarts))

    def child(self, name: str) -> Child:
        return next(c for c in self.children if c.name == name)

    def running(self) -> list[str]:
        return [c.name for c in self.children if c.process and c.process.poll() is None]
