"""Small helpers for tests that start servers."""

from __future__ import annotations

import socket


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def runtime_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for RuntimeSettings with fresh ports and throwaway secrets."""
    env = {
        "DATABASE_URL": database_url,
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "RASA_TOKEN": "test-rasa-token",
        "GATEWAY_SECRET": "test-gateway-secret",
        "ACTION_TOKEN": "test-action-token",
        "WEB_SECRET_KEY": "test-web-secret",
    }
    env.update(extra)
    return env
